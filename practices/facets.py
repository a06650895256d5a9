"""Faceted browsing on top of a FilterSet: clean the visitor's query, count each option.

Shared by every faceted list (practices, publications). The FilterSet stays the one
place that says what a filter means; this module only

- cleans a query string so that unknown values and malformed numbers are dropped
  with a message naming them (`clean_query`), never a 500 or an empty page;
- counts, for every option of a facet, the results it would give with the *other*
  filters applied (`compute_facets`): all facets in one statement, whatever the number
  of options or records. On PostgreSQL the practice list counts from its indexed
  `facet_keys` array (practices/facet_keys.py); elsewhere, and for lists without such
  an array, each facet is one grouped query along its relations, and the statement is
  their UNION ALL;
- describes the active filters as removable chips (`active_filters`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Case, Count, F, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import Expression
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from cities.regions import Region, countries_in
from core.translated import translated_text
from practices.facet_keys import Counted, FacetKind, count_facets, uses_facet_keys

MULTIPLE_FIELDS = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)
FOLD_AFTER = 6  # options of a facet shown before its "Show all" disclosure


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
    more: int = 0  # options with results left out of a long facet
    sample: int = 0  # counted over this many of the results only (a huge list), else 0

    @property
    def selected(self) -> list[Option]:
        return [option for option in self.options if option.selected]

    @property
    def first_options(self) -> list[Option]:
        """The options always shown; a long facet folds the rest under "Show all"."""
        if len(self.options) <= FOLD_AFTER + 2:  # folding away one or two saves nothing
            return self.options
        return self.options[:FOLD_AFTER]

    @property
    def folded_options(self) -> list[Option]:
        return self.options[len(self.first_options) :]

    @property
    def unfolds(self) -> bool:
        """A selected option is among the folded ones, so the fold starts open."""
        return any(option.selected for option in self.folded_options)


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

    `value` is the lookup giving the option's query-string value, `label` the lookup or
    expression giving its label (the value itself when empty; `display` turns a value
    into a label in Python, e.g. a country's name). `choices` fixes the options for
    choice fields (instrument, scope…); otherwise every option with results is shown,
    plus the selected ones. `counter` builds the facet's grouped query (`count_by_path`
    when unset); `keys` says how PostgreSQL counts it from `facet_keys` instead.
    `translated` gives the options' labels in the page's language, {value: label}, for
    labels that are translated content (theme names…); the counts give the English ones.
    """

    name: str
    value: str = ""
    label: str | Expression | None = None
    choices: Iterable[tuple[str, str]] | None = None
    counter: Callable[[QuerySet, FacetSpec], tuple[str, list]] | None = None
    display: Callable[[str], str] | None = None
    keys: Counted | None = None
    shown: int = 0
    extra: dict = field(default_factory=dict)
    translated: Callable[[list[str]], dict[str, str]] | None = None


# A facet without fixed choices shows at most this many options (`FacetSpec.shown`): those
# with the most results, and the selected ones. Thousands of organisations would make a
# page of megabytes that nobody scans.
MAX_OPTIONS = 25


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


def clean_page(value: str | None, num_pages: int, *, capped: bool = False) -> tuple[int, str]:
    """A page number within 1..num_pages, and a message when the asked one was not.

    `capped`: the list has results beyond its last page, which only filters reach.
    """
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
    if number > num_pages and capped:
        return num_pages, _(
            "Only the first %(last)s pages are shown; showing page %(last)s. "
            "Narrow the list with filters or words to reach the rest."
        ) % {"last": num_pages}
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


def count_by_path(queryset: QuerySet, spec: FacetSpec) -> tuple[str, list]:
    """The grouped query of results per value of `spec.value`, along its relation."""
    label = F(spec.label) if isinstance(spec.label, str) else spec.label
    rows = (
        queryset.order_by()
        .filter(**{f"{spec.value}__isnull": False})
        .values(
            facet_value=Cast(spec.value, TextField()),
            facet_label=label if label is not None else Value(None, TextField()),
        )
        .annotate(facet_n=Count("pk", distinct=True))
    )
    return rows.query.sql_with_params()


def count_regions(queryset: QuerySet, spec: FacetSpec) -> tuple[str, list]:
    """Results per broad region, from the countries along `spec.value`."""
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
        .values(facet_value=region, facet_label=Value(None, TextField()))
        .annotate(facet_n=Count("pk", distinct=True))
    )
    return rows.query.sql_with_params()


