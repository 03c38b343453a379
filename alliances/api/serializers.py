"""Serializers of the alliances; every write goes through ``alliances.services``.

The step of an alliance's problem is never written as a field: it moves only through the
meeting that consults it, the reports on its decisions and the residents' evaluation. Likewise a
member's report, a post's places, a claim and a service record's verification change only through
their actions (confirm, decline, end; claim, close, withdraw; verify).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from communities.api.serializers import (
    MaskedPhoneField,
    ScopedPrimaryKeyRelatedField,
    ServiceSerializer,
    WritableAreaCodeField,
    run_service,
)
from communities.choices import Gender
from communities.models import Community, PartyOrganization, Person
from grids.network.api.serializers import AreaRefSerializer
from grids.problems.choices import Evaluation
from grids.problems.models import ResidentProblem
from jilin_grid.api.exceptions import bilingual
from jilin_grid.scope import get_scope

from .. import services
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
from ..selectors import alliance_loop

STEP_BY_ACTIONS = bilingual(
    "问题所处步骤只能通过会商、落实报告和评价改变。",
    "The step changes only through a meeting, the reports on its decisions and the evaluation.",
)


def _actor(context):
    request = context.get("request")
    return getattr(request, "user", None)


def run_step(service, **kwargs):
    """Call a write service; a refusal answers 400 with its message, always under a key
    (``non_field_errors`` when it is about no one field)."""
    try:
        return run_service(service, **kwargs)
    except serializers.ValidationError as exc:
        if isinstance(exc.detail, list):
            raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.detail}) from exc
        raise


# Alliances.


class LoopSerializer(serializers.Serializer):
    """The six-step loop of one alliance (``alliances.selectors.alliance_loop``)."""

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


class SurveySerializer(serializers.Serializer):
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


class EvaluateSerializer(serializers.Serializer):
    evaluation = serializers.ChoiceField(choices=Evaluation.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    evaluated_on = serializers.DateField(required=False, allow_null=True, default=None)


class DecisionInMeetingSerializer(serializers.ModelSerializer):
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


class DecisionSerializer(serializers.ModelSerializer):
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
        from django.utils import timezone

        return obj.reported_on is None and obj.deadline < timezone.localdate()


class DecisionReportSerializer(serializers.Serializer):
    report = serializers.CharField(help_text=_("What the assigned unit did (落实)."))
    reported_on = serializers.DateField(required=False, allow_null=True, default=None)


# The statistics of the alliances (documentation of the answer of the stats endpoint).


class ProblemsByStepSerializer(serializers.Serializer):
    collected = serializers.IntegerField()
    consulted = serializers.IntegerField()
    implemented = serializers.IntegerField()
    evaluated = serializers.IntegerField()


class AllianceFiguresSerializer(serializers.Serializer):
    area = AreaRefSerializer()
    alliances = serializers.IntegerField(help_text=_("Active alliances"))
    member_units = serializers.IntegerField(help_text=_("Active member units"))
    open_venues = serializers.IntegerField(help_text=_("Venues open to residents"))
    activity_participants = serializers.IntegerField(help_text=_("Participants in activities (person-times)"))
    problems = ProblemsByStepSerializer(help_text=_("Alliances' problems by step of the loop"))
    satisfaction_rate = serializers.FloatField(
        allow_null=True, help_text=_("Satisfied or basically satisfied, in percent of evaluations; null without any")
    )


class AllianceStatsSerializer(AllianceFiguresSerializer):
    children = AllianceFiguresSerializer(many=True, help_text=_("The same figures for each direct child area"))


# In-service party members (在职党员), their reports (双报到), service posts, claims and service.


class ReachablePrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object by id among those of the caller's areas and of the areas above them
    (``Scope.reach_q``): a city department sending cadres to a community, the party organization
    of a member's work unit. Choosing it writes nothing on it, so no writing role over its own area
    is needed; an id beyond the caller's reach is refused like one that does not exist."""

    default_error_messages = {
        "does_not_exist": ScopedPrimaryKeyRelatedField.default_error_messages["does_not_exist"],
    }

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.filter(get_scope(_actor(self.context)).reach_q(queryset.model.scope_field))


