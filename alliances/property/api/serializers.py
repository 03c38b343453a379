"""Serializers of red-heart property; every write goes through ``alliances.property.services``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from communities.models import Community, PartyOrganization
from grids.network.api.serializers import AreaRefSerializer
from grids.network.models import ResidentialCompound
from grids.problems.models import ResidentProblem
from jilin_grid.api.fields import ScopedPrimaryKeyRelatedField
from jilin_grid.api.serializers import ModelSerializer, Serializer, ServiceSerializer, run_step

from .. import services
from ..models import (
    CompoundMode,
    CouncilMember,
    CrossAppointment,
    DeliberationMeeting,
    FeeCollection,
    OwnersCommittee,
    OwnersCommitteeMember,
    PropertyCompany,
    Resolution,
)


class PropertyCompanySerializer(ServiceSerializer):
    """A property company of a community, with its party organization if it has one."""

    community = ScopedPrimaryKeyRelatedField(queryset=Community.objects.all())
    community_name = serializers.CharField(source="community.name", read_only=True)
    party_organization = ScopedPrimaryKeyRelatedField(
        queryset=PartyOrganization.objects.all(), required=False, allow_null=True, default=None
    )

    class Meta:
        model = PropertyCompany
        fields = ["id", "community", "community_name", "area_code", "name", "party_organization", "is_active"]
        read_only_fields = ["area_code", "is_active"]
        create_only_fields = ["community"]
        validators: list = []

    def create(self, validated_data):
        return run_step(services.company_add, **validated_data)

    def update(self, instance, validated_data):
        return run_step(services.company_update, company=instance, **validated_data)


class MemberRowSerializer(Serializer):
    name = serializers.CharField(max_length=50)
    post = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")


class CouncilMemberSerializer(ModelSerializer):
    class Meta:
        model = CouncilMember
        fields = ["name", "post"]


class CompoundModeSerializer(ServiceSerializer):
    """A compound's change of management mode from a day on (``POST``): with the company serving it,
    or, abandoned, its consultation council and members."""

    compound = ScopedPrimaryKeyRelatedField(queryset=ResidentialCompound.objects.all())
    compound_name = serializers.CharField(source="compound.name", read_only=True)
    company = ScopedPrimaryKeyRelatedField(
        queryset=PropertyCompany.objects.all(), required=False, allow_null=True, default=None
    )
    council_members = MemberRowSerializer(many=True, required=False, default=list)

    class Meta:
        model = CompoundMode
        fields = [
            "id",
            "compound",
            "compound_name",
            "area_code",
            "mode",
            "since",
            "company",
            "council_name",
            "council_members",
            "note",
        ]
        read_only_fields = ["area_code"]
        validators: list = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["council_members"] = CouncilMemberSerializer(instance.council_members.all(), many=True).data
        return data

    def create(self, validated_data):
        members = [(row["name"], row["post"]) for row in validated_data.pop("council_members", [])]
        return run_step(services.compound_mode_change, council_members=members, **validated_data)


class OwnersCommitteeMemberSerializer(ModelSerializer):
    class Meta:
        model = OwnersCommitteeMember
        fields = ["name", "post"]


class OwnersCommitteeSerializer(ServiceSerializer):
    """An owners' committee (业委会) of a compound for a term, with its members (``POST`` elects one;
    terms of a compound do not overlap)."""

    compound = ScopedPrimaryKeyRelatedField(queryset=ResidentialCompound.objects.all())
    compound_name = serializers.CharField(source="compound.name", read_only=True)
    members = MemberRowSerializer(many=True)

    class Meta:
        model = OwnersCommittee
        fields = ["id", "compound", "compound_name", "area_code", "term_start", "term_end", "members"]
        read_only_fields = ["area_code"]
        validators: list = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["members"] = OwnersCommitteeMemberSerializer(instance.members.all(), many=True).data
        return data

    def create(self, validated_data):
        members = [(row["name"], row["post"]) for row in validated_data.pop("members", [])]
        return run_step(services.owners_committee_elect, members=members, **validated_data)


class CrossAppointmentSerializer(ServiceSerializer):
    """A cross-appointment (交叉任职) between a community's party organization and one of its property
    companies, with its dates (``POST`` files one; ``end`` ends it)."""

    company = ScopedPrimaryKeyRelatedField(queryset=PropertyCompany.objects.all())
    company_name = serializers.CharField(source="company.name", read_only=True)

    class Meta:
        model = CrossAppointment
        fields = [
            "id",
            "company",
            "company_name",
            "area_code",
            "person_name",
            "direction",
            "post",
            "started_on",
            "ended_on",
        ]
        read_only_fields = ["area_code"]
        validators: list = []

    def create(self, validated_data):
        return run_step(services.cross_appointment_add, **validated_data)


class EndAppointmentSerializer(Serializer):
    """The day a cross-appointment ended (``end``)."""

    ended_on = serializers.DateField()


class ResolutionSerializer(ServiceSerializer):
    """A resolution of a meeting (``add-resolution``), assigned to a party with a deadline; its status
    is derived from the deadline and the outcome's day."""

    status = serializers.CharField(read_only=True)

    class Meta:
        model = Resolution
        fields = ["id", "meeting", "area_code", "text", "party", "deadline", "done_on", "outcome", "status"]
        read_only_fields = ["meeting", "area_code", "done_on", "outcome"]


