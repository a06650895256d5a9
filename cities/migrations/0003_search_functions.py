"""Search building blocks on PostgreSQL, shared by every app's search.

- `unaccent` and `pg_trgm` (IF NOT EXISTS: other features use pg_trgm too);
- `ice_fold(text)`: lower-case and accent-free, IMMUTABLE so indexes may use it
  (SQLite registers a Python function of the same name, see core/search.py);
- `ice_words(text)`: the distinct folded words of a text, for the typo word list;
- the `ice_search` text search configuration: English stemming after unaccent, so
  "Malmo" matches Malmö and "Sao Paulo" matches São Paulo.
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE OR REPLACE FUNCTION ice_fold(text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

CREATE OR REPLACE FUNCTION ice_words(text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
    SELECT DISTINCT word FROM regexp_split_to_table(ice_fold($1), '[^[:alnum:]]+') AS word
    WHERE length(word) BETWEEN 3 AND 40 AND word !~ '^[0-9]+$'
  $$;

-- Name search and suggestions (LIKE and regular expressions on folded names).
CREATE INDEX cities_city_name_fold_trgm ON cities_city USING gin (ice_fold(name) gin_trgm_ops);
CREATE INDEX cities_organisation_name_fold_trgm
  ON cities_organisation USING gin (ice_fold(name) gin_trgm_ops);
CREATE INDEX cities_organisation_acronym_fold_trgm
  ON cities_organisation USING gin (ice_fold(acronym) gin_trgm_ops);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'ice_search') THEN
    CREATE TEXT SEARCH CONFIGURATION ice_search (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION ice_search
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
END
$$;
"""

BACKWARD = """
DROP INDEX IF EXISTS cities_city_name_fold_trgm;
DROP INDEX IF EXISTS cities_organisation_name_fold_trgm;
DROP INDEX IF EXISTS cities_organisation_acronym_fold_trgm;
DROP TEXT SEARCH CONFIGURATION IF EXISTS ice_search;
DROP FUNCTION IF EXISTS ice_words(text);
DROP FUNCTION IF EXISTS ice_fold(text);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("cities", "0002_alter_organisation_kind")]

    operations = [migrations.RunPython(forward, backward)]
