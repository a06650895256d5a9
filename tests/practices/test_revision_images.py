"""An image proposed for a published practice is shown once approved, and removed if refused."""

from pathlib import Path

import pytest
from django.conf import settings

from practices import services
from practices.models import PracticeRevision
from tests.factories import PracticeFactory
from tests.practices.test_submissions import form_data, jpeg_with_exif

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(official, the_hague):
    return PracticeFactory(
        title="Citizenship Fund",
        slug="citizenship-fund",
        cities=[the_hague],
        submitted_by=official,
        instrument="fund",
        approach="",
    )


def propose_image(client, published) -> PracticeRevision:
    data = form_data(
        image=jpeg_with_exif(), image_alt="Neighbours at a street party", summary=published.summary
    )
    response = client.post(f"/my/practices/{published.slug}/revise/", data)
    assert response.status_code == 302
    return PracticeRevision.objects.get()


def test_an_approved_image_is_shown(official_client, published, editor):
    revision = propose_image(official_client, published)
    stored = Path(settings.MEDIA_ROOT) / revision.changes["image"]
    assert stored.exists()
    published.refresh_from_db()
    assert not published.image  # not before an editor approves

    services.approve_revision(revision=revision, by=editor)

    published.refresh_from_db()
    assert published.image.name == revision.changes["image"]
    assert published.image_alt == "Neighbours at a street party"


def test_a_refused_image_is_removed(
    official_client, published, editor, django_capture_on_commit_callbacks
):
    revision = propose_image(official_client, published)
    stored = Path(settings.MEDIA_ROOT) / revision.changes["image"]

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_revision(revision=revision, by=editor, note="Not this photo.")

    assert not stored.exists()
