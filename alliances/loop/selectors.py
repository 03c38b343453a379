"""Reads of the alliances: the six-step loop of an alliance and the figures of an area.

The loop's figures: ``found`` (problems collected), ``consulted`` (decided on at a meeting, or
further), ``solved`` (implemented or evaluated), ``evaluated`` (closed by the residents'
evaluation), and the satisfaction rate (satisfied or basically satisfied, over every evaluation
recorded, in percent; None without any).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q, Sum

from grids.problems.choices import SATISFIED_EVALUATIONS
from jilin_grid.aggregates import per_row, rollup
from jilin_grid.areas import area_statistics
from jilin_grid.counts.selectors import kept_figures, split_months

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


# A state (all time), and what happened in a period (kept by the month held or collected).
STATE_FAMILIES = ("alliances.alliances", "alliances.members", "alliances.venues")
PERIOD_FAMILIES = ("alliances.activities", "alliances.problems")
ALLIANCE_FAMILIES = (*STATE_FAMILIES, *PERIOD_FAMILIES)


def _kept_alliance_figures(kept: dict) -> dict:
    """One area's alliance figures from its kept counts (``{family: {figure: n}}``)."""
    problems = kept.get("alliances.problems", {})
    activities = kept.get("alliances.activities", {})
    return {
        "alliances": kept.get("alliances.alliances", {}).get("n", 0),
        "member_units": kept.get("alliances.members", {}).get("n", 0),
        "open_venues": kept.get("alliances.venues", {}).get("n", 0),
        "activities": activities.get("n", 0),
        "activity_participants": activities.get("participants", 0),
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


def reached(by_step: dict[str, int]) -> dict[str, int]:
    """The problems that reached each step of the loop (collected: all of them; consulted: those
    consulted or further; ...), from the problems by the step where they stand."""
    answer, running = {}, 0
    for step in reversed(ProblemStep.values):
        running += by_step.get(step, 0)
        answer[step] = running
    return {step: answer[step] for step in ProblemStep.values}


def _alliance_stats_figures(row: dict | None) -> dict:
    row = row or {}
    problems = row.get("problems") or {step.value: 0 for step in ProblemStep}
    return {
        "alliances": row.get("alliances", 0),
        "member_units": row.get("member_units", 0),
        "open_venues": row.get("open_venues", 0),
        "activities": row.get("activities", 0),
        "activity_participants": row.get("activity_participants", 0),
        "problems": dict(problems),
        "loop": reached(problems),
        "satisfaction_rate": satisfaction_rate(row.get("satisfied", 0), row.get("evaluations", 0)),
    }


def _edge_counts(prefix: str, length: int, edges) -> dict[str, dict[str, dict[str, int]]]:
    """The activities and problems of the days at a period's edges, counted from the rows as the
    kept counts hold them (``{code prefix of length: {family: {figure: n}}}``). Two queries an edge."""
    counts: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for first, last in edges:
        held = Activity.objects.filter(held_on__gte=first, held_on__lte=last)
        for (code,), row in rollup(
            held, field="area_code", prefix=prefix, length=length, n=Count("id"), participants=Sum("participants")
        ).items():
            for figure, value in row.items():
                counts[code]["alliances.activities"][figure] += value
        collected = AllianceProblem.objects.filter(collected_on__gte=first, collected_on__lte=last)
        for (code, step), row in rollup(
            collected,
            field="area_code",
            prefix=prefix,
            length=length,
            by=("step",),
            n=Count("id"),
            evaluations=PROBLEM_AGGREGATES["evaluations"],
            satisfied=PROBLEM_AGGREGATES["satisfied"],
        ).items():
            figures = counts[code]["alliances.problems"]
            figures[f"step:{step}"] += row["n"]
            figures["evaluations"] += row["evaluations"]
            figures["satisfied"] += row["satisfied"]
    return counts


def _add_kept(into: dict, kept: dict) -> None:
    for family, figures in kept.items():
        for figure, value in figures.items():
            into[family][figure] += value


def alliance_stats(area, start: date | None = None, end: date | None = None) -> dict:
    """The alliances' figures of an area and of each direct child (a community's are its grids),
    from the kept counts (``alliances/loop/counts.py``): active alliances, member units and open
    venues today; the activities held and their participants, and the loop's problems collected,
    from ``start`` to ``end`` (both included; all time when neither is given), by the step where
    they stand and with the satisfaction of their evaluations.

    One query for all time and the children's names; with a period, two, and two more for each
    edge of days outside its whole months (counted from the rows), whatever the size of the city.
    """
    child_length = area.child_code_length
    if start is None and end is None:
        kept = kept_figures(ALLIANCE_FAMILIES, code=area.code, child_length=child_length)
    else:
        months = split_months(start, end)
        kept = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        for code, families in kept_figures(STATE_FAMILIES, code=area.code, child_length=child_length).items():
            _add_kept(kept[code], families)
        for code, families in kept_figures(
            PERIOD_FAMILIES, code=area.code, child_length=child_length, months=months
        ).items():
            _add_kept(kept[code], families)
        length = child_length or len(area.code)
        for code, families in _edge_counts(area.code, length, months.edges).items():
            _add_kept(kept[area.code], families)
            if code != area.code:
                _add_kept(kept[code], families)
    return area_statistics(
        area,
        _alliance_stats_figures(_kept_alliance_figures(kept.get(area.code, {}))),
        lambda code: _alliance_stats_figures(_kept_alliance_figures(kept.get(code, {}))),
        **{"from": start, "to": end},
    )
