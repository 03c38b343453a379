"""In-service party members imported from an Excel workbook, the way departments hand them over.

``members_import(file=..., actor=user)`` reads the first sheet of an .xlsx file: a header row
(the Chinese headers departments write — 姓名, 手机号, 性别, 工作单位, 所在党组织, 居住社区代码,
特长, 服务时间, 报到日期 — or their English names), then one member per row. Every row is checked
(required fields, phone format, gender, date, the community inside the importer's area and
writable by them, the work unit's party organization within their reach, phone numbers repeated
in the sheet) and submitted through ``services.member_report_submit`` inside one transaction,
which also refuses a member who already has an open report elsewhere, or who belongs to another
community that has not let them go (the same message, naming no one, as on the pages and the API). When any row is bad,
the transaction is rolled back and the result lists every bad row by its row number in Excel
with its reasons: nothing is written unless every row is good. The reports written await the
community's confirmation.

A file larger than ``MEMBER_IMPORT_MAX_BYTES``, or whose parts would unpack to more than
``MEMBER_IMPORT_MAX_UNPACKED_BYTES`` (a "zip bomb": a small file of hundreds of megabytes of
sheet), is refused before it is opened, from the archive's directory alone; a sheet with more
than ``MEMBER_IMPORT_MAX_ROWS`` member rows, or more than ``MEMBER_IMPORT_MAX_SHEET_ROWS`` rows
read in all, blank or not, before any row is checked; and a sheet whose header row does not
match the template before any row is read.
"""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.choices import Gender
from communities.models import Community, PartyOrganization
from jilin_grid.exports import write_workbook
from jilin_grid.scope import get_scope
from jilin_grid.validators import phone_validator

from .models import InServiceMember, MemberReport
from .services import member_report_submit


@dataclass(frozen=True)
class ImportColumn:
    """A column of the import sheet: its key, the header departments write, and what it holds."""

    key: str
    header: str
    required: bool
    aliases: tuple[str, ...]
    help: Promise
    max_length: int | None = None


COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn(
        "name", "姓名", True, ("name", "full name", "member name"),
        gettext_lazy("The member's full name."), 50,
    ),
    ImportColumn(
        "phone", "手机号", True,
        ("手机", "手机号码", "联系电话", "电话", "phone", "mobile", "mobile phone"),
        gettext_lazy("11 digits starting with 1, or a landline such as 0432-62345678; it finds a member on record."),
        20,
    ),
    ImportColumn(
        "gender", "性别", False, ("gender", "sex"),
        gettext_lazy("男 or 女; may be left empty."),
    ),
    ImportColumn(
        "unit_name", "工作单位", False,
        ("单位", "unit", "work unit", "unit name", "employer"),
        gettext_lazy("Left empty, the unit of the party organization is taken."), 150,
    ),
    ImportColumn(
        "organization", "所在党组织", True,
        ("党组织", "所属党组织", "party organization", "organization"),
        gettext_lazy("The full name of the work unit's party organization, as the portal holds it."),
    ),
    ImportColumn(
        "community", "居住社区代码", True,
        ("居住社区", "社区代码", "报到社区", "社区", "community", "community code", "community of residence"),
        gettext_lazy("The 12-digit code of the community the member lives in (its name also works when no other "
                     "community of your area has it)."),
    ),
    ImportColumn(
        "skills", "特长", False, ("专长", "skills"),
        gettext_lazy("What the member can offer, such as legal advice or tutoring."), 200,
    ),
    ImportColumn(
        "availability", "服务时间", False, ("可服务时间", "availability", "service time"),
        gettext_lazy("When the member can serve, such as weekends."), 200,
    ),
    ImportColumn(
        "reported_on", "报到日期", False,
        ("报到时间", "reported on", "report date", "date reported"),
        gettext_lazy("A date such as 2024-03-01; left empty, today."),
    ),
)  # fmt: skip
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}

GENDERS = {
    "男": Gender.MALE,
    "男性": Gender.MALE,
    "m": Gender.MALE,
    "male": Gender.MALE,
    "女": Gender.FEMALE,
    "女性": Gender.FEMALE,
    "f": Gender.FEMALE,
    "female": Gender.FEMALE,
}
DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
COMMUNITY_CODE_LENGTH = 12
# The first bytes of an .xlsx file (a ZIP archive) and of an old .xls file (an OLE2 compound file).
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class RowError:
    """A bad row: its number as Excel shows it, and why."""

    row: int
    errors: list[str]


