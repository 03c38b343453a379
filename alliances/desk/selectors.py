"""Reads of the one-stop desk: the figures of an area and of its children (``GET /api/stats/desk/``
and the figures page), by service mode and by social worker; the overdue rule; and a case's page.

Each figure set is one grouped query over the cases under the area (``jilin_grid.aggregates.rollup``),
so the number of queries does not depend on how many cases, workers or children there are."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import BooleanField, Count, F, Q, QuerySet, Sum, When
from django.db.models import Case as CaseWhen
from django.utils import timezone

from jilin_grid.aggregates import rollup
from jilin_grid.areas import Area, area_statistics

from .choices import CaseStatus, ServiceMode
from .models import Case

FIGURES = ("taken", "finished", "finished_in_time", "escalated", "in_hand", "overdue", "average_days")
MODE_FIGURES = ("taken", "finished", "finished_in_time")


def overdue_q(today: date) -> Q:
    """Cases still in hand after their due day."""
    return Q(status=CaseStatus.OPEN, due_on__lt=today)


def with_overdue(queryset: QuerySet, today: date | None = None) -> QuerySet:
    """``queryset`` with ``overdue`` annotated (in hand after the due day, or finished after it)."""
    today = today or timezone.localdate()
    return queryset.annotate(
        overdue=CaseWhen(
            When(overdue_q(today), then=True),
            When(status=CaseStatus.FINISHED, finished_on__gt=F("due_on"), then=True),
            default=False,
            output_field=BooleanField(),
        )
    )


def _aggregates(today: date) -> dict:
    return {
        "taken": Count("id"),
        "finished": Count("id", filter=Q(status=CaseStatus.FINISHED)),
        "finished_in_time": Count("id", filter=Q(status=CaseStatus.FINISHED, finished_on__lte=F("due_on"))),
        "escalated": Count("id", filter=Q(status=CaseStatus.ESCALATED)),
        "in_hand": Count("id", filter=Q(status=CaseStatus.OPEN)),
        "overdue": Count("id", filter=overdue_q(today)),
        "days": Sum("days_taken"),
    }


def _average(values: dict) -> float | None:
    return round(values["days"] / values["finished"], 1) if values["finished"] else None


def _shown(values: dict) -> dict:
    shown = {name: values[name] for name in FIGURES if name != "average_days"}
    shown["average_days"] = _average(values)
    return shown


def period_cases(start: date | None, end: date | None) -> QuerySet:
    """The cases accepted in the period (both days included; either may be open)."""
    queryset = Case.objects.all()
    if start:
        queryset = queryset.filter(accepted_on__gte=start)
    if end:
        queryset = queryset.filter(accepted_on__lte=end)
    return queryset


def desk_figures(area: Area, start: date | None = None, end: date | None = None, today: date | None = None) -> dict:
    """The desk's figures of an area for the cases accepted in the period: matters taken, finished,
    finished within their time limit, turned into problems, in hand, overdue (in hand after the due
    day) and the average days a finished case took; the same by service mode, by social worker, and
    for each direct child area. Three queries (and the children's names)."""
    today = today or timezone.localdate()
    code = area.code
    length = area.child_code_length or len(code)
    cases = period_cases(start, end)
    aggregates = _aggregates(today)
    names = list(aggregates)
    own = dict.fromkeys(names, 0)
    children: dict[str, dict] = defaultdict(lambda: dict.fromkeys(names, 0))
    for (prefix,), values in rollup(cases, field="area_code", prefix=code, length=length, **aggregates).items():
        for name, value in values.items():
            own[name] += value
            children[prefix][name] += value
    by_mode = {mode: dict.fromkeys(MODE_FIGURES, 0) for mode in ServiceMode.values}
    mode_rows = rollup(
        cases, field="area_code", prefix=code, length=len(code), by=("matter__mode",),
        **{name: aggregates[name] for name in MODE_FIGURES},
    )  # fmt: skip
    for (_prefix, mode), values in mode_rows.items():
        for name, value in values.items():
            by_mode[mode][name] += value
    workers: dict[int, dict] = {}
    worker_rows = rollup(
        cases, field="area_code", prefix=code, length=len(code),
        by=("worker_id", "worker__person__name", "worker__community__name"),
        **{name: aggregates[name] for name in ("taken", "finished", "finished_in_time", "days")},
    )  # fmt: skip
    for (_prefix, worker_id, name, community), values in worker_rows.items():
        row = workers.setdefault(
            worker_id,
            {"id": worker_id, "name": name, "community": community, "taken": 0, "finished": 0, "finished_in_time": 0,
             "days": 0},
        )  # fmt: skip
        for key, value in values.items():
            row[key] += value
    by_worker = []
    for row in sorted(workers.values(), key=lambda r: (-r["taken"], r["name"], r["id"])):
        row["average_days"] = _average(row)
        del row["days"]
        by_worker.append(row)
    labels = dict(ServiceMode.choices)
    return area_statistics(
        area,
        {
            **_shown(own),
            "by_mode": [{"mode": mode, "label": str(labels[mode]), **by_mode[mode]} for mode in ServiceMode.values],
            "by_worker": by_worker,
        },
        lambda child: _shown(children[child]) if child in children else _shown(dict.fromkeys(names, 0)),
    )


def case_page(queryset: QuerySet, pk: int) -> Case:
    """A case of ``queryset`` with its matter, worker, grid, problem, materials and steps: a fixed
    number of queries."""
    return (
        queryset.select_related("community", "grid", "matter", "worker__person", "problem")
        .prefetch_related("materials", "steps")
        .get(pk=pk)
    )
