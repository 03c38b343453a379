"""Serializers of the branch assessment's API: the standards with their tasks, the scores with their
task scores, the payloads of the steps, and the figures of ``GET /api/stats/assessment/``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from grids.network.api.serializers import AreaRefSerializer
from jilin_grid.api.serializers import ModelSerializer, Serializer

from ..choices import Aspect, Figure
from ..models import AssessmentStandard, AssessmentTask, BranchScore, TaskScore


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
    rectification = RectificationFiguresSerializer(help_text=_("Weak and lax organizations under rectification"))


class AssessmentStatsSerializer(AssessmentFiguresSerializer):
    year = serializers.IntegerField()
    children = AssessmentFiguresSerializer(many=True, help_text=_("The same figures for each direct child area"))
