"""Reads of the one-stop desk: the figures of an area and of its children (``GET /api/stats/desk/``
and the figures page), by service mode and by social worker; the overdue rule; and a case's page.

The figures are read from the kept counts (``alliances/desk/counts.py``), the days at the edges of a
period and the overdue cases of the current month from the rows (``jilin_grid.aggregates.rollup``),
so the number of queries does not depend on how many cases, workers or children there are."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import BooleanField, Count, F, Q, QuerySet, Sum, When
from django.db.models import Case as CaseWhen
from django.utils import timezone

from jilin_grid.aggregates import rollup
from jilin_grid.areas import Area, area_statistics
from jilin_grid.counts.selectors import EARLIEST, LATEST, kept_figures, split_months

from .choices import CaseStatus, ServiceMode
from .counts import MODE_FIGURES, OPEN_DUE, WORKER_FIGURES
from .models import Case, SocialWorker

FIGURES = ("taken", "finished", "finished_in_time", "escalated", "in_hand", "overdue", "average_days")


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


def _month_start(month: str) -> date:
    return date(int(month[:4]), int(month[5:]), 1)


def _month_after(month: str) -> date:
    return (_month_start(month) + timedelta(days=32)).replace(day=1)


def _add(bucket: dict, values: dict) -> None:
    for name, value in values.items():
        bucket[name] = bucket.get(name, 0) + (value or 0)


def _kept_case_figures(families: dict, this_month: str) -> tuple[dict, dict]:
    """The kept ``desk.cases`` figures of one area: the figures (the cases in hand due before
    ``this_month`` added up as ``overdue``) and the figures by mode."""
    own = dict.fromkeys(COUNTED, 0)
    by_mode: dict[str, dict] = defaultdict(lambda: dict.fromkeys(MODE_FIGURES, 0))
    for figure, value in families.get("desk.cases", {}).items():
        if figure.startswith(OPEN_DUE):
            if figure.removeprefix(OPEN_DUE) < this_month:
                own["overdue"] += value
        elif figure.startswith("mode:"):
            _prefix, mode, name = figure.split(":")
            by_mode[mode][name] += value
        elif figure in own:
            own[figure] += value
    return own, by_mode


COUNTED = ("taken", "finished", "finished_in_time", "escalated", "in_hand", "overdue", "days")


def desk_figures(area: Area, start: date | None = None, end: date | None = None, today: date | None = None) -> dict:
    """The desk's figures of an area for the cases accepted in the period: matters taken, finished,
    finished within their time limit, turned into problems, in hand, overdue (in hand after the due
    day) and the average days a finished case took; the same by service mode, by social worker, and
    for each direct child area.

    The whole months of the period are read from the kept counts (``alliances/desk/counts.py``),
    the cases in hand due before the current month included; the cases in hand due earlier in the
    current month, and the days before the first and after the last whole month, are counted from
    the rows. The social workers' table is ordered and added up from their kept figures; only
    their names are read from their rows. Five queries at most (and the children's names),
    whatever the number of cases, workers or children."""
    today = today or timezone.localdate()
    code = area.code
    length = area.child_code_length or len(code)
    months = split_months(start, end)
    this_month = f"{today:%Y-%m}"
    kept = kept_figures(("desk.cases",), code=code, child_length=area.child_code_length, months=months)
    own, by_mode = _kept_case_figures(kept.get(code, {}), this_month)
    children: dict[str, dict] = defaultdict(lambda: dict.fromkeys(COUNTED, 0))
    for child, families in kept.items():
        if child != code:
            _add(children[child], _kept_case_figures(families, this_month)[0])
    workers: dict[int, dict] = defaultdict(lambda: dict.fromkeys(WORKER_FIGURES, 0))
    for figure, value in (
        kept_figures(("desk.workers",), code=code, child_length=None, months=months)
        .get(code, {})
        .get("desk.workers", {})
        .items()
    ):
        worker_id, name = figure.split(":")
        workers[int(worker_id)][name] += value

    def rows_counted(cases: QuerySet, aggregates: dict) -> None:
        grouped = rollup(
            cases, field="area_code", prefix=code, length=length, by=("matter__mode", "worker_id"), **aggregates
        )
        for (prefix, mode, worker_id), values in grouped.items():
            _add(own, values)
            if prefix != code:
                _add(children[prefix], values)
            if "taken" in values:
                _add(by_mode[mode], {name: values[name] for name in MODE_FIGURES})
                _add(workers[worker_id], {name: values[name] for name in WORKER_FIGURES})

    if months.edges:
        edges = Q()
        for first, last in months.edges:
            edges |= Q(**{key: day for key, day in (("accepted_on__gte", first), ("accepted_on__lte", last)) if day})
        rows_counted(Case.objects.filter(edges), _aggregates(today))
    if months.first is not None:  # the kept months' cases in hand due this month, already past their due day
        due_now = Case.objects.filter(overdue_q(today), due_on__gte=_month_start(this_month))
        if months.first != EARLIEST:
            due_now = due_now.filter(accepted_on__gte=_month_start(months.first))
        if months.last != LATEST:
            due_now = due_now.filter(accepted_on__lt=_month_after(months.last))
        rows_counted(due_now, {"overdue": Count("id")})

    names = {
        row[0]: row[1:]
        for row in SocialWorker.objects.filter(pk__in=[pk for pk, row in workers.items() if row["taken"]])
        .order_by()
        .values_list("id", "person__name", "community__name")
    }
    by_worker = []
    for worker_id, values in workers.items():
        if values["taken"]:
            name, community = names[worker_id]
            by_worker.append({"id": worker_id, "name": name, "community": community, **values})
    by_worker.sort(key=lambda r: (-r["taken"], r["name"], r["id"]))
    for row in by_worker:
        row["average_days"] = _average(row)
        del row["days"]
    labels = dict(ServiceMode.choices)
    empty = dict.fromkeys(MODE_FIGURES, 0)
    return area_statistics(
        area,
        {
            **_shown(own),
            "by_mode": [
                {"mode": mode, "label": str(labels[mode]), **by_mode.get(mode, empty)} for mode in ServiceMode.values
            ],
            "by_worker": by_worker,
        },
        lambda child: _shown(children[child]) if child in children else _shown(dict.fromkeys(COUNTED, 0)),
    )


def case_page(queryset: QuerySet, pk: int) -> Case:
    """A case of ``queryset`` with its matter, worker, grid, problem, materials and steps: a fixed
    number of queries."""
    return (
        queryset.select_related("community", "grid", "matter", "worker__person", "problem")
        .prefetch_related("materials", "steps")
        .get(pk=pk)
    )
