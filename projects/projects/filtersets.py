"""FilterSets of the No.1 projects, shared by the API and the list pages."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from communities.models import PartyOrganization
from jilin_grid.filters import ScopedFilterSet

from .choices import Light, ProjectStatus
from .models import ProgressReport, Project
from .selectors import with_light


def visible_organizations(request):
    """Party organizations the caller sees (none without a request)."""
    if request is None:
        return PartyOrganization.objects.none()
    return PartyOrganization.objects.visible_to(request.user)


class ProjectFilterSet(ScopedFilterSet):
    """Projects by area (code prefix), year, status, light, showcased, organization and text.

    Every project of the filtered queryset carries its light (``with_light``), evaluated today or
    on ``as_of`` when given, unless the queryset given to the FilterSet is annotated already.
    """

    search_fields = ("title__icontains", "organization__name__icontains", "responsible__icontains")
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.MultipleChoiceFilter(choices=ProjectStatus.choices, label=_("Status"))
    light = django_filters.MultipleChoiceFilter(choices=Light.choices, label=_("Light"))
    showcased = django_filters.BooleanFilter(label=_("Showcased"))
    organization = django_filters.ModelChoiceFilter(queryset=visible_organizations, label=_("Party organization"))
    as_of = django_filters.DateFilter(method="keep", label=_("Light as of (date)"))

    class Meta:
        model = Project
        fields = ["area", "year", "status", "light", "showcased", "organization"]

    def keep(self, queryset, name, value):
        """``as_of`` does not filter: it sets the day the light is judged on."""
        return queryset

    def filter_queryset(self, queryset):
        if "light" not in queryset.query.annotations:
            queryset = with_light(queryset, self.form.cleaned_data.get("as_of"))
        return super().filter_queryset(queryset)


class ProgressReportFilterSet(ScopedFilterSet):
    """Monthly progress by area (the project's), project, month and year."""

    search_fields = ("project__title__icontains", "done__icontains")
    project = django_filters.NumberFilter(field_name="project", label=_("Project"))
    month = django_filters.NumberFilter(label=_("Month"))
    year = django_filters.NumberFilter(field_name="project__year", label=_("Year"))

    class Meta:
        model = ProgressReport
        fields = ["area", "project", "month", "year"]
