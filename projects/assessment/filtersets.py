"""FilterSets of the annual report-and-review, shared by the API and the list pages."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jilin_grid.filters import ScopedFilterSet

from .choices import ReportStatus, ReviewGrade, ReviewRoundStatus
from .models import ReviewRound, SecretaryReport


class ReviewRoundFilterSet(ScopedFilterSet):
    """Rounds by area (the department's), year and status."""

    search_fields = ("area_code__startswith",)
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.MultipleChoiceFilter(choices=ReviewRoundStatus.choices, label=_("Status"))

    class Meta:
        model = ReviewRound
        fields = ["area", "year", "status"]


class SecretaryReportFilterSet(ScopedFilterSet):
    """Secretaries' reports by area, round, year, status and result."""

    search_fields = ("organization__name__icontains", "secretary__name__icontains")
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.MultipleChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    result = django_filters.MultipleChoiceFilter(choices=ReviewGrade.choices, label=_("Result"))

    class Meta:
        model = SecretaryReport
        fields = ["area", "round", "year", "status", "result"]
