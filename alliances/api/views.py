"""API endpoints of the alliances and their statistics.

Every queryset is limited to the caller's area (an object outside it answers 404); writing needs
a role that may write over the object's area (403 otherwise). The step of an alliance's problem
moves only through the loop's actions: recording a meeting with its decisions, reporting a
decision, evaluating the problem; a step the loop does not allow answers 400 with the reason.

In-service party members report to their community (双报到) through ``POST`` on the members or the
reports; reports are confirmed, declined and ended, posts closed and claimed (认领), claims withdrawn
and service verified only through explicit actions, each answering 400 with the service's refusal
(post full, member not reported here, service already verified, ...). Sunk cadres (机关党员干部下沉):
departments, checkpoints, assignments and duty shifts, with the same scoping.
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from communities.api.views import RetireOnDeleteMixin
from communities.choices import AreaLevel, level_of
from grids.network import selectors as grid_selectors
from grids.network.api.views import AREA_PARAMETER, requested_area
from grids.problems.api.views import requested_period
from jilin_grid.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from jilin_grid.scope import get_scope

from .. import filtersets, selectors, services
from ..choices import ProblemStep
from ..models import (
    Activity,
    Alliance,
    AllianceProblem,
    CadreAssignment,
    Checkpoint,
    Decision,
    Department,
    DutyShift,
    InServiceMember,
    Meeting,
    MemberReport,
    MemberUnit,
    PostClaim,
    ServiceKind,
    ServicePost,
    ServiceRecord,
    Venue,
)
from . import serializers
from .serializers import run_step

ACTION_RESPONSES = {
    400: OpenApiResponse(description="The loop does not allow this step now; the answer says why."),
    403: OpenApiResponse(description="The caller's role may not write in this area."),
    404: OpenApiResponse(description="No such object, or outside the caller's area."),
}

SERVICE_RESPONSES = {
    **ACTION_RESPONSES,
    400: OpenApiResponse(description="Refused: the answer says why (post full, not reported here, already verified)."),
}

SERVICE_RECORDS = ServiceRecord.objects.select_related(
    "member__person", "kind", "post", "activity", "recorded_by", "verified_by"
)


class AllianceViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    """Party-building alliances. ``POST`` forms one, ``DELETE`` retires it; the detail carries
    the figures of its six-step loop."""

    queryset = Alliance.objects.select_related("lead_organization")
    serializer_class = serializers.AllianceSerializer
    filterset_class = filtersets.AllianceFilterSet
    ordering_fields = ["area_code", "name", "founded_on", "id"]
    ordering = ["area_code", "name"]

    def get_serializer_class(self):
        if self.action in ("retrieve", "survey"):
            return serializers.AllianceDetailSerializer
        return serializers.AllianceSerializer

    def retire(self, instance) -> None:
        services.alliance_retire(alliance=instance)

    @extend_schema(
        request=serializers.SurveySerializer,
        responses={200: serializers.AllianceDetailSerializer, **ACTION_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def survey(self, request, pk=None):
        """Record the survey (摸底): the needs and the resources found in the alliance's area."""
        alliance = self.get_object()
        payload = serializers.SurveySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(services.alliance_survey_record, alliance=alliance, **payload.validated_data)
        return Response(self.get_serializer(self.get_object()).data)


class MemberUnitViewSet(RetireOnDeleteMixin, ScopedModelViewSet):
    """Member units of the alliances; ``DELETE`` retires one and closes its venues."""

    queryset = MemberUnit.objects.select_related("alliance")
    serializer_class = serializers.MemberUnitSerializer
    filterset_class = filtersets.MemberUnitFilterSet
    ordering_fields = ["area_code", "name", "kind", "joined_on", "id"]
    ordering = ["area_code", "alliance_id", "name"]

    def retire(self, instance) -> None:
        services.member_unit_retire(member=instance)


class VenueViewSet(ScopedModelViewSet):
    """Venues member units open to residents; close one with ``is_open: false`` (no ``DELETE``)."""

    queryset = Venue.objects.select_related("member")
    serializer_class = serializers.VenueSerializer
    filterset_class = filtersets.VenueFilterSet
    ordering_fields = ["area_code", "name", "capacity", "id"]
    ordering = ["area_code", "member_id", "name"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class ActivityViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Alliance activities: date, place, organizers (member units of the alliance), kind and
    participants (person-times). ``POST`` records one; ``attendance`` logs the in-service members'
    service on its attendance list and ``verify-service`` verifies that list at once."""

    queryset = Activity.objects.select_related("alliance").prefetch_related("organizers")
    serializer_class = serializers.ActivitySerializer
    filterset_class = filtersets.ActivityFilterSet
    ordering_fields = ["held_on", "participants", "area_code", "id"]
    ordering = ["-held_on", "id"]

    @extend_schema(
        request=serializers.AttendanceSerializer,
        responses={201: serializers.ServiceRecordSerializer(many=True), **SERVICE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Record the activity's attendance list: the service of every member on it, with the same
        hours and kind (``activity_attendance_record``). Every member must hold a confirmed report
        to a community of the activity's area; when one cannot be logged, nothing is written and
        the answer names them. The records await verification (``verify-service``)."""
        activity = self.get_object()
        payload = serializers.AttendanceSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        records = run_step(
            services.activity_attendance_record, activity=activity, actor=request.user, **payload.validated_data
        )
        fresh = SERVICE_RECORDS.filter(pk__in=[record.pk for record in records]).order_by("id")
        data = serializers.ServiceRecordSerializer(fresh, many=True, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: serializers.VerifiedCountSerializer, **SERVICE_RESPONSES})
    @action(detail=True, methods=["post"], url_path="verify-service")
    def verify_service(self, request, pk=None):
        """Verify the activity's attendance list at once: every unverified service record of the
        activity (``activity_service_verify``). Answers how many were verified; 400 when none was
        waiting."""
        activity = self.get_object()
        count = run_step(services.activity_service_verify, activity=activity, actor=request.user)
        return Response({"verified": count})


class AllianceProblemViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Alliances' problems. ``POST`` collects one (收集); it is consulted by recording a meeting
    (``/api/meetings/``), implemented when every decision on it is reported
    (``/api/decisions/{id}/report/``) and closed by the ``evaluate`` action."""

    queryset = AllianceProblem.objects.select_related("alliance")
    serializer_class = serializers.AllianceProblemSerializer
    filterset_class = filtersets.AllianceProblemFilterSet
    ordering_fields = ["collected_on", "step", "area_code", "id"]
    ordering = ["-collected_on", "id"]

    @extend_schema(
        request=serializers.EvaluateSerializer,
        responses={200: serializers.AllianceProblemSerializer, **ACTION_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        """The residents' evaluation (评价): satisfied or basically satisfied closes the problem,
        dissatisfied sends it back to be consulted again. Only an implemented problem is evaluated."""
        problem = self.get_object()
        payload = serializers.EvaluateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(services.alliance_problem_evaluate, problem=problem, **payload.validated_data)
        return Response(self.get_serializer(self.get_object()).data)


class MeetingViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Joint meetings (会商). ``POST`` records one with its decisions, each about a problem of the
    alliance and assigned to one of its member units with a deadline; nothing is written when
    one decision is refused."""

    queryset = Meeting.objects.select_related("alliance").prefetch_related(
        "attendees",
        "problems",
        Prefetch("decisions", Decision.objects.select_related("problem", "assigned_to").order_by("id")),
    )
    serializer_class = serializers.MeetingSerializer
    filterset_class = filtersets.MeetingFilterSet
    ordering_fields = ["held_on", "area_code", "id"]
    ordering = ["-held_on", "id"]

    def perform_create(self, serializer):
        meeting = serializer.save()
        serializer.instance = self.get_queryset().get(pk=meeting.pk)