@dataclass
class ImportResult:
    """What an import did: the reports written, or why nothing was.

    ``error`` refuses the whole file (too large, not a workbook, too many rows, wrong columns —
    then ``missing_columns``/``unknown_columns`` say which); ``row_errors`` lists every bad row.
    Either way nothing was written. Otherwise ``reports`` holds the reports submitted.
    """

    rows: int = 0
    reports: list[MemberReport] = field(default_factory=list)
    new_members: int = 0
    row_errors: list[RowError] = field(default_factory=list)
    error: str = ""
    missing_columns: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error and not self.row_errors

    @property
    def reported(self) -> int:
        return len(self.reports)

    @property
    def communities(self) -> int:
        return len({report.community_id for report in self.reports})

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "reported": self.reported,
            "new_members": self.new_members,
            "existing_members": self.reported - self.new_members,
            "communities": self.communities,
        }


class _Refused(Exception):
    """The whole file is refused; the message says why."""


class _RollBack(Exception):
    """Some row is bad: undo every row written."""


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    community: Community | None = None
    organization: PartyOrganization | None = None
    reported_on: date | None = None
    gender: str = ""


# -- The file --------------------------------------------------------------------------------------------


def _size_text(size: int) -> str:
    """A file size for people: 5.0 MB, or 800 KB below a megabyte."""
    if size >= 1024 * 1024:
        return f"{number_format(size / (1024 * 1024), decimal_pos=1)} MB"
    return f"{number_format(max(1, round(size / 1024)), force_grouping=True)} KB"


def _file_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, 2)
        size = file.tell()
        file.seek(position)
    return size


