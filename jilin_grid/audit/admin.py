"""The audit trail in Django's admin: read only, for everyone, superusers included. No entry can
be added, changed or deleted there (the retention alone deletes, once archived)."""

from __future__ import annotations

from auditlog.admin import LogEntryAdmin
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jilin_grid.admin_mixins import ReadOnlyAdminMixin

from .models import AuditEntry


class AuditEntryAdmin(ReadOnlyAdminMixin, LogEntryAdmin):
    list_display = [
        "created",
        "resource_url",
        "kind",
        "area_code",
        "actor_name",
        "actor_role",
        "remote_addr",
        "msg_short",
    ]
    list_filter = ["kind", "action", "timestamp"]
    search_fields = ["object_repr", "actor_name", "area_code", "object_pk"]
    readonly_fields = [*LogEntryAdmin.readonly_fields, "kind", "area_code", "actor_name", "actor_role", "remote_addr"]
    fieldsets = [
        (
            None,
            {"fields": ["created", "user_url", "actor_name", "actor_role", "remote_addr", "resource_url", "area_code"]},
        ),
        (_("Changes"), {"fields": ["kind", "action", "msg"]}),
    ]
    actions = None

    @admin.display(description=_("Resource"))
    def resource_url(self, obj):
        if obj.content_type_id is None:  # an event of no single record (an export)
            return obj.object_repr
        return super().resource_url(obj)


if admin.site.is_registered(AuditEntry):
    admin.site.unregister(AuditEntry)
admin.site.register(AuditEntry, AuditEntryAdmin)
