"""API of the notifications: the caller's own only. ``GET /api/notifications/`` (filters ``kind``,
``unread``; unread first), ``POST /api/notifications/{id}/read/``, ``POST
/api/notifications/read-all/`` and ``GET``/``PUT /api/notifications/preferences/`` (the kinds
e-mailed). Anyone else's notification answers 404."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from jilin_grid.api.params import SERVICE_RESPONSES
from jilin_grid.api.serializers import run_service

from .. import selectors, services
from ..filtersets import NotificationFilterSet
from ..models import Notification
from . import serializers


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's notifications, unread first, then newest. Filters: ``kind``, ``unread``."""

    queryset = Notification.objects.all()
    serializer_class = serializers.NotificationSerializer
    filterset_class = NotificationFilterSet
    permission_classes = [permissions.IsAuthenticated]
    ordering = ["read_at", "-created_at", "-id"]

    def get_queryset(self):
        return selectors.inbox(self.request.user)

    @extend_schema(request=None, responses={200: serializers.NotificationSerializer, **SERVICE_RESPONSES})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark one of the caller's notifications read."""
        notification = services.notification_read(notification=self.get_object())
        return Response(serializers.NotificationSerializer(notification, context={"request": request}).data)

    @extend_schema(
        request=serializers.ReadAllSerializer,
        responses={200: serializers.ReadAllResultSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=False, methods=["post"], url_path="read-all", filterset_class=None)
    def read_all(self, request):
        """Mark every unread notification of the caller read (of one ``kind`` if given)."""
        given = serializers.ReadAllSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        count = services.notifications_read_all(user=request.user, kind=given.validated_data.get("kind"))
        return Response({"marked_read": count})

    @extend_schema(methods=["GET"], responses={200: serializers.EmailPreferencesSerializer})
    @extend_schema(
        methods=["PUT"],
        request=serializers.EmailPreferencesSerializer,
        responses={200: serializers.EmailPreferencesSerializer, **SERVICE_RESPONSES},
    )
    @action(detail=False, methods=["get", "put"], filterset_class=None, pagination_class=None)
    def preferences(self, request):
        """The kinds of notification that also reach the caller by e-mail (PUT replaces them)."""
        if request.method == "PUT":
            given = serializers.EmailPreferencesSerializer(data=request.data)
            given.is_valid(raise_exception=True)
            run_service(services.email_preferences_set, user=request.user, kinds=given.validated_data["email_kinds"])
        return Response({"email_kinds": selectors.email_kinds(request.user)})
