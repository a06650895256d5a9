"""Weighted publication search on PostgreSQL, current on every write path.

Title (A); subtitle and summary (B); event name (C); names of the cities discussed,
the event's city, publisher, partners, themes and authors (D). Kept current by the
row trigger, statement triggers on the through tables and the authors table, and
renames of a city, organisation or theme (see practices' 0006 for the pattern).
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION publications_publication_names(publication_id bigint,
    event_city_id bigint, publisher_id bigint)
  RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws(' ',
    (SELECT string_agg(c.name, ' ') FROM publications_publication_cities pc
       JOIN cities_city c ON c.id = pc.city_id WHERE pc.publication_id = $1),
    (SELECT c.name FROM cities_city c WHERE c.id = $2),
    (SELECT concat_ws(' ', o.name, o.acronym) FROM cities_organisation o WHERE o.id = $3),
    (SELECT string_agg(concat_ws(' ', o.name, o.acronym), ' ')
       FROM publications_publication_partners pp
       JOIN cities_organisation o ON o.id = pp.organisation_id WHERE pp.publication_id = $1),
    (SELECT string_agg(t.name, ' ') FROM publications_publication_themes pt
       JOIN practices_theme t ON t.id = pt.theme_id WHERE pt.publication_id = $1),
    (SELECT string_agg(a.name, ' ') FROM publications_contributor a
       WHERE a.publication_id = $1))
$$;

CREATE OR REPLACE FUNCTION publications_publication_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('ice_search', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('ice_search', concat_ws(' ', NEW.subtitle, NEW.summary)), 'B') ||
    setweight(to_tsvector('ice_search', coalesce(NEW.event_name, '')), 'C') ||
    setweight(to_tsvector('ice_search', coalesce(publications_publication_names(
      NEW.id, NEW.event_city_id, NEW.publisher_id), '')), 'D');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS publications_publication_search_vector_update ON publications_publication;
CREATE TRIGGER publications_publication_search_vector_update
  BEFORE INSERT OR UPDATE OF title, subtitle, summary, event_name, event_city_id,
    publisher_id, search_vector
  ON publications_publication FOR EACH ROW
  EXECUTE FUNCTION publications_publication_search_vector();

CREATE FUNCTION publications_refresh_changed_publications() RETURNS trigger AS $$
BEGIN
  UPDATE publications_publication SET search_vector = NULL
  WHERE id IN (SELECT publication_id FROM changed);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION publications_city_renamed() RETURNS trigger AS $$
BEGIN
  UPDATE publications_publication SET search_vector = NULL
  WHERE event_city_id = NEW.id OR id IN (
    SELECT publication_id FROM publications_publication_cities WHERE city_id = NEW.id);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER publications_city_renamed AFTER UPDATE OF name ON cities_city
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION publications_city_renamed();

CREATE FUNCTION publications_organisation_renamed() RETURNS trigger AS $$
BEGIN
  UPDATE publications_publication SET search_vector = NULL
  WHERE publisher_id = NEW.id OR id IN (
    SELECT publication_id FROM publications_publication_partners
    WHERE organisation_id = NEW.id);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER publications_organisation_renamed AFTER UPDATE OF name, acronym
  ON cities_organisation
  FOR EACH ROW WHEN ((OLD.name, OLD.acronym) IS DISTINCT FROM (NEW.name, NEW.acronym))
  EXECUTE FUNCTION publications_organisation_renamed();

CREATE FUNCTION publications_theme_renamed() RETURNS trigger AS $$
BEGIN
  UPDATE publications_publication SET search_vector = NULL WHERE id IN (
    SELECT publication_id FROM publications_publication_themes WHERE theme_id = NEW.id);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER publications_theme_renamed AFTER UPDATE OF name ON practices_theme
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION publications_theme_renamed();
"""

CHANGED_TABLES = (
    "publications_publication_cities",
    "publications_publication_partners",
    "publications_publication_themes",
    "publications_contributor",
)

PREVIOUS_FUNCTION = """
CREATE OR REPLACE FUNCTION publications_publication_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.subtitle, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS publications_publication_search_vector_update ON publications_publication;
CREATE TRIGGER publications_publication_search_vector_update
  BEFORE INSERT OR UPDATE OF title, subtitle, summary
  ON publications_publication FOR EACH ROW
  EXECUTE FUNCTION publications_publication_search_vector();
UPDATE publications_publication SET title = title;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FORWARD)
    for table in CHANGED_TABLES:
        for event, transition in (("INSERT", "NEW"), ("DELETE", "OLD")):
            schema_editor.execute(
                f"CREATE TRIGGER {table}_search_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {transition} TABLE AS changed FOR EACH STATEMENT "
                "EXECUTE FUNCTION publications_refresh_changed_publications()"
            )
    # An author renamed or moved to another publication.
    schema_editor.execute(
        "CREATE TRIGGER publications_contributor_search_update AFTER UPDATE "
        "ON publications_contributor REFERENCING NEW TABLE AS changed FOR EACH STATEMENT "
        "EXECUTE FUNCTION publications_refresh_changed_publications()"
    )
    schema_editor.execute("UPDATE publications_publication SET search_vector = NULL")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in CHANGED_TABLES:
        for event in ("insert", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_{event} ON {table}")
    schema_editor.execute(
        """
        DROP TRIGGER IF EXISTS publications_contributor_search_update ON publications_contributor;
        DROP TRIGGER IF EXISTS publications_city_renamed ON cities_city;
        DROP TRIGGER IF EXISTS publications_organisation_renamed ON cities_organisation;
        DROP TRIGGER IF EXISTS publications_theme_renamed ON practices_theme;
        DROP FUNCTION IF EXISTS publications_city_renamed();
        DROP FUNCTION IF EXISTS publications_organisation_renamed();
        DROP FUNCTION IF EXISTS publications_theme_renamed();
        DROP FUNCTION IF EXISTS publications_refresh_changed_publications();
        """
    )
    schema_editor.execute(PREVIOUS_FUNCTION)
    schema_editor.execute(
        "DROP FUNCTION IF EXISTS publications_publication_names(bigint, bigint, bigint)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0007_weighted_search"),
        ("publications", "0002_search_vector_trigger"),
    ]

    operations = [migrations.RunPython(forward, backward)]
