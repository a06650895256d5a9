"""Pagination of the API lists: page numbers or a cursor, and a count that stays cheap.

- `page` (from 1) and `page_size` (1 to 100, 20 by default; more than 100 is a 400);
- `cursor`: an opaque, signed position in the list's order, as the `next` and `previous`
  links carry it. Reading on from a cursor seeks in the ordering's index (keyset
  pagination), so the millionth result costs what the twentieth does; a page number
  makes the database skip every row before it.
- `count` is exact below EXACT_COUNT_LIMIT, PostgreSQL's estimate above it, and
  `count_is_estimate` says which (core.counts).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.db import connections
from django.db.models import F, IntegerField, OrderBy, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.counts import ESTIMATE_MARGIN, ResultCount, count_results, planner_estimate
from core.search import ranked_head

CURSOR_SALT = "core.api.pagination.cursor"


def _whole_number(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise ValidationError({name: [_("Give a whole number from 1 upwards.")]})
    value = int(raw)
    if value < 1:
        raise ValidationError({name: [_("Give a whole number from 1 upwards.")]})
    return value


@dataclass(frozen=True)
class _Term:
    """One field of the list's ordering."""

    name: str
    descending: bool


def _ordering_terms(queryset: QuerySet) -> list[_Term] | None:
    """The ordering as model fields, or None when it sorts by something else (relevance)."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    terms = []
    for term in ordering:
        if isinstance(term, OrderBy) and isinstance(term.expression, F):
            name, descending = term.expression.name, term.descending
        elif isinstance(term, str):
            name, descending = term.lstrip("-"), term.startswith("-")
        else:
            return None
        if name == "pk":
            name = queryset.model._meta.pk.name
        if "__" in name or name not in {f.name for f in queryset.model._meta.concrete_fields}:
            return None
        terms.append(_Term(name, descending))
    return terms if terms and terms[-1].name == queryset.model._meta.pk.name else None


class _CountOf(Subquery):
    """The number of rows a (possibly sliced) queryset gives, as a column of another query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def _with_count(queryset: QuerySet) -> QuerySet:
    """The queryset with `_list_count`: what core.counts counts, in the same query as the page.

    Bounded at EXACT_COUNT_LIMIT + 1 on PostgreSQL, as `count_results` is.
    """
    counted = queryset.order_by().values("pk")
    if connections[queryset.db].vendor == "postgresql":
        counted = counted[: settings.EXACT_COUNT_LIMIT + 1]
    return queryset.annotate(_list_count=_CountOf(counted))


