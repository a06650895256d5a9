"""Copy each translated text that exists today into its English column, so nothing is lost.

Reversing copies the English columns back into the base ones (keeping an edit made since).
"""

from django.db import migrations
from django.db.models import F
from django.db.models.functions import Coalesce

TEXTS = {
    "city": ["description"],
    "historicalcity": ["description"],
    "organisation": ["description"],
    "historicalorganisation": ["description"],
}


def copy_to_english(apps, schema_editor):
    for model_name, fields in TEXTS.items():
        model = apps.get_model("cities", model_name)
        model._base_manager.update(**{f"{name}_en": F(name) for name in fields})


def copy_back_from_english(apps, schema_editor):
    for model_name, fields in TEXTS.items():
        model = apps.get_model("cities", model_name)
        model._base_manager.update(**{name: Coalesce(F(f"{name}_en"), F(name)) for name in fields})


class Migration(migrations.Migration):

    dependencies = [
        ("cities", "0009_translated_descriptions"),
    ]

    operations = [
        migrations.RunPython(copy_to_english, copy_back_from_english),
    ]
