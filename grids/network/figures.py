"""The organization network's figures for the cockpit (``jilin_grid/figures.py``): today's
network, read from the kept counts as ``/api/stats/organization-network/`` reads it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jilin_grid.figures import HIGHER, NEUTRAL, Family, Figure, Period, list_link, register_family

from .selectors import organization_network


def read(area, period: Period) -> dict:
    """Today's network (it is a state, not a period's activity)."""
    return organization_network(area)


FAMILY = Family(
    name="network",
    label=_("Organization network"),
    read="grids.network.figures.read",
    in_period=False,
    order=10,
    figures=(
        Figure("communities", _("Communities"), ("communities",), better=NEUTRAL),
        Figure("grids", _("Grids"), ("grids",), better=NEUTRAL, link=list_link("grids:grid_list")),
        Figure(
            "grid_party_organizations",
            _("Grid party organizations"),
            ("grid_party_organizations",),
            better=HIGHER,
        ),
        Figure(
            "grid_workers",
            _("Grid workers"),
            ("grid_workers",),
            better=HIGHER,
            link=list_link("grids:grid_worker_list"),
        ),
        Figure(
            "grid_chiefs",
            _("Grid chiefs"),
            ("chiefs", "grid"),
            better=HIGHER,
            link=list_link("grids:chief_list", kind="grid"),
        ),
        Figure("party_members", _("Party members"), ("party_members",), better=NEUTRAL),
    ),
)


def register() -> None:
    register_family(FAMILY)
