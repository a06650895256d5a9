"""Faceted browsing on top of a FilterSet: clean the visitor's query, count each option.

Shared by every faceted list (practices, publications). The FilterSet stays the one
place that says what a filter means; this module only

- cleans a query string so that unknown values and malformed numbers are dropped
  with a message naming them (`clean_query`), never a 500 or an empty page;
- counts, for every option of a facet, the results it would give with the *other*
  filters applied (`compute_facets`): one grouped query per facet, whatever the
  number of options or records;
- describes the active filters as removable chips (`active_filters`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import Subquery
from django.http import QueryDict
from django.utils.translation import gettext as _
from django_countries import countries

from cities.regions import Region, countries_in

MULTIPLE_FIELDS = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option]
    multiple: bool = True

    @property
    def selected(self) -> list[Option]:
        return [option for option in self.options if option.selected]


@dataclass
class Chip:
    """One active filter value, with the URL of the same list without it."""

    name: str
    label: str
    value_label: str
    remove_url: str
    count_without: int | None = None


@dataclass
class FacetSpec:
    """How to count one facet over a queryset of the FilterSet's model.

    `value` is the lookup giving the option's query-string value; `labels` the
    lookups fetched with it for its label (formatted by `label`). `choices` fixes
    the options for choice fields (instrument, scope…); otherwise every option with
    results is shown, plus the selected ones.
    """

    name: str
    value: str = ""
    labels: tuple[str, ...] = ()
    label: Callable[[dict], str] | None = None
    choices: Iterable[tuple[str, str]] | None = None
    counter: Callable[[QuerySet, FacetSpec], dict[str, tuple[str, int]]] | None = None
    extra: dict = field(default_factory=dict)


# ---------------------------------------------------------------- query cleaning


def clean_query(
    filterset_class: type[django_filters.FilterSet], data: QueryDict, queryset: QuerySet
) -> tuple[django_filters.FilterSet, QueryDict, list[str]]:
    """A FilterSet bound to the query without the values it rejects, and a message for each.

    Several values of one filter are checked one by one, so `?theme=employment&theme=nope`
    keeps employment. Only runs extra queries when something is wrong.
    """
    filterset = filterset_class(data, queryset=queryset)
    if filterset.is_valid():
        return filterset, data, []
    cleaned = data.copy()
    problems: list[str] = []
    for name in filterset.errors:
        if name not in filterset.filters:
            continue
        form_field = filterset.form.fields[name]
        label = str(form_field.label or name)
        values = data.getlist(name)
        if isinstance(form_field, MULTIPLE_FIELDS):
            kept = [value for value in values if _accepts(form_field, [value])]
            for value in values:
                if value not in kept:
                    problems.append(
                        _("%(filter)s: “%(value)s” is not one we know, so it was ignored.")
                        % {"filter": label, "value": _shorten(value)}
                    )
            cleaned.setlist(name, kept)
        else:
            value = values[-1] if values else ""
            reason = " ".join(str(error) for error in filterset.errors[name])
            problems.append(
                _("%(filter)s: “%(value)s” was ignored. %(reason)s")
                % {"filter": label, "value": _shorten(value), "reason": reason}
            )
            cleaned.pop(name, None)
    filterset = filterset_class(cleaned, queryset=queryset)
    filterset.is_valid()
    return filterset, cleaned, problems


def _accepts(form_field: forms.Field, value: list[str]) -> bool:
    try:
        form_field.clean(value)
    except ValidationError:
        return False
    return True


def _shorten(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def clean_page(value: str | None, num_pages: int) -> tuple[int, str]:
    """A page number within 1..num_pages, and a message when the asked one was not."""
    if value in (None, ""):
        return 1, ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1, _("“%(page)s” is not a page number; showing the first page.") % {
            "page": _shorten(str(value))
        }
    if number < 1:
        return 1, _("There is no page %(page)s; showing the first page.") % {"page": number}
    if number > num_pages:
        return num_pages, _("There is no page %(page)s; showing the last page, %(last)s.") % {
            "page": number,
            "last": num_pages,
        }
    return number, ""


# ---------------------------------------------------------------- facet counts


def filtered_except(filterset: django_filters.FilterSet, *excluded: str) -> QuerySet:
    """The FilterSet's queryset with every valid filter applied except `excluded`.

    Reuses the values the form already validated, so no lookup query is repeated.
    """
    queryset = filterset.queryset.all()
    for name, value in filterset.form.cleaned_data.items():
        if name in excluded or name not in filterset.filters:
            continue
        queryset = filterset.filters[name].filter(queryset, value)
    return queryset.order_by()


def count_by_path(queryset: QuerySet, spec: FacetSpec) -> dict[str, tuple[str, int]]:
    """{value: (label, count)} from one grouped query along a relation."""
    rows = (
        queryset.order_by()
        .filter(**{f"{spec.value}__isnull": False})
        .values(spec.value, *spec.labels)
        .annotate(n=Count("pk", distinct=True))
    )
    counts: dict[str, tuple[str, int]] = {}
    for row in rows:
        value = str(row[spec.value])
        label = (
            spec.label(row) if spec.label else str(row[spec.labels[0]] if spec.labels else value)
        )
        counts[value] = (label, row["n"])
    return counts


def _first_label(row: dict, spec: FacetSpec, default: str) -> str:
    return str(row[spec.labels[0]]) if spec.labels else default


def count_countries(queryset: QuerySet, spec: FacetSpec) -> dict[str, tuple[str, int]]:
    counts = count_by_path(queryset, spec)
    return {
        code: (str(countries.name(code)) or code, n) for code, (_label, n) in counts.items() if code
    }


def count_regions(queryset: QuerySet, spec: FacetSpec) -> dict[str, tuple[str, int]]:
    """Practices per broad region, from the countries of their cities, in one query."""
    region = Case(
        *[
            When(**{f"{spec.value}__in": countries_in(r.value)}, then=Value(r.value))
            for r in Region
        ],
        default=Value(""),
    )
    rows = (
        queryset.order_by()
        .filter(**{f"{spec.value}__isnull": False})
        .annotate(facet_region=region)
        .values("facet_region")
        .annotate(n=Count("pk", distinct=True))
    )
    labels = dict(Region.choices)
    return {
        row["facet_region"]: (str(labels[row["facet_region"]]), row["n"])
        for row in rows
        if row["facet_region"]
    }


class _CountRows(Subquery):
    template = "(SELECT COUNT(*) FROM (%(subquery)s) facet_count)"
    output_field = IntegerField()


def count_through_several(queryset: QuerySet, spec: FacetSpec) -> dict[str, tuple[str, int]]:
    """Counts for a filter that matches through several relations (lead or partner).

    One query from the option side: each option counts the distinct results linked to
    it through any of the relations, so a result linked twice is counted once.
    """
    option_model = spec.extra["model"]
    relations: tuple[str, ...] = spec.extra["through"]
    results = queryset.order_by().values("pk")
    model = queryset.model
    linked = Q()
    for relation in relations:
        related_field = model._meta.get_field(relation)
        if related_field.many_to_many:
            through = related_field.remote_field.through
            source = related_field.m2m_field_name()
            target = related_field.m2m_reverse_field_name()
            linked |= Q(
                pk__in=through.objects.filter(**{target: OuterRef(OuterRef("pk"))}).values(source)
            )
        else:
            linked |= Q(**{relation: OuterRef("pk")})
    per_option = model._default_manager.filter(linked, pk__in=results).values("pk")
    # e.g. only the organisations an editor has confirmed
    option_queryset = spec.extra.get("options", option_model._default_manager.all())
    options = (
        option_queryset.annotate(n=_CountRows(per_option))
        .filter(n__gt=0)
        .values(spec.value, *spec.labels, "n")
    )
    counts = {}
    for row in options:
        label = spec.label(row) if spec.label else str(row[spec.labels[0]])
        counts[str(row[spec.value])] = (label, row["n"])
    return counts


def count_boolean(queryset: QuerySet, spec: FacetSpec) -> dict[str, tuple[str, int]]:
    """Counts for a filter whose values are conditions (ongoing / ended), in one query.

    `extra["conditions"]` is a callable giving {value: Q}, evaluated per request so
    that "ongoing" means ongoing this year.
    """
    conditions: dict[str, Q] = spec.extra["conditions"]()
    totals = queryset.order_by().aggregate(
        **{
            f"n_{index}": Count("pk", filter=condition, distinct=True)
            for index, condition in enumerate(conditions.values())
        }
    )
    labels = dict(spec.choices or ())
    return {
        value: (str(labels.get(value, value)), totals[f"n_{index}"])
        for index, value in enumerate(conditions)
    }


def compute_facets(filterset: django_filters.FilterSet, specs: Iterable[FacetSpec]) -> list[Facet]:
    """Every facet's options with the count each would give, other filters applied."""
    data = filterset.form.cleaned_data
    facets = []
    for spec in specs:
        form_field = filterset.form.fields[spec.name]
        counter = spec.counter or count_by_path
        counts = counter(filtered_except(filterset, spec.name), spec)
        selected = _selected_values(data.get(spec.name))
        if spec.choices is not None:
            options = [
                Option(str(value), str(label), counts.get(str(value), ("", 0))[1])
                for value, label in spec.choices
                if str(value)
            ]
            options = [
                o for o in options if o.count or o.value in selected or spec.extra.get("all")
            ]
        else:
            options = [Option(value, label, n) for value, (label, n) in counts.items()]
            known = {option.value for option in options}
            for value, label in _selected_labels(data.get(spec.name)):
                if value not in known:
                    options.append(Option(value, label, 0))
            options.sort(key=lambda option: option.label.casefold())
        for option in options:
            option.selected = option.value in selected
        facets.append(
            Facet(
                name=spec.name,
                label=str(form_field.label or spec.name),
                options=options,
                multiple=isinstance(form_field, MULTIPLE_FIELDS),
            )
        )
    return facets


