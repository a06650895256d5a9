"""Uploads are served with DEBUG off, to those who may see them, under random names."""

import re
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from PIL import Image

from practices.models import Practice
from publications.models import publication_file_upload_to
from tests.factories import CityFactory, OfficialFactory, PracticeFactory, PublicationFactory
from tests.practices.test_documents import pdf_bytes
from tests.practices.test_revision_images import propose_image, published  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.urls("portal.urls")]

RANDOM_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|pdf)$")


def jpeg() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def practice_with_image(**fields) -> Practice:
    practice = PracticeFactory(**fields)
    practice.image.save("0123456789abcdef0123456789abcdef.jpg", ContentFile(jpeg()))
    return practice


@pytest.fixture(autouse=True)
def production():
    with override_settings(DEBUG=False):
        yield


def test_a_published_practices_image_is_served_with_its_type_and_long_caching(visitor):
    practice = practice_with_image()
    response = visitor.get(practice.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "public" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == practice.image.open("rb").read()


def test_a_drafts_image_is_hidden_from_visitors_and_other_cities(visitor, the_hague, official):
    draft = practice_with_image(status=Practice.Status.DRAFT, cities=[the_hague])
    draft.submitted_by = official
    draft.save()
    assert visitor.get(draft.image.url).status_code == 404

    stranger = Client()
    stranger.force_login(OfficialFactory(city=CityFactory(slug="malmo")).user)
    assert stranger.get(draft.image.url).status_code == 404


def test_a_drafts_image_is_shown_to_its_team_and_editors_but_never_cached_publicly(
    official_client, editor_client, the_hague, official
):
    draft = practice_with_image(status=Practice.Status.DRAFT, cities=[the_hague])
    draft.submitted_by = official
    draft.save()
    for client in (official_client, editor_client):
        response = client.get(draft.image.url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]


def test_an_image_proposed_for_a_published_practice_stays_private(
    official_client,
    visitor,
    published,  # noqa: F811
):
    revision = propose_image(official_client, published)
    url = "/media/" + revision.changes["image"]
    assert visitor.get(url).status_code == 404
    assert official_client.get(url).status_code == 200


def test_a_name_no_record_uses_is_not_served(visitor, settings):
    (settings.MEDIA_ROOT / "practices").mkdir(parents=True)
    (settings.MEDIA_ROOT / "practices" / "stray.jpg").write_bytes(jpeg())
    assert visitor.get("/media/practices/stray.jpg").status_code == 404
    assert visitor.get("/media/../../etc/passwd").status_code == 404


def test_a_publications_pdf_is_an_attachment_named_after_it(visitor):
    publication = PublicationFactory(slug="hague-process-2007")
    publication.file.save("Our final draft (v3).pdf", ContentFile(pdf_bytes()))
    assert RANDOM_NAME.match(publication.file.name.rsplit("/", 1)[1])
    response = visitor.get(publication.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="hague-process-2007.pdf"'

    publication.status = publication.Status.DRAFT
    publication.save()
    assert visitor.get(publication.file.url).status_code == 404


def test_stored_names_are_random_not_the_uploaders(
    official_client,
    published,  # noqa: F811
):
    revision = propose_image(official_client, published)
    folder, name = revision.changes["image"].rsplit("/", 1)
    assert folder.startswith("practices/")
    assert RANDOM_NAME.match(name)
    assert RANDOM_NAME.match(publication_file_upload_to(None, "Mayor's notes.pdf").split("/")[-1])


def test_s3_storage_serves_through_the_portal(settings):
    from core.s3 import PortalS3Storage, PrivateS3Storage

    storage = PortalS3Storage(bucket_name="uploads", access_key="a", secret_key="b")
    assert storage.url("practices/2026/ab.jpg") == "/media/practices/2026/ab.jpg"
    private = PrivateS3Storage(bucket_name="uploads", access_key="a", secret_key="b")
    with pytest.raises(ValueError, match="no public address"):
        private.url("documents/2026/ab.pdf")


def test_serving_an_image_costs_a_fixed_number_of_queries(visitor, django_assert_max_num_queries):
    practice = practice_with_image()
    PracticeFactory.create_batch(5)
    with django_assert_max_num_queries(2):
        assert visitor.get(practice.image.url).status_code == 200


def test_a_draft_publications_cover_is_for_editors_only(visitor, editor_client):
    publication = PublicationFactory(status="draft")
    publication.cover.save("cover.jpg", ContentFile(jpeg()))
    assert visitor.get(publication.cover.url).status_code == 404
    response = editor_client.get(publication.cover.url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_bucket_name_moves_uploads_to_s3():
    import os
    import subprocess
    import sys

    from tests.portal.test_settings import ROOT

    env = {**os.environ, "AWS_STORAGE_BUCKET_NAME": "exchange-uploads"}
    env["AWS_S3_ENDPOINT_URL"] = "https://s3.example.org"
    result = subprocess.run(
        [sys.executable, "-c", "import portal.settings as s; print(s.STORAGES)"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "core.s3.PortalS3Storage" in result.stdout
    assert "'bucket_name': 'exchange-uploads'" in result.stdout
    assert "https://s3.example.org" in result.stdout
    assert "'BACKEND': 'core.s3.PrivateS3Storage'" in result.stdout
    assert "'location': 'private'" in result.stdout