def _check_file(file) -> None:
    """Refuse a file too large or not an .xlsx workbook, before it is opened."""
    limit = settings.MEMBER_IMPORT_MAX_BYTES
    size = _file_size(file)
    if size > limit:
        raise _Refused(
            _("The file is %(size)s; the largest workbook accepted is %(limit)s. Split it into several files.")
            % {"size": _size_text(size), "limit": _size_text(limit)}
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(OLE_MAGIC):
        raise _Refused(
            _("The file is an old Excel 97-2003 workbook (.xls); save it as an Excel workbook (.xlsx) and try again.")
        )
    if not head.startswith(ZIP_MAGIC):
        raise _Refused(_("The file is not an Excel workbook (.xlsx); save it as one and upload it again."))
    _check_unpacked_size(file)


def _check_unpacked_size(file) -> None:
    """Refuse an archive whose parts would unpack to more than the limit, reading only its directory.

    The sizes are those the archive declares; unpacking never yields more than declared (the
    zip reader stops there), so the sum bounds the work of opening the workbook."""
    limit = settings.MEMBER_IMPORT_MAX_UNPACKED_BYTES
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _Refused(_("The file is not an Excel workbook (.xlsx); save it as one and upload it again.")) from error
    finally:
        file.seek(0)
    if unpacked > limit:
        raise _Refused(
            _(
                "The workbook would unpack to %(size)s; the most accepted is %(limit)s. Save only the member "
                "sheet, without other sheets or pictures, or split it into several files."
            )
            % {"size": _size_text(unpacked), "limit": _size_text(limit)}
        )


def _open_sheet(file):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise _Refused(_("The file is not an Excel workbook (.xlsx); save it as one and upload it again.")) from error
    except Exception as error:  # openpyxl's InvalidFileException and damaged parts of an archive
        raise _Refused(_("The workbook cannot be read; save it again in Excel and upload it again.")) from error
    if not workbook.worksheets:
        workbook.close()
        raise _Refused(_("The workbook has no sheet."))
    return workbook, workbook.worksheets[0]


def _header_key(text: str) -> str:
    """A header as compared: no spaces, no required marks, case-folded."""
    text = re.sub(r"[\s*＊]|[(（]\s*(必填|选填|required|optional)\s*[)）]", "", str(text), flags=re.IGNORECASE)
    return text.casefold()


# Every header a column is known by (Chinese, its key, its English names), as compared.
HEADER_KEYS: dict[str, str] = {
    _header_key(name): column.key
    for column in COLUMNS
    for name in (column.header, column.key, column.key.replace("_", " "), *column.aliases)
}
# Cells of the header row read at most (a sheet may carry stray columns far to the right).
MAX_HEADER_CELLS = 60


def _read_header(cells: tuple) -> tuple[dict[int, str], ImportResult | None]:
    """The column position of each known header, or the columns error."""
    positions: dict[int, str] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    seen: set[str] = set()
    for position, cell in enumerate(cells):
        if cell is None or not str(cell).strip():
            continue
        text = str(cell).strip()
        key = HEADER_KEYS.get(_header_key(text))
        if key is None:
            unknown.append(text)
        elif key in seen:
            repeated.append(text)
        else:
            seen.add(key)
            positions[position] = key
    missing = [column.header for column in COLUMNS if column.required and column.key not in seen]
    if not (missing or unknown or repeated):
        return positions, None
    parts = [_("The header row does not match the template.")]
    if missing:
        parts.append(_("Missing columns: %(columns)s.") % {"columns": "、".join(missing)})
    if unknown:
        parts.append(_("Unknown columns: %(columns)s.") % {"columns": "、".join(unknown)})
    if repeated:
        parts.append(_("Columns given twice: %(columns)s.") % {"columns": "、".join(repeated)})
    parts.append(
        _("The columns are: %(columns)s.")
        % {
            "columns": "、".join(
                c.header if c.required else _("%(column)s (optional)") % {"column": c.header} for c in COLUMNS
            )
        }
    )
    return positions, ImportResult(error=" ".join(parts), missing_columns=missing, unknown_columns=unknown + repeated)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_rows(sheet) -> tuple[list[_Row], ImportResult | None]:
    """The member rows below the header, numbered as Excel numbers them; empty rows are skipped."""
    limit = settings.MEMBER_IMPORT_MAX_ROWS
    sheet_limit = settings.MEMBER_IMPORT_MAX_SHEET_ROWS
    rows: list[_Row] = []
    positions: dict[int, str] | None = None
    for number, cells in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_HEADER_CELLS), start=1):
        if number > sheet_limit:  # rows read, blank or not: a sheet of empty rows costs as much as a full one
            return [], ImportResult(
                error=_(
                    "The sheet has more than %(limit)s rows, blank ones included; delete the empty rows below "
                    "the members, or split it into several files."
                )
                % {"limit": number_format(sheet_limit, force_grouping=True)}
            )
        if all(_blank(cell) for cell in cells):
            continue
        if positions is None:
            positions, refused = _read_header(cells)
            if refused is not None:
                return [], refused
            continue
        if len(rows) >= limit:
            return [], ImportResult(
                error=_("The sheet has more than %(limit)s member rows; split it into files of at most %(limit)s rows.")
                % {"limit": number_format(limit, force_grouping=True)}
            )
        values = {key: cells[position] if position < len(cells) else None for position, key in positions.items()}
        if all(_blank(value) for value in values.values()):
            continue
        rows.append(_Row(number=number, values=values))
    if positions is None:
        return [], ImportResult(error=_("The sheet is empty: its first row must hold the column headers."))
    if not rows:
        return [], ImportResult(error=_("The sheet has no member rows below the header row."))
    return rows, None


# -- The rows --------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell as text: numbers Excel stored for codes and phones lose their ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = DATE_PATTERN.match(_text(value))
    if match is None:
        raise ValueError
    return date(*(int(part) for part in match.groups()))


def _check_fields(row: _Row) -> None:
    """What a row holds on its own: required fields, lengths, phone, gender and date."""
    values = row.values
    reported_on = values.get("reported_on")
    for column in COLUMNS:
        text = _text(values.get(column.key))
        if column.key == "phone":
            text = re.sub(r"\s", "", text)
        values[column.key] = text
        if column.required and not text:
            row.errors.append(_("%(column)s is required.") % {"column": column.header})
        elif column.max_length and len(text) > column.max_length:
            row.errors.append(
                _("%(column)s is too long (at most %(n)s characters).")
                % {"column": column.header, "n": column.max_length}
            )
    phone = values["phone"]
    if phone:
        try:
            phone_validator(phone)
        except ValidationError as error:
            row.errors.append(f"{COLUMNS_BY_KEY['phone'].header}：{' '.join(error.messages)}")
    gender = values["gender"]
    if gender:
        row.gender = GENDERS.get(gender.casefold())
        if row.gender is None:
            row.errors.append(
                _("%(column)s must be 男 or 女 (or left empty).") % {"column": COLUMNS_BY_KEY["gender"].header}
            )
    if not _blank(reported_on):
        try:
            row.reported_on = _parse_date(reported_on)
        except ValueError:
            row.errors.append(
                _("%(column)s must be a date such as 2024-03-01.") % {"column": COLUMNS_BY_KEY["reported_on"].header}
            )
        else:
            if row.reported_on > timezone.localdate():
                row.errors.append(
                    _("%(column)s cannot be in the future.") % {"column": COLUMNS_BY_KEY["reported_on"].header}
                )


