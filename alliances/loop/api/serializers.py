"""Serializers of the alliances; every write goes through ``alliances.loop.services``.

The step of an alliance's problem is never written as a field: it moves only through the
meeting that consults it, the reports on its decisions and the residents' evaluation.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from communities.models import PartyOrganization
from grids.network.api.serializers import AreaRefSerializer
from grids.problems.choices import Evaluation
from grids.problems.models import ResidentProblem
from jilin_grid.api.exceptions import bilingual
from jilin_grid.api.fields import MaskedPhoneField, ScopedPrimaryKeyRelatedField, WritableAreaCodeField
from jilin_grid.api.serializers import ModelSerializer, Serializer, ServiceSerializer, run_service

from .. import services
from ..choices import ProblemStep
from ..models import Activity, Alliance, AllianceProblem, Decision, Meeting, MemberUnit, Venue
from ..selectors import alliance_loop

STEP_BY_ACTIONS = bilingual(
    "问题所处步骤只能通过会商、落实报告和评价改变。",
    "The step changes only through a meeting, the reports on its decisions and the evaluation.",
)


# Alliances.


class LoopSerializer(Serializer):
    """The six-step loop of one alliance (``alliances.loop.selectors.alliance_loop``)."""

    found = serializers.IntegerField(help_text=_("Problems collected"))
    consulted = serializers.IntegerField(help_text=_("Decided on at a meeting, or further"))
    solved = serializers.IntegerField(help_text=_("Implemented or evaluated"))
    evaluated = serializers.IntegerField(help_text=_("Closed by the residents' evaluation"))
    satisfaction_rate = serializers.FloatField(
        allow_null=True, help_text=_("Satisfied or basically satisfied, in percent of evaluations; null without any")
    )
    by_step = serializers.DictField(child=serializers.IntegerField(), help_text=_("Problems by step"))


class AllianceSerializer(ServiceSerializer):
    """An alliance. ``POST`` forms it (``alliance_create``), ``PATCH`` updates it, ``DELETE``
    retires it; the survey is recorded through the ``survey`` action."""

    area_code = WritableAreaCodeField()
    lead_organization = ScopedPrimaryKeyRelatedField(queryset=PartyOrganization.objects.all())
    lead_organization_name = serializers.CharField(source="lead_organization.name", read_only=True)

    class Meta:
        model = Alliance
        fields = [
            "id",
            "name",
            "area_code",
            "lead_organization",
            "lead_organization_name",
            "charter",
            "founded_on",
            "survey_needs",
            "survey_resources",
            "surveyed_on",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["survey_needs", "survey_resources", "surveyed_on", "is_active", "created_at", "updated_at"]
        create_only_fields = ["area_code"]
        validators: list = []

    def create(self, validated_data):
        return run_service(services.alliance_create, **validated_data)

    def update(self, instance, validated_data):
        return run_service(services.alliance_update, alliance=instance, **validated_data)


class AllianceDetailSerializer(AllianceSerializer):
    """An alliance with the figures of its six-step loop."""

    loop = serializers.SerializerMethodField()

    class Meta(AllianceSerializer.Meta):
        fields = [*AllianceSerializer.Meta.fields, "loop"]

    @extend_schema_field(LoopSerializer)
    def get_loop(self, obj) -> dict:
        return alliance_loop(obj)


class SurveySerializer(Serializer):
    needs = serializers.CharField(help_text=_("The needs found in the area (摸底)."))
    resources = serializers.CharField(help_text=_("The resources found in the area."))
    surveyed_on = serializers.DateField()


# Member units, venues, activities.


class MemberUnitSerializer(ServiceSerializer):
    """A member unit; its contact phone is masked for roles that do not see personal data.
    ``DELETE`` retires it and closes its venues."""

    alliance = ScopedPrimaryKeyRelatedField(queryset=Alliance.objects.all())
    alliance_name = serializers.CharField(source="alliance.name", read_only=True)
    party_organization = ScopedPrimaryKeyRelatedField(
        queryset=PartyOrganization.objects.all(), allow_null=True, required=False
    )
    contact_phone = MaskedPhoneField()

    class Meta:
        model = MemberUnit
        fields = [
            "id",
            "alliance",
            "alliance_name",
            "area_code",
            "name",
            "kind",
            "party_organization",
            "contact_name",
            "contact_phone",
            "offers_venue",
            "offers_funds",
            "offers_skills",
            "offers_volunteers",
            "resources",
            "commitments",
            "joined_on",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["area_code", "is_active", "created_at", "updated_at"]
        create_only_fields = ["alliance"]
        validators: list = []

    def create(self, validated_data):
        alliance = validated_data.pop("alliance")
        return run_service(services.member_unit_add, alliance=alliance, **validated_data)

    def update(self, instance, validated_data):
        return run_service(services.member_unit_update, member=instance, **validated_data)


class VenueSerializer(ServiceSerializer):
    """A member unit's venue opened to residents; closing it is ``is_open: false``."""

    member = ScopedPrimaryKeyRelatedField(queryset=MemberUnit.objects.all())
    member_name = serializers.CharField(source="member.name", read_only=True)
    alliance = serializers.IntegerField(source="member.alliance_id", read_only=True)

    class Meta:
        model = Venue
        fields = [
            "id",
            "member",
            "member_name",
            "alliance",
            "area_code",
            "name",
            "address",
            "opening_hours",
            "capacity",
            "is_open",
            "latitude",
            "longitude",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["area_code", "created_at", "updated_at"]
        create_only_fields = ["member"]
        validators: list = []

    def create(self, validated_data):
        member = validated_data.pop("member")
        return run_service(services.venue_add, member=member, **validated_data)

    def update(self, instance, validated_data):
        return run_service(services.venue_update, venue=instance, **validated_data)


class ActivitySerializer(ServiceSerializer):
    """An alliance activity (``activity_record``); its organizers are member units of the alliance."""

    alliance = ScopedPrimaryKeyRelatedField(queryset=Alliance.objects.all())
    alliance_name = serializers.CharField(source="alliance.name", read_only=True)
    organizers = ScopedPrimaryKeyRelatedField(queryset=MemberUnit.objects.all(), many=True, required=False)
    participants = serializers.IntegerField(min_value=0, help_text=_("Person-times"))

    class Meta:
        model = Activity
        fields = [
            "id",
            "alliance",
            "alliance_name",
            "area_code",
            "title",
            "kind",
            "held_on",
            "place",
            "organizers",
            "participants",
            "created_at",
        ]
        read_only_fields = ["area_code", "created_at"]
        validators: list = []

    def create(self, validated_data):
        alliance = validated_data.pop("alliance")
        organizers = validated_data.pop("organizers", [])
        return run_service(services.activity_record, alliance=alliance, organizers=organizers, **validated_data)


# The loop: problems, meetings, decisions.


class AllianceProblemSerializer(ServiceSerializer):
    """An alliance's problem. ``POST`` collects it (``alliance_problem_collect``), optionally linked
    to a resident's problem of the alliance's area; its step moves only through the loop."""

    alliance = ScopedPrimaryKeyRelatedField(queryset=Alliance.objects.all())
    alliance_name = serializers.CharField(source="alliance.name", read_only=True)
    resident_problem = ScopedPrimaryKeyRelatedField(
        queryset=ResidentProblem.objects.all(), allow_null=True, required=False
    )
    collected_on = serializers.DateField(required=False, help_text=_("Default: today."))
    step_display = serializers.CharField(source="get_step_display", read_only=True)

    class Meta:
        model = AllianceProblem
        fields = [
            "id",
            "alliance",
            "alliance_name",
            "area_code",
            "resident_problem",
            "title",
            "description",
            "collected_on",
            "step",
            "step_display",
            "evaluation",
            "evaluation_comment",
            "evaluated_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "area_code",
            "step",
            "evaluation",
            "evaluation_comment",
            "evaluated_on",
            "created_at",
            "updated_at",
        ]
        validators: list = []

    def to_internal_value(self, data):
        if hasattr(data, "keys") and ({"step", "evaluation"} & set(data.keys())):
            raise serializers.ValidationError({"step": [STEP_BY_ACTIONS]})
        return super().to_internal_value(data)

    def create(self, validated_data):
        return run_service(services.alliance_problem_collect, **validated_data)


class EvaluateSerializer(Serializer):
    evaluation = serializers.ChoiceField(choices=Evaluation.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    evaluated_on = serializers.DateField(required=False, allow_null=True, default=None)


class DecisionInMeetingSerializer(ModelSerializer):
    """A decision given with its meeting: the problem, the unit assigned, what to do, the deadline."""

    problem = ScopedPrimaryKeyRelatedField(queryset=AllianceProblem.objects.all())
    problem_title = serializers.CharField(source="problem.title", read_only=True)
    assigned_to = ScopedPrimaryKeyRelatedField(queryset=MemberUnit.objects.all())
    assigned_to_name = serializers.CharField(source="assigned_to.name", read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "problem",
            "problem_title",
            "assigned_to",
            "assigned_to_name",
            "action",
            "deadline",
            "report",
            "reported_on",
        ]
        read_only_fields = ["report", "reported_on"]
        validators: list = []


class MeetingSerializer(ServiceSerializer):
    """A joint meeting (会商) recorded with its decisions (``meeting_record``); every problem decided
    on moves to "consulted"."""

    alliance = ScopedPrimaryKeyRelatedField(queryset=Alliance.objects.all())
    alliance_name = serializers.CharField(source="alliance.name", read_only=True)
    attendees = ScopedPrimaryKeyRelatedField(queryset=MemberUnit.objects.all(), many=True, required=False)
    decisions = DecisionInMeetingSerializer(many=True)
    problems = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "alliance",
            "alliance_name",
            "area_code",
            "held_on",
            "attendees",
            "minutes",
            "problems",
            "decisions",
            "created_at",
        ]
        read_only_fields = ["area_code", "created_at"]
        validators: list = []

    def create(self, validated_data):
        decisions = [
            {key: item[key] for key in ("problem", "assigned_to", "action", "deadline")}
            for item in validated_data.pop("decisions")
        ]
        return run_service(
            services.meeting_record,
            alliance=validated_data["alliance"],
            held_on=validated_data["held_on"],
            minutes=validated_data["minutes"],
            attendees=validated_data.get("attendees", []),
            decisions=decisions,
        )


class DecisionSerializer(ModelSerializer):
    """A meeting's decision; the assigned unit's report is given through the ``report`` action."""

    alliance = serializers.IntegerField(source="meeting.alliance_id", read_only=True)
    meeting_held_on = serializers.DateField(source="meeting.held_on", read_only=True)
    problem_title = serializers.CharField(source="problem.title", read_only=True)
    problem_step = serializers.ChoiceField(source="problem.step", choices=ProblemStep.choices, read_only=True)
    assigned_to_name = serializers.CharField(source="assigned_to.name", read_only=True)
    reported_by = serializers.CharField(source="reported_by.username", default="", read_only=True)
    overdue = serializers.SerializerMethodField(help_text=_("The deadline passed and nothing was reported."))

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "meeting_held_on",
            "alliance",
            "area_code",
            "problem",
            "problem_title",
            "problem_step",
            "assigned_to",
            "assigned_to_name",
            "action",
            "deadline",
            "overdue",
            "report",
            "reported_on",
            "reported_by",
        ]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue


