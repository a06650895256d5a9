"""Index each language's practice texts with that language's stemmer, on PostgreSQL.

The texts now have a column per language (`title_fr`, … from 0014). The `search_vector`
trigger of 0007 indexed the base columns in English; it now indexes each language's
columns with its own configuration (`ice_french` … : the built-in `french` … stemmer after
`unaccent`, like `ice_search` for English), keeping the weights: titles A, summaries B,
the four long texts C, names D (cities, organisations, and themes in every language).
The compact `search_rank_vector` keeps titles, summaries and names. A row whose
translated columns are all empty (written by raw SQL) is indexed from its base columns.

The word list for "Did you mean …?" gains the translated texts and theme names, and the
triggers that refresh a practice's vectors also fire on a theme's translated names.
The languages are fixed here, as the columns are in 0014: a new language is a new
migration (core.search.TEXT_SEARCH_CONFIGS says the same for the query side).
"""

from django.db import migrations

#: Language code → (configuration created here, the built-in one it copies).
CONFIGS = {
    "en": ("ice_search", "english"),
    "fr": ("ice_french", "french"),
    "es": ("ice_spanish", "spanish"),
    "de": ("ice_german", "german"),
    "nl": ("ice_dutch", "dutch"),
}
TEXTS = ("title", "summary", "context", "approach", "results", "lessons")
LONG_TEXTS = ("context", "approach", "results", "lessons")
THROUGH_THEMES = "practices_practice_themes"


def _column(text: str, code: str) -> str:
    """The language's column; English falls back to the base column when no language has
    the text (the base column holds the English text, or the first that exists)."""
    if code != "en":
        return f"NEW.{text}_{code}"
    others = ", ".join(f"NEW.{text}_{other}" for other in CONFIGS if other != "en")
    return (
        f"coalesce(nullif(NEW.{text}_en, ''), "
        f"CASE WHEN concat({others}) = '' THEN NEW.{text} END)"
    )


def _vector(texts, code: str) -> str:
    config = CONFIGS[code][0]
    columns = ", ".join(_column(text, code) for text in texts)
    return f"to_tsvector('{config}', concat_ws(' ', {columns}))"


def _weighted(texts, weight: str) -> str:
    parts = " ||\n      ".join(_vector(texts, code) for code in CONFIGS)
    return f"setweight(\n      {parts}, '{weight}')"


def _theme_names() -> str:
    parts = " ||\n      ".join(
        f"to_tsvector('{config}', coalesce(practices_practice_theme_names(NEW.id, '{code}'), ''))"
        for code, (config, _base) in CONFIGS.items()
        if code != "en"  # English theme names are in practices_practice_names (base column)
    )
    return parts


def _theme_names_function() -> str:
    cases = " ".join(f"WHEN '{code}' THEN t.name_{code}" for code in CONFIGS)
    return f"""
CREATE OR REPLACE FUNCTION practices_practice_theme_names(practice_id bigint, language text)
  RETURNS text LANGUAGE sql STABLE AS $$
  SELECT string_agg(CASE $2 {cases} END, ' ') FROM practices_practice_themes pt
    JOIN practices_theme t ON t.id = pt.theme_id WHERE pt.practice_id = $1
$$;
"""


