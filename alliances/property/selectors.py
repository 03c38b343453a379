"""Reads of red-heart property: the figures of an area and of its children (``GET
/api/stats/property/``), a compound's modes and fee collection over time, and a community's
red-heart page.

The figures of an area are read from the kept counts (``alliances/property/counts.py``) and, for
what no sum can tell or what changes as time passes, from a few rows, so the number of queries does
not depend on how many rows there are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q, Sum

from alliances.loop.models import Activity
from jilin_grid.aggregates import rollup
from jilin_grid.areas import Area, area_statistics
from jilin_grid.counts.selectors import EARLIEST, LATEST, Months, kept_figures, split_months
from jilin_grid.scope import prefix_q

from .choices import ManagementMode
from .counts import OPEN_DUE, PILOTS, RED, red_figures
from .models import (
    CompoundMode,
    CrossAppointment,
    DeliberationMeeting,
    FeeCollection,
    OwnersCommittee,
    PropertyCompany,
    Resolution,
    collection_rate,
)

COUNTED = ("pilots", "compounds", "meetings", "resolutions", "resolutions_done", "resolutions_overdue")


def month_of(day: date) -> date:
    return day.replace(day=1)


def _empty() -> dict:
    figures = dict.fromkeys(COUNTED, 0)
    figures["compounds_by_mode"] = dict.fromkeys(ManagementMode.values, 0)
    figures["fee_collection"] = {"households_billed": 0, "households_paid": 0, "rate": None, "by_month": []}
    return figures


def _held(start: date | None, end: date | None, prefix: str = "") -> Q:
    """Meetings held in the period (either end open)."""
    held = Q()
    if start:
        held &= Q(**{f"{prefix}held_on__gte": start})
    if end:
        held &= Q(**{f"{prefix}held_on__lte": end})
    return held


def _previous_month(day: date) -> str | None:
    """The month before ``day``'s ("YYYY-MM"), None before year 1's February."""
    first = day.replace(day=1)
    return f"{first - timedelta(days=1):%Y-%m}" if first > date.min else None


def _month_after(month: str) -> date | None:
    first = date(int(month[:4]), int(month[5:]), 1)
    return (first + timedelta(days=32)).replace(day=1) if first.year < date.max.year or first.month < 12 else None


def _mode_shift(code: str, *, since: date, until: date | None) -> list[tuple[str, str, int]]:
    """What the changes of mode dated from ``since`` to ``until`` (None: any day after) did to the
    compounds by mode: ``(area code, mode, +1 or -1)``, the mode each changed compound left and the
    one it ended in. One query, which reads the history of the compounds changed then only."""
    # The changes are found by their day (an index), their compounds' history by the compound.
    changed = CompoundMode.objects.filter(since__gte=since)
    modes = CompoundMode.objects.filter(prefix_q("area_code", code))
    if until is not None:
        changed, modes = changed.filter(since__lte=until), modes.filter(since__lte=until)
    history: dict[int, list] = defaultdict(list)
    for compound_id, area_code, mode, day in (
        modes.filter(compound_id__in=changed.values("compound_id"))
        .order_by("compound_id", "since")
        .values_list("compound_id", "area_code", "mode", "since")
    ):
        history[compound_id].append((area_code, mode, day))
    answer = []
    for rows in history.values():
        before = [(area_code, mode) for area_code, mode, day in rows if day < since]
        if before:
            answer.append((*before[-1], -1))
        answer.append((rows[-1][0], rows[-1][1], 1))
    return answer


def property_figures(area: Area, *, start: date | None = None, end: date | None = None) -> dict:
    """Red-heart property in an area over a period (either end open): pilot communities (with a
    compound in a red-heart mode on the last day), compounds by mode on that day, deliberation
    meetings held, their resolutions (done, overdue), and the fee collection by month (households
    billed and paid, the rate); the same for each direct child.

    Kept (``alliances/property/counts.py``): the compounds by mode (today: every change kept, less
    any dated after today, read from the rows; on a past day: the changes of the months before it,
    and those of its own month from the rows, unless it is the month's last day, whose month is
    kept whole), the meetings and resolutions of the period's whole
    months (the days at its edges, and the resolutions due earlier in the current month, from the
    rows), the households billed and paid of each month, and the pilot communities (kept as the
    months a community starts and stops having a red-heart compound; a community whose red-heart
    compounds the day's changes read from the rows take to none or from none has its kept count of
    them read too). One query reads the kept figures of each period asked for (one in all for all
    time). Eight queries at most (three for all time), and the children's names, whatever the size
    of the city."""
    code = area.code
    length = area.child_code_length or len(code)
    today = date.today()
    on = min(end, today) if end else today
    this_month = f"{today:%Y-%m}"
    own = _empty()
    children: dict[str, dict] = defaultdict(_empty)

    def buckets(area_code: str):
        yield own
        if len(area_code) >= length and area_code[:length] != code:
            yield children[area_code[:length]]

    # The kept figures, one query for each period asked for (one in all, for all time).
    months = split_months(start, end)
    fee_months = Months(f"{start:%Y-%m}" if start else EARLIEST, f"{end:%Y-%m}" if end else LATEST, ())
    up_to_today = on == today  # the modes now: every change kept, less those dated after today
    # A month's last day: every change of its month is kept (the trends read each month so).
    whole_month = not up_to_today and (on + timedelta(days=1)).day == 1
    if up_to_today:
        mode_months = Months(EARLIEST, LATEST, ())
    else:
        mode_months = Months(EARLIEST, f"{on:%Y-%m}" if whole_month else _previous_month(on), ())
    reads: dict[tuple, list[str]] = defaultdict(list)
    for family, period in (
        ("property.modes", mode_months),
        ("property.pilots", mode_months),
        ("property.meetings", months),
        ("property.resolutions", months),
        ("property.fees", fee_months),
    ):
        if period.first is not None and period.last is not None:
            reads[(period.first, period.last)].append(family)
    kept: dict[str, dict[str, dict]] = defaultdict(dict)
    for (first, last), families in reads.items():
        for area_code, by_family in kept_figures(
            families, code=code, child_length=area.child_code_length, months=Months(first, last, ())
        ).items():
            kept[area_code].update(by_family)

    def kept_of(family: str):
        for area_code, families in kept.items():
            if family in families:
                yield (own if area_code == code else children[area_code]), families[family]

    # Compounds by mode on the day, and the pilot communities: those with a red-heart compound.
    for bucket, figures in kept_of("property.modes"):
        for figure, value in figures.items():
            if figure.startswith("mode:"):  # a figure no longer counted (left at 0 by a recount) is not
                bucket["compounds_by_mode"][figure.removeprefix("mode:")] += value
    for bucket, figures in kept_of("property.pilots"):
        bucket["pilots"] += figures.get(PILOTS, 0)
    if up_to_today:
        shift = [
            (area_code, mode, -value)
            for area_code, mode, value in _mode_shift(code, since=on + timedelta(days=1), until=None)
        ]
    elif whole_month:
        shift = []
    else:
        shift = _mode_shift(code, since=on.replace(day=1), until=on)
    red_change: dict[str, int] = defaultdict(int)  # red:<community> -> red-heart compounds the shift adds
    for area_code, mode, value in shift:
        for bucket in buckets(area_code):
            bucket["compounds_by_mode"][mode] += value
        for figure in red_figures(area_code, mode):
            red_change[figure] += value
    touched = [figure for figure, change in red_change.items() if change]
    if touched:
        # A community whose red-heart compounds the shift takes to none, or from none, stops or
        # starts being a pilot: its kept count of them says which (one query, these communities').
        red = (
            kept_figures(("property.red",), code=code, child_length=None, months=mode_months, named=touched)
            .get(code, {})
            .get("property.red", {})
        )
        for figure in touched:
            before = red.get(figure, 0)
            step = (before + red_change[figure] > 0) - (before > 0)
            for bucket in buckets(figure.removeprefix(RED)):
                bucket["pilots"] += step
    for bucket in (own, *children.values()):
        bucket["compounds"] = sum(bucket["compounds_by_mode"].values())

    # Meetings and resolutions held in the period.
    for family in ("property.meetings", "property.resolutions"):
        for bucket, figures in kept_of(family):
            for figure, value in figures.items():
                if figure.startswith(OPEN_DUE):
                    if figure.removeprefix(OPEN_DUE) < this_month:
                        bucket["resolutions_overdue"] += value
                elif figure in bucket:
                    bucket[figure] += value
    counted = []
    if months.edges:
        meetings, resolutions = Q(), Q()
        for first, last in months.edges:
            meetings |= _held(first, last)
            resolutions |= _held(first, last, "meeting__")
        counted += [
            (DeliberationMeeting.objects.filter(meetings), {"meetings": Count("id")}),
            (
                Resolution.objects.filter(resolutions),
                {
                    "resolutions": Count("id"),
                    "resolutions_done": Count("id", filter=Q(done_on__isnull=False)),
                    "resolutions_overdue": Count("id", filter=Q(done_on__isnull=True, deadline__lt=today)),
                },
            ),
        ]
    if months.first is not None:  # the kept months' resolutions due this month, already past their deadline
        due_now = Resolution.objects.filter(
            done_on__isnull=True, deadline__lt=today, deadline__gte=today.replace(day=1)
        )
        if months.first != EARLIEST:
            due_now = due_now.filter(meeting__held_on__gte=date(int(months.first[:4]), int(months.first[5:]), 1))
        if months.last != LATEST and (after := _month_after(months.last)) is not None:
            due_now = due_now.filter(meeting__held_on__lt=after)
        counted.append((due_now, {"resolutions_overdue": Count("id")}))
    for queryset, aggregates in counted:
        for (prefix,), values in rollup(queryset, field="area_code", prefix=code, length=length, **aggregates).items():
            for name, value in values.items():
                own[name] += value
                if prefix != code:
                    children[prefix][name] += value

    # The fees of the period's months.
    for bucket, figures in kept_of("property.fees"):
        by_month: dict[str, list] = defaultdict(lambda: [0, 0])
        for figure, value in figures.items():
            month, name = figure.split(":")
            by_month[month][0 if name == "billed" else 1] += value
        billed = sum(b for b, _p in by_month.values())
        paid = sum(p for _b, p in by_month.values())
        bucket["fee_collection"] = {
            "households_billed": billed,
            "households_paid": paid,
            "rate": collection_rate(billed, paid),
            "by_month": [
                {"month": key, "households_billed": b, "households_paid": p, "rate": collection_rate(b, p)}
                for key, (b, p) in sorted(by_month.items())
            ],
        }
    return area_statistics(
        area,
        own,
        lambda child: children[child] if child in children else _empty(),
        period={"from": start.isoformat() if start else None, "to": end.isoformat() if end else None},
    )


# A compound ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateAround:
    """The collection rate before and after a compound's last change of mode."""

    change: CompoundMode
    before: float | None
    after: float | None
    months_before: int
    months_after: int


def rate_around_last_change(modes: list[CompoundMode], collections: list[FeeCollection]) -> RateAround | None:
    """The rate over the months before the compound's last change of mode and over the months from it
    on (the month it changed in counts after); None when its mode never changed."""
    if len(modes) < 2:
        return None
    change = max(modes, key=lambda m: m.since)
    first = month_of(change.since)
    before = [c for c in collections if c.month < first]
    after = [c for c in collections if c.month >= first]
    return RateAround(
        change=change,
        before=collection_rate(sum(c.households_billed for c in before), sum(c.households_paid for c in before)),
        after=collection_rate(sum(c.households_billed for c in after), sum(c.households_paid for c in after)),
        months_before=len(before),
        months_after=len(after),
    )


def compound_chart(modes: list[CompoundMode], collections: list[FeeCollection]) -> dict:
    """The data of a compound's chart: the rate by month, and where its mode changed."""
    return {
        "months": [f"{c.month:%Y-%m}" for c in collections],
        "rates": [c.rate for c in collections],
        "changes": [
            {"month": f"{m.since:%Y-%m}", "mode": str(m.get_mode_display())}
            for m in sorted(modes, key=lambda m: m.since)
        ],
    }


# A community -----------------------------------------------------------------------------------


def community_page(community) -> dict:
    """Everything of a community's red-heart page, in a fixed number of queries: its compounds with
    their mode, company and owners' committee, its companies and cross-appointments, its meetings with
    their resolutions, the rate per compound and month, and the joint activities of its alliance."""
    code = community.code
    today = date.today()
    compounds = list(community.compounds.order_by("name"))
    modes = list(CompoundMode.objects.filter(area_code=code).select_related("company").order_by("compound_id", "since"))
    current = {m.compound_id: m for m in modes if m.since <= today}
    changed = defaultdict(int)
    for m in modes:
        changed[m.compound_id] += 1
    committees = {}
    for committee in (
        OwnersCommittee.objects.filter(area_code=code, term_start__lte=today, term_end__gte=today)
        .prefetch_related("members")
        .order_by("term_start")
    ):
        committees[committee.compound_id] = committee
    fees = list(FeeCollection.objects.filter(area_code=code).order_by("month"))
    months = sorted({f.month for f in fees})[-12:]
    by_compound = {(f.compound_id, f.month): f for f in fees}
    rows = []
    for compound in compounds:
        mode = current.get(compound.pk)
        rows.append(
            {
                "compound": compound,
                "mode": mode,
                "changes": changed[compound.pk],
                "committee": committees.get(compound.pk),
                "rates": [by_compound.get((compound.pk, month)) for month in months],
            }
        )
    totals = []
    for month in months:
        billed = sum(f.households_billed for f in fees if f.month == month)
        paid = sum(f.households_paid for f in fees if f.month == month)
        totals.append(
            {
                "month": month,
                "households_billed": billed,
                "households_paid": paid,
                "rate": collection_rate(billed, paid),
            }
        )
    meetings = list(
        DeliberationMeeting.objects.filter(area_code=code)
        .select_related("compound")
        .prefetch_related(Prefetch("resolutions", queryset=Resolution.objects.order_by("id")), "problems")
        .order_by("-held_on", "-id")[:20]
    )
    activities = Activity.objects.filter(area_code=code)
    activity_figures = activities.aggregate(count=Count("id"), participants=Sum("participants"))
    return {
        "compounds": rows,
        "months": months,
        "totals": totals,
        "companies": list(
            PropertyCompany.objects.filter(area_code=code).select_related("party_organization").order_by("name")
        ),
        "appointments": list(
            CrossAppointment.objects.filter(area_code=code).select_related("company").order_by("-started_on")
        ),
        "meetings": meetings,
        "meeting_count": DeliberationMeeting.objects.filter(area_code=code).count(),
        "activity_count": activity_figures["count"] or 0,
        "activity_participants": activity_figures["participants"] or 0,
        "recent_activities": list(activities.order_by("-held_on", "-id")[:10]),
        "today": today,
    }
