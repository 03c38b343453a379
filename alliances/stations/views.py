"""Pages of the red stations (红色驿站) and the family stations (党员示范活动家庭站点).

Every page starts from ``visible_to(user)`` (outside the area: 404); writing needs a writing role
over the station's community or an area above it (403 for read-only roles); every write calls
``alliances.stations.services``, whose refusals are shown beside the field (400, input kept). A
station's page runs a fixed number of queries whatever it holds.
"""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from jilin_grid.aggregates import per_row
from jilin_grid.exports import iso_date
from jilin_grid.scope import COMMUNITY_CODE_LENGTH
from jilin_grid.views import (
    Column,
    CommunityUpMixin,
    FilteredListView,
    PartCreateView,
    ScopedCreateView,
    ScopedQuerysetMixin,
    ScopedUpdateView,
    status_label,
)

from . import services
from .filtersets import FamilyStationFilterSet, RedStationFilterSet
from .forms import (
    ExpertForm,
    FamilyActivityForm,
    FamilyStationForm,
    OrganizationForm,
    RedStationForm,
    ServiceItemForm,
    StationEventForm,
    VolunteerForm,
)
from .models import FamilyActivity, FamilyStation, RedStation, StationExpert, StationServiceItem, StationVolunteer
from .selectors import station_page


class StationsPageMixin(CommunityUpMixin):
    """Red stations and family stations are kept by communities: a role whose areas are all grids is
    refused their pages, saying why (403), and has no menu entry for them."""

    denied_message = _("Red stations are kept by communities; your role works in a grid.")


def station_url(station) -> str:
    return reverse("alliances:red_station_detail", args=[station.pk])


def family_station_url(station) -> str:
    return reverse("alliances:family_station_detail", args=[station.pk])


# Red stations ------------------------------------------------------------------------------------


class RedStationListView(StationsPageMixin, FilteredListView):
    """The red stations of the user's areas, with their service items, experts and volunteers."""

    model = RedStation
    queryset = RedStation.objects.select_related("community")
    filterset_class = RedStationFilterSet
    title = _("Red stations")
    create_url_name = "alliances:red_station_create"
    edit_url_name = "alliances:red_station_edit"
    columns = [
        Column(_("Name"), lambda s: s.name, link=station_url, name="name"),
        Column(_("Community"), lambda s: s.community.name, name="community"),
        Column(_("Compound or street"), lambda s: s.place, name="place"),
        Column(_("Opened on"), lambda s: iso_date(s.opened_on)),
        Column(_("Opening hours"), lambda s: s.hours),
        Column(_("Service items"), lambda s: s.item_count),
        Column(_("Experts"), lambda s: s.expert_count),
        Column(_("Volunteers"), lambda s: s.volunteer_count),
        Column(_("Status"), status_label),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                item_count=per_row(StationServiceItem.objects.all(), Count("id"), field="station"),
                expert_count=per_row(StationExpert.objects.all(), Count("id"), field="station"),
                volunteer_count=per_row(StationVolunteer.objects.all(), Count("id"), field="station"),
            )
            .order_by("area_code", "name")
        )


class RedStationPageView(StationsPageMixin, ScopedQuerysetMixin, TemplateView):
    """A red station: its place and hours, its functions, service items, stationed organizations,
    experts, volunteers and events."""

    model = RedStation
    template_name = "alliances/stations/station_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            station = station_page(self.get_queryset(), self.kwargs["pk"])
        except RedStation.DoesNotExist as exc:
            raise Http404 from exc
        events = list(station.events.all())
        writable = self.scope.can_write(station.area_code)
        context.update(
            {
                "station": station,
                "title": station.name,
                "events": events,
                "participants": sum(event.participants for event in events),
                "writable": writable and station.is_active,
            }
        )
        return context


class RedStationFormMixin(StationsPageMixin):
    model = RedStation
    form_class = RedStationForm
    success_url_name = "alliances:red_station_list"


class RedStationCreateView(RedStationFormMixin, ScopedCreateView):
    """Community staff (or staff of an area above) open a red station."""

    area_length = COMMUNITY_CODE_LENGTH
    success_message = _("Red station added.")

    def perform(self, form):
        return services.station_add(**form.cleaned_data)


class RedStationUpdateView(RedStationFormMixin, ScopedUpdateView):
    """Change a station's description, opening day, hours or functions; it stays in its community."""

    queryset = RedStation.objects.select_related("community")

    def get_cancel_url(self) -> str:
        return station_url(self.object)

    def perform(self, form):
        data = form.cleaned_data
        return services.station_update(
            station=self.object,
            name=data["name"],
            place=data["place"],
            former_booth=data["former_booth"],
            opened_on=data["opened_on"],
            hours=data["hours"],
            functions=data["functions"],
            latitude=data["latitude"],
            longitude=data["longitude"],
        )


