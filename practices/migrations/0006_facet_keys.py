"""PostgreSQL: every practice's filterable terms in one indexed array, kept current by triggers.

`practices_practice.facet_keys` holds one bigint per term a list can filter or count by:
the practice's themes, target groups, cities, the cities' countries and broad regions, its
lead and partner organisations, commitments and their frameworks, each as
`kind << 40 | id` (see practices/facet_keys.py, which reads them). A generated column per
kind (`facet_themes`, `facet_countries`…) holds that kind's keys, with a GIN index each:
filters match them (`facet_themes && ARRAY[...]`), and facet counts unnest only the kinds
they count.

The column is not a model field: nothing in Django writes it. Triggers keep it current on
every write path (admin, forms, API, loaders, bulk COPY):
- a row trigger on practices_practice (a new practice, a changed lead organisation);
- statement-level triggers with transition tables on the link tables, so one COPY of
  300,000 links refreshes each touched practice once;
- statement-level triggers on cities_city (a city's country) and practices_commitment
  (a commitment's framework).
A covering index lets the facet counts of a large set read the index, not the table, and
`practices_facet_total` holds the counts of the whole published catalogue (the unfiltered
list's facets), kept by a statement-level trigger on practices_practice.

SQLite has none of this: lists there filter and count through the link tables.
"""

from django.db import migrations

# UN M49 broad regions, frozen as this migration stores them (cities/regions.py is the
# source; tests/practices/test_facet_keys.py fails if the two ever disagree).
REGIONS = {
    1: "DZ EG LY MA SD TN EH IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW "
    "AO CM CF TD CG CD GQ GA ST BW SZ LS NA ZA BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN "
    "SL TG",
    2: "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI BZ "
    "CR SV GT HN MX NI PA AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE BM CA GL PM US",
    3: "KZ KG TJ TM UZ CN HK MO KP JP MN KR TW BN KH ID LA MY MM PH SG TH TL VN AF BD BT IN IR "
    "MV NP PK LK AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE",
    4: "BY BG CZ HU PL MD RO RU SK UA AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB AL AD BA "
    "HR GI GR VA IT MT ME MK PT SM RS SI ES XK AT BE FR DE LI LU MC NL CH",
    5: "AU CX CC HM NZ NF FJ NC PG SB VU GU KI MH FM NR MP PW AS CK PF NU PN WS TK TO TV UM WF",
}

# kind number -> generated column of that kind's keys (practices/facet_keys.py: COLUMNS)
KIND_COLUMNS = {
    1: "facet_themes",
    2: "facet_target_groups",
    3: "facet_cities",
    4: "facet_countries",
    5: "facet_organisations",
    6: "facet_commitments",
    7: "facet_frameworks",
    8: "facet_regions",
}

LINK_TABLES = (
    "practices_practice_themes",
    "practices_practice_target_groups",
    "practices_practice_cities",
    "practices_practice_partners",
    "practices_practice_commitments",
)


def _region_cases() -> str:
    return "\n".join(
        f"    WHEN code IN ({', '.join(repr(c) for c in codes.split())}) THEN {number}"
        for number, codes in REGIONS.items()
    )


def _kind_columns() -> str:
    return ",\n".join(
        f"  ADD COLUMN {column} bigint[] NOT NULL"
        f" GENERATED ALWAYS AS (practices_keys_of_kind(facet_keys, {kind})) STORED"
        for kind, column in KIND_COLUMNS.items()
    )


def _kind_indexes() -> str:
    return "\n".join(
        f"CREATE INDEX practices_practice_{column}_gin ON practices_practice USING gin ({column});"
        for column in KIND_COLUMNS.values()
    )


