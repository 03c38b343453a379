"""What alliances, their member units, venues, activities and the six-step loop's problems add to
the kept counts.

Alliances, member units and open venues are a state (all time); an activity counts, in the month
it was held, one activity and its participants (person-times); a problem of the loop, in the month
it was collected, one at its step, and its evaluation (evaluated, satisfied).
"""

from __future__ import annotations

from grids.problems.choices import SATISFIED_EVALUATIONS
from jilin_grid.counts.registry import register_counter


def _active(flag: str):
    def contribute(row: dict):
        return [(row["area_code"], None, "n", 1)] if row[flag] else []

    return contribute


def activity(row: dict):
    code, month = row["area_code"], row["held_on"]
    return [(code, month, "n", 1), (code, month, "participants", row["participants"] or 0)]


def problem(row: dict):
    code, month = row["area_code"], row["collected_on"]
    contributions = [(code, month, f"step:{row['step']}", 1)]
    if row["evaluation"]:
        contributions.append((code, month, "evaluations", 1))
    if row["evaluation"] in SATISFIED_EVALUATIONS:
        contributions.append((code, month, "satisfied", 1))
    return contributions


def register() -> None:
    from .models import Activity, Alliance, AllianceProblem, MemberUnit, Venue

    register_counter(
        family="alliances.alliances", model=Alliance, fields=("area_code", "is_active"), contribute=_active("is_active")
    )
    register_counter(
        family="alliances.members", model=MemberUnit, fields=("area_code", "is_active"), contribute=_active("is_active")
    )
    register_counter(
        family="alliances.venues", model=Venue, fields=("area_code", "is_open"), contribute=_active("is_open")
    )
    register_counter(
        family="alliances.activities",
        model=Activity,
        fields=("area_code", "held_on", "participants"),
        contribute=activity,
    )
    register_counter(
        family="alliances.problems",
        model=AllianceProblem,
        fields=("area_code", "collected_on", "step", "evaluation"),
        contribute=problem,
    )
