"""Fill a PostgreSQL database with a catalogue of N published practices.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ice_bench \\
        .venv/bin/python -m tests.bench.generate --size 100000

Migrates the database, loads the initial data (taxonomies, frameworks, the 17
real practices and their cities and organisations) when it is empty, adds ~190
more cities across every region and ~3,500 organisations, then tops the
catalogue up to `--size` published practices with varied text built from
`wordbank`. Practices, outcomes and every many-to-many table are written with
COPY in batches, with the database's triggers on (search vectors and whatever
else triggers maintain), and the tables are analysed at the end. A database
that already holds that many published practices is left as it is.
"""

import argparse
import datetime
import io
import math
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import cycle

from tests.bench import places, wordbank

BATCH_SIZE = 5_000
DEFAULT_SIZE = 100_000
CURRENCIES = {"SE": "SEK", "NO": "NOK", "DK": "DKK", "GB": "GBP", "CH": "CHF", "CA": "CAD"}
CURRENCIES |= {"US": "USD", "BR": "BRL", "AU": "AUD", "ZA": "ZAR", "PL": "PLN", "JP": "JPY"}
EURO_COUNTRIES = {"AT", "BE", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "IE", "IT", "LT", "LU"}
EURO_COUNTRIES |= {"LV", "NL", "PT", "SI", "SK"}
INSTRUMENT_WEIGHTS = {
    "programme": 30,
    "service": 18,
    "action-plan": 10,
    "fund": 8,
    "campaign": 8,
    "council": 6,
    "network": 6,
    "charter": 4,
    "agreement": 4,
    "award": 2,
    "": 4,
}
THEME_WEIGHTS = {"employment": 4, "language-skills": 3, "housing": 3, "education": 3}
THEME_WEIGHTS |= {"anti-discrimination": 3, "citizenship-participation": 2}


def generate_catalogue(
    size: int, *, seed: int = 8, batch_size: int = BATCH_SIZE, log: Callable = print
) -> int:
    """Top the catalogue up to `size` published practices; return how many were added."""
    from django.core.management import call_command
    from django.db import connection

    from practices.models import Practice, Theme

    if connection.vendor != "postgresql":
        raise RuntimeError("The generated catalogue needs PostgreSQL (DATABASE_URL).")
    if not Theme.objects.exists():
        call_command("load_initial_data", stdout=io.StringIO())
    missing = size - Practice.objects.published().count()
    if missing <= 0:
        log(f"The database already holds {size:,} or more published practices.")
        return 0
    add_places()
    pools = Pools.load()
    started = time.monotonic()
    for offset in range(0, missing, batch_size):
        count = min(batch_size, missing - offset)
        write_batch(pools, random.Random(f"{seed}-{size}-{offset}"), count)
        elapsed = time.monotonic() - started
        log(f"{offset + count:,} of {missing:,} practices written ({elapsed:.0f} s)")
    analyse()
    return missing


def add_places() -> None:
    """Add the extra cities and their organisations; existing slugs are kept."""
    from django.utils.text import slugify
    from django_countries import countries

    from cities.models import City, Organisation

    City.objects.bulk_create(
        [
            City(
                name=name,
                slug=slugify(name),
                country=country,
                latitude=latitude,
                longitude=longitude,
                population=thousands * 1000,
                population_year=2024,
            )
            for name, country, latitude, longitude, thousands in places.CITIES
        ],
        ignore_conflicts=True,
    )
    organisations = []
    for city in City.objects.all():
        for pattern, kind in places.LOCAL_ORGANISATIONS:
            name = pattern.format(city=city.name)
            organisations.append(
                Organisation(
                    name=name, slug=slugify(name), kind=kind, country=city.country, city=city
                )
            )
    for code in sorted(set(City.objects.values_list("country", flat=True))):
        for pattern, kind in places.NATIONAL_ORGANISATIONS:
            name = pattern.format(country=countries.name(code))
            organisations.append(
                Organisation(name=name, slug=slugify(name), kind=kind, country=code)
            )
    Organisation.objects.bulk_create(organisations, ignore_conflicts=True, batch_size=1000)


