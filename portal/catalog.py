"""The portal's open data described in DCAT-AP 3, for harvesters such as data.europa.eu.

`/catalog.jsonld` (JSON-LD), `/catalog.ttl` (Turtle) and `/catalog` (either, by the Accept
header) describe the catalogue, its datasets and their distributions: the API's JSON, the
downloads of portal.exports (CSV, and GeoJSON where there are places) and the full dump under
/data/. Built with rdflib, which serialises both.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from cities.models import City, Organisation
from portal.exports import EXPORTS
from practices.models import Practice
from publications.models import Publication

EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
IANA = Namespace("https://www.iana.org/assignments/media-types/")

#: The media type and EU file type of each download.
FORMATS = {
    "json": ("application/json", "JSON"),
    "csv": ("text/csv", "CSV"),
    "geojson": ("application/geo+json", "GEOJSON"),
}


@dataclass(frozen=True)
class DatasetSpec:
    slug: str
    title: str
    description: str
    api_path: str
    keywords: tuple[str, ...] = field(default=())


DATASETS = (
    DatasetSpec(
        "practices",
        "Practices of migrant and refugee inclusion",
        "What cities run to include migrants and refugees: each practice's summary, context, "
        "approach, results and lessons, cities, organisations, themes, target groups, years, "
        "funding and measured outcomes. Only published practices.",
        "/api/v1/practices/",
        ("migration", "integration", "refugees", "cities", "inclusion"),
    ),
    DatasetSpec(
        "publications",
        "Publications on inclusive cities",
        "Reports, workshop and conference reports, papers and speeches that document the "
        "practices, with their authors, events, themes and cities.",
        "/api/v1/publications/",
        ("reports", "migration", "integration"),
    ),
    DatasetSpec(
        "cities",
        "Cities sharing practices",
        "The cities behind the practices: country, UN M49 region, coordinates and population.",
        "/api/v1/cities/",
        ("cities", "municipalities"),
    ),
    DatasetSpec(
        "organisations",
        "Organisations behind the practices",
        "City governments, NGOs, migrant organisations, employers, unions, foundations and "
        "networks that lead or partner in the practices.",
        "/api/v1/organisations/",
        ("organisations", "partners"),
    ),
    DatasetSpec(
        "frameworks",
        "Policy frameworks and their commitments",
        "Policy frameworks (such as the ten-point plan of action against racism) and their "
        "numbered commitments, which practices implement and publications discuss.",
        "/api/v1/frameworks/",
        ("policy", "frameworks", "commitments"),
    ),
)

DUMP = DatasetSpec(
    "dump",
    "Full data dump of the Inclusive Cities Exchange",
    "Everything published on the portal in one file, JSON Lines compressed with gzip, "
    "regenerated regularly; the codebook at /data/ documents every field.",
    "/data/",
    ("open data", "dump"),
)


def last_modified() -> dict[str, datetime.datetime | None]:
    """When each dataset last changed, from its published records: one query per model."""
    return {
        "practices": Practice.objects.published().aggregate(at=Max("updated_at"))["at"],
        "publications": Publication.objects.published().aggregate(at=Max("updated_at"))["at"],
        "cities": City.objects.aggregate(at=Max("updated_at"))["at"],
        "organisations": Organisation.objects.active().aggregate(at=Max("updated_at"))["at"],
    }


def distributions(spec: DatasetSpec) -> list[tuple[str, str]]:
    """(format, path) of each download of a dataset: the API's JSON and the /data/ files."""
    if spec is DUMP:
        return [("jsonl-gz", reverse("data-dump"))]
    export = EXPORTS[spec.slug]
    found = [("json", spec.api_path), ("csv", reverse("exports:csv", args=[spec.slug]))]
    if export.features:
        found.append(("geojson", reverse("exports:geojson", args=[spec.slug])))
    return found


