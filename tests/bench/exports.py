"""Time the /data/ downloads on a generated catalogue (see generate.py): rows per second,
then in a second run (tracemalloc slows everything down) the peak Python memory, while
the whole file is streamed and thrown away.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ice_bench \\
        .venv/bin/python -m tests.bench.exports practices.csv practices.geojson
"""

import os
import sys
import time
import tracemalloc


def stream(path: str) -> tuple[int, int]:
    """Fetch the download; its rows (features for GeoJSON) and bytes."""
    from django.test import Client

    response = Client().get(f"/data/{path}")
    assert response.status_code == 200, response.status_code
    lines = size = 0
    for part in response.streaming_content:
        size += len(part)
        lines += part.count(b"\n") if path.endswith(".csv") else part.count(b'"Feature"')
    return (lines - 1 if path.endswith(".csv") else lines), size


def measure(path: str) -> dict:
    started = time.perf_counter()
    rows, size = stream(path)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    stream(path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "path": path,
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
