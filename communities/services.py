"""Writes of the communities app. Keyword-only, atomic, validated with full_clean()."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from communities.models import AreaGrant, PartyOrganization, Person
from communities.selectors import person_find_by_phone
from jilin_grid.services import retire, save_validated


@transaction.atomic
def person_create(
    *, name: str, area_code: str, phone: str = "", gender: str = "", is_party_member: bool = False
) -> Person:
    return save_validated(
        Person(),
        {"name": name, "area_code": area_code, "phone": phone, "gender": gender, "is_party_member": is_party_member},
    )


@transaction.atomic
def person_update(*, person: Person, **fields: Any) -> Person:
    return save_validated(person, fields)


@transaction.atomic
def person_get_or_create(*, name: str, area_code: str, phone: str = "", is_party_member: bool = False) -> Person:
    """The person of this area with this phone number, or a new one; the name is kept current."""
    existing = person_find_by_phone(area_code=area_code, phone=phone)
    if existing is None:
        return person_create(name=name, area_code=area_code, phone=phone, is_party_member=is_party_member)
    changed = {}
    if existing.name != name:
        changed["name"] = name
    if is_party_member and not existing.is_party_member:
        changed["is_party_member"] = True
    return person_update(person=existing, **changed) if changed else existing


@transaction.atomic
def party_organization_create(**fields: Any) -> PartyOrganization:
    return save_validated(PartyOrganization(), fields)


@transaction.atomic
def party_organization_update(*, organization: PartyOrganization, **fields: Any) -> PartyOrganization:
    return save_validated(organization, fields)


@transaction.atomic
def party_organization_retire(*, organization: PartyOrganization) -> PartyOrganization:
    return retire(organization)


@transaction.atomic
def area_grant_create(*, user, area_code: str, role: str) -> AreaGrant:
    return save_validated(AreaGrant(), {"user": user, "area_code": area_code, "role": role})


@transaction.atomic
def user_create_with_grant(*, username: str, password: str, area_code: str, role: str, **extra: Any):
    """A portal user with one area grant (used by the demo city and by administrators)."""
    user = get_user_model().objects.create_user(username=username, password=password, **extra)
    area_grant_create(user=user, area_code=area_code, role=role)
    return user
