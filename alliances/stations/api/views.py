"""API endpoints of the red stations (红色驿站) and the family stations (党员示范活动家庭站点), scoped like
every other endpoint, and their figures (``GET /api/stats/stations/``)."""

from __future__ import annotations

from django.db.models import Count
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from jilin_grid.aggregates import per_row
from jilin_grid.api.params import AREA_PARAMETER, SERVICE_RESPONSES, requested_area
from jilin_grid.api.serializers import run_step
from jilin_grid.api.viewsets import RetireOnDeleteMixin, ScopedModelViewSet

from .. import filtersets, services
from ..models import (
    FamilyStation,
    RedStation,
    StationExpert,
    StationServiceItem,
    StationVolunteer,
)
from ..selectors import station_figures
from . import serializers


class RedStationViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    """Red stations (红色驿站) of communities. ``POST`` opens one, ``PATCH`` changes its description or
    functions, ``DELETE`` closes it; its service items, organizations, experts, volunteers and events
    are added through the actions of the station (a writing role over its community or above)."""

    queryset = RedStation.objects.select_related("community")
    serializer_class = serializers.RedStationSerializer
    filterset_class = filtersets.RedStationFilterSet
    ordering_fields = ["area_code", "name", "opened_on", "id"]
    ordering = ["area_code", "name"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            return queryset.annotate(
                item_count=per_row(StationServiceItem.objects.all(), Count("id"), field="station"),
                expert_count=per_row(StationExpert.objects.all(), Count("id"), field="station"),
                volunteer_count=per_row(StationVolunteer.objects.all(), Count("id"), field="station"),
            )
        return queryset.prefetch_related(
            "functions",
            "items",
            "organizations",
            "experts",
            "volunteers",
            "events",
        )

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.RedStationListSerializer
        return super().get_serializer_class()

    def retire(self, instance) -> None:
        services.station_retire(station=instance)

    def _add(self, request, payload_class, service, **extra):
        station = self.get_object()
        payload = payload_class(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        row = run_step(service, station=station, **payload.validated_data, **extra)
        return Response(payload_class(row, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.ServiceItemSerializer,
        responses={201: serializers.ServiceItemSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="add-item")
    def add_item(self, request, pk=None):
        """Add a service item to the station: what, when, by whom."""
        return self._add(request, serializers.ServiceItemSerializer, services.service_item_add)

    @extend_schema(
        request=serializers.OrganizationSerializer,
        responses={201: serializers.OrganizationSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="add-organization")
    def add_organization(self, request, pk=None):
        """Station a social organization at the station."""
        return self._add(request, serializers.OrganizationSerializer, services.organization_station)

    @extend_schema(
        request=serializers.ExpertSerializer,
        responses={201: serializers.ExpertSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="add-expert")
    def add_expert(self, request, pk=None):
        """Engage an expert (a lawyer, a scholar, an economist, a doctor) with their schedule."""
        return self._add(request, serializers.ExpertSerializer, services.expert_engage)

    @extend_schema(
        request=serializers.VolunteerSerializer,
        responses={201: serializers.VolunteerSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="add-volunteer")
    def add_volunteer(self, request, pk=None):
        """Add a volunteer: an in-service party member who reported to the station's community (or,
        with ``reported_elsewhere``, to another), a university student or a resident."""
        return self._add(request, serializers.VolunteerSerializer, services.volunteer_add)

    @extend_schema(
        request=serializers.EventSerializer,
        responses={201: serializers.EventSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="log-event")
    def log_event(self, request, pk=None):
        """Log an event of the station (an expert team, a free clinic, aid): not before it opened."""
        return self._add(request, serializers.EventSerializer, services.station_event_log)


class FamilyStationViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    """Party members' demonstration family stations (党员示范活动家庭站点). ``POST`` opens one, ``DELETE``
    closes it, ``log-activity`` logs one of its activities."""

    queryset = FamilyStation.objects.select_related("community").prefetch_related("activities")
    serializer_class = serializers.FamilyStationSerializer
    filterset_class = filtersets.FamilyStationFilterSet
    ordering_fields = ["area_code", "place", "opened_on", "id"]
    ordering = ["area_code", "place", "id"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def retire(self, instance) -> None:
        services.family_station_retire(station=instance)

    @extend_schema(
        request=serializers.FamilyActivitySerializer,
        responses={201: serializers.FamilyActivitySerializer, **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="log-activity")
    def log_activity(self, request, pk=None):
        """Log an activity of the family station: not before it opened."""
        station = self.get_object()
        payload = serializers.FamilyActivitySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = run_step(services.family_activity_log, station=station, **payload.validated_data)
        return Response(serializers.FamilyActivitySerializer(row).data, status=status.HTTP_201_CREATED)


class StationStatsView(APIView):
    """The red stations' and family stations' figures of one area and of its direct children."""

    @extend_schema(
        operation_id="stats_stations",
        summary="Red station and family station figures of an area",
        description=(
            "Red stations (红色驿站) of one area: open stations, functions offered (each counted once), "
            "service items, experts, volunteers, events and their participants; party members' "
            "demonstration family stations (党员示范活动家庭站点), their activities and participants; with "
            "the same figures for each direct child area. Authenticate with `Authorization: Token <key>`."
        ),
        parameters=[AREA_PARAMETER],
        responses={
            200: serializers.StationStatsSerializer,
            400: OpenApiResponse(description="Malformed area code."),
            401: OpenApiResponse(description="Not authenticated."),
            404: OpenApiResponse(description="No such area, or outside the caller's area."),
        },
        tags=["stats"],
    )
    def get(self, request):
        return Response(station_figures(requested_area(request)))