@dataclass
class Pools:
    """What generated practices are drawn from, read once from the database."""

    themes: list[tuple[int, str]]
    theme_weights: list[float]
    groups: list[tuple[int, str]]
    commitments: list[int]
    cities: list[tuple[int, str, str]]
    city_weights: list[float]
    organisations: dict[int, str]
    by_city: dict[int, list[int]]
    by_country: dict[str, list[int]]

    @classmethod
    def load(cls) -> "Pools":
        from cities.models import City, Organisation
        from practices.models import Commitment, TargetGroup, Theme

        themes = list(Theme.objects.values_list("pk", "slug"))
        cities = list(City.objects.values_list("pk", "name", "country", "population"))
        by_city, by_country = defaultdict(list), defaultdict(list)
        names = {}
        for pk, name, city_id, country in Organisation.objects.values_list(
            "pk", "name", "city_id", "country"
        ):
            names[pk] = name
            if city_id:
                by_city[city_id].append(pk)
            else:
                by_country[country].append(pk)
        return cls(
            themes=themes,
            theme_weights=[THEME_WEIGHTS.get(slug, 1) for _, slug in themes],
            groups=list(TargetGroup.objects.values_list("pk", "slug")),
            commitments=list(Commitment.objects.values_list("pk", flat=True)),
            cities=[(pk, name, country) for pk, name, country, _ in cities],
            # The initial (real) cities have no population and many practices each.
            city_weights=[math.sqrt(pop / 1000) if pop else 40 for *_, pop in cities],
            organisations=names,
            by_city=dict(by_city),
            by_country=dict(by_country),
        )


def write_batch(pools: Pools, rng: random.Random, count: int) -> None:
    """Compose `count` practices and COPY them with their outcomes and relations."""
    from django.db import connection, transaction

    from practices.models import Outcome, Practice

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Practice._meta.db_table, count],
        )
        ids = [row[0] for row in cursor.fetchall()]
        composed = [compose_practice(pools, rng, pk) for pk in ids]
        # Links first (their foreign keys are checked at commit): the practices' insert
        # triggers then read them once, instead of each link table's triggers updating
        # every new practice (and recomputing its search vector) once more.
        for field in Practice._meta.many_to_many:
            through = field.remote_field.through
            columns = [field.m2m_column_name(), field.m2m_reverse_name()]
            pairs = [
                (practice["id"], other)
                for practice, relations, _ in composed
                for other in relations.get(field.name, ())
            ]
            copy_plain(cursor, through._meta.db_table, columns, pairs)
        practices = [practice for practice, *_ in composed]
        outcomes = [outcome for *_, outcomes in composed for outcome in outcomes]
        copy_rows(cursor, Practice, in_english_columns(Practice, practices))
        copy_rows(cursor, Outcome, in_english_columns(Outcome, outcomes))


def in_english_columns(model, rows: list[dict]) -> list[dict]:
    """The rows with each translated text in its English column too (`title_en`), as the
    portal saves an English text: pages read those columns, not the base ones."""
    from modeltranslation.translator import translator

    fields = translator.get_options_for_model(model).fields
    return [row | {f"{name}_en": row[name] for name in fields if name in row} for row in rows]