def _check_duplicates(rows: list[_Row]) -> None:
    by_phone: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.values["phone"]:
            by_phone[row.values["phone"]].append(row.number)
    for row in rows:
        numbers = by_phone.get(row.values["phone"], [])
        if len(numbers) > 1:
            others = "、".join(str(n) for n in numbers if n != row.number)
            row.errors.append(_("The same phone number is also in row %(rows)s.") % {"rows": others})


def _find_communities(rows: list[_Row], actor, scope) -> None:
    """The community of each row, by code or by a name unique in the importer's area; writable there."""
    codes = {row.values["community"] for row in rows if row.values["community"].isdigit()}
    names = {
        row.values["community"] for row in rows if row.values["community"] and not row.values["community"].isdigit()
    }
    visible = Community.objects.visible_to(actor)
    by_code = {community.code: community for community in visible.filter(code__in=codes)}
    by_name: dict[str, list[Community]] = defaultdict(list)
    for community in visible.filter(name__in=names).order_by("code"):
        by_name[community.name].append(community)
    for row in rows:
        given = row.values["community"]
        if not given:
            continue
        if given.isdigit():
            if len(given) != COMMUNITY_CODE_LENGTH:
                row.errors.append(
                    _("%(column)s: a community code has 12 digits (%(code)s has %(n)s).")
                    % {"column": COLUMNS_BY_KEY["community"].header, "code": given, "n": len(given)}
                )
                continue
            community = by_code.get(given)
            if community is None:
                row.errors.append(_("No community with the code %(code)s in your area.") % {"code": given})
                continue
        else:
            found = by_name.get(given, [])
            if not found:
                row.errors.append(_("No community named “%(name)s” in your area.") % {"name": given})
                continue
            if len(found) > 1:
                row.errors.append(
                    _("%(n)s communities in your area are named “%(name)s”; give its 12-digit code (%(codes)s).")
                    % {"n": len(found), "name": given, "codes": "、".join(c.code for c in found)}
                )
                continue
            community = found[0]
        if not scope.can_write(community.code):
            row.errors.append(
                _("Your role may only read records in %(community)s; members cannot be reported there.")
                % {"community": community.name}
            )
            continue
        row.community = community


def _find_organizations(rows: list[_Row], scope) -> None:
    """The party organization of each row's work unit, by name, among those within the importer's reach."""
    names = {row.values["organization"] for row in rows if row.values["organization"]}
    in_reach = PartyOrganization.objects.filter(scope.reach_q("area_code")).filter(
        Q(name__in=names) | Q(host_unit_name__in=names)
    )
    by_name: dict[str, list[PartyOrganization]] = defaultdict(list)
    by_unit: dict[str, list[PartyOrganization]] = defaultdict(list)
    for organization in in_reach.order_by("area_code", "id"):
        by_name[organization.name].append(organization)
        if organization.host_unit_name:
            by_unit[organization.host_unit_name].append(organization)
    for row in rows:
        given = row.values["organization"]
        if not given:
            continue
        found = by_name.get(given) or by_unit.get(given, [])
        active = [organization for organization in found if organization.is_active]
        if not found:
            row.errors.append(_("No party organization named “%(name)s” within your reach.") % {"name": given})
        elif not active:
            row.errors.append(_("The party organization “%(name)s” is retired.") % {"name": given})
        elif len(active) > 1:
            row.errors.append(
                _("%(n)s party organizations are named “%(name)s”; write the organization's full name.")
                % {"n": len(active), "name": given}
            )
        else:
            row.organization = active[0]


def _service_messages(error: ValidationError) -> list[str]:
    """A service's refusal as the row's reasons, each about a field named by its column."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    messages = []
    for name, errors in error.message_dict.items():
        column = COLUMNS_BY_KEY.get(name)
        messages.extend(f"{column.header}：{message}" if column else message for message in errors)
    return messages


# -- The service -----------------------------------------------------------------------------------------


def members_import_read(file) -> tuple[list[_Row], ImportResult | None]:
    """The member rows of an .xlsx workbook, or why the whole file is refused (nothing checked yet).

    Bounded by the file's size, what it unpacks to and the rows read: cheap enough for a request."""
    try:
        _check_file(file)
        workbook, sheet = _open_sheet(file)
    except _Refused as refused:
        return [], ImportResult(error=str(refused))
    try:
        rows, refused = _read_rows(sheet)
    except Exception:  # a damaged sheet inside a well-formed archive
        return [], ImportResult(error=_("The workbook cannot be read; save it again in Excel and upload it again."))
    finally:
        workbook.close()
    return rows, refused


