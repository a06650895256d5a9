"""A practice's public page and a theme's page."""

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import Outcome, Practice
from tests.factories import (
    CityFactory,
    CommitmentFactory,
    FrameworkFactory,
    OrganisationFactory,
    OutcomeFactory,
    PracticeFactory,
    PublicationFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def triec():
    employment = ThemeFactory(name="Employment", slug="employment")
    practice = PracticeFactory(
        title="TRIEC mentoring partnership",
        slug="triec",
        summary="Mentoring and internships for skilled immigrants in Toronto.",
        context="Skilled immigrants *cannot find* work in their field.",
        approach="Employers offer **paid internships**.\n\n<script>alert('x')</script>",
        results="Hundreds of placements.",
        lessons="Involve [employers](https://example.org) early.",
        cities=[CityFactory(name="Toronto", slug="toronto", country="CA")],
        themes=[employment],
        target_groups=[TargetGroupFactory(name="Skilled immigrants", slug="skilled")],
        lead_organisation=OrganisationFactory(name="TRIEC", slug="triec-org"),
        partners=[OrganisationFactory(name="Maytree Foundation", slug="maytree")],
        commitments=[
            CommitmentFactory(
                framework=FrameworkFactory(name="Decent work agenda", slug="ilo"),
                number=3,
                title="Fair recruitment",
            )
        ],
        instrument=Practice.Instrument.PROGRAMME,
        start_year=2003,
        funding_amount=Decimal("1500000"),
        funding_currency="CAD",
        funding_period=Practice.FundingPeriod.YEARLY,
        funding_note="Province of Ontario",
        website="https://triec.ca",
    )
    OutcomeFactory(
        practice=practice,
        label="Immigrants placed in Career Bridge internships",
        value=Decimal("380"),
        unit="",
        year=2007,
        source="TRIEC annual report",
    )
    OutcomeFactory(
        practice=practice,
        label="Interns employed afterwards",
        qualifier=Outcome.Qualifier.MORE_THAN,
        value=Decimal("70"),
        unit="%",
    )
    return practice


def test_a_practice_shows_every_field(visitor, triec):
    PublicationFactory(title="Cities at work: workshop report", practices=[triec])

    response = visitor.get("/practices/triec/")

    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "TRIEC mentoring partnership",
        "Mentoring and internships for skilled immigrants in Toronto.",
        "<em>cannot find</em>",
        "<strong>paid internships</strong>",
        "Hundreds of placements.",
        "380",
        "Immigrants placed in Career Bridge internships",
        "2007",
        "TRIEC annual report",
        "more than 70%",
        "Programme",
        "CA$1,500,000",
        "per year",
        "Province of Ontario",
        "Since 2003",
        "Ongoing",
        "Decent work agenda 3: Fair recruitment",
        "Cities at work: workshop report",
    ]:
        assert text in html, text
    assert 'href="/cities/toronto/"' in html
    assert 'href="/organisations/triec-org/"' in html
    assert 'href="/organisations/maytree/"' in html
    assert 'href="/practices/?theme=employment"' in html
    assert 'href="/practices/?target_group=skilled"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_markdown_is_sanitised(visitor, triec):
    html = visitor.get("/practices/triec/").content.decode()

    assert "<strong>paid internships</strong>" in html
    assert "<script>alert" not in html
    assert "alert(" not in html


def test_an_unpublished_practice_is_not_found(visitor):
    for status in [
        Practice.Status.DRAFT,
        Practice.Status.SUBMITTED,
        Practice.Status.REJECTED,
        Practice.Status.ARCHIVED,
    ]:
        PracticeFactory(slug=f"hidden-{status}", status=status)
        assert visitor.get(f"/practices/hidden-{status}/").status_code == 404
    assert visitor.get("/practices/no-such-practice/").status_code == 404


def test_json_ld_parses_and_describes_the_practice(visitor, triec):
    triec.title = 'TRIEC </script><script>alert("x")</script> & co'
    triec.save()

    html = visitor.get("/practices/triec/").content.decode()

    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    assert data["name"] == triec.title
    assert data["url"] == "http://testserver/practices/triec/"
    assert data["spatialCoverage"][0]["name"] == "Toronto"
    assert '<meta property="og:title" content="TRIEC &lt;/script&gt;' in html


def test_only_published_publications_and_related_practices_are_shown(visitor, triec):
    employment = triec.themes.get()
    PublicationFactory(title="Published report", practices=[triec])
    PublicationFactory(title="Draft report", practices=[triec], status="draft")
    PracticeFactory(title="Related programme", themes=[employment])
    PracticeFactory(
        title="Unpublished relative", themes=[employment], status=Practice.Status.SUBMITTED
    )
    PracticeFactory(title="Unrelated practice")

    response = visitor.get("/practices/triec/")

    html = response.content.decode()
    assert "Published report" in html
    assert "Draft report" not in html
    assert [p.title for p in response.context["related"]] == ["Related programme"]
    assert "Unpublished relative" not in html
    assert "Unrelated practice" not in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_a_practice_page_runs_a_fixed_number_of_queries(visitor, triec):
    theme = triec.themes.get()
    PublicationFactory(practices=[triec])
    PracticeFactory(themes=[theme])
    few = _queries(visitor, "/practices/triec/")

    for _ in range(10):
        OutcomeFactory(practice=triec)
        PublicationFactory(practices=[triec])
        PracticeFactory(themes=[theme], cities=[CityFactory()])
    triec.cities.add(*[CityFactory() for _ in range(5)])
    triec.partners.add(*[OrganisationFactory() for _ in range(5)])
    triec.commitments.add(*[CommitmentFactory() for _ in range(5)])
    many = _queries(visitor, "/practices/triec/")

    assert few == many


def test_a_theme_page_lists_its_published_practices_and_publications(visitor, triec):
    employment = triec.themes.get()
    employment.description = "Work for **newcomers**."
    employment.save()
    PracticeFactory(title="Draft on employment", themes=[employment], status="draft")
    PublicationFactory(title="Employment report", themes=[employment])
    PublicationFactory(title="Draft employment report", themes=[employment], status="draft")

    response = visitor.get("/themes/employment/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>newcomers</strong>" in html
    assert "TRIEC mentoring partnership" in html
    assert "Draft on employment" not in html
    assert "Employment report" in html
    assert "Draft employment report" not in html
    assert "1 practice" in html
    assert visitor.get("/themes/nothing/").status_code == 404
    assert visitor.get("/themes/employment/?page=zz").status_code == 200


def test_a_theme_page_runs_a_fixed_number_of_queries(visitor):
    theme = ThemeFactory(slug="employment")
    PracticeFactory(themes=[theme], cities=[CityFactory()])
    PublicationFactory(themes=[theme])
    few = _queries(visitor, "/themes/employment/")
    for _ in range(29):
        PracticeFactory(themes=[theme, ThemeFactory()], cities=[CityFactory()])
        PublicationFactory(themes=[theme])
    many = _queries(visitor, "/themes/employment/")

    assert few == many
