"""Benchmark: SQL queries and response times of the main pages and API lists.

`make bench` builds a throw-away database (SQLite in a temporary folder, or the
database named by BENCH_DATABASE_URL), loads the initial data plus a few hundred
synthetic published practices, then requests each URL several times and prints
the query count and the median and worst time. Query counts must not grow with
the data; the timings are for comparing runs on the same machine.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

SYNTHETIC_PRACTICES = int(os.environ.get("BENCH_PRACTICES", "400"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))

URLS = [
    "/",
    "/practices/",
    "/practices/?theme=employment&country=CA",
    "/practices/?q=employment&ordering=relevance",
    "/practices/?region=europe&ongoing=true&page=2",
    "/practices/triec-toronto/",
    "/cities/",
    "/cities/toronto/",
    "/publications/",
    "/search/?q=employment",
    "/feeds/practices/",
    "/sitemap.xml",
    "/api/v1/practices/?page_size=100",
    "/api/v1/practices/?format=csv",
    "/api/v1/cities/?format=geojson",
    "/api/v1/publications/",
]


def configure() -> None:
    folder = Path(tempfile.mkdtemp(prefix="ice-bench-"))
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ["DEBUG"] = "true"
    import django

    django.setup()


def populate() -> None:
    from django.core.management import call_command

    from cities.models import City
    from practices.models import Practice, TargetGroup, Theme
    from tests.factories import PracticeFactory

    call_command("migrate", verbosity=0)
    call_command("load_initial_data", verbosity=0)
    themes, groups, cities = (
        list(Theme.objects.all()),
        list(TargetGroup.objects.all()),
        list(City.objects.all()),
    )
    for number in range(SYNTHETIC_PRACTICES):
        PracticeFactory(
            title=f"Synthetic employment practice {number}",
            slug=f"synthetic-{number}",
            themes=[themes[number % len(themes)], themes[(number * 7) % len(themes)]],
            target_groups=[groups[number % len(groups)]],
            cities=[cities[number % len(cities)]],
            start_year=1990 + number % 30,
        )
    print(f"{Practice.objects.published().count()} published practices", file=sys.stderr)


def measure(url: str) -> tuple[int, int, float, float]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    timings, queries, status = [], 0, 0
    for _ in range(ROUNDS):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        queries, status = len(captured), response.status_code
    return status, queries, statistics.median(timings) * 1000, max(timings) * 1000


def main() -> None:
    configure()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    populate()
    print(f"{'URL':<62} {'status':>6} {'queries':>7} {'median ms':>9} {'max ms':>8}")
    for url in URLS:
        status, queries, median, worst = measure(url)
        print(f"{url:<62} {status:>6} {queries:>7} {median:>9.1f} {worst:>8.1f}")


if __name__ == "__main__":
    main()
