"""Changes to a published practice wait for an editor; the public keeps the published text."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from practices import services
from practices.models import Practice, PracticeRevision
from tests.factories import (
    CityFactory,
    OfficialFactory,
    OrganisationFactory,
    OutcomeFactory,
    PracticeFactory,
    ThemeFactory,
    UserFactory,
    api_token,
)
from tests.practices.test_submissions import form_data

pytestmark = pytest.mark.django_db
Pending = PracticeRevision.Status


@pytest.fixture
def published(official, the_hague):
    practice = PracticeFactory(
        title="Citizenship Fund",
        slug="citizenship-fund",
        summary="Small grants for residents.",
        cities=[the_hague],
        submitted_by=official,
    )
    OutcomeFactory(practice=practice, label="Projects funded", value=42, unit="")
    return practice


def public_text(slug: str = "citizenship-fund") -> str:
    return Client().get(f"/practices/{slug}/").content.decode()


def test_a_proposal_keeps_the_public_text_until_approved(published, official, editor):
    revision = services.propose_revision(
        practice=published,
        by=official,
        summary="Small grants for residents who bring neighbours together.",
        outcomes=[{"label": "Projects funded", "value": 120}],
    )

    assert revision.status == Pending.PENDING
    assert set(revision.changes) == {"summary", "outcomes"}
    assert "Small grants for residents." in public_text()
    assert "bring neighbours together" not in public_text()
    assert mail.outbox[-1].to == ["editor@example.org"]
    assert mail.outbox[-1].subject == "Change to review: Citizenship Fund"

    services.approve_revision(revision=revision, by=editor, note="Thanks.")

    assert "bring neighbours together" in public_text()
    published.refresh_from_db()
    assert published.status == Practice.Status.PUBLISHED
    assert [o.value for o in published.outcomes.all()] == [120]
    revision.refresh_from_db()
    assert (revision.status, revision.reviewed_by, revision.review_note) == (
        Pending.APPROVED,
        editor,
        "Thanks.",
    )
    assert mail.outbox[-1].to == ["official@example.org"]
    assert mail.outbox[-1].subject == "Change published: Citizenship Fund"


def test_only_the_changed_fields_are_kept_so_a_later_editors_edit_stands(
    published, official, editor
):
    revision = services.propose_revision(
        practice=published, by=official, title="Citizenship Fund", summary="New summary."
    )
    assert set(revision.changes) == {"summary"}
    services.update_practice(practice=published, by=editor, approach="Edited by an editor.")

    services.approve_revision(revision=revision, by=editor)

    published.refresh_from_db()
    assert (published.summary, published.approach) == ("New summary.", "Edited by an editor.")


def test_relations_are_proposed_and_applied(published, official, editor, the_hague):
    theme = ThemeFactory(name="Participation", slug="participation")
    lead = OrganisationFactory(name="City of The Hague", slug="city-of-the-hague")
    revision = services.propose_revision(
        practice=published, by=official, themes=[theme], lead_organisation=lead
    )
    assert published.themes.count() == 0

    services.approve_revision(revision=revision, by=editor)

    published.refresh_from_db()
    assert list(published.themes.all()) == [theme]
    assert published.lead_organisation == lead


def test_a_proposal_that_changes_nothing_is_refused(published, official):
    with pytest.raises(services.ValidationError):
        services.propose_revision(practice=published, by=official, title="Citizenship Fund")
    assert not PracticeRevision.objects.exists()


def test_an_invalid_proposal_is_refused(published, official):
    with pytest.raises(services.ValidationError) as error:
        services.propose_revision(practice=published, by=official, start_year=2010, end_year=2000)
    assert "end_year" in error.value.message_dict
    assert not PracticeRevision.objects.exists()


def test_one_open_proposal_per_practice(published, official, the_hague):
    colleague = OfficialFactory(city=the_hague).user
    first = services.propose_revision(practice=published, by=official, summary="Mine.")

    with pytest.raises(services.Refused) as refused:
        services.propose_revision(practice=published, by=colleague, summary="Theirs.")
    assert "proposed by official@example.org" in refused.value.message
    assert "has the status “Waiting for review”" in refused.value.message

    # The proposer changes their own proposal instead of opening a second one.
    again = services.propose_revision(practice=published, by=official, summary="Mine, better.")
    assert again.pk == first.pk
    assert again.changes["summary"] == "Mine, better."
    assert PracticeRevision.objects.count() == 1


def test_sent_back_the_proposer_changes_it_and_it_waits_again(published, official, editor):
    revision = services.propose_revision(practice=published, by=official, summary="Mine.")
    services.send_back_revision(revision=revision, by=editor, note="Give the 2009 figure.")
    assert mail.outbox[-1].subject == "Changes requested to your proposal: Citizenship Fund"
    assert "Give the 2009 figure." in mail.outbox[-1].body

    again = services.propose_revision(practice=published, by=official, summary="Mine, 2009.")

    assert (again.pk, again.status) == (revision.pk, Pending.PENDING)


def test_a_rejected_proposal_changes_nothing(published, official, editor):
    revision = services.propose_revision(practice=published, by=official, summary="Mine.")

    services.reject_revision(revision=revision, by=editor, note="Not accurate.")

    published.refresh_from_db()
    assert published.summary == "Small grants for residents."
    assert mail.outbox[-1].subject == "Change not accepted: Citizenship Fund"
    # A new proposal may follow.
    services.propose_revision(practice=published, by=official, summary="Another.")


def test_decisions_need_an_editor_and_a_note(published, official, editor):
    revision = services.propose_revision(practice=published, by=official, summary="Mine.")
    with pytest.raises(services.Refused):
        services.approve_revision(revision=revision, by=official)
    with pytest.raises(services.NoteRequired):
        services.send_back_revision(revision=revision, by=editor, note=" ")
    services.approve_revision(revision=revision, by=editor)
    with pytest.raises(services.Refused):
        services.approve_revision(revision=revision, by=editor)


def test_who_may_propose(published, the_hague):
    toronto = OfficialFactory(city=CityFactory(name="Toronto", slug="toronto")).user
    partner = UserFactory()
    for outsider in (toronto, partner):
        with pytest.raises(services.Refused) as refused:
            services.propose_revision(practice=published, by=outsider, summary="Theirs.")
        assert refused.value.code == "forbidden"
    colleague = OfficialFactory(city=the_hague).user
    services.propose_revision(practice=published, by=colleague, summary="A colleague's.")


def test_approving_a_proposal_changed_since_the_page_was_opened_is_refused(
    published, official, editor
):
    from practices import versions

    revision = services.propose_revision(practice=published, by=official, summary="First.")
    seen = versions.revision_version(published, revision.changes)
    services.propose_revision(practice=published, by=official, summary="Second.")

    with pytest.raises(services.PracticeChanged):
        services.approve_revision(revision=revision, by=editor, version=seen)
    published.refresh_from_db()
    assert published.summary == "Small grants for residents."


# --- the officials' page --------------------------------------------------------------------


def test_the_revise_page_is_the_form_prefilled(official_client, published):
    response = official_client.get("/my/practices/citizenship-fund/revise/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Propose a change to “Citizenship Fund”" in page
    assert 'value="Citizenship Fund"' in page
    assert "Projects funded" in page


def test_an_official_proposes_a_change_through_the_form(official_client, published, the_hague):
    data = form_data(
        title="Citizenship Fund",
        summary="Small grants for residents who bring neighbours together.",
        approach=published.approach,
        instrument=published.instrument,
        start_year="2005",
        **{
            "outcomes-TOTAL_FORMS": "1",
            "outcomes-INITIAL_FORMS": "1",
            "outcomes-0-label": "Projects funded",
            "outcomes-0-value": "42",
        },
    )

    response = official_client.post("/my/practices/citizenship-fund/revise/", data, follow=True)

    page = response.content.decode()
    assert "is waiting for an editor" in page
    assert "public page shows the published text" in page
    revision = PracticeRevision.objects.get()
    assert set(revision.changes) == {"summary"}
    assert "bring neighbours together" not in public_text()
    # The list says so, and the form opens the proposal again.
    assert (
        "A change is waiting for review" in official_client.get("/my/practices/").content.decode()
    )
    again = official_client.get("/my/practices/citizenship-fund/revise/").content.decode()
    assert "bring neighbours together" in again


def test_another_citys_official_cannot_propose(published):
    client = Client()
    client.force_login(OfficialFactory(city=CityFactory(name="Toronto", slug="toronto")).user)

    response = client.get("/my/practices/citizenship-fund/revise/", follow=True)

    assert "Only officials of the practice&#x27;s city" in response.content.decode()
    assert client.post("/my/practices/citizenship-fund/revise/", form_data()).status_code == 302
    assert not PracticeRevision.objects.exists()


# --- the API ----------------------------------------------------------------------------------


def test_a_partners_patch_on_their_published_practice_is_a_proposal(published, editor):
    partner = UserFactory(username="partner@example.org")
    published.submitted_by = partner
    published.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(partner)}")

    response = client.patch(
        "/api/v1/practices/citizenship-fund/", {"summary": "Changed by the API."}, format="json"
    )

    assert response.status_code == 202, response.json()
    body = response.json()
    assert (body["practice"], body["status"], body["changed_fields"]) == (
        "citizenship-fund",
        "pending",
        ["summary"],
    )
    public = APIClient().get("/api/v1/practices/citizenship-fund/").json()
    assert public["summary"] == "Small grants for residents."

    services.approve_revision(revision=PracticeRevision.objects.get(), by=editor)
    public = APIClient().get("/api/v1/practices/citizenship-fund/").json()
    assert public["summary"] == "Changed by the API."


def test_the_review_queue_lists_submissions_and_proposals(editor_client, published, official):
    PracticeFactory(title="Help desk", status="submitted")
    services.propose_revision(practice=published, by=official, summary="Mine.")

    page = editor_client.get("/admin/practices/reviewqueue/").content.decode()

    assert "Help desk" in page and "New practice" in page
    assert "Citizenship Fund" in page and "Proposed change to a published practice" in page
    assert reverse("admin:practices_practice_review", args=[published.pk]) in page
