"""API endpoints of the rectification of weak and lax organizations: the cases of the caller's area
(``POST`` identifies one: the district or city organization department) with their steps
``add-measure``, ``complete-measure``, ``report-progress``, ``set-members`` (the organization
departments, street and community staff), ``extend`` and ``accept`` (the organization departments);
the problem kinds as a catalogue. A reading role gets 403 saying why, a case outside the area 404."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from jilin_grid.api.exceptions import bilingual
from jilin_grid.api.params import SERVICE_RESPONSES
from jilin_grid.api.serializers import run_step
from jilin_grid.api.viewsets import ScopedReadOnlyViewSet
from jilin_grid.scope import get_scope

from .. import services
from ..filtersets import RectificationCaseFilterSet
from ..models import Measure, ProblemKind, RectificationCase
from ..permissions import decides_anywhere, may_decide, may_work
from ..selectors import today, with_progress
from . import serializers

MAY_NOT_DECIDE = bilingual(
    "只有区（市）委组织部可以认定、延期和验收软弱涣散党组织。",
    "Only the district (or city) organization department identifies, extends and accepts cases.",
)
MAY_NOT_WORK = bilingual(
    "您的角色只能查看整改，不能填报整改措施和进度。",
    "Your role may only read the rectification; it may not record measures or progress.",
)


class ProblemKindViewSet(viewsets.ReadOnlyModelViewSet):
    """The kinds of problem found in weak and lax organizations (a catalogue kept in the admin)."""

    queryset = ProblemKind.objects.filter(is_active=True)
    serializer_class = serializers.RectificationProblemKindSerializer
    permission_classes = [permissions.IsAuthenticated]
    ordering = ["position", "name"]


class RectificationCaseViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Weak and lax organizations under rectification and rectified, with their measures' progress
    (done, total, overdue). Filters: ``area``, ``status``, ``year``, ``source``, ``problem``,
    ``overdue``, ``q``."""

    queryset = RectificationCase.objects.select_related("organization")
    serializer_class = serializers.RectificationCaseSerializer
    filterset_class = RectificationCaseFilterSet
    ordering_fields = ["year", "deadline", "area_code", "id"]
    ordering = ["-year", "area_code", "id"]

    def get_queryset(self):
        queryset = with_progress(super().get_queryset(), today()).prefetch_related("problems", "member_reports")
        if self.action == "retrieve" or self.action in ACTIONS:
            queryset = queryset.prefetch_related(
                Prefetch("measures", queryset=Measure.objects.order_by("due_on", "id")), "progress", "extensions"
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve" or self.action in ACTIONS:
            return serializers.RectificationCaseDetailSerializer
        return serializers.RectificationCaseSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": today()}

    def _fresh(self, case, code=status.HTTP_200_OK) -> Response:
        case = self.get_queryset().get(pk=case.pk)
        context = self.get_serializer_context()
        return Response(serializers.RectificationCaseDetailSerializer(case, context=context).data, status=code)

    def _case(self, *, deciding: bool):
        case = self.get_object()
        scope = get_scope(self.request.user)
        if deciding and not may_decide(scope, case.area_code):
            raise exceptions.PermissionDenied(MAY_NOT_DECIDE)
        if not deciding and not may_work(scope, case.area_code):
            raise exceptions.PermissionDenied(MAY_NOT_WORK)
        return case

    def create(self, request, *args, **kwargs):
        """Identify an organization as weak and lax (the district or city organization department)."""
        scope = get_scope(request.user)
        if not decides_anywhere(scope):
            raise exceptions.PermissionDenied(MAY_NOT_DECIDE)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        organization = data["organization"]
        if not may_decide(scope, organization.area_code):
            raise exceptions.PermissionDenied(MAY_NOT_DECIDE)
        case = run_step(
            services.case_identify,
            organization=organization,
            source=data["source"],
            score=data.get("score"),
            review=data.get("review"),
            reason=data.get("reason", ""),
            problems=data["problems"],
            problem_note=data.get("problem_note", ""),
            guarantor=data["guarantor"],
            department=data["department"],
            paired_community=data["paired_community"],
            member_reports=data.get("member_reports", []),
            deadline=data["deadline"],
            identified_on=data.get("identified_on"),
            actor=request.user,
        )
        return self._fresh(case, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.RectificationMeasurePayloadSerializer,
                   responses={200: serializers.RectificationCaseDetailSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="add-measure")
    def add_measure(self, request, pk=None):
        """Add a measure with its deadline."""
        case = self._case(deciding=False)
        payload = serializers.RectificationMeasurePayloadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(services.measure_add, case=case, actor=request.user, **payload.validated_data)
        return self._fresh(case)

    @extend_schema(request=serializers.RectificationCompletePayloadSerializer,
                   responses={200: serializers.RectificationCaseDetailSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="complete-measure")
    def complete_measure(self, request, pk=None):
        """Record a measure of the case as done, with the day and what was done."""
        case = self._case(deciding=False)
        payload = serializers.RectificationCompletePayloadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        measure = case.measures.filter(pk=data["measure"]).first()
        if measure is None:
            raise exceptions.ValidationError(
                {"measure": [bilingual("不是该整改的措施。", "Not a measure of this case.")]}
            )
        run_step(services.measure_complete, measure=measure, done_on=data["done_on"], note=data["note"],
                 actor=request.user)  # fmt: skip
        return self._fresh(case)

    @extend_schema(request=serializers.RectificationProgressPayloadSerializer,
                   responses={200: serializers.RectificationCaseDetailSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="report-progress")
    def report_progress(self, request, pk=None):
        """Report a month's progress (one per month)."""
        case = self._case(deciding=False)
        payload = serializers.RectificationProgressPayloadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(services.progress_report, case=case, actor=request.user, **payload.validated_data)
        return self._fresh(case)

    @extend_schema(request=serializers.RectificationMembersPayloadSerializer,
                   responses={200: serializers.RectificationCaseDetailSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="set-members")
    def set_members(self, request, pk=None):
        """The in-service members reporting to the case: reports still in force to its community."""
        case = self._case(deciding=False)
        payload = serializers.RectificationMembersPayloadSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        run_step(services.case_members_set, case=case, **payload.validated_data)
        return self._fresh(case)

    @extend_schema(request=serializers.RectificationExtendPayloadSerializer,
                   responses={200: serializers.RectificationCaseDetailSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="extend")
    def extend(self, request, pk=None):
        """Extend the case's deadline, with the reason (every extension is kept)."""
        case = self._case(deciding=True)
        payload = serializers.RectificationExtendPayloadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(services.case_extend, case=case, actor=request.user, **payload.validated_data)
        return self._fresh(case)

    @extend_schema(request=serializers.RectificationAcceptPayloadSerializer,
                   responses={200: serializers.RectificationCaseDetailSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="accept")
    def accept(self, request, pk=None):
        """Accept the case as rectified (验收): refused while measures are open unless
        ``open_measures_reason`` says why they are left; the next year's confirmed score is linked."""
        case = self._case(deciding=True)
        payload = serializers.RectificationAcceptPayloadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(services.case_accept, case=case, actor=request.user, **payload.validated_data)
        return self._fresh(case)


ACTIONS = {"add_measure", "complete_measure", "report_progress", "set_members", "extend", "accept"}
