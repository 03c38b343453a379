"""What the monthly dispatch report (月调度通报) and the quarterly circular (季度通报) of an area say,
and the order every output lists their projects in.

``monthly_contents`` and ``quarterly_contents`` compute what a report says, as plain dicts and
lists, in a fixed number of queries whatever the number of projects: one query of the projects
per month covered (lights and reporting computed in the database by ``projects.projects.selectors``),
the area and its children, and the names of the projects' areas. ``project_groups`` folds the
projects per area and orders them, for the page, the workbook and the PDF alike.

What the figures mean (the rule, as the report states it):

- every figure of a month is as it stood at the month's end: a project's status (and whether it
  was showcased) is read from its history (``with_status_at``), so a project completed in August
  is under way in June's report, one abandoned in August is still counted in June, and one
  claimed in August is not in June's;
- the report covers the projects of the period's year whose organization lies inside the area,
  except claims abandoned by then; ``claimed`` counts them;
- a project is *due* to report a month when it is running (approved) and the month is not before
  its first month of progress, or when it filed that month anyway (a project completed since);
  ``reported`` counts the due projects that filed the month's progress, ``not_reported`` the rest;
  the reporting rate is reported / due;
- lights (green, yellow, red; see ``projects.projects.selectors``) are evaluated as of the day after the
  month's deadline (day ``PROJECT_PROGRESS_DEADLINE_DAY + 1`` of the next month), or today when
  that day is still to come; the report gives the evaluation date;
- average progress is the mean percent complete, as of that date, of the projects under way
  (approved or completed);
- child areas are ranked by reporting rate, then average progress (areas with nothing due last).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from grids.network.models import Grid
from jilin_grid.areas import AreaLevel, area_children, area_get, area_names, level_of
from projects.projects.choices import Light, ProjectStatus
from projects.projects.models import Project
from projects.projects.selectors import reported_in, with_light, with_status_at

from ..choices import ReportKind
from ..periods import Period, parse_period, period_end

UNDER_WAY = (ProjectStatus.APPROVED, ProjectStatus.COMPLETED)


class ReportAreaNotFound(ValueError):
    """The report's area code names no area on record."""


def light_labels() -> dict[str, str]:
    return {Light.GREEN: _("Green"), Light.YELLOW: _("Yellow"), Light.RED: _("Red"), "": "—"}


def evaluation_date(year: int, month: int, today: date | None = None) -> date:
    """The day a month's lights are read: the day after its progress deadline, or today if sooner."""
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    day = date(next_year, next_month, settings.PROJECT_PROGRESS_DEADLINE_DAY + 1)
    today = today or timezone.localdate()
    return min(day, today)


@dataclass
class ProjectRow:
    """One project as a report shows it for one month."""

    id: int
    organization: str
    area_code: str
    area_name: str
    title: str
    status: str
    status_label: str
    start_month: int
    progress: int
    light: str
    light_label: str
    reported: bool
    due: bool
    showcased: bool
    showcase_writeup: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _area_names(codes: set[str]) -> dict[str, str]:
    """Names of the projects' areas: administrative ones and grids, in two queries."""
    names = area_names(sorted(code for code in codes if level_of(code) != AreaLevel.GRID))
    grid_codes = sorted(code for code in codes if level_of(code) == AreaLevel.GRID)
    names.update(Grid.objects.filter(code__in=grid_codes).values_list("code", "name"))
    return names


def _fetch(area_code: str, year: int, month: int, as_of: date) -> list[dict]:
    """The area's projects of ``year`` as they stood at the end of ``month`` (status and showcase
    from their history, lights as of ``as_of``), and whether they filed ``month``. One query."""
    month_end = period_end(ReportKind.MONTHLY, f"{year}-{month:02d}")
    queryset = with_status_at(Project.objects.in_area(area_code).filter(year=year), month_end)
    queryset = queryset.exclude(status_then__in=["", ProjectStatus.ABANDONED])
    queryset = reported_in(with_light(queryset, as_of, status_field="status_then"), year, month)
    return list(
        queryset.order_by("area_code", "organization__name", "id").values(
            "id",
            "organization__name",
            "area_code",
            "title",
            "start_month",
            "progress",
            "light",
            "reported",
            "showcase_writeup",
            "status_then",
            "showcased_then",
        )
    )


def _rows(raw: list[dict], month: int, names: dict[str, str]) -> list[ProjectRow]:
    lights = light_labels()
    statuses = dict(ProjectStatus.choices)
    rows = []
    for item in raw:
        status = item["status_then"]
        running = status == ProjectStatus.APPROVED and item["start_month"] <= month
        under_way = status in UNDER_WAY
        rows.append(
            ProjectRow(
                id=item["id"],
                organization=item["organization__name"],
                area_code=item["area_code"],
                area_name=names.get(item["area_code"], item["area_code"]),
                title=item["title"],
                status=status,
                status_label=str(statuses.get(status, status)),
                start_month=item["start_month"],
                progress=item["progress"] if under_way else 0,
                light=item["light"],
                light_label=lights.get(item["light"], item["light"]),
                reported=bool(item["reported"]),
                due=running or bool(item["reported"]),
                showcased=item["showcased_then"],
                showcase_writeup=item["showcase_writeup"],
            )
        )
    return rows


