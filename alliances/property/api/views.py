"""API endpoints of red-heart property (红心物业), scoped like every other endpoint, and its figures
(``GET /api/stats/property/``)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from jilin_grid.api.params import AREA_PARAMETER, PERIOD_PARAMETERS, SERVICE_RESPONSES, requested_area, requested_period
from jilin_grid.api.serializers import run_step
from jilin_grid.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet

from .. import filtersets, services
from ..models import (
    CompoundMode,
    CrossAppointment,
    DeliberationMeeting,
    FeeCollection,
    OwnersCommittee,
    PropertyCompany,
    Resolution,
)
from ..selectors import property_figures
from . import serializers


class PropertyCompanyViewSet(ScopedModelViewSet):
    """Property companies serving a community's compounds. ``POST`` adds one, ``PATCH`` renames it or
    changes its party organization (a writing role over its community or above)."""

    queryset = PropertyCompany.objects.select_related("community")
    serializer_class = serializers.PropertyCompanySerializer
    filterset_class = filtersets.PropertyCompanyFilterSet
    ordering_fields = ["area_code", "name", "id"]
    ordering = ["area_code", "name"]
    http_method_names = ["get", "post", "patch", "head", "options"]


class CompoundModeViewSet(ScopedModelViewSet):
    """The history of compounds' management modes. ``POST`` records a change from a day on (after the
    last one): a company of the compound's community serves it, or, abandoned, a consultation council
    with its members governs it. A change is history: it is not edited or deleted."""

    queryset = CompoundMode.objects.select_related("compound").prefetch_related("council_members")
    serializer_class = serializers.CompoundModeSerializer
    filterset_class = filtersets.CompoundModeFilterSet
    ordering_fields = ["area_code", "since", "id"]
    ordering = ["area_code", "compound_id", "since"]
    http_method_names = ["get", "post", "head", "options"]


class OwnersCommitteeViewSet(ScopedModelViewSet):
    """Owners' committees (业委会) of the compounds, by term, with their members. ``POST`` records an
    elected committee; a committee is history: it is not edited or deleted."""

    queryset = OwnersCommittee.objects.select_related("compound").prefetch_related("members")
    serializer_class = serializers.OwnersCommitteeSerializer
    filterset_class = filtersets.OwnersCommitteeFilterSet
    ordering_fields = ["area_code", "term_start", "id"]
    ordering = ["area_code", "compound_id", "-term_start"]
    http_method_names = ["get", "post", "head", "options"]


class CrossAppointmentViewSet(ScopedModelViewSet):
    """Cross-appointments (交叉任职) between communities' party organizations and their property
    companies. ``POST`` files one; ``end`` ends one still held, on a day after it started."""

    queryset = CrossAppointment.objects.select_related("company")
    serializer_class = serializers.CrossAppointmentSerializer
    filterset_class = filtersets.CrossAppointmentFilterSet
    ordering_fields = ["area_code", "started_on", "id"]
    ordering = ["area_code", "-started_on", "id"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(
        request=serializers.EndAppointmentSerializer,
        responses={200: serializers.CrossAppointmentSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """End the cross-appointment (once, after it started)."""
        appointment = self.get_object()
        payload = serializers.EndAppointmentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = run_step(services.cross_appointment_end, appointment=appointment, **payload.validated_data)
        return Response(serializers.CrossAppointmentSerializer(row).data)


class DeliberationMeetingViewSet(ScopedModelViewSet):
    """Residents' deliberation meetings (居民议事会) of the three parties. ``POST`` files one (with the
    residents' problems of the caller's area it took up), ``add-resolution`` adds a resolution."""

    queryset = DeliberationMeeting.objects.select_related("community").prefetch_related("problems", "resolutions")
    serializer_class = serializers.DeliberationMeetingSerializer
    filterset_class = filtersets.MeetingFilterSet
    ordering_fields = ["area_code", "held_on", "id"]
    ordering = ["-held_on", "-id"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(
        request=serializers.ResolutionSerializer,
        responses={201: serializers.ResolutionSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="add-resolution")
    def add_resolution(self, request, pk=None):
        """Add a resolution assigned to a party with a deadline not before the meeting."""
        meeting = self.get_object()
        payload = serializers.ResolutionSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        row = run_step(services.resolution_add, meeting=meeting, **payload.validated_data)
        return Response(serializers.ResolutionSerializer(row).data, status=status.HTTP_201_CREATED)


class ResolutionViewSet(ScopedReadOnlyViewSet):
    """Resolutions of the deliberation meetings, with their derived status (open, overdue, done, done
    after the deadline); ``record-outcome`` records what was done and when."""

    queryset = Resolution.objects.select_related("meeting")
    serializer_class = serializers.ResolutionSerializer
    filterset_class = filtersets.ResolutionFilterSet
    ordering_fields = ["area_code", "deadline", "id"]
    ordering = ["area_code", "deadline", "id"]

    @extend_schema(
        request=serializers.OutcomeSerializer,
        responses={200: serializers.ResolutionSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="record-outcome")
    def record_outcome(self, request, pk=None):
        """Record the outcome of the resolution: not before its meeting, not in the future, once."""
        resolution = self.get_object()
        payload = serializers.OutcomeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = run_step(services.resolution_record_outcome, resolution=resolution, **payload.validated_data)
        return Response(serializers.ResolutionSerializer(row).data)


class FeeCollectionViewSet(ScopedModelViewSet):
    """Property fees collected per compound and month. ``POST`` files a month (once per compound),
    ``PATCH`` corrects its figures; the rate is derived, never sent."""

    queryset = FeeCollection.objects.select_related("compound")
    serializer_class = serializers.FeeCollectionSerializer
    filterset_class = filtersets.FeeCollectionFilterSet
    ordering_fields = ["area_code", "month", "id"]
    ordering = ["area_code", "compound_id", "month"]
    http_method_names = ["get", "post", "patch", "head", "options"]


class PropertyStatsView(APIView):
    """Red-heart property figures of one area and of its direct children."""

    @extend_schema(
        operation_id="stats_property",
        summary="Red-heart property figures of an area",
        description=(
            "Red-heart property (红心物业) of one area over a period: pilot communities (with a compound "
            "in a red-heart mode on the last day), compounds by management mode on that day, residents' "
            "deliberation meetings held and their resolutions (carried out, overdue), and the property "
            "fee collection by month (households billed, paid, the rate); with the same figures for "
            "each direct child area. Authenticate with `Authorization: Token <key>`."
        ),
        parameters=[AREA_PARAMETER, *PERIOD_PARAMETERS],
        responses={
            200: serializers.PropertyStatsSerializer,
            400: OpenApiResponse(description="Malformed area code or date."),
            401: OpenApiResponse(description="Not authenticated."),
            404: OpenApiResponse(description="No such area, or outside the caller's area."),
        },
        tags=["stats"],
    )
    def get(self, request):
        area = requested_area(request)
        start, end = requested_period(request)
        return Response(property_figures(area, start=start, end=end))
