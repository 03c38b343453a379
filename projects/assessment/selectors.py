"""Reads of the branch assessment: the organizations scored, a branch's scorecard with the portal's
figures beside its tasks, the league table of an area, the stars per child area, the candidates for
rectification, and the figures of ``GET /api/stats/assessment/``.

Each figure is one grouped query over the scores under the area (``jilin_grid.aggregates.rollup``),
added up per direct child, so the number of queries does not depend on how many rows there are."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from alliances.loop.models import Activity
from alliances.volunteering.choices import MemberReportStatus
from alliances.volunteering.models import MemberReport
from communities.choices import PartyOrganizationKind
from communities.models import PartyOrganization
from grids.problems.choices import SATISFIED_EVALUATIONS
from grids.problems.models import ResidentProblem
from jilin_grid.areas import Area, area_name_annotation, area_statistics
from jilin_grid.counts.selectors import Months, kept_figures
from jilin_grid.scope import COMMUNITY_CODE_LENGTH, DISTRICT_CODE_LENGTH, prefix_q
from projects.filing.selectors import EMPTY_FIGURES as NO_SECRETARIES_FILED
from projects.filing.selectors import secretaries_filed
from projects.projects.models import Project
from projects.rectification.selectors import empty_figures as empty_rectification
from projects.rectification.selectors import rectification_buckets

from .choices import (
    COMMUNITY_ORGANIZATION_KINDS,
    SCORED_HOST,
    Aspect,
    Figure,
    ReportStatus,
    ReviewGrade,
    ScoreStatus,
)
from .counts import ASPECT, AT, POINTS, REPORTED_AT, REPORTING, REPORTS, RESULT, STARS
from .counts import FAMILY as SCORES
from .models import ASPECT_FIELDS, AssessmentStandard, BranchScore, Evidence, ReviewRound, ScoreChange, SecretaryReport

STAR_LEVELS = (5, 4, 3, 2, 1)


def scored_organizations():
    """The organizations scored every year: each community's own party organization and the grid
    party branches, while active."""
    return PartyOrganization.objects.filter(
        Q(kind__in=COMMUNITY_ORGANIZATION_KINDS, area_code__length=COMMUNITY_CODE_LENGTH)
        | Q(kind=PartyOrganizationKind.GRID_BRANCH),
        host_unit_kind=SCORED_HOST,
        is_active=True,
    )


def standard_with_tasks(year: int) -> AssessmentStandard | None:
    """The standard of ``year`` with its tasks in order (two queries), or None."""
    return AssessmentStandard.objects.filter(year=year).prefetch_related("tasks").first()


def latest_year(default: int) -> int:
    """The latest year with a standard in force (``default`` when there is none)."""
    year = AssessmentStandard.objects.filter(in_force_at__isnull=False).aggregate(year=Max("year"))["year"]
    return year or default


# The portal's figures beside the tasks --------------------------------------------------------------


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def portal_figures(organization: PartyOrganization, year: int, keys: set[str]) -> dict[str, object]:
    """The portal's figures for ``year`` and the organization's area, one query each of those asked for."""
    code = organization.area_code
    figures: dict[str, object] = {}
    if Figure.NO1_PROJECT in keys:
        project = (
            Project.objects.filter(organization=organization, year=year)
            .annotate(percent=Max("progress_reports__percent_complete"))
            .values("title", "percent")
            .first()
        )
        figures[Figure.NO1_PROJECT] = f"{project['title']} · {project['percent'] or 0}%" if project else None
    if Figure.PROBLEMS_SOLVED in keys or Figure.SATISFACTION in keys:
        counts = ResidentProblem.objects.filter(prefix_q("area_code", code), recorded_at__year=year).aggregate(
            recorded=Count("id"),
            solved=Count("id", filter=Q(resolved_at__isnull=False)),
            evaluated=Count("id", filter=~Q(evaluation="")),
            satisfied=Count("id", filter=Q(evaluation__in=SATISFIED_EVALUATIONS)),
        )
        figures[Figure.PROBLEMS_SOLVED] = f"{counts['solved']} / {counts['recorded']}"
        rate = _percent(counts["satisfied"], counts["evaluated"])
        figures[Figure.SATISFACTION] = f"{rate}%" if rate is not None else None
    if Figure.MEMBERS_REPORTED in keys:
        figures[Figure.MEMBERS_REPORTED] = MemberReport.objects.filter(
            prefix_q("area_code", code[:COMMUNITY_CODE_LENGTH]),
            status=MemberReportStatus.CONFIRMED,
            reported_on__year__lte=year,
        ).count()
    if Figure.ALLIANCE_ACTIVITIES in keys:
        figures[Figure.ALLIANCE_ACTIVITIES] = Activity.objects.filter(
            prefix_q("area_code", code), held_on__year=year
        ).count()
    return figures


# A branch's scorecard -------------------------------------------------------------------------------


def scorecard(organization: PartyOrganization, year: int) -> dict:
    """Everything a branch's scorecard shows: the standard's tasks grouped by aspect, each with its
    points at each step, its evidence, its changes and the portal's figure; the stars by year. A
    fixed number of queries whatever the size."""
    standard = standard_with_tasks(year)
    scores = list(
        BranchScore.objects.filter(organization=organization)
        .order_by("-year")
        .only("id", "year", "status", "total", "confirmed_total", "stars")
    )
    score = next((row for row in scores if row.year == year), None)
    items, changes = {}, defaultdict(list)
    if score is not None:
        items = {item.task_id: item for item in score.items.all()}
        for change in ScoreChange.objects.filter(score=score).select_related("actor").order_by("at", "id"):
            changes[change.task_id].append(change)
    evidence = defaultdict(list)
    for row in Evidence.objects.filter(organization=organization, year=year).order_by("id"):
        evidence[row.task_id].append(row)
    tasks = list(standard.tasks.all()) if standard else []
    figures = portal_figures(organization, year, {task.figure for task in tasks if task.figure})
    aspects = []
    for aspect in Aspect:
        rows = [
            {
                "task": task,
                "item": items.get(task.pk),
                "evidence": evidence.get(task.pk, []),
                "changes": changes.get(task.pk, []),
                "figure_label": Figure(task.figure).label if task.figure else "",
                "figure": figures.get(task.figure) if task.figure else None,
            }
            for task in tasks
            if task.aspect == aspect
        ]
        if rows:
            aspects.append(
                {
                    "aspect": aspect,
                    "label": aspect.label,
                    "points": sum(row["task"].points for row in rows),
                    "scored": getattr(score, ASPECT_FIELDS[aspect]) if score else None,
                    "rows": rows,
                }
            )
    return {"standard": standard, "score": score, "aspects": aspects, "tasks": tasks, "items": items,
            "history": [row for row in scores if row.stars is not None]}  # fmt: skip


# The league table -----------------------------------------------------------------------------------

LEAGUE_SORTS = {"total": "total", "stars": "stars", **{aspect.value: field for aspect, field in ASPECT_FIELDS.items()}}


def league_rows(code: str, year: int, sort: str = "-total"):
    """The scores of ``year`` under ``code`` for the league table, with their organization's and
    area's names, sorted by ``sort`` (a key of ``LEAGUE_SORTS``, ``-`` for descending)."""
    key = sort.lstrip("-")
    field = LEAGUE_SORTS.get(key, "total")
    order = F(field).desc(nulls_last=True) if sort.startswith("-") or key not in LEAGUE_SORTS else F(field).asc()
    return (
        BranchScore.objects.filter(prefix_q("area_code", code), year=year)
        .annotate(organization_name=F("organization__name"), area_name=area_name_annotation())
        .order_by(order, "area_code", "id")
    )


