"""Reads of in-service members' volunteering: what is in force in a period, and the figures of an area.

Service is counted per community (the record's area) once verified; members are counted distinct
per area, so a member who moved within the period counts once above their communities. Verified
service and claims are read from the kept counts (``alliances/volunteering/counts.py``); members
and posts, counted over intervals, from the rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr, TruncMonth

from communities.models import PartyOrganization
from jilin_grid.aggregates import rollup
from jilin_grid.areas import AreaLevel, area_statistics
from jilin_grid.counts.selectors import kept_figures, kept_parts, ranked_figures, split_months
from jilin_grid.scope import prefix_q

from ..cadres.selectors import cadres_figures, empty_cadres_figures
from .counts import RANK, RANKED_UNIT_FIGURES, RANKING_TOTALS, UNIT_RANKING, counts_as_reported, rank_parts
from .models import (
    InServiceMember,
    MemberReport,
    PostClaim,
    ServiceKind,
    ServicePost,
    ServiceRecord,
)

# In-service members and volunteer service -------------------------------------------------------------
#
# The figures of a period (``start`` to ``end``, both days included; either may be open):
# - ``members_reported``: members whose report was confirmed by the community and in force during
#   the period (confirmed on or before its end, not ended before its start), each counted once in
#   an area;
# - ``posts``, ``places``, ``places_taken``: service posts open during the period (published on
#   or before its end, not closed before its start), their places and the places held now;
# - ``posts_claimed``: claims made during the period and still held;
# - ``service_person_times`` and ``service_hours``: verified service given during the period.
#   Unverified service does not count.


def service_records():
    """Service records with what their pages and the API show of them (member, kind, post or activity, who)."""
    return ServiceRecord.objects.select_related(
        "member__person", "kind", "post", "activity", "recorded_by", "verified_by"
    )


def reports_in_force(start: date | None = None, end: date | None = None):
    reports = MemberReport.objects.filter(counts_as_reported())
    if end:
        reports = reports.filter(confirmed_on__lte=end)
    if start:
        reports = reports.exclude(ended_on__lt=start)
    return reports


def posts_open(start: date | None = None, end: date | None = None):
    posts = ServicePost.objects.all()
    if end:
        posts = posts.filter(published_on__lte=end)
    if start:
        posts = posts.exclude(closed_on__lt=start)
    return posts


def claims_held(start: date | None = None, end: date | None = None):
    claims = PostClaim.objects.filter(withdrawn_on__isnull=True)
    if start:
        claims = claims.filter(claimed_on__gte=start)
    if end:
        claims = claims.filter(claimed_on__lte=end)
    return claims


def verified_service(start: date | None = None, end: date | None = None):
    records = ServiceRecord.objects.filter(verified_at__isnull=False)
    if start:
        records = records.filter(served_on__gte=start)
    if end:
        records = records.filter(served_on__lte=end)
    return records


def hours_value(value) -> float:
    """Service hours as a number with one decimal (the databases sum decimals differently)."""
    return round(float(value or 0), 1)


VOLUNTEERING_KEYS = (
    "members_reported",
    "posts",
    "places",
    "places_taken",
    "posts_claimed",
    "service_person_times",
    "service_hours",
)


def empty_volunteering_figures() -> dict:
    return {**dict.fromkeys(VOLUNTEERING_KEYS, 0), "by_kind": {}}


def _service_and_claims(*, prefix: str, length: int, start: date | None, end: date | None):
    """Per (code prefix of ``length``, kind id): claims held, and verified service as
    ``[person-times, tenths of hours]``: the whole months from the kept counts
    (``alliances/volunteering/counts.py``), the days around them from the rows."""
    claims: dict[tuple, int] = defaultdict(int)
    service: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    months = split_months(start, end)
    kept = kept_figures(
        ("volunteering.claims", "volunteering.service"),
        code=prefix,
        child_length=length if length != len(prefix) else None,
        months=months,
    )

    def add(key: str, families: dict, sign: int) -> None:
        for name, value in families.get("volunteering.claims", {}).items():
            claims[(key, int(name.split(":", 1)[0]))] += sign * value
        for name, value in families.get("volunteering.service", {}).items():
            kind_id, figure = name.split(":", 1)
            service[(key, int(kind_id))][0 if figure == "times" else 1] += sign * value

    # A child's counts are its own. The area's, less its children's, are those kept on the area
    # itself (a community's service, asked for by grid), keyed by its code as a roll-up keys them.
    for code, families in kept.items():
        if len(code) == length:
            add(code, families, 1)
            if code != prefix:
                add(prefix, families, -1)
        elif code == prefix:
            add(prefix, families, 1)
    for first, last in months.edges:
        for key, row in rollup(
            claims_held(first, last),
            field="area_code",
            prefix=prefix,
            length=length,
            by=("post__kind_id",),
            n=Count("id"),
        ).items():
            claims[key] += row["n"]
        for key, row in rollup(
            verified_service(first, last),
            field="area_code",
            prefix=prefix,
            length=length,
            by=("kind_id",),
            times=Sum("person_times"),
            hours_sum=Sum("hours"),
        ).items():
            service[key][0] += row["times"]
            service[key][1] += round((row["hours_sum"] or 0) * 10)
    return claims, service


def volunteering_figures(
    *, prefix: str, length: int, start: date | None = None, end: date | None = None
) -> dict[str, dict]:
    """Per code prefix of ``length``: the volunteering figures of the period, and by service kind
    (``by_kind[kind_id]`` with posts, posts_claimed, service_person_times, service_hours).

    Claims and service are read from the kept counts (and the rows of the days around the whole
    months); the members reported and the posts open are counted over the period's intervals from
    the rows for a period, since a report or a post spans months, and from the kept counts for
    all time. Four queries, whatever the size of the city.
    """
    members = members_reported(prefix=prefix, length=length, start=start, end=end)
    posts = posts_figures(prefix=prefix, length=length, start=start, end=end)
    claims, service = _service_and_claims(prefix=prefix, length=length, start=start, end=end)
    result: dict[str, dict] = {}

    def bucket(key: str, kind_id=None) -> dict:
        figures = result.setdefault(key, empty_volunteering_figures())
        if kind_id is None:
            return figures
        return figures["by_kind"].setdefault(
            kind_id, {"posts": 0, "posts_claimed": 0, "service_person_times": 0, "service_hours": 0.0}
        )

    for key, count in members.items():
        bucket(key)["members_reported"] += count
    for (key, kind_id), row in posts.items():
        figures = bucket(key)
        figures["posts"] += row["n"]
        figures["places"] += row["places"]
        figures["places_taken"] += row["taken"]
        bucket(key, kind_id)["posts"] += row["n"]
    for (key, kind_id), count in claims.items():
        if count:
            bucket(key)["posts_claimed"] += count
            bucket(key, kind_id)["posts_claimed"] += count
    for (key, kind_id), (times, tenths) in service.items():
        if not (times or tenths):
            continue
        hours = tenths / 10
        figures = bucket(key)
        figures["service_person_times"] += times
        figures["service_hours"] += hours
        by_kind = bucket(key, kind_id)
        by_kind["service_person_times"] += times
        by_kind["service_hours"] += hours
    return result


def _kept_all_time(family: str, *, prefix: str, length: int) -> dict[str, dict[str, int]] | None:
    """``{code prefix of length: figures}`` of ``family`` for all time, from the kept counts (reports
    and posts belong to communities), or None when ``length`` is not the length of a level's codes."""
    parts = kept_parts((family,), prefix=prefix, length=length)
    if parts is None:
        return None
    return {code: families[family] for code, families in parts.items() if family in families}


