"""Tables exported as CSV or Excel: the same header and rows a page shows, for any list.

``table_response(headers=[...], rows=[[...], ...], filename="...", fmt="csv"|"xlsx")`` answers a
download. CSV carries a UTF-8 byte-order mark so that Excel on Chinese Windows reads it right;
Excel files have a bold, frozen header row and column widths fitted to their contents.

A workbook stores what a cell means: counts and amounts as numbers, dates and times as dates
(``yyyy-mm-dd``, ``yyyy-mm-dd hh:mm``, in the portal's time zone), and a rate, given as
``percent(96.1)``, as the fraction 0.961 shown as ``96.1%`` (format ``0.0%``), so that a sheet
sums, sorts and charts them. CSV and the pages show the same values as text.

Every CSV and workbook of the portal is written here, and no cell is ever a formula: text that
begins with ``= + - @``, a tab or a carriage return (a resident's "name" such as
``=HYPERLINK(...)``) is written as text, in CSV behind an apostrophe, in a workbook as a string
cell marked as quoted text.

Every download answered here is recorded in the audit trail (who, when, which table, the filters
and how many rows), as personal data leaving the portal.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

EXPORT_FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_COLUMN_WIDTH = 60
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT_FORMAT = "0.0%"


@dataclass(frozen=True)
class Formatted:
    """A cell whose workbook value and number format differ from the text a page or CSV shows:
    ``str()`` of it is that text, so a list column may give one to the page and to the export."""

    value: Any
    number_format: str
    text: str

    def __str__(self) -> str:
        return self.text


def percent(value: float | int | Decimal | None) -> Formatted:
    """A rate given in percent (96.1): the fraction 0.961 in a workbook with the format ``0.0%``,
    "96.1%" as text. No rate (nothing to divide by) is an empty cell, "—" as text."""
    if value is None:
        return Formatted(None, PERCENT_FORMAT, "—")
    return Formatted(float(value) / 100, PERCENT_FORMAT, f"{value}%")


def iso_date(value: date | None) -> Formatted | str:
    """A day as a date in a workbook (``yyyy-mm-dd``) and as "2020-07-06" on a page and in CSV."""
    if value is None:
        return ""
    return Formatted(value, DATE_FORMAT, value.isoformat())


def _plain(value: Any) -> Any:
    """A cell value Excel and CSV understand: numbers stay numbers, the rest becomes text."""
    if value is None:
        return ""
    if isinstance(value, Formatted):
        return value.text
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """Text a spreadsheet would take as a formula (or as the start of one)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _csv_cell(value: Any) -> Any:
    value = _plain(value)
    return f"'{value}" if is_formula_like(value) else value


def _display_width(text: str) -> int:
    """Width in Excel character units: a Chinese character takes about two."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def write_csv(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_cell(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(headers: Sequence[Any], rows: Iterable[Sequence[Any]], sheet_title: str = "") -> bytes:
    """A workbook of one table."""
    return write_workbook([(sheet_title, headers, rows)])


def _workbook_value(value: Any) -> tuple[Any, str | None]:
    """What a workbook cell stores for ``value``, and its number format (``None``: General)."""
    if value is None:
        return None, None
    if isinstance(value, Formatted):
        return _workbook_value(value.value)[0], value.number_format
    if isinstance(value, bool):
        return str(value), None
    if isinstance(value, int | float | Decimal):
        return value, None
    if isinstance(value, datetime):
        # A workbook has no time zones: the time as read in the portal's.
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.replace(tzinfo=None, microsecond=0), DATETIME_FORMAT
    if isinstance(value, date):
        return value, DATE_FORMAT
    return str(value), None


def _workbook_cell(sheet, value: Any) -> tuple[Any, str]:
    """The cell to append for ``value`` (a plain value, or a cell holding its number format or
    holding formula-like text as text, which Excel keeps text when the cell is edited), and the
    text its column's width is fitted to."""
    stored, number_format = _workbook_value(value)
    text = _plain(value)
    if number_format is None and not is_formula_like(stored):
        return stored, str(text)
    from openpyxl.cell.cell import Cell

    cell = Cell(sheet, value=stored)
    if number_format is not None:
        cell.number_format = number_format
    else:
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell, str(text)


def write_workbook(sheets: Sequence[tuple[Any, Sequence[Any], Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook with one sheet per (title, headers, rows): bold frozen header, fitted widths;
    numbers, rates (``percent``) and dates stored as such with their number formats."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    bold = Font(bold=True)
    for position, (sheet_title, headers, rows) in enumerate(sheets):
        sheet = workbook.active if position == 0 else workbook.create_sheet()
        # Sheet titles are limited to 31 characters and may not contain []:*?/\
        title = "".join(char for char in str(sheet_title or "Sheet") if char not in "[]:*?/\\")[:31]
        sheet.title = title or f"Sheet{position + 1}"
        header_cells = [_workbook_cell(sheet, header) for header in headers]
        sheet.append([cell for cell, _text in header_cells])
        widths = [_display_width(text) for _cell, text in header_cells]
        for row in rows:
            cells = [_workbook_cell(sheet, value) for value in row]
            # Each row is appended as it comes: looking a row up again costs a scan of the sheet.
            sheet.append([cell for cell, _text in cells])
            for index, (_cell, text) in enumerate(cells):
                width = _display_width(text)
                if index < len(widths):
                    widths[index] = max(widths[index], width)
                else:
                    widths.append(width)
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), MAX_COLUMN_WIDTH)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(name: str, fmt: str, on: date | None = None) -> str:
    """``<name>-<YYYY-MM-DD>.<fmt>``, the date in the portal's time zone."""
    on = on or timezone.localdate()
    safe = "".join(char for char in str(name) if char not in '\\/:*?"<>|').strip() or "export"
    return f"{safe}-{on.isoformat()}.{fmt}"


def table_response(
    *, headers: Sequence[Any], rows: Iterable[Sequence[Any]], name: str, fmt: str, sheet_title: str = ""
) -> HttpResponse:
    """A download of the table as CSV or Excel, named after ``name`` and today's date."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}")
    counted = _Counted(rows)
    content = write_csv(headers, counted) if fmt == "csv" else write_xlsx(headers, counted, sheet_title or name)
    filename = export_filename(name, fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    _record_export(filename, fmt, counted.count)
    return response


def document_response(content: bytes, *, name: str, fmt: str, content_type: str, rows: int) -> HttpResponse:
    """A download of a document written elsewhere (a workbook of several sheets from
    ``write_workbook``, a PDF page), named and recorded in the audit trail as every export is."""
    filename = export_filename(name, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    _record_export(filename, fmt, rows)
    return response


class _Counted:
    """The rows, counted as they are written."""

    def __init__(self, rows: Iterable[Sequence[Any]]):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def _record_export(filename: str, fmt: str, rows: int) -> None:
    from jilin_grid.audit.context import current_request
    from jilin_grid.audit.models import AuditKind
    from jilin_grid.audit.services import record_event

    request = current_request.get()
    query = {key: value for key, value in request.GET.items() if key != "export"} if request is not None else {}
    path = request.path if request is not None else ""
    record_event(
        AuditKind.EXPORT,
        request=request,
        description=filename,
        data={"format": fmt, "rows": rows, "path": path, "filters": query},
    )
