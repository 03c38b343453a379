"""Serializers of the sunk cadres; every write goes through ``alliances.cadres.services``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from communities.choices import Gender
from communities.models import Community, PartyOrganization, Person
from jilin_grid.api.fields import (
    MaskedPhoneField,
    ReachablePrimaryKeyRelatedField,
    ScopedPrimaryKeyRelatedField,
    WritableAreaCodeField,
)
from jilin_grid.api.serializers import Serializer, ServiceSerializer, run_step

from .. import services
from ..models import CadreAssignment, Checkpoint, Department, DutyShift

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
        fields = [
            "id",
            "community",
            "community_name",
            "area_code",
            "name",
            "address",
            "latitude",
            "longitude",
            "is_active",
            "created_at",
        ]
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


class AssignmentEndSerializer(Serializer):
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