def compose_practice(pools: Pools, rng: random.Random, pk: int) -> tuple[dict, dict, list]:
    """One practice's column values, its related ids and its outcomes."""
    from django.utils.text import slugify
    from django_countries import countries

    themes = pick(rng, pools.themes, pools.theme_weights, rng.choice((2, 2, 3)))
    banks = [wordbank.THEMES.get(slug, wordbank.GENERIC) for _, slug in themes]
    cities = pick(rng, pools.cities, pools.city_weights, rng.choice((1, 1, 1, 2)))
    if rng.random() < 0.04:
        cities = []
    groups = rng.sample(pools.groups, rng.choice((1, 1, 2, 3)))
    if cities:
        city_id, city, country = cities[0]
    else:
        city_id, country = None, rng.choice(("NL", "SE", "CA", "DE", "BR", "ZA"))
        city = countries.name(country)
    local = pools.by_city.get(city_id) or pools.by_country.get(country) or list(pools.organisations)
    lead = rng.choice(local)
    partners = {rng.choice(local if rng.random() < 0.6 else list(pools.organisations))}
    partners = list(partners - {lead})[: rng.choice((0, 1, 1, 2, 3))]
    start = None if rng.random() < 0.12 else min(2026, int(rng.triangular(1990, 2026, 2018)))
    end = None
    if rng.random() < 0.45:
        end = rng.randint(start or 2000, min(2026, (start or 2000) + 10))

    group = wordbank.GROUP_PHRASES.get(groups[0][1], "newcomers")
    words = {
        "city": city,
        "group": group,
        "group_title": group.title(),
        "lead": pools.organisations[lead],
        "partner": pools.organisations[partners[0]] if partners else "a local migrant association",
        "start": start or "the early years",
        "share": rng.randint(8, 45),
        "adjective": rng.choice(wordbank.ADJECTIVES),
    }

    problems = cycle(shuffled(rng, [p for bank in banks for p in bank.problems]))
    actions = cycle(shuffled(rng, [a for bank in banks for a in bank.actions]))

    def say(templates: Iterable[str], count: int) -> list[str]:
        sentences = []
        for template in rng.sample(list(templates), min(count, len(templates))):
            bank = rng.choice(banks)
            other = rng.choice(list(wordbank.THEMES.values()))
            number = rng.randint(bank.outcomes[0][2], bank.outcomes[0][3])
            text = template.format(
                **words,
                problem=next(problems).format(group=group),
                action=next(actions).format(group=group, topic=rng.choice(bank.topics)),
                topic=rng.choice(bank.topics),
                topic2=rng.choice(other.topics if rng.random() < 0.3 else bank.topics),
                year=(start or 2015) + rng.randint(1, 5),
                number=f"{number:,}",
                unit=bank.outcomes[0][1],
            )
            sentences.append(text[0].upper() + text[1:])
        return sentences

    title = rng.choice(wordbank.TITLE_TEMPLATES).format(
        **words, programme=rng.choice(banks[0].programmes)
    )
    if rng.random() < 0.5:
        approach = " ".join(say(wordbank.APPROACH_TEMPLATES, 3))
    else:
        steps = rng.sample(wordbank.STEP_NAMES, 3)
        sentences = say(wordbank.APPROACH_TEMPLATES, 3)
        approach = "\n".join(
            f"- **{step}.** {text}" for step, text in zip(steps, sentences, strict=True)
        )
    published = datetime.datetime(2008, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
        minutes=rng.randint(0, 18 * 365 * 24 * 60)
    )
    funded = rng.random() < 0.4
    practice = {
        "id": pk,
        "title": title[:200],
        "slug": f"{slugify(title)[:180]}-{pk}",
        "summary": " ".join(say(wordbank.SUMMARY_TEMPLATES, rng.randint(2, 3))),
        "context": " ".join(say(wordbank.CONTEXT_TEMPLATES, rng.randint(2, 4))),
        "approach": approach,
        "results": " ".join(say(wordbank.RESULT_TEMPLATES, rng.randint(3, 5))),
        "lessons": "\n".join(f"- {text}" for text in say(wordbank.LESSON_TEMPLATES, 3)),
        "scope": scope(rng, cities),
        "lead_organisation_id": lead,
        "instrument": rng.choices(list(INSTRUMENT_WEIGHTS), list(INSTRUMENT_WEIGHTS.values()))[0],
        "start_year": start,
        "end_year": end,
        "funding_amount": rng.choice((25, 50, 100, 250, 500, 1000, 2500)) * 1000
        if funded
        else None,
        "funding_currency": currency(country) if funded else "",
        "funding_period": rng.choice(("total", "yearly")) if funded else "",
        "website": f"https://www.example.org/{slugify(title)[:60]}" if rng.random() < 0.5 else "",
        "status": "published",
        "created_at": published - datetime.timedelta(days=rng.randint(3, 60)),
        "submitted_at": published - datetime.timedelta(days=rng.randint(1, 3)),
        "published_at": published,
        "updated_at": published,
    }
    relations = {
        "themes": [pk_ for pk_, _ in themes],
        "cities": [pk_ for pk_, *_ in cities],
        "target_groups": [pk_ for pk_, _ in groups],
        "partners": partners,
        "commitments": rng.sample(
            pools.commitments, min(len(pools.commitments), rng.choice((0, 0, 1, 2)))
        ),
    }
    outcomes = []
    for position in range(rng.choice((0, 1, 1, 2, 3))):
        label, unit, low, high = rng.choice(rng.choice(banks).outcomes)
        outcomes.append(
            {
                "practice_id": pk,
                "label": label[0].upper() + label[1:],
                "qualifier": rng.choice(("", "", "", "about", "more-than", "nearly")),
                "value": rng.randint(low, high),
                "unit": unit,
                "year": (start or 2015) + rng.randint(1, 4) if rng.random() < 0.7 else None,
                "source": f"{rng.choice(wordbank.SOURCES)}, {words['lead']}"[:300],
                "position": position,
            }
        )
    return practice, relations, outcomes


