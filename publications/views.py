"""Public pages for publications: the faceted list and a publication's own page."""

import datetime
from pathlib import Path

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language, npgettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from cities.models import City, Organisation
from core.exports import download_links
from practices.facets import (
    FacetSpec,
    active_filter_count,
    active_filters,
    clean_page,
    clean_query,
    compute_facets,
    count_through_several,
    drop_filter_suggestions,
    translated_names,
    url_for,
)
from practices.models import Theme
from publications.filters import PublicationFilter
from publications.models import Contributor, Publication

PAGE_SIZE = 20

AUTHOR_ROLES = {Contributor.Role.AUTHOR, Contributor.Role.SPEAKER}

#: One whole phrase per kind: a kind's label slotted into "Download the …" cannot take the
#: article and case that German or French need.
DOWNLOAD_LABELS = {
    Publication.Kind.REPORT: _("Download the report"),
    Publication.Kind.WORKSHOP_REPORT: _("Download the workshop report"),
    Publication.Kind.CONFERENCE_REPORT: _("Download the conference report"),
    Publication.Kind.ROUNDTABLE_REPORT: _("Download the roundtable report"),
    Publication.Kind.PAPER: _("Download the paper"),
    Publication.Kind.SPEECH: _("Download the speech"),
    Publication.Kind.COMPILATION: _("Download the compilation"),
}

# The facets beside the list: each option shows how many publications it would give.
FACETS = (
    FacetSpec("kind", value="kind", choices=Publication.Kind.choices),
    FacetSpec("year", value="publication_date__year"),
    FacetSpec(
        "theme", value="themes__slug", label="themes__name", translated=translated_names(Theme)
    ),
    FacetSpec(
        "city",
        value="slug",
        label="name",
        counter=count_through_several,
        extra={"model": City, "through": ("cities", "event_city")},
    ),
    FacetSpec(
        "organisation",
        value="slug",
        label="name",
        counter=count_through_several,
        extra={
            "model": Organisation,
            "options": Organisation.objects.active(),
            "through": ("publisher", "partners"),
        },
    ),
)


# Filters the list's form has a control for; any other filter in the URL rides along hidden.
FORM_CONTROLS = {"q", "ordering", *(spec.name for spec in FACETS)}


class PublicationListView(TemplateView):
    """Published publications, filtered by the shared PublicationFilter, with facet counts."""

    template_name = "publications/publication_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        base_url = self.request.path
        published = Publication.objects.published()
        filterset, query, problems = clean_query(PublicationFilter, self.request.GET, published)
        query = query.copy()
        query.pop("page", None)
        results = filterset.qs.for_listing()
        paginator = Paginator(results, PAGE_SIZE)
        number, page_problem = clean_page(self.request.GET.get("page"), paginator.num_pages)
        if page_problem:
            problems.append(page_problem)
        page = paginator.page(number)
        facets = compute_facets(filterset, FACETS)
        for facet in facets:
            if facet.name == "year":
                facet.options.sort(key=lambda option: option.value, reverse=True)
        chips = active_filters(filterset, query, base_url, facets)
        context.update(
            filter=filterset,
            facets=facets,
            chips=chips,
            active_filter_count=active_filter_count(chips),
            problems=problems,
            page_obj=page,
            publications=page.object_list,
            result_count=paginator.count,
            query=query,
            searching=bool(query.get("q", "").strip()),
            ordering=query.get("ordering") or "",
            hidden_params=[
                (name, value)
                for name in query
                if name not in FORM_CONTROLS
                for value in query.getlist(name)
            ],
            suggestions=(
                drop_filter_suggestions(filterset, query, base_url) if not paginator.count else []
            ),
            feed_url=url_for(reverse("publications-feed"), _without(query, "ordering")),
            downloads=download_links("publications", query),
        )
        return context


def iso_date_at_precision(publication: Publication) -> str:
    """`2017`, `2017-05` or `2017-05-01`, as precisely as the date is known."""
    day = publication.publication_date
    return {
        Publication.DatePrecision.YEAR: f"{day:%Y}",
        Publication.DatePrecision.MONTH: f"{day:%Y-%m}",
    }.get(publication.date_precision, day.isoformat())


