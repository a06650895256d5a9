"""A partner sees why an editor sent their practice back, fixes it and submits it again."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from practices import services
from practices.models import Practice
from tests.api.test_write import NEW_PRACTICE
from tests.factories import CityFactory, OutcomeFactory, PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

NOTE = "Please add the number of interns placed in 2008."


@pytest.fixture
def sent_back(partner_client, editor, catalogue) -> Practice:
    """The partner's submission, sent back by an editor with a note."""
    slug = partner_client.post("/api/v1/practices/", NEW_PRACTICE, format="json").json()["slug"]
    practice = Practice.objects.get(slug=slug)
    return services.send_back_practice(practice=practice, by=editor, note=NOTE)


def submit(client, slug: str):
    return client.post(f"/api/v1/practices/{slug}/submit/")


def test_the_whole_loop(partner_client, editor, catalogue):
    created = partner_client.post("/api/v1/practices/", NEW_PRACTICE, format="json")
    slug = created.json()["slug"]
    assert created.json()["status"] == "submitted"
    assert created.json()["review_note"] == ""

    services.send_back_practice(practice=Practice.objects.get(slug=slug), by=editor, note=NOTE)
    assert mail.outbox[-1].to == ["partner@example.org"]

    seen = partner_client.get(f"/api/v1/practices/{slug}/").json()
    assert seen["status"] == "draft"
    assert seen["review_note"] == NOTE

    changed = partner_client.patch(
        f"/api/v1/practices/{slug}/",
        {"outcomes": [{"label": "Interns placed", "value": 420, "year": 2008}]},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["status"] == "draft"

    response = submit(partner_client, slug)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "submitted"
    assert body["slug"] == slug
    assert [o["display"] for o in body["outcomes"]] == ["420"]
    practice = Practice.objects.get(slug=slug)
    assert practice in Practice.objects.filter(status="submitted")
    assert [event.to_status for event in practice.events.order_by("pk")] == [
        "draft",
        "submitted",
        "draft",
        "submitted",
    ]
    assert practice.events.order_by("pk").last().actor.username == "partner@example.org"


def test_submitting_twice_is_409(partner_client, sent_back):
    assert submit(partner_client, sent_back.slug).status_code == 200

    response = submit(partner_client, sent_back.slug)

    assert response.status_code == 409
    body = response.json()
    assert body == {"status": 409, "code": "conflict", "detail": body["detail"], "errors": {}}
    assert "submitted" in body["detail"]
    assert Practice.objects.get(pk=sent_back.pk).events.count() == 4


@pytest.mark.parametrize("reviewed", ["published", "rejected", "archived"])
def test_a_reviewed_practice_cannot_be_submitted(partner, partner_client, catalogue, reviewed):
    PracticeFactory(slug="mine", submitted_by=partner, status=reviewed)

    response = submit(partner_client, "mine")

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Practice.objects.get(slug="mine").status == reviewed


def test_another_partner_gets_404(other_partner_client, sent_back):
    response = submit(other_partner_client, sent_back.slug)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert Practice.objects.get(pk=sent_back.pk).status == "draft"


def test_someone_elses_published_practice_is_404_too(partner_client, catalogue):
    assert submit(partner_client, "citizenship-fund").status_code == 404
    assert submit(partner_client, "no-such-practice").status_code == 404


def test_anonymous_is_401(api, sent_back):
    response = submit(api, sent_back.slug)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"
    assert Practice.objects.get(pk=sent_back.pk).status == "draft"


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_other_methods_are_405(partner_client, sent_back, method):
    response = getattr(partner_client, method)(f"/api/v1/practices/{sent_back.slug}/submit/")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert set(response.json()) == {"status", "code", "detail", "errors"}
    assert "POST" in response["Allow"]


def test_review_notes_are_shown_to_the_submitter_only(
    api, partner_client, other_partner_client, editor, sent_back
):
    url = f"/api/v1/practices/{sent_back.slug}/"
    assert partner_client.get(url).json()["review_note"] == NOTE
    assert other_partner_client.get(url).status_code == 404
    assert api.get(url).status_code == 404
    as_editor = APIClient()
    as_editor.force_authenticate(editor)
    assert "review_note" not in as_editor.get(url).json()

    # Once published, the practice's public representation never carries the note,
    # not even for its submitter.
    assert submit(partner_client, sent_back.slug).status_code == 200
    services.approve_practice(practice=sent_back, by=editor, note="Internal: checked figures.")
    for client in (api, other_partner_client, partner_client):
        body = client.get(url).json()
        assert body["status"] == "published"
        assert "review_note" not in body
    listed = api.get("/api/v1/practices/").json()["results"]
    assert all("review_note" not in practice for practice in listed)
    assert "Internal" not in api.get("/api/v1/practices/?format=csv").getvalue().decode()


def test_a_rejected_submitter_sees_the_reason(partner_client, editor, catalogue):
    slug = partner_client.post("/api/v1/practices/", NEW_PRACTICE, format="json").json()["slug"]
    practice = Practice.objects.get(slug=slug)
    services.reject_practice(practice=practice, by=editor, note="Out of scope.")

    body = partner_client.get(f"/api/v1/practices/{slug}/").json()

    assert body["status"] == "rejected"
    assert body["review_note"] == "Out of scope."


def _queries_to_submit(client, partner, size: int) -> int:
    practice = PracticeFactory(
        slug=f"draft-{size}",
        status=Practice.Status.DRAFT,
        published_at=None,
        submitted_by=partner,
        cities=[CityFactory(slug=f"city-{size}-{n}") for n in range(size)],
        themes=[ThemeFactory(slug=f"theme-{size}-{n}") for n in range(size)],
    )
    for _ in range(size):
        OutcomeFactory(practice=practice)
    with CaptureQueriesContext(connection) as captured:
        response = submit(client, practice.slug)
    assert response.status_code == 200, response.json()
    return len(captured)


def test_submit_runs_the_same_queries_for_small_and_large_practices(partner, partner_client):
    one = _queries_to_submit(partner_client, partner, 1)
    twenty = _queries_to_submit(partner_client, partner, 20)

    assert twenty == one
    # token, official (for the city team), lookup, locked transition (lock, event, update),
    # editors, detail: 16; the history record of the transition with its snapshot of the
    # six relations, lineage included (read + write): 14.
    assert one <= 30


def test_submit_is_documented(api):
    operation = api.get("/api/schema/?format=json").json()["paths"][
        "/api/v1/practices/{slug}/submit/"
    ]

    assert set(operation) == {"post"}
    post = operation["post"]
    assert post["summary"]
    assert "requestBody" not in post
    assert post["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PracticeDetail"
    }
    for code in ("401", "404", "409"):
        content = post["responses"][code]["content"]["application/json"]
        assert content["schema"] == {"$ref": "#/components/schemas/Error"}
        [example] = content["examples"].values()
        assert example["value"]["status"] == int(code)