def count_through_several(queryset: QuerySet, spec: FacetSpec) -> tuple[str, list]:
    """Results per option of a filter that matches through several relations (lead or partner).

    The (result, option) pairs of every relation, without duplicates, grouped by option:
    a result linked to one option twice is counted once.
    """
    option_meta = spec.extra["model"]._meta
    pairs, params = [], []
    for relation in spec.extra["through"]:
        sql, pair_params = (
            queryset.order_by()
            .filter(**{f"{relation}__isnull": False})
            .values(facet_row=F("pk"), facet_option=F(relation))
            .query.sql_with_params()
        )
        pairs.append(sql)
        params += pair_params
    pk, value, label = (
        option_meta.get_field(name).column for name in (option_meta.pk.name, spec.value, spec.label)
    )
    where = ""
    if "options" in spec.extra:  # e.g. only the organisations an editor has confirmed
        options_sql, options_params = spec.extra["options"].values("pk").query.sql_with_params()
        where = f" WHERE option.{pk} IN ({options_sql})"
        params += options_params
    sql = (
        f"SELECT option.{value} AS facet_value, option.{label} AS facet_label,"
        f" COUNT(*) AS facet_n FROM ({' UNION '.join(pairs)}) AS links"
        f" JOIN {option_meta.db_table} AS option ON option.{pk} = links.facet_option{where}"
        f" GROUP BY option.{pk}, option.{value}, option.{label}"
    )
    return sql, params


def count_conditions(queryset: QuerySet, spec: FacetSpec) -> tuple[str, list]:
    """Results meeting each condition of `extra["conditions"]()`, {value: Q} (ongoing / ended).

    Called per request, so that "ongoing" means ongoing this year.
    """
    parts, params = [], []
    for value, condition in spec.extra["conditions"]().items():
        sql, row_params = (
            queryset.order_by().filter(condition).values(facet_row=F("pk")).query.sql_with_params()
        )
        parts.append(
            "SELECT %s AS facet_value, NULL AS facet_label,"
            f" COUNT(DISTINCT facet_row) AS facet_n FROM ({sql}) AS matching"
        )
        params += [value, *row_params]
    return " UNION ALL ".join(
        f"SELECT * FROM ({part}) AS c{n}" for n, part in enumerate(parts)
    ), params


def _count_by_relations(
    groups: list[tuple[QuerySet, list[FacetSpec]]],
) -> dict[str, dict[str, tuple[str, int]]]:
    """Every facet's grouped query, run as one UNION ALL statement."""
    members, params = [], []
    for queryset, specs in groups:
        for spec in specs:
            sql, member_params = (spec.counter or count_by_path)(queryset, spec)
            members.append(
                "SELECT %s AS facet, facet_value, facet_label, facet_n"
                f" FROM ({sql}) AS facet_{len(members)}"
            )
            params += [spec.name, *member_params]
    specs_by_name = {spec.name: spec for _qs, specs in groups for spec in specs}
    counts: dict[str, dict[str, tuple[str, int]]] = {name: {} for name in specs_by_name}
    with connections[groups[0][0].db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(members), params)
        for name, value, label, n in cursor.fetchall():
            if value in (None, "") or not n:
                continue
            value = str(value)
            display = specs_by_name[name].display
            counts[name][value] = (
                str(label) if label is not None else (display(value) if display else value),
                n,
            )
    return counts


def count_all(filterset: django_filters.FilterSet, specs: list[FacetSpec]):
    """{facet: {value: (label, count)}}, each facet counted with the other filters applied.

    Facets whose filter is not in use share one set (the list itself); each active
    faceted filter gets the set without it.
    """
    data = filterset.form.cleaned_data
    by_set: dict[str, list[FacetSpec]] = {}
    for spec in specs:
        by_set.setdefault(spec.name if _selected_labels(data.get(spec.name)) else "", []).append(
            spec
        )
    groups = [
        (filtered_except(filterset, *([excluded] if excluded else [])), members)
        for excluded, members in by_set.items()
    ]
    if all(spec.keys is not None for spec in specs) and uses_facet_keys(filterset.queryset):
        return count_facets(
            [
                (queryset, [(spec.name, spec.keys) for spec in members])
                for queryset, members in groups
            ],
            sample=settings.FACET_SAMPLE_SIZE or None,
        )
    return _count_by_relations(groups)


def compute_facets(filterset: django_filters.FilterSet, specs: Iterable[FacetSpec]) -> list[Facet]:
    """Every facet's options with the count each would give, other filters applied."""
    data = filterset.form.cleaned_data
    specs = list(specs)
    all_counts = count_all(filterset, specs) if specs else {}
    sampled = getattr(all_counts, "sampled", set())
    facets = []
    for spec in specs:
        form_field = filterset.form.fields[spec.name]
        counts = all_counts[spec.name]
        more = 0
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
            options, more = _most_results(options, selected, spec.shown or MAX_OPTIONS)
            _in_page_language(spec, options)
            options.sort(key=lambda option: option.label.casefold())
        for option in options:
            option.selected = option.value in selected
        facets.append(
            Facet(
                name=spec.name,
                label=str(form_field.label or spec.name),
                options=options,
                multiple=isinstance(form_field, MULTIPLE_FIELDS),
                more=more,
                sample=settings.FACET_SAMPLE_SIZE if spec.name in sampled else 0,
            )
        )
    return facets


