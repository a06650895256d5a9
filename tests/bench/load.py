"""Serve with gunicorn on loopback and drive it with wrk."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")


def ensure_wrk() -> str:
    """wrk's path, installing Debian's package when we may."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("make bench needs wrk: run `sudo apt-get install wrk` (Debian/Ubuntu).")
    print("Installing wrk with apt-get…", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S607
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)  # noqa: S607
    return shutil.which("wrk") or sys.exit("apt-get did not install wrk.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A gunicorn (2 sync workers) on a free loopback port, stopped on exit whatever happens."""

    def __init__(self, name: str, app: str, env: dict[str, str], logs: Path, workers: int = 2):
        self.name, self.app, self.env, self.workers = name, app, env, workers
        self.log = logs.with_name(f"{logs.name}-{name}.log")
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Server":
        try:
            self.start()
        except BaseException:  # Ctrl-C while it boots: don't leave it behind
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> None:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), self.app, "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(self.workers), "--worker-class", "sync", "--timeout", "60"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True
            )
        self.wait_until_answering(limit=60)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def wait_until_answering(self, limit: float) -> bool:
        """Whether the server answered a request within `limit` seconds."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log}")
            if self.answers(timeout=max(1.0, deadline - time.monotonic())):
                return True
            time.sleep(0.3)
        return False

    def answers(self, timeout: float, path: str = "/robots.txt") -> bool:
        """Whether one GET of `path` got an answer (an error page counts) within `timeout`."""
        try:
            urllib.request.urlopen(self.url + path, timeout=timeout).close()  # noqa: S310
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False
        return True

    def settle(self) -> None:
        """Let requests queued by the last load run finish; restart if they won't."""
        if not self.answers(timeout=60):
            print(f"  {self.name} still busy after 60 s: restarting it", file=sys.stderr)
            self.restart()


@dataclass
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    errors: int  # failed connections, timeouts and non-2xx/3xx answers
    timeouts: int
    non_2xx: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def drive(url: str, *, duration: int, connections: int, threads: int) -> LoadResult:
    """Run wrk against one URL and read the summary its Lua `done` hook prints."""
    command = [ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{duration}s"]
    command += ["--timeout", "30s", "--latency", "-s", str(WRK_SCRIPT), url]
    output = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=True, timeout=duration + 90
    ).stdout
    summary = json.loads(next(line for line in output.splitlines() if line.startswith("{")))
    errors = summary["errors"]
    latency = summary["latency_us"] if summary["requests"] else {}

    def ms(key: str) -> float | None:
        return latency[key] / 1000 if key in latency else None

    return LoadResult(
        requests=summary["requests"],
        seconds=summary["duration_us"] / 1e6,
        p50_ms=ms("p50"),
        p95_ms=ms("p95"),
        p99_ms=ms("p99"),
        max_ms=ms("max"),
        errors=sum(errors.values()),
        timeouts=errors["timeout"],
        non_2xx=errors["status"],
    )
