"""Reads of residents' problems: the staff queues, overdue marks and the figures of any area.

The figures of an area are read from the kept counts (``grids/problems/counts.py``) for the whole
months of a period; the days around them, and the overdue problems, which change as time passes,
are rolled up from the rows by grouping on the prefix of the area code. A fixed number of queries
whatever the size of the city.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import BooleanField, Case, Count, Q, Sum, Value, When
from django.utils import timezone

from jilin_grid.aggregates import rollup
from jilin_grid.areas import area_statistics
from jilin_grid.counts.selectors import EARLIEST, LATEST, kept_figures, split_months
from jilin_grid.scope import get_scope

from .choices import OPEN_PROBLEM_STATUSES, SATISFIED_EVALUATIONS, HandlingLevel, ProblemStatus
from .counts import OPEN_DUE
from .models import ProblemCategory, ResidentProblem

# Residents' problems ------------------------------------------------------------------------------


def with_overdue(queryset, now=None):
    """Problems annotated ``is_overdue``: still open past their category's deadline."""
    now = now or timezone.now()
    return queryset.annotate(
        is_overdue=Case(
            When(status__in=OPEN_PROBLEM_STATUSES, due_at__lt=now, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


PROBLEM_QUEUES = ("area", "mine", "holding", "overdue", "escalated")


def problem_queue(user, queue: str = "area", now=None):
    """One of the staff queues, within the user's area, with the overdue flag.

    ``area``: every problem of the user's area; ``mine``: those the user recorded; ``holding``:
    those held at the user's own level (their grant's code), which they are to act on;
    ``overdue``: open problems past their deadline anywhere below the user; ``escalated``:
    problems escalated up to the user's level.
    """
    now = now or timezone.now()
    scope = get_scope(user)
    queryset = with_overdue(
        ResidentProblem.objects.visible_to(user).select_related("grid", "category", "recorded_by"), now
    )
    if queue == "mine":
        return queryset.filter(recorded_by=user)
    if queue == "overdue":
        return queryset.filter(status__in=OPEN_PROBLEM_STATUSES, due_at__lt=now)
    if queue in ("holding", "escalated"):
        queryset = queryset.filter(held_at_level_q(scope))
        if queue == "escalated":
            queryset = queryset.filter(escalations__gt=0)
        return queryset
    return queryset


def held_at_level_q(scope) -> Q:
    """Open problems held at one of the user's own levels (their grants' codes): theirs to act on."""
    condition = Q(status__in=OPEN_PROBLEM_STATUSES)
    return condition if scope.is_superuser else condition & Q(holder_code__in=scope.codes)


def problem_todo_counts(user, now=None) -> dict[str, int]:
    """The figures of a worker's home page, in one query: ``todo``, the open problems held at the
    user's own level (the "held at my level" queue); ``overdue``, those of them past their
    deadline; ``mine_open``, the open problems the user recorded."""
    now = now or timezone.now()
    in_holding = held_at_level_q(get_scope(user))
    mine_open = Q(recorded_by=user, status__in=OPEN_PROBLEM_STATUSES)
    counts = (
        ResidentProblem.objects.visible_to(user)
        .filter(in_holding | mine_open)
        .aggregate(
            todo=Count("id", filter=in_holding),
            overdue=Count("id", filter=in_holding & Q(due_at__lt=now)),
            mine_open=Count("id", filter=mine_open),
        )
    )
    return {key: value or 0 for key, value in counts.items()}


PROBLEM_FIGURE_KEYS = (
    "recorded",
    "resolved",
    "resolved_in_grid",
    "overdue",
    "evaluated",
    "satisfied",
    "minutes",
    "timed",
)


# Never escalated: handled at the grid where it was recorded.
IN_GRID = Q(escalations=0, level=HandlingLevel.GRID)


def problem_figures(*, prefix: str, length: int, start=None, end=None, now=None) -> dict:
    """Per code prefix of ``length`` and category: the problems recorded between ``start`` and ``end``.

    One query. Answers ``{prefix: {category_id: {recorded, resolved, resolved_in_grid, overdue, evaluated, satisfied,
    minutes (total minutes to resolve), timed (resolutions timed), escalated_<level>}}}``.
    """
    now = now or timezone.now()
    queryset = ResidentProblem.objects.all()
    if start:
        queryset = queryset.filter(recorded_at__gte=start)
    if end:
        queryset = queryset.filter(recorded_at__lt=end)
    escalated = {
        f"escalated_{level.value}": Count("id", filter=Q(escalations__gt=0, level=level))
        for level in HandlingLevel
        if level != HandlingLevel.GRID
    }
    counts = rollup(
        queryset,
        field="area_code",
        prefix=prefix,
        length=length,
        by=("category",),
        recorded=Count("id"),
        resolved=Count("id", filter=Q(status__in=(ProblemStatus.RESOLVED, ProblemStatus.CLOSED))),
        resolved_in_grid=Count("id", filter=IN_GRID & Q(status__in=(ProblemStatus.RESOLVED, ProblemStatus.CLOSED))),
        overdue=Count("id", filter=Q(status__in=OPEN_PROBLEM_STATUSES, due_at__lt=now)),
        evaluated=Count("id", filter=~Q(evaluation="")),
        satisfied=Count("id", filter=Q(evaluation__in=SATISFIED_EVALUATIONS)),
        minutes=Sum("minutes_to_resolve"),
        timed=Count("minutes_to_resolve"),
        **escalated,
    )
    result: dict[str, dict] = defaultdict(dict)
    for (key, category), figures in counts.items():
        result[key][category] = figures
    return result


# Statistics ---------------------------------------------------------------------------------------

ESCALATION_LEVELS = [level.value for level in HandlingLevel if level != HandlingLevel.GRID]


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _problem_stats_figures(groups: list[dict], categories: list[tuple[int, str]]) -> dict:
    """The figures of one area from its rows by category (``{category_id: {...}}`` dicts)."""
    keys = [*PROBLEM_FIGURE_KEYS, *(f"escalated_{level}" for level in ESCALATION_LEVELS)]
    total = dict.fromkeys(keys, 0)
    by_category: dict[int, dict] = {}
    for group in groups:
        for category_id, row in group.items():
            for key in keys:
                total[key] += row.get(key) or 0
            bucket = by_category.setdefault(category_id, {"recorded": 0, "resolved": 0, "overdue": 0})
            for key in bucket:
                bucket[key] += row.get(key) or 0
    return {
        "recorded": total["recorded"],
        "resolved": total["resolved"],
        "resolved_in_grid": total["resolved_in_grid"],
        "overdue": total["overdue"],
        "escalated": {level: total[f"escalated_{level}"] for level in ESCALATION_LEVELS},
        "escalated_total": sum(total[f"escalated_{level}"] for level in ESCALATION_LEVELS),
        "average_hours_to_resolve": round(total["minutes"] / total["timed"] / 60, 1) if total["timed"] else None,
        "satisfaction_rate": _rate(total["satisfied"], total["evaluated"]),
        "by_category": [
            {"category_id": category_id, "category": name, **by_category[category_id]}
            for category_id, name in categories
            if category_id in by_category
        ],
    }


def overdue_figures(*, prefix: str, length: int, start=None, end=None, due_from=None, now=None) -> dict[str, dict]:
    """Per code prefix of ``length`` and category: the open problems recorded between ``start``
    and ``end`` that are past their deadline ``now`` (``{prefix: {category_id: {"overdue": n}}}``),
    only those due from ``due_from`` when given. One query.
    """
    now = now or timezone.now()
    queryset = ResidentProblem.objects.filter(status__in=OPEN_PROBLEM_STATUSES, due_at__lt=now)
    if due_from:
        queryset = queryset.filter(due_at__gte=due_from)
    if start:
        queryset = queryset.filter(recorded_at__gte=start)
    if end:
        queryset = queryset.filter(recorded_at__lt=end)
    counts = rollup(queryset, field="area_code", prefix=prefix, length=length, by=("category",), overdue=Count("id"))
    result: dict[str, dict] = defaultdict(dict)
    for (key, category), figures in counts.items():
        result[key][category] = figures
    return result


def _kept_by_category(families: dict, due_before: str) -> dict[int, dict[str, int]]:
    """The kept ``problems`` figures of one area (``"<category>:<figure>"``) by category, the open
    problems due in the months before ``due_before`` ("YYYY-MM") added up as ``overdue``."""
    by_category: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for name, value in families.get("problems", {}).items():
        category, figure = name.split(":", 1)
        if figure.startswith(OPEN_DUE):
            if figure.removeprefix(OPEN_DUE) < due_before:
                by_category[int(category)]["overdue"] += value
        else:
            by_category[int(category)][figure] += value
    return by_category


def _month_start(month: str, zone) -> datetime:
    """The first moment of a month ("YYYY-MM"), local time."""
    return datetime(int(month[:4]), int(month[5:]), 1, tzinfo=zone)


def _month_after(month: str, zone) -> datetime:
    """The first moment of the month after ``month`` ("YYYY-MM"), local time."""
    return (_month_start(month, zone) + timedelta(days=32)).replace(day=1)


def problem_stats(area, start: date | None, end: date | None, now=None) -> dict:
    """The problem figures of an area for problems recorded from ``start`` to ``end`` (both days
    included, local time), and of each direct child: the children, the figures, the categories.

    The whole months of the period are read from the kept counts, overdue included up to the
    month of ``now``; the open problems due earlier in that month, and the days before the first
    and after the last whole month, are counted from the rows. Six queries at most.
    """
    now = now or timezone.now()
    zone = timezone.get_current_timezone()

    def moment(day: date | None):
        # The first days of year 1 have no moment in UTC: no problem was recorded before them anyway.
        return datetime.combine(day, time.min, tzinfo=zone) if day and day > date(1, 1, 2) else None

    def after(day: date | None):  # the first moment after ``day`` (None: no bound)
        return moment(day + timedelta(days=1)) if day and day < date.max else None

    length = area.child_code_length or len(area.code)
    months = split_months(start, end)
    this_month = f"{timezone.localtime(now):%Y-%m}"
    kept = kept_figures(("problems",), code=area.code, child_length=area.child_code_length, months=months)
    own_groups = [_kept_by_category(kept.get(area.code, {}), this_month)]
    child_groups: dict[str, list[dict]] = defaultdict(list)
    for code, families in kept.items():
        if code != area.code:
            child_groups[code].append(_kept_by_category(families, this_month))
    row_figures = [
        problem_figures(prefix=area.code, length=length, start=moment(first), end=after(last), now=now)
        for first, last in months.edges
    ]
    if months.first is not None:  # the kept months' problems due this month, already past their deadline
        row_figures.append(
            overdue_figures(
                prefix=area.code,
                length=length,
                start=None if months.first in (EARLIEST, "0001-01") else _month_start(months.first, zone),
                end=None if months.last in (LATEST, f"{date.max:%Y-%m}") else _month_after(months.last, zone),
                due_from=_month_start(this_month, zone),
                now=now,
            )
        )
    for figures in row_figures:
        for code, group in figures.items():
            own_groups.append(group)
            if code != area.code:
                child_groups[code].append(group)
    categories = list(ProblemCategory.objects.order_by("position", "name").values_list("id", "name"))
    return area_statistics(
        area,
        _problem_stats_figures(own_groups, categories),
        lambda code: _problem_stats_figures(child_groups.get(code, []), categories),
        **{"from": start, "to": end},
    )
