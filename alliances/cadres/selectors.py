"""Reads of the sunk cadres: the assignments in force in a period and the sinking figures of an area."""

from __future__ import annotations

import datetime
from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Count
from django.db.models.functions import Substr
from django.utils import timezone

from jilin_grid.counts.selectors import kept_parts
from jilin_grid.scope import prefix_q

from .counts import FAMILIES
from .models import CadreAssignment, DutyShift


def assignments_in_force(start: date | None = None, end: date | None = None):
    assignments = CadreAssignment.objects.all()
    if end:
        assignments = assignments.filter(start_on__lte=end)
    if start:
        assignments = assignments.exclude(end_on__lt=start)
    return assignments


def cadres_figures(
    *, prefix: str, length: int | None = None, start: date | None = None, end: date | None = None
) -> dict[str, dict]:
    """Cadres sunk to the area (机关党员干部下沉), in force during the period: the departments that
    sent them, the cadres, the communities and the checkpoints they serve, each counted once.
    Keyed by code prefix of ``length`` (the whole area under ``prefix`` without one). One query:
    of the kept counts for all time (``alliances/cadres/counts.py``), of the assignments for a
    period."""
    if start is None and end is None:
        kept = _kept_cadres_figures(prefix=prefix, length=length)
        if kept is not None:
            return kept
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


def _kept_cadres_figures(*, prefix: str, length: int | None) -> dict[str, dict] | None:
    parts = kept_parts(FAMILIES.values(), prefix=prefix, length=length or len(prefix))
    if parts is None:
        return None
    answer = {
        code: {figure: families.get(family, {}).get("n", 0) for figure, family in FAMILIES.items()}
        for code, families in parts.items()
    }
    if length is None:
        return {prefix: answer.get(prefix) or empty_cadres_figures()}
    return answer


def empty_cadres_figures() -> dict:
    return {"departments": 0, "cadres": 0, "communities": 0, "checkpoints": 0}


def clipped_hours(intervals: list[tuple[datetime.datetime, datetime.datetime]], start, end) -> float:
    """Hours of [start, end) covered by the union of ``intervals``."""
    pieces = sorted((max(a, start), min(b, end)) for a, b in intervals if a < end and b > start)
    covered = datetime.timedelta()
    current_start = current_end = None
    for a, b in pieces:
        if current_end is None or a > current_end:
            if current_end is not None:
                covered += current_end - current_start
            current_start, current_end = a, b
        else:
            current_end = max(current_end, b)
    if current_end is not None:
        covered += current_end - current_start
    return round(covered.total_seconds() / 3600, 1)


def duty_roster(*, community, checkpoint, week: datetime.date, checkpoints: list) -> dict:
    """The week at a glance of a community (or one checkpoint): for each place (a checkpoint, or the
    community itself), each cadre on the roster and their shifts by day, and the hours of each day
    covered by someone. Two queries: the assignments in force that week, and the week's shifts."""
    days = [week + datetime.timedelta(days=i) for i in range(7)]
    week_begins = timezone.make_aware(datetime.datetime.combine(week, datetime.time.min))
    day_bounds = [
        (week_begins + datetime.timedelta(days=i), week_begins + datetime.timedelta(days=i + 1)) for i in range(7)
    ]
    week_ends = day_bounds[-1][1]

    assignments = (
        assignments_in_force(days[0], days[-1])
        .filter(community=community)
        .select_related("cadre", "department")
        .order_by("cadre__name", "id")
    )
    shifts = (
        DutyShift.objects.filter(assignment__community=community, starts_at__lt=week_ends, ends_at__gt=week_begins)
        .select_related("assignment__cadre", "assignment__department")
        .order_by("starts_at", "id")
    )
    if checkpoint is not None:
        assignments = assignments.filter(checkpoint=checkpoint)
        shifts = shifts.filter(assignment__checkpoint=checkpoint)
    by_assignment: dict[int, Any] = {a.pk: a for a in assignments}
    shifts = list(shifts)
    for shift in shifts:
        # A shift reaching into the week from an assignment that ended just before it.
        by_assignment.setdefault(shift.assignment_id, shift.assignment)

    cells: dict[int, list[list[dict]]] = {pk: [[] for _ in days] for pk in by_assignment}
    place_intervals: dict[int | None, list] = defaultdict(list)
    hours_on_duty = 0.0
    for shift in shifts:
        start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
        index = max((start.date() - week).days, 0)
        continued = start < week_begins
        # A shift to midnight ends at 24:00 of its day rather than at 00:00 of the next.
        midnight = end.time() == datetime.time.min and end.date() == start.date() + datetime.timedelta(days=1)
        cells[shift.assignment_id][index].append(
            {
                "start": start.strftime("%H:%M"),
                "end": "24:00" if midnight else end.strftime("%H:%M"),
                "next_day": end.date() > start.date() and not midnight,
                "continued": continued,
            }
        )
        place_intervals[by_assignment[shift.assignment_id].checkpoint_id].append((shift.starts_at, shift.ends_at))
        hours_on_duty += (min(shift.ends_at, week_ends) - max(shift.starts_at, week_begins)).total_seconds() / 3600

    checkpoint_names = {c.pk: c.name for c in checkpoints}
    place_ids: list[int | None] = (
        [checkpoint.pk]
        if checkpoint is not None
        else [c.pk for c in checkpoints if c.is_active or any(a.checkpoint_id == c.pk for a in by_assignment.values())]
    )
    if checkpoint is None and any(a.checkpoint_id is None for a in by_assignment.values()):
        place_ids.append(None)
    places = []
    for place_id in place_ids:
        rows = [
            {
                "assignment": a,
                "cells": [
                    {"day": day, "shifts": shifts_of_day} for day, shifts_of_day in zip(days, cells[a.pk], strict=True)
                ],
            }
            for a in sorted(by_assignment.values(), key=lambda a: (a.cadre.name, a.pk))
            if a.checkpoint_id == place_id
        ]
        coverage = [clipped_hours(place_intervals[place_id], start, end) for start, end in day_bounds]
        places.append(
            {
                "id": place_id,
                "name": checkpoint_names.get(place_id, "") if place_id is not None else None,
                "rows": rows,
                "coverage": [{"hours": hours, "full": hours >= 24} for hours in coverage],
            }
        )
    return {
        "days": days,
        "places": places,
        "cadres": len({a.cadre_id for a in by_assignment.values()}),
        "shift_count": len(shifts),
        "hours_on_duty": round(hours_on_duty, 1),
    }
