"""Checks for uploaded files: size, real content type, pixel limits, re-encoded images.

A PDF must open with pypdf (the practices' reports and the publications' files alike).

An image is decoded and written out again with Pillow, so what we store and serve is
pixels we produced ourselves, with no metadata or trailing payload from the upload: no
JPEG comment, EXIF, XMP or IPTC block, no PNG text chunk, no colour profile. The EXIF
orientation is applied to the pixels first, and a colour profile is applied by converting
the pixels to sRGB, the colour space browsers assume for an image without one.
"""

from io import BytesIO

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from pypdf import PdfReader

from core.storage import random_file_name

_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def _check_size(upload, limit: int) -> None:
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


def validate_pdf_document(upload) -> None:
    """Accept only PDF files within the size limit that open as PDF, judged by content.

    The first bytes must say `%PDF-` and pypdf must read the document's page tree: an
    HTML page (or anything else) behind a PDF header, a truncated file and a
    password-protected one are refused. The file's name and declared type are ignored.
    """
    _check_size(upload, settings.MAX_DOCUMENT_UPLOAD_BYTES)
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        if upload.read(5) != b"%PDF-":
            raise ValidationError(_("The file is not a PDF document."), code="not_pdf")
        upload.seek(0)
        _read_pdf(upload)
    finally:
        upload.seek(position)


def _read_pdf(upload) -> None:
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("The PDF is protected by a password; upload a copy that anyone can open."),
                code="pdf_encrypted",
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    # pypdf raises many kinds of error on malformed input; any of them means "does not open".
    except Exception:
        pages = 0
    if not pages:
        raise ValidationError(
            _("The file does not open as a PDF document: it may be damaged or not a PDF."),
            code="pdf_unreadable",
        )


_SRGB = ImageCms.createProfile("sRGB")


def _srgb_pixels(image: Image.Image, mode: str) -> Image.Image:
    """The image's pixels in sRGB and the given mode, with no metadata attached at all."""
    profile = image.info.get("icc_profile")
    pixels = None
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(BytesIO(profile))
            base = image if image.mode in ("RGB", "RGBA", "CMYK", "L") else image.convert(mode)
            pixels = ImageCms.profileToProfile(base, source, _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pixels = None  # a broken or mismatched profile: keep the pixels as they are
    if pixels is None or pixels.mode != mode:
        pixels = (pixels or image).convert(mode)
    # convert() copies `info`, and Pillow writes some of it back (the JPEG comment).
    pixels.info = {}
    return pixels


def reencode_image(upload) -> ContentFile:
    """Decode an uploaded image and return a freshly encoded copy without metadata."""
    _check_size(upload, settings.MAX_IMAGE_UPLOAD_BYTES)
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            if probe.format not in _IMAGE_FORMATS:
                raise ValidationError(
                    _("Upload a JPEG, PNG, WebP or GIF image."), code="image_format"
                )
            if probe.width * probe.height > settings.MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("The image is %(w)s × %(h)s pixels; it may have at most %(max)s pixels.")
                    % {"w": probe.width, "h": probe.height, "max": settings.MAX_IMAGE_PIXELS},
                    code="image_too_many_pixels",
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            pixels = _srgb_pixels(ImageOps.exif_transpose(image), "RGBA" if has_alpha else "RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("The file is not an image, or the image is damaged."), code="invalid_image"
        ) from None
    output = BytesIO()
    extension = "png" if has_alpha else "jpg"
    if has_alpha:
        pixels.save(output, format="PNG", optimize=True)
    else:
        pixels.save(output, format="JPEG", quality=85, optimize=True)
    return ContentFile(output.getvalue(), name=random_file_name(extension))


class ReencodedImageFormField(forms.ImageField):
    def to_python(self, data):
        checked = super().to_python(data)
        if checked is None:
            return None
        return reencode_image(checked)


class ReencodedImageField(models.ImageField):
    """An ImageField whose form field re-encodes what is uploaded."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ReencodedImageFormField, **kwargs})
