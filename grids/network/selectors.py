"""Reads of the grid network and the organization-network statistics of any area.

The figures of an area are rolled up from below by grouping every table on the prefix of its
area code: one query per table, whatever the size of the city.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db.models import Count

from communities import selectors as community_selectors
from communities.choices import AreaLevel, PartyOrganizationKind, level_of
from communities.selectors import Area
from jilin_grid.aggregates import rollup
from jilin_grid.scope import Scope

from .choices import ChiefKind, Employment
from .models import ChiefAssignment, Grid, GridWorker


class AreaNotFound(Exception):
    """No area with this code, or the user may not see it."""


def area_get(code: str) -> Area | None:
    """Any area of the tree by its code, from the city down to a grid."""
    if level_of(code) == AreaLevel.GRID:
        row = Grid.objects.filter(code=code).values("name", "is_active").first()
        if row is None:
            return None
        ancestors = community_selectors.ancestor_codes(code)
        names = community_selectors.area_names(ancestors)
        return Area(
            code=code,
            name=row["name"],
            level=AreaLevel.GRID,
            ancestors=tuple((c, names.get(c, c)) for c in ancestors),
            is_active=row["is_active"],
        )
    return community_selectors.administrative_area_get(code)


def area_get_visible(code: str | None, scope: Scope) -> Area:
    """The area a user asked for (default: their own), or AreaNotFound when it is outside their scope."""
    code = code or scope.home_code(settings.CITY_CODE)
    if scope.is_empty or not scope.covers(code):
        raise AreaNotFound(code)
    area = area_get(code)
    if area is None:
        raise AreaNotFound(code)
    return area


def area_children(area: Area) -> list[tuple[str, str]]:
    """(code, name) of an area's direct children; a community's children are its grids."""
    if area.level == AreaLevel.COMMUNITY:
        return list(Grid.objects.in_area(area.code).filter(is_active=True).order_by("code").values_list("code", "name"))
    return community_selectors.administrative_children(area)


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
    children = area_children(area)
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
    children_rows = [
        {
            "area": {"code": code, "name": name, "level": level_of(code).value},
            **_figures(code, communities, grids, parties, workers, chiefs),
        }
        for code, name in children
    ]
    return {"area": area.as_dict(), **own, "children": children_rows}
