"""API endpoints of the secretaries' filing: the filings of the caller's area with their figures and
filters; ``POST`` files a community party secretary, ``change-secretary`` ends the current filing and
files the new secretary (the district or county organization department); ``add-training`` (also the
street and community staff) and ``add-record`` (a reward, a discipline or a promotion)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from jilin_grid.api.exceptions import bilingual
from jilin_grid.api.params import SERVICE_RESPONSES
from jilin_grid.api.serializers import run_step
from jilin_grid.api.viewsets import ScopedModelViewSet
from jilin_grid.scope import get_scope

from .. import services
from ..filtersets import SecretaryFilingFilterSet, training_year_of
from ..models import SecretaryFiling
from ..permissions import may_add_training, may_keep
from ..selectors import filings_with_figures
from . import serializers

KEEPERS_ONLY = bilingual(
    "只有县（市）区委组织部可以备案、更换书记和记录奖惩、使用情况。",
    "Only the district or county organization department files secretaries, changes them and records "
    "rewards, discipline and promotions.",
)
TRAINERS_ONLY = bilingual(
    "只有县（市）区委组织部、街道和社区工作人员可以记录培训。",
    "Only the district or county organization department and the street and community staff record training.",
)


class SecretaryFilingViewSet(ScopedModelViewSet):
    """The filings of the community party secretaries of the caller's area, current and ended."""

    queryset = SecretaryFiling.objects.all()
    serializer_class = serializers.SecretaryFilingSerializer
    filterset_class = SecretaryFilingFilterSet
    ordering_fields = ["area_code", "selected_on", "birth_date", "id"]
    ordering = ["area_code", "-selected_on", "-id"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        queryset = filings_with_figures(training_year_of(self.request.query_params)).visible_to(self.request.user)
        if self.action == "retrieve":
            return queryset.prefetch_related("trainings", "records")
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.SecretaryFilingDetailSerializer
        return super().get_serializer_class()

    @extend_schema(responses={201: serializers.SecretaryFilingSerializer, **SERVICE_RESPONSES})
    def create(self, request, *args, **kwargs):
        """File the current secretary of a community party organization."""
        payload = serializers.SecretaryFilingSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        organization = data.pop("organization")
        if not may_keep(get_scope(request.user), organization.area_code):
            raise exceptions.PermissionDenied(KEEPERS_ONLY)
        filing = run_step(services.filing_create, organization=organization, actor=request.user, **data)
        return Response(self._read(filing.pk), status=status.HTTP_201_CREATED)

    def _read(self, pk):
        filing = filings_with_figures().get(pk=pk)
        return serializers.SecretaryFilingSerializer(filing, context=self.get_serializer_context()).data

    def _add(self, request, payload_class, service, allowed, denied):
        filing = self.get_object()
        if not allowed(get_scope(request.user), filing.area_code):
            raise exceptions.PermissionDenied(denied)
        payload = payload_class(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        row = run_step(service, filing=filing, **payload.validated_data)
        return Response(payload_class(row, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.TrainingSerializer,
                   responses={201: serializers.TrainingSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="add-training")
    def add_training(self, request, pk=None):
        """Record a course the secretary attended (the district, the street or the community)."""
        return self._add(request, serializers.TrainingSerializer, services.training_add, may_add_training,
                         TRAINERS_ONLY)  # fmt: skip

    @extend_schema(request=serializers.RecordSerializer,
                   responses={201: serializers.RecordSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="add-record")
    def add_record(self, request, pk=None):
        """Record a reward, a discipline or a promotion of the secretary (the district)."""
        return self._add(request, serializers.RecordSerializer, services.record_add, may_keep, KEEPERS_ONLY)

    @extend_schema(request=serializers.ChangeSecretarySerializer,
                   responses={201: serializers.SecretaryFilingSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="change-secretary")
    def change_secretary(self, request, pk=None):
        """A new secretary takes over: this filing ends, the new secretary's filing is opened and they
        become the organization's secretary, all or nothing."""
        filing = self.get_object()
        if not may_keep(get_scope(request.user), filing.area_code):
            raise exceptions.PermissionDenied(KEEPERS_ONLY)
        payload = serializers.ChangeSecretarySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        new = run_step(services.filing_change_secretary, filing=filing, actor=request.user, **payload.validated_data)
        return Response(self._read(new.pk), status=status.HTTP_201_CREATED)