def build_catalog(base_url: str) -> Graph:
    """The DCAT-AP graph of the catalogue at `base_url` (no trailing slash)."""
    graph = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("filetype", EU_FILE_TYPE),
        ("lang", EU_LANGUAGE),
    ):
        graph.bind(prefix, namespace)
    catalog = URIRef(f"{base_url}/catalog")
    publisher = URIRef(f"{base_url}/#publisher")
    licence = URIRef(settings.DATA_LICENCE_URL)
    modified = last_modified()

    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(settings.SITE_NAME, lang="en")))
    graph.add((publisher, FOAF.homepage, URIRef(f"{base_url}/")))
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))

    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(settings.SITE_NAME, lang="en")))
    graph.add(
        (
            catalog,
            DCTERMS.description,
            Literal(
                "Practices cities run to include migrants and refugees, the cities and "
                "organisations behind them, the policy frameworks they implement and the "
                "publications that document them, as open data.",
                lang="en",
            ),
        )
    )
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, FOAF.homepage, URIRef(f"{base_url}/")))
    graph.add((catalog, DCTERMS.license, licence))
    graph.add((catalog, DCTERMS.language, EU_LANGUAGE.ENG))
    known = [value for value in modified.values() if value]
    if known:
        graph.add((catalog, DCTERMS.modified, _date_time(max(known))))

    for spec in (*DATASETS, DUMP):
        dataset = URIRef(f"{base_url}/catalog#{spec.slug}")
        graph.add((catalog, DCAT.dataset, dataset))
        graph.add((dataset, RDF.type, DCAT.Dataset))
        graph.add((dataset, DCTERMS.identifier, Literal(f"{base_url}/catalog#{spec.slug}")))
        graph.add((dataset, DCTERMS.title, Literal(spec.title, lang="en")))
        graph.add((dataset, DCTERMS.description, Literal(spec.description, lang="en")))
        graph.add((dataset, DCTERMS.publisher, publisher))
        graph.add((dataset, DCTERMS.language, EU_LANGUAGE.ENG))
        graph.add((dataset, DCAT.landingPage, URIRef(f"{base_url}/data/")))
        for keyword in spec.keywords:
            graph.add((dataset, DCAT.keyword, Literal(keyword, lang="en")))
        if modified.get(spec.slug):
            graph.add((dataset, DCTERMS.modified, _date_time(modified[spec.slug])))
        for name, address in distributions(spec):
            media_type, file_type = FORMATS.get(name, ("application/gzip", "GZIP"))
            _add_distribution(
                graph,
                dataset,
                URIRef(f"{base_url}/catalog#{spec.slug}-{name}"),
                title=f"{spec.title} ({file_type})",
                access_url=f"{base_url}{address}",
                download_url=None if name == "json" else f"{base_url}{address}",
                media_type=media_type,
                file_type=file_type,
                licence=licence,
            )
    return graph


def _add_distribution(
    graph: Graph,
    dataset: URIRef,
    distribution: URIRef,
    *,
    title: str,
    access_url: str,
    download_url: str | None,
    media_type: str,
    file_type: str,
    licence: URIRef,
) -> None:
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCTERMS.title, Literal(title, lang="en")))
    graph.add((distribution, DCAT.accessURL, URIRef(access_url)))
    if download_url:
        graph.add((distribution, DCAT.downloadURL, URIRef(download_url)))
    graph.add((distribution, DCAT.mediaType, IANA[media_type]))
    graph.add((distribution, DCTERMS["format"], EU_FILE_TYPE[file_type]))
    graph.add((distribution, DCTERMS.license, licence))


def _date_time(value: datetime.datetime) -> Literal:
    return Literal(value.astimezone(datetime.UTC).isoformat(), datatype=XSD.dateTime)


SERIALISATIONS = {
    "jsonld": ("json-ld", "application/ld+json"),
    "ttl": ("turtle", "text/turtle"),
}


@require_safe
def catalog(request: HttpRequest, format: str | None = None) -> HttpResponse:
    """The catalogue as JSON-LD or Turtle; `/catalog` picks by the Accept header."""
    if format is None:
        preferred = request.get_preferred_type(["application/ld+json", "text/turtle"])
        format = "ttl" if preferred == "text/turtle" else "jsonld"
    rdf_format, content_type = SERIALISATIONS[format]
    base_url = request.build_absolute_uri("/").rstrip("/")
    body = build_catalog(base_url).serialize(format=rdf_format)
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Vary"] = "Accept"
    return response
