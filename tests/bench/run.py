"""`make bench`: the portal under load at 100,000 practices, beside a bare baseline.

1. Migrates the PostgreSQL database BENCH_DATABASE_URL (created when missing) and
   tops it up to `--size` published practices (`tests.bench.generate`; reused when
   it already holds them).
2. Requests each page once in process (Django test client) to count its queries and
   their time, and captures its SQL.
3. Serves the portal with gunicorn in production settings (DEBUG off, 2 sync
   workers, loopback), and beside it `tests.bench.baseline`, which replays the
   captured SQL with psycopg2 and json.dumps; with Redis reachable, a second portal
   with REDIS_URL set (the cached run).
4. Drives baseline, portal and cached portal in turn with wrk, page by page.
5. Prints the table with the issue's targets, writes bench-results/<time>.json and
   EXPLAIN (ANALYZE, BUFFERS) of each page's slowest queries beside it.
"""

import argparse
import contextlib
import datetime
import json
import logging
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from tests.bench import load, report
from tests.bench.report import InProcess, Page, PageResult

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ice_bench_run"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
EXPLAINED_PER_PAGE = 3
STATEMENT_TIMEOUT_MS = 30_000

PAGES = (
    Page("list-filtered", "/practices/?theme={theme}&country={country}", 150),
    Page("list-q", "/practices/?q=housing", 150),
    Page("list-deep", "/practices/?page=2000", 150),
    Page("search", "/search/?q=employment", 250),
    Page("practice", "/practices/{practice}/", 150),
    Page("api-list", "/api/v1/practices/", 50, min_ratio=0.5),
    Page("api-list-theme", "/api/v1/practices/?theme={theme}", 50),
    Page("api-list-q", "/api/v1/practices/?q=housing", 50),
    Page("api-detail", "/api/v1/practices/{practice}/", 50, min_ratio=0.3),
)


def main(argv: list[str] | None = None) -> None:
    options = parse_arguments(argv)
    # Ctrl-C and kill unwind through the `with` blocks that stop the servers.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("Stopped: servers shut down."))
    started = time.monotonic()
    server_env = production_environment(options.database_url)
    # The same settings in process, but migrations and generation run without a timeout.
    os.environ.update(server_env, ALLOWED_HOSTS="127.0.0.1,testserver")
    os.environ["DATABASE_STATEMENT_TIMEOUT_MS"] = "0"
    for name in ("REDIS_URL", "RESPONSE_CACHE_SECONDS"):  # in process, the cache is off
        os.environ.pop(name, None)
    load.ensure_wrk()
    ensure_database(options.database_url)
    prepare(options.size)
    results = measure_pages(resolve(options.pages), timeout_ms=STATEMENT_TIMEOUT_MS)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    options.output.mkdir(parents=True, exist_ok=True)
    redis_url = reachable_redis(options.redis_url)
    with tempfile.TemporaryDirectory(prefix="ice-bench-") as folder:
        drive_servers(results, options, server_env, redis_url, Path(folder), options.output / stamp)
    explain_path = options.output / f"{stamp}-explain.txt"
    report.write_explains(explain_path, [(result, explain(result)) for result in results])
    json_path = options.output / f"{stamp}.json"
    report.write_json(json_path, metadata(options, redis_url, time.monotonic() - started), results)
    print(f"\n{report.table(results)}\n\n{report.targets_legend(results)}")
    print(f"\nResults: {json_path}\nEXPLAIN (ANALYZE, BUFFERS): {explain_path}")


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="published practices")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per run")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--pages",
        help="comma-separated page names (default: all): " + ", ".join(page.name for page in PAGES),
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("REDIS_URL", DEFAULT_REDIS_URL),
        help="cache for the cached run (skipped when unreachable)",
    )
    parser.add_argument("--no-cache", action="store_true", help="skip the cached run")
    parser.add_argument("--output", type=Path, default=ROOT / "bench-results")
    options = parser.parse_args(argv)
    if options.no_cache:
        options.redis_url = None
    return options


def production_environment(database_url: str) -> dict[str, str]:
    """What gunicorn runs with: production settings, plain http on loopback."""
    # Caching follows the portal's defaults: off without REDIS_URL, on with it.
    ignored = {"REDIS_URL", "RESPONSE_CACHE_SECONDS"}
    env = {key: value for key, value in os.environ.items() if key not in ignored}
    return env | {
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        # Load from one address would hit the anonymous throttle within a second.
        "API_ANON_RATE": "100000000/min",
        # A request gunicorn gave up on must not keep its query running in PostgreSQL.
        "DATABASE_STATEMENT_TIMEOUT_MS": str(STATEMENT_TIMEOUT_MS),
    }


def ensure_database(database_url: str) -> None:
    import psycopg2
    from psycopg2 import errors, sql

    url = urlsplit(database_url)
    name = url.path.lstrip("/")
    server = url._replace(path="/postgres").geturl()
    with contextlib.closing(psycopg2.connect(server)) as connection:
        connection.autocommit = True
        with connection.cursor() as cursor, contextlib.suppress(errors.DuplicateDatabase):
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare(size: int) -> None:
    import django
    from django.core.management import call_command

    from tests.bench.generate import generate_catalogue

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    generate_catalogue(size, log=lambda text: print(text, file=sys.stderr))
    call_command("collectstatic", interactive=False, verbosity=0)


