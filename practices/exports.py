"""The practices and frameworks exports (CSV, and GeoJSON for practices): see core.exports."""

from django.db.models import Count, QuerySet

from core.exports import Column, Dataset, choice_list, point_feature
from practices.api import PracticeCSVSerializer
from practices.models import Commitment, Practice, commitment_url

PRACTICE_COLUMNS = (
    Column("slug", "The practice's identifier in the portal's addresses."),
    Column("title", "Its title."),
    Column("summary", "One paragraph, plain text."),
    Column("cities", "The cities that run it, by name, separated by “; ”; empty for none."),
    Column("countries", "ISO 3166-1 alpha-2 codes of those cities' countries, “; ”-separated."),
    Column("scope", "Where it applies: `city`, `regional`, `national` or `international`."),
    Column("lead_organisation", "The organisation that leads it, by name."),
    Column("partners", "Partner organisations, by name, “; ”-separated."),
    Column("themes", "Themes, by name, “; ”-separated."),
    Column("target_groups", "The people it is for, by name, “; ”-separated."),
    Column(
        "instrument",
        "What kind of instrument it is: "
        + choice_list(Practice.Instrument.choices)
        + "; empty when not stated.",
    ),
    Column("start_year", "The year it started, as its source states; empty when unknown."),
    Column("end_year", "The year it ended; empty when its source gives none."),
    Column("ongoing", "`true` when no end year, or one not yet past, is known; else `false`."),
    Column("funding_amount", "Funding, as a number; empty when unknown."),
    Column("funding_currency", "ISO 4217 code of the funding amount's currency."),
    Column("funding_period", "`total` or `yearly`: what the funding amount covers."),
    Column("funding_note", "What the source says about the funding, in words."),
    Column("website", "The practice's own website."),
    Column(
        "commitments",
        "Slugs of the framework commitments it implements, “; ”-separated (see frameworks).",
    ),
    Column("outcomes", "Measured results, “label: value”, “; ”-separated."),
    Column("published_at", "When it was published on the portal (ISO 8601, UTC)."),
    Column("updated_at", "When its record last changed (ISO 8601, UTC)."),
    Column("url", "The practice's page on the portal."),
    Column("api_url", "The practice in the JSON API."),
)


def practice_rows(practices: list[Practice], links) -> list[dict]:
    serializer = PracticeCSVSerializer()
    serializer.load(practices)
    return [serializer.record(practice, links) for practice in practices]


PRACTICES = Dataset(
    name="practices",
    title="Practices",
    description=(
        "One row per published practice; the same filters as /practices/ (`q`, `theme`, "
        "`city`, `country`, `region`, `target_group`, `instrument`, `scope`, `ongoing`, "
        "`year_from`, `year_to`, `organisation`, `framework`, `commitment`, `ordering`)."
    ),
    columns=PRACTICE_COLUMNS,
    rows=practice_rows,
)

PRACTICE_FEATURE_COLUMNS = (
    Column("slug", "The practice's identifier."),
    Column("title", "Its title."),
    Column("summary", "One paragraph, plain text."),
    Column("city", "The city this feature places it in, by name."),
    Column("city_slug", "That city's identifier."),
    Column("country", "ISO 3166-1 alpha-2 code of that city's country."),
    Column("themes", "Themes, by name (a list)."),
    Column("url", "The practice's page on the portal."),
)


def practice_features(practices: list[Practice], links) -> list[dict]:
    """A Point per city of each practice (a practice in three cities is three features);
    one query for the chunk's cities, one for its themes."""
    ids = [practice.pk for practice in practices]
    cities, themes = {}, {}
    for link in (
        Practice.cities.through.objects.filter(practice_id__in=ids)
        .select_related("city")
        .order_by("city__name", "city_id")
    ):
        cities.setdefault(link.practice_id, []).append(link.city)
    for link in (
        Practice.themes.through.objects.filter(practice_id__in=ids)
        .select_related("theme")
        .order_by("theme__position", "theme__name")
    ):
        themes.setdefault(link.practice_id, []).append(link.theme.name)
    features = []
    for practice in practices:
        for city in cities.get(practice.pk, []):
            feature = point_feature(
                {
                    "slug": practice.slug,
                    "title": practice.title,
                    "summary": practice.summary,
                    "city": city.name,
                    "city_slug": city.slug,
                    "country": city.country.code,
                    "themes": themes.get(practice.pk, []),
                    "url": links.page(Practice, practice.slug),
                },
                city.latitude,
                city.longitude,
            )
            if feature is not None:
                features.append(feature)
    return features


COMMITMENT_COLUMNS = (
    Column("framework", "The framework's identifier (`?framework=`)."),
    Column("framework_name", "The framework's full name."),
    Column("adopted_year", "The year the framework was adopted."),
    Column("number", "The commitment's number in its framework."),
    Column("slug", "The commitment's identifier (`?commitment=`): framework and number."),
    Column("title", "The commitment's title, as its framework words it."),
    Column("description", "What it asks for, in the portal's words."),
    Column("practice_count", "Published practices that implement it."),
    Column("url", "Its place on the framework's page."),
    Column("api_url", "The commitment in the JSON API."),
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
    title="Policy frameworks and their commitments",
    description="One row per commitment of every policy framework (`?framework=` to choose one).",
    columns=COMMITMENT_COLUMNS,
    rows=commitment_rows,
)
