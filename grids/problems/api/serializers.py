"""Serializers of residents' problems (群众诉求); recording goes through ``grids.problems.services``.

The status of a problem is never written directly: it changes only through the explicit actions
(accept, start, escalate, resolve, return, evaluate) of the problem endpoint.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from grids.network.api.serializers import AreaRefSerializer, CompoundField
from grids.network.models import Building, Grid, ResidentialCompound, Unit
from jilin_grid.api.exceptions import bilingual
from jilin_grid.api.fields import MaskedPhoneField, ScopedPrimaryKeyRelatedField
from jilin_grid.api.serializers import ModelSerializer, Serializer, run_service
from jilin_grid.scope import get_scope

from .. import permissions as problem_rules
from .. import services
from ..choices import OPEN_PROBLEM_STATUSES, Evaluation, HandlingLevel, Urgency
from ..models import ProblemCategory, ProblemEvent, ProblemPhoto, ResidentProblem

STATUS_BY_ACTIONS = bilingual(
    "诉求状态只能通过受理、办理、上报、办结、退回、评价等操作改变。",
    "The status changes only through the actions: accept, start, escalate, resolve, return, evaluate.",
)


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


class ProblemCategorySerializer(ModelSerializer):
    class Meta:
        model = ProblemCategory
        fields = ["id", "name", "response_days"]
        read_only_fields = fields


class ProblemEventSerializer(ModelSerializer):
    """One step of the timeline: who did what, when, at which level, with the note."""

    actor = serializers.CharField(source="actor.username", default="", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = ProblemEvent
        fields = ["id", "kind", "kind_display", "actor", "level", "level_display", "note", "at"]
        read_only_fields = fields


class ProblemPhotoSerializer(ModelSerializer):
    class Meta:
        model = ProblemPhoto
        fields = ["id", "original_name", "uploaded_at"]
        read_only_fields = fields


class PhotosField(serializers.ListField):
    """Photos in (multipart ``photos``, repeated), the stored photos out."""

    child = serializers.FileField()

    def get_attribute(self, instance):
        return instance.photos.all()

    def to_representation(self, value):
        return ProblemPhotoSerializer(value, many=True, context=self.context).data


class ResidentProblemSerializer(ModelSerializer):
    """A resident's problem. Creating records it (``problem_record``) in a grid of the caller's
    area that their role may write in; the lifecycle fields are read-only."""

    grid = ScopedPrimaryKeyRelatedField(queryset=Grid.objects.all())
    grid_name = serializers.CharField(source="grid.name", read_only=True)
    category = serializers.PrimaryKeyRelatedField(queryset=ProblemCategory.objects.filter(is_active=True))
    category_name = serializers.CharField(source="category.name", read_only=True)
    compound = CompoundField(queryset=ResidentialCompound.objects.all(), allow_null=True, required=False)
    building = ScopedPrimaryKeyRelatedField(queryset=Building.objects.all(), allow_null=True, required=False)
    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True, required=False)
    resident_phone = MaskedPhoneField()
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    level = serializers.ChoiceField(choices=HandlingLevel.choices, read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", default="", read_only=True)
    is_overdue = serializers.SerializerMethodField(help_text=_("Still open past its category's deadline."))
    available_steps = serializers.SerializerMethodField(
        help_text=_("The actions the caller may take on this problem now.")
    )
    photos = PhotosField(
        required=False, write_only=True, help_text=_("Photos (JPEG, PNG, WebP or HEIC), sent multipart.")
    )

    class Meta:
        model = ResidentProblem
        fields = [
            "id",
            "grid",
            "grid_name",
            "area_code",
            "category",
            "category_name",
            "description",
            "compound",
            "building",
            "unit",
            "resident_name",
            "resident_phone",
            "urgency",
            "status",
            "status_display",
            "level",
            "holder_code",
            "escalations",
            "recorded_by",
            "recorded_at",
            "due_at",
            "is_overdue",
            "resolved_at",
            "minutes_to_resolve",
            "resolution",
            "return_reason",
            "evaluation",
            "evaluation_comment",
            "closed_at",
            "available_steps",
            "photos",
        ]
        read_only_fields = [
            "area_code",
            "status",
            "holder_code",
            "escalations",
            "recorded_at",
            "due_at",
            "resolved_at",
            "minutes_to_resolve",
            "resolution",
            "return_reason",
            "evaluation",
            "evaluation_comment",
            "closed_at",
        ]
        validators: list = []

    def to_internal_value(self, data):
        if isinstance(data, Mapping) and "status" in data:  # a body not an object is refused below
            raise serializers.ValidationError({"status": [STATUS_BY_ACTIONS]})
        return super().to_internal_value(data)

    def get_is_overdue(self, obj) -> bool:
        if hasattr(obj, "is_overdue"):
            return bool(obj.is_overdue)
        return obj.status in OPEN_PROBLEM_STATUSES and obj.due_at < timezone.now()

    def get_available_steps(self, obj) -> list[str]:
        return problem_rules.available_steps(get_scope(_user(self.context)), obj)

    def create(self, validated_data):
        photos = validated_data.pop("photos", None)
        return run_service(services.problem_record, photos=photos, actor=_user(self.context), **validated_data)


class ResidentProblemDetailSerializer(ResidentProblemSerializer):
    """A problem with its photos and its timeline."""

    photos = PhotosField(read_only=True)
    events = ProblemEventSerializer(many=True, read_only=True)

    class Meta(ResidentProblemSerializer.Meta):
        fields = [*ResidentProblemSerializer.Meta.fields, "events"]


# The payloads of the actions.


class ProblemNoteSerializer(Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ProblemReasonSerializer(Serializer):
    reason = serializers.CharField(help_text=_("Why the problem goes up a level, or is returned."))


class ProblemResolutionSerializer(Serializer):
    resolution = serializers.CharField(help_text=_("How the problem was solved."))


class ProblemEvaluationSerializer(Serializer):
    evaluation = serializers.ChoiceField(choices=Evaluation.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


# The statistics of residents' problems (documentation of the answer of the stats endpoint).


class EscalatedCountsSerializer(Serializer):
    community = serializers.IntegerField(help_text=_("Escalated and now held by the community"))
    street = serializers.IntegerField()
    district = serializers.IntegerField()
    city = serializers.IntegerField()


class CategoryFiguresSerializer(Serializer):
    category_id = serializers.IntegerField()
    category = serializers.CharField(help_text=_("The category's name"))
    recorded = serializers.IntegerField()
    resolved = serializers.IntegerField()
    overdue = serializers.IntegerField()


class ProblemFiguresSerializer(Serializer):
    area = AreaRefSerializer()
    recorded = serializers.IntegerField(help_text=_("Problems recorded in the period"))
    resolved = serializers.IntegerField(help_text=_("Of those, resolved or closed"))
    resolved_in_grid = serializers.IntegerField(
        help_text=_("Of those, resolved or closed inside the grid, never escalated")
    )
    overdue = serializers.IntegerField(help_text=_("Of those, still open past their deadline now"))
    escalated = EscalatedCountsSerializer(help_text=_("Escalated problems, by the level holding them now"))
    escalated_total = serializers.IntegerField(help_text=_("Escalated problems, every level together"))
    average_hours_to_resolve = serializers.FloatField(
        allow_null=True, help_text=_("Mean hours from recording to resolution; null when none is resolved")
    )
    satisfaction_rate = serializers.FloatField(
        allow_null=True,
        help_text=_("Satisfied or basically satisfied, over the evaluations, in percent; null when none"),
    )
    by_category = CategoryFiguresSerializer(many=True)


class ProblemStatsSerializer(ProblemFiguresSerializer):
    from_ = serializers.DateField(allow_null=True, help_text=_("First day counted (recording date); null: no bound"))
    to = serializers.DateField(allow_null=True, help_text=_("Last day counted (recording date); null: no bound"))
    children = ProblemFiguresSerializer(many=True, help_text=_("The same figures for each direct child area"))

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields
