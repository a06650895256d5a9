"""OAI-PMH 2.0 at /oai/.

No PyPI package ships the OAI-PMH 2.0 XSD (it is third-party and not copied here), so the
responses are checked with our own assertions on the structure the schema requires: the
root and namespace, responseDate, request, then one verb element or errors, each verb's
children in the schema's order, datestamps at the declared granularity, and Dublin Core's
fifteen elements only.
"""

import re

import pytest
from lxml import etree

from portal import oai
from practices.models import Practice
from publications.models import Publication
from tests.factories import (
    ContributorFactory,
    PracticeFactory,
    PublicationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

NS = {"o": oai.OAI, "dc": oai.DC, "oai_dc": oai.OAI_DC}
DATESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
DC_ELEMENTS = {
    *("title", "creator", "subject", "description", "publisher", "contributor", "date"),
    *("type", "format", "identifier", "source", "language", "relation", "coverage", "rights"),
}
VERB_CHILDREN = {
    "Identify": [
        "repositoryName",
        "baseURL",
        "protocolVersion",
        "adminEmail",
        "earliestDatestamp",
        "deletedRecord",
        "granularity",
    ],
}


def local(element) -> str:
    return etree.QName(element).localname


def harvest(client, **params):
    response = client.get("/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    root = etree.fromstring(response.content)
    check_structure(root)
    return root


def check_structure(root) -> None:
    assert root.tag == f"{{{oai.OAI}}}OAI-PMH"
    children = list(root)
    assert [local(child) for child in children[:2]] == ["responseDate", "request"]
    assert DATESTAMP.match(children[0].text)
    assert children[1].text.endswith("/oai/")
    rest = children[2:]
    assert rest, "a verb element or an error"
    if local(rest[0]) == "error":
        assert all(local(child) == "error" and child.get("code") for child in rest)
        return
    assert len(rest) == 1
    verb = rest[0]
    if local(verb) in VERB_CHILDREN:
        assert [local(child) for child in verb] == VERB_CHILDREN[local(verb)]
    for header in root.iter(f"{{{oai.OAI}}}header"):
        names = [local(child) for child in header]
        assert names[:2] == ["identifier", "datestamp"]
        assert set(names[2:]) <= {"setSpec"}
        assert DATESTAMP.match(header.find("o:datestamp", NS).text)
    for record in root.iter(f"{{{oai.OAI}}}record"):
        assert [local(child) for child in record] == ["header", "metadata"]
        (dc,) = record.find("o:metadata", NS)
        assert dc.tag == f"{{{oai.OAI_DC}}}dc"
        assert {local(child) for child in dc} <= DC_ELEMENTS
    tokens = list(root.iter(f"{{{oai.OAI}}}resumptionToken"))
    assert len(tokens) <= 1
    if tokens:
        assert tokens[0].getparent() is verb and verb[-1] is tokens[0]


def error_code(root) -> str:
    return root.find("o:error", NS).get("code")


@pytest.fixture
def records():
    employment = ThemeFactory(name="Employment", slug="employment")
    practice = PracticeFactory(title="Career Bridge", slug="career-bridge", themes=[employment])
    publication = PublicationFactory(title="Local covenants", slug="local-covenants")
    ContributorFactory(publication=publication, name="Jane Author")
    PracticeFactory(title="Secret draft", slug="secret-draft", status=Practice.Status.DRAFT)
    PublicationFactory(title="Hidden report", slug="hidden", status=Publication.Status.DRAFT)
    return practice, publication


def test_identify_describes_the_repository(visitor, records):
    root = harvest(visitor, verb="Identify")
    identify = root.find("o:Identify", NS)
    assert identify.find("o:protocolVersion", NS).text == "2.0"
    assert identify.find("o:deletedRecord", NS).text == "no"
    assert identify.find("o:granularity", NS).text == "YYYY-MM-DDThh:mm:ssZ"
    assert root.find("o:request", NS).get("verb") == "Identify"


def test_list_metadata_formats_and_sets(visitor, records):
    root = harvest(visitor, verb="ListMetadataFormats")
    assert root.findtext(".//o:metadataPrefix", namespaces=NS) == "oai_dc"
    root = harvest(visitor, verb="ListSets")
    assert root.findtext(".//o:setSpec", namespaces=NS) == "theme:employment"


def test_list_records_gives_only_published_records_in_dublin_core(visitor, records):
    root = harvest(visitor, verb="ListRecords", metadataPrefix="oai_dc")
    titles = [element.text for element in root.iterfind(".//dc:title", NS)]
    assert titles == ["Career Bridge", "Local covenants"]
    assert "Jane Author" in [element.text for element in root.iterfind(".//dc:creator", NS)]
    identifiers = [element.text for element in root.iterfind(".//o:identifier", NS)]
    assert identifiers == [
        "oai:127.0.0.1:practice:career-bridge",
        "oai:127.0.0.1:publication:local-covenants",
    ]


def test_a_set_selects_by_theme(visitor, records):
    root = harvest(visitor, verb="ListIdentifiers", metadataPrefix="oai_dc", set="theme:employment")
    assert [e.text for e in root.iterfind(".//o:identifier", NS)] == [
        "oai:127.0.0.1:practice:career-bridge"
    ]


def test_get_record_and_its_errors(visitor, records):
    root = harvest(
        visitor,
        verb="GetRecord",
        metadataPrefix="oai_dc",
        identifier="oai:127.0.0.1:publication:local-covenants",
    )
    assert root.findtext(".//dc:title", namespaces=NS) == "Local covenants"
    hidden = harvest(
        visitor,
        verb="GetRecord",
        metadataPrefix="oai_dc",
        identifier="oai:127.0.0.1:practice:secret-draft",
    )
    assert error_code(hidden) == "idDoesNotExist"
    wrong_format = harvest(
        visitor,
        verb="GetRecord",
        metadataPrefix="marc21",
        identifier="oai:127.0.0.1:practice:career-bridge",
    )
    assert error_code(wrong_format) == "cannotDisseminateFormat"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "Identify", "colour": "blue"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2026-01-01",
                "until": "2025-01-01",
            },
            "badArgument",
        ),
        ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2100-01-01"},
            "noRecordsMatch",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "theme:none"},
            "noRecordsMatch",
        ),
        (
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "resumptionToken": "x"},
            "badArgument",
        ),
    ],
)
def test_errors_carry_the_protocols_codes(visitor, records, params, code):
    root = harvest(visitor, **params)
    assert error_code(root) == code
    if code in ("badVerb", "badArgument"):
        assert not root.find("o:request", NS).attrib


