"""Writes of the trends: a month's figures of an area and every kept area below it, replacing what
was kept of that month (never a second row), one transaction per month."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jilin_grid.areas import area_get
from jilin_grid.bulk import insert_many
from jilin_grid.figures import Period
from jilin_grid.scope import COMMUNITY_CODE_LENGTH, prefix_q

from .models import TrendSnapshot
from .selectors import (
    FUTURE_MONTH,
    KEPT_LEVELS,
    MONTHS_REVERSED,
    NOT_KEPT_LEVEL,
    month_labels,
    month_period,
    month_rows,
)

NO_AREA = "没有这个区域。 / No area has that code."


def _root(area_code: str | None):
    area = area_get(area_code or settings.CITY_CODE)
    if area is None:
        raise ValueError(NO_AREA)
    if area.level not in KEPT_LEVELS:
        raise ValueError(NOT_KEPT_LEVEL)
    return area


@transaction.atomic
def trend_month_take(*, month: str, area_code: str | None = None, today: date | None = None) -> int:
    """Keep every family's figures of ``month`` (``"2020-06"``) for the area (default the city) and
    each kept area below it; answers the number of rows written.

    The rows of the families read replace that month's rows of those families in the area's subtree,
    so taking a month twice writes the same rows. A state family left out of a past month (no network
    snapshot of that month) keeps what an earlier run took while the month was under way.
    """
    period: Period = month_period(month)
    root = _root(area_code)
    rows = month_rows(root, period, today=today)
    taken_at = timezone.now()
    subtree = (Q(area_code=root.code) | prefix_q("area_code", root.code)) & Q(
        area_code__length__lte=COMMUNITY_CODE_LENGTH
    )
    written = sorted({row.family for row in rows})
    TrendSnapshot.objects.filter(subtree, month=period.label, family__in=written).delete()
    snapshots = [
        TrendSnapshot(
            area_code=row.area_code,
            month=period.label,
            family=row.family,
            figures=row.figures,
            source=row.source,
            state_on=row.state_on,
            taken_at=taken_at,
        )
        for row in rows
    ]
    for snapshot in snapshots[:1]:
        # The rows are all alike: validating one catches a malformed month or code before the write.
        snapshot.full_clean(validate_unique=False, validate_constraints=False)
    insert_many(TrendSnapshot, snapshots, batch_size=1000)
    return len(snapshots)


def trend_months_take(
    *, first: str, last: str, area_code: str | None = None, today: date | None = None
) -> dict[str, int]:
    """``trend_month_take`` for every month from ``first`` to ``last`` (both included), each month its
    own transaction: an interrupted back-fill keeps the months done, and running it again replaces
    them. Refuses (ValueError) a malformed month, a first month after the last, a month not begun
    and an area not kept, before writing anything. Answers the rows written by month."""
    start, end = month_period(first), month_period(last)
    if start.start > end.start:
        raise ValueError(MONTHS_REVERSED)
    if end.start > (today or timezone.localdate()):
        raise ValueError(FUTURE_MONTH)
    _root(area_code)
    return {
        month: trend_month_take(month=month, area_code=area_code, today=today) for month in month_labels(start, end)
    }
