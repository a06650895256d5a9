"""The benchmark harness: its verdicts against the issue's targets, and the bare baseline."""

import json

import pytest
from django.db import connection
from psycopg2.extensions import make_dsn

from tests.bench import baseline, report
from tests.bench.load import LoadResult
from tests.bench.report import InProcess, Page, PageResult


def load_result(per_second: float, p95_ms: float, errors: int = 0) -> LoadResult:
    return LoadResult(
        requests=int(per_second * 10),
        seconds=10,
        p50_ms=p95_ms / 2,
        p95_ms=p95_ms,
        p99_ms=p95_ms * 2,
        max_ms=p95_ms * 3,
        errors=errors,
        timeouts=0,
        non_2xx=errors,
    )


def page_result(app: LoadResult, *, cached: LoadResult | None = None) -> PageResult:
    return PageResult(
        Page("api-list", "/api/v1/practices/", 50, min_ratio=0.5),
        InProcess(status=200, ms=12.0, queries=3, sql_ms=4.0, statements=[]),
        app=app,
        baseline=load_result(per_second=200, p95_ms=10),
        cached=cached,
    )


def test_a_page_passes_when_every_target_is_met():
    result = page_result(load_result(150, 40), cached=load_result(500, 5))

    assert result.checks() == {
        "p95 < 50 ms": True,
        "≥ 50% of baseline": True,
        "cached ≥ 2× baseline": True,
    }
    assert result.ratio == pytest.approx(0.75)
    assert report.table([result]).splitlines()[1].endswith("pass")


def test_misses_are_named_in_the_table_and_the_json():
    result = page_result(load_result(50, 180), cached=load_result(300, 8))

    row = report.table([result]).splitlines()[1]
    assert row.endswith("MISS p95 < 50 ms; ≥ 50% of baseline; cached ≥ 2× baseline")
    assert result.as_json()["checks"]["≥ 50% of baseline"] is False


def test_errors_under_load_fail_the_latency_target():
    assert page_result(load_result(150, 40, errors=3)).checks()["p95 < 50 ms"] is False


def test_a_page_that_never_answered_under_load_is_a_miss():
    result = page_result(LoadResult(0, 10, None, None, None, None, 0, 0, 0))

    assert result.checks() == {"p95 < 50 ms": False, "≥ 50% of baseline": False}
    assert "—" in report.table([result])


def test_a_page_too_slow_to_load_says_why():
    result = page_result(None)
    result.baseline, result.not_loaded = None, "one request took 31 s"

    row = report.table([result]).splitlines()[1]
    assert row.endswith("MISS p95 < 50 ms; ≥ 50% of baseline (not loaded: one request took 31 s)")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the baseline uses psycopg2")
@pytest.mark.django_db
def test_baseline_replays_the_captured_statements_of_a_path(tmp_path, monkeypatch):
    statements = tmp_path / "statements.json"
    statements.write_text(json.dumps({"/api/v1/x/?q=a": ["SELECT 1 AS one, 'Malmö' AS city"]}))
    settings = connection.settings_dict
    parts = {key.lower(): settings[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}
    parts["dbname"] = parts.pop("name")
    monkeypatch.setenv("BENCH_BASELINE_SQL", str(statements))
    monkeypatch.setenv("BENCH_BASELINE_DSN", make_dsn(**{k: v for k, v in parts.items() if v}))
    baseline.statements.cache_clear()
    baseline.connection.cache_clear()
    answers = []

    def start_response(status, headers):
        answers.append(status)

    body = b"".join(
        baseline.application({"PATH_INFO": "/api/v1/x/", "QUERY_STRING": "q=a"}, start_response)
    )
    missing = b"".join(baseline.application({"PATH_INFO": "/elsewhere/"}, start_response))

    assert json.loads(body) == {"results": [[{"one": 1, "city": "Malmö"}]]}
    assert answers == ["200 OK", "404 Not Found"]
    assert b"no statements" in missing
    baseline.connection().close()
    baseline.connection.cache_clear()
