"""FilterSets of the alliances, shared by the API and the list pages.

Every FilterSet has ``area`` (code prefix) and ``q`` (text search) from ``ScopedFilterSet``.
Related objects offered as choices (alliances, member units, party organizations) are limited to
those the caller sees; without a request, none.
"""

from __future__ import annotations

import django_filters
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import PartyOrganization
from jilin_grid.filters import ScopedFilterSet
from jilin_grid.scope import get_scope

from .choices import ActivityKind, MemberUnitKind, ProblemStep, ReportStatus
from .models import (
    Activity,
    Alliance,
    AllianceProblem,
    CadreAssignment,
    Checkpoint,
    Decision,
    Department,
    DutyShift,
    InServiceMember,
    Meeting,
    MemberReport,
    MemberUnit,
    PostClaim,
    ServiceKind,
    ServicePost,
    ServiceRecord,
    Venue,
)


def _visible(model):
    def queryset(request):
        if request is None:
            return model.objects.none()
        return model.objects.visible_to(request.user)

    return queryset


visible_alliances = _visible(Alliance)
visible_member_units = _visible(MemberUnit)
visible_organizations = _visible(PartyOrganization)
visible_members = _visible(InServiceMember)
visible_posts = _visible(ServicePost)
visible_activities = _visible(Activity)


def _reachable(model):
    """Objects of the user's areas and of the areas above them (a city department serving a
    community, the organization of a member's work unit)."""

    def queryset(request):
        if request is None:
            return model.objects.none()
        return model.objects.filter(get_scope(request.user).reach_q(model.scope_field))

    return queryset


reachable_departments = _reachable(Department)
reachable_organizations = _reachable(PartyOrganization)
visible_checkpoints = _visible(Checkpoint)


def active_service_kinds(request):
    return ServiceKind.objects.filter(is_active=True)


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
        condition = Q(reported_on__isnull=True, deadline__lt=timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)


# In-service members and volunteer service.


class InServiceMemberFilterSet(ScopedFilterSet):
    """In-service members by area (the community of their latest report), employer organization,
    name, phone, unit or skills."""

    search_fields = (
        "person__name__icontains",
        "person__phone__contains",
        "unit_name__icontains",
        "skills__icontains",
    )
    organization = django_filters.ModelChoiceFilter(
        queryset=reachable_organizations, label=_("Party organization of the work unit")
    )

    class Meta:
        model = InServiceMember
        fields = ["area", "organization"]


class MemberReportFilterSet(ScopedFilterSet):
    """Members' reports by area, member, status and reporting date."""

    search_fields = ("member__person__name__icontains", "member__unit_name__icontains", "community__name__icontains")
    member = django_filters.ModelChoiceFilter(queryset=visible_members, label=_("Member"))
    status = django_filters.MultipleChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    reported_from = django_filters.DateFilter(field_name="reported_on", lookup_expr="gte", label=_("Reported from"))
    reported_to = django_filters.DateFilter(field_name="reported_on", lookup_expr="lte", label=_("Reported until"))

    class Meta:
        model = MemberReport
        fields = ["area", "member", "status", "reported_from", "reported_to"]


class ServicePostFilterSet(ScopedFilterSet):
    """Service posts by area, kind, open or closed, and with places left."""

    search_fields = ("title__icontains", "description__icontains", "place__icontains")
    kind = django_filters.ModelMultipleChoiceFilter(queryset=active_service_kinds, label=_("Kind"))
    is_open = django_filters.BooleanFilter(field_name="closed_on", lookup_expr="isnull", label=_("Open"))
    has_places = django_filters.BooleanFilter(method="filter_has_places", label=_("Places left"))

    class Meta:
        model = ServicePost
        fields = ["area", "kind", "is_open", "has_places"]

    def filter_has_places(self, queryset, name, value):
        if value is None:
            return queryset
        condition = Q(claimed__lt=models.F("places"))
        return queryset.filter(condition) if value else queryset.exclude(condition)


class PostClaimFilterSet(ScopedFilterSet):
    """Claims by area, post, member, and whether still held."""

    search_fields = ("member__person__name__icontains", "post__title__icontains")
    post = django_filters.ModelChoiceFilter(queryset=visible_posts, label=_("Post"))
    member = django_filters.ModelChoiceFilter(queryset=visible_members, label=_("Member"))
    active = django_filters.BooleanFilter(field_name="withdrawn_on", lookup_expr="isnull", label=_("Held"))

    class Meta:
        model = PostClaim
        fields = ["area", "post", "member", "active"]


class ServiceRecordFilterSet(ScopedFilterSet):
    """Service records by area, member, post, activity, kind, verified or not, and date range."""

    search_fields = ("member__person__name__icontains", "note__icontains")
    member = django_filters.ModelChoiceFilter(queryset=visible_members, label=_("Member"))
    post = django_filters.ModelChoiceFilter(queryset=visible_posts, label=_("Post"))
    activity = django_filters.ModelChoiceFilter(queryset=visible_activities, label=_("Activity"))
    kind = django_filters.ModelMultipleChoiceFilter(queryset=active_service_kinds, label=_("Kind"))
    verified = django_filters.BooleanFilter(
        field_name="verified_at", lookup_expr="isnull", exclude=True, label=_("Verified")
    )
    served_from = django_filters.DateFilter(field_name="served_on", lookup_expr="gte", label=_("Served from"))
    served_to = django_filters.DateFilter(field_name="served_on", lookup_expr="lte", label=_("Served until"))

    class Meta:
        model = ServiceRecord
        fields = ["area", "member", "post", "activity", "kind", "verified", "served_from", "served_to"]


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
    assignment = django_filters.NumberFilter(field_name="assignment_id", label=_("Assignment"))
    starts_from = django_filters.DateFilter(field_name="starts_at__date", lookup_expr="gte", label=_("From"))
    starts_to = django_filters.DateFilter(field_name="starts_at__date", lookup_expr="lte", label=_("Until"))

    class Meta:
        model = DutyShift
        fields = ["area", "assignment", "starts_from", "starts_to"]
