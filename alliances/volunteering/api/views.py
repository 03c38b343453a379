"""API endpoints of in-service members' volunteering and its statistics.

In-service party members report to their community (双报到) through ``POST`` on the members or the
reports; reports are confirmed, declined and ended, posts closed and claimed (认领), claims withdrawn
and service verified only through explicit actions, each answering 400 with the service's refusal
(post full, member not reported here, service already verified, ...).
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
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
from jilin_grid.api.serializers import run_step
from jilin_grid.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet

from .. import filtersets, selectors, services
from ..models import InServiceMember, MemberReport, PostClaim, ServiceKind, ServicePost
from ..selectors import volunteering_stats
from . import serializers

# In-service party members, their reports, service posts, claims and service.


class ServiceKindViewSet(viewsets.ReadOnlyModelViewSet):
    """The active service kinds (data kept in the admin), in their order. Kinds belong to no area:
    every authenticated caller reads the same list."""

    queryset = ServiceKind.objects.filter(is_active=True).order_by("position", "name")
    serializer_class = serializers.ServiceKindSerializer
    filter_backends: list = []


class InServiceMemberViewSet(ScopedModelViewSet):
    """In-service party members (在职党员) of the caller's area (the community of their latest
    report). ``POST`` is a report to a community (双报到, ``member_report_submit``): a member is never
    created otherwise. ``PATCH`` changes the member's unit, organization, skills, availability, name
    or phone. Phones are masked for roles that do not see personal data. No ``DELETE``: a member
    who leaves ends their report (``/api/member-reports/{id}/end/``)."""

    queryset = InServiceMember.objects.select_related("person", "organization").prefetch_related(
        Prefetch(
            "reports",
            MemberReport.objects.select_related("community").order_by("-reported_on", "-id"),
            to_attr="report_history",
        )
    )
    serializer_class = serializers.InServiceMemberSerializer
    filterset_class = filtersets.InServiceMemberFilterSet
    ordering_fields = ["area_code", "person__name", "unit_name", "id"]
    ordering = ["area_code", "person__name", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        member = serializer.save()
        serializer.instance = self.get_queryset().get(pk=member.pk)


class MemberReportViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Members' reports to communities (双报到), with their history: a member holds at most one open
    report (awaiting confirmation or confirmed). ``POST`` reports; the community confirms it or
    declines it (``confirm``, ``decline``); ``end`` closes an open report (the member moved or
    left) and frees the places they held."""

    queryset = MemberReport.objects.select_related("member__person", "community", "confirmed_by")
    serializer_class = serializers.MemberReportSerializer
    filterset_class = filtersets.MemberReportFilterSet
    ordering_fields = ["reported_on", "status", "area_code", "id"]
    ordering = ["-reported_on", "-id"]

    def perform_create(self, serializer):
        report = serializer.save()
        serializer.instance = self.get_queryset().get(pk=report.pk)

    def _answer(self, report) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data)

    @extend_schema(
        request=serializers.ReportConfirmSerializer,
        responses={200: serializers.MemberReportSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The community confirms a report awaiting confirmation: the member may now claim its posts."""
        report = self.get_object()
        payload = serializers.ReportConfirmSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(services.member_report_confirm, report=report, actor=request.user, **payload.validated_data)
        return self._answer(report)

    @extend_schema(
        request=serializers.ReportDeclineSerializer,
        responses={200: serializers.MemberReportSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """The community declines a report awaiting confirmation (the member does not live here, say),
        with the reason."""
        report = self.get_object()
        payload = serializers.ReportDeclineSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(services.member_report_decline, report=report, **payload.validated_data)
        return self._answer(report)

    @extend_schema(
        request=serializers.ReportEndSerializer,
        responses={200: serializers.MemberReportSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """End an open report (the member moved or left): the places they held are freed, their
        service stays counted where it was given, and the report stays in their history."""
        report = self.get_object()
        payload = serializers.ReportEndSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(services.member_report_end, report=report, **payload.validated_data)
        return self._answer(report)


CLAIMS = PostClaim.objects.select_related("post__kind", "member__person")


class ServicePostViewSet(ScopedModelViewSet):
    """Service posts (服务岗位) communities publish. ``POST`` publishes one, ``PATCH`` changes it (its
    places never below those taken). There is no ``DELETE``: a post is closed to new claims by the
    ``close`` action, and its members keep their places and their service. Members claim places
    through ``claim``."""

    queryset = ServicePost.objects.select_related("community", "kind")
    serializer_class = serializers.ServicePostSerializer
    filterset_class = filtersets.ServicePostFilterSet
    ordering_fields = ["published_on", "places", "claimed", "area_code", "title", "id"]
    ordering = ["area_code", "-published_on", "id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @extend_schema(
        request=serializers.PostCloseSerializer,
        responses={200: serializers.ServicePostSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the post to new claims (400 when it is already closed)."""
        post = self.get_object()
        payload = serializers.PostCloseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(services.service_post_close, post=post, **payload.validated_data)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        request=serializers.ClaimRequestSerializer,
        responses={
            201: serializers.PostClaimSerializer,
            **SERVICE_RESPONSES,
            400: OpenApiResponse(
                description=(
                    "Refused, with the reason: the post is full or closed, the member has no confirmed "
                    "report to the post's community, or already holds a place on it; or no such member "
                    "in the caller's area."
                )
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        """A member claims a place of the post (认领). The place is taken by one conditional update,
        so two members racing for the last place cannot both get it: one answers 201, the other
        400 "full"."""
        post = self.get_object()
        payload = serializers.ClaimRequestSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        claim = run_step(services.post_claim, post=post, **payload.validated_data)
        data = serializers.PostClaimSerializer(CLAIMS.get(pk=claim.pk), context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


class PostClaimViewSet(ScopedReadOnlyViewSet):
    """Members' claims of service posts; they are made through ``/api/service-posts/{id}/claim/``
    and given up through ``withdraw``."""

    queryset = CLAIMS
    serializer_class = serializers.PostClaimSerializer
    filterset_class = filtersets.PostClaimFilterSet
    ordering_fields = ["claimed_on", "withdrawn_on", "area_code", "id"]
    ordering = ["-claimed_on", "-id"]

    @extend_schema(
        request=serializers.WithdrawSerializer,
        responses={200: serializers.PostClaimSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The member gives the place up; it is free for another member (400 when already withdrawn)."""
        claim = self.get_object()
        payload = serializers.WithdrawSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(services.post_claim_withdraw, claim=claim, **payload.validated_data)
        return Response(self.get_serializer(self.get_object()).data)


class ServiceRecordViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Members' service on posts and at alliance activities. ``POST`` logs it (``service_record_log``):
    on a post the member held that day, or at an activity of their community's area, on a day of
    their report, not in the future, once. It counts in the statistics only once verified through
    ``verify``; an activity's whole list is verified at ``/api/activities/{id}/verify-service/``."""

    queryset = selectors.service_records()
    serializer_class = serializers.ServiceRecordSerializer
    filterset_class = filtersets.ServiceRecordFilterSet
    ordering_fields = ["served_on", "hours", "area_code", "id"]
    ordering = ["-served_on", "-id"]

    @extend_schema(request=None, responses={200: serializers.ServiceRecordSerializer, **SERVICE_RESPONSES})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Community staff verify the service; from now on it counts (400 "already verified")."""
        record = self.get_object()
        run_step(services.service_record_verify, record=record, actor=request.user)
        return Response(self.get_serializer(self.get_object()).data)


STATS_RESPONSES = {
    400: OpenApiResponse(description="Malformed area code or date, or a start after the end."),
    401: OpenApiResponse(description="Not authenticated."),
    404: OpenApiResponse(description="No such area, or outside the caller's area."),
}


class VolunteeringStatsView(APIView):
    """The in-service members' volunteering figures of one area and period, and of its children."""

    @extend_schema(
        operation_id="stats_volunteering",
        summary="In-service party members' volunteering figures of an area and period",
        description=(
            "In-service party members (在职党员) of one area and period (both days included): "
            "`members_reported`, members whose report (双报到) was confirmed and in force during the "
            "period, each counted once (one who moved between communities counts in each, and once "
            "above them); `posts`, service posts open during the period, with their `places` and the "
            "`places_taken` now; `posts_claimed`, claims (认领) made in the period and still held; "
            "`service_person_times` and `service_hours` (one decimal) of the service given in the "
            "period and verified by community staff (unverified service does not count); the same "
            "by service kind (`by_kind`, every active kind in the kinds' order); and `sinking`, the "
            "departments, cadres, communities and checkpoints of the cadres sunk to the area "
            "(机关党员干部下沉) in force during the period, each counted once. `children` carries the "
            "same figures for each direct administrative child (districts, streets, communities); "
            "service is counted per community, so for a community (or a grid) `children` is an "
            "empty list. Authenticate with `Authorization: Token <key>`."
        ),
        parameters=[AREA_PARAMETER, *PERIOD_PARAMETERS],
        responses={200: serializers.VolunteeringStatsSerializer, **STATS_RESPONSES},
        tags=["stats"],
    )
    def get(self, request):
        area = requested_area(request)
        start, end = requested_period(request)
        return Response(volunteering_stats(area, start, end))


class VolunteeringByUnitView(APIView):
    """The volunteering figures by employer unit: each unit's members wherever they served."""

    @extend_schema(
        operation_id="stats_volunteering_by_unit",
        summary="Volunteering figures by employer unit",
        description=(
            "One row per party organization of a work unit (the members' employer) whose area code "
            "lies in the area, with its members' figures in every community they reported to: "
            "`members_reported` (confirmed report in force during the period), `posts_claimed` "
            "(claims made in the period and still held), verified `service_person_times` and "
            "`service_hours` in the period (one decimal) and `communities_served`; most hours "
            "first. A unit is listed when a member of it ever had a confirmed report, or it has service "
            "or claims in the period. The units come in pages (`page`, `page_size`, as the lists), with "
            "`count`, `next`, `previous`, and the `totals` of every unit listed. Authenticate with "
            "`Authorization: Token <key>`."
        ),
        parameters=[AREA_PARAMETER, *PERIOD_PARAMETERS, *PAGE_PARAMETERS],
        responses={200: serializers.VolunteeringByUnitSerializer, **STATS_RESPONSES},
        tags=["stats"],
    )
    def get(self, request):
        area = requested_area(request)
        start, end = requested_period(request)
        page, size = requested_page(request)
        report = selectors.volunteering_by_unit(prefix=area.code, start=start, end=end)
        links = page_of(request, page, size, report.count)
        rows = report.rows((links["number"] - 1) * size, size)
        return Response(
            {
                "area": area.as_dict(),
                "from": start,
                "to": end,
                "count": report.count,
                "next": links["next"],
                "previous": links["previous"],
                "totals": report.totals,
                "units": rows,
            }
        )
