"""What residents' problems add to the kept counts: per category and month recorded (local time).

Kept: recorded, resolved, resolved inside the grid (never escalated), evaluated, satisfied, the
minutes to resolve and how many resolutions were timed (the average is their quotient), escalated
by level, and the open problems by the month they are due (``open_due_YYYY-MM``). Overdue depends
on the moment asked: the open problems due in the months before it are read from the last, and
those due earlier in its own month are counted from the rows (``grids/problems/selectors.py``).
"""

from __future__ import annotations

from django.utils import timezone

from jilin_grid.counts.registry import register_counter

from .choices import OPEN_PROBLEM_STATUSES, SATISFIED_EVALUATIONS, HandlingLevel, ProblemStatus

RESOLVED = (ProblemStatus.RESOLVED, ProblemStatus.CLOSED)
FIELDS = (
    "area_code",
    "recorded_at",
    "category_id",
    "status",
    "evaluation",
    "minutes_to_resolve",
    "escalations",
    "level",
    "due_at",
)

OPEN_DUE = "open_due_"


def problem(row: dict):
    code, category = row["area_code"], row["category_id"]
    month = timezone.localtime(row["recorded_at"]).date()
    figures = {
        "recorded": 1,
        "resolved": row["status"] in RESOLVED,
        "resolved_in_grid": row["status"] in RESOLVED and not row["escalations"] and row["level"] == HandlingLevel.GRID,
        "evaluated": bool(row["evaluation"]),
        "satisfied": row["evaluation"] in SATISFIED_EVALUATIONS,
        "minutes": row["minutes_to_resolve"] or 0,
        "timed": row["minutes_to_resolve"] is not None,
    }
    if row["escalations"] and row["level"] != HandlingLevel.GRID:
        figures[f"escalated_{row['level']}"] = 1
    if row["status"] in OPEN_PROBLEM_STATUSES:
        figures[f"{OPEN_DUE}{timezone.localtime(row['due_at']):%Y-%m}"] = 1
    return [(code, month, f"{category}:{name}", int(value)) for name, value in figures.items() if value]


def register() -> None:
    from .models import ResidentProblem

    register_counter(family="problems", model=ResidentProblem, fields=FIELDS, contribute=problem)