class StationPartCreateView(StationsPageMixin, PartCreateView):
    """Add something to a red station (or a family station) of the user's area: its form, saved by
    ``service(station=..., **cleaned_data)``; the user returns to the station's page."""

    model = RedStation
    queryset = RedStation.objects.select_related("community")
    services = services
    parent_name = "station"

    def return_url(self, station) -> str:
        return station_url(station)

    def record_name(self) -> str:
        return self.object.name


class StationEventCreateView(StationPartCreateView):
    """Log an event of a station (an expert team, a free clinic, aid), not before it opened."""

    form_class = StationEventForm
    service_name = "station_event_log"
    success_message = _("Event logged.")
    title_text = _("Log an event of %(name)s")


class ServiceItemCreateView(StationPartCreateView):
    """Add a service item to a station: what, when, by whom."""

    form_class = ServiceItemForm
    service_name = "service_item_add"
    success_message = _("Service item added.")
    title_text = _("Add a service item to %(name)s")


class OrganizationCreateView(StationPartCreateView):
    """Station a social organization at a station (once)."""

    form_class = OrganizationForm
    service_name = "organization_station"
    success_message = _("Organization stationed.")
    title_text = _("Station a social organization at %(name)s")


class ExpertCreateView(StationPartCreateView):
    """Engage an expert at a station, with their schedule."""

    form_class = ExpertForm
    service_name = "expert_engage"
    success_message = _("Expert engaged.")
    title_text = _("Engage an expert at %(name)s")


class VolunteerCreateView(StationPartCreateView):
    """Add a volunteer to a station: a member of the user's area who reported to the station's
    community (or, ticked, elsewhere), a university student or a resident."""

    form_class = VolunteerForm
    service_name = "volunteer_add"
    success_message = _("Volunteer added.")
    title_text = _("Add a volunteer to %(name)s")


# Family stations ---------------------------------------------------------------------------------


class FamilyStationListView(StationsPageMixin, FilteredListView):
    """Party members' demonstration family stations of the user's areas, with their activities."""

    model = FamilyStation
    queryset = FamilyStation.objects.select_related("community")
    filterset_class = FamilyStationFilterSet
    title = _("Family stations")
    create_url_name = "alliances:family_station_create"
    columns = [
        Column(_("Compound and building"), lambda s: s.place, link=family_station_url, name="place"),
        Column(_("Host party member"), lambda s: s.host, name="host"),
        Column(_("Community"), lambda s: s.community.name),
        Column(_("Service feature"), lambda s: s.service_feature),
        Column(_("Opened on"), lambda s: iso_date(s.opened_on)),
        Column(_("Activities"), lambda s: s.activity_count),
        Column(_("Status"), status_label),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(activity_count=per_row(FamilyActivity.objects.all(), Count("id"), field="station"))
            .order_by("area_code", "place", "id")
        )


class FamilyStationPageView(StationsPageMixin, ScopedQuerysetMixin, TemplateView):
    """A family station: its place, host, learning place, activity carrier, service feature and activities."""

    model = FamilyStation
    template_name = "alliances/stations/family_station_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        station = get_object_or_404(self.get_queryset().select_related("community"), pk=self.kwargs["pk"])
        activities = list(station.activities.all())
        context.update(
            {
                "station": station,
                "title": str(station),
                "activities": activities,
                "participants": sum(activity.participants for activity in activities),
                "writable": self.scope.can_write(station.area_code) and station.is_active,
            }
        )
        return context


class FamilyStationCreateView(StationsPageMixin, ScopedCreateView):
    """Community staff (or staff of an area above) open a party member's home as a family station."""

    model = FamilyStation
    form_class = FamilyStationForm
    success_url_name = "alliances:family_station_list"
    area_length = COMMUNITY_CODE_LENGTH
    success_message = _("Family station added.")

    def perform(self, form):
        return services.family_station_add(**form.cleaned_data)


class FamilyActivityCreateView(StationPartCreateView):
    """Log an activity of a family station, not before it opened."""

    model = FamilyStation
    queryset = FamilyStation.objects.select_related("community")
    form_class = FamilyActivityForm
    service_name = "family_activity_log"
    success_message = _("Activity logged.")
    title_text = _("Log an activity of %(name)s")

    def return_url(self, station) -> str:
        return family_station_url(station)

    def record_name(self) -> str:
        return str(self.object)
