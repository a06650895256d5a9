"""Keep practices' search vectors current on PostgreSQL, whatever writes the row.

A trigger means the admin, the forms, the API and the data loader never have to
remember to refresh the vector. Other databases skip this and search with LIKE.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION practices_practice_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.context, '') || ' ' ||
      coalesce(NEW.approach, '') || ' ' || coalesce(NEW.results, '') || ' ' ||
      coalesce(NEW.lessons, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER practices_practice_search_vector_update
  BEFORE INSERT OR UPDATE OF title, summary, context, approach, results, lessons
  ON practices_practice FOR EACH ROW EXECUTE FUNCTION practices_practice_search_vector();
CREATE INDEX practices_practice_search_gin ON practices_practice USING gin (search_vector);
UPDATE practices_practice SET title = title;
"""

BACKWARD = """
DROP INDEX IF EXISTS practices_practice_search_gin;
DROP TRIGGER IF EXISTS practices_practice_search_vector_update ON practices_practice;
DROP FUNCTION IF EXISTS practices_practice_search_vector();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
