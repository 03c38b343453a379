"""API endpoints of the branch assessment (五好一满意): the standards (read by everyone; copied, changed
and put in force by the city organization department), the scores of the caller's area with their
steps ``self-assess``, ``review`` and ``confirm``, and ``GET /api/stats/assessment/``."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from communities.models import PartyOrganization
from jilin_grid.api.exceptions import NOT_FOUND, bilingual
from jilin_grid.api.params import AREA_PARAMETER, SERVICE_RESPONSES, YEAR_PARAMETER, requested_area, requested_year
from jilin_grid.api.serializers import run_step
from jilin_grid.api.viewsets import ScopedReadOnlyViewSet
from jilin_grid.scope import get_scope

from .. import services
from ..choices import ReportStatus
from ..filtersets import ReviewRoundFilterSet, SecretaryReportFilterSet
from ..models import AssessmentStandard, BranchScore, ReviewRound, SecretaryReport
from ..permissions import may_edit_standard, may_run_round, may_take_step, may_write_report, reads_comments
from ..selectors import assessment_figures, scored_organizations
from . import serializers

CITY_ONLY = bilingual("只有市委组织部可以修改考核标准。", "Only the city organization department edits the standard.")
STEP_DENIED = bilingual("您的角色不能对该支部进行此步骤。", "Your role may not take this step on this branch.")


def _points(payload) -> tuple[dict, dict]:
    tasks = payload.validated_data["tasks"]
    return {row["task"]: row["points"] for row in tasks}, {row["task"]: row["reason"] for row in tasks}


class StandardViewSet(viewsets.ReadOnlyModelViewSet):
    """The city's standards by year, each with its tasks. ``copy`` starts a year as a copy of the
    latest before it, ``update-task`` changes a task (until a score of the year is filed),
    ``put-in-force`` puts it in force (its tasks must sum to exactly 100)."""

    queryset = AssessmentStandard.objects.prefetch_related("tasks").order_by("-year")
    # The city's standard is read by every signed-in caller; its actions ask for the city's role.
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.StandardSerializer
    ordering = ["-year"]

    def _require_city(self):
        if not may_edit_standard(get_scope(self.request.user)):
            raise exceptions.PermissionDenied(CITY_ONLY)

    @extend_schema(request=serializers.CopyPayloadSerializer,
                   responses={201: serializers.StandardSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=False, methods=["post"], url_path="copy")
    def copy(self, request):
        """Start the standard of ``year`` as a copy of the latest one before it."""
        self._require_city()
        payload = serializers.CopyPayloadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        standard = run_step(services.standard_copy, year=payload.validated_data["year"])
        return Response(serializers.StandardSerializer(standard).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.TaskUpdatePayloadSerializer,
                   responses={200: serializers.StandardSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="update-task")
    def update_task(self, request, pk=None):
        """Change one task of the standard."""
        self._require_city()
        standard = self.get_object()
        payload = serializers.TaskUpdatePayloadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        task = standard.tasks.filter(pk=data.pop("task")).first()
        if task is None:
            raise exceptions.ValidationError(
                {"task": [bilingual("不是该标准的任务。", "Not a task of this standard.")]}
            )
        run_step(services.task_update, task=task, **data)
        return Response(serializers.StandardSerializer(self.get_object()).data)

    @extend_schema(request=None, responses={200: serializers.StandardSerializer, **SERVICE_RESPONSES})
    @action(detail=True, methods=["post"], url_path="put-in-force")
    def put_in_force(self, request, pk=None):
        """Put the standard in force: refused unless its tasks sum to exactly 100 points."""
        self._require_city()
        standard = run_step(services.standard_put_in_force, standard=self.get_object())
        return Response(serializers.StandardSerializer(standard).data)


class ScoreViewSet(ScopedReadOnlyViewSet):
    """The yearly scores of the community and grid party branches of the caller's area. ``self-assess``
    (community staff) files a branch's self-assessment, ``review`` (street staff) and ``confirm``
    (the district organization department) take the next steps on a score."""

    queryset = BranchScore.objects.select_related("organization")
    serializer_class = serializers.ScoreSerializer
    ordering = ["-year", "area_code", "id"]
    filterset_fields = ["year", "status", "stars"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            return queryset
        return queryset.prefetch_related("items__task")

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.ScoreListSerializer
        return super().get_serializer_class()

    def _step(self, request, step, service, **target):
        payload = serializers.StepPayloadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        points, reasons = _points(payload)
        score = run_step(service, points=points, reasons=reasons, actor=request.user, **target)
        return Response(serializers.ScoreSerializer(BranchScore.objects.get(pk=score.pk)).data)

    @extend_schema(request=serializers.SelfAssessPayloadSerializer,
                   responses={200: serializers.ScoreSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=False, methods=["post"], url_path="self-assess")
    def self_assess(self, request):
        """The branch's self-assessment of a year (community staff of its community): every task's points."""
        payload = serializers.SelfAssessPayloadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        organization = (
            scored_organizations().visible_to(request.user).filter(pk=payload.validated_data["organization"]).first()
        )
        if organization is None:
            raise exceptions.ValidationError({"organization": [NOT_FOUND]})
        if not may_take_step(get_scope(request.user), "self", organization.area_code):
            raise exceptions.PermissionDenied(STEP_DENIED)
        points, reasons = _points(payload)
        score = run_step(services.score_self_assess, organization=organization, year=payload.validated_data["year"],
                         points=points, reasons=reasons, actor=request.user)  # fmt: skip
        return Response(serializers.ScoreSerializer(BranchScore.objects.get(pk=score.pk)).data)

    @extend_schema(request=serializers.StepPayloadSerializer,
                   responses={200: serializers.ScoreSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="review")
    def review(self, request, pk=None):
        """The street's review (street staff): a task left out keeps its self-assessed points."""
        score = self.get_object()
        if not may_take_step(get_scope(request.user), "review", score.area_code):
            raise exceptions.PermissionDenied(STEP_DENIED)
        return self._step(request, "review", services.score_review, score=score)

    @extend_schema(request=serializers.StepPayloadSerializer,
                   responses={200: serializers.ScoreSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="confirm")
    def confirm(self, request, pk=None):
        """The district organization department's confirmation: the confirmed total and its stars."""
        score = self.get_object()
        if not may_take_step(get_scope(request.user), "confirm", score.area_code):
            raise exceptions.PermissionDenied(STEP_DENIED)
        return self._step(request, "confirm", services.score_confirm, score=score)


class AssessmentStatsView(APIView):
    """The confirmed scores of a year of one area and of its direct children."""

    @extend_schema(
        operation_id="stats_assessment",
        summary="Standardized branch (五好一满意) figures of an area",
        description=(
            "The confirmed yearly scores of the community and grid party branches of one area: branches "
            "scored, average score, branches by stars, average per aspect, branches below the "
            "rectification threshold; with the same figures for each direct child area. "
            "Authenticate with `Authorization: Token <key>`."
        ),
        parameters=[AREA_PARAMETER, YEAR_PARAMETER],
        responses={
            200: serializers.AssessmentStatsSerializer,
            400: OpenApiResponse(description="Malformed area code or year."),
            401: OpenApiResponse(description="Not authenticated."),
            404: OpenApiResponse(description="No such area, or outside the caller's area."),
        },
        tags=["stats"],
    )
    def get(self, request):
        area = requested_area(request)
        year = requested_year(request, timezone.localdate().year)
        return Response(assessment_figures(area, year))


# The annual report-and-review (述职评议) -------------------------------------------------------------

NOT_THE_DEPARTMENT = bilingual(
    "只有本级组织部可以开启述职评议、公布结果。",
    "Only the organization department of the round's area opens it and publishes its results.",
)
NOT_A_WRITER = bilingual(
    "只有该党组织所在社区（街道）的工作人员可以撰写、提交述职报告。",
    "Only the organization's own staff write and submit its report.",
)
NOT_A_REVIEWER = bilingual(
    "只有本轮指定的评议人可以评议。", "Only the reviewers appointed to this round grade its reports."
)


class ReviewRoundViewSet(ScopedReadOnlyViewSet):
    """The rounds of the annual report-and-review (述职评议) of the caller's areas and those above them.
    ``open`` opens a year's round of a department's area with its reviewers; ``publish`` publishes the
    results (the department of the round's area)."""

    queryset = ReviewRound.objects.prefetch_related("reviewers").annotate(
        report_count=Count("reports", distinct=True),
        submitted_count=Count("reports", filter=Q(reports__status=ReportStatus.SUBMITTED), distinct=True),
    )
    serializer_class = serializers.ReviewRoundSerializer
    filterset_class = ReviewRoundFilterSet
    ordering_fields = ["year", "area_code", "id"]
    ordering = ["-year", "area_code", "id"]

    def _fresh(self, review_round) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=review_round.pk)).data)

    @extend_schema(request=serializers.OpenRoundPayloadSerializer,
                   responses={201: serializers.ReviewRoundSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=False, methods=["post"], url_path="open", url_name="open")
    def open_round(self, request):
        """Open the year's round of the caller's department (the city or a district) with its reviewers."""
        payload = serializers.OpenRoundPayloadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if not may_run_round(get_scope(request.user), data["area_code"]):
            raise exceptions.PermissionDenied(NOT_THE_DEPARTMENT)
        review_round = run_step(services.review_round_open, area_code=data["area_code"], year=data["year"],
                                reviewers=data["reviewers"], actor=request.user)  # fmt: skip
        response = self._fresh(review_round)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=None, responses={200: serializers.ReviewRoundSerializer, **SERVICE_RESPONSES})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish the results: every submitted report gets its result and rank."""
        review_round = self.get_object()
        if not may_run_round(get_scope(request.user), review_round.area_code):
            raise exceptions.PermissionDenied(NOT_THE_DEPARTMENT)
        run_step(services.review_round_publish, review_round=review_round, actor=request.user)
        return self._fresh(review_round)


class SecretaryReportViewSet(ScopedReadOnlyViewSet):
    """The secretaries' annual reports (述职) of the caller's areas, with their result and rank once
    published. ``write`` writes an organization's draft with its sections, ``submit`` submits it
    (the organization's own staff), ``vote`` and ``change-vote`` grade it (an appointed reviewer)."""

    queryset = SecretaryReport.objects.select_related("organization", "secretary").annotate(vote_count=Count("votes"))
    serializer_class = serializers.SecretaryReportSerializer
    filterset_class = SecretaryReportFilterSet
    ordering_fields = ["year", "rank", "area_code", "id"]
    ordering = ["-year", "round_id", "rank", "area_code", "id"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            return queryset
        return queryset.select_related("round").prefetch_related("sections", "votes__reviewer")

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.SecretaryReportSerializer
        return serializers.SecretaryReportDetailSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action != "list" and self.kwargs.get("pk"):
            report = SecretaryReport.objects.select_related("round").filter(pk=self.kwargs["pk"]).first()
            if report is not None:
                reviewer_ids = set(report.round.reviewers.values_list("pk", flat=True))
                context["reads_comments"] = reads_comments(
                    get_scope(self.request.user), self.request.user, report.round, reviewer_ids
                )
        return context

    def _fresh(self, report) -> Response:
        report = self.get_queryset().get(pk=report.pk)
        return Response(serializers.SecretaryReportDetailSerializer(report, context=self.get_serializer_context()).data)

    @extend_schema(request=serializers.WriteReportPayloadSerializer,
                   responses={200: serializers.SecretaryReportDetailSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=False, methods=["post"])
    def write(self, request):
        """Write (or rewrite) an organization's draft report of a round: its sections, in order."""
        payload = serializers.WriteReportPayloadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        review_round = ReviewRound.objects.visible_to(request.user).filter(pk=data["round"]).first()
        if review_round is None:
            raise exceptions.ValidationError({"round": [NOT_FOUND]})
        organization = PartyOrganization.objects.visible_to(request.user).filter(pk=data["organization"]).first()
        if organization is None:
            raise exceptions.ValidationError({"organization": [NOT_FOUND]})
        if not may_write_report(get_scope(request.user), organization.area_code):
            raise exceptions.PermissionDenied(NOT_A_WRITER)
        sections = [(row["heading"], row["body"]) for row in data["sections"]]
        report = run_step(services.secretary_report_write, review_round=review_round, organization=organization,
                          sections=sections, actor=request.user)  # fmt: skip
        self.kwargs["pk"] = report.pk
        return self._fresh(report)

    @extend_schema(request=None, responses={200: serializers.SecretaryReportDetailSerializer, **SERVICE_RESPONSES})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit the report for review (述职)."""
        report = self.get_object()
        if not may_write_report(get_scope(request.user), report.area_code):
            raise exceptions.PermissionDenied(NOT_A_WRITER)
        run_step(services.secretary_report_submit, report=report, actor=request.user)
        return self._fresh(report)

    def _grade(self, request, service):
        report = self.get_object()
        if not report.round.reviewers.filter(pk=request.user.pk).exists():
            raise exceptions.PermissionDenied(NOT_A_REVIEWER)
        payload = serializers.VotePayloadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_step(service, report=report, reviewer=request.user, **payload.validated_data)
        return self._fresh(report)

    @extend_schema(request=serializers.VotePayloadSerializer,
                   responses={200: serializers.SecretaryReportDetailSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        """An appointed reviewer's grade (good, fairly_good, average, poor) and comment, once."""
        return self._grade(request, services.review_vote_cast)

    @extend_schema(request=serializers.VotePayloadSerializer,
                   responses={200: serializers.SecretaryReportDetailSerializer, **SERVICE_RESPONSES})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="change-vote")
    def change_vote(self, request, pk=None):
        """A reviewer changes their grade and comment, until the results are published."""
        return self._grade(request, services.review_vote_change)
