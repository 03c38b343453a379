"""Pieces the shared layer's admin pages share."""

from __future__ import annotations


class ReadOnlyAdminMixin:
    """An admin page that shows records and lets no one, superusers included, add, change or
    delete them there (the audit trail, the kept counts' drift)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
