"""FilterSets of the grid network, shared by the API and the list pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from jilin_grid.filters import ScopedFilterSet

from .choices import ChiefKind, Employment
from .models import Building, ChiefAssignment, Grid, GridWorker, ResidentialCompound, Unit


class GridFilterSet(ScopedFilterSet):
    search_fields = ("name__icontains", "code__startswith")

    class Meta:
        model = Grid
        fields = ["community", "is_active"]


class ResidentialCompoundFilterSet(ScopedFilterSet):
    search_fields = ("name__icontains", "address__icontains")

    class Meta:
        model = ResidentialCompound
        fields = ["community", "is_active"]


class BuildingFilterSet(ScopedFilterSet):
    search_fields = ("name__icontains", "compound__name__icontains")

    class Meta:
        model = Building
        fields = ["grid", "compound", "is_active"]


class UnitFilterSet(ScopedFilterSet):
    search_fields = ("building__name__icontains",)

    class Meta:
        model = Unit
        fields = ["building", "is_active"]


class GridWorkerFilterSet(ScopedFilterSet):
    search_fields = ("person__name__icontains",)
    employment = django_filters.ChoiceFilter(choices=Employment.choices, label=_("Employment"))

    class Meta:
        model = GridWorker
        fields = ["grid", "employment", "is_active"]


class ChiefAssignmentFilterSet(ScopedFilterSet):
    search_fields = ("person__name__icontains", "place_name__icontains")
    kind = django_filters.MultipleChoiceFilter(choices=ChiefKind.choices, label=_("Kind"))

    class Meta:
        model = ChiefAssignment
        fields = ["grid", "kind", "building", "unit", "is_active"]
