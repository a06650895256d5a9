"""The full schemathesis run: every check, every phase (stateful too), against a real server.

`make schemathesis` builds a throw-away SQLite database in a temporary folder, loads the
initial data and a partner account with an API token, starts the development server
(`runserver`, the server `make demo` uses) on 127.0.0.1 at a free port, and runs
`schemathesis run` over /api/schema/ with `--checks all` and the examples, coverage,
fuzzing and stateful phases, with the partner's token. One check is adjusted, for the
reason given in tests/fuzz/hooks.py.
The run is bounded by SCHEMATHESIS_MAX_TIME seconds (default 300) and
SCHEMATHESIS_MAX_EXAMPLES per operation (default 100); its exit status is the run's.
The suite's bounded run is tests/api/test_schema.py.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MAX_TIME = os.environ.get("SCHEMATHESIS_MAX_TIME", "300")
MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "100")

PARTNER_TOKEN = """
from django.contrib.auth import get_user_model
from knox.models import AuthToken
user, _ = get_user_model().objects.get_or_create(
    username="fuzz-partner@example.org", defaults={"email": "fuzz-partner@example.org"}
)
print(AuthToken.objects.create(user=user)[1])
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args: str, env: dict) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def wait_for(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("The development server stopped before it answered.")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"No answer from {url} within {seconds} s.")


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="ice-schemathesis-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{folder / 'fuzz.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "EMAIL_URL": "consolemail://",
        "API_ANON_RATE": "1000000/min",
        "API_USER_RATE": "1000000/min",
        "LOG_LEVEL": "WARNING",
        "SCHEMATHESIS_HOOKS": "tests.fuzz.hooks",
    }
    env.pop("REDIS_URL", None)
    manage("migrate", "--noinput", env=env)
    manage("load_initial_data", env=env)
    token = manage("shell", "-c", PARTNER_TOKEN, env=env).strip().splitlines()[-1]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603 - our own manage.py, loopback only
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"{base}/api/schema/", server)
        command = [
            str(BIN / "schemathesis"),
            "run",
            f"{base}/api/schema/",
            "--checks",
            "all",
            # Replaced by tests/fuzz/hooks.py: a slug that names no record is a 400.
            "--exclude-checks",
            "positive_data_acceptance",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-time",
            MAX_TIME,
            "--max-examples",
            MAX_EXAMPLES,
            "--header",
            f"Authorization: Token {token}",
            "--request-timeout",
            "30",
            "--workers",
            "1",
            "--report",
            "junit",
            "--report-dir",
            str(folder / "report"),
            *sys.argv[1:],
        ]
        print("$", " ".join(command).replace(token, "<token>"), flush=True)
        # From the temporary folder, so schemathesis' example database stays out of the tree.
        fuzz_env = {**env, "PYTHONPATH": str(ROOT)}
        status = subprocess.call(command, cwd=folder, env=fuzz_env)  # noqa: S603
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    print(f"Server log and JUnit report: {folder}")
    return status


if __name__ == "__main__":
    sys.exit(main())
