"""Reads of the grid network and the organization-network statistics of any area.

The figures of an area are rolled up from below by grouping every table on the prefix of its
area code: one query per table, whatever the size of the city.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count

from communities import selectors as community_selectors
from communities.choices import PartyOrganizationKind
from jilin_grid.aggregates import rollup
from jilin_grid.areas import Area, area_statistics

from .choices import ChiefKind, Employment
from .models import ChiefAssignment, Grid, GridWorker


def _counts_by(queryset, prefix: str, length: int, by: str) -> dict[str, dict[str, int]]:
    counts = rollup(queryset, field="area_code", prefix=prefix, length=length, by=(by,), n=Count("id"))
    result: dict[str, dict[str, int]] = defaultdict(dict)
    for (key, value), row in counts.items():
        result[key][value] = row["n"]
    return result


def _grid_counts(prefix: str, length: int) -> dict[str, int]:
    counts = rollup(Grid.objects.filter(is_active=True), field="code", prefix=prefix, length=length, n=Count("id"))
    return {key[0]: row["n"] for key, row in counts.items()}


def _figures(key: str, communities, grids, parties, workers, chiefs) -> dict:
    party = parties.get(key) or community_selectors.empty_party_figures()
    worker_counts = workers.get(key, {})
    chief_counts = chiefs.get(key, {})
    full_time = worker_counts.get(Employment.FULL_TIME, 0)
    part_time = worker_counts.get(Employment.PART_TIME, 0)
    return {
        "communities": communities.get(key, 0),
        "grids": grids.get(key, 0),
        "grid_party_organizations": party["grid_party_organizations"],
        "grid_workers": full_time + part_time,
        "grid_workers_full_time": full_time,
        "grid_workers_part_time": part_time,
        "chiefs": {kind.value: chief_counts.get(kind.value, 0) for kind in ChiefKind},
        "party_organizations": {
            kind.value: party["party_organizations"].get(kind.value, 0) for kind in PartyOrganizationKind
        },
        "party_members": party["party_members"],
    }


def _sum_figures(items: list[dict]) -> dict:
    total: dict = {}
    for item in items:
        for key, value in item.items():
            if isinstance(value, dict):
                bucket = total.setdefault(key, {})
                for sub_key, sub_value in value.items():
                    bucket[sub_key] = bucket.get(sub_key, 0) + sub_value
            else:
                total[key] = total.get(key, 0) + value
    return total


def organization_network(area: Area) -> dict:
    """The organization-network figures of an area and of each of its direct children.

    Answers ``{"area": {...}, <figures>, "children": [{"area": {...}, <figures>}, ...]}`` where
    the figures are communities, grids, grid party organizations, grid workers (full- and
    part-time), chiefs by kind, party organizations by kind and party members. Seven queries.
    """
    length = area.child_code_length or len(area.code)
    prefix = area.code
    communities = community_selectors.community_counts(prefix, length)
    grids = _grid_counts(prefix, length)
    parties = community_selectors.party_organization_figures(prefix, length)
    workers = _counts_by(GridWorker.objects.filter(is_active=True), prefix, length, "employment")
    chiefs = _counts_by(ChiefAssignment.objects.filter(is_active=True), prefix, length, "kind")
    groups = set(communities) | set(grids) | set(parties) | set(workers) | set(chiefs)
    # The area's own figures: every group (children and rows attached to the area itself).
    own = _sum_figures([_figures(key, communities, grids, parties, workers, chiefs) for key in groups])
    if not own:
        own = _figures("", {}, {}, {}, {}, {})
    return area_statistics(area, own, lambda code: _figures(code, communities, grids, parties, workers, chiefs))