def unscored_branches(code: str, year: int):
    """The organizations under ``code`` scored every year that have no score of ``year`` yet."""
    return (
        scored_organizations()
        .filter(prefix_q("area_code", code))
        .exclude(assessment_scores__year=year)
        .order_by("area_code", "name")
    )


def rectification_candidates(code: str, year: int):
    """The confirmed scores of ``year`` under ``code`` below the rectification threshold (a setting):
    the candidates for the rectification of weak and lax organizations, lowest first."""
    return (
        BranchScore.objects.filter(
            prefix_q("area_code", code),
            year=year,
            status=ScoreStatus.CONFIRMED,
            confirmed_total__lt=settings.ASSESSMENT_RECTIFICATION_BELOW,
        )
        .annotate(organization_name=F("organization__name"), area_name=area_name_annotation())
        .order_by("confirmed_total", "area_code", "id")
    )


# The figures of an area -----------------------------------------------------------------------------

ASPECT_KEYS = [aspect.value for aspect in Aspect]


def _figures(bucket: dict) -> dict:
    scored = bucket["branches_scored"]

    def average(total):
        return float(Decimal(total / scored).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)) if scored else None

    return {
        "branches_scored": scored,
        "average_score": average(bucket["total"]),
        "stars": {str(stars): bucket["stars"].get(stars, 0) for stars in STAR_LEVELS},
        "by_aspect": {key: average(bucket[key]) for key in ASPECT_KEYS},
        "below_threshold": bucket["below_threshold"],
    }


def _empty() -> dict:
    return {"branches_scored": 0, "total": 0, "below_threshold": 0, "stars": {}, **dict.fromkeys(ASPECT_KEYS, 0)}


