"""Who is acting: the request being answered (set by ``AuditMiddleware``) fills every entry's
user, address and role at the moment the entry is written, so a page that writes nothing costs
nothing. DRF's token authentication sets the user on the same request, so API writes name their
caller too. Outside a request (a command), ``acting_as(user)`` names the actor.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.contrib.auth import get_user_model

from jilin_grid.scope import get_scope
from jilin_grid.security import client_ip
from jilin_grid.users import accountable_name

current_request: ContextVar = ContextVar("jilin_grid_audit_request", default=None)
current_actor: ContextVar = ContextVar("jilin_grid_audit_actor", default=None)


@contextlib.contextmanager
def acting_as(user):
    """Entries written inside name ``user`` as their author (a command run on someone's behalf)."""
    token = current_actor.set(user)
    try:
        yield
    finally:
        current_actor.reset(token)


def request_actor(request):
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and getattr(user, "is_authenticated", False):
        return user
    return None


def actor_role(user, area_code: str) -> str:
    """The acting user's role over the area: the most specific grant covering it, else their widest grant."""
    from jilin_grid.audit.models import SUPERUSER_ROLE

    if user is None:
        return ""
    scope = get_scope(user)
    if scope.is_superuser:
        return SUPERUSER_ROLE
    role = scope.role_for(area_code) if area_code else None
    if role is None and scope.grants:
        role = scope.grants[0][1]  # grants are sorted widest first
    return role or ""


def fill_entry(entry) -> None:
    """Complete an entry about to be written: kind, user, name, role and address."""
    from jilin_grid.audit.models import ACTION_KINDS, AuditKind

    if not entry.kind:
        kind = ACTION_KINDS.get(entry.action, "")
        if kind == AuditKind.UPDATE and (entry.changes or {}).get("is_active", [None, None])[1] == "False":
            kind = AuditKind.RETIRE
        entry.kind = kind
    request = current_request.get()
    if entry.actor_id is None and entry.actor is None:
        actor = request_actor(request)
        if actor is None:
            actor = current_actor.get()
        if isinstance(actor, get_user_model()):
            entry.actor = actor
    if entry.remote_addr is None and request is not None:
        entry.remote_addr = client_ip(request)
    actor = entry.actor
    if actor is not None:
        if not entry.actor_name:
            entry.actor_name = accountable_name(actor)[:150]
        if not entry.actor_role:
            entry.actor_role = actor_role(actor, entry.area_code)
