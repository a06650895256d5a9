"""Who may do what with a practice of The Hague, asked of every persona and every action.

Each cell takes the action for real — through the officials' pages, the API, the admin or
the service — and asserts what the user would notice (the status changed, the practice
is listed, the page answered), and that practices/permissions.py agrees.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from rest_framework.test import APIClient

from practices import permissions, services
from practices.models import Practice
from tests.factories import (
    CityFactory,
    OfficialFactory,
    PracticeFactory,
    UserFactory,
    api_token,
)

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "official_a",
    "official_b",
    "toronto_official",
    "partner",
    "editor",
    "superuser",
]
HAGUE_TEAM = {"official_a", "official_b"}
EDITORS = {"editor", "superuser"}
EVERYONE_SIGNED_IN = set(PERSONAS) - {"anonymous"}

#: action: (the practice's status before, the personas who may)
MATRIX = {
    "view_draft": ("draft", HAGUE_TEAM | EDITORS),
    "create": (None, EVERYONE_SIGNED_IN),
    "edit": ("draft", HAGUE_TEAM | EDITORS),
    "preview": ("draft", HAGUE_TEAM | EDITORS),
    "submit": ("draft", HAGUE_TEAM),
    "withdraw": ("submitted", HAGUE_TEAM),
    "approve": ("submitted", EDITORS),
    "send_back": ("submitted", EDITORS),
    "reject": ("submitted", EDITORS),
    # Editors change published practices directly; the city's team proposes changes.
    "propose_revision": ("published", HAGUE_TEAM),
    "delete": ("published", {"superuser"}),
}


@pytest.fixture
def people(official, the_hague, editor):
    toronto = CityFactory(name="Toronto", slug="toronto", country="CA")
    partner = UserFactory(username="partner@example.org")
    partner.api_key = api_token(partner)
    return {
        "anonymous": AnonymousUser(),
        "official_a": official,
        "official_b": OfficialFactory(
            user=UserFactory(username="colleague@example.org"), city=the_hague
        ).user,
        "toronto_official": OfficialFactory(
            user=UserFactory(username="toronto@example.org"), city=toronto
        ).user,
        "partner": partner,
        "editor": editor,
        "superuser": UserFactory(username="root@example.org", is_staff=True, is_superuser=True),
    }


def practice_in(status: str, *, started_by, city) -> Practice:
    """A practice of The Hague that official A started, moved to `status`."""
    if status == "published":
        return PracticeFactory(title="Citizenship Fund", submitted_by=started_by, cities=[city])
    practice = services.create_practice(
        by=started_by, title="Citizenship Fund", summary="Small grants.", cities=[city]
    )
    if status == "submitted":
        services.submit_practice(practice=practice, by=started_by)
    return practice


def browser(user) -> Client:
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    return client


def api(user) -> APIClient:
    client = APIClient()
    if user.is_authenticated:
        if hasattr(user, "api_key"):
            client.credentials(HTTP_AUTHORIZATION=f"Token {user.api_key}")
        else:
            client.force_authenticate(user)
    return client


def status_of(practice: Practice) -> str | None:
    row = Practice.objects.filter(pk=practice.pk).values_list("status", flat=True).first()
    return row


# Each performer takes the action as the persona would and says whether it happened.


def view_draft(user, practice, city) -> bool:
    shown = api(user).get(f"/api/v1/practices/{practice.slug}/").status_code == 200
    listed = (
        user.is_authenticated
        and "Citizenship Fund" in browser(user).get("/my/practices/").content.decode()
    )
    assert shown == listed or user.is_superuser or permissions.is_editor(user)
    return shown


def create(user, practice, city) -> bool:
    own_city = user.official.city.slug if permissions.official_city_id(user) else "the-hague"
    response = api(user).post(
        "/api/v1/practices/",
        {"title": "Welcome desk", "summary": "A desk.", "cities": [own_city]},
        format="json",
    )
    assert response.status_code in (201, 401, 403), response.json()
    return response.status_code == 201 and Practice.objects.filter(title="Welcome desk").exists()


def edit(user, practice, city) -> bool:
    api(user).patch(f"/api/v1/practices/{practice.slug}/", {"title": "Changed"}, format="json")
    return Practice.objects.get(pk=practice.pk).title == "Changed"


def preview(user, practice, city) -> bool:
    response = browser(user).get(f"/my/practices/{practice.slug}/preview/")
    assert response.status_code in (200, 302, 404)
    return response.status_code == 200 and "Citizenship Fund" in response.content.decode()


def propose_revision(user, practice, city) -> bool:
    response = api(user).patch(
        f"/api/v1/practices/{practice.slug}/", {"summary": "Proposed."}, format="json"
    )
    proposed = practice.revisions.filter(status="pending").exists()
    assert (response.status_code == 202) is proposed
    if not permissions.is_editor(user):  # an editor's PATCH is an edit, live at once
        assert Practice.objects.get(pk=practice.pk).summary != "Proposed."
    return proposed


def submit(user, practice, city) -> bool:
    api(user).post(f"/api/v1/practices/{practice.slug}/submit/")
    return status_of(practice) == "submitted"


def withdraw(user, practice, city) -> bool:
    browser(user).post(f"/my/practices/{practice.slug}/withdraw/")
    return status_of(practice) == "draft"


def review(decision: str, after: str):
    def decide(user, practice, city) -> bool:
        browser(user).post(
            f"/admin/practices/practice/{practice.pk}/review/",
            {"decision": decision, "note": "Checked."},
        )
        return status_of(practice) == after

    return decide


def delete(user, practice, city) -> bool:
    browser(user).post(f"/admin/practices/practice/{practice.pk}/delete/", {"post": "yes"})
    return status_of(practice) is None


PERFORMERS = {
    "view_draft": view_draft,
    "create": create,
    "edit": edit,
    "preview": preview,
    "submit": submit,
    "withdraw": withdraw,
    "approve": review("approve", "published"),
    "send_back": review("send_back", "draft"),
    "reject": review("reject", "rejected"),
    "propose_revision": propose_revision,
    "delete": delete,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(MATRIX))
def test_the_permission_matrix(people, the_hague, action, persona):
    status, allowed = MATRIX[action]
    user = people[persona]
    practice = (
        practice_in(status, started_by=people["official_a"], city=the_hague) if status else None
    )
    expected = persona in allowed

    assert permissions.can(user, action, practice) is expected
    assert PERFORMERS[action](user, practice, the_hague) is expected


SERVICE_STEPS = {
    "submit": lambda user, practice: services.submit_practice(practice=practice, by=user),
    "withdraw": lambda user, practice: services.withdraw_practice(practice=practice, by=user),
    "approve": lambda user, practice: services.approve_practice(practice=practice, by=user),
    "send_back": lambda user, practice: services.send_back_practice(
        practice=practice, by=user, note="Add figures."
    ),
    "reject": lambda user, practice: services.reject_practice(
        practice=practice, by=user, note="Out of scope."
    ),
    "edit": lambda user, practice: services.update_practice(
        practice=practice, by=user, title="Changed"
    ),
    "propose_revision": lambda user, practice: services.propose_revision(
        practice=practice, by=user, summary="Proposed."
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(SERVICE_STEPS))
def test_the_services_enforce_the_same_matrix(people, the_hague, action, persona):
    status, allowed = MATRIX[action]
    user = people[persona]
    practice = practice_in(status, started_by=people["official_a"], city=the_hague)
    before = status_of(practice)

    if persona in allowed:
        SERVICE_STEPS[action](user, practice)
        assert status_of(practice) != before or action in ("edit", "propose_revision")
    else:
        with pytest.raises(services.Refused):
            SERVICE_STEPS[action](user, practice)
        assert status_of(practice) == before
        assert Practice.objects.get(pk=practice.pk).title == "Citizenship Fund"


def test_only_published_and_team_practices_are_visible(people, the_hague):
    own = practice_in("draft", started_by=people["official_a"], city=the_hague)
    public = PracticeFactory(title="Public")
    toronto_draft = services.create_practice(
        by=people["toronto_official"],
        title="Toronto draft",
        summary="A draft.",
        cities=[people["toronto_official"].official.city],
    )

    def visible(persona):
        return set(permissions.visible_practices(people[persona]))

    assert visible("anonymous") == {public}
    assert visible("partner") == {public}
    assert visible("official_b") == {own, public}
    assert visible("toronto_official") == {toronto_draft, public}
    assert visible("editor") == {own, public, toronto_draft}
