"""The whole contribution loop, as an official and an editor would walk it over HTTP."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from practices.models import Practice, PracticeRevision
from tests.factories import CityFactory, OfficialFactory
from tests.practices.test_submissions import form_data

pytestmark = pytest.mark.django_db


def test_from_a_new_draft_to_a_published_correction(official_client, editor_client, the_hague):
    visitor = Client()
    toronto = Client()
    toronto.force_login(OfficialFactory(city=CityFactory(name="Toronto", slug="toronto")).user)
    with_outcome = {
        "outcomes-0-label": "Projects funded",
        "outcomes-0-value": "120",
        "outcomes-0-year": "2009",
    }
    # Once saved, the form shows the outcome as its first, initial row.
    with_saved_outcome = {**with_outcome, "outcomes-INITIAL_FORMS": "1"}

    # The official creates a practice with an outcome and previews it.
    official_client.post(
        "/my/practices/new/",
        form_data(summary="Small grants for residents.", **with_outcome),
    )
    practice = Practice.objects.get(title="Citizenship Fund")
    slug = practice.slug
    preview = official_client.get(f"/my/practices/{slug}/preview/").content.decode()
    assert "Small grants for residents." in preview and "Projects funded" in preview
    assert visitor.get(f"/practices/{slug}/").status_code == 404
    assert toronto.get(f"/my/practices/{slug}/preview/").status_code == 404

    # … submits it; the editors hear of it and see the full content.
    official_client.post(f"/my/practices/{slug}/submit/")
    assert mail.outbox[-1].to == ["editor@example.org"]
    review = reverse("admin:practices_practice_review", args=[practice.pk])
    page = editor_client.get(review)
    assert "Small grants for residents." in page.content.decode()
    assert "Projects funded" in page.content.decode()

    # The editor sends it back with a note; the official fixes it and resubmits.
    editor_client.post(
        review,
        {
            "decision": "send_back",
            "note": "Say who may apply.",
            "version": page.context["form"]["version"].value(),
        },
    )
    assert "Say who may apply." in mail.outbox[-1].body
    assert "Say who may apply." in official_client.get("/my/practices/").content.decode()
    official_client.post(
        f"/my/practices/{slug}/edit/",
        form_data(
            summary="Small grants any resident may apply for.",
            action="submit",
            **with_saved_outcome,
        ),
    )
    assert Practice.objects.get(pk=practice.pk).status == Practice.Status.SUBMITTED

    # The editor approves the version they read; it is public, on the site and in the API.
    page = editor_client.get(review)
    editor_client.post(
        review,
        {"decision": "approve", "note": "", "version": page.context["form"]["version"].value()},
    )
    assert (
        "Small grants any resident may apply for."
        in visitor.get(f"/practices/{slug}/").content.decode()
    )
    api = APIClient().get(f"/api/v1/practices/{slug}/").json()
    assert api["status"] == "published"
    assert [o["label"] for o in api["outcomes"]] == ["Projects funded"]

    # The official proposes a change; the public still sees the published text.
    official_client.post(
        f"/my/practices/{slug}/revise/",
        form_data(
            summary="Grants of up to 5,000 euros any resident may apply for.", **with_saved_outcome
        ),
    )
    assert PracticeRevision.objects.get().status == "pending"
    public = visitor.get(f"/practices/{slug}/").content.decode()
    assert "Small grants any resident may apply for." in public
    assert "5,000 euros" not in public
    assert "Change to review" in mail.outbox[-1].subject

    # The editor sees the comparison and approves; the public sees the new text.
    page = editor_client.get(review)
    assert [row.label for row in page.context["differences"]] == ["Summary"]
    editor_client.post(
        review,
        {"decision": "approve", "note": "", "version": page.context["form"]["version"].value()},
    )
    assert "5,000 euros" in visitor.get(f"/practices/{slug}/").content.decode()
    assert mail.outbox[-1].to == ["official@example.org"]

    # The official of Toronto could not see or touch any of it.
    assert "Citizenship Fund" not in toronto.get("/my/practices/").content.decode()
    for step in ("edit", "submit", "withdraw"):
        assert toronto.post(f"/my/practices/{slug}/{step}/").status_code in (302, 404)
    assert not PracticeRevision.objects.filter(proposed_by__official__city__slug="toronto").exists()