FUNCTIONS = f"""
SET LOCAL statement_timeout = 0;
ALTER TABLE practices_practice ADD COLUMN facet_keys bigint[] NOT NULL DEFAULT '{{}}';

CREATE FUNCTION practices_keys_of_kind(keys bigint[], kind integer) RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(key ORDER BY key), '{{}}') FROM unnest(keys) AS key
  WHERE key >> 40 = kind
$$;

CREATE FUNCTION practices_region_number(code text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
{_region_cases()}
  END
$$;

-- kinds: 1 theme, 2 target group, 3 city, 4 country, 5 organisation, 6 commitment,
-- 7 framework, 8 region; a country is ascii(first letter) * 256 + ascii(second).
CREATE FUNCTION practices_practice_facet_keys(practice bigint, lead bigint) RETURNS bigint[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT key ORDER BY key), '{{}}') FROM (
    SELECT (1::bigint << 40) | theme_id FROM practices_practice_themes
      WHERE practice_id = practice
    UNION ALL SELECT (2::bigint << 40) | targetgroup_id FROM practices_practice_target_groups
      WHERE practice_id = practice
    UNION ALL SELECT (5::bigint << 40) | organisation_id FROM practices_practice_partners
      WHERE practice_id = practice
    UNION ALL SELECT (5::bigint << 40) | lead WHERE lead IS NOT NULL
    UNION ALL SELECT (6::bigint << 40) | commitment_id FROM practices_practice_commitments
      WHERE practice_id = practice
    UNION ALL SELECT (7::bigint << 40) | commitment.framework_id
      FROM practices_practice_commitments link
      JOIN practices_commitment commitment ON commitment.id = link.commitment_id
      WHERE link.practice_id = practice
    UNION ALL SELECT term FROM practices_practice_cities link
      JOIN cities_city city ON city.id = link.city_id
      CROSS JOIN LATERAL (VALUES
        ((3::bigint << 40) | city.id),
        (CASE WHEN length(city.country) = 2 THEN
          (4::bigint << 40) | (ascii(city.country) * 256 + ascii(substr(city.country, 2)))
        END),
        ((8::bigint << 40) | practices_region_number(city.country))
      ) AS terms(term)
      WHERE link.practice_id = practice AND term IS NOT NULL
  ) AS keys(key)
$$;

CREATE FUNCTION practices_refresh_facet_keys(practice_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
  UPDATE practices_practice practice SET facet_keys = fresh.keys
  FROM (
    SELECT id, practices_practice_facet_keys(id, lead_organisation_id) AS keys
    FROM practices_practice WHERE id = ANY(practice_ids)
  ) AS fresh
  WHERE practice.id = fresh.id AND practice.facet_keys IS DISTINCT FROM fresh.keys
$$;

-- What the catalogue-wide totals count a published practice under: its keys, its
-- instrument, scope and end year (as `instrument:fund`, `end_year:` when open), and `all`.
CREATE FUNCTION practices_facet_terms(keys bigint[], instrument text, scope text, end_year int)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT keys::text[] || ARRAY[
    'instrument:' || instrument, 'scope:' || scope,
    'end_year:' || coalesce(end_year::text, ''), 'all'
  ]
$$;

CREATE TABLE practices_facet_total (
  term text PRIMARY KEY,
  practices integer NOT NULL
);

CREATE FUNCTION practices_facet_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO practices_facet_total AS total (term, practices)
    SELECT term, count(*) FROM new_rows,
      unnest(practices_facet_terms(facet_keys, instrument, scope, end_year)) AS term
    WHERE status = 'published' GROUP BY term ORDER BY term
    ON CONFLICT (term) DO UPDATE SET practices = total.practices + excluded.practices;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO practices_facet_total AS total (term, practices)
    SELECT term, -count(*) FROM old_rows,
      unnest(practices_facet_terms(facet_keys, instrument, scope, end_year)) AS term
    WHERE status = 'published' GROUP BY term ORDER BY term
    ON CONFLICT (term) DO UPDATE SET practices = total.practices + excluded.practices;
  ELSE
    INSERT INTO practices_facet_total AS total (term, practices)
    SELECT term, sum(change) FROM (
      SELECT unnest(practices_facet_terms(
          new_rows.facet_keys, new_rows.instrument, new_rows.scope, new_rows.end_year)) AS term,
        1 AS change
      FROM new_rows JOIN old_rows USING (id)
      WHERE new_rows.status = 'published' AND (old_rows.status <> 'published'
        OR (old_rows.facet_keys, old_rows.instrument, old_rows.scope, old_rows.end_year)
          IS DISTINCT FROM
          (new_rows.facet_keys, new_rows.instrument, new_rows.scope, new_rows.end_year))
      UNION ALL
      SELECT unnest(practices_facet_terms(
          old_rows.facet_keys, old_rows.instrument, old_rows.scope, old_rows.end_year)),
        -1
      FROM old_rows JOIN new_rows USING (id)
      WHERE old_rows.status = 'published' AND (new_rows.status <> 'published'
        OR (old_rows.facet_keys, old_rows.instrument, old_rows.scope, old_rows.end_year)
          IS DISTINCT FROM
          (new_rows.facet_keys, new_rows.instrument, new_rows.scope, new_rows.end_year))
    ) AS changes GROUP BY term HAVING sum(change) <> 0 ORDER BY term
    ON CONFLICT (term) DO UPDATE SET practices = total.practices + excluded.practices;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION practices_facet_keys_own() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.facet_keys := practices_practice_facet_keys(NEW.id, NEW.lead_organisation_id);
  RETURN NEW;
END
$$;

CREATE FUNCTION practices_facet_keys_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM practices_refresh_facet_keys(ARRAY(SELECT DISTINCT practice_id FROM changed_links));
  RETURN NULL;
END
$$;

CREATE FUNCTION practices_facet_keys_cities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM practices_refresh_facet_keys(ARRAY(
    SELECT DISTINCT link.practice_id FROM practices_practice_cities link
    JOIN new_cities ON new_cities.id = link.city_id
    JOIN old_cities ON old_cities.id = new_cities.id
    WHERE old_cities.country IS DISTINCT FROM new_cities.country
  ));
  RETURN NULL;
END
$$;

CREATE FUNCTION practices_facet_keys_commitments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM practices_refresh_facet_keys(ARRAY(
    SELECT DISTINCT link.practice_id FROM practices_practice_commitments link
    JOIN new_commitments ON new_commitments.id = link.commitment_id
    JOIN old_commitments ON old_commitments.id = new_commitments.id
    WHERE old_commitments.framework_id IS DISTINCT FROM new_commitments.framework_id
  ));
  RETURN NULL;
END
$$;
"""


