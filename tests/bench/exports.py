"""Time the /data/ downloads on a generated catalogue (see generate.py): rows per second
and peak Python memory (tracemalloc) while the whole file is streamed and thrown away.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ice_bench \\
        .venv/bin/python -m tests.bench.exports practices.csv practices.geojson
"""

import os
import sys
import time
import tracemalloc


def measure(path: str) -> dict:
    from django.test import Client

    client = Client()
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(f"/data/{path}")
    lines = size = 0
    for part in response.streaming_content:
        size += len(part)
        lines += part.count(b"\n") if path.endswith(".csv") else part.count(b'"Feature"')
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows = lines - 1 if path.endswith(".csv") else lines
    return {
        "path": path,
        "status": response.status_code,
        "rows": rows,
        "seconds": round(elapsed, 2),
        "rows_per_second": round(rows / elapsed),
        "megabytes": round(size / 1e6, 1),
        "peak_memory_mb": round(peak / 1e6, 1),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    for path in sys.argv[1:] or ["practices.csv", "practices.geojson"]:
        print(measure(path), flush=True)


if __name__ == "__main__":
    main()
