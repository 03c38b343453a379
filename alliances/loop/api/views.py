"""API endpoints of the alliances, their six-step loop and their statistics.

Every queryset is limited to the caller's area (an object outside it answers 404); writing needs
a role that may write over the object's area (403 otherwise). The step of an alliance's problem
moves only through the loop's actions: recording a meeting with its decisions, reporting a
decision, evaluating the problem; a step the loop does not allow answers 400 with the reason.
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from alliances.volunteering import selectors as volunteering_selectors
from alliances.volunteering import services as volunteering_services
from alliances.volunteering.api import serializers as api_serializers
from jilin_grid.api.params import (
    ACTION_RESPONSES,
    AREA_PARAMETER,
    PERIOD_PARAMETERS,
    SERVICE_RESPONSES,
    requested_area,
    requested_period,
)
from jilin_grid.api.serializers import run_step
from jilin_grid.api.viewsets import RetireOnDeleteMixin, ScopedModelViewSet, ScopedReadOnlyViewSet

from .. import filtersets, services
from ..models import Activity, Alliance, AllianceProblem, Decision, Meeting, MemberUnit, Venue
from ..selectors import alliance_stats
from . import serializers


class AllianceViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    """Party-building alliances. ``POST`` forms one, ``DELETE`` retires it; the detail carries
    the figures of its six-step loop."""

    queryset = Alliance.objects.select_related("lead_organization")
    serializer_class = serializers.AllianceSerializer
    filterset_class = filtersets.AllianceFilterSet
    ordering_fields = ["area_code", "name", "founded_on", "id"]
    ordering = ["area_code", "name"]

    def get_serializer_class(self):
        if self.action in ("retrieve", "survey"):
            return serializers.AllianceDetailSerializer
        return serializers.AllianceSerializer

    def retire(self, instance) -> None:
        services.alliance_retire(alliance=instance)

    @extend_schema(
        request=serializers.SurveySerializer,
        responses={200: serializers.AllianceDetailSerializer, **ACTION_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def survey(self, request, pk=None):
        """Record the survey (摸底): the needs and the resources found in the alliance's area."""
        alliance = self.get_object()
        payload = serializers.SurveySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(services.alliance_survey_record, alliance=alliance, **payload.validated_data)
        return Response(self.get_serializer(self.get_object()).data)


class MemberUnitViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    """Member units of the alliances; ``DELETE`` retires one and closes its venues."""

    queryset = MemberUnit.objects.select_related("alliance")
    serializer_class = serializers.MemberUnitSerializer
    filterset_class = filtersets.MemberUnitFilterSet
    ordering_fields = ["area_code", "name", "kind", "joined_on", "id"]
    ordering = ["area_code", "alliance_id", "name"]

    def retire(self, instance) -> None:
        services.member_unit_retire(member=instance)


class VenueViewSet(ScopedModelViewSet):
    """Venues member units open to residents; close one with ``is_open: false`` (no ``DELETE``)."""

    queryset = Venue.objects.select_related("member")
    serializer_class = serializers.VenueSerializer
    filterset_class = filtersets.VenueFilterSet
    ordering_fields = ["area_code", "name", "capacity", "id"]
    ordering = ["area_code", "member_id", "name"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class ActivityViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Alliance activities: date, place, organizers (member units of the alliance), kind and
    participants (person-times). ``POST`` records one; ``attendance`` logs the in-service members'
    service on its attendance list and ``verify-service`` verifies that list at once."""

    queryset = Activity.objects.select_related("alliance").prefetch_related("organizers")
    serializer_class = serializers.ActivitySerializer
    filterset_class = filtersets.ActivityFilterSet
    ordering_fields = ["held_on", "participants", "area_code", "id"]
    ordering = ["-held_on", "id"]

    @extend_schema(
        request=api_serializers.AttendanceSerializer,
        responses={201: api_serializers.ServiceRecordSerializer(many=True), **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Record the activity's attendance list: the service of every member on it, with the same
        hours and kind (``activity_attendance_record``). Every member must hold a confirmed report
        to a community of the activity's area; when one cannot be logged, nothing is written and
        the answer names them. The records await verification (``verify-service``)."""
        activity = self.get_object()
        payload = api_serializers.AttendanceSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        records = run_step(
            volunteering_services.activity_attendance_record,
            activity=activity,
            actor=request.user,
            **payload.validated_data,
        )
        fresh = volunteering_selectors.service_records().filter(pk__in=[record.pk for record in records]).order_by("id")
        data = api_serializers.ServiceRecordSerializer(fresh, many=True, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: api_serializers.VerifiedCountSerializer, **SERVICE_RESPONSES})
    @action(detail=True, methods=["post"], url_path="verify-service")
    def verify_service(self, request, pk=None):
        """Verify the activity's attendance list at once: every unverified service record of the
        activity (``activity_service_verify``). Answers how many were verified; 400 when none was
        waiting."""
        activity = self.get_object()
        count = run_step(volunteering_services.activity_service_verify, activity=activity, actor=request.user)
        return Response({"verified": count})


class AllianceProblemViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Alliances' problems. ``POST`` collects one (收集); it is consulted by recording a meeting
    (``/api/meetings/``), implemented when every decision on it is reported
    (``/api/decisions/{id}/report/``) and closed by the ``evaluate`` action."""

    queryset = AllianceProblem.objects.select_related("alliance")
    serializer_class = serializers.AllianceProblemSerializer
    filterset_class = filtersets.AllianceProblemFilterSet
    ordering_fields = ["collected_on", "step", "area_code", "id"]
    ordering = ["-collected_on", "id"]

    @extend_schema(
        request=serializers.EvaluateSerializer,
        responses={200: serializers.AllianceProblemSerializer, **ACTION_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        """The residents' evaluation (评价): satisfied or basically satisfied closes the problem,
        dissatisfied sends it back to be consulted again. Only an implemented problem is evaluated."""
        problem = self.get_object()
        payload = serializers.EvaluateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(services.alliance_problem_evaluate, problem=problem, **payload.validated_data)
        return Response(self.get_serializer(self.get_object()).data)


class MeetingViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Joint meetings (会商). ``POST`` records one with its decisions, each about a problem of the
    alliance and assigned to one of its member units with a deadline; nothing is written when
    one decision is refused."""

    queryset = Meeting.objects.select_related("alliance").prefetch_related(
        "attendees",
        "problems",
        Prefetch("decisions", Decision.objects.select_related("problem", "assigned_to").order_by("id")),
    )
    serializer_class = serializers.MeetingSerializer
    filterset_class = filtersets.MeetingFilterSet
    ordering_fields = ["held_on", "area_code", "id"]
    ordering = ["-held_on", "id"]

    def perform_create(self, serializer):
        meeting = serializer.save()
        serializer.instance = self.get_queryset().get(pk=meeting.pk)


class DecisionViewSet(ScopedReadOnlyViewSet):
    """Decisions of the meetings; the assigned unit's report is given through the ``report`` action."""

    queryset = Decision.objects.select_related("meeting", "problem", "assigned_to", "reported_by")
    serializer_class = serializers.DecisionSerializer
    filterset_class = filtersets.DecisionFilterSet
    ordering_fields = ["deadline", "reported_on", "area_code", "id"]
    ordering = ["deadline", "id"]

    @extend_schema(
        request=serializers.DecisionReportSerializer,
        responses={200: serializers.DecisionSerializer, **ACTION_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """The assigned unit reports what it did (落实); when every decision on the problem is
        reported, the problem is implemented and awaits the residents' evaluation."""
        decision = self.get_object()
        payload = serializers.DecisionReportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(services.decision_report, decision=decision, actor=request.user, **payload.validated_data)
        return Response(self.get_serializer(self.get_object()).data)


class AllianceStatsView(APIView):
    """The alliances' figures of one area and of its direct children."""

    @extend_schema(
        operation_id="stats_alliances",
        summary="Party-building alliance figures of an area",
        description=(
            "Party-building alliances (党建联盟) of one area: active alliances, active member units and "
            "venues open to residents today; between two dates (both included; default: all time), "
            "the alliance activities held and their participants (person-times), the "
            "alliances' problems collected, by the step of the six-step loop where they stand "
            "(collected, consulted, implemented, evaluated), and the residents' satisfaction rate "
            "(satisfied or basically satisfied, in percent of the evaluations; null without any); "
            "with the same figures for each direct child area. "
            "Authenticate with `Authorization: Token <key>`."
        ),
        parameters=[AREA_PARAMETER, *PERIOD_PARAMETERS],
        responses={
            200: serializers.AllianceStatsSerializer,
            400: OpenApiResponse(description="Malformed area code or date, or a start after the end."),
            401: OpenApiResponse(description="Not authenticated."),
            404: OpenApiResponse(description="No such area, or outside the caller's area."),
        },
        tags=["stats"],
    )
    def get(self, request):
        area = requested_area(request)
        start, end = requested_period(request)
        return Response(alliance_stats(area, start, end))