def members_reported(*, prefix: str, length: int, start: date | None = None, end: date | None = None) -> dict[str, int]:
    """Members with a confirmed report in force during the period, per code prefix of ``length``,
    each member counted once in a prefix even when they moved between its communities. One query:
    of the kept counts for all time, of the reports for a period."""
    if start is None and end is None:
        kept = _kept_all_time("volunteering.members", prefix=prefix, length=length)
        if kept is not None:
            return {code: figures.get("n", 0) for code, figures in kept.items() if figures.get("n")}
    rows = (
        reports_in_force(start, end)
        .filter(prefix_q("area_code", prefix))
        .order_by()
        .annotate(key=Substr("area_code", 1, length))
        .values("key")
        .annotate(n=Count("member_id", distinct=True))
    )
    return {row["key"]: row["n"] for row in rows}


def posts_figures(*, prefix: str, length: int, start: date | None = None, end: date | None = None) -> dict:
    """``{(code prefix of length, kind id): {"n", "places", "taken"}}``: the service posts open
    during the period, their places and the places taken now. One query: of the kept counts for
    all time, of the posts for a period."""
    if start is None and end is None:
        kept = _kept_all_time("volunteering.posts", prefix=prefix, length=length)
        if kept is not None:
            posts: dict = {}
            for code, figures in kept.items():
                for name, value in figures.items():
                    kind_id, figure = name.split(":", 1)
                    key = (code, int(kind_id))
                    posts.setdefault(key, {"n": 0, "places": 0, "taken": 0})[
                        {"posts": "n", "places": "places", "taken": "taken"}[figure]
                    ] += value
            return {key: row for key, row in posts.items() if row["n"]}
    return rollup(
        posts_open(start, end),
        field="area_code",
        prefix=prefix,
        length=length,
        by=("kind_id",),
        n=Count("id"),
        places=Sum("places"),
        taken=Sum("claimed"),
    )