def _configurations() -> str:
    statements = []
    for config, base in CONFIGS.values():
        if config == "ice_search":
            continue  # cities 0003
        statements.append(
            f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{config}') THEN
    CREATE TEXT SEARCH CONFIGURATION {config} (COPY = {base});
    ALTER TEXT SEARCH CONFIGURATION {config}
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {base}_stem;
  END IF;
END
$$;"""
        )
    return "\n".join(statements)


def _every_column(texts) -> list[str]:
    return [*texts, *(f"{text}_{code}" for text in texts for code in CONFIGS)]


def _vector_function() -> str:
    return f"""
CREATE OR REPLACE FUNCTION practices_practice_search_vector() RETURNS trigger AS $$
DECLARE
  title tsvector := {_weighted(["title"], "A")};
  summary tsvector := {_weighted(["summary"], "B")};
  names tsvector := setweight(
      to_tsvector('ice_search',
        coalesce(practices_practice_names(NEW.id, NEW.lead_organisation_id), '')) ||
      {_theme_names()}, 'D');
BEGIN
  NEW.search_vector := title || summary || {_weighted(LONG_TEXTS, "C")} || names;
  NEW.search_rank_vector := title || summary || names;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS practices_practice_search_vector_update ON practices_practice;
CREATE TRIGGER practices_practice_search_vector_update
  BEFORE INSERT OR UPDATE OF {", ".join(_every_column(TEXTS))},
    lead_organisation_id, search_vector
  ON practices_practice FOR EACH ROW EXECUTE FUNCTION practices_practice_search_vector();
"""


def _words_function(columns: list[str]) -> str:
    new = ", ".join(f"p.{column}" for column in columns)
    old = ", ".join(f"o.{column}" for column in columns)
    return f"""
CREATE OR REPLACE FUNCTION practices_practice_collect_words() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO practices_searchword (word)
    SELECT DISTINCT word FROM changed p, LATERAL ice_words(concat_ws(' ', {new})) AS word
    ON CONFLICT (word) DO NOTHING;
  ELSE
    INSERT INTO practices_searchword (word)
    SELECT DISTINCT word FROM changed p JOIN previous o ON o.id = p.id,
      LATERAL ice_words(concat_ws(' ', {new})) AS word
    WHERE ({new}) IS DISTINCT FROM ({old})
    ON CONFLICT (word) DO NOTHING;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""


def _theme_triggers(names: list[str]) -> str:
    new = ", ".join(f"NEW.{name}" for name in names)
    old = ", ".join(f"OLD.{name}" for name in names)
    listed = ", ".join(names)
    return f"""
CREATE OR REPLACE FUNCTION practices_collect_theme_words() RETURNS trigger AS $$
BEGIN
  INSERT INTO practices_searchword (word) SELECT ice_words(concat_ws(' ', {new}))
  ON CONFLICT (word) DO NOTHING;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS practices_theme_search_words ON practices_theme;
CREATE TRIGGER practices_theme_search_words AFTER INSERT OR UPDATE OF {listed}
  ON practices_theme FOR EACH ROW EXECUTE FUNCTION practices_collect_theme_words();

DROP TRIGGER IF EXISTS practices_theme_renamed ON practices_theme;
CREATE TRIGGER practices_theme_renamed AFTER UPDATE OF {listed} ON practices_theme
  FOR EACH ROW WHEN (({old}) IS DISTINCT FROM ({new}))
  EXECUTE FUNCTION practices_theme_renamed();
"""


def _backfill(columns: list[str], theme_names: list[str]) -> str:
    texts = ", ".join(f"p.{column}" for column in columns)
    names = ", ".join(f"t.{name}" for name in theme_names)
    return f"""
UPDATE practices_practice SET search_vector = NULL;
INSERT INTO practices_searchword (word)
  SELECT DISTINCT word FROM practices_practice p, LATERAL ice_words(concat_ws(' ', {texts})) AS word
  UNION SELECT ice_words(concat_ws(' ', {names})) FROM practices_theme t
  ON CONFLICT (word) DO NOTHING;
"""


THEME_NAMES = ["name", *(f"name_{code}" for code in CONFIGS)]

FORWARD = "\n".join(
    [
        _configurations(),
        _theme_names_function(),
        _vector_function(),
        _words_function(_every_column(TEXTS)),
        _theme_triggers(THEME_NAMES),
        _backfill(_every_column(TEXTS), THEME_NAMES),
    ]
)

# 0007's functions and triggers, restored when this migration is reversed.
BACKWARD = f"""
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
{_words_function(list(TEXTS))}
DROP TRIGGER IF EXISTS practices_theme_search_words ON practices_theme;
DROP FUNCTION IF EXISTS practices_collect_theme_words();
CREATE TRIGGER practices_theme_search_words AFTER INSERT OR UPDATE OF name ON practices_theme
  FOR EACH ROW EXECUTE FUNCTION practices_collect_name_words();
DROP TRIGGER IF EXISTS practices_theme_renamed ON practices_theme;
CREATE TRIGGER practices_theme_renamed AFTER UPDATE OF name ON practices_theme
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION practices_theme_renamed();
DROP FUNCTION IF EXISTS practices_practice_theme_names(bigint, text);
UPDATE practices_practice SET search_vector = NULL;
{"".join(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {c};" for c, _b in CONFIGS.values() if c != "ice_search")}
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("practices", "0015_copy_texts_to_english")]

    operations = [migrations.RunPython(forward, backward)]
