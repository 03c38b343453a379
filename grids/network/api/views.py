"""API endpoints of the grid network and the organization-network statistics."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from jilin_grid.api.params import AREA_PARAMETER, requested_area
from jilin_grid.api.viewsets import RetireOnDeleteMixin, ScopedModelViewSet

from .. import filtersets, selectors, services
from ..models import Building, ChiefAssignment, Grid, GridWorker, ResidentialCompound, Unit
from . import serializers


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
        services.compound_retire(compound=instance)


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