def active_service_kinds():
    return ServiceKind.objects.filter(is_active=True)


HOURS = {"max_digits": 4, "decimal_places": 1, "min_value": Decimal("0.1"), "max_value": Decimal(24)}


class ServiceKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceKind
        fields = ["id", "name", "position"]


class ReportBriefSerializer(serializers.ModelSerializer):
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
    anywhere in the city, or added, and the report awaits the community's confirmation. ``PATCH``
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
        report = run_step(services.member_report_submit, **person, **validated_data)
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
        return run_step(services.member_report_submit, **validated_data)


class ReportConfirmSerializer(serializers.Serializer):
    confirmed_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Default: today."))


class ReportDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, help_text=_("Why the community declines the report."))
    ended_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Default: today."))


class ReportEndSerializer(serializers.Serializer):
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


class PostCloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Default: today."))


class ClaimRequestSerializer(serializers.Serializer):
    member = ScopedPrimaryKeyRelatedField(
        queryset=InServiceMember.objects.all(),
        help_text=_("The member claiming a place; they must have a confirmed report to the post's community."),
    )
    claimed_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Default: today."))


class PostClaimSerializer(serializers.ModelSerializer):
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


class WithdrawSerializer(serializers.Serializer):
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
        return run_step(services.service_record_log, actor=_actor(self.context), **validated_data)


class AttendanceSerializer(serializers.Serializer):
    """An activity's attendance list: every member on it is logged with the same hours and kind."""

    members = ScopedPrimaryKeyRelatedField(queryset=InServiceMember.objects.all(), many=True)
    hours = serializers.DecimalField(**HOURS)
    kind = serializers.PrimaryKeyRelatedField(queryset=active_service_kinds())
    served_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Default: the activity's day.")
    )


class VerifiedCountSerializer(serializers.Serializer):
    verified = serializers.IntegerField(help_text=_("Service records verified now."))


# Cadres sunk to communities (机关党员干部下沉).


class DepartmentSerializer(ServiceSerializer):
    """A department of the city or a district that sends cadres; ``DELETE`` retires it."""

    area_code = WritableAreaCodeField(help_text=_("The city or district the department belongs to."))
    organization = ScopedPrimaryKeyRelatedField(
        queryset=PartyOrganization.objects.all(), required=False, allow_null=True
    )
    organization_name = serializers.CharField(source="organization.name", default="", read_only=True)

    class Meta:
        model = Department
        fields = [
            "id",
            "name",
            "area_code",
            "organization",
            "organization_name",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["is_active", "created_at", "updated_at"]
        create_only_fields = ["area_code"]
        validators: list = []

    def create(self, validated_data):
        return run_step(services.department_add, **validated_data)

    def update(self, instance, validated_data):
        return run_step(services.department_update, department=instance, **validated_data)


class CheckpointSerializer(ServiceSerializer):
    """A community's checkpoint (卡点) where sunk cadres take shifts; ``DELETE`` retires it."""

    community = ScopedPrimaryKeyRelatedField(queryset=Community.objects.all())
    community_name = serializers.CharField(source="community.name", read_only=True)

    class Meta:
        model = Checkpoint
        fields = ["id", "community", "community_name", "area_code", "name", "address", "is_active", "created_at"]
        read_only_fields = ["area_code", "is_active", "created_at"]
        create_only_fields = ["community"]
        validators: list = []

    def create(self, validated_data):
        community = validated_data.pop("community")
        return run_step(services.checkpoint_add, community=community, **validated_data)

    def update(self, instance, validated_data):
        return run_step(services.checkpoint_update, checkpoint=instance, **validated_data)


class CadreAssignmentSerializer(ServiceSerializer):
    """A cadre sent by a department to a community or one of its checkpoints for a period, with
    the post and duty (``cadre_assign``): an existing ``cadre`` (a person of the caller's areas or
    those above), or a new one by ``name`` and ``phone``. It ends through the ``end`` action."""

    cadre = ReachablePrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("An existing person; leave out to add the cadre by name and phone."),
    )
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    cadre_phone = MaskedPhoneField(source="cadre.phone", read_only=True)
    name = serializers.CharField(write_only=True, required=False, max_length=50)
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=20)
    gender = serializers.ChoiceField(write_only=True, required=False, choices=Gender.choices, allow_blank=True)
    department = ReachablePrimaryKeyRelatedField(
        queryset=Department.objects.all(), help_text=_("A department of the caller's areas or those above.")
    )
    department_name = serializers.CharField(source="department.name", read_only=True)
    community = ScopedPrimaryKeyRelatedField(queryset=Community.objects.all())
    community_name = serializers.CharField(source="community.name", read_only=True)
    checkpoint = ScopedPrimaryKeyRelatedField(queryset=Checkpoint.objects.all(), required=False, allow_null=True)
    checkpoint_name = serializers.CharField(source="checkpoint.name", default="", read_only=True)

    class Meta:
        model = CadreAssignment
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "cadre_phone",
            "name",
            "phone",
            "gender",
            "department",
            "department_name",
            "community",
            "community_name",
            "checkpoint",
            "checkpoint_name",
            "area_code",
            "duty",
            "start_on",
            "end_on",
            "created_at",
        ]
        read_only_fields = ["area_code", "created_at"]
        validators: list = []

    def create(self, validated_data):
        return run_step(services.cadre_assign, **validated_data)