def _selected_values(value) -> set[str]:
    return {value for value, _label in _selected_labels(value)}


def _selected_labels(value) -> list[tuple[str, str]]:
    """(query-string value, label) for a cleaned filter value."""
    if value in (None, "", []):
        return []
    items = list(value) if isinstance(value, QuerySet | list | tuple) else [value]
    pairs = []
    for item in items:
        slug = getattr(item, "slug", None)
        if slug is not None:
            pairs.append((slug, str(item)))
        else:
            pairs.append((str(item), _choice_label(item)))
    return pairs


def _choice_label(value) -> str:
    name = countries.name(str(value))
    return str(name) if name else str(value)


# ---------------------------------------------------------------- chips


def active_filters(
    filterset: django_filters.FilterSet,
    query: QueryDict,
    base_url: str,
    facets: list[Facet],
    *,
    skip: tuple[str, ...] = ("ordering",),
) -> list[Chip]:
    """Removable chips for every active filter value, in the order of the FilterSet."""
    facet_labels = {
        facet.name: {option.value: option.label for option in facet.options} for facet in facets
    }
    chips = []
    for name, flt in filterset.filters.items():
        if name in skip or name not in query:
            continue
        label = str(filterset.form.fields[name].label or name)
        values = [value for value in query.getlist(name) if value.strip()]
        for value in values:
            remaining = query.copy()
            remaining.setlist(name, [v for v in query.getlist(name) if v != value])
            remaining.pop("page", None)
            labels = facet_labels.get(name, {})
            value_label = labels.get(value) or labels.get(value.upper()) or _plain_label(flt, value)
            chips.append(
                Chip(
                    name=name,
                    label=label,
                    value_label=value_label,
                    remove_url=_url(base_url, remaining),
                )
            )
    return chips


