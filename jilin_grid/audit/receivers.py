"""Sign-ins, failed sign-ins, lockouts and sign-outs, recorded from Django's and django-axes' signals."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from jilin_grid.audit.models import AuditKind
from jilin_grid.audit.services import record_event


def logged_in(sender, request, user, **kwargs) -> None:
    record_event(AuditKind.LOGIN, request=request, user=user, obj=user)


def logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record_event(AuditKind.LOGOUT, request=request, user=user, obj=user)


def _known_user(username: str):
    if not username:
        return None
    model = get_user_model()
    return model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    """A failed sign-in names the account tried (never the password), and the account if it exists."""
    username = str((credentials or {}).get(get_user_model().USERNAME_FIELD, ""))[:150]
    user = _known_user(username)
    record_event(
        AuditKind.LOGIN_FAILED,
        request=request,
        user=user,
        obj=user,
        description=username,
        data={"username": username},
    )


def locked_out(sender, request, username, ip_address, **kwargs) -> None:
    username = str(username or "")[:150]
    user = _known_user(username)
    record_event(
        AuditKind.LOCKOUT,
        request=request,
        user=user,
        obj=user,
        description=username or str(ip_address or ""),
        data={"username": username, "ip_address": ip_address},
    )


def connect() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(logged_in, dispatch_uid="jilin_grid.audit.logged_in")
    user_logged_out.connect(logged_out, dispatch_uid="jilin_grid.audit.logged_out")
    user_login_failed.connect(login_failed, dispatch_uid="jilin_grid.audit.login_failed")
    user_locked_out.connect(locked_out, dispatch_uid="jilin_grid.audit.locked_out")
