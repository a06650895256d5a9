"""The publications export (CSV): see core.exports."""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from cities.models import Organisation
from core.api.records import iso_date, iso_datetime
from core.exports import Column, Dataset, described_with_choices
from practices.models import Practice
from publications.models import Publication

PUBLICATION_COLUMNS = (
    Column("slug", _("The publication's identifier in the portal's addresses.")),
    Column("title", _("Its title.")),
    Column("subtitle", _("Its subtitle, if any.")),
    Column(
        "kind",
        described_with_choices(_("What it is: %(choices)s."), Publication.Kind.choices),
    ),
    Column("publication_date", _("When it was published (ISO 8601 date).")),
    Column("publisher", _("The organisation that published it, by name.")),
    Column("event_name", _("The event it reports on, if any.")),
    Column("event_city", _("The city the event took place in, by name.")),
    Column("event_start", _("The event's first day (ISO 8601 date).")),
    Column("event_end", _("The event's last day (ISO 8601 date).")),
    Column("contributors", _("Authors and editors, by name, “; ”-separated.")),
    Column("themes", _("Themes, by name, “; ”-separated.")),
    Column("cities", _("Cities it is about, by name, “; ”-separated.")),
    Column("partners", _("Partner organisations, by name, “; ”-separated.")),
    Column("practices", _("Slugs of the practices it documents, “; ”-separated.")),
    Column("file", _("Address of its PDF on the portal, if any.")),
    Column("external_url", _("Where else it can be read.")),
    Column("updated_at", _("When its record last changed (ISO 8601, UTC).")),
    Column("url", _("The publication's page on the portal.")),
    Column("api_url", _("The publication in the JSON API.")),
)

CHUNK_PREFETCHES = (
    "contributors",
    "themes",
    "cities",
    # Proposed organisations stay out of public files until an editor confirms them.
    Prefetch("partners", queryset=Organisation.objects.active()),
    Prefetch("practices", queryset=Practice.objects.published().only("pk", "slug")),
)


def export_publications(queryset):
    return queryset.defer("search_vector").select_related("publisher", "event_city")


def publication_rows(publications: list[Publication], links) -> list[dict]:
    prefetch_related_objects(publications, *CHUNK_PREFETCHES)
    return [
        {
            "slug": publication.slug,
            "title": publication.title,
            "subtitle": publication.subtitle,
            "kind": publication.kind,
            "publication_date": iso_date(publication.publication_date),
            "publisher": publication.publisher.name
            if publication.publisher and publication.publisher.is_active
            else None,
            "event_name": publication.event_name,
            "event_city": publication.event_city.name if publication.event_city else None,
            "event_start": iso_date(publication.event_start),
            "event_end": iso_date(publication.event_end),
            "contributors": [person.name for person in publication.contributors.all()],
            "themes": [theme.name for theme in publication.themes.all()],
            "cities": [city.name for city in publication.cities.all()],
            "partners": [partner.name for partner in publication.partners.all()],
            "practices": [practice.slug for practice in publication.practices.all()],
            "file": links.file(publication.file),
            "external_url": publication.external_url,
            "updated_at": iso_datetime(publication.updated_at),
            "url": links.page(Publication, publication.slug),
            "api_url": links.api("publication-detail", publication.slug),
        }
        for publication in publications
    ]


PUBLICATIONS = Dataset(
    name="publications",
    title=_("Publications"),
    description=_(
        "One row per published publication; the same filters as /publications/ (`q`, `kind`, "
        "`year`, `year_from`, `year_to`, `theme`, `city`, `country`, `region`, "
        "`target_group`, `organisation`, `framework`, `commitment`, `ordering`)."
    ),
    columns=PUBLICATION_COLUMNS,
    rows=publication_rows,
)
