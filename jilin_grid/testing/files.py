"""Real files for upload tests: pictures (with a phone's GPS position in their EXIF, if asked),
a PDF and Office documents, small and valid, since uploads are judged by their content."""

from __future__ import annotations

import io
import zipfile


def picture(fmt: str = "PNG", size: tuple[int, int] = (8, 6), *, gps: bool = False, color=(200, 30, 30)) -> bytes:
    """A small picture in ``fmt`` (PNG, JPEG, WEBP); with ``gps``, EXIF holding a camera and a GPS position."""
    from PIL import Image

    image = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    options = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x0110] = "Phone 15"  # Model
        exif[0x8825] = {1: "N", 2: (43.0, 50.0, 12.0), 3: "E", 4: (126.0, 33.0, 40.0)}  # GPSInfo: 吉林市
        options["exif"] = exif
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def office(suffix: str = ".docx") -> bytes:
    """An Office Open XML package with the parts that make it a .docx, .xlsx or .pptx."""
    part = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".pptx": "ppt/presentation.xml"}[suffix]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(part, '<?xml version="1.0"?><root/>')
    return buffer.getvalue()