def area_volunteering(
    *, code: str, length: int, start: date | None = None, end: date | None = None
) -> tuple[dict, dict[str, dict]]:
    """The volunteering figures of the area ``code`` and of its parts (code prefixes of ``length``).

    The parts add up to the area, except its members, who are counted once in the area (one more
    query when the area has parts)."""
    parts = volunteering_figures(prefix=code, length=length, start=start, end=end)
    total = add_volunteering_figures(parts.values())
    if length != len(code):
        total["members_reported"] = members_reported(prefix=code, length=len(code), start=start, end=end).get(code, 0)
    return total, parts


def add_volunteering_figures(rows) -> dict:
    """The sum of several figures rows (an area's children, or rows of the area itself)."""
    total = empty_volunteering_figures()
    for row in rows:
        for key in VOLUNTEERING_KEYS:
            total[key] += row[key]
        for kind_id, kind_row in row["by_kind"].items():
            target = total["by_kind"].setdefault(kind_id, dict.fromkeys(kind_row, 0))
            for key, value in kind_row.items():
                target[key] += value
    return total


def service_kind_names() -> dict[int, str]:
    return dict(ServiceKind.objects.values_list("id", "name"))


# The names of a unit's kept figures (``<organization id>:<name>``, and the ranking's totals) in the report.
KEPT_UNIT_FIGURES = {
    "times": "service_person_times",
    "tenths": "service_hours",
    "claims": "posts_claimed",
    "members": "members_reported",
    "communities": "communities_served",
}
UNIT_FIGURES = ("members_reported", "posts_claimed", "service_person_times", "service_hours", "communities_served")


@dataclass(frozen=True)
class UnitReport:
    """The report by employer unit of an area for a period: the units it lists, in order (most
    hours first), and the totals of all of them; ``rows()`` reads the rows of some of them."""

    units: dict[int, dict]
    order: list[int]
    totals: dict
    start: date | None
    end: date | None
    prefix: str

    @property
    def count(self) -> int:
        return len(self.order)

    def rows(self, offset: int = 0, limit: int | None = None) -> list[dict]:
        """The units from ``offset`` (``limit`` of them, or all), with every figure: the members
        reported and the communities served in the period are counted from the rows of these units
        only (three queries)."""
        shown = self.order[offset:] if limit is None else self.order[offset : offset + limit]
        rows = [
            {"organization_id": pk, **self.units[pk], "service_hours": self.units[pk]["service_hours"] / 10}
            for pk in shown
        ]
        if rows:
            _unit_row_figures(rows, self.start, self.end)
        return rows


