"""Serializers of in-service members' volunteering; every write goes through
``alliances.volunteering.services``.

A member's report, a post's places, a claim and a service record's verification change only
through their actions (confirm, decline, end; claim, close, withdraw; verify).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alliances.loop.models import Activity
from communities.choices import Gender
from communities.models import Community, PartyOrganization
from grids.network.api.serializers import AreaRefSerializer
from jilin_grid.api.fields import MaskedPhoneField, ReachablePrimaryKeyRelatedField, ScopedPrimaryKeyRelatedField
from jilin_grid.api.serializers import ModelSerializer, Serializer, ServiceSerializer, request_user, run_step

from .. import services
from ..models import (
    InServiceMember,
    MemberReport,
    PostClaim,
    ServiceKind,
    ServicePost,
    ServiceRecord,
)


def active_service_kinds():
    return ServiceKind.objects.filter(is_active=True)


HOURS = {"max_digits": 4, "decimal_places": 1, "min_value": Decimal("0.1"), "max_value": Decimal(24)}


class ServiceKindSerializer(ModelSerializer):
    class Meta:
        model = ServiceKind
        fields = ["id", "name", "position"]


class ReportBriefSerializer(ModelSerializer):
    """A member's report as shown on the member: where it stands and in which community."""

    community_name = serializers.CharField(source="community.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = MemberReport
        fields = [
            "id",
            "community",
            "community_name",
            "status",
            "status_display",
            "reported_on",
            "confirmed_on",
            "ended_on",
        ]
        read_only_fields = fields


def current_report(member: InServiceMember) -> MemberReport | None:
    """The member's open report, else their latest (from the prefetched history when there is one)."""
    history = getattr(member, "report_history", None)
    if history is None:
        history = list(member.reports.select_related("community").order_by("-reported_on", "-id"))
    return next((report for report in history if report.is_open), history[0] if history else None)


class InServiceMemberSerializer(ServiceSerializer):
    """An in-service party member: name and phone (masked for roles that do not see personal data),
    work unit, its party organization, skills, availability, and their current report.

    ``POST`` is a report to a community (``member_report_submit``): the member is found by phone
    anywhere in the city, or added, and the report awaits the community's confirmation. A member of
    another community moves only once that community ended their report, or by a district (or city)
    organization department over both; the refusal names no one. ``PATCH``
    changes the member (``member_update``); the report moves only through ``/api/member-reports/``.
    """

    name = serializers.CharField(source="person.name", max_length=50, required=False)
    phone = MaskedPhoneField(source="person.phone")
    gender = serializers.ChoiceField(source="person.gender", choices=Gender.choices, required=False, allow_blank=True)
    organization = ReachablePrimaryKeyRelatedField(
        queryset=PartyOrganization.objects.all(),
        help_text=_("The party organization of the member's work unit (of the caller's areas or those above)."),
    )
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    unit_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, help_text=_("Default: the organization's unit.")
    )
    current_report = serializers.SerializerMethodField()
    community = ScopedPrimaryKeyRelatedField(
        queryset=Community.objects.all(), write_only=True, help_text=_("The community the member reports to.")
    )
    reported_on = serializers.DateField(write_only=True, required=False, help_text=_("Default: today."))

    class Meta:
        model = InServiceMember
        fields = [
            "id",
            "name",
            "phone",
            "gender",
            "unit_name",
            "organization",
            "organization_name",
            "skills",
            "availability",
            "area_code",
            "current_report",
            "community",
            "reported_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["area_code", "created_at", "updated_at"]
        create_only_fields = ["community", "reported_on"]
        validators: list = []

    @extend_schema_field(ReportBriefSerializer(allow_null=True))
    def get_current_report(self, obj) -> dict | None:
        report = current_report(obj)
        return ReportBriefSerializer(report).data if report is not None else None

    def create(self, validated_data):
        person = validated_data.pop("person", {})
        validated_data.setdefault("unit_name", "")
        report = run_step(services.member_report_submit, **person, **validated_data, actor=self.context["request"].user)
        return report.member

    def update(self, instance, validated_data):
        person = validated_data.pop("person", {})
        return run_step(services.member_update, member=instance, **person, **validated_data)


class MemberReportSerializer(ServiceSerializer):
    """A member's report to a community (双报到). ``POST`` reports (``member_report_submit``): an
    existing ``member`` reports again, or a member is found by ``phone`` or added with ``name``,
    ``phone`` and ``organization``. It is confirmed, declined or ended through its actions."""

    member = ScopedPrimaryKeyRelatedField(
        queryset=InServiceMember.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("A member already known here; leave out to find the member by phone or add them."),
    )
    member_name = serializers.CharField(source="member.person.name", read_only=True)
    community = ScopedPrimaryKeyRelatedField(queryset=Community.objects.all())
    community_name = serializers.CharField(source="community.name", read_only=True)
    reported_on = serializers.DateField(required=False, help_text=_("Default: today."))
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    confirmed_by = serializers.CharField(source="confirmed_by.username", default="", read_only=True)
    # The member's details, for a member found by phone or added.
    name = serializers.CharField(write_only=True, required=False, max_length=50)
    phone = serializers.CharField(write_only=True, required=False, max_length=20)
    gender = serializers.ChoiceField(write_only=True, required=False, choices=Gender.choices, allow_blank=True)
    organization = ReachablePrimaryKeyRelatedField(
        queryset=PartyOrganization.objects.all(),
        write_only=True,
        required=False,
        help_text=_("The party organization of the member's work unit; default: the member's."),
    )
    unit_name = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=150)
    skills = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=200)
    availability = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=200)

    class Meta:
        model = MemberReport
        fields = [
            "id",
            "member",
            "member_name",
            "community",
            "community_name",
            "area_code",
            "reported_on",
            "status",
            "status_display",
            "confirmed_on",
            "confirmed_by",
            "ended_on",
            "end_reason",
            "created_at",
            "updated_at",
            "name",
            "phone",
            "gender",
            "organization",
            "unit_name",
            "skills",
            "availability",
        ]
        read_only_fields = [
            "area_code",
            "status",
            "confirmed_on",
            "ended_on",
            "end_reason",
            "created_at",
            "updated_at",
        ]
        validators: list = []

    def validate(self, attrs):
        if attrs.get("member") is None and attrs.get("organization") is None:
            raise serializers.ValidationError(
                {"organization": [self.fields["organization"].error_messages["required"]]}
            )
        return attrs

    def create(self, validated_data):
        member = validated_data.pop("member", None)
        if member is not None:
            validated_data["person"] = member.person
            for name in ("organization", "unit_name", "skills", "availability"):
                validated_data.setdefault(name, getattr(member, name))
        validated_data.setdefault("unit_name", "")
        return run_step(services.member_report_submit, **validated_data, actor=self.context["request"].user)


