"""The public publication list and publication pages, as a visitor sees them."""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from publications.models import Contributor, Publication
from tests.factories import (
    CityFactory,
    CommitmentFactory,
    ContributorFactory,
    OrganisationFactory,
    PracticeFactory,
    PublicationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("publications:list")
TINY_PDF = b"%PDF-1.4\n%%EOF\n"


def titles(response) -> list[str]:
    return sorted(publication.title for publication in response.context["publications"])


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


class MetaTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and "name" in attributes:
            self.meta.append((attributes["name"], attributes.get("content", "")))


def dublin_core(response) -> dict[str, list[str]]:
    parser = MetaTags()
    parser.feed(response.content.decode())
    tags: dict[str, list[str]] = {}
    for name, content in parser.meta:
        if name.startswith("DC."):
            tags.setdefault(name, []).append(content)
    return tags


def structured_data(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


# ---------------------------------------------------------------- the list


def test_list_shows_only_published_publications(visitor):
    PublicationFactory(title="Public report")
    PublicationFactory(title="Draft report", status=Publication.Status.DRAFT)

    response = visitor.get(LIST)

    assert titles(response) == ["Public report"]
    assert "Draft report" not in response.content.decode()
    assert "1 publication" in response.content.decode()


@pytest.fixture
def catalogue(the_hague):
    """Four published publications and a draft that matches every filter."""
    employment = ThemeFactory(name="Employment", slug="employment")
    toronto = CityFactory(name="Toronto", slug="toronto", country="CA")
    triec = OrganisationFactory(name="TRIEC", slug="triec")
    PublicationFactory(
        title="Hague workshop",
        kind=Publication.Kind.WORKSHOP_REPORT,
        publication_date=datetime.date(2007, 10, 30),
        event_city=the_hague,
        themes=[employment],
    )
    PublicationFactory(
        title="Toronto paper",
        kind=Publication.Kind.PAPER,
        publication_date=datetime.date(2010, 5, 1),
        cities=[toronto],
        publisher=triec,
        summary="Skilled immigrants and mentoring.",
    )
    PublicationFactory(
        title="Speech on inclusion",
        kind=Publication.Kind.SPEECH,
        publication_date=datetime.date(2010, 1, 1),
        partners=[triec],
    )
    PublicationFactory(
        title="Another paper",
        kind=Publication.Kind.PAPER,
        publication_date=datetime.date(2012, 3, 3),
        themes=[employment],
    )
    PublicationFactory(
        title="Secret draft",
        kind=Publication.Kind.PAPER,
        publication_date=datetime.date(2010, 5, 1),
        status=Publication.Status.DRAFT,
        themes=[employment],
        cities=[toronto],
        publisher=triec,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=paper", ["Another paper", "Toronto paper"]),
        ("?kind=paper&kind=speech", ["Another paper", "Speech on inclusion", "Toronto paper"]),
        ("?year=2010", ["Speech on inclusion", "Toronto paper"]),
        ("?year=2010&kind=paper", ["Toronto paper"]),
        ("?theme=employment", ["Another paper", "Hague workshop"]),
        ("?city=the-hague", ["Hague workshop"]),
        ("?city=toronto&city=the-hague", ["Hague workshop", "Toronto paper"]),
        ("?organisation=triec", ["Speech on inclusion", "Toronto paper"]),
        ("?q=mentoring", ["Toronto paper"]),
        ("?q=paper&kind=paper", ["Another paper", "Toronto paper"]),
    ],
)
def test_filters(visitor, catalogue, query, expected):
    response = visitor.get(LIST + query)

    assert response.status_code == 200
    assert titles(response) == expected
    assert "Secret draft" not in response.content.decode()


def facet(response, name: str) -> dict[str, int]:
    [found] = [f for f in response.context["facets"] if f.name == name]
    return {option.value: option.count for option in found.options}


def test_kind_and_year_options_show_counts_of_published_publications(visitor, catalogue):
    response = visitor.get(LIST)

    assert facet(response, "kind") == {"workshop-report": 1, "paper": 2, "speech": 1}
    assert facet(response, "year") == {"2012": 1, "2010": 2, "2007": 1}
    html = response.content.decode()
    assert re.search(r"Paper\s*<span class=\"count\">\(2\b", html)


def test_counts_follow_the_other_filters(visitor, catalogue):
    response = visitor.get(LIST + "?year=2010&kind=paper")

    # Kind counts apply the year filter (not the kind one), and the other way round.
    assert facet(response, "kind") == {"paper": 1, "speech": 1}
    assert facet(response, "year") == {"2012": 1, "2010": 1}


def test_active_filters_can_be_removed(visitor, catalogue):
    response = visitor.get(LIST + "?kind=paper&kind=speech&theme=employment")

    chips = {chip.value_label: chip.remove_url for chip in response.context["chips"]}
    assert set(chips) == {"Paper", "Speech", "Employment"}
    assert chips["Paper"] == "/publications/?kind=speech&theme=employment"
    html = response.content.decode()
    assert 'href="/publications/?kind=speech&amp;theme=employment"' in html
    assert "Clear all filters" in html


def test_pagination_keeps_the_filters(visitor):
    theme = ThemeFactory(slug="employment")
    for index in range(45):
        PublicationFactory(title=f"Report {index:02}", themes=[theme])
    PublicationFactory(title="Off-theme")

    first = visitor.get(LIST + "?theme=employment")
    third = visitor.get(LIST + "?theme=employment&page=3")

    assert first.context["result_count"] == 45
    assert len(first.context["publications"]) == 20
    assert 'href="?theme=employment&amp;page=2"' in first.content.decode()
    assert len(third.context["publications"]) == 5
    assert 'href="?theme=employment&amp;page=2"' in third.content.decode()
    assert 'aria-current="page" href="?theme=employment&amp;page=3"' in third.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?kind=novel",
        "?year=abc",
        "?year=1850",
        "?year_from=twenty",
        "?theme=no-such-theme",
        "?city=atlantis&organisation=nobody",
        "?page=abc",
        "?page=0",
        "?page=999",
        "?ordering=sideways",
        "?country=ZZ&region=atlantis",
        "?q=" + "x" * 500,
    ],
)
def test_bad_input_gives_the_page_with_a_message(visitor, catalogue, query):
    response = visitor.get(LIST + query)

    assert response.status_code == 200
    assert response.context["problems"]
    assert 'role="alert"' in response.content.decode()
    assert response.context["result_count"] == 4