def _rate(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


def summarize(rows: list[ProjectRow]) -> dict:
    """The figures of a set of project rows for one month."""
    due = sum(1 for row in rows if row.due)
    reported = sum(1 for row in rows if row.due and row.reported)
    under_way = [row.progress for row in rows if row.status in UNDER_WAY]
    return {
        "claimed": len(rows),
        "due": due,
        "reported": reported,
        "not_reported": due - reported,
        "reporting_rate": _rate(reported, due),
        "green": sum(1 for row in rows if row.light == Light.GREEN),
        "yellow": sum(1 for row in rows if row.light == Light.YELLOW),
        "red": sum(1 for row in rows if row.light == Light.RED),
        "completed": sum(1 for row in rows if row.status == ProjectStatus.COMPLETED),
        "showcased": sum(1 for row in rows if row.showcased),
        "average_progress": round(sum(under_way) / len(under_way), 1) if under_way else None,
    }


def _rank(entries: list[dict]) -> list[dict]:
    """Sort by reporting rate, then average progress, best first; areas with nothing due last."""
    entries.sort(
        key=lambda entry: (
            entry["reporting_rate"] is None,
            -(entry["reporting_rate"] or 0),
            -(entry["average_progress"] or 0),
            entry["code"],
        )
    )
    for place, entry in enumerate(entries, start=1):
        entry["rank"] = place
    return entries


def _not_reported(rows: list[ProjectRow]) -> list[dict]:
    return [
        {"organization": row.organization, "area_name": row.area_name, "title": row.title}
        for row in rows
        if row.due and not row.reported
    ]


def _area(area_code: str):
    area = area_get(area_code)
    if area is None:
        raise ReportAreaNotFound(_("No area with code %(code)s.") % {"code": area_code})
    return area


def _header(kind: str, period: Period, area, evaluated_on: date) -> dict:
    if kind == ReportKind.MONTHLY:
        title = _("%(area)s No.1 projects: monthly dispatch report, %(year)s-%(month)02d") % {
            "area": area.name,
            "year": period.year,
            "month": period.months[0],
        }
    else:
        title = _("%(area)s No.1 projects: quarterly circular, %(year)s Q%(quarter)s") % {
            "area": area.name,
            "year": period.year,
            "quarter": (period.months[0] - 1) // 3 + 1,
        }
    return {
        "kind": kind,
        "kind_label": str(ReportKind(kind).label),
        "period": period.label,
        "year": period.year,
        "months": list(period.months),
        "area": {"code": area.code, "name": area.name, "level": area.level.value},
        "title": title,
        "evaluated_on": evaluated_on,
        "generated_at": timezone.localtime(),
        "deadline_day": settings.PROJECT_PROGRESS_DEADLINE_DAY,
    }


def monthly_contents(*, period: str, area_code: str, today: date | None = None) -> dict:
    """What the monthly dispatch report of ``period`` ("2020-06") for an area says."""
    parsed = parse_period(ReportKind.MONTHLY, period)
    area = _area(area_code)
    month = parsed.months[0]
    as_of = evaluation_date(parsed.year, month, today)
    raw = _fetch(area.code, parsed.year, month, as_of)
    names = _area_names({item["area_code"] for item in raw})
    rows = _rows(raw, month, names)
    ranking = []
    for code, name in area_children(area):
        ranking.append(
            {"code": code, "name": name, **summarize([row for row in rows if row.area_code.startswith(code)])}
        )
    return {
        **_header(ReportKind.MONTHLY, parsed, area, as_of),
        "summary": summarize(rows),
        "projects": [row.as_dict() for row in rows],
        "not_reported": _not_reported(rows),
        "ranking": _rank(ranking),
    }


def quarterly_contents(*, period: str, area_code: str, today: date | None = None) -> dict:
    """What the quarterly circular of ``period`` ("2020-Q2") for an area says."""
    parsed = parse_period(ReportKind.QUARTERLY, period)
    area = _area(area_code)
    months = parsed.months
    dates = {month: evaluation_date(parsed.year, month, today) for month in months}
    raws = {month: _fetch(area.code, parsed.year, month, dates[month]) for month in months}
    names = _area_names({item["area_code"] for raw in raws.values() for item in raw})
    by_month = {month: _rows(raws[month], month, names) for month in months}
    last = by_month[months[-1]]

    trend = [{"month": month, "evaluated_on": dates[month], **summarize(by_month[month])} for month in months]
    ranking = []
    for code, name in area_children(area):
        per_month = [summarize([row for row in by_month[m] if row.area_code.startswith(code)]) for m in months]
        due = sum(figures["due"] for figures in per_month)
        reported = sum(figures["reported"] for figures in per_month)
        end = per_month[-1]
        ranking.append(
            {
                "code": code,
                "name": name,
                "claimed": end["claimed"],
                "due": due,
                "reported": reported,
                "reporting_rate": _rate(reported, due),
                "average_progress": end["average_progress"],
                "green": end["green"],
                "yellow": end["yellow"],
                "red": end["red"],
                "completed": end["completed"],
            }
        )

    missed: dict[int, list[int]] = {}
    for month in months:
        for row in by_month[month]:
            if row.due and not row.reported:
                missed.setdefault(row.id, []).append(month)
    rows_by_id = {row.id: row for month in months for row in by_month[month]}
    repeated = [
        {
            "organization": rows_by_id[project_id].organization,
            "area_name": rows_by_id[project_id].area_name,
            "title": rows_by_id[project_id].title,
            "months": missed_months,
        }
        for project_id, missed_months in missed.items()
        if len(missed_months) >= 2
    ]
    repeated.sort(key=lambda item: (item["area_name"], item["organization"]))

    quarter_due = sum(item["due"] for item in trend)
    quarter_reported = sum(item["reported"] for item in trend)
    summary = {
        **summarize(last),
        "due": quarter_due,
        "reported": quarter_reported,
        "not_reported": quarter_due - quarter_reported,
        "reporting_rate": _rate(quarter_reported, quarter_due),
    }
    return {
        **_header(ReportKind.QUARTERLY, parsed, area, dates[months[-1]]),
        "summary": summary,
        "trend": trend,
        "projects": [row.as_dict() for row in last],
        "ranking": _rank(ranking),
        "showcased": [
            {
                "organization": row.organization,
                "area_name": row.area_name,
                "title": row.title,
                "writeup": row.showcase_writeup,
            }
            for row in last
            if row.showcased
        ],
        "red_projects": [
            {"organization": row.organization, "area_name": row.area_name, "title": row.title, "progress": row.progress}
            for row in last
            if row.light == Light.RED
        ],
        "repeated_non_reporting": repeated,
    }


def report_contents(*, kind: str, period: str, area_code: str, today: date | None = None) -> dict:
    if kind == ReportKind.MONTHLY:
        return monthly_contents(period=period, area_code=area_code, today=today)
    if kind == ReportKind.QUARTERLY:
        return quarterly_contents(period=period, area_code=area_code, today=today)
    raise ValueError(_("Unknown report kind."))


# ---------------------------------------------------------------------------------------------
# The order every output lists the projects in
# ---------------------------------------------------------------------------------------------

LIGHT_ORDER = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2}


