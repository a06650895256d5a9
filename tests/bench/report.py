"""The benchmark's table, its pass/miss verdicts and the JSON and EXPLAIN files."""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.bench.load import LoadResult

CACHED_MIN_RATIO = 2.0  # cache hits served at ≥ 2× the bare baseline


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    p95_target_ms: float
    min_ratio: float | None = None  # app req/s over baseline req/s


@dataclass
class InProcess:
    """One request through Django's test client, with its SQL captured."""

    status: int
    ms: float
    queries: int
    sql_ms: float
    statements: list[tuple[str, float]] = field(repr=False)  # (sql, ms)


@dataclass
class PageResult:
    page: Page
    in_process: InProcess
    app: LoadResult | None = None
    baseline: LoadResult | None = None
    cached: LoadResult | None = None
    not_loaded: str = ""  # why no load was run (a single request already too slow)

    @property
    def ratio(self) -> float | None:
        if self.app and self.baseline and self.baseline.per_second:
            return self.app.per_second / self.baseline.per_second
        return None

    @property
    def cached_ratio(self) -> float | None:
        if self.cached and self.baseline and self.baseline.per_second:
            return self.cached.per_second / self.baseline.per_second
        return None

    def checks(self) -> dict[str, bool]:
        """Each target of the issue that applies to this page, met or missed."""
        app = self.app
        verdicts = {
            f"p95 < {self.page.p95_target_ms:g} ms": bool(
                app and app.p95_ms is not None and app.p95_ms < self.page.p95_target_ms
            )
            and app.errors == 0
        }
        if self.page.min_ratio is not None:
            verdicts[f"≥ {self.page.min_ratio:.0%} of baseline"] = (self.ratio or 0) >= (
                self.page.min_ratio
            )
        if self.cached is not None:
            verdicts[f"cached ≥ {CACHED_MIN_RATIO:g}× baseline"] = (
                self.cached_ratio or 0
            ) >= CACHED_MIN_RATIO and self.cached.errors == 0
        return verdicts

    def as_json(self) -> dict:
        in_process = asdict(self.in_process)
        in_process.pop("statements")
        return {
            "page": asdict(self.page),
            "in_process": in_process,
            "app": self.app and {**asdict(self.app), "per_second": self.app.per_second},
            "baseline": self.baseline
            and {**asdict(self.baseline), "per_second": self.baseline.per_second},
            "cached": self.cached and {**asdict(self.cached), "per_second": self.cached.per_second},
            "ratio_to_baseline": self.ratio,
            "cached_ratio_to_baseline": self.cached_ratio,
            "checks": self.checks(),
            "not_loaded": self.not_loaded,
        }


COLUMNS = (
    ("page", 15),
    ("status", 6),
    ("p50 ms", 8),
    ("p95 ms", 8),
    ("p99 ms", 8),
    ("req/s", 7),
    ("errors", 6),
    ("queries", 7),
    ("SQL ms", 8),
    ("Django ms", 9),
    ("base r/s", 8),
    ("ratio", 6),
    ("cached r/s", 10),
    ("×base", 6),
    ("result", 0),
)


def table(results: list[PageResult]) -> str:
    lines = [" ".join(f"{title:>{width}}" for title, width in COLUMNS).strip()]
    for result in results:
        app, cached = result.app, result.cached
        misses = [check for check, passed in result.checks().items() if not passed]
        cells = (
            result.page.name,
            result.in_process.status,
            number(app and app.p50_ms),
            number(app and app.p95_ms),
            number(app and app.p99_ms),
            number(app and app.per_second),
            app.errors if app else "—",
            result.in_process.queries,
            number(result.in_process.sql_ms),
            number(result.in_process.ms),
            number(result.baseline and result.baseline.per_second),
            percent(result.ratio),
            number(cached and cached.per_second),
            times(result.cached_ratio),
            verdict(misses, result.not_loaded),
        )
        lines.append(
            " ".join(
                f"{cell!s:<{width}}" if title == "page" else f"{cell!s:>{width}}"
                for (title, width), cell in zip(COLUMNS, cells, strict=True)
            )
        )
    return "\n".join(lines)


def verdict(misses: list[str], not_loaded: str) -> str:
    if not misses:
        return "pass"
    return "MISS " + "; ".join(misses) + (f" (not loaded: {not_loaded})" if not_loaded else "")


def targets_legend(results: list[PageResult]) -> str:
    return "\n".join(
        f"  {result.page.name:<15} {result.page.path}  targets: {', '.join(result.checks())}"
        for result in results
    )


def number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def times(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}×"


def write_json(path: Path, meta: dict, results: list[PageResult]) -> None:
    document = {"meta": meta, "pages": [result.as_json() for result in results]}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_explains(
    path: Path, plans: list[tuple[PageResult, list[tuple[str, float, str]]]]
) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of each page's slowest queries, page by page."""
    with path.open("w", encoding="utf-8") as file:
        for result, queries in plans:
            file.write(f"{'=' * 100}\n{result.page.name}  {result.page.path}\n")
            file.write(
                f"{result.in_process.queries} queries, {result.in_process.sql_ms:.1f} ms of SQL\n"
            )
            for sql, ms, plan in queries:
                file.write(f"\n--- {ms:.1f} ms in the captured request\n{sql}\n\n{plan}\n")
            file.write("\n")