def resolve(names: str | None) -> list[Page]:
    """The pages with real slugs from the catalogue filled in."""
    from cities.models import City
    from practices.models import Practice, Theme

    theme = "employment" if Theme.objects.filter(slug="employment").exists() else None
    theme = theme or Theme.objects.values_list("slug", flat=True).first()
    country = "CA" if City.objects.filter(country="CA").exists() else City.objects.first().country
    published = Practice.objects.published().order_by("pk")
    practice = published.values_list("slug", flat=True)[published.count() // 2]
    chosen = [page for page in PAGES if not names or page.name in names.split(",")]
    if not chosen:
        sys.exit(f"No such pages: {names}")
    words = {"theme": theme, "country": country, "practice": practice}
    return [
        Page(page.name, page.path.format(**words), page.p95_target_ms, page.min_ratio)
        for page in chosen
    ]


def measure_pages(pages: list[Page], *, timeout_ms: int) -> list[PageResult]:
    """Each page once in process, its connections giving up on a query after `timeout_ms`."""
    from django.db import connections

    connections.close_all()
    # Generation ran without a limit; the settings' connection options carry it.
    options = connections["default"].settings_dict.setdefault("OPTIONS", {})
    options["options"] = re.sub(
        r"statement_timeout=\d+", f"statement_timeout={timeout_ms}", options.get("options", "")
    )
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # a 500 is a result here
    print(f"Measuring {len(pages)} pages in process…", file=sys.stderr)
    results = [PageResult(page, measure_in_process(page.path)) for page in pages]
    connections.close_all()
    return results


def measure_in_process(path: str) -> InProcess:
    """The fastest of up to three requests (one when the page is slow)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, best = Client(raise_request_exception=False), None
    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
        statements = [(query["sql"], float(query["time"]) * 1000) for query in captured]
        run = InProcess(
            status=response.status_code,
            ms=elapsed,
            queries=len(statements),
            sql_ms=sum(ms for _, ms in statements),
            statements=statements,
        )
        best = run if best is None or run.ms < best.ms else best
        if elapsed > 5000:  # slow enough that warming up changes nothing
            break
    print(f"  {path}: {best.status}, {best.queries} queries, {best.ms:.0f} ms", file=sys.stderr)
    return best


def reachable_redis(url: str | None) -> str | None:
    if not url:
        return None
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.ping()
        if url == DEFAULT_REDIS_URL:
            client.flushdb()  # our own database number: start the cached run cold
    except redis.RedisError:
        print(f"No Redis at {url}: skipping the cached run.", file=sys.stderr)
        return None
    return url


def drive_servers(
    results: list[PageResult],
    options: argparse.Namespace,
    env: dict[str, str],
    redis_url: str | None,
    folder: Path,
    logs: Path,
) -> None:
    """Baseline, portal and cached portal in turn, page by page; all stopped at the end."""
    statements = {
        result.page.path: [sql for sql, _ in result.in_process.statements if is_read(sql)]
        for result in results
    }
    sql_file = folder / "statements.json"
    sql_file.write_text(json.dumps(statements), encoding="utf-8")
    baseline_env = env | {
        "BENCH_BASELINE_SQL": str(sql_file),
        "BENCH_BASELINE_DSN": env["DATABASE_URL"],
    }
    with contextlib.ExitStack() as servers:
        baseline = servers.enter_context(
            load.Server("baseline", "tests.bench.baseline:application", baseline_env, logs)
        )
        app = servers.enter_context(load.Server("portal", "portal.wsgi", env, logs))
        cached = redis_url and servers.enter_context(
            load.Server("portal-cached", "portal.wsgi", env | {"REDIS_URL": redis_url}, logs)
        )
        for result in results:
            if result.in_process.ms >= STATEMENT_TIMEOUT_MS:
                result.not_loaded = f"one request took {result.in_process.ms / 1000:.0f} s"
                print(f"Not loading {result.page.name}: {result.not_loaded}", file=sys.stderr)
                continue
            print(f"Load: {result.page.name} {result.page.path}", file=sys.stderr)
            result.baseline = run_load(baseline, result.page.path, options)
            result.app = run_load(app, result.page.path, options)
            if cached:
                result.cached = run_load(cached, result.page.path, options)


def run_load(server: load.Server, path: str, options: argparse.Namespace) -> load.LoadResult:
    server.answers(timeout=60, path=path)  # warm up (and, cached, fill the cache)
    outcome = load.drive(
        server.url + path,
        duration=options.duration,
        connections=options.connections,
        threads=options.threads,
    )
    print(
        f"  {server.name:<14} {outcome.per_second:8.1f} req/s"
        f"  p95 {report.number(outcome.p95_ms)} ms  errors {outcome.errors}",
        file=sys.stderr,
    )
    server.settle()
    return outcome


def is_read(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("SELECT", "WITH"))


def explain(result: PageResult) -> list[tuple[str, float, str]]:
    """EXPLAIN (ANALYZE, BUFFERS) of the page's slowest captured reads."""
    from django.db import OperationalError

    slowest = sorted(
        ((sql, ms) for sql, ms in result.in_process.statements if is_read(sql)),
        key=lambda item: -item[1],
    )[:EXPLAINED_PER_PAGE]
    plans = []
    for sql, ms in slowest:
        try:
            plan = explain_one(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        except OperationalError as error:  # the statement timeout: show the plan alone
            plan = (
                f"EXPLAIN ANALYZE gave up: {error}".strip() + "\n" + explain_one(f"EXPLAIN {sql}")
            )
        plans.append((sql, ms, plan))
    return plans


def explain_one(statement: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement)
        return "\n".join(row[0] for row in cursor.fetchall())


def metadata(options: argparse.Namespace, redis_url: str | None, seconds: float) -> dict:
    from django.db import connection

    from practices.models import Practice

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "published_practices": Practice.objects.published().count(),
        "duration_s": options.duration,
        "connections": options.connections,
        "threads": options.threads,
        "gunicorn": "2 sync workers, DEBUG=false",
        "cache": redis_url or "off",
        "cpus": os.cpu_count(),
        "postgresql": postgres,
        "total_seconds": round(seconds),
    }


if __name__ == "__main__":
    main()
