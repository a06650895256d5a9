"""Weighted practice search on PostgreSQL, current on every write path.

The stored `search_vector` holds title (A), summary (B), the four texts (C) and the
names of the practice's cities, organisations (lead and partners, with acronyms) and
themes (D). `search_rank_vector` holds only title, summary and names: small enough
to stay in the row, so ranking never unpacks the large TOASTed vector.

Triggers keep both current whatever writes: the practice row itself; its cities,
partners and themes (statement triggers on the through tables); a rename of a city,
organisation or theme (the affected practices are refreshed). Refreshing is
`UPDATE ... SET search_vector = NULL`, which the row trigger recomputes.

`practices_searchword` is the catalogue's word list for "Did you mean …?", filled by
triggers from practices' texts and the names of cities, organisations and themes,
with a trigram index.
"""

from django.db import migrations, models

import django.contrib.postgres.search

FORWARD = """
CREATE OR REPLACE FUNCTION practices_practice_names(practice_id bigint, lead_id bigint)
  RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws(' ',
    (SELECT string_agg(c.name, ' ') FROM practices_practice_cities pc
       JOIN cities_city c ON c.id = pc.city_id WHERE pc.practice_id = $1),
    (SELECT concat_ws(' ', o.name, o.acronym) FROM cities_organisation o WHERE o.id = $2),
    (SELECT string_agg(concat_ws(' ', o.name, o.acronym), ' ') FROM practices_practice_partners pp
       JOIN cities_organisation o ON o.id = pp.organisation_id WHERE pp.practice_id = $1),
    (SELECT string_agg(t.name, ' ') FROM practices_practice_themes pt
       JOIN practices_theme t ON t.id = pt.theme_id WHERE pt.practice_id = $1))
$$;

CREATE OR REPLACE FUNCTION practices_practice_search_vector() RETURNS trigger AS $$
DECLARE
  title tsvector := setweight(to_tsvector('ice_search', coalesce(NEW.title, '')), 'A');
  summary tsvector := setweight(to_tsvector('ice_search', coalesce(NEW.summary, '')), 'B');
  names tsvector := setweight(to_tsvector('ice_search',
    coalesce(practices_practice_names(NEW.id, NEW.lead_organisation_id), '')), 'D');
BEGIN
  NEW.search_vector := title || summary ||
    setweight(to_tsvector('ice_search',
      concat_ws(' ', NEW.context, NEW.approach, NEW.results, NEW.lessons)), 'C') || names;
  NEW.search_rank_vector := title || summary || names;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS practices_practice_search_vector_update ON practices_practice;
CREATE TRIGGER practices_practice_search_vector_update
  BEFORE INSERT OR UPDATE OF title, summary, context, approach, results, lessons,
    lead_organisation_id, search_vector
  ON practices_practice FOR EACH ROW EXECUTE FUNCTION practices_practice_search_vector();

CREATE OR REPLACE FUNCTION practices_refresh_changed_practices() RETURNS trigger AS $$
BEGIN
  UPDATE practices_practice SET search_vector = NULL
  WHERE id IN (SELECT practice_id FROM changed);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION practices_city_renamed() RETURNS trigger AS $$
BEGIN
  UPDATE practices_practice SET search_vector = NULL WHERE id IN (
    SELECT practice_id FROM practices_practice_cities WHERE city_id = NEW.id);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER practices_city_renamed AFTER UPDATE OF name ON cities_city
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION practices_city_renamed();

CREATE FUNCTION practices_organisation_renamed() RETURNS trigger AS $$
BEGIN
  UPDATE practices_practice SET search_vector = NULL
  WHERE lead_organisation_id = NEW.id OR id IN (
    SELECT practice_id FROM practices_practice_partners WHERE organisation_id = NEW.id);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER practices_organisation_renamed AFTER UPDATE OF name, acronym
  ON cities_organisation
  FOR EACH ROW WHEN ((OLD.name, OLD.acronym) IS DISTINCT FROM (NEW.name, NEW.acronym))
  EXECUTE FUNCTION practices_organisation_renamed();

CREATE FUNCTION practices_theme_renamed() RETURNS trigger AS $$
BEGIN
  UPDATE practices_practice SET search_vector = NULL WHERE id IN (
    SELECT practice_id FROM practices_practice_themes WHERE theme_id = NEW.id);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER practices_theme_renamed AFTER UPDATE OF name ON practices_theme
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION practices_theme_renamed();

CREATE FUNCTION practices_practice_collect_words() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO practices_searchword (word)
    SELECT DISTINCT word FROM changed p, LATERAL ice_words(concat_ws(' ',
      p.title, p.summary, p.context, p.approach, p.results, p.lessons)) AS word
    ON CONFLICT (word) DO NOTHING;
  ELSE
    INSERT INTO practices_searchword (word)
    SELECT DISTINCT word FROM changed p JOIN previous o ON o.id = p.id,
      LATERAL ice_words(concat_ws(' ',
        p.title, p.summary, p.context, p.approach, p.results, p.lessons)) AS word
    WHERE (p.title, p.summary, p.context, p.approach, p.results, p.lessons)
      IS DISTINCT FROM (o.title, o.summary, o.context, o.approach, o.results, o.lessons)
    ON CONFLICT (word) DO NOTHING;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER practices_practice_words_insert AFTER INSERT ON practices_practice
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION practices_practice_collect_words();
CREATE TRIGGER practices_practice_words_update AFTER UPDATE ON practices_practice
  REFERENCING OLD TABLE AS previous NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION practices_practice_collect_words();

CREATE FUNCTION practices_collect_name_words() RETURNS trigger AS $$
BEGIN
  INSERT INTO practices_searchword (word) SELECT ice_words(NEW.name)
  ON CONFLICT (word) DO NOTHING;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE INDEX practices_practice_search_rank_gin
  ON practices_practice USING gin (search_rank_vector);
CREATE INDEX practices_searchword_trgm ON practices_searchword USING gin (word gin_trgm_ops);
CREATE INDEX practices_practice_title_fold_trgm
  ON practices_practice USING gin (ice_fold(title) gin_trgm_ops);
"""

