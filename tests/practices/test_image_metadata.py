"""What a re-encoded upload keeps: its pixels, and no metadata block of any kind."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin

from practices.uploads import reencode_image

SECRET = b"SecretHomeAddress"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="'
    + SECRET
    + b'"/></rdf:RDF></x:xmpmeta>'
)


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def jpeg_markers(data: bytes) -> list[int]:
    """The markers of a JPEG's header segments, up to the start of the image data."""
    assert data[:2] == b"\xff\xd8"
    markers, position = [], 2
    while position < len(data):
        marker = data[position + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
    return markers


def png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        chunks.append(data[position + 4 : position + 8])
        position += 12 + length
    return chunks


def _iptc() -> bytes:
    """A Photoshop APP13 block with one IPTC record (2:80, the by-line)."""
    record = b"\x1c\x02\x50" + struct.pack(">H", len(SECRET)) + SECRET
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    return b"Photoshop 3.0\x00" + resource


def jpeg_with_every_metadata_block() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = SECRET.decode()  # camera maker
    exif[0x0112] = 1  # orientation: upright
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(
        buffer, format="JPEG", exif=exif, comment=SECRET, xmp=XMP
    )
    data = buffer.getvalue()
    return data[:2] + _segment(0xED, _iptc()) + data[2:]


def png_with_every_metadata_block() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET.decode())
    info.add_text("Comment", SECRET.decode(), zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    exif = Image.Exif()
    exif[0x010F] = SECRET.decode()
    buffer = BytesIO()
    Image.new("RGBA", (10, 8), (10, 20, 30, 128)).save(
        buffer, format="PNG", pnginfo=info, exif=exif, dpi=(300, 300)
    )
    data = buffer.getvalue()
    # A private ancillary chunk after the image data, where payloads like to hide.
    payload = b"prVt" + SECRET
    private = struct.pack(">I", len(SECRET)) + payload + struct.pack(">I", zlib.crc32(payload))
    return data[:-12] + private + data[-12:]


def test_jpeg_upload_has_comment_exif_xmp_and_iptc():
    data = jpeg_with_every_metadata_block()
    assert {0xFE, 0xE1, 0xED} <= set(jpeg_markers(data))
    assert data.count(SECRET) == 4


def test_a_jpeg_is_stored_with_no_comment_exif_xmp_or_iptc():
    upload = SimpleUploadedFile("photo.jpg", jpeg_with_every_metadata_block())

    stored = reencode_image(upload).read()

    assert SECRET not in stored
    # Only the JFIF header, tables, frame and scan remain: no COM (FE), no APP1–APP15.
    markers = jpeg_markers(stored)
    assert set(markers) <= {0xE0, 0xDB, 0xC4, 0xC0, 0xC2, 0xDD, 0xDA}, [hex(m) for m in markers]
    with Image.open(BytesIO(stored)) as image:
        assert image.size == (40, 30)
        assert not {"comment", "exif", "xmp", "icc_profile", "photoshop"} & set(image.info)
        red, green, blue = image.convert("RGB").getpixel((20, 15))
        assert red > 180 and green < 60 and blue < 60


def test_a_png_is_stored_with_only_its_pixel_chunks():
    upload = SimpleUploadedFile("logo.png", png_with_every_metadata_block())
    assert SECRET in upload.read()

    stored = reencode_image(upload).read()

    assert SECRET not in stored
    assert set(png_chunks(stored)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
    with Image.open(BytesIO(stored)) as image:
        assert image.size == (10, 8)
        assert image.convert("RGBA").getpixel((5, 4)) == (10, 20, 30, 128)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_colour_profile_is_applied_then_left_out(fmt):
    """Pixels are converted to sRGB, which browsers assume, so no profile needs storing."""
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = BytesIO()
    Image.new("RGB", (12, 12), (90, 140, 200)).save(buffer, format=fmt, icc_profile=srgb)
    stored = reencode_image(SimpleUploadedFile(f"x.{fmt.lower()}", buffer.getvalue())).read()

    with Image.open(BytesIO(stored)) as image:
        assert "icc_profile" not in image.info
        red, green, blue = image.convert("RGB").getpixel((6, 6))
        assert abs(red - 90) < 8 and abs(green - 140) < 8 and abs(blue - 200) < 8


def test_an_exif_orientation_is_applied_to_the_pixels():
    """A phone photo taken sideways stays the right way up once its EXIF is gone."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    buffer = BytesIO()
    Image.new("RGB", (40, 20), (0, 0, 255)).save(buffer, format="JPEG", exif=exif)

    stored = reencode_image(SimpleUploadedFile("phone.jpg", buffer.getvalue())).read()

    with Image.open(BytesIO(stored)) as image:
        assert image.size == (20, 40)
        assert "exif" not in image.info
