"""What verified service and claimed posts add to the kept counts, per service kind and month.

Kept: person-times and hours (in tenths, as the hours are kept to one decimal) of verified
service by the month served; claims still held by the month claimed; for all time, the service
posts per kind with their places and places taken, and the members with a confirmed report,
each counted once in every area where they reported (one who moved counts in both communities,
and once in the street above them). The members reported and the posts open during a period
are counted from the rows (a report or a post spans months, and a member who moved is counted
once in an area, which no sum of months can tell).

By employer unit (the party organization of the members' work unit), in the unit's area and
the areas above it, whatever community the service was given in: verified person-times and
hours by the month served, claims held by the month claimed, and, for all time, the members
with a confirmed report. A member is a counted row of its own here, so a member who changes
employer, a record or claim of theirs, and an organization that moves (through its members)
each count their change.

For the report by unit of all time, the units are kept ranked (``volunteering.unit_ranking``):
the unit is the counted row, so a record, claim or report of its members, a member who changes
employer and the unit's own move count their change. In its area and every area above it, each
unit listed (one whose members reported, served or hold claims) has one figure
``rank:<organization id, ten digits>`` whose value orders the units as the report does, most
hours, then most person-times, then the lowest id (``rank_value``, from which both are read
back), and its other figures, ``<organization id>:claims``, ``:members`` and ``:communities``
(the communities its members served in, which no sum of the members' figures can tell); beside
them, the number of units listed and the totals of their figures. A page of units is then the
highest ranks of one area, read in the database's order, and the figures of those units.
"""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from jilin_grid.counts.registry import count_once_per_area, register_counter

UNIT_RANKING = "volunteering.unit_ranking"
RANK = "rank:"
# Hours (in tenths) weigh above any number of person-times a unit can have.
RANK_HOURS_WEIGHT = 10**9
RANKING_TOTALS = ("units", "times", "tenths", "claims", "members")


def counts_as_reported():
    """A member's report that counts them as reported: confirmed by the community, not declined."""
    from .choices import MemberReportStatus

    return Q(confirmed_on__isnull=False) & ~Q(status=MemberReportStatus.DECLINED)


def rank_value(*, tenths: int, times: int) -> int:
    """The value that orders a listed unit among the others: most hours first, then most
    person-times (1 more, so a unit with only claims or members still has a rank)."""
    return 1 + times + tenths * RANK_HOURS_WEIGHT


def rank_parts(rank: int) -> tuple[int, int]:
    """``(tenths of hours, person-times)`` of a unit, read back from its rank."""
    return divmod(rank - 1, RANK_HOURS_WEIGHT)


# A listed unit's figures beside its rank: ``<organization id>:<name>``.
RANKED_UNIT_FIGURES = ("claims", "members", "communities")


def rank_figure(organization_id: int) -> str:
    """``rank:0000000042``: the ids in the figure's text order, for equal ranks."""
    return f"{RANK}{organization_id:010d}"


def service(row: dict):
    if row["verified_at"] is None:
        return []
    code, month, kind = row["area_code"], row["served_on"], row["kind_id"]
    tenths = round((row["hours"] or 0) * 10)
    return [(code, month, f"{kind}:times", row["person_times"] or 0), (code, month, f"{kind}:tenths", tenths)]


def claim(row: dict):
    if row["withdrawn_on"] is not None:
        return []
    return [(row["area_code"], row["claimed_on"], f"{row['post__kind_id']}:claims", 1)]


def post(row: dict):
    code, kind = row["area_code"], row["kind_id"]
    return [
        (code, None, f"{kind}:posts", 1),
        (code, None, f"{kind}:places", row["places"] or 0),
        (code, None, f"{kind}:taken", row["claimed"] or 0),
    ]


def unit_rows(queryset):
    """The members of ``queryset`` with their employer organization and its area, their verified
    service (``{month: (person-times, tenths of hours)}``), the claims they hold (``{month: n}``)
    and whether they have a confirmed report: four queries, whatever the number of members."""
    from .models import MemberReport, PostClaim, ServiceRecord

    database = queryset.db
    members = {
        row["pk"]: {**row, "service": {}, "claims": {}, "reported": False}
        for row in queryset.values("pk", "organization_id", "organization__area_code")
    }
    if not members:
        return []
    whole_table = not queryset.query.where

    def of_members(model):
        rows = model._base_manager.db_manager(database).order_by()
        return rows if whole_table else rows.filter(member_id__in=list(members))

    service = (
        of_members(ServiceRecord)
        .filter(verified_at__isnull=False)
        .annotate(month=TruncMonth("served_on"))
        .values("member_id", "month")
        .annotate(times=Sum("person_times"), hours=Sum("hours"))
    )
    for row in service:
        tenths = round(float(row["hours"] or 0) * 10)
        members[row["member_id"]]["service"][row["month"]] = (row["times"] or 0, tenths)
    claims = (
        of_members(PostClaim)
        .filter(withdrawn_on__isnull=True)
        .annotate(month=TruncMonth("claimed_on"))
        .values("member_id", "month")
        .annotate(n=Count("id"))
    )
    for row in claims:
        members[row["member_id"]]["claims"][row["month"]] = row["n"]
    reported = of_members(MemberReport).filter(counts_as_reported()).values_list("member_id", flat=True).distinct()
    for member_id in reported:
        members[member_id]["reported"] = True
    return list(members.values())