def _link_triggers() -> str:
    statements = []
    for table in LINK_TABLES:
        for event, transition in (
            ("INSERT", "NEW"),
            ("DELETE", "OLD"),
            ("UPDATE", "OLD"),
            ("UPDATE", "NEW"),
        ):
            name = f"{table}_facet_keys_{event.lower()}_{transition.lower()}"
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table}"
                f" REFERENCING {transition} TABLE AS changed_links"
                " FOR EACH STATEMENT EXECUTE FUNCTION practices_facet_keys_links();"
            )
    return "\n".join(statements)


TRIGGERS = f"""
SET LOCAL statement_timeout = 0;
UPDATE practices_practice SET facet_keys = practices_practice_facet_keys(id, lead_organisation_id);
-- Added after the backfill, so the table is rewritten once, with the kinds filled in.
ALTER TABLE practices_practice
{_kind_columns()};

CREATE TRIGGER practices_practice_facet_keys
  BEFORE INSERT OR UPDATE OF lead_organisation_id ON practices_practice
  FOR EACH ROW EXECUTE FUNCTION practices_facet_keys_own();

INSERT INTO practices_facet_total (term, practices)
SELECT term, count(*) FROM practices_practice,
  unnest(practices_facet_terms(facet_keys, instrument, scope, end_year)) AS term
WHERE status = 'published' GROUP BY term;
CREATE TRIGGER practices_practice_facet_totals_insert AFTER INSERT ON practices_practice
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION practices_facet_totals();
CREATE TRIGGER practices_practice_facet_totals_delete AFTER DELETE ON practices_practice
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION practices_facet_totals();
CREATE TRIGGER practices_practice_facet_totals_update AFTER UPDATE ON practices_practice
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION practices_facet_totals();
{_link_triggers()}
CREATE TRIGGER cities_city_facet_keys AFTER UPDATE ON cities_city
  REFERENCING OLD TABLE AS old_cities NEW TABLE AS new_cities
  FOR EACH STATEMENT EXECUTE FUNCTION practices_facet_keys_cities();
CREATE TRIGGER practices_commitment_facet_keys AFTER UPDATE ON practices_commitment
  REFERENCING OLD TABLE AS old_commitments NEW TABLE AS new_commitments
  FOR EACH STATEMENT EXECUTE FUNCTION practices_facet_keys_commitments();

{_kind_indexes()}
CREATE INDEX practices_practice_facet_rows ON practices_practice (status)
  INCLUDE ({", ".join(KIND_COLUMNS.values())}, instrument, scope, start_year, end_year);
"""


def _drop_triggers() -> str:
    statements = [
        f"DROP TRIGGER IF EXISTS {table}_facet_keys_{event}_{transition} ON {table};"
        for table in LINK_TABLES
        for event, transition in (
            ("insert", "new"),
            ("delete", "old"),
            ("update", "old"),
            ("update", "new"),
        )
    ]
    return "\n".join(statements)


BACKWARD = f"""
DROP TRIGGER IF EXISTS practices_practice_facet_totals_insert ON practices_practice;
DROP TRIGGER IF EXISTS practices_practice_facet_totals_delete ON practices_practice;
DROP TRIGGER IF EXISTS practices_practice_facet_totals_update ON practices_practice;
DROP TABLE IF EXISTS practices_facet_total;
DROP FUNCTION IF EXISTS practices_facet_totals();
DROP FUNCTION IF EXISTS practices_facet_terms(bigint[], text, text, int);
DROP TRIGGER IF EXISTS practices_practice_facet_keys ON practices_practice;
DROP TRIGGER IF EXISTS cities_city_facet_keys ON cities_city;
DROP TRIGGER IF EXISTS practices_commitment_facet_keys ON practices_commitment;
{_drop_triggers()}
ALTER TABLE practices_practice
{",".join(f" DROP COLUMN IF EXISTS {column}" for column in KIND_COLUMNS.values())};
ALTER TABLE practices_practice DROP COLUMN IF EXISTS facet_keys;
DROP FUNCTION IF EXISTS practices_keys_of_kind(bigint[], integer);
DROP FUNCTION IF EXISTS practices_facet_keys_commitments();
DROP FUNCTION IF EXISTS practices_facet_keys_cities();
DROP FUNCTION IF EXISTS practices_facet_keys_links();
DROP FUNCTION IF EXISTS practices_facet_keys_own();
DROP FUNCTION IF EXISTS practices_refresh_facet_keys(bigint[]);
DROP FUNCTION IF EXISTS practices_practice_facet_keys(bigint, bigint);
DROP FUNCTION IF EXISTS practices_region_number(text);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS)
        schema_editor.execute(TRIGGERS)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0005_creation_key"),
        ("cities", "0002_alter_organisation_kind"),
    ]

    operations = [migrations.RunPython(forward, backward)]
