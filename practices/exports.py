"""The practices and frameworks exports (CSV, and GeoJSON for practices): see core.exports."""

from collections import defaultdict

from django.db.models import Count, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import City, Organisation
from core.api.records import iso_datetime
from core.exports import Column, Dataset, described_with_choices, point_feature
from practices.models import (
    Commitment,
    Outcome,
    Practice,
    commitment_url,
    outcome_display,
)

PRACTICE_COLUMNS = (
    Column("slug", _("The practice's identifier in the portal's addresses.")),
    Column("title", _("Its title.")),
    Column("summary", _("One paragraph, plain text.")),
    Column("cities", _("The cities that run it, by name, separated by “; ”; empty for none.")),
    Column("countries", _("ISO 3166-1 alpha-2 codes of those cities' countries, “; ”-separated.")),
    Column("scope", _("Where it applies: `city`, `regional`, `national` or `international`.")),
    Column("lead_organisation", _("The organisation that leads it, by name.")),
    Column("partners", _("Partner organisations, by name, “; ”-separated.")),
    Column("themes", _("Themes, by name, “; ”-separated.")),
    Column("target_groups", _("The people it is for, by name, “; ”-separated.")),
    Column(
        "instrument",
        described_with_choices(
            _("What kind of instrument it is: %(choices)s; empty when not stated."),
            Practice.Instrument.choices,
        ),
    ),
    Column("start_year", _("The year it started, as its source states; empty when unknown.")),
    Column("end_year", _("The year it ended; empty when its source gives none.")),
    Column("ongoing", _("`true` when no end year, or one not yet past, is known; else `false`.")),
    Column("funding_amount", _("Funding, as a number; empty when unknown.")),
    Column("funding_currency", _("ISO 4217 code of the funding amount's currency.")),
    Column("funding_period", _("`total` or `yearly`: what the funding amount covers.")),
    Column("funding_note", _("What the source says about the funding, in words.")),
    Column("website", _("The practice's own website.")),
    Column(
        "commitments",
        _("Slugs of the framework commitments it implements, “; ”-separated (see frameworks)."),
    ),
    Column("outcomes", _("Measured results, “label: value”, “; ”-separated.")),
    Column("published_at", _("When it was published on the portal (ISO 8601, UTC).")),
    Column("updated_at", _("When its record last changed (ISO 8601, UTC).")),
    Column("url", _("The practice's page on the portal.")),
    Column("api_url", _("The practice in the JSON API.")),
)


#: The practice's own columns an export reads: rows are built from `.values()`, not models.
PRACTICE_VALUES = (
    "id",
    "slug",
    "title",
    "summary",
    "scope",
    "instrument",
    "start_year",
    "end_year",
    "funding_amount",
    "funding_currency",
    "funding_period",
    "funding_note",
    "website",
    "lead_organisation_id",
    "published_at",
    "updated_at",
)


#: The relations a practice's row names, with the fields their names are sorted by (the
#: models' order, as the practice page lists them).
NAMED_RELATIONS = {
    "cities": ("name", "slug"),
    "partners": ("name", "slug"),
    "themes": ("position", "name", "slug"),
    "target_groups": ("position", "name", "slug"),
}


class RelatedNames:
    """The names of every city, confirmed organisation, theme and target group, read once
    per export (a few thousand small rows), so that a chunk only reads its link tables."""

    def __init__(self):
        self.names: dict[str, dict[int, str]] = {}
        self.rank: dict[str, dict[int, int]] = {}
        for relation, ordering in NAMED_RELATIONS.items():
            model = Practice._meta.get_field(relation).related_model
            records = model.objects.all()
            if model is Organisation:
                # Proposed organisations stay out of public files until an editor confirms them.
                records = model.objects.active()
            extra = ("country",) if model is City else ()
            rows = list(records.order_by(*ordering, "pk").values_list("pk", "name", *extra))
            self.names[relation] = {row[0]: row[1] for row in rows}
            self.rank[relation] = {row[0]: place for place, row in enumerate(rows)}
            if model is City:
                self.countries = {pk: country for pk, _name, country in rows}
        self.qualifiers = {value: str(label) for value, label in Outcome.Qualifier.choices}


