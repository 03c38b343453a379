"""FilterSet of the notifications, shared by the API and the inbox page: by kind, read or unread."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jilin_grid.filters import BoundedFilterSet

from .choices import NotificationKind
from .models import Notification


class NotificationFilterSet(BoundedFilterSet):
    """The caller's notifications by ``kind`` and ``unread`` (true: unread only; false: read only)."""

    kind = django_filters.MultipleChoiceFilter(choices=NotificationKind.choices, label=_("Kind"))
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("Unread"))

    class Meta:
        model = Notification
        fields = ["kind", "unread"]