def members_import(*, file, actor) -> ImportResult:
    """Import in-service members from an .xlsx workbook: every row good, or nothing written.

    Each row reports its member to the community they live in (awaiting its confirmation);
    members already on record (by phone) report again. See the module's docstring.
    """
    rows, refused = members_import_read(file)
    if refused is not None:
        return refused
    return members_import_rows(rows=rows, actor=actor)


def members_import_rows(*, rows: list[_Row], actor, progress: Callable[[int], None] | None = None) -> ImportResult:
    """Check and write the rows read from a workbook (``members_import_read``), in one transaction:
    every row good, or nothing written. ``progress`` is told the number of rows done as they go."""
    scope = get_scope(actor)
    for row in rows:
        _check_fields(row)
    _check_duplicates(rows)
    _find_communities(rows, actor, scope)
    _find_organizations(rows, scope)

    result = ImportResult(rows=len(rows))
    phones = [row.values["phone"] for row in rows if row.values["phone"]]
    known = set(InServiceMember.objects.filter(person__phone__in=phones).values_list("person__phone", flat=True))
    try:
        with transaction.atomic():
            for done, row in enumerate(rows, start=1):
                if progress is not None:
                    progress(done)
                if row.errors or row.community is None or row.organization is None:
                    continue
                values = row.values
                try:
                    report = member_report_submit(
                        community=row.community,
                        organization=row.organization,
                        unit_name=values["unit_name"],
                        name=values["name"],
                        phone=values["phone"],
                        gender=row.gender,
                        skills=values["skills"],
                        availability=values["availability"],
                        reported_on=row.reported_on,
                        actor=actor,
                    )
                except ValidationError as error:
                    row.errors.extend(_service_messages(error))
                else:
                    result.reports.append(report)
                    result.new_members += values["phone"] not in known
            if any(row.errors for row in rows):
                raise _RollBack
    except _RollBack:
        result.reports = []
        result.new_members = 0
        result.row_errors = [RowError(row=row.number, errors=row.errors) for row in rows if row.errors]
    return result


def row_errors_workbook(row_errors: list[dict]) -> bytes:
    """The bad rows of an import, one reason a line, as an .xlsx workbook to correct the sheet by."""
    lines = [[item["row"], message] for item in row_errors for message in item["errors"]]
    return write_workbook([(_("Rows to correct"), [_("Row"), _("What is wrong")], lines)])


# -- The template ----------------------------------------------------------------------------------------


def import_template(actor) -> bytes:
    """A workbook with the header row and one example row (from the user's own area when it has one)."""
    scope = get_scope(actor)
    community = (
        Community.objects.visible_to(actor).filter(is_active=True).order_by("code").only("code", "name").first()
        if scope.can_write_anywhere()
        else None
    )
    organization = (
        PartyOrganization.objects.filter(scope.reach_q("area_code"), is_active=True)
        .exclude(host_unit_kind="area")
        .order_by("area_code", "id")
        .only("name", "host_unit_name")
        .first()
    )
    example = {
        "name": "王丽",
        "phone": "13912345678",
        "gender": "女",
        "unit_name": organization.host_unit_name if organization else "吉林市财政局",
        "organization": organization.name if organization else "中共吉林市财政局机关委员会",
        "community": community.code if community else "220211001001",
        "skills": "法律咨询",
        "availability": "周末",
        "reported_on": timezone.localdate().isoformat(),
    }
    instructions = [
        [column.header, column.key, _("required") if column.required else _("optional"), str(column.help)]
        for column in COLUMNS
    ]
    instructions.append(["", "", "", ""])
    instructions.append(
        [
            _("Fill in one member per row on the first sheet, replacing the example row; keep the header row."),
            "",
            "",
            "",
        ]
    )
    return write_workbook(
        [
            (_("In-service members"), [column.header for column in COLUMNS], [[example[c.key] for c in COLUMNS]]),
            (_("How to fill in"), [_("Column"), _("English name"), _("Required"), _("What it holds")], instructions),
        ]
    )