@dataclass(frozen=True)
class KeptUnitReport:
    """The report by employer unit of an area for all time, read from the kept ranking
    (``volunteering.unit_ranking``): its count and totals are kept figures of the area, and a
    page of units is the area's highest ranks, which the database reads in order. Its cost does
    not grow with the number of units in the area: four queries, the page's units only."""

    prefix: str
    count: int
    totals: dict

    def rows(self, offset: int = 0, limit: int | None = None) -> list[dict]:
        """The units from ``offset`` in the report's order (``limit`` of them, or all) with every
        figure: their ranks, which hold their hours and person-times (one query), their other
        figures (one) and their names (one)."""
        ranks = ranked_figures(UNIT_RANKING, code=self.prefix, prefix=RANK, offset=offset, limit=limit)
        if not ranks:
            return []
        by_pk: dict[int, dict] = {}
        for figure, rank in ranks:
            pk = int(figure[len(RANK) :])
            tenths, times = rank_parts(rank)
            by_pk[pk] = {
                "organization_id": pk,
                **dict.fromkeys(UNIT_FIGURES, 0),
                "service_person_times": times,
                "service_hours": tenths / 10,
            }
        wanted = [f"{pk}:{name}" for pk in by_pk for name in RANKED_UNIT_FIGURES]
        kept = kept_figures((UNIT_RANKING,), code=self.prefix, child_length=None, named=wanted)
        for figure, value in kept.get(self.prefix, {}).get(UNIT_RANKING, {}).items():
            pk, name = figure.split(":", 1)
            by_pk[int(pk)][KEPT_UNIT_FIGURES[name]] = value
        _unit_names(by_pk)
        return list(by_pk.values())


def volunteering_by_unit(
    *, prefix: str, start: date | None = None, end: date | None = None
) -> UnitReport | KeptUnitReport:
    """Each employer organization under ``prefix`` (the party organization of the members' work
    unit) with its members' figures in every community: members reported, posts claimed, verified
    service person-times and hours, and the communities served; most hours first.

    A unit is listed when a member of it ever had a confirmed report, or it has service or claims
    in the period. For all time, the report is the kept ranking of the area (``KeptUnitReport``).
    For a period, the order, the count, the totals and the claims and service are read from the
    kept counts (the days of a period outside its whole months from the rows of those days); the
    members reported in a period and the communities served in one, which no sum can tell, are
    counted from the rows of the units shown (``UnitReport.rows``), and the members reported in all
    of them from the reports. A fixed number of queries, none of which reads the members' service
    or claims beyond the days of a period outside its whole months."""
    if start is None and end is None:
        totals = kept_figures((UNIT_RANKING,), code=prefix, child_length=None, named=RANKING_TOTALS)
        kept = {name: totals.get(prefix, {}).get(UNIT_RANKING, {}).get(name, 0) for name in RANKING_TOTALS}
        unit_totals = {KEPT_UNIT_FIGURES[name]: value for name, value in kept.items() if name != "units"}
        unit_totals["service_hours"] /= 10
        return KeptUnitReport(prefix=prefix, count=kept["units"], totals=unit_totals)
    months = split_months(start, end)
    figures = kept_figures(("volunteering.units",), code=prefix, child_length=None, months=months)
    units: dict[int, dict] = {}

    def add(organization_id: int, key: str, value) -> None:
        row = units.setdefault(organization_id, dict.fromkeys(UNIT_FIGURES, 0))
        row[key] += value

    # Members are kept for all time only: they list a unit; in the period they are counted from the rows.
    all_time = kept_figures(("volunteering.units",), code=prefix, child_length=None)
    for figure, value in figures.get(prefix, {}).get("volunteering.units", {}).items():
        organization_id, name = figure.split(":", 1)
        if name != "members":
            add(int(organization_id), KEPT_UNIT_FIGURES[name], value)
    for figure, value in all_time.get(prefix, {}).get("volunteering.units", {}).items():
        organization_id, name = figure.split(":", 1)
        if name == "members":
            add(int(organization_id), "members_reported", value)
    in_area = prefix_q("member__organization__area_code", prefix)
    for edge_start, edge_end in months.edges:
        claims = claims_held(edge_start, edge_end).filter(in_area).order_by().values("member__organization_id")
        for row in claims.annotate(n=Count("id")):
            add(row["member__organization_id"], "posts_claimed", row["n"])
        service = verified_service(edge_start, edge_end).filter(in_area).order_by().values("member__organization_id")
        for row in service.annotate(times=Sum("person_times"), hours_sum=Sum("hours")):
            add(row["member__organization_id"], "service_person_times", row["times"] or 0)
            add(row["member__organization_id"], "service_hours", round(float(row["hours_sum"] or 0) * 10))
    units = {pk: row for pk, row in units.items() if any(row.values())}
    totals = {key: sum(row[key] for row in units.values()) for key in UNIT_FIGURES if key != "communities_served"}
    totals["service_hours"] = totals["service_hours"] / 10
    totals["members_reported"] = (
        reports_in_force(start, end).filter(in_area).order_by().aggregate(n=Count("member_id", distinct=True))["n"]
    )
    order = sorted(units, key=lambda pk: (-units[pk]["service_hours"], -units[pk]["service_person_times"], pk))
    return UnitReport(units=units, order=order, totals=totals, start=start, end=end, prefix=prefix)


