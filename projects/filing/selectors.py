"""Reads of the secretaries' filing: the filings with their figures (age, years in post, training
hours in a year, last review result) for the lists, the API and the export; a filing's page; and the
``secretaries_filed`` figures of ``GET /api/stats/assessment/``.

Every read is a fixed number of queries: the figures of a row are subqueries of the list's one query,
and the statistics are one grouped query over the area (``jilin_grid.aggregates.rollup``) and the
courses' hours of the year from the kept counts (``counts.py``). The secretaries' figures are not
kept counts: they depend on the day asked about (ages, years in post), and a city files a few
hundred secretaries."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    CharField,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Replace
from django.utils import timezone

from jilin_grid.aggregates import rollup
from jilin_grid.areas import Area, area_name_annotation
from jilin_grid.counts.selectors import kept_figures, split_months
from projects.assessment.models import SecretaryReport

from .choices import CONDUCT_KINDS, PROMOTION_KINDS
from .counts import TRAINING
from .models import SecretaryFiling, Training, age_on


def training_hours_in(year: int):
    """The hours of the courses a filing's secretary started in ``year``, per row (0 when none)."""
    rows = (
        Training.objects.filter(filing=OuterRef("pk"), starts_on__year=year)
        .order_by()
        .values("filing")
        .annotate(total=Sum("hours"))
        .values("total")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def last_review_result():
    """The latest published result of the secretary's annual report-and-review at the organization."""
    return Subquery(
        SecretaryReport.objects.filter(organization=OuterRef("organization"), secretary=OuterRef("secretary"))
        .exclude(result="")
        .order_by("-year", "-id")
        .values("result")[:1]
    )


def default_training_year() -> int:
    return timezone.localdate().year


def filings_with_figures(year: int | None = None):
    """Every filing with its organization, secretary, area name, training hours of ``year`` (default:
    this year) and last review result, for the lists, the API and the export (one query a page)."""
    return SecretaryFiling.objects.select_related("organization", "secretary").annotate(
        training_hours=training_hours_in(year or default_training_year()),
        last_review=last_review_result(),
        area_name=area_name_annotation(),
    )


def filing_page(filing: SecretaryFiling) -> dict:
    """Everything a filing's page shows: its courses by year with their hours, its rewards and
    discipline, its promotions, the organization's previous secretaries and the review results of
    the organization by year (whoever reported). Five queries whatever the size."""
    trainings = list(filing.trainings.order_by("-starts_on", "-id"))
    by_year: dict[int, dict] = {}
    for training in trainings:
        bucket = by_year.setdefault(training.starts_on.year, {"year": training.starts_on.year, "hours": 0, "rows": []})
        bucket["hours"] += training.hours
        bucket["rows"].append(training)
    records = list(filing.records.order_by("-on", "-id"))
    history = list(
        SecretaryFiling.objects.filter(organization_id=filing.organization_id)
        .exclude(pk=filing.pk)
        .select_related("secretary")
        .order_by("-selected_on", "-id")
    )
    reviews = list(
        SecretaryReport.objects.filter(organization_id=filing.organization_id)
        .exclude(result="")
        .select_related("secretary")
        .order_by("-year", "-id")
    )
    return {
        "training_years": sorted(by_year.values(), key=lambda bucket: -bucket["year"]),
        "training_hours": sum(training.hours for training in trainings),
        "conduct": [record for record in records if record.kind in CONDUCT_KINDS],
        "promotions": [record for record in records if record.kind in PROMOTION_KINDS],
        "history": history,
        "reviews": reviews,
    }


def years_between(start: date, day: date) -> int:
    """Whole years from ``start`` to ``day`` (0 before a year has passed)."""
    return max(0, age_on(start, day))


# The figures of an area -----------------------------------------------------------------------------


def figures_day(year: int, today: date | None = None) -> date:
    """The day a year's figures describe: its last day, or today for this year."""
    today = today or timezone.localdate()
    return min(date(year, 12, 31), today)


def _whole_years(field: str, day: date):
    """Whole years from the date in ``field`` to ``day``, in SQL (SQLite and PostgreSQL alike): the
    dates as the numbers YYYYMMDD, whose difference divided by 10,000 is the whole years between
    them. Native text and integer functions only: no date function is called per row (on SQLite
    Django's date functions are Python)."""
    as_number = Cast(Replace(Cast(field, CharField()), Value("-"), Value("")), IntegerField())
    return ExpressionWrapper(
        (Value(day.year * 10_000 + day.month * 100 + day.day) - as_number) / Value(10_000),
        output_field=IntegerField(),
    )


def _average(total: int, count: int) -> float | None:
    if not count:
        return None
    return float((Decimal(total) / count).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _empty() -> dict:
    return {"filed": 0, "ages": 0, "years": 0, "training_hours": 0}


def _figures(bucket: dict) -> dict:
    return {
        "filed": bucket["filed"],
        "average_age": _average(bucket["ages"], bucket["filed"]),
        "average_years_in_post": _average(bucket["years"], bucket["filed"]),
        "training_hours": bucket["training_hours"],
    }


def secretaries_filed(area: Area, year: int, today: date | None = None) -> tuple[dict, dict[str, dict]]:
    """The secretaries filed in post at the end of ``year`` (today for this year) under the area,
    their average age and years in post that day, and the hours of the courses started in ``year``
    by the secretaries filed there: for the area and per direct child (``{code: figures}``). One
    grouped query, and the courses' hours from the kept counts (``counts.py``)."""
    day = figures_day(year, today)
    length = area.child_code_length or len(area.code)
    in_post = SecretaryFiling.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day), selected_on__lte=day)
    filed = rollup(
        in_post,
        field="area_code",
        prefix=area.code,
        length=length,
        filed=Count("id"),
        ages=Sum(_whole_years("birth_date", day)),
        years=Sum(_whole_years("selected_on", day)),
    )
    own = _empty()
    children: dict[str, dict] = defaultdict(_empty)
    for (prefix,), values in filed.items():
        for bucket in (own, children[prefix]):
            for name, value in values.items():
                bucket[name] += value
    months = split_months(date(year, 1, 1), date(year, 12, 31))
    hours = kept_figures((TRAINING,), code=area.code, child_length=area.child_code_length, months=months)
    for code, families in hours.items():
        bucket = own if code == area.code else children[code]
        bucket["training_hours"] += families.get(TRAINING, {}).get("hours", 0)
    return _figures(own), {code: _figures(bucket) for code, bucket in children.items()}


EMPTY_FIGURES = _figures(_empty())
