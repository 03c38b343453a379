"""The serializer pieces every app's API uses.

- ``run_service`` and ``run_step``: call a write service; its ``ValidationError`` becomes a 400
  carrying the field messages (``run_step`` puts a message about no one field under
  ``non_field_errors``).
- ``ModelSerializer``: DRF's, true to its schema: a read-only field over a nullable column is
  nullable, over a column that may be blank may be blank, and an answer to a partial update
  carries every field, as the schema says it does.
- ``ServiceSerializer``: create() and update() call the app's services; ``Meta.create_only_fields``
  become read-only once the object exists.
- ``request_user``: the caller, from a serializer's context.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings

from .exceptions import bilingual

OUTSIDE_AREA = bilingual("未知的区域，或不在您的管辖范围内。", "Unknown area, or outside your area.")
NOT_TEXT = bilingual("请填写文本。", "Enter text.")
ROLE_MAY_NOT_WRITE = bilingual("您的角色不能修改此处的数据。", "Your role may not change data here.")


def request_user(context):
    """The user of the request a serializer or field works for (None outside a request)."""
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


def _model_field(model, source: str):
    """The model field at the end of ``source`` ("compound.name"), and whether a nullable relation
    lies on the way (then the value may be missing)."""
    field, through_nullable = None, False
    for part in source.split("."):
        if model is None:
            return None, through_nullable
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None, through_nullable
        if field.is_relation and part != source.split(".")[-1]:
            through_nullable = through_nullable or field.null
            model = field.related_model
    return field, through_nullable


class TextOnlyMixin:
    """DRF's CharField takes a number and keeps its digits ("reason": 0 -> "0"); a text field of the
    API takes text only, as its schema says (a body that is not an object is refused by DRF)."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            wrong = {
                name: [NOT_TEXT]
                for name, field in self.fields.items()
                if isinstance(field, serializers.CharField)
                and not field.read_only
                and field.field_name in data
                and data[field.field_name] is not None
                and not isinstance(data[field.field_name], str)
            }
            if wrong:
                raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)


class Serializer(TextOnlyMixin, serializers.Serializer):
    """DRF's Serializer for the API's inputs (an action's reason, a figure's parameters): text only
    in its text fields."""


class ModelSerializer(TextOnlyMixin, serializers.ModelSerializer):
    """DRF's ModelSerializer, with read-only fields typed as the model holds them.

    DRF drops ``allow_null`` and ``allow_blank`` from the fields it makes read-only, so the schema
    would promise a value where the column may hold null or "". Here a read-only field over a
    nullable column (or through a nullable relation, without a default) allows null, and one over
    a text column that may be blank allows "".
    """

    def get_fields(self):
        fields = super().get_fields()
        model = getattr(getattr(self, "Meta", None), "model", None)
        if model is None:
            return fields
        for name, field in fields.items():
            source = field.source or name  # fields are bound (their source set) after this
            if not field.read_only or source == "*":
                continue
            model_field, through_nullable = _model_field(model, source)
            if model_field is None:
                continue
            if model_field.null or (through_nullable and field.default is serializers.empty):
                field.allow_null = True
            if getattr(model_field, "blank", False) and isinstance(
                field, serializers.CharField | serializers.ChoiceField
            ):
                field.allow_blank = True
        return fields

    def to_representation(self, instance):
        # DRF leaves out a read-only field with a default from the answer to a partial update
        # (PATCH); the answer is the whole object, as after any other update.
        partial, self.partial = self.partial, False
        try:
            return super().to_representation(instance)
        finally:
            self.partial = partial


class ServiceSerializer(ModelSerializer):
    """A ModelSerializer whose writes go through services.

    ``Meta.create_only_fields`` are writable when creating and read-only afterwards (a grid's
    code, the community of a grid): sent with an update, they are checked and left as they are.
    Model constraints are checked by the services' full_clean(), so the serializer adds no
    validators of its own.
    """

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, (list, tuple)):
            for name in getattr(self.Meta, "create_only_fields", ()):
                if name in fields:
                    fields[name].read_only = True
        return fields

    def to_internal_value(self, data):
        # A create-only field sent with an update changes nothing, but a value it could not take
        # when creating is refused, as the schema of the update (the object's fields) says; a full
        # update (PUT) sends every field the schema requires, create-only ones included.
        create_only = getattr(self.Meta, "create_only_fields", ())
        if self.instance is not None and create_only and isinstance(data, Mapping):
            as_created = type(self)(context=self.context).fields
            errors = {}
            for name in create_only:
                if name not in as_created:
                    continue
                if name not in data:
                    if not self.partial and as_created[name].required:
                        message = as_created[name].error_messages["required"]
                        errors[name] = [serializers.ErrorDetail(str(message), code="required")]
                    continue
                try:
                    as_created[name].run_validation(data[name])
                except serializers.ValidationError as exc:
                    errors[name] = exc.detail
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


def run_step(service, **kwargs):
    """Call a write service; a refusal answers 400 with its message, always under a key
    (``non_field_errors`` when it is about no one field)."""
    try:
        return run_service(service, **kwargs)
    except serializers.ValidationError as exc:
        if isinstance(exc.detail, list):
            raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.detail}) from exc
        raise
