"""Counting results without paying for an exact COUNT(*) over a huge set.

Below `exact_below` rows a count is exact: a bounded `COUNT(*)` over at most
`exact_below + 1` rows stops as soon as it knows the set is larger. Above it, on
PostgreSQL, the planner's row estimate stands in ("about 32,900 practices") and the
result says so; other databases always count exactly (they hold small catalogues).
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet


@dataclass(frozen=True)
class ResultCount:
    value: int
    is_estimate: bool = False

    def __int__(self) -> int:
        return self.value


# An estimate this many times the exact-count limit is trusted as it is: counting the first
# EXACT_COUNT_LIMIT rows of a common word reads (and unpacks) thousands of rows only to
# learn what the estimate already says.
ESTIMATE_MARGIN = 3


def count_results(queryset: QuerySet, *, exact_below: int | None = None) -> ResultCount:
    """How many rows `queryset` gives: exact when small, estimated when large on PostgreSQL.

    PostgreSQL is asked for its estimate first; far above the limit, that is the answer.
    """
    limit = settings.EXACT_COUNT_LIMIT if exact_below is None else exact_below
    queryset = queryset.order_by()
    if queryset.query.is_empty():
        return ResultCount(0)
    if connections[queryset.db].vendor != "postgresql":
        return ResultCount(queryset.count())
    estimate = planner_estimate(queryset)
    if estimate > limit * ESTIMATE_MARGIN:
        return ResultCount(estimate, is_estimate=True)
    bounded = queryset[: limit + 1].count()
    if bounded <= limit:
        return ResultCount(bounded)
    return ResultCount(max(estimate, limit + 1), is_estimate=True)


def planner_estimate(queryset: QuerySet) -> int:
    """PostgreSQL's estimate of the rows `queryset` returns, from EXPLAIN without running it."""
    sql, params = queryset.values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
