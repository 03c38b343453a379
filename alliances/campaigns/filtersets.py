"""FilterSets of the campaigns and their records, shared by the API and the list pages."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jilin_grid.filters import ScopedFilterSet

from .choices import SupplyKind, SupportKind, TaskState
from .models import Campaign, CampaignKind, CampaignShift, Donation, HouseholdVisit, SupplyGift, SupportTask


class CampaignFilterSet(ScopedFilterSet):
    """Campaigns by area, title, kind, and open or closed."""

    search_fields = ("title__icontains",)
    kind = django_filters.ModelChoiceFilter(queryset=CampaignKind.objects.all(), label=_("Kind"))
    is_closed = django_filters.BooleanFilter(label=_("Closed"))

    class Meta:
        model = Campaign
        fields = ["area", "kind", "is_closed"]


class CampaignRecordFilterSet(ScopedFilterSet):
    """A campaign's records by area and campaign."""

    campaign = django_filters.NumberFilter(field_name="campaign", label=_("Campaign"))


class VisitFilterSet(CampaignRecordFilterSet):
    search_fields = ("note__icontains",)
    visited_on = django_filters.DateFilter(label=_("Visited on"))

    class Meta:
        model = HouseholdVisit
        fields = ["area", "campaign", "visited_on"]


class ShiftFilterSet(ScopedFilterSet):
    search_fields = ("person__name__icontains", "post__name__icontains")
    campaign = django_filters.NumberFilter(field_name="post__campaign", label=_("Campaign"))

    class Meta:
        model = CampaignShift
        fields = ["area", "campaign"]


class SupportTaskFilterSet(CampaignRecordFilterSet):
    search_fields = ("title__icontains", "member_unit__name__icontains")
    kind = django_filters.ChoiceFilter(choices=SupportKind.choices, label=_("Kind"))
    state = django_filters.ChoiceFilter(choices=TaskState.choices, label=_("State"))

    class Meta:
        model = SupportTask
        fields = ["area", "campaign", "kind", "state"]


class SupplyFilterSet(CampaignRecordFilterSet):
    search_fields = ("member_unit__name__icontains",)
    kind = django_filters.ChoiceFilter(choices=SupplyKind.choices, label=_("Kind"))

    class Meta:
        model = SupplyGift
        fields = ["area", "campaign", "kind"]


class DonationFilterSet(CampaignRecordFilterSet):
    search_fields = ("donor_name__icontains", "unit_name__icontains", "receipt_number__icontains")

    class Meta:
        model = Donation
        fields = ["area", "campaign"]