def test_unknown_value_next_to_a_known_one_keeps_the_known_one(visitor, catalogue):
    response = visitor.get(LIST + "?kind=paper&kind=novel")

    assert titles(response) == ["Another paper", "Toronto paper"]
    assert "novel" in response.content.decode()


def test_empty_result_offers_a_way_out(visitor, catalogue):
    response = visitor.get(LIST + "?kind=speech&theme=employment")

    html = response.content.decode()
    assert response.context["result_count"] == 0
    assert "No publication matches all of these filters." in html
    assert "See all publications" in html


def test_form_controls_are_labelled(visitor, catalogue):
    html = visitor.get(LIST).content.decode()

    ids = re.findall(r'<(?:input|select)[^>]*\sid="([^"]+)"', html)
    assert ids
    for control_id in ids:
        if control_id == "site-search-q":
            continue
        assert f'for="{control_id}"' in html, control_id


def _many_publications(count: int, theme, city, organisation) -> None:
    for index in range(count):
        publication = PublicationFactory(
            kind=list(Publication.Kind)[index % 7],
            publication_date=datetime.date(2000 + index % 20, 1, 1),
            themes=[theme, ThemeFactory()],
            cities=[city, CityFactory()],
            partners=[organisation],
            publisher=OrganisationFactory(),
            event_city=CityFactory(),
        )
        ContributorFactory.create_batch(2, publication=publication)