def pick(rng: random.Random, items: list, weights: list[float], count: int) -> list:
    """`count` distinct items drawn by weight."""
    chosen = {}
    while len(chosen) < min(count, len(items)):
        item = rng.choices(items, weights)[0]
        chosen[item[0]] = item
    return list(chosen.values())


def shuffled(rng: random.Random, items: list) -> list:
    return rng.sample(items, len(items))


def scope(rng: random.Random, cities: list) -> str:
    if not cities:
        return rng.choice(("national", "international"))
    return rng.choices(("city", "regional", "national", "international"), (75, 15, 7, 3))[0]


def currency(country: str) -> str:
    return CURRENCIES.get(country) or ("EUR" if country in EURO_COUNTRIES else "USD")


def copy_rows(cursor, model, rows: list[dict]) -> None:
    """COPY rows of a model; required columns the rows don't give get the field default."""
    if not rows:
        return
    given = set(rows[0])
    defaults = {}
    for field in model._meta.concrete_fields:
        column = field.column
        if column in given or field.null or field.primary_key:
            continue
        if getattr(field, "generated", False) or field.has_db_default():
            continue
        defaults[column] = field.get_default()
    columns = [*rows[0], *defaults]
    copy_plain(
        cursor,
        model._meta.db_table,
        columns,
        ([row[column] for column in rows[0]] + list(defaults.values()) for row in rows),
    )


def copy_plain(cursor, table: str, columns: list[str], rows: Iterable[Iterable]) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(map(copy_text, row)))
        buffer.write("\n")
    if not buffer.tell():
        return
    buffer.seek(0)
    quoted = ", ".join(f'"{column}"' for column in columns)
    cursor.copy_expert(f'COPY "{table}" ({quoted}) FROM STDIN', buffer)


def copy_text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, list | tuple):
        return "{" + ",".join(map(str, value)) + "}"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    text = str(value)
    for char, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        text = text.replace(char, escaped)
    return text


def analyse() -> None:
    """Refresh the planner's statistics (and the visibility map when we may vacuum)."""
    from django.db import connection

    from cities.models import City, Organisation
    from practices.models import Outcome, Practice, SearchWord

    # The cities and organisations too: with their stale row counts the planner joins every
    # organisation to a chunk's practices in a nested loop (a tenth of a second per chunk).
    tables = [City._meta.db_table, Organisation._meta.db_table]
    tables += [Practice._meta.db_table, Outcome._meta.db_table]
    tables += [field.remote_field.through._meta.db_table for field in Practice._meta.many_to_many]
    # The tables triggers keep: every practice written updated their rows, leaving dead ones
    # that a whole-catalogue facet query would read (2 MB for 4,000 live terms).
    tables += ["practices_facet_total", SearchWord._meta.db_table]
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'{command} "{table}"')


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="published practices")
    parser.add_argument("--seed", type=int, default=8)
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    started = time.monotonic()
    added = generate_catalogue(
        options.size, seed=options.seed, log=lambda text: print(text, file=sys.stderr)
    )
    print(f"{added:,} practices added in {time.monotonic() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