class ChunkRelations:
    """What a chunk of practices' rows show of their relations, as plain values: the links
    to cities, partners, themes and groups in one query, commitments and outcomes in one
    each."""

    def __init__(self, ids: list[int], known: RelatedNames):
        self.links: dict[str, dict[int, list[int]]] = {name: {} for name in NAMED_RELATIONS}
        self.commitments: dict[int, list[str]] = defaultdict(list)
        self.outcomes: dict[int, list[str]] = defaultdict(list)
        if not ids:
            return
        parts = []
        for relation in NAMED_RELATIONS:
            field = Practice._meta.get_field(relation)
            through = field.remote_field.through.objects.filter(practice_id__in=ids)
            target = f"{field.m2m_reverse_field_name()}_id"
            parts.append(
                through.annotate(relation=Value(relation)).values_list(
                    "relation", "practice_id", target
                )
            )
        for relation, practice_id, target_id in parts[0].union(*parts[1:], all=True):
            if target_id in known.names[relation]:
                self.links[relation].setdefault(practice_id, []).append(target_id)
        for relation, by_practice in self.links.items():
            rank = known.rank[relation].__getitem__
            for targets in by_practice.values():
                targets.sort(key=rank)
        links = Practice.commitments.through.objects.filter(practice_id__in=ids)
        for practice_id, slug in links.order_by(
            "commitment__framework__name", "commitment__number", "commitment_id"
        ).values_list("practice_id", "commitment__slug"):
            self.commitments[practice_id].append(slug)
        qualifiers = known.qualifiers
        for practice_id, label, qualifier, value, unit in (
            Outcome.objects.filter(practice_id__in=ids)
            .order_by("position", "pk")
            .values_list("practice_id", "label", "qualifier", "value", "unit")
        ):
            shown = outcome_display(qualifiers[qualifier] if qualifier else "", value, unit)
            self.outcomes[practice_id].append(f"{label}: {shown}")


def practice_rows(practices: list[dict], links, known: RelatedNames | None = None) -> list[dict]:
    """The CSV rows of a chunk of practices (`.values(*PRACTICE_VALUES)` rows); `known`, the
    names read once for the whole export (see Dataset.prepare)."""
    known = known or RelatedNames()
    related = ChunkRelations([practice["id"] for practice in practices], known)
    names, countries = known.names, known.countries
    city_names, partner_names = names["cities"], names["partners"]
    theme_names, group_names = names["themes"], names["target_groups"]
    cities, partners = related.links["cities"], related.links["partners"]
    themes, groups = related.links["themes"], related.links["target_groups"]
    none = ()
    current_year = timezone.now().year
    zone = timezone.get_current_timezone()
    page, api = links.page, links.api
    rows = []
    for practice in practices:
        pk, slug, end_year = practice["id"], practice["slug"], practice["end_year"]
        its_cities = cities.get(pk, none)
        rows.append(
            {
                "slug": slug,
                "title": practice["title"],
                "summary": practice["summary"],
                "cities": [city_names[city] for city in its_cities],
                "countries": sorted({countries[city] for city in its_cities}),
                "scope": practice["scope"],
                "lead_organisation": partner_names.get(practice["lead_organisation_id"]),
                "partners": [partner_names[partner] for partner in partners.get(pk, none)],
                "themes": [theme_names[theme] for theme in themes.get(pk, none)],
                "target_groups": [group_names[group] for group in groups.get(pk, none)],
                "instrument": practice["instrument"],
                "start_year": practice["start_year"],
                "end_year": end_year,
                "ongoing": end_year is None or end_year >= current_year,
                "funding_amount": practice["funding_amount"],
                "funding_currency": practice["funding_currency"],
                "funding_period": practice["funding_period"],
                "funding_note": practice["funding_note"],
                "website": practice["website"],
                "commitments": related.commitments[pk],
                "outcomes": related.outcomes[pk],
                "published_at": iso_datetime(practice["published_at"], zone),
                "updated_at": iso_datetime(practice["updated_at"], zone),
                "url": page(Practice, slug),
                "api_url": api("practice-detail", slug),
            }
        )
    return rows


PRACTICES = Dataset(
    name="practices",
    title=_("Practices"),
    description=_(
        "One row per published practice; the same filters as /practices/ (`q`, `theme`, "
        "`city`, `country`, `region`, `target_group`, `instrument`, `scope`, `ongoing`, "
        "`year_from`, `year_to`, `organisation`, `framework`, `commitment`, `ordering`)."
    ),
    columns=PRACTICE_COLUMNS,
    rows=practice_rows,
    values=PRACTICE_VALUES,
    prepare=lambda: {"known": RelatedNames()},
)