def _unit_names(by_pk: dict[int, dict]) -> None:
    """Give each unit's row its organization's name, its work unit's name and its area: one query."""
    for pk, name, unit_name, code in PartyOrganization.objects.filter(pk__in=list(by_pk)).values_list(
        "pk", "name", "host_unit_name", "area_code"
    ):
        by_pk[pk].update({"organization": name, "unit": unit_name or name, "area_code": code})


def _unit_row_figures(rows: list[dict], start: date | None, end: date | None) -> None:
    """Fill in the rows' names and area codes, and the communities served and members reported
    in the period, from the service and reports of those units only: three queries."""
    by_pk = {row["organization_id"]: row for row in rows}
    ids = list(by_pk)
    _unit_names(by_pk)
    for row in by_pk.values():
        row["members_reported"] = 0
    for key, queryset, distinct in (
        ("communities_served", verified_service(start, end), "area_code"),
        ("members_reported", reports_in_force(start, end), "member_id"),
    ):
        grouped = (
            queryset.filter(member__organization_id__in=ids)
            .order_by()
            .values("member__organization_id")
            .annotate(n=Count(distinct, distinct=True))
        )
        for row in grouped:
            by_pk[row["member__organization_id"]][key] = row["n"]


def member_service_by_month(member: InServiceMember) -> list[dict]:
    """A member's service by month: verified and waiting person-times and hours. One query."""
    rows = (
        ServiceRecord.objects.filter(member=member)
        .annotate(month=TruncMonth("served_on"))
        .order_by("month")
        .values("month")
        .annotate(
            times=Sum("person_times", filter=Q(verified_at__isnull=False)),
            hours_sum=Sum("hours", filter=Q(verified_at__isnull=False)),
            pending_hours=Sum("hours", filter=Q(verified_at__isnull=True)),
        )
    )
    return [
        {
            "month": row["month"],
            "person_times": row["times"] or 0,
            "hours": hours_value(row["hours_sum"]),
            "pending_hours": hours_value(row["pending_hours"]),
        }
        for row in rows
    ]


KIND_KEYS = ("posts", "posts_claimed", "service_person_times")


def _by_kind(rows: dict, kinds: list[tuple[int, str, bool]]) -> list[dict]:
    """Every active kind, and a retired one that still has figures, in the kinds' order."""
    answer = []
    for kind_id, name, is_active in kinds:
        row = rows.get(kind_id)
        if row is None and not is_active:
            continue
        row = row or {}
        answer.append(
            {
                "kind_id": kind_id,
                "kind": name,
                **{key: row.get(key, 0) for key in KIND_KEYS},
                "service_hours": hours_value(row.get("service_hours")),
            }
        )
    return answer


def _volunteering_stats_figures(row: dict | None, kinds, sinking: dict | None) -> dict:
    row = row or empty_volunteering_figures()
    return {
        **{key: row[key] for key in VOLUNTEERING_KEYS},
        "service_hours": hours_value(row["service_hours"]),
        "by_kind": _by_kind(row["by_kind"], kinds),
        "sinking": {**empty_cadres_figures(), **(sinking or {})},
    }


def volunteering_stats(area, start, end) -> dict:
    """The volunteering figures of an area and period, and of each direct administrative child.

    Service is counted per community, so a community (or a grid) has no children here."""
    length = area.child_code_length or len(area.code)
    total, figures = area_volunteering(code=area.code, length=length, start=start, end=end)
    kinds = list(ServiceKind.objects.order_by("position", "name").values_list("id", "name", "is_active"))
    own_sinking = cadres_figures(prefix=area.code, start=start, end=end)[area.code]
    own = _volunteering_stats_figures(total, kinds, own_sinking)
    has_children = area.level not in (AreaLevel.COMMUNITY, AreaLevel.GRID)
    sinking = cadres_figures(prefix=area.code, length=length, start=start, end=end) if has_children else {}
    return area_statistics(
        area,
        own,
        lambda code: _volunteering_stats_figures(figures.get(code), kinds, sinking.get(code)),
        children=has_children,
        **{"from": start, "to": end},
    )
