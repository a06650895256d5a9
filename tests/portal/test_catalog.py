"""The DCAT-AP 3 catalogue at /catalog.jsonld, /catalog.ttl and /catalog.

The official DCAT-AP 3 SHACL shapes are third-party and no PyPI package ships them (pySHACL
ships only SHACL's own shapes), so these tests validate with pySHACL against our own
shapes below: the mandatory properties of DCAT-AP 3 (Catalogue: title, description,
publisher, dataset; Dataset: title, description; Distribution: accessURL) and a licence on
every distribution, as data.europa.eu's harvester requires.
"""

import json

import pytest
from pyshacl import validate
from rdflib import Graph, namespace

from tests.factories import CityFactory, PracticeFactory, PublicationFactory

pytestmark = pytest.mark.django_db

OUR_DCAT_AP_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .

<#Catalogue> a sh:NodeShape ;
  sh:targetClass dcat:Catalog ;
  sh:property [ sh:path dct:title ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ;
  sh:property [ sh:path dct:description ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ;
  sh:property [ sh:path dct:publisher ; sh:minCount 1 ; sh:maxCount 1 ; sh:class foaf:Agent ] ;
  sh:property [ sh:path dcat:dataset ; sh:minCount 1 ; sh:class dcat:Dataset ] ;
  sh:property [ sh:path dct:license ; sh:minCount 1 ; sh:class dct:LicenseDocument ] .

<#Dataset> a sh:NodeShape ;
  sh:targetClass dcat:Dataset ;
  sh:property [ sh:path dct:title ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ;
  sh:property [ sh:path dct:description ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ;
  sh:property [ sh:path dcat:distribution ; sh:minCount 1 ; sh:class dcat:Distribution ] ;
  sh:property [ sh:path dct:modified ; sh:maxCount 1 ] .

<#Distribution> a sh:NodeShape ;
  sh:targetClass dcat:Distribution ;
  sh:property [ sh:path dcat:accessURL ; sh:minCount 1 ; sh:nodeKind sh:IRI ] ;
  sh:property [ sh:path dct:license ; sh:minCount 1 ; sh:maxCount 1 ; sh:nodeKind sh:IRI ] .

<#Agent> a sh:NodeShape ;
  sh:targetClass foaf:Agent ;
  sh:property [ sh:path foaf:name ; sh:minCount 1 ] .
"""


def shapes() -> Graph:
    return Graph().parse(data=OUR_DCAT_AP_SHAPES, format="turtle", publicID="urn:shapes")


def conforms(graph: Graph) -> tuple[bool, str]:
    ok, _report, text = validate(graph, shacl_graph=shapes(), inference="none")
    return ok, text


@pytest.fixture
def catalogue_data():
    PracticeFactory(cities=[CityFactory()])
    PublicationFactory()


def test_the_json_ld_catalogue_is_valid_against_the_dcat_ap_constraints(visitor, catalogue_data):
    response = visitor.get("/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    json.loads(response.content)
    graph = Graph().parse(data=response.content, format="json-ld")
    ok, text = conforms(graph)
    assert ok, text
    datasets = set(graph.objects(None, namespace.DCAT.dataset))
    assert len(datasets) == 6
    titles = {str(graph.value(dataset, namespace.DCTERMS.title)) for dataset in datasets}
    assert "Practices of migrant and refugee inclusion" in titles


def test_the_shapes_catch_a_distribution_without_an_address(visitor, catalogue_data):
    graph = Graph().parse(data=visitor.get("/catalog.jsonld").content, format="json-ld")
    distribution = next(graph.subjects(namespace.RDF.type, namespace.DCAT.Distribution))
    graph.remove((distribution, namespace.DCAT.accessURL, None))
    ok, _text = conforms(graph)
    assert not ok


def test_distributions_give_the_api_and_the_downloads_with_the_licence(
    visitor, catalogue_data, settings
):
    settings.DATA_LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
    graph = Graph().parse(data=visitor.get("/catalog.ttl").content, format="turtle")
    addresses = {str(url) for url in graph.objects(None, namespace.DCAT.accessURL)}
    assert "http://testserver/api/v1/practices/" in addresses
    assert "http://testserver/data/practices.csv" in addresses
    assert "http://testserver/data/practices.geojson" in addresses
    assert "http://testserver/data/cities.geojson" in addresses
    assert "http://testserver/data/inclusive-cities-exchange.jsonl.gz" in addresses
    licences = {str(url) for url in graph.objects(None, namespace.DCTERMS.license)}
    assert licences == {"https://creativecommons.org/publicdomain/zero/1.0/"}


def test_every_distribution_but_a_dump_not_yet_written_can_be_fetched(visitor, catalogue_data):
    graph = Graph().parse(data=visitor.get("/catalog.ttl").content, format="turtle")
    for url in graph.objects(None, namespace.DCAT.accessURL):
        path = str(url).removeprefix("http://testserver")
        expected = 404 if path.endswith(".jsonl.gz") else 200
        assert visitor.get(path).status_code == expected, path


def test_catalog_negotiates_turtle_or_json_ld(visitor, catalogue_data):
    turtle = visitor.get("/catalog", HTTP_ACCEPT="text/turtle")
    assert turtle["Content-Type"].startswith("text/turtle")
    assert "Accept" in turtle["Vary"]
    assert visitor.get("/catalog", HTTP_ACCEPT="text/html")["Content-Type"].startswith(
        "application/ld+json"
    )
    assert visitor.post("/catalog.jsonld").status_code == 405


def test_the_catalogue_runs_a_fixed_number_of_queries(visitor, django_assert_max_num_queries):
    PracticeFactory()
    with django_assert_max_num_queries(4) as few:
        visitor.get("/catalog.jsonld")
    for _ in range(10):
        PracticeFactory(cities=[CityFactory()])
    with django_assert_max_num_queries(len(few.captured_queries)):
        visitor.get("/catalog.jsonld")