def date_range(start: datetime.date | None, end: datetime.date | None) -> str:
    """ "16–18 October 2007", "30 September – 2 October 2007", or one day.

    The formats (the `date` filter's) are the translators': a language shortens a range in
    its own way ("16.–18. Oktober 2007", "16–18 de octubre de 2007")."""
    # Translators: formats of Django's `date` filter (j day, F month name, Y year; other
    # letters need a backslash, as in "j \d\e F"): order and punctuate them as your
    # language writes dates.
    full = pgettext("date format of a whole date, also a range's last day", "j F Y")
    if not start:
        return date_format(end, full) if end else ""
    if not end or end == start:
        return date_format(start, full)
    if (start.year, start.month) == (end.year, end.month):
        first = pgettext("date format of a range's first day, in the month of its last", "j")
        return f"{date_format(start, first)}–{date_format(end, full)}"
    if start.year == end.year:
        first = pgettext("date format of a range's first day, in the year of its last", "j F")
        return f"{date_format(start, first)} – {date_format(end, full)}"
    return f"{date_format(start, full)} – {date_format(end, full)}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def citation(publication: Publication, authors: list, editors: list) -> str:
    """A reference line: creator (year). Title. Place, dates."""
    if authors:
        creator = ", ".join(person.name for person in authors)
    elif editors:
        creator = (
            ", ".join(person.name for person in editors)
            + " "
            + npgettext("book editor(s) in a citation", "(ed.)", "(eds.)", len(editors))
        )
    elif publication.publisher:
        creator = publication.publisher.name
    else:
        creator = ""
    year = f"({publication.publication_date:%Y})"
    title = publication.title
    if publication.subtitle:
        title = f"{title}: {publication.subtitle}"
    parts = [f"{creator} {year}." if creator else f"{year}.", _sentence(title)]
    place = publication.event_city.name if publication.event_city else ""
    dates = date_range(publication.event_start, publication.event_end)
    where = ", ".join(part for part in (place, dates) if part)
    if where:
        parts.append(_sentence(where))
    return " ".join(parts)


def download_info(publication: Publication) -> dict | None:
    """The file's URL, size and type, or None when there is no file (or it has gone missing)."""
    if not publication.file:
        return None
    try:
        size = publication.file.size
    except (OSError, ValueError):
        size = None
    kind = Path(publication.file.name).suffix.lstrip(".").upper()
    mime = "application/pdf" if kind == "PDF" else "application/octet-stream"
    return {
        "url": publication.file.url,
        "size": size,
        "type": kind,
        "mime": mime,
        "label": DOWNLOAD_LABELS.get(publication.kind, _("Download the file")),
    }


def _person(contributor) -> dict:
    person = {"@type": "Person", "name": contributor.name}
    if contributor.affiliation:
        person["affiliation"] = {"@type": "Organization", "name": contributor.affiliation}
    return person


def _organisation(organisation: Organisation, request) -> dict:
    data = {
        "@type": "Organization",
        "name": organisation.name,
        "url": request.build_absolute_uri(organisation.get_absolute_url()),
    }
    if organisation.website:
        data["sameAs"] = organisation.website
    return data


def report_structured_data(
    publication: Publication, request, authors: list, editors: list, download: dict | None
) -> dict:
    """schema.org `Report` for search engines and reference managers."""
    url = request.build_absolute_uri(publication.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Report",
        "name": publication.title,
        "datePublished": iso_date_at_precision(publication),
        "url": url,
        "inLanguage": get_language() or "en",
        "genre": str(publication.get_kind_display()),
    }
    if publication.subtitle:
        data["alternativeHeadline"] = publication.subtitle
    if authors:
        data["author"] = [_person(person) for person in authors]
    elif publication.publisher:
        data["author"] = _organisation(publication.publisher, request)
    if editors:
        data["editor"] = [_person(person) for person in editors]
    if publication.publisher:
        data["publisher"] = _organisation(publication.publisher, request)
    partners = list(publication.partners.all())
    if partners:
        data["contributor"] = [_organisation(partner, request) for partner in partners]
    about = [{"@type": "Thing", "name": theme.name} for theme in publication.themes.all()]
    about += [
        {
            "@type": "City",
            "name": city.name,
            "url": request.build_absolute_uri(city.get_absolute_url()),
        }
        for city in publication.cities.all()
    ]
    if about:
        data["about"] = about
    if publication.event_city:
        data["locationCreated"] = {"@type": "City", "name": publication.event_city.name}
    if download:
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": request.build_absolute_uri(download["url"]),
            "encodingFormat": download["mime"],
        }
        if download["size"] is not None:
            data["encoding"]["contentSize"] = f"{download['size']} B"
    return data


class PublicationDetailView(DetailView):
    template_name = "publications/publication_detail.html"
    context_object_name = "publication"

    def get_queryset(self):
        return Publication.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        publication = self.object
        contributors = list(publication.contributors.all())
        authors = [person for person in contributors if person.role in AUTHOR_ROLES]
        editors = [person for person in contributors if person.role not in AUTHOR_ROLES]
        download = download_info(publication)
        context.update(
            contributors=contributors,
            authors=authors,
            editors=editors,
            creators=authors or editors,
            citation=citation(publication, authors, editors),
            download=download,
            dc_date=iso_date_at_precision(publication),
            event_dates=date_range(publication.event_start, publication.event_end),
            canonical_url=self.request.build_absolute_uri(publication.get_absolute_url()),
            language=get_language() or "en",
            structured_data=report_structured_data(
                publication, self.request, authors, editors, download
            ),
        )
        return context


def _without(query, *keys: str):
    query = query.copy()
    for key in keys:
        query.pop(key, None)
    return query