PRACTICE_FEATURE_COLUMNS = (
    Column("slug", _("The practice's identifier.")),
    Column("title", _("Its title.")),
    Column("summary", _("One paragraph, plain text.")),
    Column("city", _("The city this feature places it in, by name.")),
    Column("city_slug", _("That city's identifier.")),
    Column("country", _("ISO 3166-1 alpha-2 code of that city's country.")),
    Column("themes", _("Themes, by name (a list).")),
    Column("url", _("The practice's page on the portal.")),
)


def practice_features(practices: list[dict], links) -> list[dict]:
    """A Point per city of each practice (a practice in three cities is three features);
    one query for the chunk's cities, one for its themes."""
    ids = [practice["id"] for practice in practices]
    cities, themes = defaultdict(list), defaultdict(list)
    for practice_id, *city in (
        Practice.cities.through.objects.filter(practice_id__in=ids)
        .order_by("city__name", "city_id")
        .values_list(
            "practice_id",
            "city__name",
            "city__slug",
            "city__country",
            "city__latitude",
            "city__longitude",
        )
    ):
        cities[practice_id].append(city)
    for practice_id, name in (
        Practice.themes.through.objects.filter(practice_id__in=ids)
        .order_by("theme__position", "theme__name")
        .values_list("practice_id", "theme__name")
    ):
        themes[practice_id].append(name)
    features = []
    for practice in practices:
        pk, slug = practice["id"], practice["slug"]
        url = links.page(Practice, slug)
        for name, city_slug, country, latitude, longitude in cities[pk]:
            feature = point_feature(
                {
                    "slug": slug,
                    "title": practice["title"],
                    "summary": practice["summary"],
                    "city": name,
                    "city_slug": city_slug,
                    "country": country,
                    "themes": themes[pk],
                    "url": url,
                },
                latitude,
                longitude,
            )
            if feature is not None:
                features.append(feature)
    return features


COMMITMENT_COLUMNS = (
    Column("framework", _("The framework's identifier (`?framework=`).")),
    Column("framework_name", _("The framework's full name.")),
    Column("adopted_year", _("The year the framework was adopted.")),
    Column("number", _("The commitment's number in its framework.")),
    Column("slug", _("The commitment's identifier (`?commitment=`): framework and number.")),
    Column("title", _("The commitment's title, as its framework words it.")),
    Column("description", _("What it asks for, in the portal's words.")),
    Column("practice_count", _("Published practices that implement it.")),
    Column("url", _("Its place on the framework's page.")),
    Column("api_url", _("The commitment in the JSON API.")),
)


def export_commitments(queryset: QuerySet | None = None) -> QuerySet:
    base = queryset if queryset is not None else Commitment.objects.all()
    return base.select_related("framework").order_by("framework__name", "number", "pk")


def commitment_rows(commitments: list[Commitment], links) -> list[dict]:
    ids = [commitment.pk for commitment in commitments]
    counts = dict(
        Practice.commitments.through.objects.filter(
            commitment_id__in=ids, practice__status=Practice.Status.PUBLISHED
        )
        .values("commitment_id")
        .annotate(total=Count("practice_id"))
        .order_by()
        .values_list("commitment_id", "total")
    )
    return [
        {
            "framework": commitment.framework.slug,
            "framework_name": commitment.framework.name,
            "adopted_year": commitment.framework.adopted_year,
            "number": commitment.number,
            "slug": commitment.slug,
            "title": commitment.title,
            "description": commitment.description,
            "practice_count": counts.get(commitment.pk, 0),
            "url": links.absolute(commitment_url(commitment.framework.slug, commitment.slug)),
            "api_url": links.api("commitment-detail", commitment.slug),
        }
        for commitment in commitments
    ]


FRAMEWORKS = Dataset(
    name="frameworks",
    title=_("Policy frameworks and their commitments"),
    description=_(
        "One row per commitment of every policy framework (`?framework=` to choose one)."
    ),
    columns=COMMITMENT_COLUMNS,
    rows=commitment_rows,
)
