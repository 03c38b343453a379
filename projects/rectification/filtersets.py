"""FilterSets of the rectification cases, shared by the API and the list page."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jilin_grid.filters import ScopedFilterSet

from .choices import CaseSource, CaseStatus
from .models import Measure, ProblemKind, RectificationCase


class RectificationCaseFilterSet(ScopedFilterSet):
    """Cases by area, status (open or rectified), year identified, source, problem found and overdue
    measures; ``q`` searches the organization's name."""

    search_fields = ("organization__name__icontains",)
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("Status"))
    year = django_filters.NumberFilter(label=_("Year identified"))
    source = django_filters.ChoiceFilter(choices=CaseSource.choices, label=_("Identified from"))
    problem = django_filters.ModelChoiceFilter(
        field_name="problems", queryset=ProblemKind.objects.all(), label=_("Problem found")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("With overdue measures"))

    class Meta:
        model = RectificationCase
        fields = ["area", "status", "year", "source", "problem", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Exists(
            Measure.objects.filter(case=OuterRef("pk"), done_on__isnull=True, due_on__lt=timezone.localdate())
        )
        return queryset.filter(overdue if value else ~overdue)
