"""What the No.1 projects add to the kept counts, per area and project year (kept in the month of
January of the project's year, period "YYYY-01").

Kept per year: ``claimed`` (every claim but the abandoned), ``approved``, ``completed``,
``abandoned``, ``showcased``; and for each approved project, for every month whose progress may
be due (0, nothing due yet, to 12), what its light would be with that month due
(``projects/projects/selectors.py``):

- ``dueMM:unfiled``: the month's progress was not filed (red);
- ``dueMM:shortN``: progress is N points below expected (0 when on track, or before the project's
  first month), so the light is read with ``PROJECT_SERIOUSLY_BEHIND_POINTS`` as it is set when
  read: red above it, yellow above 0, green at 0;

and ``filedMM``, the months whose progress was filed. A project's light depends on its progress
reports and milestones: a save or delete of one counts the change of its project.
"""

from __future__ import annotations

from datetime import date

from jilin_grid.counts.registry import register_counter

from .choices import ProjectStatus

FIELDS = ("area_code", "year", "status", "start_month", "showcased")
STATUS_FIGURES = {
    ProjectStatus.APPROVED: "approved",
    ProjectStatus.COMPLETED: "completed",
    ProjectStatus.ABANDONED: "abandoned",
}
DUE_MONTHS = range(13)


def due_figure(month: int) -> str:
    """The prefix of the figures of the light with ``month`` due ("due07:")."""
    return f"due{month:02d}:"


def filed_figure(month: int) -> str:
    return f"filed{month:02d}"


def expected_percent(*, milestones_due: int, milestones_total: int, month: int) -> int:
    """The percent a project should have reached by ``month``: the share of its milestones planned
    up to then, or of the year's months when it has none, rounded down. ``with_light`` computes
    the same in the database (integer division) for the due month."""
    if milestones_total:
        return milestones_due * 100 // milestones_total
    return month * 100 // 12


def shortfall(row: dict, month: int) -> int | None:
    """How many points the project's progress is below expected with ``month`` due: None when
    that month's progress was not filed, 0 when on track or before the project starts."""
    if month < row["start_month"]:
        return 0
    reports = row["reports"]
    if month not in reports:
        return None
    progress = max(percent for filed, percent in reports.items() if filed <= month)
    milestones = row["milestones"]
    due = sum(1 for planned in milestones if planned <= month)
    expected = expected_percent(milestones_due=due, milestones_total=len(milestones), month=month)
    return max(expected - progress, 0)


def project(row: dict):
    code, month = row["area_code"], date(row["year"], 1, 1)
    figures = []
    if row["status"] != ProjectStatus.ABANDONED:
        figures.append("claimed")
    if row["status"] in STATUS_FIGURES:
        figures.append(STATUS_FIGURES[row["status"]])
    if row["showcased"]:
        figures.append("showcased")
    if row["status"] == ProjectStatus.APPROVED:
        for due in DUE_MONTHS:
            short = shortfall(row, due)
            figures.append(f"{due_figure(due)}unfiled" if short is None else f"{due_figure(due)}short{short}")
        figures.extend(filed_figure(filed) for filed in sorted(row["reports"]))
    return [(code, month, figure, 1) for figure in figures]


def project_rows(queryset):
    """The projects of ``queryset`` with their progress (``{month: percent}``) and the months of
    their milestones: three queries for every 500 projects."""
    from .models import Milestone, ProgressReport

    projects = list(queryset.values("pk", *FIELDS))
    for start in range(0, len(projects), 500):
        batch = {row["pk"]: {**row, "reports": {}, "milestones": []} for row in projects[start : start + 500]}
        reports = ProgressReport._base_manager.db_manager(queryset.db).filter(project_id__in=list(batch))
        for project_id, month, percent in reports.values_list("project_id", "month", "percent_complete"):
            batch[project_id]["reports"][month] = percent
        milestones = Milestone._base_manager.db_manager(queryset.db).filter(project_id__in=list(batch))
        for project_id, month in milestones.values_list("project_id", "month"):
            batch[project_id]["milestones"].append(month)
        yield from batch.values()


def register() -> None:
    from .models import Milestone, ProgressReport, Project

    register_counter(
        family="projects",
        model=Project,
        fields=FIELDS,
        contribute=project,
        rows=project_rows,
        depends_on=((ProgressReport, "project_id"), (Milestone, "project_id")),
    )
