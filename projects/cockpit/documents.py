"""The cockpit as a workbook of every table in it (cards, every ranking, the composite index) and
as a PDF page (A4 landscape, the reports' font: the cards, the index with the worst's reasons and
the ranking chosen on the page)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from jilin_grid.exports import CONTENT_TYPES, document_response, percent, write_workbook
from jilin_grid.pdf import pdf_font

PDF_CONTENT_TYPE = "application/pdf"
CHANGE_WORDS = {"better": "↑", "worse": "↓", "same": "=", "neutral": "~"}


def _title(document) -> str:
    return _("Cockpit of %(area)s, %(period)s") % {
        "area": document["area"]["name"],
        "period": document["period"]["label"],
    }


def _cell(value, unit: str):
    if value is None:
        return ""
    return percent(value) if unit == "%" else value


def card_rows(document) -> list[list]:
    return [
        [card["label"], item["label"], _cell(item["value"], item["unit"]), _cell(item["previous"], item["unit"]),
         item["change"] if item["change"] is not None else "", item["unit"]]
        for card in document["cards"]
        for item in card["figures"]
    ]  # fmt: skip


def index_rows(document) -> list[list]:
    return [
        [row["rank"] or "", row["name"], row["code"], row["index"] if row["index"] is not None else "",
         _("Yes") if row["worst"] else "", "; ".join(reason["text"] for reason in row["reasons"])]
        for row in document["index"]["rows"]
    ]  # fmt: skip


def workbook_response(document):
    """Every table of the cockpit, a sheet each: the cards, the rankings (one column per figure, in
    the children's order), each figure's ranking, the composite index and its indicators."""
    children = document["children"]
    values = {
        ranking["figure"]: {row["code"]: row["value"] for row in ranking["rows"]} for ranking in document["rankings"]
    }
    rankings_header = [_("Area"), _("Code")] + [
        f"{ranking['family_label']} · {ranking['label']}" for ranking in document["rankings"]
    ]
    rankings_rows = [
        [child["name"], child["code"]]
        + [_cell(values[ranking["figure"]].get(child["code"]), ranking["unit"]) for ranking in document["rankings"]]
        for child in children
    ]
    sheets = [
        (_("Cards"), [_("Family"), _("Figure"), _("Value"), _("Previous period"), _("Change"), _("Measured in")],
         card_rows(document)),
        (_("Children"), rankings_header, rankings_rows),
        (_("Composite index"), [_("Rank"), _("Area"), _("Code"), _("Index"), _("Worst"), _("Reasons")],
         index_rows(document)),
        (_("Indicators"), [_("Figure"), _("Better"), _("Weight")],
         [[indicator["label"], indicator["better"], indicator["weight"]]
          for indicator in document["index"]["indicators"]]),
    ]  # fmt: skip
    content = write_workbook(sheets)
    rows = sum(len(list(sheet[2])) for sheet in sheets)
    return document_response(content, name=_title(document), fmt="xlsx", content_type=CONTENT_TYPES["xlsx"], rows=rows)


def render_pdf(document, ranking: dict | None) -> bytes:
    """The cockpit on A4 landscape pages whose Chinese text renders and extracts."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate

    font = pdf_font()
    title_style = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, spaceAfter=3 * mm)
    heading = ParagraphStyle("heading", fontName=font, fontSize=12, leading=16, spaceBefore=4 * mm, spaceAfter=2 * mm)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")

    def table(header, rows, widths):
        data = [header] + [[Paragraph(escape(str(value)), cell) for value in row] for row in rows]
        result = LongTable(data, colWidths=[width * mm for width in widths], repeatRows=1)
        result.setStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 8),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1dede")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
        return result

    def shown(value, unit=""):
        if value is None or value == "":
            return "—"
        if isinstance(value, float):
            value = round(value, 1)
        return f"{value}{'%' if unit == '%' else ''}"

    story = [Paragraph(escape(_title(document)), title_style)]
    story.append(
        Paragraph(
            escape(
                _("Against %(previous)s. The change is marked ↑ where it is better, ↓ where it is worse.")
                % {"previous": document["previous_period"]["label"]}
            ),
            body,
        )
    )
    if not document["has_data"]:
        story.append(Paragraph(escape(_("Nothing was recorded in this area in this period.")), body))
    story.append(Paragraph(escape(_("Figures")), heading))
    rows = [
        [card["label"], item["label"], shown(item["value"], item["unit"]), shown(item["previous"], item["unit"]),
         f"{CHANGE_WORDS.get(item['change_is'], '')} {shown(item['change'], item['unit'])}"
         if item["change"] is not None else "—"]
        for card in document["cards"]
        for item in card["figures"]
    ]  # fmt: skip
    story.append(table([_("Family"), _("Figure"), _("Value"), _("Previous period"), _("Change")], rows,
                       [50, 60, 35, 35, 35]))  # fmt: skip
    if document["index"]["rows"]:
        story.append(Paragraph(escape(_("Composite index")), heading))
        story.append(
            Paragraph(
                escape(" · ".join(f"{item['label']} {item['weight']}" for item in document["index"]["indicators"])),
                body,
            )
        )
        rows = [
            [shown(row["rank"]), row["name"], shown(row["index"]), _("Worst") if row["worst"] else "",
             "; ".join(reason["text"] for reason in row["reasons"])]
            for row in document["index"]["rows"]
        ]  # fmt: skip
        story.append(table([_("Rank"), _("Area"), _("Index"), "", _("Reasons")], rows, [15, 55, 20, 15, 150]))
    if ranking and ranking["rows"]:
        story.append(Paragraph(escape(_("Ranking: %(figure)s") % {"figure": ranking["label"]}), heading))
        rows = [
            [shown(row["rank"]), row["name"], shown(row["value"], ranking["unit"]),
             shown(row["previous"], ranking["unit"]), shown(row["change"], ranking["unit"])]
            for row in ranking["rows"]
        ]  # fmt: skip
        story.append(table([_("Rank"), _("Area"), _("Value"), _("Previous period"), _("Change")], rows,
                           [15, 70, 35, 35, 35]))  # fmt: skip
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=_title(document),
        initialFontName=font,
    ).build(story)
    return buffer.getvalue()


def pdf_response(document, ranking: dict | None):
    content = render_pdf(document, ranking)
    return document_response(
        content,
        name=_title(document),
        fmt="pdf",
        content_type=PDF_CONTENT_TYPE,
        rows=len(document["index"]["rows"]) + sum(len(card["figures"]) for card in document["cards"]),
    )
