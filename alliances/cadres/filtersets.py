"""FilterSets of the sunk cadres, shared by the API and the list pages.

Departments are offered from the caller's areas and those above them (a city department serves a
community); checkpoints from the caller's areas.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from alliances.loop.filtersets import _reachable, _visible
from jilin_grid.filters import ScopedFilterSet

from .models import CadreAssignment, Checkpoint, Department, DutyShift

reachable_departments = _reachable(Department)
visible_checkpoints = _visible(Checkpoint)


# Cadres sunk to communities.


class DepartmentFilterSet(ScopedFilterSet):
    """Departments by area and active state."""

    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Department
        fields = ["area", "is_active"]


class CheckpointFilterSet(ScopedFilterSet):
    """Checkpoints by area, name or address, and active state."""

    search_fields = ("name__icontains", "address__icontains")
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Checkpoint
        fields = ["area", "is_active"]


class CadreAssignmentFilterSet(ScopedFilterSet):
    """Assignments by area, department, checkpoint, in force on a day, and the cadre's name or duty."""

    search_fields = ("cadre__name__icontains", "duty__icontains", "department__name__icontains")
    department = django_filters.ModelChoiceFilter(queryset=reachable_departments, label=_("Department"))
    checkpoint = django_filters.ModelChoiceFilter(queryset=visible_checkpoints, label=_("Checkpoint"))
    on = django_filters.DateFilter(method="filter_on", label=_("In force on"))

    class Meta:
        model = CadreAssignment
        fields = ["area", "department", "checkpoint", "on"]

    def filter_on(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(start_on__lte=value).exclude(end_on__lt=value)


class DutyShiftFilterSet(ScopedFilterSet):
    """Duty shifts by area, assignment and day range."""

    search_fields = ("assignment__cadre__name__icontains",)
    assignment = django_filters.NumberFilter(field_name="assignment", label=_("Assignment"))
    starts_from = django_filters.DateFilter(field_name="starts_at__date", lookup_expr="gte", label=_("From"))
    starts_to = django_filters.DateFilter(field_name="starts_at__date", lookup_expr="lte", label=_("Until"))

    class Meta:
        model = DutyShift
        fields = ["area", "assignment", "starts_from", "starts_to"]
