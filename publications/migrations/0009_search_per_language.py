"""Index each language's publication summary with that language's stemmer, on PostgreSQL.

As practices 0016 does for practices (and with the configurations it creates): the
summary has a column per language since 0006; title and subtitle stay as published.
Weights are kept: title A, subtitle and summaries B, event name C, names D.
"""

from django.db import migrations

#: Language code → configuration (created by practices 0016; English's by cities 0003).
CONFIGS = {
    "en": "ice_search",
    "fr": "ice_french",
    "es": "ice_spanish",
    "de": "ice_german",
    "nl": "ice_dutch",
}


def _summaries() -> str:
    others = ", ".join(f"NEW.summary_{code}" for code in CONFIGS if code != "en")
    english = (
        "coalesce(nullif(NEW.summary_en, ''), "
        f"CASE WHEN concat({others}) = '' THEN NEW.summary END)"
    )
    parts = [f"to_tsvector('ice_search', concat_ws(' ', NEW.subtitle, {english}))"]
    parts += [
        f"to_tsvector('{config}', coalesce(NEW.summary_{code}, ''))"
        for code, config in CONFIGS.items()
        if code != "en"
    ]
    return " ||\n      ".join(parts)


def _function(summaries: str, columns: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION publications_publication_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('ice_search', coalesce(NEW.title, '')), 'A') ||
    setweight(
      {summaries}, 'B') ||
    setweight(to_tsvector('ice_search', coalesce(NEW.event_name, '')), 'C') ||
    setweight(to_tsvector('ice_search', coalesce(publications_publication_names(
      NEW.id, NEW.event_city_id, NEW.publisher_id), '')), 'D');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS publications_publication_search_vector_update ON publications_publication;
CREATE TRIGGER publications_publication_search_vector_update
  BEFORE INSERT OR UPDATE OF title, subtitle, {columns}, event_name, event_city_id,
    publisher_id, search_vector
  ON publications_publication FOR EACH ROW
  EXECUTE FUNCTION publications_publication_search_vector();
UPDATE publications_publication SET search_vector = NULL;
"""


FORWARD = _function(
    _summaries(), ", ".join(["summary", *(f"summary_{code}" for code in CONFIGS)])
)
BACKWARD = _function("to_tsvector('ice_search', concat_ws(' ', NEW.subtitle, NEW.summary))", "summary")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0008_after_translated_texts_and_main"),
        ("practices", "0016_search_per_language"),
    ]

    operations = [migrations.RunPython(forward, backward)]