def _kept_bucket(kept: dict, threshold: int) -> dict:
    """One area's bucket from its kept ``assessment.scores`` figures."""
    bucket = _empty()
    for figure, value in kept.items():
        if figure == "n":
            bucket["branches_scored"] = value
        elif figure == "total":
            bucket["total"] = value
        elif figure.startswith(STARS):
            bucket["stars"][int(figure.removeprefix(STARS))] = value
        elif figure.startswith(ASPECT):
            bucket[figure.removeprefix(ASPECT)] = value
        elif figure.startswith(POINTS) and int(figure.removeprefix(POINTS)) < threshold:
            bucket["below_threshold"] += value
    return bucket


def assessment_buckets(area: Area, year: int) -> tuple[dict, dict[str, dict]]:
    """The confirmed scores of ``year`` under the area added up, for the area and per direct child:
    read from the kept counts (``projects/assessment/counts.py``), one query whatever the number of
    branches; the branches below the rectification line are those kept at fewer points than it."""
    threshold = settings.ASSESSMENT_RECTIFICATION_BELOW
    month = f"{year:04d}-01"
    kept = kept_figures((SCORES,), code=area.code, child_length=area.child_code_length, months=Months(month, month, ()))
    own = _kept_bucket(kept.get(area.code, {}).get(SCORES, {}), threshold)
    children: dict[str, dict] = defaultdict(_empty)
    for code, families in kept.items():
        if code != area.code:
            children[code] = _kept_bucket(families.get(SCORES, {}), threshold)
    return own, children


def assessment_figures(area: Area, year: int) -> dict:
    """``GET /api/stats/assessment/``: the confirmed scores of ``year`` of an area and of each direct
    child: branches scored, average score, count by stars, average per aspect, below the threshold;
    and the community party secretaries filed (``projects.filing.selectors.secretaries_filed``)."""
    own, children = assessment_buckets(area, year)
    filed_own, filed_children = secretaries_filed(area, year)
    reviews_own, reviews_children = review_buckets(area, year)
    rectification, rectification_children = rectification_buckets(area, year)
    return area_statistics(
        area,
        {
            **_figures(own),
            "secretaries_filed": filed_own,
            "reviews": review_figures(reviews_own),
            "rectification": rectification,
        },
        lambda child: {
            **_figures(children[child] if child in children else _empty()),
            "secretaries_filed": filed_children.get(child, NO_SECRETARIES_FILED),
            "reviews": review_figures(reviews_children[child] if child in reviews_children else _review_empty()),
            "rectification": rectification_children.get(child) or empty_rectification(),
        },
        year=year,
    )


def star_chart(area: Area, year: int, names: list[tuple[str, str]]) -> dict:
    """The stars per child area as a stacked bar chart's data (``_bar_chart.html``)."""
    _own, children = assessment_buckets(area, year)
    return {
        "categories": [name for _code, name in names],
        "series": [
            {
                "name": "★" * stars,
                "stack": "stars",
                "data": [children[code]["stars"].get(stars, 0) if code in children else 0 for code, _name in names],
            }
            for stars in STAR_LEVELS
        ],
        "colors": ["#d4242c", "#e8622c", "#f0a030", "#9aa5b1", "#5c6b7a"],
    }


# The annual report-and-review (述职评议) -------------------------------------------------------------

# The areas whose organization department runs a round: the city (its districts' organizations
# report) and a district (its streets' and communities' organizations report).
ROUND_AREA_LENGTHS = (4, 6)
# The lengths of the codes of the organizations reporting in a round, by the round's area.
REPORTING_LENGTHS = {4: (6,), 6: (9, 12)}
GRADE_KEYS = [grade.value for grade in ReviewGrade]
GRADE_COLORS = {"good": "#d4242c", "fairly_good": "#f0a030", "average": "#9aa5b1", "poor": "#5c6b7a"}


def _reporting_base():
    return PartyOrganization.objects.filter(
        kind__in=COMMUNITY_ORGANIZATION_KINDS, host_unit_kind=SCORED_HOST, is_active=True
    )


def reporting_organizations(round_code: str):
    """The organizations whose secretaries report in the round of ``round_code``: the area's own party
    organizations (a committee, general branch or branch standing for the area, not one sitting in a
    unit) one level below a city (the districts'), or at the streets and communities of a district."""
    return _reporting_base().filter(
        prefix_q("area_code", round_code), area_code__length__in=REPORTING_LENGTHS.get(len(round_code), ())
    )


def round_reports(review_round, user):
    """The reports of a round the user sees, with their organization's, secretary's and area's names,
    their number of grades and the count of each grade: one query."""
    grade_counts = {f"votes_{key}": Count("votes", filter=Q(votes__grade=key)) for key in GRADE_KEYS}
    return (
        SecretaryReport.objects.visible_to(user)
        .filter(round=review_round)
        .annotate(
            organization_name=F("organization__name"),
            secretary_name=F("secretary__name"),
            area_name=area_name_annotation(),
            vote_count=Count("votes"),
            **grade_counts,
        )
        .order_by(F("rank").asc(nulls_last=True), "area_code", "id")
    )


