"""Who may read and write through the API."""

from rest_framework import permissions

from jilin_grid.scope import get_scope


class ScopedPermission(permissions.BasePermission):
    """Authenticated users read inside their area; writing needs a role that may write there.

    Objects outside the user's area never reach this check: the queryset hides them (404).
    """

    message = "您的角色不能修改此处的数据。 / Your role may not change data here."

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return get_scope(request.user).can_write_anywhere()

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return get_scope(request.user).can_write(obj.scope_code)
