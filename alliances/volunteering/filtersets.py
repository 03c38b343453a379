"""FilterSets of in-service members' volunteering, shared by the API and the list pages.

Related objects offered as choices (members, posts, service kinds) are limited to those the caller
sees; without a request, none.
"""

from __future__ import annotations

import django_filters
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alliances.loop.filtersets import _visible, reachable_organizations, visible_activities
from jilin_grid.filters import ScopedFilterSet

from .choices import MemberReportStatus
from .models import (
    InServiceMember,
    MemberReport,
    PostClaim,
    ServiceKind,
    ServicePost,
    ServiceRecord,
)

visible_members = _visible(InServiceMember)
visible_posts = _visible(ServicePost)


def active_service_kinds(request):
    return ServiceKind.objects.filter(is_active=True)


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
    status = django_filters.MultipleChoiceFilter(choices=MemberReportStatus.choices, label=_("Status"))
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
