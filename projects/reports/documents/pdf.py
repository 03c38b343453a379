"""A report as a PDF (A4 landscape) in the portal's font (``jilin_grid.pdf``)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from jilin_grid.pdf import pdf_font

from ..choices import ReportKind
from .tables import problem_tables, project_table, ranking_table, summary_lines, trend_table

TABLE_ROWS_PER_PAGE = 30


def render_pdf(contents: dict) -> bytes:
    """The report as a PDF (A4 landscape) whose Chinese text renders and extracts."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer

    font = pdf_font()
    title_style = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, spaceAfter=4 * mm)
    heading = ParagraphStyle("heading", fontName=font, fontSize=12, leading=16, spaceBefore=4 * mm, spaceAfter=2 * mm)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")

    def table(header: list[str], rows: list[list], widths: list[float], wrap: tuple[int, ...] = ()) -> list:
        """The rows as tables of at most a page's worth each, every one with the header: a
        table laid out across many pages is measured again at every page, so the city's
        thousands of projects would cost the square of their number."""
        heading_row = [Paragraph(escape(str(item)), cell) for item in header]
        # A text that fits its column on one line is drawn as it is; only a longer one is laid
        # out as a wrapping paragraph (the costly part of a long report).
        room = [width * mm - 6 for width in widths]

        def shown(index: int, value) -> Any:
            text = str(value)
            if index in wrap and stringWidth(text, font, 8) > room[index]:
                return Paragraph(escape(text), cell)
            return text

        tables = []
        for start in range(0, max(len(rows), 1), TABLE_ROWS_PER_PAGE):
            data = [heading_row]
            for row in rows[start : start + TABLE_ROWS_PER_PAGE]:
                data.append([shown(index, value) for index, value in enumerate(row)])
            result = LongTable(data, colWidths=[width * mm for width in widths], repeatRows=1)
            result.setStyle(
                [
                    ("FONT", (0, 0), (-1, -1), font, 8),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1dede")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
            tables.append(result)
        return tables

    story = [Paragraph(escape(contents["title"]), title_style)]
    story.append(
        Paragraph(
            _("Lights evaluated on %(date)s (the day after the deadline, day %(day)s of the next month).")
            % {"date": contents["evaluated_on"].isoformat(), "day": contents["deadline_day"]},
            body,
        )
    )
    story.append(Paragraph(_("Summary"), heading))
    story.extend(table([_("Figure"), _("Value")], summary_lines(contents), [60, 80]))
    if contents["kind"] == ReportKind.QUARTERLY:
        story.append(Paragraph(_("Trend by month"), heading))
        header, rows = trend_table(contents)
        story.extend(table(header, rows, [20, 28, 18, 18, 22, 22, 16, 16, 16]))
    story.append(Paragraph(_("Ranking of areas"), heading))
    header, rows = ranking_table(contents)
    story.extend(table(header, rows, [12, 50, 22, 18, 18, 22, 22, 16, 16, 16], wrap=(1,)))
    for title, header, rows in problem_tables(contents):
        story.append(Paragraph(title, heading))
        if rows:
            story.extend(table(header, rows, [70, 50, 110, 30][: len(header)], wrap=(0, 1, 2)))
        else:
            story.append(Paragraph(_("None."), body))
    if contents["kind"] == ReportKind.QUARTERLY:
        story.append(Paragraph(_("Showcased projects and good practices"), heading))
        for item in contents["showcased"]:
            story.append(Paragraph(escape(f"{item['organization']} · {item['title']}"), body))
            story.append(Paragraph(escape(item["writeup"]), body))
            story.append(Spacer(1, 2 * mm))
        if not contents["showcased"]:
            story.append(Paragraph(_("None."), body))
    story.append(Paragraph(_("Projects"), heading))
    header, rows = project_table(contents)
    story.extend(table(header, rows, [62, 38, 90, 30, 18, 16, 20], wrap=(0, 1, 2)))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=contents["title"],
        initialFontName=font,  # not Helvetica, which would be named in the file without being embedded
    )
    document.build(story)
    return buffer.getvalue()