def _estimate_if_large(queryset: QuerySet) -> ResultCount | None:
    """PostgreSQL's estimate of the list's size when it is far above EXACT_COUNT_LIMIT (the
    count core.counts would give), else None: the page's own query then counts exactly."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    estimate = planner_estimate(queryset.order_by())
    if estimate > settings.EXACT_COUNT_LIMIT * ESTIMATE_MARGIN:
        return ResultCount(estimate, is_estimate=True)
    return None


def _result_count(queryset: QuerySet, rows: list) -> ResultCount:
    """The list's count, from its page's rows when it has some (no query of its own)."""
    if not rows:
        return count_results(queryset)
    counted = rows[0]._list_count
    limit = settings.EXACT_COUNT_LIMIT
    if connections[queryset.db].vendor == "postgresql" and counted > limit:
        return ResultCount(max(planner_estimate(queryset), limit + 1), is_estimate=True)
    return ResultCount(counted)


def _encode(value):
    if isinstance(value, datetime.datetime | datetime.date | Decimal):
        return str(value.isoformat() if hasattr(value, "isoformat") else value)
    return value


class PortalPagination(BasePagination):
    page_size = 20
    max_page_size = 100
    page_query_param = "page"
    page_size_query_param = "page_size"
    page_size_query_description = "Results per page, from 1 to 100; more than 100 is a 400."
    cursor_query_param = "cursor"

    # ---------------------------------------------------------------- reading the query

    def get_page_size(self, request) -> int:
        size = _whole_number(request, self.page_size_query_param)
        if size is not None and size > self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give at most %(max)d results per page.") % {"max": self.max_page_size}
                    ]
                }
            )
        return self.page_size if size is None else size

    def _page_number(self, request) -> int:
        raw = request.query_params.get(self.page_query_param)
        if not raw:
            return 1
        if not (raw.isascii() and raw.isdigit()):
            raise ValidationError({self.page_query_param: [_("Give a whole number from 1.")]})
        if len(raw) > 18 or int(raw) < 1:
            # Page 0, or digits too many to be a page of this catalogue: out of range.
            raise NotFound(_("There is no page %(page)s.") % {"page": raw[:30]})
        return int(raw)

    def _cursor(self, raw: str, terms: list[_Term] | None) -> tuple[bool, list]:
        """(backwards, values of the row to start after) from a cursor, or a 400."""
        problem = ValidationError(
            {
                self.cursor_query_param: [
                    _("This cursor is not one of ours; follow the next and previous links.")
                ]
            }
        )
        if terms is None:
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        _("Results sorted by relevance have page numbers only; use page.")
                    ]
                }
            )
        if len(raw) > 2000:
            raise problem
        try:
            data = signing.loads(raw, salt=CURSOR_SALT)
            backwards, order, values = bool(data["b"]), data["o"], list(data["v"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise problem from None
        if order != self._order_signature(terms) or len(values) != len(terms):
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        _("This cursor belongs to another ordering or list; start again.")
                    ]
                }
            )
        return backwards, values

    def _order_signature(self, terms: list[_Term]) -> str:
        return ",".join(("-" if term.descending else "") + term.name for term in terms)

    # ---------------------------------------------------------------- paginating

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size_now = self.get_page_size(request)
        self.terms = _ordering_terms(queryset)
        counted = _with_count(queryset)
        raw_cursor = request.query_params.get(self.cursor_query_param)
        if raw_cursor is not None:
            if request.query_params.get(self.page_query_param):
                raise ValidationError(
                    {self.cursor_query_param: [_("Give either a page or a cursor, not both.")]}
                )
            backwards, values = self._cursor(raw_cursor, self.terms)
            rows = self._seek(counted, values, backwards)
            self.number = None
            self.has_previous, self.has_next = (self.more, True) if backwards else (True, self.more)
        else:
            self.number = self._page_number(request)
            offset = (self.number - 1) * self.page_size_now
            wanted = self.page_size_now + 1
            head, estimate = ranked_head(queryset), None
            if head is not None:
                # A search by relevance: a common word's count is PostgreSQL's estimate (the
                # bounded count would unpack thousands of rows), its page the ranked head's.
                estimate = count_results(queryset)
                rows = list(head[offset : offset + wanted])
                if len(rows) < wanted:
                    rows = list(queryset[offset : offset + wanted])
            else:
                estimate = _estimate_if_large(queryset)
                # Far above the exact-count limit, counting even the first rows costs more
                # than the page (10,001 rows of an index for a common theme: 26 ms).
                source = counted if estimate is None else queryset
                rows = list(source[offset : offset + wanted])
            self.more = len(rows) > self.page_size_now
            rows = rows[: self.page_size_now]
            if not rows and self.number > 1:
                raise NotFound(_("There is no page %(page)s.") % {"page": self.number})
            self.has_previous, self.has_next = self.number > 1, self.more
            if estimate is not None:
                self.result_count, self.rows = estimate, rows
                return rows
        self.result_count = _result_count(queryset, rows)
        self.rows = rows
        return rows

    def _seek(self, queryset: QuerySet, values: list, backwards: bool) -> list:
        """The page after (or, backwards, before) the row with these ordering values."""
        model = queryset.model
        values = [
            None if value is None else model._meta.get_field(term.name).to_python(value)
            for term, value in zip(self.terms, values, strict=True)
        ]
        nulls_largest = connections[queryset.db].features.nulls_order_largest
        condition = _after(self.terms, values, backwards, nulls_largest)
        if backwards:
            ordering = [(term.name if term.descending else f"-{term.name}") for term in self.terms]
            queryset = queryset.order_by(*ordering)
        rows = list(queryset.filter(condition)[: self.page_size_now + 1])
        self.more = len(rows) > self.page_size_now
        rows = rows[: self.page_size_now]
        return rows[::-1] if backwards else rows

    # ---------------------------------------------------------------- links and body

    def _cursor_link(self, row, backwards: bool) -> str:
        values = [_encode(getattr(row, term.name)) for term in self.terms]
        token = signing.dumps(
            {"b": backwards, "o": self._order_signature(self.terms), "v": values},
            salt=CURSOR_SALT,
            compress=True,
        )
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, token)

    def _page_link(self, number: int) -> str:
        url = remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_next_link(self) -> str | None:
        if not self.has_next or not self.rows:
            return None
        if self.terms is None:
            return self._page_link(self.number + 1)
        return self._cursor_link(self.rows[-1], backwards=False)

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        if self.terms is None or not self.rows:
            return self._page_link(max((self.number or 2) - 1, 1))
        if self.number == 2:
            return self._page_link(1)
        return self._cursor_link(self.rows[0], backwards=True)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.result_count.value,
                "count_is_estimate": self.result_count.is_estimate,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    # ---------------------------------------------------------------- schema

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "count_is_estimate", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "example": 123,
                    "description": "How many results there are: exact below 10,000 "
                    "(the server's EXACT_COUNT_LIMIT), estimated above it.",
                },
                "count_is_estimate": {
                    "type": "boolean",
                    "example": False,
                    "description": "Whether `count` is the database's estimate.",
                },
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page; it carries a `cursor` wherever the "
                    "ordering allows, so following it never re-reads earlier results.",
                },
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page number within the paginated result set.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": self.page_size_query_description,
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "A position in the list, as the `next` and `previous` links "
                "carry it (opaque: do not build one). Not with `page`; not with results "
                "sorted by relevance. An unknown cursor gives 400.",
                "schema": {"type": "string", "minLength": 1},
            },
        ]


def _after(terms: list[_Term], values: list, backwards: bool, nulls_largest: bool) -> Q:
    """Rows after the given ordering values (before them when `backwards`), ties by the rest.

    NULLs sort as the database sorts them: largest on PostgreSQL, smallest on SQLite.
    """
    condition = Q(pk__in=[])
    equal_so_far = Q()
    for term, value in zip(terms, values, strict=True):
        forwards_is_up = term.descending == backwards  # the direction rows continue in
        condition |= equal_so_far & _beyond(term.name, value, forwards_is_up, nulls_largest)
        equal_so_far &= (
            Q(**{f"{term.name}__isnull": True}) if value is None else Q(**{term.name: value})
        )
    first, first_value = terms[0], values[0]
    up = first.descending == backwards
    if first_value is not None and up != nulls_largest:
        # A bound the index can seek to: nothing beyond it is NULL in this direction.
        condition &= Q(**{f"{first.name}__{'gte' if up else 'lte'}": first_value})
    return condition


def _beyond(name: str, value, up: bool, nulls_largest: bool) -> Q:
    """Rows whose `name` comes strictly after `value` going up (or down) the sort order."""
    null_after = nulls_largest == up  # NULLs lie beyond every value in this direction
    if value is None:
        return Q(pk__in=[]) if null_after else Q(**{f"{name}__isnull": False})
    strictly = Q(**{f"{name}__{'gt' if up else 'lt'}": value})
    return strictly | Q(**{f"{name}__isnull": True}) if null_after else strictly
