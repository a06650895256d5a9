"""Start-up configuration: what a deployment gets wrong fails loudly and names the variable."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_database, env_int, env_list

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_settings(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", "import portal.settings"],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_secret_key_stops_with_a_clear_message():
    result = load_settings(DEBUG="false", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_stops():
    result = load_settings(DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="")
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_laptop_needs_no_variables():
    assert load_settings().returncode == 0


def test_malformed_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "sometimes")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        env_bool("DEBUG", default=True)


def test_malformed_number_names_the_variable(monkeypatch):
    monkeypatch.setenv("CONN_MAX_AGE", "a minute")
    with pytest.raises(ImproperlyConfigured, match="CONN_MAX_AGE must be a whole number"):
        env_int("CONN_MAX_AGE", 60)


def test_unknown_database_scheme_names_the_variable(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "nosuchdb://host/name")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database("DATABASE_URL", "sqlite:///x")


def test_database_url_defaults_to_sqlite(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert env_database("DATABASE_URL", "sqlite:////tmp/x.db")["ENGINE"].endswith("sqlite3")


def test_lists_are_split_on_commas(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.org, b.org,")
    assert env_list("ALLOWED_HOSTS") == ["a.org", "b.org"]


def test_pages_carry_a_content_security_policy(client, db):
    policy = client.get("/robots.txt")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


def _database_options(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_STATEMENT_TIMEOUT_MS"}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import portal.settings as s; print(s.DATABASES['default'].get('OPTIONS', {}))",
        ],
        env={**clean, "DATABASE_URL": "postgres://u@127.0.0.1:5432/x", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_postgresql_statements_are_bounded_and_skip_jit():
    default = _database_options()
    configured = _database_options(DATABASE_STATEMENT_TIMEOUT_MS="5000")

    assert "-c statement_timeout=30000 -c jit=off" in default.stdout
    assert "-c statement_timeout=5000 -c jit=off" in configured.stdout


def test_postgresql_queries_start_no_parallel_workers_unless_configured():
    default = _database_options()
    configured = _database_options(DATABASE_PARALLEL_WORKERS="2")
    refused = _database_options(DATABASE_PARALLEL_WORKERS="-1")

    assert "-c max_parallel_workers_per_gather=0" in default.stdout
    assert "-c max_parallel_workers_per_gather=2" in configured.stdout
    assert "DATABASE_PARALLEL_WORKERS must be 0 or more" in refused.stderr


def test_a_negative_statement_timeout_names_the_variable():
    result = _database_options(DATABASE_STATEMENT_TIMEOUT_MS="-1")
    assert result.returncode != 0
    assert "DATABASE_STATEMENT_TIMEOUT_MS must be 0 or more" in result.stderr


@pytest.mark.django_db
def test_the_database_connection_applies_the_timeout():
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting FROM pg_settings WHERE name = 'statement_timeout'")
        timeout = int(cursor.fetchone()[0])
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        cursor.execute("SHOW max_parallel_workers_per_gather")
        parallel_workers = int(cursor.fetchone()[0])
    assert timeout == settings.STATEMENT_TIMEOUT_MS > 0
    assert jit == "off"
    assert parallel_workers == settings.PARALLEL_WORKERS == 0
