"""What verified service and claimed posts add to the kept counts, per service kind and month.

Kept: person-times and hours (in tenths, as the hours are kept to one decimal) of verified
service by the month served; claims still held by the month claimed; for all time, the service
posts per kind with their places and places taken, and the members with a confirmed report,
each counted once in every area where they reported (one who moved counts in both communities,
and once in the street above them). The members reported and the posts open during a period
are counted from the rows (a report or a post spans months, and a member who moved is counted
once in an area, which no sum of months can tell).
"""

from __future__ import annotations

from django.db.models import Q

from jilin_grid.counts.registry import count_once_per_area, register_counter


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


def register() -> None:
    from .choices import MemberReportStatus
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
        where=Q(confirmed_on__isnull=False) & ~Q(status=MemberReportStatus.DECLINED),
    )

    register_counter(
        family="volunteering.service",
        model=ServiceRecord,
        fields=("area_code", "verified_at", "served_on", "kind_id", "person_times", "hours"),
        contribute=service,
    )
    register_counter(
        family="volunteering.claims",
        model=PostClaim,
        fields=("area_code", "withdrawn_on", "claimed_on", "post__kind_id"),
        contribute=claim,
    )
