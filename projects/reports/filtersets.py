"""FilterSets of the dispatch reports, shared by the API and the list pages."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jilin_grid.filters import ScopedFilterSet

from .choices import ReportJobStatus, ReportKind
from .models import ReportJob


class ReportFilterSet(ScopedFilterSet):
    """Reports by kind, period, area (code prefix) and status."""

    search_fields = ("area_name__icontains", "period__startswith")
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, label=_("Kind"))
    period = django_filters.CharFilter(label=_("Period"))
    status = django_filters.ChoiceFilter(choices=ReportJobStatus.choices, label=_("Status"))

    class Meta:
        model = ReportJob
        fields = ["area", "kind", "period", "status"]
