"""What the standardized branches' confirmed scores and the annual report-and-review add to the
kept counts, per area and year (kept in the month of January of the year, period "YYYY-01", as the
No.1 projects' are).

``assessment.scores``: a confirmed score adds ``n`` (one branch scored), ``total`` (its confirmed
points), ``stars:S``, each aspect's points (``aspect:<key>``) and ``points:P`` (one branch at its
confirmed points P), so the branches below the rectification line are read for the line as it is
set when read (``ASSESSMENT_RECTIFICATION_BELOW``). A score not confirmed adds nothing.

``assessment.reports``: a submitted secretary's report adds ``reported`` and, once published,
``result:<grade>``, in its year.

``assessment.reporting``: an organization that reports in a round (a community's, street's or
district's own party organization of the scored host, while active) adds ``at:<L>`` for all time,
L the length of its area code (6 a district's, 9 a street's, 12 a community's): a round covers the
organizations of one length below its area (``REPORTING_LENGTHS``). In each year it submitted a
report it adds ``reported_at:<L>``. So the organizations of a round that did not report are the
ones at the round's lengths less those that reported, whatever rounds the year has when read.
"""

from __future__ import annotations

from datetime import date

from jilin_grid.counts.registry import register_counter

from .choices import COMMUNITY_ORGANIZATION_KINDS, SCORED_HOST, ReportStatus, ScoreStatus
from .models import ASPECT_FIELDS

FAMILY = "assessment.scores"
POINTS = "points:"
STARS = "stars:"
ASPECT = "aspect:"
FIELDS = ("area_code", "year", "status", "confirmed_total", "stars", *ASPECT_FIELDS.values())
REPORTS = "assessment.reports"
REPORTING = "assessment.reporting"
RESULT = "result:"
AT = "at:"
REPORTED_AT = "reported_at:"
REPORTING_FIELDS = ("area_code", "is_active", "kind", "host_unit_kind")


def score(row: dict):
    if row["status"] != ScoreStatus.CONFIRMED or row["confirmed_total"] is None:
        return []
    code, month, points = row["area_code"], date(row["year"], 1, 1), row["confirmed_total"]
    answer = [(code, month, "n", 1), (code, month, "total", points), (code, month, f"{POINTS}{points}", 1)]
    if row["stars"] is not None:
        answer.append((code, month, f"{STARS}{row['stars']}", 1))
    answer += [(code, month, f"{ASPECT}{aspect.value}", row[field]) for aspect, field in ASPECT_FIELDS.items()]
    return answer


def report(row: dict):
    if row["status"] != ReportStatus.SUBMITTED:
        return []
    code, month = row["area_code"], date(row["year"], 1, 1)
    answer = [(code, month, "reported", 1)]
    if row["result"]:
        answer.append((code, month, f"{RESULT}{row['result']}", 1))
    return answer


def reports_in_round(row: dict) -> bool:
    """Whether an organization reports when a round covers it."""
    return (
        bool(row["is_active"]) and row["kind"] in COMMUNITY_ORGANIZATION_KINDS and row["host_unit_kind"] == SCORED_HOST
    )


def reporting_rows(queryset):
    """The organizations of ``queryset`` with the years they submitted a report: two queries."""
    from .models import SecretaryReport

    organizations = {row["pk"]: {**row, "years": set()} for row in queryset.values("pk", *REPORTING_FIELDS)}
    if not organizations:
        return []
    reports = SecretaryReport._base_manager.db_manager(queryset.db).filter(status=ReportStatus.SUBMITTED).order_by()
    if queryset.query.where:
        reports = reports.filter(organization_id__in=list(organizations))
    for organization_id, year in reports.values_list("organization_id", "year").distinct():
        if organization_id in organizations:
            organizations[organization_id]["years"].add(year)
    return list(organizations.values())


def reporting(row: dict):
    if not reports_in_round(row):
        return []
    code = row["area_code"]
    length = len(code)
    answer = [(code, None, f"{AT}{length}", 1)]
    answer += [(code, date(year, 1, 1), f"{REPORTED_AT}{length}", 1) for year in sorted(row.get("years", ()))]
    return answer


def register() -> None:
    from communities.models import PartyOrganization

    from .models import BranchScore, SecretaryReport

    register_counter(family=FAMILY, model=BranchScore, fields=FIELDS, contribute=score)
    register_counter(
        family=REPORTS, model=SecretaryReport, fields=("area_code", "year", "status", "result"), contribute=report
    )
    register_counter(
        family=REPORTING,
        model=PartyOrganization,
        fields=REPORTING_FIELDS,
        contribute=reporting,
        rows=reporting_rows,
        depends_on=((SecretaryReport, "organization_id"),),
    )
