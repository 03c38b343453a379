"""Writes of the communities app. Keyword-only, atomic, validated with full_clean()."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from communities.choices import HostUnitKind
from communities.models import ApiToken, AreaGrant, PartyOrganization, Person
from communities.selectors import person_find_by_phone
from jilin_grid.models import carry_area_code
from jilin_grid.services import UNCHANGED, Unchanged, model_update, retire, save_validated


@transaction.atomic
def person_create(
    *, name: str, area_code: str, phone: str = "", gender: str = "", is_party_member: bool = False
) -> Person:
    """A person of an area."""
    return save_validated(
        Person(),
        {"name": name, "area_code": area_code, "phone": phone, "gender": gender, "is_party_member": is_party_member},
    )


@transaction.atomic
def person_update(
    *,
    person: Person,
    name: str | Unchanged = UNCHANGED,
    area_code: str | Unchanged = UNCHANGED,
    phone: str | Unchanged = UNCHANGED,
    gender: str | Unchanged = UNCHANGED,
    is_party_member: bool | Unchanged = UNCHANGED,
) -> Person:
    """Change a person's name, area, phone, gender or party membership."""
    return model_update(
        person, name=name, area_code=area_code, phone=phone, gender=gender, is_party_member=is_party_member
    )


@transaction.atomic
def person_get_or_create(*, name: str, area_code: str, phone: str = "", is_party_member: bool = False) -> Person:
    """The person of this area with this phone number, or a new one; the name is kept current."""
    existing = person_find_by_phone(area_code=area_code, phone=phone)
    if existing is None:
        return person_create(name=name, area_code=area_code, phone=phone, is_party_member=is_party_member)
    renamed = existing.name != name
    joined = is_party_member and not existing.is_party_member
    if not (renamed or joined):
        return existing
    return person_update(
        person=existing, name=name if renamed else UNCHANGED, is_party_member=True if joined else UNCHANGED
    )


@transaction.atomic
def party_organization_create(
    *,
    name: str,
    kind: str,
    area_code: str,
    parent: PartyOrganization | None = None,
    host_unit_kind: str = HostUnitKind.AREA,
    host_unit_name: str = "",
    secretary: Person | None = None,
    member_count: int = 0,
    founded_on: date | None = None,
) -> PartyOrganization:
    """A party organization of an area, standing for it or sitting in one of its units."""
    return save_validated(
        PartyOrganization(),
        {
            "name": name,
            "kind": kind,
            "area_code": area_code,
            "parent": parent,
            "host_unit_kind": host_unit_kind,
            "host_unit_name": host_unit_name,
            "secretary": secretary,
            "member_count": member_count,
            "founded_on": founded_on,
        },
    )


@transaction.atomic
def party_organization_update(
    *,
    organization: PartyOrganization,
    name: str | Unchanged = UNCHANGED,
    kind: str | Unchanged = UNCHANGED,
    area_code: str | Unchanged = UNCHANGED,
    parent: PartyOrganization | Unchanged | None = UNCHANGED,
    host_unit_kind: str | Unchanged = UNCHANGED,
    host_unit_name: str | Unchanged = UNCHANGED,
    secretary: Person | Unchanged | None = UNCHANGED,
    member_count: int | Unchanged = UNCHANGED,
    founded_on: date | Unchanged | None = UNCHANGED,
) -> PartyOrganization:
    """Change a party organization: its name, kind, area, parent, unit, secretary, members or founding
    date. Moving it to another area carries along what hangs on it (its No.1 projects, and with them
    their progress and events), in the same transaction."""
    moved = area_code is not UNCHANGED and area_code != organization.area_code
    organization = model_update(
        organization,
        name=name,
        kind=kind,
        area_code=area_code,
        parent=parent,
        host_unit_kind=host_unit_kind,
        host_unit_name=host_unit_name,
        secretary=secretary,
        member_count=member_count,
        founded_on=founded_on,
    )
    if moved:
        carry_area_code(organization)
    return organization


@transaction.atomic
def party_organization_retire(*, organization: PartyOrganization) -> PartyOrganization:
    """Retire a party organization; it stays in history."""
    return retire(organization)


@transaction.atomic
def area_grant_create(*, user, area_code: str, role: str) -> AreaGrant:
    """Grant a user a role over an area."""
    return save_validated(AreaGrant(), {"user": user, "area_code": area_code, "role": role})


@transaction.atomic
def user_create_with_grant(*, username: str, password: str | None, area_code: str, role: str, **extra: Any):
    """A portal user with one area grant (used by the demo city and by administrators)."""
    user = get_user_model().objects.create_user(username=username, password=password, **extra)
    area_grant_create(user=user, area_code=area_code, role=role)
    return user


# A token's last use is written at most this often (seconds), not on every request.
API_TOKEN_USE_RECORDED_EVERY_SECONDS = 60


@transaction.atomic
def api_token_create(
    *, user, label: str, expires_at: datetime | None = None, created_by=None, now: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new API token for ``user``; answers the token and its key, which is shown this once and
    never stored (only its SHA-256). Without ``expires_at`` it lasts API_TOKEN_DEFAULT_DAYS."""
    now = now or timezone.now()
    if expires_at is None:
        expires_at = now + timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)
    key = secrets.token_hex(20)
    token = save_validated(
        ApiToken(),
        {
            "user": user,
            "label": label,
            "key_hash": ApiToken.hash_key(key),
            "key_prefix": key[:8],
            "created_by": created_by,
            "created_at": now,
            "expires_at": expires_at,
        },
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, revoked_by=None, now: datetime | None = None) -> ApiToken:
    """Revoke a token: from now on it answers 401. Revoking a revoked token changes nothing."""
    if token.revoked_at is not None:
        return token
    token.revoked_at = now or timezone.now()
    token.revoked_by = revoked_by
    token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def api_token_record_use(*, token: ApiToken, now: datetime) -> None:
    """Note that the token was used, at most once a minute: a token used within the last minute
    costs no write. The condition is in the UPDATE too, so processes racing write it once."""
    every = timedelta(seconds=API_TOKEN_USE_RECORDED_EVERY_SECONDS)
    if token.last_used_at is not None and now - token.last_used_at < every:
        return
    ApiToken.objects.filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - every), pk=token.pk).update(
        last_used_at=now
    )
    token.last_used_at = now
