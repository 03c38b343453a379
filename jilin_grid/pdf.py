"""The font of every PDF the portal writes: Noto Sans SC, embedded as a subset.

The font file comes with the npm package ``@expo-google-fonts/noto-sans-sc`` (package.json; the
SIL Open Font License lets it be embedded and shipped), a TrueType font (glyph outlines), which
is what reportlab embeds: only the characters a document uses are written into it, so a reader
without any Chinese font sees every character, "·" included, and copies the text out of it.
``PDF_FONT_FILE`` in the settings names the file (the image keeps it when it drops node_modules).

A PDF builder asks ``pdf_font()`` for the name to give its styles (the font is registered once
per process) and starts its pages in it (``initialFontName`` of a document template) rather than in
reportlab's Helvetica, which would be named in the file without being embedded.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PDF_FONT_NAME = "NotoSansSC"


def pdf_font() -> str:
    """The name of the portal's PDF font, registered with reportlab on first use."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if PDF_FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        path = settings.PDF_FONT_FILE
        try:
            font = TTFont(PDF_FONT_NAME, str(path))
        except OSError as error:
            raise ImproperlyConfigured(
                f"The PDF font {path} cannot be read: install the npm packages (npm ci) or set PDF_FONT_FILE."
            ) from error
        pdfmetrics.registerFont(font)
    return PDF_FONT_NAME
