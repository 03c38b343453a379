"""Reads of the sunk cadres: the assignments in force in a period and the sinking figures of an area."""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.db.models.functions import Substr

from jilin_grid.scope import prefix_q

from .models import CadreAssignment


def assignments_in_force(start: date | None = None, end: date | None = None):
    assignments = CadreAssignment.objects.all()
    if end:
        assignments = assignments.filter(start_on__lte=end)
    if start:
        assignments = assignments.exclude(end_on__lt=start)
    return assignments


def sinking_figures(
    *, prefix: str, length: int | None = None, start: date | None = None, end: date | None = None
) -> dict[str, dict]:
    """Cadres sunk to the area (机关党员干部下沉), in force during the period: the departments that
    sent them, the cadres, the communities and the checkpoints they serve, each counted once.
    Keyed by code prefix of ``length`` (the whole area under ``prefix`` without one). One query."""
    assignments = assignments_in_force(start, end).filter(prefix_q("area_code", prefix)).order_by()
    aggregates = {
        "departments": Count("department_id", distinct=True),
        "cadres": Count("cadre_id", distinct=True),
        "communities": Count("community_id", distinct=True),
        "checkpoints": Count("checkpoint_id", distinct=True),
    }
    if length is None:
        return {prefix: assignments.aggregate(**aggregates)}
    rows = assignments.annotate(key=Substr("area_code", 1, length)).values("key").annotate(**aggregates)
    return {row.pop("key"): row for row in rows}


def empty_sinking_figures() -> dict:
    return {"departments": 0, "cadres": 0, "communities": 0, "checkpoints": 0}
