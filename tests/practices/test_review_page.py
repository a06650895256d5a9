"""The editors' review page: the whole practice as the public will see it, and its version."""

import pytest
from django.urls import reverse

from practices import services, versions
from practices.models import Practice
from tests.factories import (
    CommitmentFactory,
    OrganisationFactory,
    PracticeFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(official, the_hague):
    practice = services.create_practice(
        by=official,
        title="Citizenship Fund",
        summary="Small grants for residents.",
        context="Neighbours *rarely* meet.",
        approach="Residents apply for **small grants**.<script>alert(1)</script>",
        results="Many projects.",
        lessons="Keep it simple.",
        cities=[the_hague],
        lead_organisation=OrganisationFactory(name="City of The Hague"),
        partners=[OrganisationFactory(name="Residents' foundation")],
        themes=[ThemeFactory(name="Participation")],
        target_groups=[TargetGroupFactory(name="Newcomers")],
        commitments=[CommitmentFactory(title="Promote active citizenship")],
        funding_amount=250000,
        funding_currency="EUR",
        website="https://example.org/fund",
        outcomes=[{"label": "Projects funded", "value": 120, "year": 2009}],
    )
    return services.submit_practice(practice=practice, by=official)


def review_url(practice) -> str:
    return reverse("admin:practices_practice_review", args=[practice.pk])


def test_the_review_page_shows_everything_the_public_will_see(editor_client, submission):
    page = editor_client.get(review_url(submission)).content.decode()

    for text in (
        "Small grants for residents.",
        "Neighbours <em>rarely</em> meet.",
        "<strong>small grants</strong>",
        "Many projects.",
        "Keep it simple.",
        "The Hague",
        "City of The Hague",
        "Residents&#x27; foundation",
        "Participation",
        "Newcomers",
        "Promote active citizenship",
        "Projects funded",
        "120",
        "€250,000",  # the amount as English writes it
        "https://example.org/fund",
    ):
        assert text in page, text
    assert "<script>alert(1)</script>" not in page  # sanitised as on the public page


def test_the_public_page_the_preview_and_the_review_share_one_include(
    editor_client, official_client, submission, editor
):
    from django.test import Client

    body = "practices/includes/practice_body.html"
    review = editor_client.get(review_url(submission))
    preview = official_client.get(f"/my/practices/{submission.slug}/preview/")
    services.approve_practice(practice=submission, by=editor)
    public = Client().get(f"/practices/{submission.slug}/")
    for response in (review, preview, public):
        assert body in [template.name for template in response.templates]


def test_approving_publishes_the_version_the_editor_saw(editor_client, submission, official):
    url = review_url(submission)
    seen = editor_client.get(url).context["form"]["version"].value()
    # Meanwhile its team withdraws it, changes it and submits it again.
    services.withdraw_practice(practice=submission, by=official)
    services.update_practice(practice=submission, by=official, summary="A different text.")
    services.submit_practice(practice=submission, by=official)

    response = editor_client.post(url, {"decision": "approve", "note": "", "version": seen})

    assert response.status_code == 200
    page = response.content.decode()
    assert "was changed after you opened this page" in page
    assert "A different text." in page
    assert Practice.objects.get(pk=submission.pk).status == Practice.Status.SUBMITTED
    new_version = response.context["form"]["version"].value()
    assert new_version != seen

    editor_client.post(url, {"decision": "approve", "note": "", "version": new_version})
    assert Practice.objects.get(pk=submission.pk).status == Practice.Status.PUBLISHED


def test_the_version_changes_with_relations_and_outcomes(submission, official, editor):
    before = versions.version(Practice.objects.get(pk=submission.pk))
    services.update_practice(practice=submission, by=editor, themes=[])
    after_themes = versions.version(Practice.objects.get(pk=submission.pk))
    services.set_outcomes(practice=submission, outcomes=[{"label": "Projects", "value": 1}])
    after_outcomes = versions.version(Practice.objects.get(pk=submission.pk))
    assert len({before, after_themes, after_outcomes}) == 3


def test_a_proposed_change_is_compared_field_by_field(editor_client, official, the_hague):
    published = PracticeFactory(
        title="Citizenship Fund",
        summary="Small grants for residents.",
        cities=[the_hague],
        submitted_by=official,
    )
    services.propose_revision(
        practice=published,
        by=official,
        summary="Small grants for residents and their neighbours.",
        outcomes=[{"label": "Projects funded", "value": 120}],
    )

    response = editor_client.get(review_url(published))

    page = response.content.decode()
    assert "Proposed changes" in page
    assert "<ins>and their neighbours.</ins>" in page or "<ins>" in page
    rows = {row.label: row for row in response.context["differences"]}
    assert set(rows) == {"Summary", "Outcomes"}
    assert rows["Summary"].published == "Small grants for residents."
    assert rows["Summary"].proposed == "Small grants for residents and their neighbours."
    assert rows["Outcomes"].proposed == "Projects funded: 120"
    # The whole practice, as it would read once approved.
    assert "Small grants for residents and their neighbours." in page

    form = response.context["form"]
    assert "Approve the change: the public page shows it at once" in page
    editor_client.post(
        review_url(published),
        {"decision": "approve", "note": "", "version": form["version"].value()},
    )
    published.refresh_from_db()
    assert published.summary == "Small grants for residents and their neighbours."


def test_the_review_page_takes_the_same_queries_for_few_and_many_relations(
    editor_client, official, the_hague, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(size: int) -> int:
        practice = PracticeFactory(
            status="submitted",
            cities=[the_hague],
            themes=[ThemeFactory() for _ in range(size)],
            partners=[OrganisationFactory() for _ in range(size)],
        )
        for n in range(size):
            services.set_outcomes(
                practice=practice, outcomes=[{"label": f"M{n}", "value": n} for n in range(size)]
            )
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(review_url(practice)).status_code == 200
        return len(queries)

    assert count(1) == count(10)
