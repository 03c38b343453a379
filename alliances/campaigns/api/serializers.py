"""Serializers of the campaigns; every write goes through ``alliances.campaigns.services``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from alliances.loop.models import MemberUnit
from alliances.volunteering.models import InServiceMember
from communities.models import PartyOrganization, Person
from grids.network.api.serializers import AreaRefSerializer
from grids.network.models import Grid, Unit
from jilin_grid.api.fields import (
    ReachablePrimaryKeyRelatedField,
    ScopedPrimaryKeyRelatedField,
    WritableAreaCodeField,
)
from jilin_grid.api.serializers import ModelSerializer, Serializer, ServiceSerializer, run_step

from .. import services
from ..choices import QuestionKind, TaskState, TeamRole
from ..models import (
    Campaign,
    CampaignKind,
    CampaignShift,
    ChecklistQuestion,
    Donation,
    DutyPost,
    HouseholdVisit,
    SupplyGift,
    SupportTask,
)


class QuestionSerializer(ModelSerializer):
    """A question of the checklist: answered ``yes_no`` (``yes``/``no``) or with one of its ``choices``."""

    kind = serializers.ChoiceField(choices=QuestionKind.choices, default=QuestionKind.YES_NO)
    choices = serializers.ListField(child=serializers.CharField(max_length=50), required=False, default=list)

    class Meta:
        model = ChecklistQuestion
        fields = ["id", "position", "text", "kind", "choices"]
        read_only_fields = ["id", "position"]
        validators: list = []


class DutyPostSerializer(ModelSerializer):
    grid_name = serializers.CharField(source="grid.name", read_only=True)

    class Meta:
        model = DutyPost
        fields = ["id", "grid", "grid_name", "area_code", "name"]
        read_only_fields = fields


class CampaignSerializer(ServiceSerializer):
    """A campaign over a city, a district or a street (``area_code``, where the caller writes): its
    kind, period, the checklist (``questions``) and the duty posts every grid keeps (``post_names``).
    Every grid of the area becomes a team with its workers and chiefs."""

    kind = serializers.PrimaryKeyRelatedField(queryset=CampaignKind.objects.all())
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    area_code = WritableAreaCodeField()
    questions = QuestionSerializer(many=True, write_only=True)
    post_names = serializers.ListField(
        child=serializers.CharField(max_length=100), write_only=True, help_text=_("The duty posts of every grid.")
    )
    checklist = QuestionSerializer(source="questions", many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "kind",
            "kind_name",
            "title",
            "area_code",
            "starts_on",
            "ends_on",
            "is_closed",
            "donations_published",
            "questions",
            "post_names",
            "checklist",
            "created_at",
        ]
        read_only_fields = ["is_closed", "donations_published", "created_at"]
        create_only_fields = ["kind", "area_code", "starts_on", "ends_on"]
        validators: list = []

    def create(self, validated_data):
        return run_step(services.campaign_open, **validated_data)


class TeamJoinSerializer(Serializer):
    """A sunk cadre or a reported in-service member joins a grid's team (``join-team``)."""

    grid = ScopedPrimaryKeyRelatedField(queryset=Grid.objects.all())
    person = ReachablePrimaryKeyRelatedField(queryset=Person.objects.all())
    role = serializers.ChoiceField(
        choices=[(TeamRole.CADRE, TeamRole.CADRE.label), (TeamRole.MEMBER, TeamRole.MEMBER.label)]
    )


class PublishSerializer(Serializer):
    published = serializers.BooleanField(default=True)


class VisitSerializer(ModelSerializer):
    """A household visit (a ``unit`` of the caller's grid and a ``door`` number) on a day, with the
    ``answers`` to the checklist by question id. ``key`` is made by the phone: a visit sent again
    with the same key is answered as it was kept (200), never kept twice."""

    campaign = ReachablePrimaryKeyRelatedField(queryset=Campaign.objects.all())
    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all())
    answers = serializers.DictField(child=serializers.CharField(max_length=50), write_only=True)
    # Checked by the service: a key already kept answers its visit instead of a refusal.
    key = serializers.UUIDField(help_text=_("Made by the phone once per visit; sending it again keeps the visit once."))
    findings = serializers.SerializerMethodField()
    grid_name = serializers.CharField(source="grid.name", read_only=True)
    building_name = serializers.CharField(source="unit.building.name", read_only=True)

    class Meta:
        model = HouseholdVisit
        fields = [
            "id",
            "campaign",
            "grid",
            "grid_name",
            "unit",
            "building_name",
            "door",
            "visited_on",
            "answers",
            "findings",
            "note",
            "key",
            "area_code",
        ]
        read_only_fields = ["grid", "area_code"]
        validators: list = []

    def get_findings(self, visit) -> dict[str, str]:
        return {str(answer.question_id): answer.answer for answer in visit.answers.all()}

    def create(self, validated_data):
        request = self.context["request"]
        visit, created = run_step(services.visit_record, visited_by=request.user, **validated_data)
        self.created = created
        return visit


