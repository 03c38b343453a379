"""API endpoints of the No.1 projects and their statistics.

Every queryset is limited to the caller's area (an object outside it answers 404). The status of
a project changes only through the explicit actions (approve, return, showcase, complete,
abandon): a step the caller's role may not take answers 403, a step the lifecycle refuses 400.
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from jilin_grid.api.exceptions import bilingual
from jilin_grid.api.params import AREA_PARAMETER, YEAR_PARAMETER, requested_area, requested_year
from jilin_grid.api.serializers import run_service
from jilin_grid.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from jilin_grid.scope import get_scope

from .. import permissions, selectors, services
from ..filtersets import ProgressReportFilterSet, ProjectFilterSet
from ..models import ProgressReport, Project, ProjectEvent
from ..selectors import project_stats
from . import serializers

MAY_NOT_REVIEW = bilingual(
    "只有区、市委组织部可以审核或晾晒本区域的项目。",
    "Only the district and city organization departments of this area may review or showcase its projects.",
)
MAY_NOT_CHANGE = bilingual("您的角色不能办理本区域的项目。", "Your role may not change the projects of this area.")


class ProjectViewSet(ScopedModelViewSet):
    """No.1 projects. ``POST`` claims one, ``PATCH``/``PUT`` revise it; there is no ``DELETE``
    (abandon it instead)."""

    queryset = Project.objects.select_related("organization").prefetch_related("milestones", "progress_reports")
    serializer_class = serializers.ProjectSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ["year", "area_code", "title", "status", "id", "created_at"]
    ordering = ["-year", "area_code", "id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            queryset = queryset.prefetch_related(Prefetch("events", ProjectEvent.objects.select_related("actor")))
        return queryset

    def get_serializer_class(self):
        if self.action in ("list", "create", "update", "partial_update"):
            return serializers.ProjectSerializer
        return serializers.ProjectDetailSerializer

    def _fresh(self, project: Project) -> Response:
        """The project as it stands after a step, with its light and history."""
        project = selectors.with_light(self.get_queryset().filter(pk=project.pk)).get()
        return Response(serializers.ProjectDetailSerializer(project, context=self.get_serializer_context()).data)

    def _step(self, request, *, allowed, refused: str, service, payload=None, **arguments) -> Response:
        project = self.get_object()
        if not allowed(get_scope(request.user), project.area_code):
            raise exceptions.PermissionDenied(refused)
        values = {}
        if payload is not None:
            serializer = payload(data=request.data)
            serializer.is_valid(raise_exception=True)
            values = {arguments.get(key, key): value for key, value in serializer.validated_data.items()}
        run_service(service, project=project, actor=request.user, **values)
        return self._fresh(project)

    @extend_schema(request=serializers.ApproveSerializer, responses=serializers.ProjectDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve a claim awaiting review (district or city organization department)."""
        return self._step(
            request,
            allowed=permissions.may_review,
            refused=MAY_NOT_REVIEW,
            service=services.project_approve,
            payload=serializers.ApproveSerializer,
        )

    @extend_schema(request=serializers.ReasonSerializer, responses=serializers.ProjectDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """Return a claim to its secretary with the reason (district or city organization department)."""
        return self._step(
            request,
            allowed=permissions.may_review,
            refused=MAY_NOT_REVIEW,
            service=services.project_return,
            payload=serializers.ReasonSerializer,
        )

    @extend_schema(request=serializers.WriteupSerializer, responses=serializers.ProjectDetailSerializer)
    @action(detail=True, methods=["post"])
    def showcase(self, request, pk=None):
        """Showcase a project (择优晾晒) with a write-up of its good practice."""
        return self._step(
            request,
            allowed=permissions.may_review,
            refused=MAY_NOT_REVIEW,
            service=services.project_showcase,
            payload=serializers.WriteupSerializer,
        )

    @extend_schema(request=serializers.SummarySerializer, responses=serializers.ProjectDetailSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Close an approved project with its summary."""
        return self._step(
            request,
            allowed=permissions.may_claim,
            refused=MAY_NOT_CHANGE,
            service=services.project_complete,
            payload=serializers.SummarySerializer,
        )

    @extend_schema(request=serializers.ReasonSerializer, responses=serializers.ProjectDetailSerializer)
    @action(detail=True, methods=["post"])
    def abandon(self, request, pk=None):
        """Abandon a project with the reason; the organization may claim another for the year."""
        return self._step(
            request,
            allowed=permissions.may_claim,
            refused=MAY_NOT_CHANGE,
            service=services.project_abandon,
            payload=serializers.ReasonSerializer,
        )

    def update(self, request, *args, **kwargs):
        """Revise a claim awaiting review or returned (``project_revise``); a returned one goes back
        for review."""
        partial = kwargs.pop("partial", False)
        project = self.get_object()
        if not permissions.may_claim(get_scope(request.user), project.area_code):
            raise exceptions.PermissionDenied(MAY_NOT_CHANGE)
        serializer = self.get_serializer(project, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return self._fresh(project)


class ProgressReportViewSet(ScopedModelViewSet):
    """Monthly progress (月调度). ``POST`` files a month (multipart with ``attachments`` files
    allowed); filing the same month again replaces it (200 instead of 201) and needs a ``reason``
    (without one: 400 with the message under ``reason``); the earlier version is kept."""

    queryset = ProgressReport.objects.select_related("project", "submitted_by").prefetch_related("attachments")
    serializer_class = serializers.ProgressReportSerializer
    filterset_class = ProgressReportFilterSet
    ordering_fields = ["month", "submitted_at", "percent_complete", "id"]
    ordering = ["project_id", "month"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        corrected = ProgressReport.objects.filter(project=data["project"], month=data["month"]).exists()
        serializer.save()
        code = status.HTTP_200_OK if corrected else status.HTTP_201_CREATED
        return Response(serializer.data, status=code)


class ProjectEventViewSet(ScopedReadOnlyViewSet):
    """The history of the projects in the caller's area (also under each project as ``history``)."""

    queryset = ProjectEvent.objects.select_related("actor")
    serializer_class = serializers.ProjectEventSerializer
    filterset_fields = ["project", "kind"]
    ordering_fields = ["at", "id"]
    ordering = ["-at", "-id"]


class ProjectStatsView(APIView):
    """The No.1 project figures of one area and year, and of its direct children."""

    @extend_schema(
        operation_id="stats_projects",
        summary="No.1 project figures of an area and year",
        description=(
            "Secretaries' No.1 projects (书记一号工程) of one area and year: claimed (all but abandoned), "
            "approved (running), completed, abandoned, the lights of the running projects (green, "
            "yellow, red, judged today), the running projects that filed last month's progress, those "
            "not behind with their filing today (the progress of the month due filed, or not begun "
            "yet) and the reporting rate (their share of the approved, in percent), and "
            "the showcased ones; with the same figures for each direct child area. "
            "Authenticate with `Authorization: Token <key>`."
        ),
        parameters=[
            AREA_PARAMETER,
            YEAR_PARAMETER,
        ],
        responses={
            200: serializers.ProjectStatsSerializer,
            400: OpenApiResponse(description="Malformed area code or year."),
            401: OpenApiResponse(description="Not authenticated."),
            404: OpenApiResponse(description="No such area, or outside the caller's area."),
        },
        tags=["stats"],
    )
    def get(self, request):
        area = requested_area(request)
        year = requested_year(request, default=selectors.today().year)
        return Response(project_stats(area, year))