class DecisionReportSerializer(Serializer):
    report = serializers.CharField(help_text=_("What the assigned unit did (落实)."))
    reported_on = serializers.DateField(required=False, allow_null=True, default=None)


# The statistics of the alliances (documentation of the answer of the stats endpoint).


class ProblemsByStepSerializer(Serializer):
    collected = serializers.IntegerField()
    consulted = serializers.IntegerField()
    implemented = serializers.IntegerField()
    evaluated = serializers.IntegerField()


class AllianceFiguresSerializer(Serializer):
    area = AreaRefSerializer()
    alliances = serializers.IntegerField(help_text=_("Active alliances"))
    member_units = serializers.IntegerField(help_text=_("Active member units"))
    open_venues = serializers.IntegerField(help_text=_("Venues open to residents"))
    activities = serializers.IntegerField(help_text=_("Activities held in the period"))
    activity_participants = serializers.IntegerField(help_text=_("Participants in activities (person-times)"))
    problems = ProblemsByStepSerializer(help_text=_("Alliances' problems by step of the loop"))
    loop = ProblemsByStepSerializer(
        help_text=_("Alliances' problems that reached each step of the loop (collected: all of them)")
    )
    satisfaction_rate = serializers.FloatField(
        allow_null=True, help_text=_("Satisfied or basically satisfied, in percent of evaluations; null without any")
    )


class AllianceStatsSerializer(AllianceFiguresSerializer):
    from_ = serializers.DateField(allow_null=True, help_text=_("First day counted; null: no bound"))
    to = serializers.DateField(allow_null=True, help_text=_("Last day counted; null: no bound"))
    children = AllianceFiguresSerializer(many=True, help_text=_("The same figures for each direct child area"))

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields
