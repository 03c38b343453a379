"""Reads of the administrative tree and the party organizations."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Sum

from communities.choices import GRID_ORGANIZATION_KINDS, PartyOrganizationKind
from communities.models import ApiToken, AreaGrant, Community, PartyOrganization, Person
from jilin_grid.aggregates import rollup
from jilin_grid.areas import CODE_LENGTHS, AreaLevel
from jilin_grid.scope import get_scope


def community_counts(prefix: str, group_length: int) -> dict[str, int]:
    """Active communities under ``prefix``, counted per code prefix of ``group_length``."""
    counts = rollup(
        Community.objects.filter(is_active=True), field="code", prefix=prefix, length=group_length, n=Count("id")
    )
    return {key[0]: figures["n"] for key, figures in counts.items()}


def party_organization_figures(prefix: str, group_length: int) -> dict[str, dict]:
    """Per code prefix: organizations by kind, grid party organizations and party members."""
    counts = rollup(
        PartyOrganization.objects.filter(is_active=True),
        field="area_code",
        prefix=prefix,
        length=group_length,
        by=("kind",),
        n=Count("id"),
        members=Sum("member_count"),
        grid_organizations=Count(
            "id", filter=Q(kind__in=GRID_ORGANIZATION_KINDS, area_code__length=CODE_LENGTHS[AreaLevel.GRID])
        ),
    )
    figures: dict[str, dict] = defaultdict(empty_party_figures)
    for (key, kind), row in counts.items():
        entry = figures[key]
        entry["party_organizations"][kind] += row["n"]
        entry["party_members"] += row["members"]
        entry["grid_party_organizations"] += row["grid_organizations"]
    return figures


def empty_party_figures() -> dict:
    return {
        "party_organizations": {kind.value: 0 for kind in PartyOrganizationKind},
        "party_members": 0,
        "grid_party_organizations": 0,
    }


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