class AssignmentEndSerializer(serializers.Serializer):
    end_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Default: today."))


class DutyShiftSerializer(ServiceSerializer):
    """A duty shift of a sunk cadre (``duty_shift_add``): inside the assignment's period, never
    overlapping another shift of the same cadre."""

    assignment = ScopedPrimaryKeyRelatedField(queryset=CadreAssignment.objects.all())
    cadre_name = serializers.CharField(source="assignment.cadre.name", read_only=True)
    checkpoint_name = serializers.CharField(source="assignment.checkpoint.name", default="", read_only=True)

    class Meta:
        model = DutyShift
        fields = [
            "id",
            "assignment",
            "cadre_name",
            "checkpoint_name",
            "area_code",
            "starts_at",
            "ends_at",
            "created_at",
        ]
        read_only_fields = ["area_code", "created_at"]
        validators: list = []

    def create(self, validated_data):
        return run_step(services.duty_shift_add, **validated_data)


# The volunteering statistics (documentation of the answers of the stats endpoints).


class KindFiguresSerializer(serializers.Serializer):
    kind_id = serializers.IntegerField()
    kind = serializers.CharField(help_text=_("Name of the service kind"))
    posts = serializers.IntegerField(help_text=_("Posts of this kind open during the period"))
    posts_claimed = serializers.IntegerField(help_text=_("Claims of its posts made in the period and still held"))
    service_person_times = serializers.IntegerField(help_text=_("Verified service person-times"))
    service_hours = serializers.FloatField(help_text=_("Verified service hours (one decimal)"))


class SinkingFiguresSerializer(serializers.Serializer):
    departments = serializers.IntegerField(help_text=_("Departments with cadres sunk here during the period"))
    cadres = serializers.IntegerField(help_text=_("Cadres sunk here during the period"))
    communities = serializers.IntegerField(help_text=_("Communities they served"))
    checkpoints = serializers.IntegerField(help_text=_("Checkpoints they served"))


class VolunteeringFiguresSerializer(serializers.Serializer):
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


class UnitFiguresSerializer(serializers.Serializer):
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


class VolunteeringByUnitSerializer(serializers.Serializer):
    area = AreaRefSerializer()
    from_ = serializers.DateField(allow_null=True, help_text=_("First day counted; null: no bound"))
    to = serializers.DateField(allow_null=True, help_text=_("Last day counted; null: no bound"))
    units = UnitFiguresSerializer(many=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields
