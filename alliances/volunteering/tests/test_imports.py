"""Importing in-service members from an Excel workbook: every row good, or nothing written.

The service is tested on workbooks built here cell by cell (numbers, dates and text as Excel
stores them), then the page, the API and the command that share it. Messages are checked in
English (``translation.override``); the rows, counts and statuses in every language.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from io import StringIO

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from alliances.tests.factories import MemberReportFactory, UnitOrganizationFactory
from alliances.volunteering import imports
from alliances.volunteering.choices import MemberReportStatus
from alliances.volunteering.import_views import awaiting_reports_url
from alliances.volunteering.imports import COLUMNS, members_import
from alliances.volunteering.models import InServiceMember, MemberReport
from communities.models import Person
from communities.tests.factories import (
    AreaGrantFactory,
    CommunityFactory,
    PartyOrganizationFactory,
    UserFactory,
    user_with_grant,
)
from jilin_grid.scope import Role
from jilin_grid.testing.api import api_client, schema_response
from jilin_grid.testing.views import build_world

HEADERS = ["姓名", "手机号", "性别", "工作单位", "所在党组织", "居住社区代码", "特长", "服务时间", "报到日期"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE = "/volunteering/import/"
API = "/api/in-service-members/import/"


def workbook(rows, headers=HEADERS, *, name="members.xlsx", blank_rows_at=()) -> SimpleUploadedFile:
    """An .xlsx upload: the header row, then ``rows`` (cells kept as given: text, numbers, dates)."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for index, row in enumerate(rows):
        if index in blank_rows_at:
            sheet.append([])
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def counts() -> tuple[int, int, int]:
    return Person.objects.count(), InServiceMember.objects.count(), MemberReport.objects.count()


@pytest.fixture
def world(db):
    world = build_world()
    world.organization = UnitOrganizationFactory(name="中共吉林市财政局机关委员会", host_unit_name="吉林市财政局")
    return world


def row(world, n: int = 1, **changes) -> list:
    values = {
        "姓名": f"王丽{n}",
        "手机号": f"139{n:08d}",
        "性别": "女",
        "工作单位": "",
        "所在党组织": world.organization.name,
        "居住社区代码": world.community.code,
        "特长": "法律咨询",
        "服务时间": "周末",
        "报到日期": "2024-03-01",
    }
    values.update(changes)
    return [values[header] for header in HEADERS]


def import_as(user, upload):
    with translation.override("en"):
        return members_import(file=upload, actor=user)


# The service --------------------------------------------------------------------------------------


def test_a_good_file_reports_every_member_awaiting_confirmation(world):
    moved = MemberReportFactory(
        community=world.other_community,
        member__person__phone="13912340000",
        status=MemberReportStatus.ENDED,
        ended_on=datetime.date(2023, 12, 31),
    ).member
    rows = [
        row(world, 1),
        # Excel keeps long digits as numbers and dates as dates; the community may be named.
        row(world, 2, 手机号=13900000002, 居住社区代码=world.community.name, 报到日期=datetime.datetime(2024, 5, 6)),
        row(world, 3, 姓名="张伟", 手机号="13912340000", 性别="男", 工作单位="市财政局国库科", 报到日期=""),
        row(world, 4, 居住社区代码=int(world.community.code), 性别="", 报到日期="2024/7/8"),
    ]
    before = counts()
    result = import_as(world.writer, workbook(rows))
    assert result.ok, (result.error, result.row_errors)
    assert result.counts() == {"rows": 4, "reported": 4, "new_members": 3, "existing_members": 1, "communities": 1}
    assert counts() == (before[0] + 3, before[1] + 3, before[2] + 4)

    reports = MemberReport.objects.filter(pk__in=[r.pk for r in result.reports]).select_related("member__person")
    assert {r.status for r in reports} == {MemberReportStatus.REPORTED}
    assert {r.community_id for r in reports} == {world.community.pk}
    by_phone = {r.member.person.phone: r for r in reports}
    assert by_phone["13900000001"].member.person.name == "王丽1"
    assert by_phone["13900000001"].member.person.gender == "female"
    assert by_phone["13900000001"].member.person.is_party_member
    assert by_phone["13900000001"].member.unit_name == "吉林市财政局"  # the organization's unit when left empty
    assert by_phone["13900000001"].member.skills == "法律咨询"
    assert by_phone["13900000001"].reported_on == datetime.date(2024, 3, 1)
    assert by_phone["13900000002"].reported_on == datetime.date(2024, 5, 6)
    assert by_phone["13900000004"].reported_on == datetime.date(2024, 7, 8)
    assert by_phone["13900000004"].member.person.gender == ""
    # The member who moved is found by phone and reports again; the old report stays in history.
    again = by_phone["13912340000"]
    assert again.member_id == moved.pk
    assert again.reported_on == timezone.localdate()
    assert again.member.unit_name == "市财政局国库科"
    assert again.member.area_code == world.community.code
    assert moved.reports.count() == 2


def test_english_headers_in_any_order_are_accepted(world):
    headers = ["Community", "Name", "Mobile phone", "party organization", "Reported on"]
    rows = [[world.community.code, "李强", "13900000011", world.organization.name, "2024-01-02"]]
    result = import_as(world.writer, workbook(rows, headers))
    assert result.ok, (result.error, result.row_errors)
    assert MemberReport.objects.get(member__person__phone="13900000011").reported_on == datetime.date(2024, 1, 2)


def test_bad_rows_are_each_reported_by_number_and_nothing_is_written(world):
    MemberReportFactory(community=world.other_community, member__person__phone="13900000009")  # open elsewhere
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    rows = [
        row(world, 1),  # good: row 2
        row(world, 2, 姓名="", 手机号="1390000"),  # row 3
        # (an empty row 4: Excel's numbers go on counting it)
        row(world, 3, 性别="未知", 报到日期="2024-02-30"),  # row 5
        row(world, 4, 报到日期=tomorrow.isoformat(), 所在党组织="不存在的党委"),  # row 6
        row(world, 5, 居住社区代码="22021100100"),  # row 7: 11 digits
        row(world, 6, 居住社区代码="220299999999"),  # row 8: no such community
        row(world, 7, 手机号="13900000007"),  # row 9, repeated in row 10
        row(world, 8, 手机号="13900000007"),  # row 10
        row(world, 9, 手机号="13900000009"),  # row 11: reported elsewhere (the service refuses)
        row(world, 10, 居住社区代码="没有这个社区"),  # row 12
        row(world, 11),  # good: row 13
    ]
    before = counts()
    result = import_as(world.writer, workbook(rows, blank_rows_at=(2,)))
    assert not result.ok and not result.error
    assert counts() == before
    assert result.reports == [] and result.rows == 11
    errors = {bad.row: " | ".join(bad.errors) for bad in result.row_errors}
    assert sorted(errors) == [3, 5, 6, 7, 8, 9, 10, 11, 12]
    assert "姓名 is required." in errors[3] and "手机号：" in errors[3]
    assert "性别 must be 男 or 女" in errors[5] and "报到日期 must be a date" in errors[5]
    assert "报到日期 cannot be in the future." in errors[6]
    assert "No party organization named “不存在的党委” within your reach." in errors[6]
    assert "a community code has 12 digits" in errors[7]
    assert "No community with the code 220299999999 in your area." in errors[8]
    assert "The same phone number is also in row 10." in errors[9]
    assert "The same phone number is also in row 9." in errors[10]
    assert "open report in another community" in errors[11] and world.other_community.name not in errors[11]
    assert "No community named “没有这个社区” in your area." in errors[12]


def test_a_refusal_found_only_by_the_service_undoes_the_rows_written_before_it(world):
    MemberReportFactory(community=world.other_community, member__person__phone="13900000009")
    rows = [row(world, n) for n in range(1, 6)] + [row(world, 9)]
    before = counts()
    result = import_as(world.writer, workbook(rows))
    assert [bad.row for bad in result.row_errors] == [7]
    assert counts() == before
    assert not Person.objects.filter(phone__in=[f"139{n:08d}" for n in range(1, 6)]).exists()


