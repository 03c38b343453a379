"""FilterSets of the one-stop desk, shared by the API and the list pages."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jilin_grid.filters import ScopedFilterSet

from .choices import CaseStatus, ServiceMode
from .models import Case, Matter, SocialWorker
from .selectors import overdue_q


class MatterFilterSet(ScopedFilterSet):
    """Matters of the catalogue by name, service mode, and in or out of the catalogue."""

    search_fields = ("name__icontains", "description__icontains")
    mode = django_filters.ChoiceFilter(choices=ServiceMode.choices, label=_("Service mode"))
    is_active = django_filters.BooleanFilter(label=_("In the catalogue"))

    class Meta:
        model = Matter
        fields = ["mode", "is_active"]


class SocialWorkerFilterSet(ScopedFilterSet):
    """Social workers by area, name, a matter they are skilled in, and active or not."""

    search_fields = ("person__name__icontains",)
    matter = django_filters.ModelChoiceFilter(
        field_name="matters", queryset=Matter.objects.all(), label=_("Skilled in")
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = SocialWorker
        fields = ["area", "matter", "is_active"]


class CaseFilterSet(ScopedFilterSet):
    """Cases by area, state, service mode, social worker, matter, overdue, and the day accepted."""

    search_fields = ("matter__name__icontains", "resident_name__icontains")
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("Status"))
    mode = django_filters.ChoiceFilter(field_name="matter__mode", choices=ServiceMode.choices, label=_("Service mode"))
    worker = django_filters.ModelChoiceFilter(
        queryset=SocialWorker.objects.select_related("person", "community"), label=_("Social worker")
    )
    matter = django_filters.ModelChoiceFilter(queryset=Matter.objects.all(), label=_("Matter"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    accepted_from = django_filters.DateFilter(field_name="accepted_on", lookup_expr="gte", label=_("Accepted from"))
    accepted_to = django_filters.DateFilter(field_name="accepted_on", lookup_expr="lte", label=_("Accepted until"))

    class Meta:
        model = Case
        fields = ["area", "status", "mode", "worker", "matter", "overdue", "accepted_from", "accepted_to"]

    def filter_overdue(self, queryset, name, value):
        condition = overdue_q(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)
