"""Serializers of the rectification cases; every write goes through ``projects.rectification.services``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from alliances.cadres.models import Department
from alliances.volunteering.models import MemberReport
from communities.models import Community, PartyOrganization, Person
from jilin_grid.api.fields import ScopedPrimaryKeyRelatedField
from jilin_grid.api.serializers import ModelSerializer, Serializer
from projects.assessment.models import BranchScore, SecretaryReport

from ..choices import CaseSource
from ..models import CaseExtension, CaseProgress, Measure, ProblemKind, RectificationCase


class RectificationProblemKindSerializer(ModelSerializer):
    class Meta:
        model = ProblemKind
        fields = ["id", "name", "position", "is_active"]
        read_only_fields = fields


class RectificationMeasureSerializer(ModelSerializer):
    overdue = serializers.SerializerMethodField(help_text=_("Not done and past its deadline today"))

    class Meta:
        model = Measure
        fields = ["id", "title", "due_on", "done_on", "done_note", "overdue"]
        read_only_fields = fields

    def get_overdue(self, measure) -> bool:
        return measure.is_overdue(self.context["today"])


class RectificationProgressSerializer(ModelSerializer):
    class Meta:
        model = CaseProgress
        fields = ["id", "month", "text", "measures_done", "measures_total", "measures_overdue", "created_at"]
        read_only_fields = fields


class RectificationExtensionSerializer(ModelSerializer):
    class Meta:
        model = CaseExtension
        fields = ["id", "previous_deadline", "new_deadline", "reason", "extended_on"]
        read_only_fields = fields


CASE_FIELDS = [
    "id", "organization", "organization_name", "area_code", "year", "identified_on", "source", "score", "review",
    "reason", "problems", "problem_note", "guarantor", "department", "paired_community", "member_reports",
    "deadline", "status", "accepted_on", "acceptance_note", "open_measures_reason", "rerating",
    "measures_total", "measures_done", "measures_overdue",
]  # fmt: skip


class RectificationCaseSerializer(ModelSerializer):
    """A case as listed and as identified (``POST``): the organization and its helpers by id."""

    organization = ScopedPrimaryKeyRelatedField(queryset=PartyOrganization.objects.all())
    organization_name = serializers.CharField(read_only=True)
    source = serializers.ChoiceField(choices=CaseSource.choices)
    score = serializers.PrimaryKeyRelatedField(queryset=BranchScore.objects.all(), required=False, allow_null=True)
    review = serializers.PrimaryKeyRelatedField(queryset=SecretaryReport.objects.all(), required=False, allow_null=True)
    problems = serializers.PrimaryKeyRelatedField(queryset=ProblemKind.objects.filter(is_active=True), many=True)
    guarantor = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    paired_community = serializers.PrimaryKeyRelatedField(queryset=Community.objects.all())
    member_reports = ScopedPrimaryKeyRelatedField(
        queryset=MemberReport.objects.select_related("member__person"), many=True, required=False
    )
    measures_total = serializers.IntegerField(read_only=True)
    measures_done = serializers.IntegerField(read_only=True)
    measures_overdue = serializers.IntegerField(read_only=True)

    class Meta:
        model = RectificationCase
        fields = CASE_FIELDS
        read_only_fields = ["id", "area_code", "year", "status", "accepted_on", "acceptance_note",
                            "open_measures_reason", "rerating"]  # fmt: skip
        extra_kwargs = {"identified_on": {"required": False}}
        validators = []


class RectificationCaseDetailSerializer(RectificationCaseSerializer):
    measures = RectificationMeasureSerializer(many=True, read_only=True)
    progress = RectificationProgressSerializer(many=True, read_only=True)
    extensions = RectificationExtensionSerializer(many=True, read_only=True)

    class Meta(RectificationCaseSerializer.Meta):
        fields = [*CASE_FIELDS, "measures", "progress", "extensions"]


class RectificationMeasurePayloadSerializer(Serializer):
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()


class RectificationCompletePayloadSerializer(Serializer):
    measure = serializers.IntegerField(help_text=_("The measure's id"))
    done_on = serializers.DateField()
    note = serializers.CharField(allow_blank=True)


class RectificationProgressPayloadSerializer(Serializer):
    month = serializers.DateField(help_text=_("Any day of the month reported on"))
    text = serializers.CharField(allow_blank=True)


class RectificationExtendPayloadSerializer(Serializer):
    new_deadline = serializers.DateField()
    reason = serializers.CharField(allow_blank=True)


class RectificationMembersPayloadSerializer(Serializer):
    member_reports = ScopedPrimaryKeyRelatedField(
        queryset=MemberReport.objects.select_related("member__person"), many=True,
        help_text=_("The members' reports to the case's community"),
    )  # fmt: skip


class RectificationAcceptPayloadSerializer(Serializer):
    accepted_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    open_measures_reason = serializers.CharField(required=False, allow_blank=True, default="")
