"""API endpoints of the campaigns of the all-round grids (全能网格), scoped like every other endpoint:
the campaigns (seen from their area and from the areas inside it), the household visits, the duty
shifts, the support tasks, the supplies and the donations; and a campaign's figures
(``GET /api/stats/campaigns/<id>/``)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from jilin_grid.api.params import AREA_PARAMETER, SERVICE_RESPONSES, requested_area
from jilin_grid.api.serializers import ROLE_MAY_NOT_WRITE, run_step
from jilin_grid.api.viewsets import ScopedQuerysetMixin
from jilin_grid.scope import get_scope

from .. import filtersets, services
from ..models import CampaignShift, ChecklistQuestion, Donation, HouseholdVisit, SupplyGift, SupportTask
from ..selectors import campaign_figures, campaigns_reached
from . import serializers


class CreateReadViewSet(ScopedQuerysetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """List, read and add; records of a campaign are not changed or deleted through the API."""


class CampaignViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Campaigns of the all-round grids. ``POST`` opens one over a city, a district or a street where
    the caller writes; ``close`` closes it, ``publish-donations`` publishes its donations' list,
    ``join-team`` adds a sunk cadre or a reported member to a grid's team."""

    serializer_class = serializers.CampaignSerializer
    filterset_class = filtersets.CampaignFilterSet
    ordering_fields = ["starts_on", "area_code", "id"]
    ordering = ["-starts_on", "-id"]

    def get_queryset(self):
        return campaigns_reached(self.request.user).prefetch_related(
            Prefetch("questions", queryset=ChecklistQuestion.objects.order_by("position", "id"))
        )

    def _writable(self):
        campaign = self.get_object()
        if not get_scope(self.request.user).can_write(campaign.area_code):
            self.permission_denied(self.request, message=ROLE_MAY_NOT_WRITE)
        return campaign

    @extend_schema(request=None, responses={200: serializers.CampaignSerializer, **SERVICE_RESPONSES})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the campaign: no more visits, shifts, tasks or donations."""
        campaign = run_step(services.campaign_close, campaign=self._writable())
        return Response(self.get_serializer(campaign).data)

    @extend_schema(request=serializers.PublishSerializer, responses={200: serializers.CampaignSerializer})
    @action(detail=True, methods=["post"], url_path="publish-donations")
    def publish_donations(self, request, pk=None):
        """Publish (or, with ``published: false``, withdraw) the list of the campaign's donations."""
        campaign = self._writable()
        payload = serializers.PublishSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        campaign = run_step(services.donations_publish, campaign=campaign, **payload.validated_data)
        return Response(self.get_serializer(campaign).data)

    @extend_schema(request=serializers.TeamJoinSerializer, responses={201: None, **SERVICE_RESPONSES})
    @action(detail=True, methods=["post"], url_path="join-team")
    def join_team(self, request, pk=None):
        """A sunk cadre (sunk to the grid's community) or a reported member joins a grid's team."""
        campaign = self.get_object()
        payload = serializers.TeamJoinSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        member = run_step(services.team_join, campaign=campaign, **payload.validated_data)
        return Response({"id": member.pk, "role": member.role}, status=status.HTTP_201_CREATED)


class VisitViewSet(CreateReadViewSet):
    """Household visits of the caller's grids. ``POST`` records one (a household of the caller's
    grid, once a day, during the campaign); sent again with the same ``key`` it answers the visit as
    kept, with 200."""

    queryset = HouseholdVisit.objects.select_related("grid", "unit__building").prefetch_related("answers")
    serializer_class = serializers.VisitSerializer
    filterset_class = filtersets.VisitFilterSet
    ordering_fields = ["visited_on", "area_code", "id"]
    ordering = ["-visited_on", "-id"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        code = status.HTTP_201_CREATED if serializer.created else status.HTTP_200_OK
        return Response(serializer.data, status=code)


class ShiftViewSet(CreateReadViewSet):
    """Turns of duty at the posts of the teams of the caller's grids."""

    queryset = CampaignShift.objects.select_related("post", "person")
    serializer_class = serializers.ShiftSerializer
    filterset_class = filtersets.ShiftFilterSet
    ordering_fields = ["starts_at", "id"]
    ordering = ["starts_at", "id"]


class SupportTaskViewSet(CreateReadViewSet):
    """Support tasks of the alliances' member units; ``finish`` reports one done or not done."""

    queryset = SupportTask.objects.select_related("member_unit")
    serializer_class = serializers.SupportTaskSerializer
    filterset_class = filtersets.SupportTaskFilterSet
    ordering_fields = ["due_on", "id"]
    ordering = ["due_on", "id"]

    @extend_schema(
        request=serializers.TaskFinishSerializer,
        responses={200: serializers.SupportTaskSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        """Report the task done (or not done), with its outcome."""
        task = self.get_object()
        payload = serializers.TaskFinishSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        task = run_step(services.support_task_finish, task=task, **payload.validated_data)
        return Response(self.get_serializer(task).data)


class SupplyViewSet(CreateReadViewSet):
    """Supplies gathered from the alliances' member units, by kind and quantity."""

    queryset = SupplyGift.objects.select_related("member_unit")
    serializer_class = serializers.SupplySerializer
    filterset_class = filtersets.SupplyFilterSet
    ordering_fields = ["received_on", "id"]
    ordering = ["-received_on", "-id"]


class DonationViewSet(CreateReadViewSet):
    """Members' donations to campaigns, by the party organizations of the caller's areas. Refused on
    a closed campaign."""

    queryset = Donation.objects.select_related("organization")
    serializer_class = serializers.DonationSerializer
    filterset_class = filtersets.DonationFilterSet
    ordering_fields = ["donated_on", "amount", "id"]
    ordering = ["-donated_on", "-id"]


class CampaignStatsIndexView(APIView):
    """The campaigns whose figures the caller may read, newest first."""

    # Left out of the schema: the schema's figure is the campaign's, ``/api/stats/campaigns/{id}/``;
    # this answers which ids there are.
    @extend_schema(exclude=True)
    def get(self, request):
        campaigns = campaigns_reached(request.user).order_by("-starts_on", "-id")[:200]
        return Response(serializers.CampaignRefSerializer(campaigns, many=True).data)


class CampaignStatsView(APIView):
    """A campaign's figures in one area and in its direct children."""

    @extend_schema(
        operation_id="stats_campaign",
        summary="Figures of a campaign of the all-round grids in an area",
        description=(
            "A campaign of the all-round grids (全能网格) in one area: households, households visited, "
            "findings by question and answer, post-hours of duty covered (and by hour of the day), support "
            "tasks by state, supplies by kind, donations (members and amount, in yuan as a decimal string); "
            "with the head figures for each direct child area. Authenticate with `Authorization: Token <key>`."
        ),
        parameters=[AREA_PARAMETER],
        responses={
            200: serializers.CampaignStatsSerializer,
            400: OpenApiResponse(description="Malformed area code."),
            401: OpenApiResponse(description="Not authenticated."),
            404: OpenApiResponse(description="No such campaign or area, or outside the caller's area."),
        },
        tags=["stats"],
    )
    def get(self, request, pk: int):
        campaign = get_object_or_404(campaigns_reached(request.user), pk=pk)
        figures = campaign_figures(campaign, requested_area(request))
        figures["donations"] = {**figures["donations"], "amount": f"{figures['donations']['amount']:.2f}"}
        return Response(figures)
