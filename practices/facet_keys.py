"""PostgreSQL: the practice list's filters and facet counts from one indexed array.

`practices_practice.facet_keys` (migration 0006, kept current by triggers on every write
path) holds one bigint per term a practice can be filtered or counted by, `kind << 40 | id`:
its themes, target groups, cities, their countries and broad regions, its lead and partner
organisations, commitments and their frameworks; a generated column per kind
(`facet_themes`…, GIN-indexed, and all in one covering index) holds that kind's keys.
`practices_facet_total` holds the counts of the whole published catalogue. This module is
the one place that reads them:

- `FacetKeysMixin` makes a filter match `facet_themes && ARRAY[...]` instead of joining
  the link tables;
- `count_facets` counts every facet of a list in one statement: one materialised set per
  distinct combination of filters (all of them, and all but each active faceted filter),
  each read once from the covering index, the keys of the kinds it counts unnested once
  and grouped, labels joined in the same statement; the unfiltered catalogue reads the
  totals instead.

Other databases keep filtering and counting through the link tables (practices/facets.py).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db import connections, models
from django.db.models import BooleanField, Func, QuerySet, Value
from django.db.models.expressions import Expression
from django.db.models.functions import Cast
from django.utils import translation
from django_countries import countries

from cities.models import City, Organisation
from cities.regions import Region
from core.filters import chosen
from practices.models import Commitment, Framework, Practice, TargetGroup, Theme

SHIFT = 40


class FacetKind(enum.IntEnum):
    THEME = 1
    TARGET_GROUP = 2
    CITY = 3
    COUNTRY = 4
    ORGANISATION = 5
    COMMITMENT = 6
    FRAMEWORK = 7
    REGION = 8


# As migration 0006 numbers them.
REGION_NUMBERS = {
    Region.AFRICA: 1,
    Region.AMERICAS: 2,
    Region.ASIA: 3,
    Region.EUROPE: 4,
    Region.OCEANIA: 5,
}
REGIONS_BY_NUMBER = {number: region for region, number in REGION_NUMBERS.items()}

# Each kind's generated column, as migration 0006 names them.
COLUMNS = {
    FacetKind.THEME: "facet_themes",
    FacetKind.TARGET_GROUP: "facet_target_groups",
    FacetKind.CITY: "facet_cities",
    FacetKind.COUNTRY: "facet_countries",
    FacetKind.ORGANISATION: "facet_organisations",
    FacetKind.COMMITMENT: "facet_commitments",
    FacetKind.FRAMEWORK: "facet_frameworks",
    FacetKind.REGION: "facet_regions",
}


def facet_key(kind: FacetKind, value) -> int:
    """The key of one term: a model instance or pk, a country code, a region."""
    if kind is FacetKind.COUNTRY:
        code = str(value).upper()
        number = ord(code[0]) * 256 + ord(code[1])
    elif kind is FacetKind.REGION:
        number = REGION_NUMBERS[Region(value)]
    else:
        number = int(getattr(value, "pk", value))
    return int(kind) << SHIFT | number


def published_totals(kind: FacetKind, values: Iterable) -> dict[int, int] | None:
    """Published practices per term (pk → count) of the whole catalogue, read from the
    trigger-kept totals on PostgreSQL: one indexed read, whatever the catalogue's size.
    None on other databases (count from the link tables there)."""
    alias = Practice.objects.db
    if connections[alias].vendor != "postgresql":
        return None
    keys = {str(facet_key(kind, value)): getattr(value, "pk", value) for value in values}
    if not keys:
        return {}
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT term, practices FROM practices_facet_total WHERE term = ANY(%s)", [list(keys)]
        )
        return {keys[term]: count for term, count in cursor.fetchall() if count > 0}


def uses_facet_keys(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


class FacetKeys(Expression):
    """The keys of one kind, a column of the query's own table under whatever alias it has."""

    output_field = ArrayField(models.BigIntegerField())

    def __init__(self, kind: FacetKind):
        super().__init__()
        self.kind = kind

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        column = connection.ops.quote_name(COLUMNS[self.kind])
        return f"{compiler.quote_name_unless_alias(alias)}.{column}", []


class _Overlaps(Func):
    arg_joiner = " && "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def having_any(kind: FacetKind, values: Iterable) -> _Overlaps:
    """A condition: the practice has at least one of these terms."""
    keys = sorted({facet_key(kind, value) for value in values})
    return _Overlaps(FacetKeys(kind), Cast(Value(keys), ArrayField(models.BigIntegerField())))


