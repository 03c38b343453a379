"""FilterSets of the alliances, shared by the API and the list pages.

Every FilterSet has ``area`` (code prefix) and ``q`` (text search) from ``ScopedFilterSet``.
Related objects offered as choices (alliances, member units, party organizations) are limited to
those the caller sees; without a request, none.
"""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import PartyOrganization
from jilin_grid.filters import ScopedFilterSet
from jilin_grid.scope import get_scope

from .choices import ActivityKind, MemberUnitKind, ProblemStep
from .models import Activity, Alliance, AllianceProblem, Decision, Meeting, MemberUnit, Venue


def _visible(model):
    def queryset(request):
        if request is None:
            return model.objects.none()
        return model.objects.visible_to(request.user)

    return queryset


visible_alliances = _visible(Alliance)
visible_member_units = _visible(MemberUnit)
visible_organizations = _visible(PartyOrganization)
visible_activities = _visible(Activity)


def _reachable(model):
    """Objects of the user's areas and of the areas above them (a city department serving a
    community, the organization of a member's work unit)."""

    def queryset(request):
        if request is None:
            return model.objects.none()
        return model.objects.filter(get_scope(request.user).reach_q(model.scope_field))

    return queryset


reachable_organizations = _reachable(PartyOrganization)


class AllianceFilterSet(ScopedFilterSet):
    """Alliances by area, name or charter, lead organization and active state."""

    search_fields = ("name__icontains", "lead_organization__name__icontains", "charter__icontains")
    lead_organization = django_filters.ModelChoiceFilter(queryset=visible_organizations, label=_("Lead organization"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Alliance
        fields = ["area", "lead_organization", "is_active"]


class MemberUnitFilterSet(ScopedFilterSet):
    """Member units by area, alliance, kind, name or contact, and active state."""

    search_fields = ("name__icontains", "contact_name__icontains", "resources__icontains")
    alliance = django_filters.ModelChoiceFilter(queryset=visible_alliances, label=_("Alliance"))
    kind = django_filters.MultipleChoiceFilter(choices=MemberUnitKind.choices, label=_("Kind"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = MemberUnit
        fields = ["area", "alliance", "kind", "is_active"]


class VenueFilterSet(ScopedFilterSet):
    """Venues by area, alliance (of the member unit), name or address, and whether open."""

    search_fields = ("name__icontains", "address__icontains", "member__name__icontains")
    alliance = django_filters.ModelChoiceFilter(
        field_name="member__alliance", queryset=visible_alliances, label=_("Alliance")
    )
    is_open = django_filters.BooleanFilter(label=_("Open to residents"))

    class Meta:
        model = Venue
        fields = ["area", "alliance", "is_open"]


class ActivityFilterSet(ScopedFilterSet):
    """Activities by area, alliance, kind and date range."""

    search_fields = ("title__icontains", "place__icontains")
    alliance = django_filters.ModelChoiceFilter(queryset=visible_alliances, label=_("Alliance"))
    kind = django_filters.MultipleChoiceFilter(choices=ActivityKind.choices, label=_("Kind"))
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label=_("Held from"))
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label=_("Held until"))

    class Meta:
        model = Activity
        fields = ["area", "alliance", "kind", "held_from", "held_to"]


class AllianceProblemFilterSet(ScopedFilterSet):
    """Alliances' problems by area, alliance and step of the loop."""

    search_fields = ("title__icontains", "description__icontains")
    alliance = django_filters.ModelChoiceFilter(queryset=visible_alliances, label=_("Alliance"))
    step = django_filters.MultipleChoiceFilter(choices=ProblemStep.choices, label=_("Step"))

    class Meta:
        model = AllianceProblem
        fields = ["area", "alliance", "step"]


class MeetingFilterSet(ScopedFilterSet):
    """Joint meetings by area and alliance; the search looks in the minutes."""

    search_fields = ("minutes__icontains", "alliance__name__icontains")
    alliance = django_filters.ModelChoiceFilter(queryset=visible_alliances, label=_("Alliance"))

    class Meta:
        model = Meeting
        fields = ["area", "alliance"]


class DecisionFilterSet(ScopedFilterSet):
    """Decisions by area, alliance, assigned unit, reported or not, and overdue (deadline passed,
    not reported)."""

    search_fields = ("action__icontains", "report__icontains", "problem__title__icontains")
    alliance = django_filters.ModelChoiceFilter(
        field_name="meeting__alliance", queryset=visible_alliances, label=_("Alliance")
    )
    assigned_to = django_filters.ModelChoiceFilter(queryset=visible_member_units, label=_("Assigned unit"))
    reported = django_filters.BooleanFilter(
        field_name="reported_on", lookup_expr="isnull", exclude=True, label=_("Reported")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = Decision
        fields = ["area", "alliance", "assigned_to", "reported", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = Decision.overdue_q(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)
