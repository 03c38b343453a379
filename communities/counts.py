"""What communities and party organizations add to the kept counts (the organization network)."""

from __future__ import annotations

from communities.choices import GRID_ORGANIZATION_KINDS
from jilin_grid.areas import CODE_LENGTHS, AreaLevel
from jilin_grid.counts.registry import register_counter

GRID_CODE_LENGTH = CODE_LENGTHS[AreaLevel.GRID]


def community(row: dict):
    return [(row["code"], None, "n", 1)] if row["is_active"] else []


def party_organization(row: dict):
    """An active organization: one of its kind, its members, and a grid party organization when
    it is of a grid kind and sits at a grid."""
    if not row["is_active"]:
        return []
    code = row["area_code"]
    contributions = [(code, None, f"kind:{row['kind']}", 1), (code, None, "members", row["member_count"] or 0)]
    if row["kind"] in GRID_ORGANIZATION_KINDS and len(code) == GRID_CODE_LENGTH:
        contributions.append((code, None, "grid_organizations", 1))
    return contributions


def register() -> None:
    from communities.models import Community, PartyOrganization

    register_counter(family="network.communities", model=Community, fields=("code", "is_active"), contribute=community)
    register_counter(
        family="network.party",
        model=PartyOrganization,
        fields=("area_code", "is_active", "kind", "member_count"),
        contribute=party_organization,
    )
