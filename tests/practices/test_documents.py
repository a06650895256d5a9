"""PDF reports attached to a practice: checked, stored privately, served only when allowed."""

from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image
from pypdf import PdfWriter
from rest_framework.test import APIClient

from practices import services
from practices.models import Practice, PracticeDocument
from practices.uploads import validate_pdf_document
from tests.factories import CityFactory, OfficialFactory, PracticeFactory
from tests.practices.test_submissions import NEW, form_data

pytestmark = pytest.mark.django_db


def pdf_bytes(pages: int = 1, password: str = "") -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "Annual report 2008.pdf", content: bytes | None = None):
    return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")


def png_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    return buffer.getvalue()


HTML_BEHIND_A_PDF_HEADER = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script>"


# --- the check, shared with the publications' PDF field --------------------------------


def test_a_real_pdf_passes():
    validate_pdf_document(pdf_upload())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HTML_BEHIND_A_PDF_HEADER, "does not open as a PDF"),
        (pdf_bytes()[:200], "does not open as a PDF"),
        (png_bytes(), "not a PDF"),
        (b"", "not a PDF"),
        (pdf_bytes(password="secret"), "protected by a password"),
    ],
    ids=["html-behind-header", "truncated", "png-named-pdf", "empty", "encrypted"],
)
def test_what_does_not_open_as_a_pdf_is_refused(content, message):
    upload = SimpleUploadedFile("report.pdf", content, content_type="application/pdf")
    with pytest.raises(ValidationError, match=message):
        validate_pdf_document(upload)


def test_a_pdf_over_the_limit_is_refused(settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError, match="the limit is 100"):
        validate_pdf_document(pdf_upload())


def test_the_publications_pdf_field_uses_the_same_check():
    from tests.factories import PublicationFactory

    publication = PublicationFactory()
    publication.file = SimpleUploadedFile("report.pdf", HTML_BEHIND_A_PDF_HEADER)
    with pytest.raises(ValidationError) as error:
        publication.full_clean()
    assert "does not open as a PDF" in str(error.value.message_dict["file"])


# --- attaching on the officials' form ---------------------------------------------------


def documents_data(*rows, total: int | None = None, initial: int = 0) -> dict:
    data = {
        "documents-TOTAL_FORMS": str(total if total is not None else len(rows)),
        "documents-INITIAL_FORMS": str(initial),
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "10",
    }
    for index, (title, upload) in enumerate(rows):
        data[f"documents-{index}-title"] = title
        if upload is not None:
            data[f"documents-{index}-file"] = upload
    return data


def test_an_official_attaches_two_reports_to_a_new_practice(official_client, official, settings):
    data = form_data(
        **documents_data(
            ("Annual report 2008", pdf_upload("annual-report.pdf")),
            ("", pdf_upload("Evaluation_2010.pdf", pdf_bytes(pages=3))),
        )
    )

    response = official_client.post(NEW, data)

    assert response.status_code == 302
    practice = Practice.objects.get()
    documents = list(practice.documents.all())
    assert [d.title for d in documents] == ["Annual report 2008", "Evaluation 2010"]
    assert [d.original_name for d in documents] == ["annual-report.pdf", "Evaluation_2010.pdf"]
    for document in documents:
        assert document.uploaded_by == official
        assert document.size == document.file.size > 0
        stored = Path(document.file.name).name
        assert stored.endswith(".pdf")
        assert "annual" not in stored.lower() and "evaluation" not in stored.lower()
        # Outside MEDIA_ROOT: no web server that serves /media/ can hand it out.
        assert Path(settings.PRIVATE_MEDIA_ROOT, document.file.name).is_file()
        assert not Path(settings.MEDIA_ROOT, document.file.name).exists()


def test_a_fake_pdf_is_refused_on_the_form_and_nothing_is_saved(official_client):
    data = form_data(
        **documents_data(("Report", SimpleUploadedFile("report.pdf", HTML_BEHIND_A_PDF_HEADER)))
    )

    response = official_client.post(NEW, data)

    assert response.status_code == 200
    assert "does not open as a PDF" in response.content.decode()
    assert not Practice.objects.exists()
    assert not PracticeDocument.objects.exists()


def test_a_form_posted_without_the_document_rows_still_saves(official_client):
    assert official_client.post(NEW, form_data()).status_code == 302
    assert Practice.objects.get().documents.count() == 0


