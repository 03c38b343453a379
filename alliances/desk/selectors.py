"""Reads of the one-stop desk: the figures of an area and of its children (``GET /api/stats/desk/``
and the figures page), by service mode and by social worker; the overdue rule; and a case's page.

The figures are read from the kept counts (``alliances/desk/counts.py``), the days at the edges of a
period and the overdue cases of the current month from the rows (``jilin_grid.aggregates.rollup``),
so the number of queries does not depend on how many cases, workers or children there are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Count, F, Q, QuerySet, Sum, When
from django.db.models import Case as CaseWhen
from django.utils import timezone

from jilin_grid.aggregates import rollup
from jilin_grid.areas import Area, area_statistics
from jilin_grid.counts.selectors import EARLIEST, LATEST, Months, Ranking, kept_figures, split_months

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


# The social workers shown with an area's figures, most cases taken first (the rest come in pages).
WORKERS_SHOWN = 20


def workers_page(count: int, number: int | str, size: int) -> Page:
    """Page ``number`` of ``count`` workers, ``size`` a page, as ``Paginator.get_page`` takes the
    number (the first page for what is not a number, the last for one past it), ``"last"`` the
    last: the figures page shows the page whose workers ``WorkerTable.page`` read."""
    paginator = Paginator(range(count), size)
    return paginator.get_page(paginator.num_pages if number == "last" else number)


@dataclass(frozen=True)
class WorkerTable:
    """The social workers who took cases in an area and period, most taken first (then by id):
    ``count`` of them; ``page()`` and ``rows()`` read the figures and names of some of them.

    Over whole months (or all time) the database ranks the workers' kept cases taken and answers
    only a page of them; a period with days outside its whole months adds those days' cases, from
    the rows, to every worker's kept cases taken before ranking them here."""

    code: str
    months: Months
    edges: dict[int, dict]
    ranking: Ranking
    count: int
    order: list[int] | None  # the whole order, when the edges were added here

    @classmethod
    def of(cls, code: str, months: Months, edges: dict[int, dict]) -> WorkerTable:
        """The workers' number (one query), and with edges their order (one row per worker)."""
        ranking = Ranking("desk.workers", code, months, "taken")
        if not months.edges:
            return cls(code, months, edges, ranking, ranking.count(), None)
        taken: dict[int, int] = defaultdict(int, ranking.sums())
        for worker_id, values in edges.items():
            taken[worker_id] += values["taken"]
        order = sorted((pk for pk, n in taken.items() if n), key=lambda pk: (-taken[pk], pk))
        return cls(code, months, edges, ranking, len(order), order)

    def page(self, number: int | str, size: int) -> list[dict]:
        """The rows of page ``number`` of ``size`` workers, the number taken as a paginator's
        ``get_page`` takes it (``"last"`` the last page)."""
        return self.rows((workers_page(self.count, number, size).number - 1) * size, size)

    def rows(self, offset: int = 0, limit: int | None = None) -> list[dict]:
        """The workers from ``offset`` (``limit`` of them, or all) with their figures, names and
        communities: three queries (two when the order is known)."""
        limit = self.count if limit is None else limit
        if self.order is not None:
            shown = self.order[offset : offset + limit]
        else:
            shown = [pk for pk, _taken in self.ranking.ids(offset, limit)]
        if not shown:
            return []
        values = {pk: dict.fromkeys(WORKER_FIGURES, 0) for pk in shown}
        named = [f"{pk}:{name}" for pk in shown for name in WORKER_FIGURES]
        kept = kept_figures(("desk.workers",), code=self.code, child_length=None, months=self.months, named=named)
        for figure, value in kept.get(self.code, {}).get("desk.workers", {}).items():
            worker_id, name = figure.split(":")
            values[int(worker_id)][name] += value
        for pk in shown:
            _add(values[pk], self.edges.get(pk, {}))
        workers = SocialWorker.objects.filter(pk__in=shown).order_by()
        names = {
            pk: (name, community)
            for pk, name, community in workers.values_list("id", "person__name", "community__name")
        }
        rows = []
        for pk in shown:
            row = {"id": pk, "name": names[pk][0], "community": names[pk][1], **values[pk]}
            row["average_days"] = _average(row)
            del row["days"]
            rows.append(row)
        return rows


COUNTED = ("taken", "finished", "finished_in_time", "escalated", "in_hand", "overdue", "days")


def desk_figures(
    area: Area,
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
    *,
    workers_page: tuple[int | str, int] | None = (1, WORKERS_SHOWN),
) -> dict:
    """The desk's figures of an area for the cases accepted in the period: matters taken, finished,
    finished within their time limit, turned into problems, in hand, overdue (in hand after the due
    day) and the average days a finished case took; the same by service mode, by social worker, and
    for each direct child area.

    The whole months of the period are read from the kept counts (``alliances/desk/counts.py``),
    the cases in hand due before the current month included; the cases in hand due earlier in the
    current month, and the days before the first and after the last whole month, are counted from
    the rows. The social workers who took cases are counted (``workers_count``) and ordered from
    their kept figures; ``by_worker`` holds those of ``workers_page`` (a page number from 1, or
    ``"last"``, and the page's size; the first ``WORKERS_SHOWN``; None: no workers' table), whose
    other figures and names alone are read. Seven queries at most (and
    the children's names), whatever the number of cases, workers or children."""
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
    edge_workers: dict[int, dict] = defaultdict(lambda: dict.fromkeys(WORKER_FIGURES, 0))

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
                _add(edge_workers[worker_id], {name: values[name] for name in WORKER_FIGURES})

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

    labels = dict(ServiceMode.choices)
    empty = dict.fromkeys(MODE_FIGURES, 0)
    figures = {
        **_shown(own),
        "by_mode": [
            {"mode": mode, "label": str(labels[mode]), **by_mode.get(mode, empty)} for mode in ServiceMode.values
        ],
    }
    if workers_page is not None:
        workers = WorkerTable.of(code, months, dict(edge_workers))
        figures.update({"workers_count": workers.count, "by_worker": workers.page(*workers_page)})
    return area_statistics(
        area,
        figures,
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
