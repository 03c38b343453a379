"""Reads of the alliances: the six-step loop of an alliance and the figures of an area.

The loop's figures: ``found`` (problems collected), ``consulted`` (decided on at a meeting, or
further), ``solved`` (implemented or evaluated), ``evaluated`` (closed by the residents'
evaluation), and the satisfaction rate (satisfied or basically satisfied, over every evaluation
recorded, in percent; None without any).
"""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from grids.problems.choices import SATISFIED_EVALUATIONS
from jilin_grid.aggregates import per_row
from jilin_grid.areas import area_statistics
from jilin_grid.counts.selectors import kept_figures

from .choices import ProblemStep
from .models import Activity, Alliance, AllianceProblem, MemberUnit, Venue

CONSULTED_OR_FURTHER = (ProblemStep.CONSULTED, ProblemStep.IMPLEMENTED, ProblemStep.EVALUATED)
SOLVED = (ProblemStep.IMPLEMENTED, ProblemStep.EVALUATED)


def satisfaction_rate(satisfied: int, evaluated: int) -> float | None:
    return round(100 * satisfied / evaluated, 1) if evaluated else None


PROBLEM_AGGREGATES = {
    "found": Count("id"),
    "consulted": Count("id", filter=Q(step__in=CONSULTED_OR_FURTHER)),
    "solved": Count("id", filter=Q(step__in=SOLVED)),
    "evaluated": Count("id", filter=Q(step=ProblemStep.EVALUATED)),
    "evaluations": Count("id", filter=~Q(evaluation="")),
    "satisfied": Count("id", filter=Q(evaluation__in=SATISFIED_EVALUATIONS)),
}


def alliance_loop(alliance: Alliance) -> dict:
    """The loop's figures of one alliance, and its problems counted by step. One query."""
    row = AllianceProblem.objects.filter(alliance=alliance).aggregate(
        **PROBLEM_AGGREGATES, **{f"step_{step.value}": Count("id", filter=Q(step=step)) for step in ProblemStep}
    )
    return {
        "found": row["found"],
        "consulted": row["consulted"],
        "solved": row["solved"],
        "evaluated": row["evaluated"],
        "satisfaction_rate": satisfaction_rate(row["satisfied"], row["evaluations"]),
        "by_step": {step.value: row[f"step_{step.value}"] for step in ProblemStep},
    }


ALLIANCE_FAMILIES = (
    "alliances.alliances",
    "alliances.members",
    "alliances.venues",
    "alliances.activities",
    "alliances.problems",
)


def _kept_alliance_figures(kept: dict) -> dict:
    """One area's alliance figures from its kept counts (``{family: {figure: n}}``)."""
    problems = kept.get("alliances.problems", {})
    return {
        "alliances": kept.get("alliances.alliances", {}).get("n", 0),
        "member_units": kept.get("alliances.members", {}).get("n", 0),
        "open_venues": kept.get("alliances.venues", {}).get("n", 0),
        "activity_participants": kept.get("alliances.activities", {}).get("participants", 0),
        "problems": {step.value: problems.get(f"step:{step.value}", 0) for step in ProblemStep},
        "evaluations": problems.get("evaluations", 0),
        "satisfied": problems.get("satisfied", 0),
    }


def _per_alliance(queryset, value, field: str = "alliance"):
    """``value`` over ``queryset``'s rows of each alliance (0 without any)."""
    return per_row(queryset, value, field=field)


def with_figures(queryset):
    """Alliances annotated with their member units, open venues, activity person-times and the loop's
    figures (found, consulted, solved, evaluated, evaluations, satisfied): still one query."""
    problems = AllianceProblem.objects.all()
    return queryset.annotate(
        member_count=_per_alliance(MemberUnit.objects.filter(is_active=True), Count("id")),
        open_venue_count=_per_alliance(Venue.objects.filter(is_open=True), Count("id"), "member__alliance"),
        activity_participants=_per_alliance(Activity.objects.all(), Sum("participants")),
        **{f"loop_{name}": _per_alliance(problems, aggregate) for name, aggregate in PROBLEM_AGGREGATES.items()},
    )


# Statistics.


def _alliance_stats_figures(row: dict | None) -> dict:
    row = row or {}
    problems = row.get("problems") or {step.value: 0 for step in ProblemStep}
    return {
        "alliances": row.get("alliances", 0),
        "member_units": row.get("member_units", 0),
        "open_venues": row.get("open_venues", 0),
        "activity_participants": row.get("activity_participants", 0),
        "problems": dict(problems),
        "satisfaction_rate": satisfaction_rate(row.get("satisfied", 0), row.get("evaluations", 0)),
    }


def alliance_stats(area) -> dict:
    """The alliances' figures of an area and of each direct child (a community's are its grids),
    from the kept counts (``alliances/loop/counts.py``): one query and the children's names."""
    kept = kept_figures(ALLIANCE_FAMILIES, code=area.code, child_length=area.child_code_length)
    return area_statistics(
        area,
        _alliance_stats_figures(_kept_alliance_figures(kept.get(area.code, {}))),
        lambda code: _alliance_stats_figures(_kept_alliance_figures(kept.get(code, {}))),
    )
