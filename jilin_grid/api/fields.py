"""Serializer fields that apply the scope rule.

- ``MaskedPhoneField``: a phone number shown whole only to roles that see personal data in the
  owner's area (``Scope.sees_personal_data``), masked (139****5678) for everyone else.
- ``ScopedPrimaryKeyRelatedField``: a related object chosen by id among those the caller sees; an
  id outside their area is refused exactly like an id that does not exist.
- ``ReachablePrimaryKeyRelatedField``: the same among the caller's areas and those above them.
- ``WritableAreaCodeField``: an area code inside the caller's area, where their role writes.
"""

from __future__ import annotations

from rest_framework import serializers

from ..masking import mask_phone
from ..scope import get_scope
from ..validators import area_code_validator, phone_validator
from .exceptions import bilingual
from .serializers import OUTSIDE_AREA, ROLE_MAY_NOT_WRITE, request_user


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
        if get_scope(request_user(self.context)).sees_personal_data(owner_code):
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
        return super().get_queryset().visible_to(request_user(self.context))

    def to_internal_value(self, data):
        obj = super().to_internal_value(data)
        if not get_scope(request_user(self.context)).can_write(obj.scope_code):
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
        scope = get_scope(request_user(self.context))
        if not scope.covers(code):
            raise serializers.ValidationError(OUTSIDE_AREA)
        if not scope.can_write(code):
            raise serializers.ValidationError(ROLE_MAY_NOT_WRITE)
        return code


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
        return queryset.filter(get_scope(request_user(self.context)).reach_q(queryset.model.scope_field))