class ReportConfirmSerializer(Serializer):
    confirmed_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Default: today."))


class ReportDeclineSerializer(Serializer):
    reason = serializers.CharField(max_length=200, help_text=_("Why the community declines the report."))
    ended_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Default: today."))


class ReportEndSerializer(Serializer):
    reason = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text=_("Why it ends (moved, left).")
    )
    ended_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Default: today."))


class ServicePostSerializer(ServiceSerializer):
    """A community's service post (服务岗位). ``POST`` publishes it, ``PATCH`` changes it (never below
    the places taken); it is closed to new claims by the ``close`` action and claimed by ``claim``."""

    community = ScopedPrimaryKeyRelatedField(queryset=Community.objects.all())
    community_name = serializers.CharField(source="community.name", read_only=True)
    kind = serializers.PrimaryKeyRelatedField(queryset=active_service_kinds())
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    places = serializers.IntegerField(min_value=1, help_text=_("How many members the post takes."))
    claimed = serializers.IntegerField(read_only=True, help_text=_("Places taken."))
    places_left = serializers.IntegerField(read_only=True)
    is_open = serializers.BooleanField(read_only=True, help_text=_("Open to new claims."))
    published_on = serializers.DateField(required=False, help_text=_("Default: today."))

    class Meta:
        model = ServicePost
        fields = [
            "id",
            "community",
            "community_name",
            "area_code",
            "kind",
            "kind_name",
            "title",
            "description",
            "place",
            "schedule",
            "places",
            "claimed",
            "places_left",
            "published_on",
            "closed_on",
            "is_open",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["area_code", "closed_on", "created_at", "updated_at"]
        create_only_fields = ["community"]
        validators: list = []

    def create(self, validated_data):
        community = validated_data.pop("community")
        return run_step(services.service_post_publish, community=community, **validated_data)

    def update(self, instance, validated_data):
        return run_step(services.service_post_update, post=instance, **validated_data)


class PostCloseSerializer(Serializer):
    closed_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Default: today."))


class ClaimRequestSerializer(Serializer):
    member = ScopedPrimaryKeyRelatedField(
        queryset=InServiceMember.objects.all(),
        help_text=_("The member claiming a place; they must have a confirmed report to the post's community."),
    )
    claimed_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Default: today."))


class PostClaimSerializer(ModelSerializer):
    """A member's claim (认领) of a place of a post; ``withdraw`` gives the place up."""

    post_title = serializers.CharField(source="post.title", read_only=True)
    kind = serializers.IntegerField(source="post.kind_id", read_only=True)
    kind_name = serializers.CharField(source="post.kind.name", read_only=True)
    member_name = serializers.CharField(source="member.person.name", read_only=True)
    is_active = serializers.BooleanField(read_only=True, help_text=_("The place is still held."))

    class Meta:
        model = PostClaim
        fields = [
            "id",
            "post",
            "post_title",
            "kind",
            "kind_name",
            "member",
            "member_name",
            "report",
            "area_code",
            "claimed_on",
            "withdrawn_on",
            "is_active",
            "created_at",
        ]
        read_only_fields = fields


class WithdrawSerializer(Serializer):
    withdrawn_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Default: today."))


class ServiceRecordSerializer(ServiceSerializer):
    """Service a member gave on a post they hold or at an alliance activity (``service_record_log``):
    the day, hours and person-times. It counts in the statistics once verified (``verify``)."""

    member = ScopedPrimaryKeyRelatedField(queryset=InServiceMember.objects.all())
    member_name = serializers.CharField(source="member.person.name", read_only=True)
    post = ScopedPrimaryKeyRelatedField(
        queryset=ServicePost.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The post the member holds (give a post or an activity)."),
    )
    post_title = serializers.CharField(source="post.title", default="", read_only=True)
    activity = ScopedPrimaryKeyRelatedField(
        queryset=Activity.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The alliance activity (give a post or an activity)."),
    )
    activity_title = serializers.CharField(source="activity.title", default="", read_only=True)
    kind = serializers.PrimaryKeyRelatedField(
        queryset=active_service_kinds(),
        required=False,
        allow_null=True,
        help_text=_("The kind of service at an activity; service on a post is of the post's kind."),
    )
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    hours = serializers.DecimalField(**HOURS, coerce_to_string=False)
    person_times = serializers.IntegerField(min_value=1, default=1)
    recorded_by = serializers.CharField(source="recorded_by.username", default="", read_only=True)
    verified_by = serializers.CharField(source="verified_by.username", default="", read_only=True)
    is_verified = serializers.BooleanField(read_only=True, help_text=_("Verified service counts in the statistics."))

    class Meta:
        model = ServiceRecord
        fields = [
            "id",
            "member",
            "member_name",
            "report",
            "area_code",
            "kind",
            "kind_name",
            "post",
            "post_title",
            "activity",
            "activity_title",
            "served_on",
            "hours",
            "person_times",
            "note",
            "recorded_by",
            "is_verified",
            "verified_at",
            "verified_by",
            "created_at",
        ]
        read_only_fields = ["report", "area_code", "verified_at", "created_at"]
        validators: list = []

    def create(self, validated_data):
        return run_step(services.service_record_log, actor=request_user(self.context), **validated_data)


class AttendanceSerializer(Serializer):
    """An activity's attendance list: every member on it is logged with the same hours and kind."""

    members = ScopedPrimaryKeyRelatedField(queryset=InServiceMember.objects.all(), many=True)
    hours = serializers.DecimalField(**HOURS)
    kind = serializers.PrimaryKeyRelatedField(queryset=active_service_kinds())
    served_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Default: the activity's day.")
    )


class VerifiedCountSerializer(Serializer):
    verified = serializers.IntegerField(help_text=_("Service records verified now."))


# The volunteering statistics (documentation of the answers of the stats endpoints).


class KindFiguresSerializer(Serializer):
    kind_id = serializers.IntegerField()
    kind = serializers.CharField(help_text=_("Name of the service kind"))
    posts = serializers.IntegerField(help_text=_("Posts of this kind open during the period"))
    posts_claimed = serializers.IntegerField(help_text=_("Claims of its posts made in the period and still held"))
    service_person_times = serializers.IntegerField(help_text=_("Verified service person-times"))
    service_hours = serializers.FloatField(help_text=_("Verified service hours (one decimal)"))


class SinkingFiguresSerializer(Serializer):
    departments = serializers.IntegerField(help_text=_("Departments with cadres sunk here during the period"))
    cadres = serializers.IntegerField(help_text=_("Cadres sunk here during the period"))
    communities = serializers.IntegerField(help_text=_("Communities they served"))
    checkpoints = serializers.IntegerField(help_text=_("Checkpoints they served"))


class VolunteeringFiguresSerializer(Serializer):
    area = AreaRefSerializer()
    members_reported = serializers.IntegerField(
        help_text=_("Members whose confirmed report was in force during the period")
    )
    posts = serializers.IntegerField(help_text=_("Service posts open during the period"))
    places = serializers.IntegerField(help_text=_("Their places"))
    places_taken = serializers.IntegerField(help_text=_("Their places held now"))
    posts_claimed = serializers.IntegerField(help_text=_("Claims made in the period and still held"))
    service_person_times = serializers.IntegerField(help_text=_("Verified service person-times in the period"))
    service_hours = serializers.FloatField(help_text=_("Verified service hours in the period (one decimal)"))
    by_kind = KindFiguresSerializer(many=True, help_text=_("The figures by service kind, in the kinds' order"))
    sinking = SinkingFiguresSerializer(help_text=_("Cadres sunk to the area (机关党员干部下沉)"))


