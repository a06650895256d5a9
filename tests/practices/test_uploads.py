import re
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from practices.uploads import ReencodedImageFormField, reencode_image, validate_pdf_document
from tests.practices.test_documents import pdf_bytes


def image_upload(size=(40, 30), fmt="JPEG", name="photo.jpg", exif=True) -> SimpleUploadedFile:
    buffer = BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    options = {}
    if exif:
        metadata = Image.Exif()
        metadata[0x010F] = "SecretCameraMaker"
        options["exif"] = metadata
    image.save(buffer, format=fmt, **options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def test_images_are_reencoded_without_their_metadata():
    upload = image_upload()
    assert b"SecretCameraMaker" in upload.read()
    stored = reencode_image(upload)
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", stored.name)  # random, not the uploader's
    content = stored.read()
    assert b"SecretCameraMaker" not in content
    assert Image.open(BytesIO(content)).size == (40, 30)


def test_an_image_with_transparency_stays_a_png():
    buffer = BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(buffer, format="PNG")
    stored = reencode_image(SimpleUploadedFile("logo.png", buffer.getvalue()))
    assert stored.name.endswith(".png")


def test_too_many_pixels_are_refused(settings):
    settings.MAX_IMAGE_PIXELS = 100
    with pytest.raises(ValidationError, match="at most 100 pixels"):
        reencode_image(image_upload(size=(20, 20)))


def test_too_large_files_are_refused(settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError, match="the limit is"):
        reencode_image(image_upload())


def test_a_renamed_text_file_is_not_an_image():
    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        ReencodedImageFormField().clean(fake)


def test_the_form_field_returns_the_reencoded_file():
    cleaned = ReencodedImageFormField().clean(image_upload(name="Städtische Foto.JPG"))
    assert cleaned.name.endswith(".jpg")
    assert "foto" not in cleaned.name


def test_pdf_documents_are_judged_by_content():
    validate_pdf_document(SimpleUploadedFile("report.pdf", pdf_bytes()))
    with pytest.raises(ValidationError, match="does not open as a PDF"):
        validate_pdf_document(SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n"))
    with pytest.raises(ValidationError, match="not a PDF"):
        validate_pdf_document(SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf"))


def test_oversized_pdf_is_refused(settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 5
    with pytest.raises(ValidationError, match="the limit is"):
        validate_pdf_document(SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n"))