def test_a_repeated_argument_is_a_bad_argument(visitor, records):
    response = visitor.get("/oai/?verb=Identify&verb=Identify")
    assert error_code(etree.fromstring(response.content)) == "badArgument"


def test_lists_page_with_resumption_tokens_across_both_kinds(
    visitor, records, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(oai, "PAGE_SIZE", 2)
    for number in range(2):
        PracticeFactory(title=f"More {number}")
    PublicationFactory(title="Second report")
    seen, token, pages = [], None, 0
    while True:
        params = {"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"}
        with django_assert_max_num_queries(12):
            root = harvest(visitor, verb="ListRecords", **params)
        pages += 1
        seen += [e.text for e in root.iterfind(".//dc:title", NS)]
        token = root.findtext(".//o:resumptionToken", namespaces=NS)
        if not token:
            break
    assert pages == 3
    assert sorted(seen) == sorted(
        ["Career Bridge", "More 0", "More 1", "Local covenants", "Second report"]
    )


def test_a_page_runs_a_fixed_number_of_queries(visitor, records, django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as few:
        harvest(visitor, verb="ListRecords", metadataPrefix="oai_dc")
    for number in range(15):
        PracticeFactory(title=f"Extra {number}", themes=[ThemeFactory()])
        ContributorFactory(publication=PublicationFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        harvest(visitor, verb="ListRecords", metadataPrefix="oai_dc")


def test_post_requests_are_answered_like_get(visitor, records):
    response = visitor.post("/oai/", {"verb": "Identify"})
    assert response.status_code == 200
    check_structure(etree.fromstring(response.content))