def project_order(row: dict) -> tuple:
    """A project's place within its area: red first, then yellow and green (those with no light
    last), each the least advanced first."""
    return (LIGHT_ORDER.get(row["light"], len(LIGHT_ORDER)), row["progress"], row["id"])


def _group_figures(rows: list[dict]) -> dict:
    """The figures of a group of project rows of the report's (last) month."""
    due = sum(1 for row in rows if row["due"])
    reported = sum(1 for row in rows if row["due"] and row["reported"])
    under_way = [row["progress"] for row in rows if row["status"] in UNDER_WAY]
    return {
        "claimed": len(rows),
        "due": due,
        "reported": reported,
        "reporting_rate": _rate(reported, due),
        "average_progress": round(sum(under_way) / len(under_way), 1) if under_way else None,
        "green": sum(1 for row in rows if row["light"] == Light.GREEN),
        "yellow": sum(1 for row in rows if row["light"] == Light.YELLOW),
        "red": sum(1 for row in rows if row["light"] == Light.RED),
    }


def project_groups(contents: dict) -> list[dict]:
    """The report's projects folded per child area of its area, in the ranking's order, each with
    the area's figures (the ranking's) and its projects in ``project_order``; the projects lying
    in the area itself, under none of its children, come last under the area's own name.

    The page shows these groups, and the workbook and the PDF list the projects from them
    (``ordered_projects``), so no output can order them otherwise than the page."""
    groups, placed = [], set()
    for entry in contents["ranking"]:
        rows = [row for row in contents["projects"] if row["area_code"].startswith(entry["code"])]
        placed.update(row["id"] for row in rows)
        if rows:
            groups.append(
                {
                    "code": entry["code"],
                    "name": entry["name"],
                    "figures": entry,
                    "projects": sorted(rows, key=project_order),
                }
            )
    rest = [row for row in contents["projects"] if row["id"] not in placed]
    if rest:
        area = contents["area"]
        groups.append(
            {
                "code": area["code"],
                "name": area["name"],
                "figures": _group_figures(rest),
                "projects": sorted(rest, key=project_order),
            }
        )
    return groups


def ordered_projects(contents: dict) -> list[dict]:
    """The report's projects in the order of its page: area by area, each area's in ``project_order``."""
    return [row for group in project_groups(contents) for row in group["projects"]]
