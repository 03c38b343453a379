"""Reads of the notifications: who must act on what (the recipients of the rules), a user's inbox,
the bell's count and their e-mail choices."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Value
from django.db.models.functions import Concat

from communities.models import AreaGrant
from jilin_grid.scope import (
    API_READER,
    CITY_ORG_DEPT,
    COMMUNITY_CODE_LENGTH,
    COMMUNITY_STAFF,
    DISTRICT_ORG_DEPT,
    GRID_WORKER,
    STREET_STAFF,
    ancestor_codes,
)

from .models import EmailPreference, Notification

# The roles that look after an area's work, and those that hold residents' problems at a level.
STAFF_ROLES = (CITY_ORG_DEPT, DISTRICT_ORG_DEPT, STREET_STAFF, COMMUNITY_STAFF)
HOLDER_ROLES = (*STAFF_ROLES, GRID_WORKER)
DEPARTMENT_ROLES = (CITY_ORG_DEPT, DISTRICT_ORG_DEPT)


def staff_code(code: str) -> str:
    """The area whose staff look after an object at ``code``: a grid's work is its community's."""
    return code[:COMMUNITY_CODE_LENGTH]


def granted_at(codes: Iterable[str], roles: Iterable[str]) -> dict[str, set[int]]:
    """The active users granted exactly each of ``codes`` with one of ``roles``: one query."""
    codes = set(codes)
    found: dict[str, set[int]] = defaultdict(set)
    if not codes:
        return found
    rows = AreaGrant.objects.filter(area_code__in=codes, role__in=list(roles), user__is_active=True).values_list(
        "area_code", "user_id"
    )
    for code, user_id in rows:
        found[code].add(user_id)
    return found


def covering(candidates: dict[int, set[str]]) -> dict[int, set[str]]:
    """Of ``{user_id: codes}``, keep for each active user the codes their areas cover (a grant at the
    code or above it, other than the API client's): nobody hears of a place outside their areas. One query."""
    user_ids = {user_id for user_id in candidates if user_id}
    if not user_ids:
        return {}
    grants: dict[int, set[str]] = defaultdict(set)
    rows = (
        AreaGrant.objects.filter(user_id__in=user_ids, user__is_active=True)
        .exclude(role=API_READER)
        .values_list("user_id", "area_code")
    )
    for user_id, code in rows:
        grants[user_id].add(code)
    kept = {}
    for user_id, codes in candidates.items():
        held = grants.get(user_id, set())
        inside = {code for code in codes if held & {code, *ancestor_codes(code)}}
        if inside:
            kept[user_id] = inside
    return kept


def users_named(names: Iterable[str]) -> dict[str, set[int]]:
    """Active users by their full name (surname and given name, as Chinese names are written): the
    accounts of the contacts named on records. One query."""
    names = {name.strip() for name in names if name and name.strip()}
    found: dict[str, set[int]] = defaultdict(set)
    if not names:
        return found
    rows = (
        get_user_model()
        .objects.filter(is_active=True)
        .annotate(full=Concat("last_name", Value(""), "first_name"))
        .filter(full__in=names)
        .values_list("full", "pk")
    )
    for name, user_id in rows:
        found[name].add(user_id)
    return found


def inbox(user):
    """The user's notifications, unread first, then newest first."""
    return Notification.objects.visible_to(user).order_by("read_at", "-created_at", "-id")


def unread_count(user) -> int:
    """The bell's count: one query on the inbox index (none for an anonymous user; the user's
    grants are those every page reads already)."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.visible_to(user).unread().count()


def email_kinds(user) -> list[str]:
    """The kinds the user also gets by e-mail."""
    return sorted(EmailPreference.objects.filter(user=user).values_list("kind", flat=True))