@pytest.mark.parametrize("query", ["", "?kind=paper&kind=report&theme=employment&city=the-hague"])
def test_list_query_count_does_not_grow(visitor, the_hague, query):
    theme = ThemeFactory(slug="employment")
    organisation = OrganisationFactory()
    _many_publications(1, theme, the_hague, organisation)
    one = count_queries(visitor, LIST + query)
    _many_publications(29, theme, the_hague, organisation)
    thirty = count_queries(visitor, LIST + query)

    assert one == thirty


# ---------------------------------------------------------------- a publication


@pytest.fixture
def report(the_hague):
    copenhagen = CityFactory(name="Copenhagen", slug="copenhagen", country="DK")
    publisher = OrganisationFactory(name="The Hague Process on Refugees and Migration", slug="thp")
    publication = PublicationFactory(
        title="Cities and the integration of migrants",
        slug="cities-integration",
        kind=Publication.Kind.WORKSHOP_REPORT,
        publication_date=datetime.date(2007, 11, 15),
        date_precision=Publication.DatePrecision.YEAR,
        publisher=publisher,
        event_city=copenhagen,
        event_start=datetime.date(2007, 10, 16),
        event_end=datetime.date(2007, 10, 18),
        external_url="https://example.org/report",
        summary="What **cities** learned.",
        themes=[ThemeFactory(name="Citizenship", slug="citizenship")],
        cities=[the_hague],
        partners=[OrganisationFactory(name="UNHCR", slug="unhcr")],
        practices=[
            PracticeFactory(title="Citizenship Fund", cities=[the_hague]),
            PracticeFactory(title="Unpublished idea", status="draft"),
        ],
    )
    publication.commitments.add(CommitmentFactory(title="Promote equal opportunities"))
    return publication


def test_detail_citation(visitor, report):
    response = visitor.get(report.get_absolute_url())

    assert response.context["citation"] == (
        "The Hague Process on Refugees and Migration (2007). "
        "Cities and the integration of migrants. Copenhagen, 16–18 October 2007."
    )
    assert "16–18 October 2007" in response.content.decode()


def test_citation_names_authors_before_the_publisher(visitor, report):
    ContributorFactory(publication=report, name="Jane Doe", position=1)
    ContributorFactory(publication=report, name="John Roe", position=2)
    ContributorFactory(publication=report, name="Ed Itor", role=Contributor.Role.EDITOR, position=3)

    response = visitor.get(report.get_absolute_url())

    assert response.context["citation"].startswith("Jane Doe, John Roe (2007). Cities and")
    html = response.content.decode()
    assert "Jane Doe" in html
    assert "Ed Itor (Editor)" in html


def test_detail_shows_everything_a_reader_needs(visitor, report):
    html = visitor.get(report.get_absolute_url()).content.decode()

    assert "<h1>Cities and the integration of migrants</h1>" in html
    assert "Workshop report" in html
    assert 'href="/cities/copenhagen/"' in html  # event place
    assert 'href="/organisations/unhcr/"' in html  # partner
    assert 'href="/organisations/thp/"' in html  # publisher
    assert 'href="https://example.org/report"' in html
    assert "<strong>cities</strong>" in html
    assert "Citizenship" in html
    assert 'href="/cities/the-hague/"' in html
    assert "Citizenship Fund" in html
    assert "Unpublished idea" not in html
    assert "Promote equal opportunities" in html


@pytest.mark.parametrize(
    ("precision", "shown"),
    [("day", "1 May 2017"), ("month", "May 2017"), ("year", "2017")],
)
def test_date_is_shown_at_its_precision(visitor, precision, shown):
    publication = PublicationFactory(
        publication_date=datetime.date(2017, 5, 1), date_precision=precision
    )

    html = visitor.get(publication.get_absolute_url()).content.decode()

    assert re.search(rf"<time[^>]*>{shown}</time>", html)


def test_download_link_gives_size_and_type(visitor, report):
    report.file = SimpleUploadedFile("report.pdf", TINY_PDF, content_type="application/pdf")
    report.save()

    html = visitor.get(report.get_absolute_url()).content.decode()

    assert f'href="{report.file.url}"' in html
    assert re.search(r"Download the workshop report\s*\(PDF, 15\sbytes\)", html)
    assert dublin_core(visitor.get(report.get_absolute_url()))["DC.format"] == ["application/pdf"]


