"""Reads of the rectification of weak and lax organizations: the cases of an area with their
measures' progress (done, total, overdue: counted in the same query), a case's page, the latest
confirmed stars of communities (the ★★★★ rule of a paired community), and the ``rectification``
figures of ``GET /api/stats/assessment/``. A fixed number of queries whatever the size."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from jilin_grid.aggregates import rollup
from jilin_grid.areas import Area, area_name_annotation
from jilin_grid.scope import COMMUNITY_CODE_LENGTH
from projects.assessment.choices import ScoreStatus
from projects.assessment.models import BranchScore

from .choices import CaseStatus
from .models import Measure, RectificationCase


def today() -> date:
    return timezone.localdate()


def community_latest_stars(codes: list[str]) -> dict[str, tuple[int, int]]:
    """{community code: (year, stars)} of the latest confirmed score of each community's own party
    organization (the one at the community's code): one query."""
    latest: dict[str, tuple[int, int]] = {}
    rows = (
        BranchScore.objects.filter(area_code__in=codes, status=ScoreStatus.CONFIRMED)
        .order_by("area_code", "-year", "-stars")
        .values_list("area_code", "year", "stars")
    )
    for code, year, stars in rows:
        latest.setdefault(code, (year, stars))
    return latest


def open_case_of(organization_field: str):
    """The id of the open case of the organization in ``organization_field``, for ``annotate()``."""
    return Subquery(
        RectificationCase.objects.filter(organization=OuterRef(organization_field), status=CaseStatus.OPEN).values(
            "pk"
        )[:1]
    )


def with_progress(queryset, on: date | None = None):
    """Cases with ``measures_total``, ``measures_done`` and ``measures_overdue`` (not done, due
    before ``on``: today), their organization's, area's and paired community's names."""
    on = on or today()
    return queryset.annotate(
        measures_total=Count("measures", distinct=True),
        measures_done=Count("measures", filter=Q(measures__done_on__isnull=False), distinct=True),
        measures_overdue=Count(
            "measures", filter=Q(measures__done_on__isnull=True, measures__due_on__lt=on), distinct=True
        ),
        organization_name=F("organization__name"),
        paired_community_name=F("paired_community__name"),
        area_name=area_name_annotation(),
    )


def case_list(queryset):
    """The rows of the list of cases (and of its export): one query."""
    return with_progress(queryset.select_related("guarantor", "department")).order_by("status", "-year", "area_code",
                                                                                       "id")  # fmt: skip


def case_page(case: RectificationCase) -> dict:
    """Everything a case's page shows: problems, measures (with overdue flags), monthly progress,
    extensions, reporting members, the paired community's stars, the re-rating. Fixed queries."""
    on = today()
    measures = list(case.measures.order_by("due_on", "id"))
    for measure in measures:
        measure.overdue = measure.is_overdue(on)
    reports = list(case.member_reports.select_related("member__person", "community").order_by("member__person__name"))
    paired_stars = community_latest_stars([case.paired_community.code]).get(case.paired_community.code)
    return {
        "problems": list(case.problems.all()),
        "measures": measures,
        "measures_done": sum(1 for m in measures if m.done_on is not None),
        "measures_overdue": sum(1 for m in measures if m.overdue),
        "progress": list(case.progress.select_related("reported_by").order_by("-month")),
        "extensions": list(case.extensions.select_related("extended_by").order_by("extended_on", "id")),
        "reports": reports,
        "paired_stars": paired_stars,
    }


# The figures of an area, added to ``GET /api/stats/assessment/`` -----------------------------------

FIGURE_NAMES = ("identified", "open", "rectified", "overdue_measures")


def empty_figures() -> dict:
    return dict.fromkeys(FIGURE_NAMES, 0)


def rectification_buckets(area: Area, year: int) -> tuple[dict, dict[str, dict]]:
    """The rectification figures of ``year`` under the area and per direct child: two grouped queries.

    - ``identified``: cases identified in ``year``;
    - ``open``: cases identified in or before ``year`` and not accepted by its end;
    - ``rectified``: cases accepted in ``year``;
    - ``overdue_measures``: measures not done and due before today, of the cases identified in or
      before ``year`` still open today.
    """
    length = area.child_code_length or len(area.code)
    cases = rollup(
        RectificationCase.objects.all(),
        field="area_code",
        prefix=area.code,
        length=length,
        identified=Count("id", filter=Q(year=year)),
        open=Count("id", filter=Q(year__lte=year) & (Q(accepted_on__isnull=True) | Q(accepted_on__year__gt=year))),
        rectified=Count("id", filter=Q(status=CaseStatus.RECTIFIED, accepted_on__year=year)),
    )
    measures = rollup(
        Measure.objects.filter(
            case__status=CaseStatus.OPEN, case__year__lte=year, done_on__isnull=True, due_on__lt=today()
        ),
        field="case__area_code",
        prefix=area.code,
        length=length,
        overdue_measures=Count("id"),
    )
    own = empty_figures()
    children: dict[str, dict] = defaultdict(empty_figures)
    for grouped in (cases, measures):
        for (prefix,), values in grouped.items():
            for name, value in values.items():
                own[name] += value
                children[prefix][name] += value
    return own, children


def community_code(code: str) -> str:
    return code[:COMMUNITY_CODE_LENGTH]
