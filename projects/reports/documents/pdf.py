"""A report as a PDF (A4 landscape) in the portal's font (``jilin_grid.pdf``)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from jilin_grid.pdf import pdf_font

from ..choices import ReportKind
from .contents import project_groups
from .tables import problem_tables, project_table, ranking_table, summary_lines, trend_table

TABLE_ROWS_PER_PAGE = 30
AREA_START_MM = 35  # an area's heading, figures, the table's header and its first rows


def _figures_line(figures: dict) -> str:
    """An area's figures in one line, as the page's folded area shows them."""

    def shown(value) -> str:
        return "—" if value is None else f"{value}%"

    return " · ".join(
        [
            f"{_('Projects claimed')} {figures['claimed']}",
            f"{_('Reported')} {figures['reported']}/{figures['due']}",
            f"{_('Reporting rate')} {shown(figures['reporting_rate'])}",
            f"{_('Average progress')} {shown(figures['average_progress'])}",
            f"{_('Red')} {figures['red']}",
            f"{_('Yellow')} {figures['yellow']}",
            f"{_('Green')} {figures['green']}",
        ]
    )


def render_pdf(contents: dict) -> bytes:
    """The report as a PDF (A4 landscape) whose Chinese text renders and extracts."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import CondPageBreak, LongTable, Paragraph, SimpleDocTemplate, Spacer

    font = pdf_font()
    title_style = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, spaceAfter=4 * mm)
    heading = ParagraphStyle("heading", fontName=font, fontSize=12, leading=16, spaceBefore=4 * mm, spaceAfter=2 * mm)
    area_heading = ParagraphStyle("area", fontName=font, fontSize=10, leading=14, spaceBefore=3 * mm, spaceAfter=1 * mm)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    figures = ParagraphStyle("figures", parent=body, spaceAfter=1 * mm)
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")

    def table(header: list[str], rows: list[list], widths: list[float], wrap: tuple[int, ...] = ()) -> list:
        """The rows as tables of at most a page's worth each, every one with the header: a
        table laid out across many pages is measured again at every page, so the city's
        thousands of projects would cost the square of their number."""
        # A text that fits its column on one line is drawn as it is; only a longer one is laid
        # out as a wrapping paragraph (the costly part of a long report).
        room = [width * mm - 6 for width in widths]

        def shown(index: int, value, wrap: tuple[int, ...] | range = wrap) -> Any:
            text = str(value)
            if index in wrap and stringWidth(text, font, 8) > room[index]:
                return Paragraph(escape(text), cell)
            return text

        heading_row = [shown(index, item, range(len(header))) for index, item in enumerate(header)]

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
    # The projects area by area, as the page folds them: the same groups in the same order.
    story.append(Paragraph(_("Projects"), heading))
    groups = project_groups(contents)
    if groups:
        story.append(
            Paragraph(
                _("By area, each with its figures: red first, then yellow and green, the least advanced first."), body
            )
        )
    for group in groups:
        story.append(CondPageBreak(AREA_START_MM * mm))  # an area's name and figures not alone at a page's foot
        story.append(Paragraph(escape(group["name"]), area_heading))
        story.append(Paragraph(escape(_figures_line(group["figures"])), figures))
        header, rows = project_table(contents, group["projects"])
        story.extend(table(header, rows, [62, 38, 90, 30, 18, 16, 20], wrap=(0, 1, 2)))
    if not groups:
        story.append(Paragraph(_("None."), body))

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
