"""FilterSets of the red stations and the family stations, shared by the API and the list pages."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jilin_grid.filters import ScopedFilterSet

from .models import FamilyStation, RedStation, StationFunction


class RedStationFilterSet(ScopedFilterSet):
    """Red stations by area, name or place, a function they offer, and open or closed."""

    search_fields = ("name__icontains", "place__icontains", "former_booth__icontains")
    function = django_filters.ModelChoiceFilter(
        field_name="functions", queryset=StationFunction.objects.filter(is_active=True), label=_("Function")
    )
    opened_from = django_filters.DateFilter(field_name="opened_on", lookup_expr="gte", label=_("Opened from"))
    is_active = django_filters.BooleanFilter(label=_("Open"))

    class Meta:
        model = RedStation
        fields = ["area", "function", "opened_from", "is_active"]


class FamilyStationFilterSet(ScopedFilterSet):
    """Family stations by area, host or place, and open or closed."""

    search_fields = ("host__icontains", "place__icontains", "service_feature__icontains")
    is_active = django_filters.BooleanFilter(label=_("Open"))

    class Meta:
        model = FamilyStation
        fields = ["area", "is_active"]
