"""Moving the texts to per-language columns keeps every text that was there."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("practices", "0013_alter_practicedocument_file"), ("cities", "0008_api_tokens_hashed")]
AFTER = [
    ("practices", "0015_copy_texts_to_english"),
    ("cities", "0010_copy_descriptions_to_english"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_texts_become_the_english_ones_and_come_back_when_reversed():
    old = migrate(BEFORE)
    city = old.get_model("cities", "City").objects.create(
        name="Malmö", slug="malmo", country="SE", description="A city in the south of Sweden."
    )
    practice = old.get_model("practices", "Practice").objects.create(
        title="Anti-racism plan", slug="anti-racism-plan", summary="A plan.", lessons="Listen."
    )
    theme = old.get_model("practices", "Theme").objects.create(name="Housing", slug="housing")

    new = migrate(AFTER)

    moved = new.get_model("practices", "Practice").objects.get(pk=practice.pk)
    assert (moved.title_en, moved.summary_en, moved.lessons_en) == (
        "Anti-racism plan",
        "A plan.",
        "Listen.",
    )
    assert moved.title_fr is None
    assert moved.original_language == "en"
    assert new.get_model("practices", "Theme").objects.get(pk=theme.pk).name_en == "Housing"
    moved_city = new.get_model("cities", "City").objects.get(pk=city.pk)
    assert moved_city.description_en == "A city in the south of Sweden."

    new.get_model("practices", "Practice").objects.filter(pk=practice.pk).update(
        title_en="Anti-racism action plan"
    )
    back = migrate(BEFORE)
    assert back.get_model("practices", "Practice").objects.get(pk=practice.pk).title == (
        "Anti-racism action plan"
    )
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
