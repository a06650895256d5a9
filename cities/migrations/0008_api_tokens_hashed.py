"""Partners' API tokens move from rest_framework.authtoken (keys stored as they are) to
django-rest-knox (only a digest stored): each old key is hashed into a knox token, so
partners keep using the keys they have, and the table of plain keys is dropped.

The migrated tokens expire API_TOKEN_VALID_DAYS from now, as new ones do.
"""

from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone

OLD_TABLE = "authtoken_token"
KEY_PREFIX_LENGTH = 15  # knox.settings.CONSTANTS.TOKEN_KEY_LENGTH: the looked-up part


def hash_old_keys(apps, schema_editor):
    from knox.crypto import hash_token

    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    AuthToken = apps.get_model("knox", "AuthToken")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {OLD_TABLE}")  # noqa: S608
        rows = cursor.fetchall()
    expiry = timezone.now() + timedelta(days=settings.API_TOKEN_VALID_DAYS)
    AuthToken.objects.bulk_create(
        AuthToken(
            digest=hash_token(key),
            token_key=key[:KEY_PREFIX_LENGTH],
            user_id=user_id,
            expiry=expiry,
        )
        for key, user_id, _created in rows
    )
    schema_editor.execute(f"DROP TABLE {OLD_TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0007_history_organisation_status"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [migrations.RunPython(hash_old_keys, migrations.RunPython.noop)]
