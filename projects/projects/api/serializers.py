"""Serializers of the No.1 projects; every write goes through ``projects.projects.services``."""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from communities.models import PartyOrganization
from grids.network.api.serializers import AreaRefSerializer
from jilin_grid.api.exceptions import bilingual
from jilin_grid.api.fields import ScopedPrimaryKeyRelatedField
from jilin_grid.api.serializers import ModelSerializer, Serializer, ServiceSerializer, request_user, run_service

from .. import services
from ..choices import Light
from ..models import Milestone, ProgressAttachment, ProgressReport, Project, ProjectEvent
from ..selectors import project_light

STATUS_BY_ACTIONS = bilingual(
    "项目状态只能通过审核、退回、完成、放弃等操作改变。",
    "The status changes only through the actions: approve, return, complete, abandon.",
)


def _path(name: str, args: list, fallback: str) -> str:
    """The path of a portal page, or ``fallback`` while the page is not wired."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def _absolute(context, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class MilestoneSerializer(ModelSerializer):
    month = serializers.IntegerField(min_value=1, max_value=12)

    class Meta:
        model = Milestone
        fields = ["month", "description"]


class AttachmentSerializer(ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ProgressAttachment
        fields = ["id", "original_name", "content_type", "size", "url"]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        """The portal's scoped download of the file."""
        return _absolute(
            self.context, _path("projects:attachment_download", [obj.pk], f"/projects/attachments/{obj.pk}/")
        )


class ProgressBriefSerializer(ModelSerializer):
    """A month's progress shown inside its project."""

    class Meta:
        model = ProgressReport
        fields = ["id", "month", "percent_complete", "done", "problems", "next_steps", "submitted_at"]
        read_only_fields = fields


class ProjectEventSerializer(ModelSerializer):
    actor = serializers.CharField(source="actor.username", default="", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = ProjectEvent
        fields = ["id", "project", "kind", "kind_display", "actor", "note", "at"]
        read_only_fields = fields


class ProjectSerializer(ServiceSerializer):
    """A project with its milestones, latest progress and light.

    Creating claims it (``project_claim``), updating revises it (``project_revise``); the status
    changes only through the explicit actions (approve, return, showcase, complete, abandon).
    """

    organization = ScopedPrimaryKeyRelatedField(queryset=PartyOrganization.objects.all())
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    milestones = MilestoneSerializer(many=True)
    latest_progress = serializers.SerializerMethodField()
    light = serializers.SerializerMethodField(help_text=_("green, yellow or red; empty unless approved"))

    class Meta:
        model = Project
        fields = [
            "id",
            "organization",
            "organization_name",
            "area_code",
            "year",
            "title",
            "problem",
            "goal",
            "measures",
            "responsible",
            "start_month",
            "milestones",
            "status",
            "status_display",
            "light",
            "latest_progress",
            "review_note",
            "reviewed_at",
            "showcased",
            "showcase_writeup",
            "showcased_at",
            "closing_summary",
            "abandon_reason",
            "closed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "area_code",
            "status",
            "review_note",
            "reviewed_at",
            "showcased",
            "showcase_writeup",
            "showcased_at",
            "closing_summary",
            "abandon_reason",
            "closed_at",
            "created_at",
            "updated_at",
        ]
        create_only_fields = ["organization", "year"]
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, (list, tuple)):
            fields["milestones"].required = False
        return fields

    def to_internal_value(self, data):
        if isinstance(data, Mapping) and "status" in data:  # a body not an object is refused below
            raise serializers.ValidationError({"status": [STATUS_BY_ACTIONS]})
        return super().to_internal_value(data)

    def get_light(self, obj) -> str:
        if hasattr(obj, "light"):
            return obj.light
        return project_light(obj)

    @staticmethod
    def _latest(obj):
        cache = getattr(obj, "_prefetched_objects_cache", {})
        if "progress_reports" in cache:
            reports = list(cache["progress_reports"])
            return max(reports, key=lambda report: report.month) if reports else None
        return obj.progress_reports.order_by("-month").first()

    def get_latest_progress(self, obj) -> dict | None:
        latest = self._latest(obj)
        return ProgressBriefSerializer(latest, context=self.context).data if latest else None

    def create(self, validated_data):
        return run_service(services.project_claim, actor=request_user(self.context), **validated_data)

    def update(self, instance, validated_data):
        return run_service(
            services.project_revise, project=instance, actor=request_user(self.context), **validated_data
        )


