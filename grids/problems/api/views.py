"""API endpoints of residents' problems (群众诉求) and their statistics.

Every queryset is limited to the caller's area (an object outside it answers 404). A problem is
recorded with ``POST``; its status changes only through the explicit actions (accept, start,
escalate, resolve, return, evaluate): a step the caller's role may not take on that problem
answers 403, a step the lifecycle refuses 400 with the service's message. There is no ``PUT``,
``PATCH`` or ``DELETE``.
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from jilin_grid.api.exceptions import bilingual
from jilin_grid.api.params import AREA_PARAMETER, requested_area, requested_period
from jilin_grid.api.viewsets import ScopedModelViewSet
from jilin_grid.scope import get_scope

from .. import permissions as problem_rules
from .. import selectors, services
from ..filtersets import ResidentProblemFilterSet
from ..models import ProblemCategory, ProblemEvent, ResidentProblem
from ..selectors import problem_stats
from . import serializers

MAY_NOT = {
    "accept": bilingual(
        "只有当前承办层级的工作人员可以受理此诉求。", "Only the level holding this problem may accept it."
    ),
    "start": bilingual(
        "只有当前承办层级的工作人员可以办理此诉求。", "Only the level holding this problem may start work on it."
    ),
    "escalate": bilingual(
        "只有当前承办层级的工作人员可以上报此诉求。", "Only the level holding this problem may escalate it."
    ),
    "resolve": bilingual(
        "只有当前承办层级的工作人员可以办结此诉求。", "Only the level holding this problem may resolve it."
    ),
    "return": bilingual(
        "只有当前承办层级的工作人员可以退回此诉求。", "Only the level holding this problem may return it."
    ),
    "evaluate": bilingual(
        "只有诉求所在网格的工作人员可以记录群众评价。",
        "Only staff who may write in the problem's grid may record the resident's evaluation.",
    ),
}


class ProblemCategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """The categories of residents' problems, with their response deadline in days."""

    queryset = ProblemCategory.objects.filter(is_active=True)
    serializer_class = serializers.ProblemCategorySerializer
    filter_backends: list = []
    pagination_class = None


STEP_RESPONSES = {
    200: serializers.ResidentProblemDetailSerializer,
    400: OpenApiResponse(description="The lifecycle does not allow this step now, or the payload is incomplete."),
    403: OpenApiResponse(description="The caller's role may not take this step on this problem."),
    404: OpenApiResponse(description="No such problem, or outside the caller's area."),
}