class OutcomeSerializer(Serializer):
    """The outcome of a resolution (``record-outcome``)."""

    done_on = serializers.DateField()
    outcome = serializers.CharField(max_length=300)


class DeliberationMeetingSerializer(ServiceSerializer):
    """A residents' deliberation meeting of the three parties, with the residents' problems (of the
    caller's area) it took up and its resolutions (added with ``add-resolution``)."""

    community = ScopedPrimaryKeyRelatedField(queryset=Community.objects.all())
    compound = ScopedPrimaryKeyRelatedField(
        queryset=ResidentialCompound.objects.all(), required=False, allow_null=True, default=None
    )
    problems = ScopedPrimaryKeyRelatedField(
        queryset=ResidentProblem.objects.all(), many=True, required=False, default=list
    )
    resolutions = ResolutionSerializer(many=True, read_only=True)

    class Meta:
        model = DeliberationMeeting
        fields = [
            "id",
            "community",
            "compound",
            "area_code",
            "held_on",
            "topics",
            "residents_committee_attendees",
            "property_company_attendees",
            "owners_committee_attendees",
            "problems",
            "resolutions",
        ]
        read_only_fields = ["area_code"]
        validators: list = []

    def create(self, validated_data):
        return run_step(services.meeting_hold, **validated_data)


class FeeCollectionSerializer(ServiceSerializer):
    """A compound's property fees for a month (the first day of the month): households billed and paid;
    the rate is derived. ``PATCH`` corrects the figures."""

    compound = ScopedPrimaryKeyRelatedField(queryset=ResidentialCompound.objects.all())
    compound_name = serializers.CharField(source="compound.name", read_only=True)
    rate = serializers.FloatField(read_only=True, help_text=_("Households paid per 100 billed"))

    class Meta:
        model = FeeCollection
        fields = [
            "id",
            "compound",
            "compound_name",
            "area_code",
            "month",
            "households_billed",
            "households_paid",
            "rate",
        ]
        read_only_fields = ["area_code"]
        create_only_fields = ["compound", "month"]
        validators: list = []

    def create(self, validated_data):
        return run_step(services.fee_collection_file, **validated_data)

    def update(self, instance, validated_data):
        return run_step(services.fee_collection_correct, collection=instance, **validated_data)


class MonthFiguresSerializer(Serializer):
    month = serializers.CharField(help_text=_("YYYY-MM"))
    households_billed = serializers.IntegerField()
    households_paid = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class FeeFiguresSerializer(Serializer):
    households_billed = serializers.IntegerField()
    households_paid = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)
    by_month = MonthFiguresSerializer(many=True)


class ModeCountsSerializer(Serializer):
    company = serializers.IntegerField()
    embedded = serializers.IntegerField()
    three_party = serializers.IntegerField()
    three_society = serializers.IntegerField()
    abandoned = serializers.IntegerField()


class PropertyFiguresSerializer(Serializer):
    area = AreaRefSerializer()
    pilots = serializers.IntegerField(help_text=_("Communities with a compound in a red-heart mode"))
    compounds = serializers.IntegerField(help_text=_("Compounds with a management mode"))
    compounds_by_mode = ModeCountsSerializer()
    meetings = serializers.IntegerField(help_text=_("Residents' deliberation meetings held"))
    resolutions = serializers.IntegerField(help_text=_("Their resolutions"))
    resolutions_done = serializers.IntegerField(help_text=_("Resolutions carried out"))
    resolutions_overdue = serializers.IntegerField(help_text=_("Resolutions past their deadline and not carried out"))
    fee_collection = FeeFiguresSerializer()


class PeriodSerializer(Serializer):
    # Named as the query parameters are.
    start = serializers.DateField(allow_null=True, help_text=_("First day counted"))
    end = serializers.DateField(allow_null=True, help_text=_("Last day counted"))

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("start")
        fields["to"] = fields.pop("end")
        return fields


class PropertyStatsSerializer(PropertyFiguresSerializer):
    period = PeriodSerializer()
    children = PropertyFiguresSerializer(many=True, help_text=_("The same figures for each direct child area"))
