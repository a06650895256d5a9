"""The yardstick: a bare WSGI app that replays a page's SQL with psycopg2 and json.dumps.

`make bench` captures the statements Django runs for one request of each page and
writes them to a JSON file ({path with query string: [sql, ...]}); this app,
served by gunicorn exactly like the portal, answers the same path by running those
statements and returning their rows as JSON. No Django, no ORM, no templates:
what the portal adds on top of its SQL is the gap between the two.

    BENCH_BASELINE_SQL=statements.json BENCH_BASELINE_DSN=postgres://… \\
        gunicorn tests.bench.baseline:application
"""

import json
import os
from functools import cache

import psycopg2


@cache
def statements() -> dict[str, list[str]]:
    with open(os.environ["BENCH_BASELINE_SQL"], encoding="utf-8") as file:
        return json.load(file)


@cache
def connection():
    database = psycopg2.connect(os.environ["BENCH_BASELINE_DSN"])
    database.autocommit = True
    return database


def run(sql_statements: list[str]) -> list[list[dict]]:
    results = []
    with connection().cursor() as cursor:
        for sql in sql_statements:
            cursor.execute(sql)
            if cursor.description is None:
                results.append([])
                continue
            columns = [column.name for column in cursor.description]
            results.append([dict(zip(columns, row, strict=True)) for row in cursor.fetchall()])
    return results


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if environ.get("QUERY_STRING"):
        path += "?" + environ["QUERY_STRING"]
    sql_statements = statements().get(path)
    if sql_statements is None:
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b'{"detail": "no statements captured for this path"}']
    body = json.dumps({"results": run(sql_statements)}, default=str).encode()
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
