"""The font of the portal's PDFs: a TrueType file from npm, embedded as a subset, checked at deploy."""

from __future__ import annotations

from jilin_grid.checks import pdf_font_check
from jilin_grid.pdf import PDF_FONT_NAME, pdf_font


def test_the_pdf_font_is_a_truetype_font_with_the_reports_characters():
    from reportlab.pdfbase import pdfmetrics

    assert pdf_font() == PDF_FONT_NAME
    font = pdfmetrics.getFont(PDF_FONT_NAME)
    assert font.face.filename.endswith(".ttf")
    glyphs = font.face.charToGlyph
    assert all(ord(char) in glyphs for char in "·吉林市书记一号工程月调度通报季度红黄绿灯—%（）")


def test_the_deploy_check_names_a_missing_pdf_font(settings, tmp_path):
    assert pdf_font_check() == []
    settings.PDF_FONT_FILE = tmp_path / "missing.ttf"
    errors = pdf_font_check()
    assert [error.id for error in errors] == ["jilin_grid.E001"]
    assert "missing.ttf" in errors[0].msg
