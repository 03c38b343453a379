"""Reads of the No.1 projects: the traffic light of each project and the figures of an area.

The light of an approved project on a day ``as_of`` (the rule, also in the README):

- the *due month* is the latest month whose progress is due: a month's progress is due by day
  ``PROJECT_PROGRESS_DEADLINE_DAY`` (default 5) of the next month; for a past year it is December;
- *progress* is the highest percent complete filed up to the due month;
- *expected* is the share of the project's milestones planned up to the due month (without
  milestones: the share of the year gone, due month / 12);
- **red**: the due month's progress was not filed, or progress is more than
  ``PROJECT_SERIOUSLY_BEHIND_POINTS`` (default 30) points below expected;
- **yellow**: progress is below expected;
- **green**: otherwise, and while nothing is due yet (the due month is before the project's first
  month of progress).

Projects that are not approved (awaiting review, returned, completed, abandoned) have no light.
Lists and reports compute it in the database (``with_light``), in a fixed number of queries
whatever the number of projects; an area's figures read it from the kept counts
(``projects/projects/counts.py`` computes the same rule in Python for every month that may be
due; a test holds the two to the same answer).
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from jilin_grid.aggregates import per_row
from jilin_grid.areas import area_statistics
from jilin_grid.counts.selectors import kept_figures, split_months
from projects.reports.periods import due_month, previous_month

from .choices import Light, ProjectEventKind, ProjectStatus
from .counts import due_figure, filed_figure
from .counts import expected_percent as expected_percent  # the light rule's plan, read here by pages
from .models import Milestone, ProgressReport, Project, ProjectEvent


def today() -> date:
    return timezone.localdate()


def _per_project(queryset: QuerySet, aggregate) -> Coalesce:
    """A per-project aggregate of a related table (0 when there is none)."""
    return per_row(queryset, aggregate, field="project")


# The status a project takes with each step of its history (ProjectEvent).
STATUS_AFTER_EVENT = {
    ProjectEventKind.CLAIMED: ProjectStatus.SUBMITTED,
    ProjectEventKind.REVISED: ProjectStatus.SUBMITTED,
    ProjectEventKind.APPROVED: ProjectStatus.APPROVED,
    ProjectEventKind.RETURNED: ProjectStatus.RETURNED,
    ProjectEventKind.COMPLETED: ProjectStatus.COMPLETED,
    ProjectEventKind.ABANDONED: ProjectStatus.ABANDONED,
}


def with_status_at(queryset: QuerySet, moment: datetime) -> QuerySet:
    """Projects annotated with ``status_then``, their status just before ``moment``, and
    ``showcased_then``, read from their history in the database (no query per project).

    The status is the one its last step before ``moment`` (claimed, revised, approved, returned,
    completed, abandoned) left it in; ``""`` when its history starts after ``moment`` (claimed
    since); a project with no recorded step keeps its present status. A project shown as a good
    practice counts as showcased from ``showcased_at`` on (always, when that is unknown).
    """
    changes = ProjectEvent.objects.filter(project=OuterRef("pk"), kind__in=list(STATUS_AFTER_EVENT))
    last = changes.filter(at__lt=moment).order_by("-at", "-id").values("kind")[:1]
    return queryset.annotate(status_event=Subquery(last), status_recorded=Exists(changes)).annotate(
        status_then=Case(
            *(When(status_event=kind.value, then=Value(status.value)) for kind, status in STATUS_AFTER_EVENT.items()),
            When(status_recorded=True, then=Value("")),
            default=F("status"),
        ),
        showcased_then=ExpressionWrapper(
            Q(showcased=True) & (Q(showcased_at__isnull=True) | Q(showcased_at__lt=moment)),
            output_field=BooleanField(),
        ),
    )


def with_light(queryset: QuerySet, as_of: date | None = None, *, status_field: str = "status") -> QuerySet:
    """Projects annotated with ``due_month``, ``progress``, ``expected``, ``reported_due`` and ``light``.

    ``status_field`` names the status the light reads: the project's present one, or one of the
    past (``status_then`` of ``with_status_at``), for a report of a month gone by."""
    as_of = as_of or today()
    due_year, due = due_month(as_of)
    behind = settings.PROJECT_SERIOUSLY_BEHIND_POINTS
    return (
        queryset.annotate(
            due_month=Case(
                When(year__lt=due_year, then=Value(12)),
                When(year=due_year, then=Value(due)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .annotate(
            progress=_per_project(
                ProgressReport.objects.filter(month__lte=OuterRef("due_month")), Max("percent_complete")
            ),
            reported_due=Exists(ProgressReport.objects.filter(project=OuterRef("pk"), month=OuterRef("due_month"))),
            milestones_total=_per_project(Milestone.objects.all(), Count("id")),
            milestones_due=_per_project(Milestone.objects.filter(month__lte=OuterRef("due_month")), Count("id")),
        )
        .annotate(
            expected=Case(
                When(milestones_total__gt=0, then=F("milestones_due") * 100 / F("milestones_total")),
                default=F("due_month") * 100 / 12,
                output_field=IntegerField(),
            )
        )
        .annotate(
            light=Case(
                When(~Q(**{status_field: ProjectStatus.APPROVED}), then=Value("")),
                When(due_month__lt=F("start_month"), then=Value(Light.GREEN.value)),
                When(reported_due=False, then=Value(Light.RED.value)),
                When(progress__lt=F("expected") - behind, then=Value(Light.RED.value)),
                When(progress__lt=F("expected"), then=Value(Light.YELLOW.value)),
                default=Value(Light.GREEN.value),
            )
        )
    )


def project_light(project: Project, as_of: date | None = None) -> str:
    """The light of one project ("" when it has none)."""
    return with_light(Project.objects.filter(pk=project.pk), as_of).values_list("light", flat=True).get()


def reported_in(queryset: QuerySet, year: int, month: int) -> QuerySet:
    """Annotate ``reported`` (bool): the project filed its progress of ``year``-``month``."""
    return queryset.annotate(
        reported=Exists(ProgressReport.objects.filter(project=OuterRef("pk"), project__year=year, month=month))
    )


FIGURE_KEYS = (
    "claimed",
    "approved",
    "completed",
    "abandoned",
    "green",
    "yellow",
    "red",
    "reported_last_month",
    "filed_due",
    "showcased",
)


def project_figures(
    *, code: str, child_length: int | None, year: int, as_of: date | None = None
) -> dict[str, dict[str, int]]:
    """The figures of the projects of ``year`` of the area ``code`` and of each direct child
    (codes of ``child_length``), by area code, read from the kept counts
    (``projects/projects/counts.py``): one query, whatever the number of projects.

    ``claimed`` counts every claim that holds its organization's place (all but abandoned),
    ``approved`` those approved and still running, the lights are those of ``as_of`` (today),
    ``reported_last_month`` counts the running projects that filed the progress of the month
    before ``as_of``, ``filed_due`` the approved projects not behind with their filing today: the
    progress of the month due filed, or the project not begun by then (the reporting rate's part).
    """
    as_of = as_of or today()
    due_year, due = due_month(as_of)
    due = 12 if year < due_year else due if year == due_year else 0
    last_year, last_month = previous_month(as_of)
    filed = filed_figure(last_month) if last_year == year else None
    kept = kept_figures(
        ("projects",),
        code=code,
        child_length=child_length,
        months=split_months(date(year, 1, 1), date(year, 1, 31)),
        figures=[*STATUS_KEYS, due_figure(due), *([filed] if filed else [])],
    )
    behind = settings.PROJECT_SERIOUSLY_BEHIND_POINTS
    result = {}
    for area_code, families in kept.items():
        figures = empty_figures()
        for figure, value in families.get("projects", {}).items():
            if figure in STATUS_KEYS:
                figures[figure] += value
            elif figure == filed:
                figures["reported_last_month"] += value
            elif figure.endswith("unfiled"):
                figures[Light.RED.value] += value
            else:
                figures["filed_due"] += value
                short = int(figure.removeprefix(due_figure(due)).removeprefix("short"))
                light = Light.RED if short > behind else Light.YELLOW if short > 0 else Light.GREEN
                figures[light.value] += value
        result[area_code] = figures
    return result


STATUS_KEYS = ("claimed", "approved", "completed", "abandoned", "showcased")


def empty_figures() -> dict[str, int]:
    return dict.fromkeys(FIGURE_KEYS, 0)


def reporting_rate(figures: dict[str, int]) -> float | None:
    """The share of the approved projects not behind with their filing, in percent (None without any)."""
    return round(100 * figures["filed_due"] / figures["approved"], 1) if figures["approved"] else None


def _stats_figures(figures: dict[str, int] | None) -> dict:
    figures = figures or empty_figures()
    return {**figures, "reporting_rate": reporting_rate(figures)}


def project_stats(area, year: int) -> dict:
    """The figures of an area's projects of ``year`` and of each direct child, with the reporting
    rate (``filed_due`` over ``approved``): one query."""
    figures = project_figures(code=area.code, child_length=area.child_code_length, year=year)
    return area_statistics(
        area, _stats_figures(figures.get(area.code)), lambda code: _stats_figures(figures.get(code)), year=year
    )