def test_a_community_outside_the_importers_area_or_only_readable_is_refused(world):
    reader_there = UserFactory()  # writes in one community, only reads another
    AreaGrantFactory(user=reader_there, area_code=world.community.code, role=Role.COMMUNITY_STAFF)
    AreaGrantFactory(user=reader_there, area_code=world.other_community.code, role=Role.API_READER)
    far = CommunityFactory()
    rows = [
        row(world, 1, 居住社区代码=far.code),
        row(world, 2, 居住社区代码=far.name),
        row(world, 3, 居住社区代码=world.other_community.code),
        row(world, 4),
    ]
    result = import_as(reader_there, workbook(rows))
    errors = {bad.row: " ".join(bad.errors) for bad in result.row_errors}
    assert errors[2] == f"No community with the code {far.code} in your area."
    assert errors[3] == f"No community named “{far.name}” in your area."
    assert errors[4].startswith(f"Your role may only read records in {world.other_community.name}")
    assert 5 not in errors
    assert not MemberReport.objects.filter(community__in=[far, world.other_community]).exists()
    assert not MemberReport.objects.filter(member__person__phone="13900000004").exists()


def test_organizations_are_found_within_reach_by_name_or_unit(world):
    # An organization of another district is out of reach; one of the community's own street is within.
    elsewhere = PartyOrganizationFactory(area_code=CommunityFactory().code, name="中共外区某局机关支部")
    street_unit = PartyOrganizationFactory(
        area_code=world.community.street.code, name="中共某街道卫生院支部", host_unit_kind="institution",
        host_unit_name="某街道卫生院",
    )  # fmt: skip
    retired = UnitOrganizationFactory(name="中共已撤销局机关支部", is_active=False)
    rows = [
        row(world, 1, 所在党组织=elsewhere.name),
        row(world, 2, 所在党组织="某街道卫生院"),  # by the unit's name
        row(world, 3, 所在党组织=retired.name),
    ]
    result = import_as(world.writer, workbook(rows))
    errors = {bad.row: " ".join(bad.errors) for bad in result.row_errors}
    assert sorted(errors) == [2, 4]
    assert "within your reach" in errors[2]
    assert "is retired" in errors[4]
    rows = [row(world, 2, 所在党组织="某街道卫生院")]
    assert import_as(world.writer, workbook(rows)).ok
    assert InServiceMember.objects.get(person__phone="13900000002").organization == street_unit


def test_the_same_community_name_twice_in_the_area_asks_for_the_code(world):
    twin = CommunityFactory(street=world.community.street, name=world.community.name + "X")
    CommunityFactory(street=world.community.street, name=twin.name)
    street_staff = user_with_grant(world.community.street.code, Role.STREET_STAFF)
    result = import_as(street_staff, workbook([row(world, 1, 居住社区代码=twin.name)]))
    assert "give its 12-digit code" in result.row_errors[0].errors[0]


def test_duplicate_phones_within_the_sheet_are_flagged_on_every_row(world):
    rows = [row(world, 1), row(world, 2, 手机号="139 0000 0001"), row(world, 3), row(world, 4, 手机号=13900000001)]
    result = import_as(world.writer, workbook(rows))
    errors = {bad.row: bad.errors for bad in result.row_errors}
    assert errors == {
        2: ["The same phone number is also in row 3、5."],
        3: ["The same phone number is also in row 2、5."],
        5: ["The same phone number is also in row 2、3."],
    }
    assert not InServiceMember.objects.exists()


