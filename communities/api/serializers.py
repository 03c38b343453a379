"""Serializers of the communities app, and the small pieces every app's serializers reuse.

- ``MaskedPhoneField``: a phone number shown whole only to roles that see personal data in the
  owner's area (``Scope.sees_personal_data``), masked (139****5678) for everyone else.
- ``ScopedPrimaryKeyRelatedField``: a related object chosen by id among those the caller sees; an
  id outside their area is refused exactly like an id that does not exist.
- ``ServiceSerializer``: create() and update() call the app's services; Django's validation
  errors become 400 answers carrying the field messages.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings

from jilin_grid.api.exceptions import bilingual
from jilin_grid.masking import mask_phone
from jilin_grid.models import area_code_validator
from jilin_grid.scope import get_scope

from .. import services
from ..models import City, Community, District, PartyOrganization, Person, Street, phone_validator

OUTSIDE_AREA = bilingual("未知的区域，或不在您的管辖范围内。", "Unknown area, or outside your area.")
ROLE_MAY_NOT_WRITE = bilingual("您的角色不能修改此处的数据。", "Your role may not change data here.")


def _request_user(context):
    request = context.get("request")
    return getattr(request, "user", None)


def run_service(service, **kwargs):
    """Call a write service; its Django ValidationError becomes a 400 with the field messages."""
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        detail = get_error_detail(exc)
        if isinstance(detail, dict) and "__all__" in detail:
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop("__all__")
        raise serializers.ValidationError(detail) from exc


class MaskedPhoneField(serializers.CharField):
    """A phone number, masked unless the caller's role sees personal data where its owner lives.

    The owner is the object holding the field (a Person); its ``area_code`` decides.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("required", False)
        kwargs.setdefault("validators", [phone_validator])
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return (super().get_attribute(instance) or "", getattr(instance, "area_code", ""))

    def to_representation(self, value):
        phone, owner_code = value
        if not phone:
            return ""
        if get_scope(_request_user(self.context)).sees_personal_data(owner_code):
            return phone
        return mask_phone(phone)


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object by id, among those inside the caller's area and writable by their role.

    Objects outside the area are not in the queryset, so their id answers "invalid pk" as if it
    did not exist; an object the caller sees but may not change answers that their role may not.
    """

    default_error_messages = {
        "does_not_exist": bilingual(
            '无效的主键 "{pk_value}"：对象不存在。', 'Invalid pk "{pk_value}" - object does not exist.'
        ),
        "read_only_area": ROLE_MAY_NOT_WRITE,
    }

    def get_queryset(self):
        return super().get_queryset().visible_to(_request_user(self.context))

    def to_internal_value(self, data):
        obj = super().to_internal_value(data)
        if not get_scope(_request_user(self.context)).can_write(obj.scope_code):
            self.fail("read_only_area")
        return obj


class WritableAreaCodeField(serializers.CharField):
    """An area code the caller may write in: inside their area and covered by a writing role."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 15)
        kwargs.setdefault("validators", [area_code_validator])
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        code = super().to_internal_value(data)
        scope = get_scope(_request_user(self.context))
        if not scope.covers(code):
            raise serializers.ValidationError(OUTSIDE_AREA)
        if not scope.can_write(code):
            raise serializers.ValidationError(ROLE_MAY_NOT_WRITE)
        return code


class ServiceSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose writes go through services.

    ``Meta.create_only_fields`` are writable when creating and read-only afterwards (a grid's
    code, the community of a grid). Model constraints are checked by the services' full_clean(),
    so the serializer adds no validators of its own.
    """

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, (list, tuple)):
            for name in getattr(self.Meta, "create_only_fields", ()):
                if name in fields:
                    fields[name].read_only = True
        return fields


# The administrative tree (read-only: it is managed in the admin).


class CitySerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["id", "code", "name", "is_active"]


class DistrictSerializer(serializers.ModelSerializer):
    city_code = serializers.CharField(source="city.code", read_only=True)

    class Meta:
        model = District
        fields = ["id", "code", "name", "kind", "city", "city_code", "is_active"]


class StreetSerializer(serializers.ModelSerializer):
    district_name = serializers.CharField(source="district.name", read_only=True)

    class Meta:
        model = Street
        fields = ["id", "code", "name", "kind", "district", "district_name", "is_active"]


class CommunitySerializer(serializers.ModelSerializer):
    street_name = serializers.CharField(source="street.name", read_only=True)

    class Meta:
        model = Community
        fields = ["id", "code", "name", "address", "street", "street_name", "is_active"]


# People and party organizations.


class PersonBriefSerializer(serializers.ModelSerializer):
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