class DecisionViewSet(ScopedReadOnlyViewSet):
    """Decisions of the meetings; the assigned unit's report is given through the ``report`` action."""

    queryset = Decision.objects.select_related("meeting", "problem", "assigned_to", "reported_by")
    serializer_class = serializers.DecisionSerializer
    filterset_class = filtersets.DecisionFilterSet
    ordering_fields = ["deadline", "reported_on", "area_code", "id"]
    ordering = ["deadline", "id"]

    @extend_schema(
        request=serializers.DecisionReportSerializer,
        responses={200: serializers.DecisionSerializer, **ACTION_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """The assigned unit reports what it did (落实); when every decision on the problem is
        reported, the problem is implemented and awaits the residents' evaluation."""
        decision = self.get_object()
        payload = serializers.DecisionReportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(services.decision_report, decision=decision, actor=request.user, **payload.validated_data)
        return Response(self.get_serializer(self.get_object()).data)


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

    queryset = SERVICE_RECORDS
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


# Statistics.


def _figures(row: dict | None) -> dict:
    row = row or {}
    problems = row.get("problems") or {step.value: 0 for step in ProblemStep}
    return {
        "alliances": row.get("alliances", 0),
        "member_units": row.get("member_units", 0),
        "open_venues": row.get("open_venues", 0),
        "activity_participants": row.get("activity_participants", 0),
        "problems": dict(problems),
        "satisfaction_rate": selectors.satisfaction_rate(row.get("satisfied", 0), row.get("evaluations", 0)),
    }


def alliance_stats(area) -> dict:
    """The alliances' figures of an area and of each direct child (a community's are its grids)."""
    children = grid_selectors.area_children(area)
    figures = selectors.alliance_figures(prefix=area.code, length=area.child_code_length or len(area.code))
    total = {"alliances": 0, "member_units": 0, "open_venues": 0, "activity_participants": 0}
    problems = {step.value: 0 for step in ProblemStep}
    evaluations = satisfied = 0
    for row in figures.values():  # children, and rows of the area itself (an alliance of a street)
        for key in total:
            total[key] += row[key]
        for step, count in row["problems"].items():
            problems[step] += count
        evaluations += row["evaluations"]
        satisfied += row["satisfied"]
    own = _figures({**total, "problems": problems, "evaluations": evaluations, "satisfied": satisfied})
    children_rows = [
        {"area": {"code": code, "name": name, "level": level_of(code).value}, **_figures(figures.get(code))}
        for code, name in children
    ]
    return {"area": area.as_dict(), **own, "children": children_rows}


class AllianceStatsView(APIView):
    """The alliances' figures of one area and of its direct children."""

    @extend_schema(
        operation_id="stats_alliances",
        summary="Party-building alliance figures of an area",
        description=(
            "Party-building alliances (党建联盟) of one area: active alliances, active member units, "
            "venues open to residents, participants in alliance activities (person-times), the "
            "alliances' problems by step of the six-step loop (collected, consulted, implemented, "
            "evaluated) and the residents' satisfaction rate (satisfied or basically satisfied, in "
            "percent of the evaluations; null without any); with the same figures for each direct "
            "child area. Authenticate with `Authorization: Token <key>`."
        ),
        parameters=[AREA_PARAMETER],
        responses={
            200: serializers.AllianceStatsSerializer,
            400: OpenApiResponse(description="Malformed area code."),
            401: OpenApiResponse(description="Not authenticated."),
            404: OpenApiResponse(description="No such area, or outside the caller's area."),
        },
        tags=["stats"],
    )
    def get(self, request):
        return Response(alliance_stats(requested_area(request)))


# The volunteering statistics.

PERIOD_PARAMETERS = [
    OpenApiParameter(
        "from",
        OpenApiTypes.DATE,
        OpenApiParameter.QUERY,
        required=False,
        description="First day counted (YYYY-MM-DD). Default: no lower bound.",
    ),
    OpenApiParameter(
        "to",
        OpenApiTypes.DATE,
        OpenApiParameter.QUERY,
        required=False,
        description="Last day counted (YYYY-MM-DD). Default: no upper bound.",
    ),
]
STATS_RESPONSES = {
    400: OpenApiResponse(description="Malformed area code or date, or a start after the end."),
    401: OpenApiResponse(description="Not authenticated."),
    404: OpenApiResponse(description="No such area, or outside the caller's area."),
}
KIND_KEYS = ("posts", "posts_claimed", "service_person_times")


def _by_kind(rows: dict, kinds: list[tuple[int, str, bool]]) -> list[dict]:
    """Every active kind, and a retired one that still has figures, in the kinds' order."""
    answer = []
    for kind_id, name, is_active in kinds:
        row = rows.get(kind_id)
        if row is None and not is_active:
            continue
        row = row or {}
        answer.append(
            {
                "kind_id": kind_id,
                "kind": name,
                **{key: row.get(key, 0) for key in KIND_KEYS},
                "service_hours": selectors.hours_value(row.get("service_hours")),
            }
        )
    return answer


def _volunteering(row: dict | None, kinds, sinking: dict | None) -> dict:
    row = row or selectors.empty_volunteering_figures()
    return {
        **{key: row[key] for key in selectors.VOLUNTEERING_KEYS},
        "service_hours": selectors.hours_value(row["service_hours"]),
        "by_kind": _by_kind(row["by_kind"], kinds),
        "sinking": {**selectors.empty_sinking_figures(), **(sinking or {})},
    }


def volunteering_stats(area, start, end) -> dict:
    """The volunteering figures of an area and period, and of each direct administrative child.

    Service is counted per community, so a community (or a grid) has no children here."""
    length = area.child_code_length or len(area.code)
    total, figures = selectors.area_volunteering(code=area.code, length=length, start=start, end=end)
    kinds = list(ServiceKind.objects.order_by("position", "name").values_list("id", "name", "is_active"))
    own_sinking = selectors.sinking_figures(prefix=area.code, start=start, end=end)[area.code]
    own = _volunteering(total, kinds, own_sinking)
    children_rows = []
    if area.level not in (AreaLevel.COMMUNITY, AreaLevel.GRID):
        sinking = selectors.sinking_figures(prefix=area.code, length=length, start=start, end=end)
        children_rows = [
            {
                "area": {"code": code, "name": name, "level": level_of(code).value},
                **_volunteering(figures.get(code), kinds, sinking.get(code)),
            }
            for code, name in grid_selectors.area_children(area)
        ]
    return {"area": area.as_dict(), "from": start, "to": end, **own, "children": children_rows}


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
            "first. Authenticate with `Authorization: Token <key>`."
        ),
        parameters=[AREA_PARAMETER, *PERIOD_PARAMETERS],
        responses={200: serializers.VolunteeringByUnitSerializer, **STATS_RESPONSES},
        tags=["stats"],
    )
    def get(self, request):
        area = requested_area(request)
        start, end = requested_period(request)
        units = selectors.volunteering_by_unit(prefix=area.code, start=start, end=end)
        return Response({"area": area.as_dict(), "from": start, "to": end, "units": units})
