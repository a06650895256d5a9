"""The API holds a practice to the same outcome limit as every other route."""

import pytest

from practices.models import MAX_OUTCOMES_PER_PRACTICE as LIMIT
from practices.models import Practice
from tests.api.test_write import NEW_PRACTICE

pytestmark = pytest.mark.django_db


def outcomes(n: int) -> list[dict]:
    return [{"label": f"Measure {i}", "value": i} for i in range(n)]


@pytest.mark.parametrize("count", [LIMIT + 1, 10_000])
def test_the_api_refuses_too_many_outcomes_with_a_clear_400(partner_client, catalogue, count):
    response = partner_client.post(
        "/api/v1/practices/", {**NEW_PRACTICE, "outcomes": outcomes(count)}, format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"] == {"outcomes": [f"Ensure this field has no more than {LIMIT} elements."]}
    assert not Practice.objects.filter(title=NEW_PRACTICE["title"]).exists()


def test_the_api_accepts_exactly_the_limit_and_patch_is_held_to_it(partner_client, catalogue):
    created = partner_client.post(
        "/api/v1/practices/", {**NEW_PRACTICE, "outcomes": outcomes(LIMIT)}, format="json"
    )
    assert created.status_code == 201
    assert len(created.json()["outcomes"]) == LIMIT

    url = created.json()["api_url"]
    # A submission is frozen while in review: withdraw it to change it.
    assert partner_client.post(f"{url}withdraw/").status_code == 200
    response = partner_client.patch(url, {"outcomes": outcomes(LIMIT + 1)}, format="json")

    assert response.status_code == 400
    assert "outcomes" in response.json()["errors"]
    assert Practice.objects.get(slug=created.json()["slug"]).outcomes.count() == LIMIT


def test_the_schema_says_so(api):
    schema = api.get("/api/schema/?format=json").json()
    request = schema["components"]["schemas"]["PracticeWriteRequest"]

    assert request["properties"]["outcomes"]["maxItems"] == LIMIT
