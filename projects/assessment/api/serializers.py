"""Serializers of the branch assessment's API: the standards with their tasks, the scores with their
task scores, the payloads of the steps, and the figures of ``GET /api/stats/assessment/``."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from grids.network.api.serializers import AreaRefSerializer
from jilin_grid.api.serializers import ModelSerializer, Serializer
from projects.filing.api.serializers import SecretariesFiledSerializer

from ..choices import Aspect, Figure, ReviewGrade
from ..models import (
    AssessmentStandard,
    AssessmentTask,
    BranchScore,
    ReportSection,
    ReviewRound,
    ReviewVote,
    SecretaryReport,
    TaskScore,
)


class TaskSerializer(ModelSerializer):
    class Meta:
        model = AssessmentTask
        fields = ["id", "number", "aspect", "title", "points", "description", "evidence_required", "figure"]
        read_only_fields = ["id", "number"]


class StandardSerializer(ModelSerializer):
    in_force = serializers.BooleanField(read_only=True)
    tasks = TaskSerializer(many=True, read_only=True)

    class Meta:
        model = AssessmentStandard
        fields = ["id", "year", "in_force", "in_force_at", "copied_from", "tasks"]
        read_only_fields = fields


class CopyPayloadSerializer(Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text=_("The year the copy is for"))


class TaskUpdatePayloadSerializer(Serializer):
    task = serializers.IntegerField(help_text=_("The task's id"))
    aspect = serializers.ChoiceField(choices=Aspect.choices)
    title = serializers.CharField(max_length=200)
    points = serializers.IntegerField(min_value=1, max_value=100)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    evidence_required = serializers.BooleanField(required=False, default=False)
    figure = serializers.ChoiceField(choices=Figure.choices, required=False, allow_blank=True, default="")


class TaskScoreSerializer(ModelSerializer):
    number = serializers.IntegerField(source="task.number", read_only=True)

    class Meta:
        model = TaskScore
        fields = ["task", "number", "self_points", "self_reason", "review_points", "review_reason",
                  "confirmed_points", "confirmed_reason"]  # fmt: skip
        read_only_fields = fields


class ScoreSerializer(ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    items = TaskScoreSerializer(many=True, read_only=True)

    class Meta:
        model = BranchScore
        fields = ["id", "organization", "organization_name", "area_code", "year", "status", "total",
                  "aspect_leadership", "aspect_members", "aspect_life", "aspect_rules", "aspect_role",
                  "aspect_satisfaction", "confirmed_total", "stars", "self_assessed_at", "reviewed_at",
                  "confirmed_at", "items"]  # fmt: skip
        read_only_fields = fields


class ScoreListSerializer(ScoreSerializer):
    class Meta(ScoreSerializer.Meta):
        fields = [name for name in ScoreSerializer.Meta.fields if name != "items"]
        read_only_fields = fields


class TaskPointsSerializer(Serializer):
    task = serializers.IntegerField(help_text=_("The task's id"))
    points = serializers.IntegerField(min_value=0)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class StepPayloadSerializer(Serializer):
    tasks = TaskPointsSerializer(
        many=True,
        help_text=_("The points of the tasks (a task left out keeps the previous step's points); a refusal about "
                    "one task answers under points_<task id> or reason_<task id>."),
    )  # fmt: skip


class SelfAssessPayloadSerializer(StepPayloadSerializer):
    organization = serializers.IntegerField(help_text=_("The party organization's id"))
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class ReviewFiguresSerializer(Serializer):
    grades = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Published results by grade (good, fairly_good, average, poor)")
    )
    reported = serializers.IntegerField(help_text=_("Secretaries' reports submitted"))
    not_reported = serializers.IntegerField(help_text=_("Organizations of a round of the year without a report"))


class RectificationFiguresSerializer(Serializer):
    identified = serializers.IntegerField(help_text=_("Cases identified in the year"))
    open = serializers.IntegerField(help_text=_("Cases identified by the year and not accepted by its end"))
    rectified = serializers.IntegerField(help_text=_("Cases accepted as rectified in the year"))
    overdue_measures = serializers.IntegerField(help_text=_("Measures of open cases past their deadline today"))


class AssessmentFiguresSerializer(Serializer):
    area = AreaRefSerializer()
    branches_scored = serializers.IntegerField(help_text=_("Branches with a confirmed score"))
    average_score = serializers.FloatField(allow_null=True, help_text=_("Average confirmed total"))
    stars = serializers.DictField(child=serializers.IntegerField(), help_text=_("Branches by stars (1 to 5)"))
    by_aspect = serializers.DictField(
        child=serializers.FloatField(allow_null=True), help_text=_("Average confirmed points per aspect")
    )
    below_threshold = serializers.IntegerField(help_text=_("Confirmed below the rectification threshold"))
    secretaries_filed = SecretariesFiledSerializer(
        help_text=_("Community party secretaries filed, their average age and years in post, training hours")
    )
    reviews = ReviewFiguresSerializer(help_text=_("The year's report-and-review of the secretaries (述职评议)"))
    rectification = RectificationFiguresSerializer(help_text=_("Weak and lax organizations under rectification"))


class AssessmentStatsSerializer(AssessmentFiguresSerializer):
    year = serializers.IntegerField()
    children = AssessmentFiguresSerializer(many=True, help_text=_("The same figures for each direct child area"))


# The annual report-and-review (述职评议) -------------------------------------------------------------


class ReviewRoundSerializer(ModelSerializer):
    reviewers = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text=_("The reviewers' user ids"))
    report_count = serializers.IntegerField(read_only=True, help_text=_("Reports written (drafts included)"))
    submitted_count = serializers.IntegerField(read_only=True, help_text=_("Reports submitted"))

    class Meta:
        model = ReviewRound
        fields = ["id", "area_code", "year", "status", "reviewers", "report_count", "submitted_count",
                  "published_at", "created_at"]  # fmt: skip
        read_only_fields = fields


class OpenRoundPayloadSerializer(Serializer):
    area_code = serializers.CharField(max_length=15, help_text=_("The city's or a district's code"))
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    reviewers = serializers.PrimaryKeyRelatedField(
        many=True, queryset=get_user_model().objects.filter(is_active=True), help_text=_("The reviewers' user ids")
    )


class ReportSectionSerializer(ModelSerializer):
    class Meta:
        model = ReportSection
        fields = ["number", "heading", "body"]
        read_only_fields = ["number"]


class ReviewVoteSerializer(ModelSerializer):
    reviewer_name = serializers.SerializerMethodField()

    class Meta:
        model = ReviewVote
        fields = ["reviewer", "reviewer_name", "grade", "comment", "at"]
        read_only_fields = fields

    def get_reviewer_name(self, vote) -> str:
        return vote.reviewer.get_full_name() or vote.reviewer.get_username()


class SecretaryReportSerializer(ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    secretary_name = serializers.CharField(source="secretary.name", read_only=True)
    vote_count = serializers.IntegerField(read_only=True, help_text=_("Grades given so far"))
    good_share = serializers.FloatField(read_only=True, allow_null=True, help_text=_("Share of 好, once published"))

    class Meta:
        model = SecretaryReport
        fields = ["id", "round", "organization", "organization_name", "secretary", "secretary_name", "area_code",
                  "year", "status", "submitted_at", "vote_count", "result", "rank", "good_share"]  # fmt: skip
        read_only_fields = fields


class SecretaryReportDetailSerializer(SecretaryReportSerializer):
    sections = ReportSectionSerializer(many=True, read_only=True)
    votes = serializers.SerializerMethodField(
        help_text=_("Every grade with its reviewer and comment: for the round's department and reviewers only")
    )

    class Meta(SecretaryReportSerializer.Meta):
        fields = [*SecretaryReportSerializer.Meta.fields, "sections", "votes"]
        read_only_fields = fields

    @extend_schema_field(ReviewVoteSerializer(many=True))
    def get_votes(self, report):
        if not self.context.get("reads_comments"):
            return []
        return ReviewVoteSerializer(report.votes.all(), many=True).data


class WriteReportPayloadSerializer(Serializer):
    round = serializers.IntegerField(help_text=_("The round's id"))
    organization = serializers.IntegerField(help_text=_("The party organization's id"))
    sections = ReportSectionSerializer(many=True, help_text=_("The sections, in order"))


class VotePayloadSerializer(Serializer):
    grade = serializers.ChoiceField(choices=ReviewGrade.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