class ShiftSerializer(ModelSerializer):
    """A turn of duty at a post of a grid's team, by a member of the team."""

    post = ScopedPrimaryKeyRelatedField(queryset=DutyPost.objects.all())
    person = ReachablePrimaryKeyRelatedField(queryset=Person.objects.all())
    person_name = serializers.CharField(source="person.name", read_only=True)
    post_name = serializers.CharField(source="post.name", read_only=True)

    class Meta:
        model = CampaignShift
        fields = ["id", "post", "post_name", "person", "person_name", "starts_at", "ends_at", "area_code"]
        read_only_fields = ["area_code"]
        validators: list = []

    def create(self, validated_data):
        return run_step(services.shift_add, **validated_data)


class SupportTaskSerializer(ModelSerializer):
    """A support task assigned to a member unit of an alliance of the campaign's area."""

    campaign = ReachablePrimaryKeyRelatedField(queryset=Campaign.objects.all())
    member_unit = ScopedPrimaryKeyRelatedField(queryset=MemberUnit.objects.all())
    member_unit_name = serializers.CharField(source="member_unit.name", read_only=True)

    class Meta:
        model = SupportTask
        fields = [
            "id",
            "campaign",
            "member_unit",
            "member_unit_name",
            "kind",
            "title",
            "due_on",
            "state",
            "outcome",
            "area_code",
        ]
        read_only_fields = ["state", "outcome", "area_code"]
        validators: list = []

    def create(self, validated_data):
        return run_step(services.support_task_assign, **validated_data)


class TaskFinishSerializer(Serializer):
    state = serializers.ChoiceField(
        choices=[(TaskState.DONE, TaskState.DONE.label), (TaskState.FAILED, TaskState.FAILED.label)]
    )
    outcome = serializers.CharField(max_length=300)


class SupplySerializer(ModelSerializer):
    """Supplies gathered from a member unit: their kind and quantity."""

    campaign = ReachablePrimaryKeyRelatedField(queryset=Campaign.objects.all())
    member_unit = ScopedPrimaryKeyRelatedField(queryset=MemberUnit.objects.all())
    member_unit_name = serializers.CharField(source="member_unit.name", read_only=True)

    class Meta:
        model = SupplyGift
        fields = ["id", "campaign", "member_unit", "member_unit_name", "kind", "quantity", "received_on", "area_code"]
        read_only_fields = ["area_code"]
        validators: list = []

    def create(self, validated_data):
        return run_step(services.supply_record, **validated_data)


class DonationSerializer(ModelSerializer):
    """A member's donation: the donor (or their ``member`` record), their party ``organization`` (of
    the caller's area), work unit, ``amount`` in yuan (a decimal string, two decimals), day and the
    receipt's number (once per campaign). Refused on a closed campaign."""

    campaign = ReachablePrimaryKeyRelatedField(queryset=Campaign.objects.all())
    member = ScopedPrimaryKeyRelatedField(
        queryset=InServiceMember.objects.all(), required=False, allow_null=True, default=None
    )
    organization = ScopedPrimaryKeyRelatedField(queryset=PartyOrganization.objects.all())
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    donor_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)

    class Meta:
        model = Donation
        fields = [
            "id",
            "campaign",
            "donor_name",
            "member",
            "organization",
            "organization_name",
            "unit_name",
            "amount",
            "donated_on",
            "receipt_number",
            "area_code",
        ]
        read_only_fields = ["area_code"]
        validators: list = []

    def validate(self, attrs):
        if attrs.get("member") is None and not attrs.get("donor_name", "").strip():
            raise serializers.ValidationError({"donor_name": _("Give the donor's name.")})
        return attrs

    def create(self, validated_data):
        return run_step(services.donation_record, **validated_data)


class CampaignRefSerializer(ModelSerializer):
    kind_name = serializers.CharField(source="kind.name", read_only=True)

    class Meta:
        model = Campaign
        fields = ["id", "title", "kind_name", "area_code", "starts_on", "ends_on", "is_closed"]
        read_only_fields = fields


class FindingAnswerSerializer(Serializer):
    answer = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class FindingSerializer(Serializer):
    question = serializers.IntegerField()
    text = serializers.CharField()
    answers = FindingAnswerSerializer(many=True)


class DonationFiguresSerializer(Serializer):
    members = serializers.IntegerField(help_text=_("Donations by members"))
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text=_("Amount in yuan"))


class CampaignChildSerializer(Serializer):
    area = AreaRefSerializer()
    households = serializers.IntegerField(help_text=_("Households"))
    visited = serializers.IntegerField(help_text=_("Households visited"))
    duty_hours_covered = serializers.IntegerField(help_text=_("Post-hours of duty covered"))
    support_tasks_open = serializers.IntegerField(help_text=_("Support tasks still open"))
    donation_members = serializers.IntegerField(help_text=_("Donations by members"))


class CampaignStatsSerializer(Serializer):
    area = AreaRefSerializer()
    campaign = serializers.DictField()
    households = serializers.IntegerField(help_text=_("Households"))
    visited = serializers.IntegerField(help_text=_("Households visited"))
    findings = FindingSerializer(many=True)
    duty_hours_covered = serializers.IntegerField(help_text=_("Post-hours of duty covered"))
    duty_by_hour = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Post-hours covered by hour of the day")
    )
    support_tasks = serializers.DictField(child=serializers.IntegerField(), help_text=_("Support tasks by state"))
    supplies = serializers.DictField(child=serializers.IntegerField(), help_text=_("Supplies by kind"))
    donations = DonationFiguresSerializer()
    children = CampaignChildSerializer(many=True, help_text=_("The same figures for each direct child area"))
