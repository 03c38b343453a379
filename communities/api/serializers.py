"""Serializers of the communities app: the administrative tree (read-only), people and party
organizations; writes go through ``communities.services``."""

from __future__ import annotations

from rest_framework import serializers

from communities import services
from communities.models import City, Community, District, PartyOrganization, Person, Street
from jilin_grid.api.fields import MaskedPhoneField, ScopedPrimaryKeyRelatedField, WritableAreaCodeField
from jilin_grid.api.serializers import ModelSerializer, ServiceSerializer, run_service

# The administrative tree (read-only: it is managed in the admin).


class CitySerializer(ModelSerializer):
    class Meta:
        model = City
        fields = ["id", "code", "name", "is_active"]


class DistrictSerializer(ModelSerializer):
    city_code = serializers.CharField(source="city.code", read_only=True)

    class Meta:
        model = District
        fields = ["id", "code", "name", "kind", "city", "city_code", "is_active"]


class StreetSerializer(ModelSerializer):
    district_name = serializers.CharField(source="district.name", read_only=True)

    class Meta:
        model = Street
        fields = ["id", "code", "name", "kind", "district", "district_name", "is_active"]


class CommunitySerializer(ModelSerializer):
    street_name = serializers.CharField(source="street.name", read_only=True)

    class Meta:
        model = Community
        fields = [
            "id",
            "code",
            "name",
            "address",
            "street",
            "street_name",
            "centre_latitude",
            "centre_longitude",
            "is_active",
        ]


# People and party organizations.


class PersonBriefSerializer(ModelSerializer):
    """A person shown inside another object (a grid worker, a chief, a secretary)."""

    phone = MaskedPhoneField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name", "phone", "is_party_member"]
        read_only_fields = fields


class PersonSerializer(ServiceSerializer):
    phone = MaskedPhoneField()
    area_code = WritableAreaCodeField()

    class Meta:
        model = Person
        fields = ["id", "name", "gender", "phone", "is_party_member", "area_code", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators: list = []

    def create(self, validated_data):
        return run_service(services.person_create, **validated_data)

    def update(self, instance, validated_data):
        return run_service(services.person_update, person=instance, **validated_data)


class PartyOrganizationSerializer(ServiceSerializer):
    area_code = WritableAreaCodeField()
    parent = ScopedPrimaryKeyRelatedField(queryset=PartyOrganization.objects.all(), allow_null=True, required=False)
    secretary = PersonBriefSerializer(read_only=True)
    secretary_id = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), source="secretary", allow_null=True, required=False, write_only=True
    )

    class Meta:
        model = PartyOrganization
        fields = [
            "id",
            "name",
            "kind",
            "area_code",
            "parent",
            "host_unit_kind",
            "host_unit_name",
            "secretary",
            "secretary_id",
            "member_count",
            "founded_on",
            "is_active",
        ]
        read_only_fields = ["is_active"]
        validators: list = []

    def create(self, validated_data):
        return run_service(services.party_organization_create, **validated_data)

    def update(self, instance, validated_data):
        return run_service(services.party_organization_update, organization=instance, **validated_data)