class ResidentProblemViewSet(ScopedModelViewSet):
    """Residents' problems of the caller's area. ``POST`` records one (multipart with ``photos``
    allowed); the lifecycle moves through the actions below; ``?queue=`` gives the staff queues
    (area, mine, holding, overdue, escalated)."""

    queryset = ResidentProblem.objects.select_related("grid", "category", "recorded_by")
    serializer_class = serializers.ResidentProblemSerializer
    filterset_class = ResidentProblemFilterSet
    ordering_fields = ["recorded_at", "due_at", "area_code", "status", "urgency", "id"]
    ordering = ["-recorded_at", "-id"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        queryset = selectors.with_overdue(super().get_queryset())
        if self.action != "list":
            queryset = queryset.prefetch_related(
                "photos", Prefetch("events", ProblemEvent.objects.select_related("actor"))
            )
        return queryset

    def get_serializer_class(self):
        if self.action in ("list", "create"):
            return serializers.ResidentProblemSerializer
        return serializers.ResidentProblemDetailSerializer

    def _fresh(self, problem: ResidentProblem, code: int = status.HTTP_200_OK) -> Response:
        """The problem as it stands now, with its photos and timeline."""
        problem = self.get_queryset().get(pk=problem.pk)
        data = serializers.ResidentProblemDetailSerializer(problem, context=self.get_serializer_context()).data
        return Response(data, status=code)

    @extend_schema(
        request={"multipart/form-data": serializers.ResidentProblemSerializer,
                 "application/json": serializers.ResidentProblemSerializer},
        responses={201: serializers.ResidentProblemDetailSerializer},
    )  # fmt: skip
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        problem = serializer.save()
        return self._fresh(problem, status.HTTP_201_CREATED)

    def _step(self, request, step: str, service, payload=None, rename: dict | None = None) -> Response:
        problem = self.get_object()
        if not problem_rules.may_take_step(get_scope(request.user), problem, step):
            raise exceptions.PermissionDenied(MAY_NOT[step])
        values = {}
        if payload is not None:
            serializer = payload(data=request.data)
            serializer.is_valid(raise_exception=True)
            values = {(rename or {}).get(key, key): value for key, value in serializer.validated_data.items()}
        # The lifecycle's refusal (a Django ValidationError) answers 400 through the exception
        # handler: {"non_field_errors": [...]}, or the field's messages.
        service(problem=problem, actor=request.user, **values)
        return self._fresh(problem)

    @extend_schema(request=serializers.ProblemNoteSerializer, responses=STEP_RESPONSES)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept a recorded problem (the level holding it)."""
        return self._step(request, "accept", services.problem_accept, serializers.ProblemNoteSerializer)

    @extend_schema(request=serializers.ProblemNoteSerializer, responses=STEP_RESPONSES)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """Start work on an accepted problem (the level holding it)."""
        return self._step(request, "start", services.problem_start, serializers.ProblemNoteSerializer)

    @extend_schema(request=serializers.ProblemReasonSerializer, responses=STEP_RESPONSES)
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        """Hand an open problem one level up (grid → community → street → district → city), with the reason."""
        return self._step(request, "escalate", services.problem_escalate, serializers.ProblemReasonSerializer)

    @extend_schema(request=serializers.ProblemResolutionSerializer, responses=STEP_RESPONSES)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Resolve an accepted or in-progress problem, saying how (the level holding it)."""
        return self._step(request, "resolve", services.problem_resolve, serializers.ProblemResolutionSerializer)

    @extend_schema(request=serializers.ProblemReasonSerializer, responses=STEP_RESPONSES)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """Return a problem the portal's levels cannot take on, with the reason."""
        return self._step(request, "return", services.problem_return, serializers.ProblemReasonSerializer)

    @extend_schema(request=serializers.ProblemEvaluationSerializer, responses=STEP_RESPONSES)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        """Record the resident's evaluation: satisfied or basically satisfied closes the problem,
        dissatisfied reopens it."""
        return self._step(request, "evaluate", services.problem_evaluate, serializers.ProblemEvaluationSerializer)


class ProblemStatsView(APIView):
    """The residents' problem figures of one area and period, and of its direct children."""

    @extend_schema(
        operation_id="stats_problems",
        summary="Residents' problem figures of an area and period",
        description=(
            "Residents' problems (群众诉求) recorded in one area between two dates (both included, "
            "by the recording date): recorded, resolved (resolved or closed), resolved inside the grid "
            "(resolved or closed, never escalated), overdue (still open "
            "past the category's deadline now), escalated by the level holding them now "
            "(四级联动: community, street, district, city) and every level together, the average "
            "hours from recording to resolution, the satisfaction rate (satisfied or basically satisfied over the "
            "evaluations, in percent) and the figures by category; with the same figures for each "
            "direct child area (a community's children are its grids). "
            "Authenticate with `Authorization: Token <key>`."
        ),
        parameters=[
            AREA_PARAMETER,
            OpenApiParameter(
                "from",
                OpenApiTypes.DATE,
                OpenApiParameter.QUERY,
                required=False,
                description="First recording day counted (YYYY-MM-DD). Default: no lower bound.",
            ),
            OpenApiParameter(
                "to",
                OpenApiTypes.DATE,
                OpenApiParameter.QUERY,
                required=False,
                description="Last recording day counted (YYYY-MM-DD). Default: no upper bound.",
            ),
        ],
        responses={
            200: serializers.ProblemStatsSerializer,
            400: OpenApiResponse(description="Malformed area code or date, or a start after the end."),
            401: OpenApiResponse(description="Not authenticated."),
            404: OpenApiResponse(description="No such area, or outside the caller's area."),
        },
        tags=["stats"],
    )
    def get(self, request):
        area = requested_area(request)
        start, end = requested_period(request)
        return Response(problem_stats(area, start, end))