class VolunteeringStatsSerializer(VolunteeringFiguresSerializer):
    from_ = serializers.DateField(allow_null=True, help_text=_("First day counted; null: no bound"))
    to = serializers.DateField(allow_null=True, help_text=_("Last day counted; null: no bound"))
    children = VolunteeringFiguresSerializer(
        many=True,
        help_text=_("The same figures for each direct administrative child; empty for a community or a grid"),
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class UnitFiguresSerializer(Serializer):
    organization_id = serializers.IntegerField()
    organization = serializers.CharField(help_text=_("The party organization of the work unit"))
    unit = serializers.CharField(help_text=_("The work unit"))
    area_code = serializers.CharField(help_text=_("The area of the organization"))
    members_reported = serializers.IntegerField(
        help_text=_("Its members whose confirmed report was in force during the period")
    )
    posts_claimed = serializers.IntegerField(help_text=_("Claims made in the period and still held"))
    service_person_times = serializers.IntegerField(help_text=_("Verified service person-times in the period"))
    service_hours = serializers.FloatField(help_text=_("Verified service hours in the period (one decimal)"))
    communities_served = serializers.IntegerField(help_text=_("Communities where its members served"))


class UnitTotalsSerializer(Serializer):
    members_reported = serializers.IntegerField(
        help_text=_("Members of the units whose confirmed report was in force during the period")
    )
    posts_claimed = serializers.IntegerField(help_text=_("Claims made in the period and still held"))
    service_person_times = serializers.IntegerField(help_text=_("Verified service person-times in the period"))
    service_hours = serializers.FloatField(help_text=_("Verified service hours in the period (one decimal)"))


class VolunteeringByUnitSerializer(Serializer):
    area = AreaRefSerializer()
    from_ = serializers.DateField(allow_null=True, help_text=_("First day counted; null: no bound"))
    to = serializers.DateField(allow_null=True, help_text=_("Last day counted; null: no bound"))
    count = serializers.IntegerField(help_text=_("The units listed, on every page"))
    next = serializers.URLField(allow_null=True, help_text=_("The next page; null on the last"))
    previous = serializers.URLField(allow_null=True, help_text=_("The previous page; null on the first"))
    totals = UnitTotalsSerializer(help_text=_("The figures of every unit listed, added up"))
    units = UnitFiguresSerializer(many=True, help_text=_("The units of this page, most hours first"))

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields
