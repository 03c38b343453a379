"""Serializers of the one-stop desk; every write goes through ``alliances.desk.services``."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from communities.models import Community
from grids.network.api.serializers import AreaRefSerializer
from grids.network.models import Grid
from grids.problems.models import ProblemCategory
from jilin_grid.api.fields import MaskedPhoneField, ReachablePrimaryKeyRelatedField, ScopedPrimaryKeyRelatedField
from jilin_grid.api.serializers import ModelSerializer, Serializer, ServiceSerializer, run_step

from .. import services
from ..choices import ServiceMode, WorkerPost
from ..models import Case, CaseMaterial, CaseStep, Matter, MatterMaterial, SocialWorker


class MaterialSerializer(ModelSerializer):
    """A material of a matter: its name and whether it is required."""

    class Meta:
        model = MatterMaterial
        fields = ["name", "required"]


class StepNamesField(serializers.ListField):
    """A matter's steps as their names, in order."""

    def get_attribute(self, instance):
        return [step.name for step in instance.steps.all()]


class MatterSerializer(ServiceSerializer):
    """A matter of a district's (or the city's) catalogue: its service mode, its time limit in calendar
    days, its materials and its steps in order. Written by district staff and above."""

    area_code = serializers.CharField(
        max_length=15, help_text=_("The district (or the city) whose catalogue holds it.")
    )
    materials = MaterialSerializer(many=True)
    steps = StepNamesField(child=serializers.CharField(max_length=200), allow_empty=False)

    class Meta:
        model = Matter
        fields = ["id", "area_code", "name", "mode", "description", "time_limit_days", "is_active", "materials",
                  "steps", "created_at"]  # fmt: skip
        read_only_fields = ["is_active", "created_at"]
        create_only_fields = ["area_code"]
        validators: list = []

    def _contents(self, validated_data) -> dict:
        contents = {}
        if "materials" in validated_data:
            contents["materials"] = [(m["name"], m.get("required", True)) for m in validated_data.pop("materials")]
        if "steps" in validated_data:
            contents["steps"] = validated_data.pop("steps")
        return contents

    def create(self, validated_data):
        contents = self._contents(validated_data)
        return run_step(services.matter_add, **validated_data, **contents)

    def update(self, instance, validated_data):
        contents = self._contents(validated_data)
        validated_data.pop("area_code", None)
        return run_step(services.matter_update, matter=instance, **validated_data, **contents)


class SocialWorkerSerializer(ServiceSerializer):
    """An all-round social worker of a community: their name and phone (masked for roles that do not
    see personal data), the posts they hold and the matters (ids) they are skilled in."""

    community = ScopedPrimaryKeyRelatedField(queryset=Community.objects.all())
    community_name = serializers.CharField(source="community.name", read_only=True)
    name = serializers.CharField(source="person.name", max_length=50)
    phone = MaskedPhoneField(source="person.phone")
    posts = serializers.ListField(child=serializers.ChoiceField(choices=WorkerPost.choices), allow_empty=False)
    matters = ReachablePrimaryKeyRelatedField(queryset=Matter.objects.all(), many=True, required=False)

    class Meta:
        model = SocialWorker
        fields = ["id", "community", "community_name", "area_code", "name", "phone", "posts", "matters", "is_active",
                  "created_at"]  # fmt: skip
        read_only_fields = ["area_code", "is_active", "created_at"]
        create_only_fields = ["community", "name", "phone"]
        validators: list = []

    def create(self, validated_data):
        person = validated_data.pop("person")
        return run_step(
            services.social_worker_add,
            community=validated_data["community"],
            name=person["name"],
            phone=person.get("phone", ""),
            posts=validated_data["posts"],
            matters=validated_data.get("matters", []),
        )

    def update(self, instance, validated_data):
        return run_step(
            services.social_worker_update,
            worker=instance,
            **{name: validated_data[name] for name in ("posts", "matters") if name in validated_data},
        )


class CaseMaterialSerializer(ModelSerializer):
    class Meta:
        model = CaseMaterial
        fields = ["position", "name", "required", "checked"]
        read_only_fields = fields


class CaseStepSerializer(ModelSerializer):
    class Meta:
        model = CaseStep
        fields = ["position", "name", "done_on", "note"]
        read_only_fields = fields


class CaseSerializer(ServiceSerializer):
    """A case taken at a community's desk. ``POST`` accepts it: the matter's required materials must
    all be among ``checked`` (ids of the matter's materials); the due day follows from the matter's
    time limit (calendar days). Its steps are done with ``advance``, it is closed with ``finish`` and
    turned into a resident's problem with ``escalate``."""

    community = ScopedPrimaryKeyRelatedField(queryset=Community.objects.all())
    grid = ScopedPrimaryKeyRelatedField(queryset=Grid.objects.all(), required=False, allow_null=True, default=None)
    matter = ReachablePrimaryKeyRelatedField(queryset=Matter.objects.all())
    matter_name = serializers.CharField(source="matter.name", read_only=True)
    mode = serializers.ChoiceField(source="matter.mode", choices=ServiceMode.choices, read_only=True)
    worker = ScopedPrimaryKeyRelatedField(queryset=SocialWorker.objects.all())
    worker_name = serializers.CharField(source="worker.person.name", read_only=True)
    resident_phone = MaskedPhoneField()
    checked = serializers.PrimaryKeyRelatedField(
        queryset=MatterMaterial.objects.all(), many=True, write_only=True, required=False,
        help_text=_("The ids of the matter's materials the worker checked."),
    )  # fmt: skip
    overdue = serializers.SerializerMethodField(help_text=_("In hand after the due day, or finished after it."))
    materials = CaseMaterialSerializer(many=True, read_only=True)
    steps = CaseStepSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = ["id", "community", "grid", "area_code", "matter", "matter_name", "mode", "worker", "worker_name",
                  "resident_name", "resident_phone", "checked", "status", "accepted_on", "time_limit_days", "due_on",
                  "overdue", "finished_on", "days_taken", "escalated_on", "problem", "materials", "steps"]  # fmt: skip
        read_only_fields = ["area_code", "status", "accepted_on", "time_limit_days", "due_on", "finished_on",
                            "days_taken", "escalated_on", "problem"]  # fmt: skip
        validators: list = []

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue(timezone.localdate())

    def create(self, validated_data):
        return run_step(
            services.case_accept,
            community=validated_data["community"],
            grid=validated_data.get("grid"),
            matter=validated_data["matter"],
            worker=validated_data["worker"],
            resident_name=validated_data["resident_name"],
            resident_phone=validated_data.get("resident_phone", ""),
            checked=validated_data.get("checked", []),
            actor=self.context["request"].user,
        )


class AdvanceSerializer(Serializer):
    done_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=_("Today if left out."))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class FinishSerializer(Serializer):
    finished_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text=_("Today if left out.")
    )


class EscalateSerializer(Serializer):
    category = serializers.PrimaryKeyRelatedField(queryset=ProblemCategory.objects.filter(is_active=True))
    description = serializers.CharField(max_length=2000)
    grid = ScopedPrimaryKeyRelatedField(
        queryset=Grid.objects.all(), required=False, allow_null=True, default=None,
        help_text=_("Only when the case has no grid."),
    )  # fmt: skip


class ModeFiguresSerializer(Serializer):
    mode = serializers.ChoiceField(choices=ServiceMode.choices)
    label = serializers.CharField()
    taken = serializers.IntegerField()
    finished = serializers.IntegerField()
    finished_in_time = serializers.IntegerField()


class WorkerFiguresSerializer(Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    community = serializers.CharField()
    taken = serializers.IntegerField()
    finished = serializers.IntegerField()
    finished_in_time = serializers.IntegerField()
    average_days = serializers.FloatField(allow_null=True)


class DeskFiguresSerializer(Serializer):
    area = AreaRefSerializer()
    taken = serializers.IntegerField(help_text=_("Matters taken at the desk in the period"))
    finished = serializers.IntegerField(help_text=_("Of which finished"))
    finished_in_time = serializers.IntegerField(help_text=_("Of which finished within the time limit"))
    escalated = serializers.IntegerField(help_text=_("Of which turned into residents' problems"))
    in_hand = serializers.IntegerField(help_text=_("Of which still in hand"))
    overdue = serializers.IntegerField(help_text=_("Of which in hand after the due day"))
    average_days = serializers.FloatField(allow_null=True, help_text=_("Average days a finished case took"))


class DeskStatsSerializer(DeskFiguresSerializer):
    by_mode = ModeFiguresSerializer(many=True, help_text=_("The figures by service mode"))
    workers_count = serializers.IntegerField(help_text=_("Social workers who took cases in the period"))
    by_worker = WorkerFiguresSerializer(
        many=True, help_text=_("The figures by social worker: a page of them, most cases taken first")
    )
    workers_next = serializers.URLField(allow_null=True, help_text=_("The next page of social workers"))
    workers_previous = serializers.URLField(allow_null=True, help_text=_("The previous page of social workers"))
    children = DeskFiguresSerializer(many=True, help_text=_("The same figures for each direct child area"))
