"""Reads of red-heart property: the figures of an area and of its children (``GET
/api/stats/property/``), a compound's modes and fee collection over time, and a community's
red-heart page.

Each figure is one grouped query over the rows under the area, added up per direct child, so the
number of queries does not depend on how many rows there are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, Sum

from alliances.loop.models import Activity
from jilin_grid.aggregates import rollup
from jilin_grid.areas import Area, area_statistics
from jilin_grid.scope import COMMUNITY_CODE_LENGTH, prefix_q

from .choices import RED_HEART_MODES, ManagementMode
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


def current_modes(code: str, *, on: date) -> dict[int, tuple[str, str]]:
    """The mode each compound under ``code`` is managed in on a day: compound id -> (area code, mode).
    One query."""
    rows = (
        CompoundMode.objects.filter(prefix_q("area_code", code), since__lte=on)
        .order_by("compound_id", "since")
        .values_list("compound_id", "area_code", "mode")
    )
    return {compound: (area_code, mode) for compound, area_code, mode in rows}


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


def property_figures(area: Area, *, start: date | None = None, end: date | None = None) -> dict:
    """Red-heart property in an area over a period (either end open): pilot communities (with a
    compound in a red-heart mode on the last day), compounds by mode on that day, deliberation
    meetings held, their resolutions (done, overdue), and the fee collection by month (households
    billed and paid, the rate); the same for each direct child."""
    code = area.code
    length = area.child_code_length or len(code)
    today = date.today()
    on = min(end, today) if end else today
    own = _empty()
    children: dict[str, dict] = defaultdict(_empty)
    pilots: dict[str, set] = defaultdict(set)
    for area_code, mode in current_modes(code, on=on).values():
        for bucket in (own, children[area_code[:length]]):
            bucket["compounds"] += 1
            bucket["compounds_by_mode"][mode] += 1
        if mode in RED_HEART_MODES:
            pilots[code].add(area_code[:COMMUNITY_CODE_LENGTH])
            pilots[area_code[:length]].add(area_code[:COMMUNITY_CODE_LENGTH])
    own["pilots"] = len(pilots.pop(code, ()))
    for prefix, communities in pilots.items():
        children[prefix]["pilots"] = len(communities)

    counted = [
        (DeliberationMeeting.objects.filter(_held(start, end)), {"meetings": Count("id")}),
        (
            Resolution.objects.filter(_held(start, end, "meeting__")),
            {
                "resolutions": Count("id"),
                "resolutions_done": Count("id", filter=Q(done_on__isnull=False)),
                "resolutions_overdue": Count("id", filter=Q(done_on__isnull=True, deadline__lt=today)),
            },
        ),
    ]
    for queryset, aggregates in counted:
        for (prefix,), values in rollup(queryset, field="area_code", prefix=code, length=length, **aggregates).items():
            for name, value in values.items():
                own[name] += value
                children[prefix][name] += value

    fees = FeeCollection.objects.all()
    if start:
        fees = fees.filter(month__gte=month_of(start))
    if end:
        fees = fees.filter(month__lte=end)
    months: dict[str | None, dict] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    grouped = rollup(
        fees,
        field="area_code",
        prefix=code,
        length=length,
        by=("month",),
        billed=Sum("households_billed"),
        paid=Sum("households_paid"),
    )
    for (prefix, month), values in grouped.items():
        key = str(month)[:7]  # a date, or its ISO text from SQLite
        for owner in (None, prefix):
            months[owner][key][0] += values["billed"]
            months[owner][key][1] += values["paid"]
    for owner, by_month in months.items():
        figures = own if owner is None else children[owner]
        billed = sum(b for b, _p in by_month.values())
        paid = sum(p for _b, p in by_month.values())
        figures["fee_collection"] = {
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
