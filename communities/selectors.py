"""Reads of the administrative tree and the party organizations."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from communities.models import ApiToken, AreaGrant, Person
from jilin_grid.scope import get_scope


def person_find_by_phone(*, area_code: str, phone: str) -> Person | None:
    """A person of this area with this phone number, to avoid recording them twice."""
    if not phone:
        return None
    return Person.objects.filter(area_code=area_code, phone=phone).order_by("id").first()


def api_token_holders_for(user):
    """The active accounts ``user`` may create a token for: every account for a superuser; for
    the city organization department, the accounts granted inside its area, never a superuser."""
    scope = get_scope(user)
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    if scope.is_superuser:
        return users
    granted = AreaGrant.objects.filter(scope.q("area_code"), user__is_superuser=False).values("user_id")
    return users.filter(pk__in=granted)


def api_tokens_visible_to(user):
    """The API tokens ``user`` looks after: those of the accounts they may create a token for
    (whether active or not). Newest first, with the users named on the page."""
    scope = get_scope(user)
    tokens = ApiToken.objects.select_related("user", "created_by", "revoked_by")
    if scope.is_superuser:
        return tokens.all()
    granted = AreaGrant.objects.filter(scope.q("area_code"), user__is_superuser=False).values("user_id")
    return tokens.filter(user__in=granted)
