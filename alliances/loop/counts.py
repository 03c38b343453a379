"""What alliances, their member units, venues, activities and the six-step loop's problems add to
the kept counts."""

from __future__ import annotations

from grids.problems.choices import SATISFIED_EVALUATIONS
from jilin_grid.counts.registry import register_counter


def _active(flag: str):
    def contribute(row: dict):
        return [(row["area_code"], None, "n", 1)] if row[flag] else []

    return contribute


def activity(row: dict):
    return [(row["area_code"], None, "participants", row["participants"] or 0)]


def problem(row: dict):
    code = row["area_code"]
    contributions = [(code, None, f"step:{row['step']}", 1)]
    if row["evaluation"]:
        contributions.append((code, None, "evaluations", 1))
    if row["evaluation"] in SATISFIED_EVALUATIONS:
        contributions.append((code, None, "satisfied", 1))
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
        family="alliances.activities", model=Activity, fields=("area_code", "participants"), contribute=activity
    )
    register_counter(
        family="alliances.problems",
        model=AllianceProblem,
        fields=("area_code", "step", "evaluation"),
        contribute=problem,
    )