THROUGH_TABLES = ("practices_practice_cities", "practices_practice_partners", "practices_practice_themes")
NAMED_TABLES = ("cities_city", "cities_organisation", "practices_theme")

BACKFILL = """
-- Keep the compact rank vector in the row: the long texts and the full vector go to
-- TOAST first, so ranking never fetches from it.
ALTER TABLE practices_practice ALTER COLUMN search_rank_vector SET STORAGE MAIN;
UPDATE practices_practice SET search_vector = NULL;
INSERT INTO practices_searchword (word)
  SELECT DISTINCT word FROM practices_practice p, LATERAL ice_words(concat_ws(' ',
    p.title, p.summary, p.context, p.approach, p.results, p.lessons)) AS word
  UNION SELECT ice_words(name) FROM cities_city
  UNION SELECT ice_words(name) FROM cities_organisation
  UNION SELECT ice_words(name) FROM practices_theme
  ON CONFLICT (word) DO NOTHING;
"""

# The previous migration's trigger, restored when this one is reversed.
PREVIOUS_FUNCTION = """
CREATE OR REPLACE FUNCTION practices_practice_search_vector() RETURNS trigger AS $$
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
DROP TRIGGER IF EXISTS practices_practice_search_vector_update ON practices_practice;
CREATE TRIGGER practices_practice_search_vector_update
  BEFORE INSERT OR UPDATE OF title, summary, context, approach, results, lessons
  ON practices_practice FOR EACH ROW EXECUTE FUNCTION practices_practice_search_vector();
UPDATE practices_practice SET title = title;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FORWARD)
    for table in THROUGH_TABLES:
        for event, transition in (("INSERT", "NEW"), ("DELETE", "OLD")):
            schema_editor.execute(
                f"CREATE TRIGGER {table}_search_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {transition} TABLE AS changed FOR EACH STATEMENT "
                "EXECUTE FUNCTION practices_refresh_changed_practices()"
            )
    for table in NAMED_TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_search_words AFTER INSERT OR UPDATE OF name ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION practices_collect_name_words()"
        )
    schema_editor.execute(BACKFILL)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in THROUGH_TABLES:
        for event in ("insert", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_{event} ON {table}")
    for table in NAMED_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_words ON {table}")
    schema_editor.execute(
        """
        DROP TRIGGER IF EXISTS practices_city_renamed ON cities_city;
        DROP TRIGGER IF EXISTS practices_organisation_renamed ON cities_organisation;
        DROP TRIGGER IF EXISTS practices_theme_renamed ON practices_theme;
        DROP TRIGGER IF EXISTS practices_practice_words_insert ON practices_practice;
        DROP TRIGGER IF EXISTS practices_practice_words_update ON practices_practice;
        DROP FUNCTION IF EXISTS practices_city_renamed();
        DROP FUNCTION IF EXISTS practices_organisation_renamed();
        DROP FUNCTION IF EXISTS practices_theme_renamed();
        DROP FUNCTION IF EXISTS practices_practice_collect_words();
        DROP FUNCTION IF EXISTS practices_collect_name_words();
        DROP FUNCTION IF EXISTS practices_refresh_changed_practices();
        DROP INDEX IF EXISTS practices_practice_title_fold_trgm;
        DROP INDEX IF EXISTS practices_practice_search_rank_gin;
        """
    )
    schema_editor.execute(PREVIOUS_FUNCTION)
    schema_editor.execute("DROP FUNCTION IF EXISTS practices_practice_names(bigint, bigint)")


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0003_search_functions"),
        ("practices", "0006_facet_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="practice",
            name="search_rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=40, unique=True, verbose_name="word")),
            ],
            options={
                "verbose_name": "search word",
                "verbose_name_plural": "search words",
                "ordering": ["word"],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