def round_not_reported(review_round, user):
    """The organizations of the round the user sees without a submitted report (none, or a draft)."""
    return (
        reporting_organizations(review_round.area_code)
        .visible_to(user)
        .exclude(
            Exists(
                SecretaryReport.objects.filter(
                    round=review_round, organization=OuterRef("pk"), status=ReportStatus.SUBMITTED
                )
            )
        )
        .annotate(area_name=area_name_annotation())
        .order_by("area_code", "name")
    )


def grade_distribution(reports) -> dict:
    """The published results of ``reports`` (rows of ``round_reports``) counted by grade, as a bar
    chart's data (``_bar_chart.html``)."""
    counts = dict.fromkeys(GRADE_KEYS, 0)
    for report in reports:
        if report.result:
            counts[report.result] += 1
    return {
        "categories": [str(grade.label) for grade in ReviewGrade],
        "series": [{"name": str(_("Reports")), "data": [counts[key] for key in GRADE_KEYS]}],
        "colors": [GRADE_COLORS[key] for key in GRADE_KEYS],
        "counts": counts,
    }


def report_page(report) -> dict:
    """A report's sections and its votes with their reviewers (two queries)."""
    return {
        "sections": list(report.sections.order_by("number")),
        "votes": list(report.votes.select_related("reviewer").order_by("at", "id")),
    }


def _review_empty() -> dict:
    return {"reported": 0, "not_reported": 0, **dict.fromkeys(GRADE_KEYS, 0)}


def _reporting_figures(code: str, child_length: int | None, year: int) -> tuple[dict, dict]:
    """The kept reports of ``year`` (and organizations that reported) and the organizations that
    report in a round, of the area ``code`` and its children of ``child_length``: two reads."""
    months = Months(f"{year}-01", f"{year}-01", ())
    return (
        kept_figures((REPORTS, REPORTING), code=code, child_length=child_length, months=months),
        kept_figures((REPORTING,), code=code, child_length=child_length, figures=(AT,)),
    )


def _not_reported(key: str, year_figures: dict, standing: dict, rounds: set[str]) -> int:
    """The organizations of the area ``key`` (a district's or below) in a round of the year that
    did not report: a district's organization when the city has a round, a street's or a
    community's when their district has one."""
    reported = year_figures.get(key, {}).get(REPORTING, {})
    missing = 0
    for figure, value in standing.get(key, {}).get(REPORTING, {}).items():
        org_length = int(figure.removeprefix(AT))
        round_length = next((area for area, lengths in REPORTING_LENGTHS.items() if org_length in lengths), None)
        if round_length is not None and key[:round_length] in rounds:
            missing += value - reported.get(f"{REPORTED_AT}{org_length}", 0)
    return missing


def review_buckets(area: Area, year: int) -> tuple[dict, dict[str, dict]]:
    """The year's report-and-review under the area, for the area and per direct child: the
    submitted reports by published result, and the organizations of a round of the year without a
    submitted report. Read from the kept counts (``projects/assessment/counts.py``): the year's
    rounds and two reads of counts (two more for the city seen down to streets or communities),
    whatever the number of organizations and reports."""
    code = area.code
    child_length = area.child_code_length
    rounds = set(ReviewRound.objects.filter(year=year).values_list("area_code", flat=True))
    year_figures, standing = _reporting_figures(code, child_length, year)

    def bucket_of(key: str) -> dict:
        reports = year_figures.get(key, {}).get(REPORTS, {})
        bucket = {
            **_review_empty(),
            "reported": reports.get("reported", 0),
            **{grade: reports.get(f"{RESULT}{grade}", 0) for grade in GRADE_KEYS},
        }
        if len(key) >= DISTRICT_CODE_LENGTH:
            bucket["not_reported"] = _not_reported(key, year_figures, standing, rounds)
        return bucket

    children = {key: bucket_of(key) for key in {*year_figures, *standing} if key != code}
    own = bucket_of(code)
    if len(code) < DISTRICT_CODE_LENGTH:
        # The city: its districts' organizations are in a round or not by district.
        if child_length == DISTRICT_CODE_LENGTH:
            district_figures, district_standing = year_figures, standing
        else:
            district_figures, district_standing = _reporting_figures(code, DISTRICT_CODE_LENGTH, year)
        own["not_reported"] = sum(
            _not_reported(key, district_figures, district_standing, rounds)
            for key in district_standing
            if len(key) == DISTRICT_CODE_LENGTH
        )
    return own, children


def review_figures(bucket: dict) -> dict:
    """The ``reviews`` figures of one area: the published results by grade, reported, not reported."""
    return {
        "grades": {key: bucket[key] for key in GRADE_KEYS},
        "reported": bucket["reported"],
        "not_reported": bucket["not_reported"],
    }
