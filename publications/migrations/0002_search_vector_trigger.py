"""Keep publications' search vectors current on PostgreSQL (see the practices migration)."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION publications_publication_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.subtitle, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER publications_publication_search_vector_update
  BEFORE INSERT OR UPDATE OF title, subtitle, summary
  ON publications_publication FOR EACH ROW
  EXECUTE FUNCTION publications_publication_search_vector();
CREATE INDEX publications_publication_search_gin
  ON publications_publication USING gin (search_vector);
UPDATE publications_publication SET title = title;
"""

BACKWARD = """
DROP INDEX IF EXISTS publications_publication_search_gin;
DROP TRIGGER IF EXISTS publications_publication_search_vector_update ON publications_publication;
DROP FUNCTION IF EXISTS publications_publication_search_vector();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
