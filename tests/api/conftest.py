"""A small published catalogue and a partner with an API token."""

import datetime
from decimal import Decimal

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from rest_framework.test import APIClient

from practices.models import Practice
from tests.factories import (
    CityFactory,
    CommitmentFactory,
    ContributorFactory,
    OrganisationFactory,
    OutcomeFactory,
    PracticeFactory,
    PublicationFactory,
    TargetGroupFactory,
    ThemeFactory,
    UserFactory,
    api_token,
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def catalogue(the_hague):
    """Published practices in Europe and the Americas, a draft, and two publications."""
    toronto = CityFactory(
        name="Toronto", slug="toronto", country="CA", latitude=43.65107, longitude=-79.347015
    )
    berlin = CityFactory(name="Berlin", slug="berlin", country="DE", latitude=None, longitude=None)
    education = ThemeFactory(name="Education", slug="education")
    employment = ThemeFactory(name="Employment", slug="employment")
    refugees = TargetGroupFactory(name="Refugees", slug="refugees")
    triec = OrganisationFactory(name="TRIEC", slug="triec", country="CA", city=toronto)
    commitment = CommitmentFactory(slug="eccar-1", title="Greater vigilance against racism")
    hague_fund = PracticeFactory(
        title="Citizenship Fund",
        slug="citizenship-fund",
        cities=[the_hague],
        themes=[education],
        target_groups=[refugees],
        partners=[triec],
        commitments=[commitment],
        start_year=2005,
        end_year=2010,
        funding_amount=Decimal("250000"),
        funding_currency="EUR",
    )
    OutcomeFactory(practice=hague_fund, label="Projects funded", value=Decimal("42"), unit="")
    berlin_schools = PracticeFactory(
        title="Welcome classes", slug="welcome-classes", cities=[berlin], themes=[education]
    )
    career_bridge = PracticeFactory(
        title="Career Bridge",
        slug="career-bridge",
        cities=[toronto],
        themes=[employment, education],
        lead_organisation=triec,
        scope=Practice.Scope.CITY,
    )
    draft = PracticeFactory(
        title="Secret draft", slug="secret-draft", status=Practice.Status.DRAFT, published_at=None
    )
    report = PublicationFactory(
        title="Workshop on citizenship",
        slug="workshop-on-citizenship",
        kind="workshop-report",
        event_city=the_hague,
        event_name="Inclusive cities workshop",
        publication_date=datetime.date(2007, 10, 30),
        practices=[hague_fund, draft],
        themes=[education],
        partners=[triec],
    )
    ContributorFactory(publication=report, name="A. Author")
    PublicationFactory(
        title="Hidden", slug="hidden", status="draft", publication_date=datetime.date(2010, 1, 1)
    )
    return {
        "hague_fund": hague_fund,
        "berlin_schools": berlin_schools,
        "career_bridge": career_bridge,
        "draft": draft,
        "report": report,
        "toronto": toronto,
        "berlin": berlin,
        "triec": triec,
        "education": education,
        "employment": employment,
        "refugees": refugees,
        "commitment": commitment,
    }


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def partner(db):
    return UserFactory(username="partner@example.org", email="partner@example.org")


@pytest.fixture
def partner_client(partner):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(partner)}")
    return client


@pytest.fixture
def other_partner_client(db):
    other = UserFactory(username="other@example.org", email="other@example.org")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(other)}")
    return client


def slugs(response) -> list[str]:
    return [record["slug"] for record in response.json()["results"]]


@pytest.fixture
def connection_kept_open():
    """Like Django's test client: the WSGI app must not close the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
