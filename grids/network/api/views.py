"""API endpoints of the grid network and the organization-network statistics."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from communities.api.views import RetireOnDeleteMixin
from jilin_grid.api.exceptions import NOT_FOUND, bilingual
from jilin_grid.api.viewsets import ScopedModelViewSet
from jilin_grid.models import area_code_validator
from jilin_grid.scope import get_scope

from .. import filtersets, selectors, services
from ..models import Building, ChiefAssignment, Grid, GridWorker, ResidentialCompound, Unit
from . import serializers

MALFORMED_AREA = bilingual(
    "区域代码应为4位（市）、6位（区县）、9位（街道）、12位（社区）或15位（网格）数字。",
    "An area code has 4 (city), 6 (district), 9 (street), 12 (community) or 15 (grid) digits.",
)


# The ``area`` parameter of the statistics endpoints (this one and those of the apps above grids).
AREA_PARAMETER = OpenApiParameter(
    "area",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=False,
    description=(
        "Code of the city (2202), a district (6 digits), street (9), community (12) or "
        "grid (15). Default: the caller's own area."
    ),
)


def requested_area(request) -> selectors.Area:
    """The area named by ``?area=`` (default: the caller's own).

    A malformed code answers 400; an unknown area, or one outside the caller's scope, 404.
    """
    code = request.query_params.get("area", "").strip() or None
    if code is not None:
        try:
            area_code_validator(code)
        except DjangoValidationError as exc:
            raise exceptions.ValidationError({"area": [MALFORMED_AREA]}) from exc
    try:
        return selectors.area_get_visible(code, get_scope(request.user))
    except selectors.AreaNotFound as exc:
        raise exceptions.NotFound(NOT_FOUND) from exc


class GridViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    queryset = Grid.objects.select_related("community")
    serializer_class = serializers.GridSerializer
    filterset_class = filtersets.GridFilterSet
    ordering_fields = ["code", "name", "households", "id"]
    ordering = ["code"]

    def retire(self, instance) -> None:
        services.grid_retire(grid=instance)


class ResidentialCompoundViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    queryset = ResidentialCompound.objects.select_related("community")
    serializer_class = serializers.ResidentialCompoundSerializer
    filterset_class = filtersets.ResidentialCompoundFilterSet
    ordering_fields = ["area_code", "name", "id"]
    ordering = ["area_code", "name"]

    def retire(self, instance) -> None:
        services.compound_update(compound=instance, is_active=False)


class BuildingViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    queryset = Building.objects.select_related("grid", "compound")
    serializer_class = serializers.BuildingSerializer
    filterset_class = filtersets.BuildingFilterSet
    ordering_fields = ["area_code", "name", "floors", "id"]
    ordering = ["area_code", "name"]

    def retire(self, instance) -> None:
        services.building_retire(building=instance)


class UnitViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    queryset = Unit.objects.select_related("building")
    serializer_class = serializers.UnitSerializer
    filterset_class = filtersets.UnitFilterSet
    ordering_fields = ["area_code", "number", "households", "id"]
    ordering = ["area_code", "building_id", "number"]

    def retire(self, instance) -> None:
        services.unit_retire(unit=instance)


class GridWorkerViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    queryset = GridWorker.objects.select_related("grid", "person")
    serializer_class = serializers.GridWorkerSerializer
    filterset_class = filtersets.GridWorkerFilterSet
    ordering_fields = ["area_code", "employment", "started_on", "id"]
    ordering = ["area_code", "id"]

    def retire(self, instance) -> None:
        services.grid_worker_retire(worker=instance)


class ChiefAssignmentViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    queryset = ChiefAssignment.objects.select_related(
        "grid", "person", "building__compound", "unit__building__compound"
    )
    serializer_class = serializers.ChiefAssignmentSerializer
    filterset_class = filtersets.ChiefAssignmentFilterSet
    ordering_fields = ["area_code", "kind", "id"]
    ordering = ["area_code", "kind", "id"]

    def retire(self, instance) -> None:
        services.chief_retire(chief=instance)


class OrganizationNetworkView(APIView):
    """The organization-network figures (织密一张组织网) of one area and of its direct children."""

    @extend_schema(
        operation_id="stats_organization_network",
        summary="Organization-network figures of an area",
        description=(
            "Communities, grids, grid party organizations, grid workers (full- and part-time), "
            "chiefs of the five-chief system by kind, party organizations by kind and party members "
            "of one area, with the same figures for each direct child (a community's children are "
            "its grids). Only active objects are counted. Authenticate with `Authorization: Token <key>`."
        ),
        parameters=[AREA_PARAMETER],
        responses={
            200: serializers.OrganizationNetworkSerializer,
            400: OpenApiResponse(description="Malformed area code."),
            401: OpenApiResponse(description="Not authenticated."),
            404: OpenApiResponse(description="No such area, or outside the caller's area."),
        },
        tags=["stats"],
    )
    def get(self, request):
        return Response(selectors.organization_network(requested_area(request)))