def unit(row: dict):
    organization, code = row.get("organization_id"), row.get("organization__area_code")
    if organization is None or not code:
        return []
    answer = [(code, None, f"{organization}:members", 1)] if row.get("reported") else []
    for month, (times, tenths) in row.get("service", {}).items():
        answer += [(code, month, f"{organization}:times", times), (code, month, f"{organization}:tenths", tenths)]
    for month, claims in row.get("claims", {}).items():
        answer.append((code, month, f"{organization}:claims", claims))
    return answer


def unit_ranking_rows(queryset):
    """The organizations of ``queryset`` with their area and, of all time, their members' verified
    person-times and tenths of hours and the communities they were given in, the claims they hold
    and how many of them reported: four queries, whatever the number of organizations."""
    from .models import MemberReport, PostClaim, ServiceRecord

    organizations = {
        pk: {
            "pk": pk,
            "area_code": code,
            **dict.fromkeys(("unit_times", "unit_tenths", "unit_claims", "unit_members", "unit_communities"), 0),
        }
        for pk, code in queryset.values_list("pk", "area_code")
    }
    if not organizations:
        return []
    ids = list(organizations)

    def of_units(model):
        rows = model._base_manager.db_manager(queryset.db).order_by()
        return rows.filter(member__organization_id__in=ids) if queryset.query.where else rows

    service = (
        of_units(ServiceRecord)
        .filter(verified_at__isnull=False)
        .values("member__organization_id")
        .annotate(times=Sum("person_times"), hours=Sum("hours"), communities=Count("area_code", distinct=True))
    )
    claims = of_units(PostClaim).filter(withdrawn_on__isnull=True).values("member__organization_id")
    reports = of_units(MemberReport).filter(counts_as_reported()).values("member__organization_id")
    for row in service:
        organization = organizations.get(row["member__organization_id"])
        if organization is not None:
            organization["unit_times"] = row["times"] or 0
            organization["unit_tenths"] = round(float(row["hours"] or 0) * 10)
            organization["unit_communities"] = row["communities"]
    for key, rows in (
        ("unit_claims", claims.annotate(n=Count("id"))),
        ("unit_members", reports.annotate(n=Count("member_id", distinct=True))),
    ):
        for row in rows:
            organization = organizations.get(row["member__organization_id"])
            if organization is not None:
                organization[key] = row["n"]
    return list(organizations.values())


def unit_ranking(row: dict):
    code, pk = row.get("area_code"), row["pk"]
    totals = {name: row.get(f"unit_{name}", 0) for name in RANKING_TOTALS[1:]}
    if not code or not any(totals.values()):
        return []
    return [
        (code, None, rank_figure(pk), rank_value(tenths=totals["tenths"], times=totals["times"])),
        *((code, None, f"{pk}:{name}", row[f"unit_{name}"]) for name in RANKED_UNIT_FIGURES),
        (code, None, "units", 1),
        *((code, None, name, value) for name, value in totals.items()),
    ]


def register() -> None:
    from communities.models import PartyOrganization

    from .models import InServiceMember, MemberReport, PostClaim, ServicePost, ServiceRecord

    register_counter(
        family="volunteering.posts",
        model=ServicePost,
        fields=("area_code", "kind_id", "places", "claimed"),
        contribute=post,
    )
    count_once_per_area(
        family="volunteering.members",
        model=InServiceMember,
        dependent=MemberReport,
        field="member_id",
        where=counts_as_reported(),
    )

    register_counter(
        family="volunteering.service",
        model=ServiceRecord,
        fields=("area_code", "verified_at", "served_on", "kind_id", "person_times", "hours"),
        contribute=service,
    )
    register_counter(
        family="volunteering.units",
        model=InServiceMember,
        fields=("organization_id", "organization__area_code"),
        contribute=unit,
        rows=unit_rows,
        depends_on=(
            (ServiceRecord, "member_id"),
            (PostClaim, "member_id"),
            (MemberReport, "member_id"),
            # An organization that moves carries its members' figures to its new area.
            (PartyOrganization, "in_service_members"),
        ),
    )
    register_counter(
        family=UNIT_RANKING,
        model=PartyOrganization,
        fields=("area_code",),
        contribute=unit_ranking,
        rows=unit_ranking_rows,
        depends_on=(
            (ServiceRecord, "member__organization_id"),
            (PostClaim, "member__organization_id"),
            (MemberReport, "member__organization_id"),
            (InServiceMember, "organization_id"),
        ),
    )
    register_counter(
        family="volunteering.claims",
        model=PostClaim,
        fields=("area_code", "withdrawn_on", "claimed_on", "post__kind_id"),
        contribute=claim,
    )
