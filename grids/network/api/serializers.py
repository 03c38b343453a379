"""Serializers of the grid network; writes go through ``grids.network.services``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from communities.api.serializers import PersonBriefSerializer
from communities.models import Community, Person
from jilin_grid.api.exceptions import bilingual
from jilin_grid.api.fields import MaskedPhoneField, ScopedPrimaryKeyRelatedField
from jilin_grid.api.serializers import Serializer, ServiceSerializer, run_service

from .. import services
from ..choices import ChiefKind, Employment
from ..models import Building, ChiefAssignment, Grid, GridWorker, ResidentialCompound, Unit


class CompoundField(ScopedPrimaryKeyRelatedField):
    """The compound a building or a problem stands in, among those the caller sees.

    A compound is chosen, not written: a grid worker places their grid's buildings and problems in
    the compounds those buildings stand in (``CompoundQuerySet``), though the compound belongs to
    the community. The grid chosen beside it is what the caller must be allowed to write, and the
    model's ``clean()`` keeps the compound in the grid's community.
    """

    def to_internal_value(self, data):
        return serializers.PrimaryKeyRelatedField.to_internal_value(self, data)


NAME_OR_PERSON = bilingual(
    "请选择已有人员（person_id），或填写姓名和电话。", "Choose an existing person (person_id) or give a name and phone."
)


class GridSerializer(ServiceSerializer):
    community = ScopedPrimaryKeyRelatedField(queryset=Community.objects.all())
    community_name = serializers.CharField(source="community.name", read_only=True)

    class Meta:
        model = Grid
        fields = ["id", "code", "name", "community", "community_name", "households", "boundary", "is_active"]
        read_only_fields = ["is_active"]
        create_only_fields = ["code", "community"]
        validators: list = []

    def create(self, validated_data):
        return run_service(services.grid_create, **validated_data)

    def update(self, instance, validated_data):
        return run_service(services.grid_update, grid=instance, **validated_data)


class ResidentialCompoundSerializer(ServiceSerializer):
    community = ScopedPrimaryKeyRelatedField(queryset=Community.objects.all())
    community_name = serializers.CharField(source="community.name", read_only=True)

    class Meta:
        model = ResidentialCompound
        fields = [
            "id",
            "name",
            "address",
            "latitude",
            "longitude",
            "community",
            "community_name",
            "area_code",
            "is_active",
        ]
        read_only_fields = ["area_code", "is_active"]
        create_only_fields = ["community"]
        validators: list = []

    def create(self, validated_data):
        return run_service(services.compound_create, **validated_data)

    def update(self, instance, validated_data):
        return run_service(services.compound_update, compound=instance, **validated_data)


class BuildingSerializer(ServiceSerializer):
    grid = ScopedPrimaryKeyRelatedField(queryset=Grid.objects.all())
    grid_name = serializers.CharField(source="grid.name", read_only=True)
    compound = CompoundField(queryset=ResidentialCompound.objects.all(), allow_null=True, required=False)
    compound_name = serializers.CharField(source="compound.name", read_only=True, default="")
    units = serializers.IntegerField(
        min_value=0,
        max_value=50,
        required=False,
        write_only=True,
        help_text=_("When creating: number of units (entrances) to create, numbered from 1."),
    )

    class Meta:
        model = Building
        fields = [
            "id",
            "name",
            "grid",
            "grid_name",
            "compound",
            "compound_name",
            "floors",
            "units",
            "area_code",
            "is_active",
        ]
        read_only_fields = ["area_code", "is_active"]
        validators: list = []

    def create(self, validated_data):
        return run_service(services.building_create, **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("units", None)  # the units are created with the building, not changed with it
        return run_service(services.building_update, building=instance, **validated_data)


class UnitSerializer(ServiceSerializer):
    building = ScopedPrimaryKeyRelatedField(queryset=Building.objects.all())
    building_name = serializers.CharField(source="building.name", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "building", "building_name", "number", "households", "area_code", "is_active"]
        read_only_fields = ["area_code", "is_active"]
        create_only_fields = ["building"]
        validators: list = []

    def create(self, validated_data):
        return run_service(services.unit_create, **validated_data)

    def update(self, instance, validated_data):
        return run_service(services.unit_update, unit=instance, **validated_data)


class _PersonPostSerializer(ServiceSerializer):
    """A post held by a person: the person is shown nested (phone masked by role) and, when
    creating, chosen by ``person_id`` or found-or-created by ``name`` and ``phone``."""

    grid = ScopedPrimaryKeyRelatedField(queryset=Grid.objects.all())
    grid_name = serializers.CharField(source="grid.name", read_only=True)
    person = PersonBriefSerializer(read_only=True)
    person_id = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), source="person", required=False, write_only=True
    )
    name = serializers.CharField(max_length=50, required=False, write_only=True, help_text=_("A new person's name."))
    phone = MaskedPhoneField(write_only=True, help_text=_("A new person's phone number."))

    def validate(self, attrs):
        if self.instance is None and not attrs.get("person") and not attrs.get("name"):
            raise serializers.ValidationError({"person_id": [NAME_OR_PERSON]})
        if self.instance is not None:
            attrs.pop("name", None)
            attrs.pop("phone", None)
        return attrs


class GridWorkerSerializer(_PersonPostSerializer):
    employment = serializers.ChoiceField(choices=Employment.choices)

    class Meta:
        model = GridWorker
        fields = [
            "id",
            "grid",
            "grid_name",
            "person",
            "person_id",
            "name",
            "phone",
            "employment",
            "started_on",
            "area_code",
            "is_active",
        ]
        read_only_fields = ["area_code", "is_active"]
        validators: list = []

    def create(self, validated_data):
        return run_service(services.grid_worker_create, **validated_data)

    def update(self, instance, validated_data):
        return run_service(services.grid_worker_update, worker=instance, **validated_data)


class ChiefAssignmentSerializer(_PersonPostSerializer):
    kind = serializers.ChoiceField(choices=ChiefKind.choices)
    building = ScopedPrimaryKeyRelatedField(queryset=Building.objects.all(), allow_null=True, required=False)
    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True, required=False)
    place = serializers.CharField(read_only=True)

    class Meta:
        model = ChiefAssignment
        fields = [
            "id",
            "grid",
            "grid_name",
            "kind",
            "person",
            "person_id",
            "name",
            "phone",
            "building",
            "unit",
            "place_name",
            "place",
            "area_code",
            "is_active",
        ]
        read_only_fields = ["area_code", "is_active"]
        validators: list = []

    def create(self, validated_data):
        return run_service(services.chief_assign, **validated_data)

    def update(self, instance, validated_data):
        return run_service(services.chief_update, chief=instance, **validated_data)


# The organization-network statistics (documentation of the answer of the stats endpoint).


class AreaRefSerializer(Serializer):
    code = serializers.CharField(help_text=_("Statistical division code (4 to 15 digits)."))
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=["city", "district", "street", "community", "grid"])


class ChiefCountsSerializer(Serializer):
    road = serializers.IntegerField(help_text=_("Road chiefs"))
    alley = serializers.IntegerField(help_text=_("Alley chiefs"))
    grid = serializers.IntegerField(help_text=_("Grid chiefs"))
    building = serializers.IntegerField(help_text=_("Building chiefs"))
    unit = serializers.IntegerField(help_text=_("Unit chiefs"))


class PartyOrganizationCountsSerializer(Serializer):
    committee = serializers.IntegerField()
    general_branch = serializers.IntegerField()
    branch = serializers.IntegerField()
    grid_branch = serializers.IntegerField()
    party_group = serializers.IntegerField()


class NetworkFiguresSerializer(Serializer):
    area = AreaRefSerializer()
    communities = serializers.IntegerField(help_text=_("Active communities"))
    grids = serializers.IntegerField(help_text=_("Active grids"))
    grid_party_organizations = serializers.IntegerField(
        help_text=_("Grid party branches and party groups attached to a grid")
    )
    grid_workers = serializers.IntegerField(help_text=_("Active grid workers, full- and part-time"))
    grid_workers_full_time = serializers.IntegerField()
    grid_workers_part_time = serializers.IntegerField()
    chiefs = ChiefCountsSerializer(help_text=_("Active chiefs of the five-chief system, by kind"))
    party_organizations = PartyOrganizationCountsSerializer(help_text=_("Active party organizations, by kind"))
    party_members = serializers.IntegerField(help_text=_("Members of the active party organizations"))


class OrganizationNetworkSerializer(NetworkFiguresSerializer):
    children = NetworkFiguresSerializer(many=True, help_text=_("The same figures for each direct child area"))
