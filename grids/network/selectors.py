"""Reads of the grid network and the organization-network statistics of any area.

The figures of an area and its children are read from the kept counts (``network.*`` families,
``grids/network/counts.py`` and ``communities/counts.py``): one query, whatever the size of the
city.
"""

from __future__ import annotations

from communities.choices import PartyOrganizationKind
from jilin_grid.areas import Area, area_statistics
from jilin_grid.counts.selectors import kept_figures

from .choices import ChiefKind, Employment

NETWORK_FAMILIES = ("network.communities", "network.grids", "network.party", "network.workers", "network.chiefs")


def _figures(kept: dict) -> dict:
    """The organization-network figures of one area from its kept counts (``{family: {figure: n}}``)."""
    party = kept.get("network.party", {})
    workers = kept.get("network.workers", {})
    chiefs = kept.get("network.chiefs", {})
    full_time = workers.get(f"employment:{Employment.FULL_TIME}", 0)
    part_time = workers.get(f"employment:{Employment.PART_TIME}", 0)
    return {
        "communities": kept.get("network.communities", {}).get("n", 0),
        "grids": kept.get("network.grids", {}).get("n", 0),
        "grid_party_organizations": party.get("grid_organizations", 0),
        "grid_workers": full_time + part_time,
        "grid_workers_full_time": full_time,
        "grid_workers_part_time": part_time,
        "chiefs": {kind.value: chiefs.get(f"kind:{kind.value}", 0) for kind in ChiefKind},
        "party_organizations": {kind.value: party.get(f"kind:{kind.value}", 0) for kind in PartyOrganizationKind},
        "party_members": party.get("members", 0),
    }


def organization_network(area: Area) -> dict:
    """The organization-network figures of an area and of each of its direct children.

    Answers ``{"area": {...}, <figures>, "children": [{"area": {...}, <figures>}, ...]}`` where
    the figures are communities, grids, grid party organizations, grid workers (full- and
    part-time), chiefs by kind, party organizations by kind and party members. Two queries: the
    kept counts, and the children's names.
    """
    kept = kept_figures(NETWORK_FAMILIES, code=area.code, child_length=area.child_code_length)
    return area_statistics(area, _figures(kept.get(area.code, {})), lambda code: _figures(kept.get(code, {})))
