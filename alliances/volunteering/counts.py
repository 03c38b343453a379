"""What verified service and claimed posts add to the kept counts, per service kind and month.

Kept: person-times and hours (in tenths, as the hours are kept to one decimal) of verified
service by the month served; claims still held by the month claimed. Not kept: the members
reported and the posts open during a period, which are counted over intervals (a report or a
post spans months, and a member who moved is counted once in an area), from the rows.
"""

from __future__ import annotations

from jilin_grid.counts.registry import register_counter


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


def register() -> None:
    from .models import PostClaim, ServiceRecord

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