class FacetKeysMixin:
    """On PostgreSQL a filter matches through `facet_keys`; elsewhere through the relations."""

    def __init__(self, *args, facet_kind: FacetKind, **kwargs):
        self.facet_kind = facet_kind
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not chosen(value) or not uses_facet_keys(qs):
            return super().filter(qs, value)
        return qs.filter(having_any(self.facet_kind, value))


# ---------------------------------------------------------------- counting


@dataclass(frozen=True)
class Counted:
    """How a facet is counted from a set of practices: by its keys of one kind, or by the
    values of a column (`instrument`, `scope`, `end_year`: the columns the catalogue-wide
    totals know), optionally turned into the facet's options by `reduce` ({value: n} to
    {option: n}, e.g. end years to ongoing / ended)."""

    kind: FacetKind | None = None
    column: str = ""
    reduce: Callable[[dict[str, int]], dict[str, int]] | None = None


def _label_sql(kind: FacetKind) -> str | None:
    """SELECT key, value, label FROM … for a kind whose options are rows of a table."""
    qn = connections["default"].ops.quote_name
    simple = {
        FacetKind.THEME: Theme,
        FacetKind.TARGET_GROUP: TargetGroup,
        FacetKind.CITY: City,
        FacetKind.ORGANISATION: Organisation,
    }
    key = f"(({int(kind)}::bigint << {SHIFT}) | option.id)"
    if kind in simple:
        table = qn(simple[kind]._meta.db_table)
        # Organisations an official proposed stay out until an editor confirms them.
        where = (
            f" WHERE option.status = '{Organisation.Status.ACTIVE.value}'"
            if kind is FacetKind.ORGANISATION
            else ""
        )
        return f"SELECT {key}, option.slug, option.name FROM {table} AS option{where}"
    if kind is FacetKind.FRAMEWORK:
        table = qn(Framework._meta.db_table)
        return (
            f"SELECT {key}, option.slug, coalesce(nullif(option.short_name, ''), option.name)"
            f" FROM {table} AS option"
        )
    if kind is FacetKind.COMMITMENT:
        return (
            f"SELECT {key}, option.slug,"
            " coalesce(nullif(framework.short_name, ''), framework.name)"
            " || ' ' || option.number || ': ' || option.title"
            f" FROM {qn(Commitment._meta.db_table)} AS option"
            f" JOIN {qn(Framework._meta.db_table)} AS framework"
            " ON framework.id = option.framework_id"
        )
    return None