class ProjectDetailSerializer(ProjectSerializer):
    """A project with its whole monthly progress and its history."""

    progress = ProgressBriefSerializer(source="progress_reports", many=True, read_only=True)
    history = ProjectEventSerializer(source="events", many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "progress", "history"]


class ReasonSerializer(Serializer):
    reason = serializers.CharField(help_text=_("Why the project is returned or abandoned."))


class ApproveSerializer(Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class WriteupSerializer(Serializer):
    writeup = serializers.CharField(help_text=_("The good practice to showcase."))


class SummarySerializer(Serializer):
    summary = serializers.CharField(help_text=_("The closing summary."))


class AttachmentsField(serializers.ListField):
    """Files in (multipart ``attachments``), the stored attachments out."""

    child = serializers.FileField()

    def get_attribute(self, instance):
        return instance.attachments.all()

    def to_representation(self, value):
        return AttachmentSerializer(value, many=True, context=self.context).data


class ProgressReportSerializer(ServiceSerializer):
    """A month's progress (``progress_report_submit``). Filing a month already filed (a POST of
    its month again, or a PUT/PATCH) replaces its figures and needs a ``reason``; the earlier
    version is kept in the month's history."""

    project = ScopedPrimaryKeyRelatedField(queryset=Project.objects.all())
    project_title = serializers.CharField(source="project.title", read_only=True)
    month = serializers.IntegerField(min_value=1, max_value=12)
    percent_complete = serializers.IntegerField(min_value=0, max_value=100)
    submitted_by = serializers.CharField(source="submitted_by.username", default="", read_only=True)
    attachments = AttachmentsField(
        required=False,
        help_text=_("Images, PDF or Office files, sent multipart; listed with their download URLs."),
    )
    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text=_("Why a month already filed is filed again (required then); the earlier version is kept."),
    )

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "project",
            "project_title",
            "month",
            "percent_complete",
            "done",
            "problems",
            "next_steps",
            "submitted_by",
            "submitted_at",
            "attachments",
            "reason",
        ]
        read_only_fields = ["submitted_at"]
        create_only_fields = ["project", "month"]
        validators: list = []

    def create(self, validated_data):
        files = validated_data.pop("attachments", None)
        return run_service(
            services.progress_report_submit, attachments=files, actor=request_user(self.context), **validated_data
        )

    def update(self, instance, validated_data):
        files = validated_data.pop("attachments", None)
        values = {
            "percent_complete": instance.percent_complete,
            "done": instance.done,
            "problems": instance.problems,
            "next_steps": instance.next_steps,
            **validated_data,
        }
        return run_service(
            services.progress_report_submit,
            project=instance.project,
            month=instance.month,
            attachments=files,
            actor=request_user(self.context),
            **values,
        )


# The statistics of the projects (documentation of the answer of the stats endpoint).


class ProjectFiguresSerializer(Serializer):
    area = AreaRefSerializer()
    claimed = serializers.IntegerField(help_text=_("Claims holding their organization's place (all but abandoned)"))
    approved = serializers.IntegerField(help_text=_("Approved and running"))
    completed = serializers.IntegerField()
    abandoned = serializers.IntegerField()
    green = serializers.IntegerField(help_text=Light.GREEN.label)
    yellow = serializers.IntegerField(help_text=Light.YELLOW.label)
    red = serializers.IntegerField(help_text=Light.RED.label)
    reported_last_month = serializers.IntegerField(help_text=_("Running projects that filed last month's progress"))
    filed_due = serializers.IntegerField(
        help_text=_("Approved projects not behind with their filing: the due month's progress filed, or not begun yet")
    )
    reporting_rate = serializers.FloatField(
        allow_null=True, help_text=_("Filed as due over approved, in percent; null without an approved project")
    )
    showcased = serializers.IntegerField()


class ProjectStatsSerializer(ProjectFiguresSerializer):
    year = serializers.IntegerField()
    children = ProjectFiguresSerializer(many=True, help_text=_("The same figures for each direct child area"))