def active_filter_count(chips: list[Chip]) -> int:
    """How many filters of the panel are on: every chip but the words searched for."""
    return sum(chip.name != "q" for chip in chips)


def _plain_label(flt: django_filters.Filter, value: str) -> str:
    choices = dict(getattr(flt.field, "choices", None) or [])
    if choices and not isinstance(flt, django_filters.ModelMultipleChoiceFilter):
        return str(choices.get(value, value))
    return value


def _url(base_url: str, query: QueryDict) -> str:
    encoded = query.urlencode()
    return f"{base_url}?{encoded}" if encoded else base_url


def url_for(base_url: str, query: QueryDict) -> str:
    return _url(base_url, query)


def drop_filter_suggestions(
    filterset: django_filters.FilterSet, query: QueryDict, base_url: str
) -> list[Chip]:
    """For an empty result: each active filter, and how many results there are without it.

    One count per active filter; only run when nothing matched.
    """
    suggestions = []
    for name in filterset.form.cleaned_data:
        if name == "ordering" or not query.getlist(name) or name not in filterset.filters:
            continue
        if not any(value.strip() for value in query.getlist(name)):
            continue
        remaining = query.copy()
        remaining.pop(name, None)
        remaining.pop("page", None)
        suggestions.append(
            Chip(
                name=name,
                label=str(filterset.form.fields[name].label or name),
                value_label=", ".join(query.getlist(name)),
                remove_url=_url(base_url, remaining),
                count_without=filtered_except(filterset, name).count(),
            )
        )
    suggestions.sort(key=lambda chip: -(chip.count_without or 0))
    return suggestions


