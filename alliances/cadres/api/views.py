"""API endpoints of the sunk cadres (机关党员干部下沉): departments, checkpoints, assignments and duty
shifts, scoped like every other endpoint."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from jilin_grid.api.params import SERVICE_RESPONSES
from jilin_grid.api.serializers import run_step
from jilin_grid.api.viewsets import RetireOnDeleteMixin, ScopedModelViewSet, ScopedReadOnlyViewSet
from jilin_grid.scope import get_scope

from .. import filtersets, services
from ..models import CadreAssignment, Checkpoint, Department, DutyShift
from . import serializers

# Cadres sunk to communities (机关党员干部下沉).


class DepartmentViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    """Departments of the city and the districts that sink cadres. They are listed to everyone they
    may serve: the departments of the caller's areas and of the areas above them (``Scope.reach_q``),
    so that community staff can choose a city department; changing or retiring (``DELETE``) one
    needs a writing role over the department's own area (403 otherwise)."""

    queryset = Department.objects.select_related("organization")
    serializer_class = serializers.DepartmentSerializer
    filterset_class = filtersets.DepartmentFilterSet
    ordering_fields = ["area_code", "name", "id"]
    ordering = ["area_code", "name"]

    def get_queryset(self):
        return self.queryset.filter(get_scope(self.request.user).reach_q("area_code"))

    def retire(self, instance) -> None:
        services.department_retire(department=instance)


class CheckpointViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    """Checkpoints (卡点) of communities where sunk cadres take shifts; ``DELETE`` retires one."""

    queryset = Checkpoint.objects.select_related("community")
    serializer_class = serializers.CheckpointSerializer
    filterset_class = filtersets.CheckpointFilterSet
    ordering_fields = ["area_code", "name", "id"]
    ordering = ["area_code", "name"]

    def retire(self, instance) -> None:
        services.checkpoint_retire(checkpoint=instance)


class CadreAssignmentViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Cadres sunk to communities and checkpoints (下沉) for a period, with their post and duty.
    ``POST`` sends one (``cadre_assign``: an existing person or a new one by name and phone; a
    cadre already sent somewhere over the same days is refused); ``end`` brings them back."""

    queryset = CadreAssignment.objects.select_related("cadre", "department", "community", "checkpoint")
    serializer_class = serializers.CadreAssignmentSerializer
    filterset_class = filtersets.CadreAssignmentFilterSet
    ordering_fields = ["start_on", "end_on", "area_code", "id"]
    ordering = ["area_code", "-start_on", "id"]

    @extend_schema(
        request=serializers.AssignmentEndSerializer,
        responses={200: serializers.CadreAssignmentSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """The cadre returns to their department (default: today); shifts after the end are removed."""
        assignment = self.get_object()
        payload = serializers.AssignmentEndSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(services.cadre_assignment_end, assignment=assignment, **payload.validated_data)
        return Response(self.get_serializer(self.get_object()).data)


class DutyShiftViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Duty shifts of sunk cadres (24-hour duty is covered by shifts). ``POST`` adds one
    (``duty_shift_add``): inside the assignment's period, not overlapping another of the cadre's."""

    queryset = DutyShift.objects.select_related("assignment__cadre", "assignment__checkpoint")
    serializer_class = serializers.DutyShiftSerializer
    filterset_class = filtersets.DutyShiftFilterSet
    ordering_fields = ["starts_at", "area_code", "id"]
    ordering = ["starts_at", "id"]
