"""Serializers of the notifications API."""

from __future__ import annotations

from rest_framework import serializers

from jilin_grid.api.serializers import ModelSerializer, Serializer

from ..choices import NotificationKind
from ..models import Notification


class NotificationSerializer(ModelSerializer):
    """A notification of the caller: what it is about, where to open it, when, read or not."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "subject", "link", "area_code", "due_on", "created_at", "read_at",
                  "is_read"]  # fmt: skip
        read_only_fields = fields


class ReadAllSerializer(Serializer):
    """Which unread notifications to mark read: every one, or those of ``kind``."""

    kind = serializers.ChoiceField(choices=NotificationKind.choices, required=False)


class ReadAllResultSerializer(Serializer):
    marked_read = serializers.IntegerField()


class EmailPreferencesSerializer(Serializer):
    """The kinds of notification that also reach the caller by e-mail."""

    email_kinds = serializers.ListField(child=serializers.ChoiceField(choices=NotificationKind.choices))