# ---------------------------------------------------------------- the practice list's facets


def _framework_label(row: dict) -> str:
    return row["commitments__framework__short_name"] or row["commitments__framework__name"]


def _commitment_label(row: dict) -> str:
    framework = row["commitments__framework__short_name"] or row["commitments__framework__name"]
    return f"{framework} {row['commitments__number']}: {row['commitments__title']}"


def _ongoing_conditions() -> dict[str, Q]:
    from practices.models import Practice

    return {
        "true": Q(pk__in=Practice.objects.ongoing().values("pk")),
        "false": Q(pk__in=Practice.objects.ended().values("pk")),
    }


def practice_facets() -> list[FacetSpec]:
    """The facets of /practices/, in the order the filter form shows them."""
    from cities.models import Organisation
    from practices.models import Practice

    return [
        FacetSpec("theme", "themes__slug", ("themes__name",)),
        FacetSpec("region", "cities__country", counter=count_regions),
        FacetSpec("country", "cities__country", counter=count_countries),
        FacetSpec("city", "cities__slug", ("cities__name",)),
        FacetSpec("target_group", "target_groups__slug", ("target_groups__name",)),
        FacetSpec("instrument", "instrument", choices=Practice.Instrument.choices),
        FacetSpec("scope", "scope", choices=Practice.Scope.choices),
        FacetSpec(
            "ongoing",
            choices=[("true", _("Ongoing")), ("false", _("Ended"))],
            counter=count_boolean,
            extra={"conditions": _ongoing_conditions},
        ),
        FacetSpec(
            "organisation",
            "slug",
            ("name",),
            counter=count_through_several,
            extra={
                "model": Organisation,
                "options": Organisation.objects.active(),
                "through": ("lead_organisation", "partners"),
            },
        ),
        FacetSpec(
            "framework",
            "commitments__framework__slug",
            ("commitments__framework__short_name", "commitments__framework__name"),
            label=_framework_label,
        ),
        FacetSpec(
            "commitment",
            "commitments__slug",
            (
                "commitments__framework__short_name",
                "commitments__framework__name",
                "commitments__number",
                "commitments__title",
            ),
            label=_commitment_label,
        ),
    ]
