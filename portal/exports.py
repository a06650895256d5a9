"""Downloads of every list (CSV; GeoJSON where there are places), the codebook at /data/
and the full dump. A download takes its list's query string and holds exactly its
results; the files are streamed (core.exports)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    QueryDict,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from cities.exports import CITIES, ORGANISATIONS, city_features, export_cities
from cities.filters import CityFilter, OrganisationFilter
from cities.models import City, Organisation
from core.api.records import Links
from core.api.views import with_pk_tiebreak
from core.exports import (
    Column,
    Dataset,
    chunks,
    csv_lines,
    download,
    geojson_chunks,
    licence,
    records,
)
from portal.dump import DUMP_NAME, current_dump
from practices.exports import (
    FRAMEWORKS,
    PRACTICE_FEATURE_COLUMNS,
    PRACTICES,
    export_commitments,
    practice_features,
)
from practices.facets import clean_query
from practices.filters import CommitmentFilter, PracticeFilter
from practices.models import Commitment, Practice
from publications.exports import PUBLICATIONS, export_publications
from publications.filters import PublicationFilter
from publications.models import Publication

EXPORT_MAX_AGE = 300


@dataclass(frozen=True)
class Export:
    dataset: Dataset
    filterset: type
    queryset: Callable[[], QuerySet]
    features: Callable | None = None
    feature_columns: tuple[Column, ...] = ()

    @property
    def name(self) -> str:
        return self.dataset.name


EXPORTS = {
    export.name: export
    for export in (
        Export(
            PRACTICES,
            PracticeFilter,
            lambda: Practice.objects.published().defer("search_vector", "search_rank_vector"),
            practice_features,
            PRACTICE_FEATURE_COLUMNS,
        ),
        Export(
            PUBLICATIONS,
            PublicationFilter,
            lambda: export_publications(Publication.objects.published()),
        ),
        Export(
            CITIES,
            CityFilter,
            lambda: export_cities(City.objects.all()),
            city_features,
            CITIES.columns,
        ),
        Export(
            ORGANISATIONS,
            OrganisationFilter,
            lambda: Organisation.objects.active().select_related("city"),
        ),
        Export(FRAMEWORKS, CommitmentFilter, lambda: export_commitments(Commitment.objects.all())),
    )
}


def _export(name: str) -> Export:
    try:
        return EXPORTS[name]
    except KeyError:
        raise Http404("No such export.") from None


class BadFilters(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems


def filtered(export: Export, query: QueryDict) -> QuerySet:
    """The export's records for a list's query string, as the list itself filters them.

    A value the list would ignore (with a message on the page) is an error here: a file
    must never silently hold more than was asked for."""
    query = query.copy()
    query.pop("page", None)
    filterset, _query, problems = clean_query(export.filterset, query, export.queryset())
    if problems:
        raise BadFilters(problems)
    return with_pk_tiebreak(filterset.qs)


def _bad_filters(error: BadFilters) -> HttpResponse:
    text = "\n".join([_("The download was not made:"), *error.problems, ""])
    return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")


def _codebook_url(request: HttpRequest, name: str) -> str:
    return request.build_absolute_uri(f"{reverse('data')}#{name}")


def export_response(
    export: Export, queryset: QuerySet, file_format: str, links: Links, *, codebook_url: str
) -> HttpResponse:
    """The streamed file (`csv` or `geojson`) of these records; the API's formats too."""
    if file_format == "geojson":
        content = geojson_chunks(_features(export, queryset, links))
        content_type = "application/geo+json"
    else:
        content = csv_lines(export.dataset, records(export.dataset, queryset, links))
        content_type = "text/csv; charset=utf-8"
    return download(
        content,
        filename=f"{export.name}.{file_format}",
        content_type=content_type,
        codebook_url=codebook_url,
    )


def _download(request: HttpRequest, name: str, file_format: str) -> HttpResponse:
    export = _export(name)
    if file_format == "geojson" and export.features is None:
        raise Http404("This list has no places to map.")
    try:
        queryset = filtered(export, request.GET)
    except BadFilters as error:
        return _bad_filters(error)
    response = export_response(
        export, queryset, file_format, Links.of(request), codebook_url=_codebook_url(request, name)
    )
    patch_cache_control(response, public=True, max_age=EXPORT_MAX_AGE)
    return response


def export_csv(request: HttpRequest, name: str) -> HttpResponse:
    return _download(request, name, "csv")


def export_geojson(request: HttpRequest, name: str) -> HttpResponse:
    return _download(request, name, "geojson")


def _features(export: Export, queryset: QuerySet, links):
    for chunk in chunks(export.dataset.records(queryset)):
        yield from export.features(chunk, links)


def codebook(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "data/codebook.html",
        {
            "exports": [
                {
                    "export": export,
                    "csv_url": reverse("exports:csv", kwargs={"name": export.name}),
                    "geojson_url": reverse("exports:geojson", kwargs={"name": export.name})
                    if export.features
                    else None,
                }
                for export in EXPORTS.values()
            ],
            "licence": licence(),
            "dump": current_dump(),
            "dump_name": DUMP_NAME,
            "site_url": request.build_absolute_uri("/"),
        },
    )


def dump_download(request: HttpRequest) -> HttpResponse:
    dump = current_dump()
    if dump is None:
        return render(request, "data/dump_missing.html", status=404)
    response = FileResponse(
        dump.path.open("rb"),
        as_attachment=True,
        filename=DUMP_NAME,
        content_type="application/gzip",
    )
    terms = licence()
    response["X-License"] = f"{terms['name']} {terms['url']}"
    response["Link"] = f'<{terms["url"]}>; rel="license"'
    patch_cache_control(response, public=True, max_age=3600)
    return response