def test_the_edit_form_lists_reports_and_removes_the_ticked_one(
    official_client, official, django_capture_on_commit_callbacks
):
    practice = services.create_practice(
        by=official,
        title="Help desk",
        summary="A help desk.",
        cities=[official.official.city],
        documents=[
            {"title": "Keep me", "file": pdf_upload("keep.pdf")},
            {"title": "Remove me", "file": pdf_upload("remove.pdf")},
        ],
    )
    keep, remove = practice.documents.all()
    url = f"/my/practices/{practice.slug}/edit/"
    page = official_client.get(url).content.decode()
    assert "Keep me" in page and "Remove me" in page
    assert 'accept="application/pdf"' in page

    data = form_data(title="Help desk", **documents_data(total=1))
    data["remove_documents"] = [str(remove.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        response = official_client.post(url, data)

    assert response.status_code == 302
    assert list(practice.documents.all()) == [keep]
    assert not remove.file.storage.exists(remove.file.name)
    assert keep.file.storage.exists(keep.file.name)


def test_at_most_ten_reports_per_practice(official):
    practice = services.create_practice(
        by=official,
        title="Help desk",
        summary="A help desk.",
        cities=[official.official.city],
        documents=[{"title": f"Report {n}", "file": pdf_upload()} for n in range(10)],
    )
    with pytest.raises(ValidationError, match="at most 10"):
        services.update_practice(
            practice=practice, by=official, documents=[{"title": "One more", "file": pdf_upload()}]
        )
    assert practice.documents.count() == 10


# --- who may download -------------------------------------------------------------------


@pytest.fixture
def draft_with_report(official):
    practice = services.create_practice(
        by=official,
        title="Help desk",
        summary="A help desk.",
        cities=[official.official.city],
        documents=[{"title": "Annual report", "file": pdf_upload("Annual report 2008.pdf")}],
    )
    return practice, practice.documents.get()


def test_a_drafts_report_is_not_found_by_the_public(draft_with_report, visitor):
    _, document = draft_with_report
    assert visitor.get(document.get_absolute_url()).status_code == 404
    stranger = Client()
    stranger.force_login(OfficialFactory(city=CityFactory(slug="toronto")).user)
    assert stranger.get(document.get_absolute_url()).status_code == 404


def test_its_submitter_downloads_a_drafts_report_as_an_attachment(
    draft_with_report, official_client
):
    _, document = draft_with_report

    response = official_client.get(document.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Annual report 2008.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_once_published_the_report_is_on_the_public_page_and_downloadable(
    draft_with_report, official, editor, visitor
):
    practice, document = draft_with_report
    services.submit_practice(practice=practice, by=official)
    services.approve_practice(practice=practice, by=editor)

    page = visitor.get(practice.get_absolute_url()).content.decode()
    assert f'href="{document.get_absolute_url()}"' in page
    assert "Annual report" in page
    response = visitor.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_report_of_another_practice_is_not_found_under_this_one(draft_with_report, visitor):
    _, document = draft_with_report
    other = PracticeFactory()
    assert visitor.get(f"/practices/{other.slug}/documents/{document.pk}/").status_code == 404


def test_a_report_whose_file_went_missing_is_404_not_500(draft_with_report, official_client):
    _, document = draft_with_report
    document.file.storage.delete(document.file.name)
    assert official_client.get(document.get_absolute_url()).status_code == 404


# --- the API ----------------------------------------------------------------------------


def test_the_api_lists_a_published_practices_reports(official, editor):
    practice = PracticeFactory(slug="help-desk")
    services.add_documents(
        practice=practice, by=editor, documents=[{"title": "Annual report", "file": pdf_upload()}]
    )
    body = APIClient().get("/api/v1/practices/help-desk/").json()
    (document,) = body["documents"]
    assert document["title"] == "Annual report"
    assert document["file_name"] == "Annual report 2008.pdf"
    assert document["size"] > 0
    assert document["url"].startswith("http://testserver/practices/help-desk/documents/")


def test_the_public_page_and_api_take_the_same_queries_for_1_and_5_reports(editor):
    counts = []
    for size in (1, 5):
        practice = PracticeFactory(cities=[CityFactory()])
        services.add_documents(
            practice=practice,
            by=editor,
            documents=[{"title": f"Report {n}", "file": pdf_upload()} for n in range(size)],
        )
        with CaptureQueriesContext(connection) as page:
            Client().get(practice.get_absolute_url())
        with CaptureQueriesContext(connection) as api:
            APIClient().get(f"/api/v1/practices/{practice.slug}/")
        counts.append((len(page), len(api)))
    assert counts[0] == counts[1]
