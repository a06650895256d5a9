"""Every main page is valid HTML5 with one h1, labelled form controls, unique ids, alt text
on images and a page language."""

from collections import Counter

import html5lib
import pytest

from tests.factories import (
    CommitmentFactory,
    ContributorFactory,
    FrameworkFactory,
    OrganisationFactory,
    OutcomeFactory,
    PracticeFactory,
    PublicationFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}

PUBLIC_URLS = [
    "/",
    "/practices/",
    "/practices/?theme=employment&country=NL",
    "/practices/?theme=employment&country=NL&q=nothing-matches-this",
    "/practices/triec/",
    "/themes/employment/",
    "/cities/",
    "/cities/the-hague/",
    "/organisations/triec-org/",
    "/publications/",
    "/publications/labour-report/",
    "/search/?q=internships",
    "/search/",
    "/accounts/login/",
    "/accounts/request-access/",
    "/accounts/request-access/sent/",
    "/accounts/invitation/MQ/expired-token/",
    "/practices/no-such-practice/",
    "/frameworks/",
    "/frameworks/plan/",
    "/data/",
    "/data/inclusive-cities-exchange.jsonl.gz",
    "/about/",
    "/accessibility/",
    "/privacy/",
    "/contact/",
    "/contact/sent/",
    "/site-map/",
]
OFFICIAL_URLS = [
    "/my/practices/",
    "/my/practices/new/",
    "/my/practices/a-draft/edit/",
    "/accounts/two-factor/",
    "/accounts/two-factor/setup/",
    "/accounts/password_change/",
    "/accounts/password_change/done/",
]


@pytest.fixture
def catalogue(the_hague):
    employment = ThemeFactory(name="Employment", slug="employment")
    org = OrganisationFactory(name="TRIEC", slug="triec-org", city=the_hague)
    practice = PracticeFactory(
        title="Career internships",
        slug="triec",
        summary="Paid internships for skilled immigrants.",
        cities=[the_hague],
        themes=[employment, ThemeFactory(name="Education", slug="education")],
        target_groups=[TargetGroupFactory(name="Refugees", slug="refugees")],
        partners=[OrganisationFactory(name="Partner", slug="partner")],
        commitments=[CommitmentFactory(framework=FrameworkFactory(slug="plan"))],
        lead_organisation=org,
    )
    OutcomeFactory(practice=practice)
    PracticeFactory(title="Language cafés for internships", cities=[the_hague])
    publication = PublicationFactory(
        title="Labour market report",
        slug="labour-report",
        practices=[practice],
        themes=[employment],
        cities=[the_hague],
        partners=[org],
    )
    ContributorFactory(publication=publication)
    return practice


def _problems(html: str) -> list[str]:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        document = parser.parse(html)
    except html5lib.html5parser.ParseError as error:
        return [f"parse error: {error}"]
    problems = []
    if not document.get("lang"):
        problems.append("<html> has no lang")
    h1s = document.findall(".//h1")
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} <h1> elements")
    ids = Counter(el.get("id") for el in document.iter() if el.get("id"))
    problems += [f"id {id_!r} used {n} times" for id_, n in ids.items() if n > 1]
    label_targets = {label.get("for") for label in document.iter("label")}
    for control in document.iter():
        if control.tag not in {"input", "select", "textarea"}:
            continue
        if control.tag == "input" and control.get("type", "text") in UNLABELLED_TYPES:
            continue
        labelled = control.get("id") in label_targets and control.get("id")
        if not (labelled or control.get("aria-label") or control.get("aria-labelledby")):
            problems.append(f"unlabelled <{control.tag} name={control.get('name')!r}>")
    problems += [
        f"<img src={img.get('src')!r}> has no alt"
        for img in document.iter("img")
        if "alt" not in img.attrib
    ]
    return problems


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_is_valid_and_labelled(visitor, catalogue, url):
    response = visitor.get(url)

    assert response.status_code == (404 if "no-such" in url or url.endswith(".gz") else 200)
    assert _problems(response.content.decode()) == []


@pytest.mark.parametrize("url", OFFICIAL_URLS)
def test_officials_page_is_valid_and_labelled(official, official_client, catalogue, url):
    PracticeFactory(title="A draft", slug="a-draft", status="draft", submitted_by=official)
    response = official_client.get(url)

    assert response.status_code == 200
    assert _problems(response.content.decode()) == []


def test_form_with_errors_is_valid_and_labelled(official_client, catalogue):
    response = official_client.post("/my/practices/new/", {"title": ""})

    assert response.status_code == 200
    assert b"error" in response.content
    assert _problems(response.content.decode()) == []


def test_contact_form_with_errors_is_valid_and_labelled(visitor, db):
    response = visitor.post("/contact/", {"email": "not an address"})

    assert response.status_code == 200
    assert _problems(response.content.decode()) == []