def _in_page_language(spec: FacetSpec, options: list[Option]) -> None:
    """Relabel translated options (one query), on pages in another language than English."""
    if spec.translated is None or not options:
        return
    if (get_language() or settings.LANGUAGE_CODE).split("-")[0] == settings.LANGUAGE_CODE:
        return
    labels = spec.translated([option.value for option in options])
    for option in options:
        option.label = labels.get(option.value, option.label)


def translated_names(model, field_name: str = "name") -> Callable[[list[str]], dict[str, str]]:
    """`FacetSpec.translated` for options that are records of `model` named by their slug."""

    def labels(slugs: list[str]) -> dict[str, str]:
        records = model._default_manager.filter(slug__in=slugs)
        return {record.slug: str(translated_text(record, field_name)) for record in records}

    return labels


def _framework_label(framework) -> str:
    return str(translated_text(framework, "short_name") or translated_text(framework, "name"))


def _framework_labels(slugs: list[str]) -> dict[str, str]:
    from practices.models import Framework

    return {f.slug: _framework_label(f) for f in Framework.objects.filter(slug__in=slugs)}


def _commitment_labels(slugs: list[str]) -> dict[str, str]:
    from practices.models import Commitment

    return {
        c.slug: f"{_framework_label(c.framework)} {c.number}: {translated_text(c, 'title')}"
        for c in Commitment.objects.filter(slug__in=slugs).select_related("framework")
    }


def _most_results(options: list[Option], selected: set[str], shown: int):
    """The `shown` options with most results plus the selected ones, and how many are left."""
    if len(options) <= shown:
        return options, 0
    ranked = sorted(options, key=lambda option: (-option.count, option.label.casefold()))
    kept = ranked[:shown] + [o for o in ranked[shown:] if o.value in selected]
    return kept, len(options) - len(kept)


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


FRAMEWORK_LABEL = Coalesce(
    NullIf(F("commitments__framework__short_name"), Value("")), F("commitments__framework__name")
)
COMMITMENT_LABEL = Concat(
    FRAMEWORK_LABEL,
    Value(" "),
    Cast("commitments__number", TextField()),
    Value(": "),
    F("commitments__title"),
    output_field=TextField(),
)


def _country_name(code: str) -> str:
    return str(countries.name(code)) or code


def _region_name(value: str) -> str:
    return str(dict(Region.choices).get(value, value))


def _ongoing_conditions() -> dict[str, Q]:
    from practices.models import ended_condition, ongoing_condition

    return {"true": ongoing_condition(), "false": ended_condition()}


def _ongoing_from_end_years(counts: dict[str, int]) -> dict[str, int]:
    """Ongoing / ended counts from counts per end year ("" when open), as the filter means them."""
    year = timezone.now().year
    ongoing = sum(n for end, n in counts.items() if not end or int(end) >= year)
    return {"true": ongoing, "false": sum(counts.values()) - ongoing}


def practice_facets() -> list[FacetSpec]:
    """The facets of /practices/, in the order the filter form shows them."""
    from cities.models import Organisation
    from practices.models import Practice, TargetGroup, Theme

    return [
        FacetSpec(
            "theme",
            "themes__slug",
            "themes__name",
            keys=Counted(FacetKind.THEME),
            translated=translated_names(Theme),
        ),
        FacetSpec(
            "region",
            "cities__country",
            counter=count_regions,
            display=_region_name,
            keys=Counted(FacetKind.REGION),
        ),
        FacetSpec(
            "country", "cities__country", display=_country_name, keys=Counted(FacetKind.COUNTRY)
        ),
        FacetSpec("city", "cities__slug", "cities__name", keys=Counted(FacetKind.CITY)),
        FacetSpec(
            "target_group",
            "target_groups__slug",
            "target_groups__name",
            keys=Counted(FacetKind.TARGET_GROUP),
            translated=translated_names(TargetGroup),
        ),
        FacetSpec(
            "instrument",
            "instrument",
            choices=Practice.Instrument.choices,
            keys=Counted(column="instrument"),
        ),
        FacetSpec("scope", "scope", choices=Practice.Scope.choices, keys=Counted(column="scope")),
        FacetSpec(
            "ongoing",
            choices=[("true", _("Ongoing")), ("false", _("Ended"))],
            counter=count_conditions,
            extra={"conditions": _ongoing_conditions},
            keys=Counted(column="end_year", reduce=_ongoing_from_end_years),
        ),
        FacetSpec(
            "organisation",
            "slug",
            "name",
            counter=count_through_several,
            extra={
                "model": Organisation,
                "options": Organisation.objects.active(),
                "through": ("lead_organisation", "partners"),
            },
            keys=Counted(FacetKind.ORGANISATION),
        ),
        FacetSpec(
            "framework",
            "commitments__framework__slug",
            FRAMEWORK_LABEL,
            keys=Counted(FacetKind.FRAMEWORK),
            translated=_framework_labels,
        ),
        FacetSpec(
            "commitment",
            "commitments__slug",
            COMMITMENT_LABEL,
            keys=Counted(FacetKind.COMMITMENT),
            translated=_commitment_labels,
        ),
    ]
