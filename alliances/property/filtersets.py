"""FilterSets of red-heart property, shared by the API and the pages."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jilin_grid.filters import ScopedFilterSet

from .choices import AppointmentDirection, ManagementMode, Party
from .models import (
    CompoundMode,
    CrossAppointment,
    DeliberationMeeting,
    FeeCollection,
    OwnersCommittee,
    PropertyCompany,
    Resolution,
)


class PropertyCompanyFilterSet(ScopedFilterSet):
    """Property companies by area, name, and active or not."""

    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = PropertyCompany
        fields = ["area", "is_active"]


class CompoundModeFilterSet(ScopedFilterSet):
    """Changes of mode by area, compound and mode."""

    search_fields = ("compound__name__icontains", "council_name__icontains")
    mode = django_filters.ChoiceFilter(choices=ManagementMode.choices, label=_("Management mode"))

    class Meta:
        model = CompoundMode
        fields = ["area", "compound", "mode"]


class OwnersCommitteeFilterSet(ScopedFilterSet):
    """Owners' committees by area, compound and compound name."""

    search_fields = ("compound__name__icontains",)

    class Meta:
        model = OwnersCommittee
        fields = ["area", "compound"]


class CrossAppointmentFilterSet(ScopedFilterSet):
    """Cross-appointments by area, company, direction, and held or not."""

    search_fields = ("person_name__icontains", "post__icontains")
    direction = django_filters.ChoiceFilter(choices=AppointmentDirection.choices, label=_("Direction"))
    held = django_filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull", label=_("Still held"))

    class Meta:
        model = CrossAppointment
        fields = ["area", "company", "direction", "held"]


class MeetingFilterSet(ScopedFilterSet):
    """Deliberation meetings by area, topic and day."""

    search_fields = ("topics__icontains",)
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label=_("Held from"))
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label=_("Held until"))

    class Meta:
        model = DeliberationMeeting
        fields = ["area", "held_from", "held_to"]


class ResolutionFilterSet(ScopedFilterSet):
    """Resolutions by area, text, meeting and party."""

    search_fields = ("text__icontains",)
    party = django_filters.ChoiceFilter(choices=Party.choices, label=_("Assigned to"))

    class Meta:
        model = Resolution
        fields = ["area", "meeting", "party"]


class FeeCollectionFilterSet(ScopedFilterSet):
    """Fee collections by area, compound and month."""

    search_fields = ("compound__name__icontains",)
    month_from = django_filters.DateFilter(field_name="month", lookup_expr="gte", label=_("From month"))
    month_to = django_filters.DateFilter(field_name="month", lookup_expr="lte", label=_("Until month"))

    class Meta:
        model = FeeCollection
        fields = ["area", "compound", "month_from", "month_to"]