class FacetCounts(dict):
    """{facet: {value: (label, count)}}; `sampled`: the facets counted from a sample."""

    def __init__(self, *args, sampled: Iterable[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.sampled = set(sampled)


SAMPLE_MARK = "~sample:"  # no facet is named so


def count_facets(
    groups: Sequence[tuple[QuerySet, Sequence[tuple[str, Counted]]]],
    *,
    sample: int | None = None,
) -> FacetCounts:
    """{facet: {value: (label, count)}} for every facet, in one statement.

    Each group is a queryset (the list with some filters applied) and the facets counted
    over it, by name. A group that is the whole published catalogue reads the totals the
    triggers keep; any other is read once, into a materialised set: at most `sample` rows
    of it, so that a common word or a broad filter costs no more than a rare one. The
    facets of a group that reached `sample` rows are counted over those rows only and
    are named in the result's `sampled`.
    """
    ctes, cte_params, branches, params = [], [], [], []
    sampled_groups: dict[str, list[str]] = {}
    kinds_needed: set[FacetKind] = set()
    for number, (queryset, named) in enumerate(groups):
        kinds = [int(counted.kind) for _name, counted in named if counted.kind is not None]
        kinds_needed.update(FacetKind(kind) for kind in kinds)
        columns = [(name, counted.column) for name, counted in named if counted.column]
        if _is_whole_catalogue(queryset):
            if kinds:
                branches.append(
                    "SELECT NULL::text, NULL::text, term::bigint, practices::bigint"
                    " FROM practices_facet_total WHERE practices > 0 AND term ~ '^[0-9]+$'"
                    f" AND term::bigint >> {SHIFT} = ANY(%s)"
                )
                params.append(kinds)
            for name, column in columns:
                branches.append(
                    "SELECT %s, nullif(substr(term, %s), ''), NULL::bigint, practices::bigint"
                    " FROM practices_facet_total WHERE practices > 0 AND starts_with(term, %s)"
                )
                params += [name, len(column) + 2, f"{column}:"]
            continue
        name = f"facet_set_{number}"
        values = {f"k_{kind}": FacetKeys(FacetKind(kind)) for kind in kinds} | {
            f"c_{facet}": models.F(column) for facet, column in columns
        }
        rows = queryset.order_by().values(**values)
        rows.query.distinct = False  # every filter here matches on the practice's own row
        if sample:
            rows = rows[:sample]
            sampled_groups[name] = [facet for facet, _counted in named]
            branches.append(f"SELECT %s, NULL::text, NULL::bigint, count(*) FROM {name}")
            params.append(SAMPLE_MARK + name)
        sql, sql_params = rows.query.sql_with_params()
        ctes.append(f"{name} AS MATERIALIZED ({sql})")
        cte_params += sql_params
        if kinds:
            keys = " || ".join(f"k_{kind}" for kind in kinds)
            branches.append(
                "SELECT NULL::text, NULL::text, key, count(*) FROM"
                f" (SELECT unnest({keys}) AS key FROM {name}) AS keys GROUP BY key"
            )
        for facet, _column in columns:
            branches.append(
                f"SELECT %s, c_{facet}::text, NULL::bigint, count(*) FROM {name} GROUP BY c_{facet}"
            )
            params.append(facet)
    labels = [sql for kind in sorted(kinds_needed) if (sql := _label_sql(kind))]
    label_join = (
        f" LEFT JOIN ({' UNION ALL '.join(labels)}) AS labels(key, value, label)"
        " ON labels.key = counts.key"
        if labels
        else ""
    )
    label_columns = "labels.value, labels.label" if labels else "NULL, NULL"
    statement = (
        f"{'WITH ' + ', '.join(ctes) if ctes else ''}"
        f" SELECT counts.facet, counts.value, counts.key, counts.n, {label_columns}"
        f" FROM ({' UNION ALL '.join(branches)}) AS counts(facet, value, key, n){label_join}"
    )
    by_kind = {counted.kind: name for _qs, named in groups for name, counted in named}
    counted_by_name = {name: counted for _qs, named in groups for name, counted in named}
    by_value: dict[str, dict[str, int]] = {name: {} for name in counted_by_name}
    result = FacetCounts({name: {} for name in counted_by_name})
    with connections[groups[0][0].db].cursor() as cursor:
        cursor.execute(statement, [*cte_params, *params])
        for facet, value, key, n, option_value, option_label in cursor.fetchall():
            if facet is not None and facet.startswith(SAMPLE_MARK):
                if n >= sample:
                    result.sampled.update(sampled_groups[facet.removeprefix(SAMPLE_MARK)])
                continue
            if key is None:
                by_value[facet][value or ""] = n
                continue
            kind, number = FacetKind(key >> SHIFT), key & ((1 << SHIFT) - 1)
            if kind is FacetKind.COUNTRY:
                code = chr(number >> 8) + chr(number & 255)
                result[by_kind[kind]][code] = (_country_name(code, translation.get_language()), n)
            elif kind is FacetKind.REGION:
                region = REGIONS_BY_NUMBER[number]
                result[by_kind[kind]][region.value] = (str(region.label), n)
            elif option_value is not None:
                result[by_kind[kind]][option_value] = (option_label, n)
    for name, counts in by_value.items():
        reduce = counted_by_name[name].reduce
        for value, n in (reduce(counts) if reduce else counts).items():
            if value and n:
                result[name][value] = (value, n)
    return result


def _is_whole_catalogue(queryset: QuerySet) -> bool:
    """Whether the set is every published practice, whose counts the totals table holds."""
    return str(queryset.order_by().values("pk").query) == _whole_catalogue_sql(queryset.db)


@functools.cache
def _whole_catalogue_sql(alias: str) -> str:
    return str(Practice.objects.using(alias).published().order_by().values("pk").query)


@functools.lru_cache(maxsize=4096)
def _country_name(code: str, language: str | None) -> str:
    """A country's name in `language` (the active one), looked up once per process."""
    return str(countries.name(code)) or code
