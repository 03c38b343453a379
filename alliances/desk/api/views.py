"""API endpoints of the one-stop desk (全科社工), scoped like every other endpoint: the catalogue of
matters (read from the communities up, written by district staff and above), the social workers,
the cases with their explicit actions (``advance``, ``finish``, ``escalate``), and the figures
(``GET /api/stats/desk/``)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from jilin_grid.api.pagination import page_of, requested_page
from jilin_grid.api.params import (
    AREA_PARAMETER,
    PAGE_PARAMETERS,
    PERIOD_PARAMETERS,
    SERVICE_RESPONSES,
    requested_area,
    requested_period,
)
from jilin_grid.api.serializers import OUTSIDE_AREA, run_step
from jilin_grid.api.viewsets import RetireOnDeleteMixin, ScopedModelViewSet
from jilin_grid.scope import get_scope

from .. import filtersets, services
from ..models import Case, Matter, SocialWorker
from ..selectors import desk_figures
from . import serializers


class MatterViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    """The catalogue of service matters (事项) a caller's communities offer: their district's and the
    city's. ``POST`` adds one, ``PATCH`` changes it, ``DELETE`` takes it out of the catalogue: district
    staff and above, in their own catalogue."""

    queryset = Matter.objects.prefetch_related("materials", "steps")
    serializer_class = serializers.MatterSerializer
    filterset_class = filtersets.MatterFilterSet
    ordering_fields = ["name", "mode", "time_limit_days", "id"]
    ordering = ["mode", "name", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_create(self, serializer):
        code = serializer.validated_data["area_code"]
        scope = get_scope(self.request.user)
        # The catalogues a caller reads: those of their areas and of the areas above them.
        if not (scope.covers(code) or any(granted.startswith(code) for granted in scope.codes)):
            raise exceptions.ValidationError({"area_code": [OUTSIDE_AREA]})
        if not services.catalogue_editable(scope, code):
            raise exceptions.PermissionDenied(
                _("The catalogue is edited by the staff of a district or of the city; your role reads it.")
            )
        serializer.save()

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not services.catalogue_editable(
            get_scope(request.user), obj.area_code
        ):
            raise exceptions.PermissionDenied(
                _("The catalogue is edited by the staff of a district or of the city; your role reads it.")
            )

    def retire(self, instance) -> None:
        services.matter_retire(matter=instance)


class SocialWorkerViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    """The all-round social workers (全科社工) of communities: the posts they hold and the matters they
    are skilled in. ``POST`` adds one, ``PATCH`` changes posts and skills, ``DELETE`` retires."""

    queryset = SocialWorker.objects.select_related("person", "community").prefetch_related("matters")
    serializer_class = serializers.SocialWorkerSerializer
    filterset_class = filtersets.SocialWorkerFilterSet
    ordering_fields = ["area_code", "id"]
    ordering = ["area_code", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def retire(self, instance) -> None:
        services.social_worker_retire(worker=instance)


class CaseViewSet(ScopedModelViewSet):
    """Cases taken at the communities' desks (一门式受理). ``POST`` accepts one once every required
    material is checked (一口清); ``advance`` does the next step, ``finish`` closes it once every step
    is done (一条龙), ``escalate`` turns it into a resident's problem of its grid."""

    queryset = Case.objects.select_related("matter", "worker__person").prefetch_related(
        Prefetch("materials"), Prefetch("steps")
    )
    serializer_class = serializers.CaseSerializer
    filterset_class = filtersets.CaseFilterSet
    ordering_fields = ["accepted_on", "due_on", "id"]
    ordering = ["-accepted_on", "-id"]
    http_method_names = ["get", "post", "head", "options"]

    def _step(self, request, payload_class, service, **extra):
        case = self.get_object()
        payload = payload_class(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        run_step(service, case=case, **payload.validated_data, **extra)
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data, status=status.HTTP_200_OK)

    @extend_schema(
        request=serializers.AdvanceSerializer, responses={200: serializers.CaseSerializer, **SERVICE_RESPONSES}
    )
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """Do the case's next step (in the matter's order), on ``done_on`` (today if left out)."""
        return self._step(request, serializers.AdvanceSerializer, services.case_advance)

    @extend_schema(
        request=serializers.FinishSerializer, responses={200: serializers.CaseSerializer, **SERVICE_RESPONSES}
    )
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        """Close the case once every step is done, on ``finished_on`` (today if left out)."""
        return self._step(request, serializers.FinishSerializer, services.case_finish)

    @extend_schema(
        request=serializers.EscalateSerializer, responses={200: serializers.CaseSerializer, **SERVICE_RESPONSES}
    )
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        """Turn the case into a resident's problem of its grid (``grid`` only when it has none)."""
        return self._step(request, serializers.EscalateSerializer, services.case_escalate, actor=request.user)


class DeskStatsView(APIView):
    """The one-stop desk's figures of one area and of its direct children."""

    @extend_schema(
        operation_id="stats_desk",
        summary="One-stop desk figures of an area",
        description=(
            "Cases taken at the communities' one-stop desks (全科社工) and accepted in the period: matters "
            "taken, finished, finished within the time limit (calendar days), turned into residents' "
            "problems, in hand, overdue, and the average days a finished case took; by service mode, by "
            "social worker, and for each direct child area. The social workers who took cases are "
            "`workers_count`; `by_worker` holds a page of them, most cases taken first (`page`, "
            "`page_size`, as the lists), with `workers_next` and `workers_previous`. Authenticate with "
            "`Authorization: Token <key>`."
        ),
        parameters=[AREA_PARAMETER, *PERIOD_PARAMETERS, *PAGE_PARAMETERS],
        responses={
            200: serializers.DeskStatsSerializer,
            400: OpenApiResponse(description="Malformed area code or date."),
            401: OpenApiResponse(description="Not authenticated."),
            404: OpenApiResponse(description="No such area, or outside the caller's area."),
        },
        tags=["stats"],
    )
    def get(self, request):
        area = requested_area(request)
        start, end = requested_period(request)
        page, size = requested_page(request)
        figures = desk_figures(area, start, end, workers_page=(page, size))
        links = page_of(request, page, size, figures["workers_count"])
        return Response({**figures, "workers_next": links["next"], "workers_previous": links["previous"]})
