"""Editors publish submissions, or drafts they started themselves — nothing else."""

import pytest
from django.urls import reverse

from practices import services
from practices.models import Practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def officials_draft(official, the_hague):
    return services.create_practice(
        by=official, title="Citizenship Fund", summary="Small grants.", cities=[the_hague]
    )


def test_an_officials_unsubmitted_draft_cannot_be_published(officials_draft, editor):
    with pytest.raises(services.InvalidTransition) as refused:
        services.approve_practice(practice=officials_draft, by=editor)

    assert "has not submitted" in str(refused.value)
    officials_draft.refresh_from_db()
    assert officials_draft.status == Practice.Status.DRAFT


def test_a_sent_back_draft_cannot_be_published_until_resubmitted(officials_draft, official, editor):
    services.submit_practice(practice=officials_draft, by=official)
    services.send_back_practice(practice=officials_draft, by=editor, note="Add figures.")

    with pytest.raises(services.InvalidTransition) as refused:
        services.approve_practice(practice=officials_draft, by=editor)
    assert "was sent back" in str(refused.value)

    services.submit_practice(practice=officials_draft, by=official)
    services.approve_practice(practice=officials_draft, by=editor)
    assert officials_draft.status == Practice.Status.PUBLISHED


def test_an_editor_publishes_their_own_draft_directly(editor):
    own = services.create_practice(by=editor, title="Editors' pick", summary="A practice.")

    services.approve_practice(practice=own, by=editor)

    own.refresh_from_db()
    assert own.status == Practice.Status.PUBLISHED and own.published_at


def test_an_editors_draft_sent_back_by_another_editor_is_not_published_directly(editor):
    from tests.factories import UserFactory

    other = UserFactory(username="other-editor@example.org", is_staff=True)
    other.groups.set(editor.groups.all())
    own = services.create_practice(by=editor, title="Editors' pick", summary="A practice.")
    services.submit_practice(practice=own, by=editor)
    services.send_back_practice(practice=own, by=other, note="Source?")

    with pytest.raises(services.InvalidTransition):
        services.approve_practice(practice=own, by=editor)


def test_the_review_page_offers_no_decision_on_an_unsubmitted_draft(editor_client, officials_draft):
    url = reverse("admin:practices_practice_review", args=[officials_draft.pk])

    page = editor_client.get(url).content.decode()

    assert "has not submitted" in page
    assert 'name="decision"' not in page
    editor_client.post(url, {"decision": "approve", "note": ""})
    officials_draft.refresh_from_db()
    assert officials_draft.status == Practice.Status.DRAFT


def test_the_review_page_offers_only_what_is_allowed(editor_client, editor):
    own = services.create_practice(by=editor, title="Editors' pick", summary="A practice.")
    url = reverse("admin:practices_practice_review", args=[own.pk])

    form = editor_client.get(url).context["form"]

    assert [value for value, _label in form.fields["decision"].choices] == ["approve"]


def test_only_superusers_delete(editor_client, editor):
    from tests.factories import PracticeFactory, UserFactory

    practice = PracticeFactory()
    delete_url = f"/admin/practices/practice/{practice.pk}/delete/"
    change = editor_client.get(f"/admin/practices/practice/{practice.pk}/change/").content
    assert delete_url.encode() not in change
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Practice.objects.filter(pk=practice.pk).exists()

    root = UserFactory(username="root@example.org", is_staff=True, is_superuser=True)
    editor_client.force_login(root)
    editor_client.post(delete_url, {"post": "yes"})
    assert not Practice.objects.filter(pk=practice.pk).exists()
