"""Serializers of the red stations and the family stations; every write goes through
``alliances.stations.services``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from alliances.volunteering.models import InServiceMember
from communities.models import Community
from grids.network.api.serializers import AreaRefSerializer
from jilin_grid.api.fields import ScopedPrimaryKeyRelatedField
from jilin_grid.api.serializers import ModelSerializer, Serializer, ServiceSerializer, run_step

from .. import services
from ..models import (
    FamilyActivity,
    FamilyStation,
    RedStation,
    StationEvent,
    StationExpert,
    StationFunction,
    StationOrganization,
    StationServiceItem,
    StationVolunteer,
)


class ServiceItemSerializer(ModelSerializer):
    """A service item: what, when, by whom (``add-item``)."""

    class Meta:
        model = StationServiceItem
        fields = ["id", "title", "schedule", "provider"]


class OrganizationSerializer(ModelSerializer):
    """A social organization stationed at the station (``add-organization``)."""

    class Meta:
        model = StationOrganization
        fields = ["id", "name"]


class ExpertSerializer(ModelSerializer):
    """An expert engaged by the station: name, field and schedule (``add-expert``)."""

    class Meta:
        model = StationExpert
        fields = ["id", "name", "field", "schedule"]


class VolunteerSerializer(ModelSerializer):
    """A volunteer (``add-volunteer``): an in-service party ``member`` (reported to the station's
    community, or ``reported_elsewhere`` ticked), or a student or resident by ``name``."""

    member = ScopedPrimaryKeyRelatedField(
        queryset=InServiceMember.objects.all(), required=False, allow_null=True, default=None
    )
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    reported_elsewhere = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_("Link a member who reported to another community all the same."),
    )

    class Meta:
        model = StationVolunteer
        fields = ["id", "kind", "name", "member", "reported_elsewhere"]


class EventSerializer(ModelSerializer):
    """An event of the station (``log-event``): not before the station opened."""

    class Meta:
        model = StationEvent
        fields = ["id", "held_on", "kind", "title", "participants"]


class RedStationSerializer(ServiceSerializer):
    """A red station of a community with its functions (ids of the functions kept in the admin); what
    belongs to it is read here and added through the station's actions."""

    community = ScopedPrimaryKeyRelatedField(queryset=Community.objects.all())
    community_name = serializers.CharField(source="community.name", read_only=True)
    functions = serializers.PrimaryKeyRelatedField(queryset=StationFunction.objects.all(), many=True, required=False)
    function_names = serializers.SlugRelatedField(source="functions", slug_field="name", many=True, read_only=True)
    items = ServiceItemSerializer(many=True, read_only=True)
    organizations = OrganizationSerializer(many=True, read_only=True)
    experts = ExpertSerializer(many=True, read_only=True)
    volunteers = VolunteerSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = RedStation
        fields = [
            "id",
            "community",
            "community_name",
            "area_code",
            "name",
            "place",
            "former_booth",
            "opened_on",
            "hours",
            "functions",
            "function_names",
            "latitude",
            "longitude",
            "is_active",
            "items",
            "organizations",
            "experts",
            "volunteers",
            "events",
            "created_at",
        ]
        read_only_fields = ["area_code", "is_active", "created_at"]
        create_only_fields = ["community"]
        validators: list = []

    def create(self, validated_data):
        return run_step(services.station_add, **validated_data)

    def update(self, instance, validated_data):
        return run_step(services.station_update, station=instance, **validated_data)


class RedStationListSerializer(ServiceSerializer):
    """A red station in a list: its place, hours and counts."""

    community_name = serializers.CharField(source="community.name", read_only=True)
    service_items = serializers.IntegerField(source="item_count", read_only=True)
    experts = serializers.IntegerField(source="expert_count", read_only=True)
    volunteers = serializers.IntegerField(source="volunteer_count", read_only=True)

    class Meta:
        model = RedStation
        fields = [
            "id",
            "community",
            "community_name",
            "area_code",
            "name",
            "place",
            "opened_on",
            "hours",
            "latitude",
            "longitude",
            "is_active",
            "service_items",
            "experts",
            "volunteers",
        ]
        read_only_fields = fields


class FamilyActivitySerializer(ModelSerializer):
    """An activity of a family station (``log-activity``): not before the station opened."""

    class Meta:
        model = FamilyActivity
        fields = ["id", "held_on", "title", "participants"]


class FamilyStationSerializer(ServiceSerializer):
    """A party member's demonstration family station in a compound or building."""

    community = ScopedPrimaryKeyRelatedField(queryset=Community.objects.all())
    community_name = serializers.CharField(source="community.name", read_only=True)
    activities = FamilyActivitySerializer(many=True, read_only=True)

    class Meta:
        model = FamilyStation
        fields = [
            "id",
            "community",
            "community_name",
            "area_code",
            "host",
            "place",
            "learning_place",
            "activity_carrier",
            "service_feature",
            "opened_on",
            "latitude",
            "longitude",
            "is_active",
            "activities",
            "created_at",
        ]
        read_only_fields = ["area_code", "is_active", "created_at"]
        validators: list = []

    def create(self, validated_data):
        return run_step(services.family_station_add, **validated_data)


class StationFiguresSerializer(Serializer):
    area = AreaRefSerializer()
    stations = serializers.IntegerField(help_text=_("Open red stations"))
    functions = serializers.IntegerField(help_text=_("Functions offered (each counted once)"))
    service_items = serializers.IntegerField(help_text=_("Service items"))
    experts = serializers.IntegerField(help_text=_("Experts"))
    volunteers = serializers.IntegerField(help_text=_("Volunteers"))
    events = serializers.IntegerField(help_text=_("Events held"))
    event_participants = serializers.IntegerField(help_text=_("Participants in events (person-times)"))
    family_stations = serializers.IntegerField(help_text=_("Open family stations"))
    family_activities = serializers.IntegerField(help_text=_("Family stations' activities"))
    family_participants = serializers.IntegerField(help_text=_("Participants in family stations' activities"))


class StationStatsSerializer(StationFiguresSerializer):
    children = StationFiguresSerializer(many=True, help_text=_("The same figures for each direct child area"))