def test_wrong_columns_name_the_missing_and_the_unknown_and_nothing_is_read(world, monkeypatch):
    checked = []
    monkeypatch.setattr(imports, "_check_fields", lambda row: checked.append(row))
    headers = ["姓名", "电话号", "性别", "居住社区代码", "备注"]
    result = import_as(world.writer, workbook([["王丽", "13900000001", "女", world.community.code, ""]], headers))
    assert result.missing_columns == ["手机号", "所在党组织"]
    assert result.unknown_columns == ["电话号", "备注"]
    assert "Missing columns: 手机号、所在党组织." in result.error
    assert "Unknown columns: 电话号、备注." in result.error
    assert result.row_errors == [] and checked == []
    assert not InServiceMember.objects.exists()
    # A column given twice is refused too; an empty sheet and a sheet of headers only say so.
    twice = import_as(world.writer, workbook([row(world)], [*HEADERS, "姓名"]))
    assert "Columns given twice: 姓名." in twice.error
    assert "first row must hold the column headers" in import_as(world.writer, workbook([], [])).error
    assert "no member rows" in import_as(world.writer, workbook([])).error


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(world, monkeypatch, settings):
    settings.MEMBER_IMPORT_MAX_BYTES = 2000

    def never(file):
        raise AssertionError("opened")

    monkeypatch.setattr(imports, "_open_sheet", never)
    upload = workbook([row(world, n) for n in range(1, 60)])
    assert upload.size > 2000
    result = import_as(world.writer, upload)
    size = round(upload.size / 1024)
    assert result.error == f"The file is {size} KB; the largest workbook accepted is 2 KB. Split it into several files."
    assert not InServiceMember.objects.exists()


def test_the_size_limit_is_five_megabytes_by_default(world, settings):
    assert settings.MEMBER_IMPORT_MAX_BYTES == 5 * 1024 * 1024
    assert settings.MEMBER_IMPORT_MAX_ROWS == 2000
    big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024), content_type=XLSX)
    assert "the largest workbook accepted is 5.0 MB" in import_as(world.writer, big).error


def test_a_sheet_over_the_row_limit_is_refused_before_any_row_is_checked(world, monkeypatch, settings):
    settings.MEMBER_IMPORT_MAX_ROWS = 3
    monkeypatch.setattr(imports, "member_report_submit", lambda **kwargs: pytest.fail("a row was written"))
    checked = []
    monkeypatch.setattr(imports, "_check_fields", lambda row: checked.append(row))
    result = import_as(world.writer, workbook([row(world, n) for n in range(1, 5)]))
    assert result.error == "The sheet has more than 3 member rows; split it into files of at most 3 rows."
    assert checked == []
    # Empty rows do not count.
    monkeypatch.undo()
    assert import_as(world.writer, workbook([row(world, n) for n in range(1, 4)], blank_rows_at=(1, 2))).ok


def _bomb(upload: SimpleUploadedFile, unpacked_bytes: int) -> SimpleUploadedFile:
    """The workbook with its sheet replaced by ``unpacked_bytes`` of empty rows, packed small."""
    source = zipfile.ZipFile(io.BytesIO(upload.read()))
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for entry in source.infolist():
            if entry.filename == "xl/worksheets/sheet1.xml":
                row = b"<row><c t='inlineStr'><is><t> </t></is></c></row>"
                head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                body = row * (unpacked_bytes // len(row))
                archive.writestr(entry.filename, head + body + b"</sheetData></worksheet>")
            else:
                archive.writestr(entry, source.read(entry))
    return SimpleUploadedFile("members.xlsx", packed.getvalue(), content_type=XLSX)


def test_a_zip_bomb_is_refused_at_once_from_the_archive_directory(world, monkeypatch):
    import time

    bomb = _bomb(workbook([row(world)]), 60 * 1024 * 1024)  # 60 MB of sheet in a small file
    assert bomb.size < 1024 * 1024
    monkeypatch.setattr(imports, "_open_sheet", lambda file: pytest.fail("the bomb was opened"))
    started = time.monotonic()
    result = import_as(world.writer, bomb)
    assert time.monotonic() - started < 1
    assert result.error.startswith("The workbook would unpack to 60.")
    assert "the most accepted is 20.0 MB" in result.error
    assert not InServiceMember.objects.exists()


def test_rows_read_are_bounded_blank_or_not(world, settings):
    settings.MEMBER_IMPORT_MAX_SHEET_ROWS = 50
    blank_sheet = _bomb(workbook([row(world)]), 100 * 60)  # about 100 blank rows: small, under every size limit
    result = import_as(world.writer, blank_sheet)
    assert result.error == (
        "The sheet has more than 50 rows, blank ones included; delete the empty rows below the members, "
        "or split it into several files."
    )
    settings.MEMBER_IMPORT_MAX_SHEET_ROWS = 500
    assert import_as(world.writer, workbook([row(world)], blank_rows_at=())).ok


def test_a_file_that_is_not_an_xlsx_workbook_is_refused(world):
    text = SimpleUploadedFile("members.xlsx", "姓名,手机号\n王丽,13900000001\n".encode(), content_type="text/csv")
    assert import_as(world.writer, text).error.startswith("The file is not an Excel workbook (.xlsx)")
    old = SimpleUploadedFile("members.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert "old Excel 97-2003 workbook (.xls)" in import_as(world.writer, old).error
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("hello.txt", "not a workbook")
    fake = SimpleUploadedFile("members.xlsx", archive.getvalue(), content_type=XLSX)
    assert import_as(world.writer, fake).error
    assert not InServiceMember.objects.exists()


def test_checking_the_rows_takes_the_same_queries_for_ten_and_a_hundred_rows(world):
    """Communities and organizations are looked up once for the whole sheet, not per row."""

    def queries(n: int) -> int:
        rows = [row(world, i, 所在党组织="没有的党委") for i in range(1, n + 1)]
        with CaptureQueriesContext(connection) as captured:
            result = import_as(world.writer, workbook(rows))
        assert len(result.row_errors) == n
        return len(captured)

    queries(10)  # the user's grants are read once and kept
    assert queries(10) == queries(100)


def test_the_template_has_the_header_row_and_an_example_that_imports(world):
    content = imports.import_template(world.writer)
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == [column.header for column in COLUMNS] == HEADERS
    assert len(values) == 2
    example = dict(zip(values[0], values[1], strict=True))
    assert example["居住社区代码"] == world.community.code
    assert example["所在党组织"] == world.organization.name
    assert len(book.worksheets) == 2  # how to fill it in
    upload = SimpleUploadedFile("template.xlsx", content, content_type=XLSX)
    assert import_as(world.writer, upload).ok


# The page -----------------------------------------------------------------------------------------


def test_the_page_imports_and_shows_how_many_were_reported(world, client):
    client.force_login(world.writer)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert b'data-testid="import-form"' in page.content and b'enctype="multipart/form-data"' in page.content
    template = client.get(PAGE, {"template": "xlsx"})
    assert template.status_code == 200 and template["Content-Type"] == XLSX
    assert "attachment" in template["Content-Disposition"]
    response = client.post(PAGE, {"file": workbook([row(world, 1), row(world, 2)])})
    assert response.status_code == 200
    assert response.context["result"].reported == 2
    content = response.content.decode()
    assert 'data-testid="import-done"' in content
    assert awaiting_reports_url() == f"{reverse('alliances:member_report_list')}?status=reported"
    assert f'href="{awaiting_reports_url()}"' in content
    assert "2 名在职党员已报到，等待社区确认。" in content
    assert MemberReport.objects.filter(status=MemberReportStatus.REPORTED, community=world.community).count() == 2


def test_the_page_lists_every_bad_row_and_writes_nothing(world, client):
    client.force_login(world.writer)
    rows = [row(world, 1), row(world, 2, 手机号="12"), row(world, 3, 性别="?")]
    response = client.post(PAGE, {"file": workbook(rows)})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="import-errors"' in content
    assert 'data-row="3"' in content and 'data-row="4"' in content and 'data-row="2"' not in content
    assert "没有导入任何数据：3 行中有 2 行需要更正。" in content
    assert not InServiceMember.objects.exists()
    refused = client.post(PAGE, {"file": SimpleUploadedFile("a.xlsx", b"not a workbook")})
    assert refused.status_code == 200
    assert refused.context["form"].errors["file"]
    assert client.post(PAGE, {}).context["form"].errors["file"]


def test_the_page_is_for_writers_only(world, client):
    assert client.get(PAGE).status_code == 302  # to the login page
    client.force_login(world.reader)
    assert client.get(PAGE).status_code == 403
    assert client.get(PAGE, {"template": "xlsx"}).status_code == 403
    assert client.post(PAGE, {"file": workbook([row(world, 1)])}).status_code == 403
    assert not InServiceMember.objects.exists()


# The API ------------------------------------------------------------------------------------------


def test_the_api_answers_201_with_the_counts(world):
    response = api_client(world.writer).post(API, {"file": workbook([row(world, 1), row(world, 2)])})
    assert response.status_code == 201, response.data
    assert response.json() == {"rows": 2, "reported": 2, "new_members": 2, "existing_members": 0, "communities": 1}
    assert MemberReport.objects.filter(status=MemberReportStatus.REPORTED).count() == 2


def test_the_api_answers_400_with_every_bad_row_or_the_columns(world):
    client = api_client(world.writer)
    response = client.post(API, {"file": workbook([row(world, 1), row(world, 2, 姓名=""), row(world, 3, 手机号="x")])})
    assert response.status_code == 400
    body = response.json()
    assert [item["row"] for item in body["rows"]] == [3, 4]
    assert all(item["errors"] for item in body["rows"])
    assert body["detail"]
    assert not InServiceMember.objects.exists()
    columns = client.post(API, {"file": workbook([["王丽"]], ["姓名", "电话号"])})
    assert columns.status_code == 400
    assert columns.json()["missing_columns"] == ["手机号", "所在党组织", "居住社区代码"]
    assert columns.json()["unknown_columns"] == ["电话号"]
    assert client.post(API, {}).status_code == 400
    not_xlsx = client.post(API, {"file": SimpleUploadedFile("a.xlsx", b"plain text")})
    assert not_xlsx.status_code == 400 and "rows" not in not_xlsx.json()


def test_the_api_refuses_read_only_roles_and_anonymous_callers(world):
    assert api_client(world.reader).post(API, {"file": workbook([row(world, 1)])}).status_code == 403
    assert api_client().post(API, {"file": workbook([row(world, 1)])}).status_code in (401, 403)
    assert not InServiceMember.objects.exists()


def test_the_api_documents_the_endpoint(world):
    schema = schema_response()
    assert schema.status_code == 200
    operation = yaml.safe_load(schema.content)["paths"]["/api/in-service-members/import/"]["post"]
    assert operation["operationId"] == "in_service_members_import"
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert {"201", "400", "403"} <= set(operation["responses"])


# The command --------------------------------------------------------------------------------------


def test_the_command_imports_as_a_user(world, tmp_path):
    path = tmp_path / "members.xlsx"
    path.write_bytes(workbook([row(world, 1), row(world, 2)]).read())
    out = StringIO()
    with translation.override("en"):
        call_command("import_members", str(path), "--user", world.writer.username, stdout=out)
    assert "2 members reported" in out.getvalue()
    assert MemberReport.objects.filter(community=world.community).count() == 2


def test_the_command_prints_every_bad_row_and_writes_nothing(world, tmp_path):
    path = tmp_path / "members.xlsx"
    path.write_bytes(workbook([row(world, 1), row(world, 2, 手机号="1"), row(world, 3, 姓名="")]).read())
    err = StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="2 of 3 rows need correcting"):
        call_command("import_members", str(path), "--user", world.writer.username, stderr=err)
    assert "Row 3:" in err.getvalue() and "Row 4:" in err.getvalue()
    assert not InServiceMember.objects.exists()
    with translation.override("en"), pytest.raises(CommandError, match="No active user"):
        call_command("import_members", str(path), "--user", "nobody")
    with translation.override("en"), pytest.raises(CommandError, match="No file"):
        call_command("import_members", str(tmp_path / "missing.xlsx"), "--user", world.writer.username)
    # A read-only user's import writes nothing either.
    with translation.override("en"), pytest.raises(CommandError):
        call_command("import_members", str(path), "--user", world.reader.username, stderr=StringIO())