def test_no_download_link_without_a_file(visitor, report):
    html = visitor.get(report.get_absolute_url()).content.decode()

    assert "Download the" not in html


def test_missing_file_still_gives_the_page(visitor, report):
    report.file.name = "publications/2007/gone.pdf"
    report.save()

    response = visitor.get(report.get_absolute_url())

    assert response.status_code == 200
    assert "Download the workshop report" in response.content.decode()


def test_report_structured_data(visitor, report):
    ContributorFactory(publication=report, name="Jane Doe")
    ContributorFactory(publication=report, name="Ed Itor", role=Contributor.Role.EDITOR)

    data = structured_data(visitor.get(report.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Report"
    assert data["name"] == "Cities and the integration of migrants"
    assert data["datePublished"] == "2007"
    assert data["author"] == [{"@type": "Person", "name": "Jane Doe"}]
    assert data["editor"] == [{"@type": "Person", "name": "Ed Itor"}]
    assert data["publisher"]["name"] == "The Hague Process on Refugees and Migration"
    assert {"@type": "Thing", "name": "Citizenship"} in data["about"]
    assert data["url"] == "http://testserver/publications/cities-integration/"


def test_structured_data_cannot_break_out_of_its_script(visitor):
    publication = PublicationFactory(title="</script><script>alert(1)</script>")

    response = visitor.get(publication.get_absolute_url())

    assert "<script>alert(1)" not in response.content.decode()
    assert structured_data(response)["name"] == "</script><script>alert(1)</script>"


def test_dublin_core_meta_tags(visitor, report):
    ContributorFactory(publication=report, name="Jane Doe")

    tags = dublin_core(visitor.get(report.get_absolute_url()))

    assert tags["DC.title"] == ["Cities and the integration of migrants"]
    assert tags["DC.date"] == ["2007"]
    assert tags["DC.creator"] == ["Jane Doe"]
    assert tags["DC.publisher"] == ["The Hague Process on Refugees and Migration"]
    assert tags["DC.type"] == ["Text"]
    assert tags["DC.format"] == ["text/html"]
    assert tags["DC.identifier"] == ["http://testserver/publications/cities-integration/"]
    assert tags["DC.language"] == ["en"]


def test_draft_publication_is_404(visitor):
    draft = PublicationFactory(status=Publication.Status.DRAFT)

    assert visitor.get(draft.get_absolute_url()).status_code == 404


def test_unknown_publication_is_404(visitor):
    url = reverse("publications:detail", kwargs={"slug": "no-such-report"})
    assert visitor.get(url).status_code == 404


def test_detail_query_count_does_not_grow(visitor, report):
    def fill(count):
        for _ in range(count):
            city = CityFactory()
            report.cities.add(city)
            report.partners.add(OrganisationFactory())
            report.themes.add(ThemeFactory())
            report.practices.add(PracticeFactory(cities=[city, CityFactory()]))
            report.commitments.add(CommitmentFactory())
            ContributorFactory(publication=report)
            ContributorFactory(publication=report, role=Contributor.Role.EDITOR)

    fill(1)
    one = count_queries(visitor, report.get_absolute_url())
    fill(29)
    thirty = count_queries(visitor, report.get_absolute_url())

    assert one == thirty


def test_the_page_says_how_to_get_the_publication(visitor, report):
    def availability():
        html = " ".join(visitor.get(report.get_absolute_url()).content.decode().split())
        return re.search(r'<section class="availability".*?</section>', html).group(0)

    report.external_url = ""
    report.save()
    assert "Read online:</strong> no." in availability()
    assert "Download:</strong> no." in availability()
    assert "Ask" in availability() and 'href="/contact/"' in availability()

    report.file = SimpleUploadedFile("report.pdf", TINY_PDF, content_type="application/pdf")
    report.external_url = "https://example.org/report"
    report.save()
    assert "Read online:</strong> yes" in availability()
    assert re.search(r"Download:</strong> yes, as PDF, 15\sbytes\.", availability())
    assert 'href="/contact/"' not in availability()
