"""Partners submit practices with a token; they enter the editors' review queue."""

import pytest

from practices import services
from practices.models import Practice
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

NEW_PRACTICE = {
    "title": "Career Bridge internships",
    "summary": "Paid internships that give skilled immigrants local work experience.",
    "approach": "Employers offer **paid internships**.",
    "cities": ["toronto"],
    "lead_organisation": "triec",
    "partners": ["triec"],
    "themes": ["employment"],
    "target_groups": ["refugees"],
    "commitments": ["eccar-1"],
    "instrument": "programme",
    "start_year": 2003,
    "funding_amount": 1500000,
    "funding_currency": "CAD",
    "funding_period": "yearly",
    "outcomes": [
        {"label": "Immigrants placed", "value": 380, "unit": "people", "year": 2007},
        {"label": "Employers taking part", "qualifier": "more-than", "value": 100},
    ],
}


def test_partner_posts_a_practice_into_the_review_queue(partner, partner_client, catalogue):
    response = partner_client.post("/api/v1/practices/", NEW_PRACTICE, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "submitted"
    assert response["Location"] == body["api_url"]
    practice = Practice.objects.get(slug=body["slug"])
    assert practice in Practice.objects.filter(status="submitted")
    assert practice.submitted_by == partner and practice.submitted_at is not None
    assert [event.to_status for event in practice.events.order_by("pk")] == ["draft", "submitted"]
    assert [c.slug for c in practice.cities.all()] == ["toronto"]
    assert practice.lead_organisation.slug == "triec"
    assert [o.display_value for o in practice.outcomes.all()] == ["380 people", "more than 100"]


def test_submission_is_not_public_but_its_submitter_sees_it(
    api, partner_client, other_partner_client, catalogue
):
    slug = partner_client.post("/api/v1/practices/", NEW_PRACTICE, format="json").json()["slug"]

    assert slug not in [p["slug"] for p in api.get("/api/v1/practices/").json()["results"]]
    assert api.get(f"/api/v1/practices/{slug}/").status_code == 404
    assert other_partner_client.get(f"/api/v1/practices/{slug}/").status_code == 404
    assert partner_client.get(f"/api/v1/practices/{slug}/").json()["status"] == "submitted"


def test_editors_see_submissions_too(editor, catalogue):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(editor)
    assert client.get("/api/v1/practices/secret-draft/").status_code == 200


def test_anonymous_write_is_401_with_www_authenticate(api, catalogue):
    response = api.post("/api/v1/practices/", NEW_PRACTICE, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"


def test_a_bad_token_is_401(api, catalogue):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = api.get("/api/v1/practices/")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"start_year": 2010, "end_year": 2005}, "end_year"),
        ({"funding_amount": -5}, "funding_amount"),
        ({"funding_currency": "euro"}, "funding_currency"),
        ({"funding_currency": ""}, "funding_currency"),
        ({"cities": ["atlantis"]}, "cities"),
        ({"lead_organisation": "nobody"}, "lead_organisation"),
        ({"title": ""}, "title"),
        ({"start_year": 1066}, "start_year"),
        ({"scope": "galactic"}, "scope"),
        ({"outcomes": [{"label": "x", "value": "lots"}]}, "outcomes.0.value"),
        ({"website": "not a url"}, "website"),
    ],
)
def test_invalid_practice_is_400_with_field_messages(partner_client, catalogue, change, field):
    response = partner_client.post("/api/v1/practices/", {**NEW_PRACTICE, **change}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid"
    assert field in body["errors"], body
    assert not Practice.objects.filter(title=NEW_PRACTICE["title"]).exists()


def test_malformed_json_is_400(partner_client, catalogue):
    response = partner_client.post(
        "/api/v1/practices/", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_submission_is_frozen_until_its_partner_withdraws_it(partner_client, catalogue):
    slug = partner_client.post("/api/v1/practices/", NEW_PRACTICE, format="json").json()["slug"]
    change = {"title": "Career Bridge", "outcomes": [{"label": "Placed", "value": 400}]}

    frozen = partner_client.patch(f"/api/v1/practices/{slug}/", change, format="json")

    assert frozen.status_code == 409
    body = frozen.json()
    assert body["code"] == "conflict" and body["errors"] == {}
    assert "waiting for an editor's review" in body["detail"]
    assert "Withdraw it" in body["detail"]
    assert Practice.objects.get(slug=slug).title == NEW_PRACTICE["title"]

    withdrawn = partner_client.post(f"/api/v1/practices/{slug}/withdraw/")
    assert withdrawn.status_code == 200, withdrawn.json()
    assert withdrawn.json()["status"] == "draft"

    response = partner_client.patch(f"/api/v1/practices/{slug}/", change, format="json")

    assert response.status_code == 200, response.json()
    practice = Practice.objects.get(slug=slug)
    assert practice.title == "Career Bridge"
    assert practice.status == Practice.Status.DRAFT
    assert [o.label for o in practice.outcomes.all()] == ["Placed"]
    assert [c.slug for c in practice.cities.all()] == ["toronto"]  # untouched
    assert partner_client.post(f"/api/v1/practices/{slug}/submit/").json()["status"] == (
        "submitted"
    )
    assert [e.to_status for e in practice.events.order_by("pk")] == [
        "draft",
        "submitted",
        "draft",
        "submitted",
    ]


def test_withdrawing_needs_a_submission(partner_client, catalogue):
    slug = partner_client.post("/api/v1/practices/", NEW_PRACTICE, format="json").json()["slug"]
    partner_client.post(f"/api/v1/practices/{slug}/withdraw/")

    again = partner_client.post(f"/api/v1/practices/{slug}/withdraw/")

    assert again.status_code == 409
    assert "Only a practice waiting for review can be withdrawn" in again.json()["detail"]


def test_someone_elses_submission_cannot_be_withdrawn(
    partner_client, other_partner_client, catalogue
):
    slug = partner_client.post("/api/v1/practices/", NEW_PRACTICE, format="json").json()["slug"]

    assert other_partner_client.post(f"/api/v1/practices/{slug}/withdraw/").status_code == 404
    assert Practice.objects.get(slug=slug).status == Practice.Status.SUBMITTED


def test_withdraw_is_documented(api):
    operation = api.get("/api/schema/?format=json").json()["paths"][
        "/api/v1/practices/{slug}/withdraw/"
    ]
    assert set(operation) == {"post"}
    assert "requestBody" not in operation["post"]
    assert set(operation["post"]["responses"]) >= {"200", "401", "404", "409"}


def test_patch_is_checked_against_the_stored_practice(partner_client, catalogue):
    slug = partner_client.post("/api/v1/practices/", NEW_PRACTICE, format="json").json()["slug"]
    partner_client.post(f"/api/v1/practices/{slug}/withdraw/")

    response = partner_client.patch(f"/api/v1/practices/{slug}/", {"end_year": 2000}, format="json")

    assert response.status_code == 400
    assert "end_year" in response.json()["errors"]


def test_someone_elses_submission_cannot_be_changed(
    partner_client, other_partner_client, catalogue
):
    slug = partner_client.post("/api/v1/practices/", NEW_PRACTICE, format="json").json()["slug"]

    response = other_partner_client.patch(
        f"/api/v1/practices/{slug}/", {"title": "Mine now"}, format="json"
    )

    assert response.status_code == 404


def test_someone_elses_published_practice_is_403(partner_client, catalogue):
    response = partner_client.patch(
        "/api/v1/practices/citizenship-fund/", {"title": "Mine now"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_own_published_practice_takes_a_proposed_change(partner, partner_client, catalogue):
    practice = PracticeFactory(slug="mine", submitted_by=partner)

    response = partner_client.patch("/api/v1/practices/mine/", {"title": "New"}, format="json")

    assert response.status_code == 202
    assert response.json()["changed_fields"] == ["title"]
    practice.refresh_from_db()
    assert practice.title != "New"  # until an editor approves


@pytest.mark.parametrize("status", ["rejected", "archived"])
def test_own_reviewed_practice_is_409(partner, partner_client, catalogue, status):
    practice = PracticeFactory(slug="mine", submitted_by=partner, status=status)

    response = partner_client.patch("/api/v1/practices/mine/", {"title": "New"}, format="json")

    assert response.status_code == 409
    assert f"“{Practice.Status(status).label}”" in response.json()["detail"]
    practice.refresh_from_db()
    assert practice.title != "New"


def test_update_practice_service_refuses_reviewed_practices(partner, catalogue):
    own = PracticeFactory(slug="mine", submitted_by=partner)
    with pytest.raises(services.PracticeNotEditable):
        services.update_practice(practice=own, by=partner, title="x")
    with pytest.raises(services.Refused) as refused:
        services.update_practice(practice=catalogue["hague_fund"], by=partner, title="x")
    assert refused.value.code == "not_found"


def test_put_and_delete_are_405(partner_client, catalogue):
    for method in (partner_client.put, partner_client.delete):
        response = method("/api/v1/practices/citizenship-fund/", {}, format="json")
        assert response.status_code == 405
        assert response.json()["code"] == "method_not_allowed"


def test_read_only_resources_refuse_writes(partner_client, catalogue):
    response = partner_client.post("/api/v1/cities/", {}, format="json")

    assert response.status_code == 405


def test_partner_journey(api, partner_client, catalogue):
    """Read the docs, fetch education in Europe as JSON and CSV, submit a practice."""
    assert api.get("/api/docs/").status_code == 200
    query = "theme=education&region=europe"
    as_json = api.get(f"/api/v1/practices/?{query}").json()
    as_csv = api.get(f"/api/v1/practices/?{query}&format=csv").getvalue().decode()
    assert as_json["count"] == 2
    assert len(as_csv.strip().splitlines()) == 1 + 2

    created = partner_client.post("/api/v1/practices/", NEW_PRACTICE, format="json")

    assert created.status_code == 201
    queue = Practice.objects.filter(status="submitted")
    assert list(queue.values_list("slug", flat=True)) == [created.json()["slug"]]
