"""The grids' entries of the portal's menu: the "Grid network" drop-down and residents' problems.

A grid worker keeps their grid's buildings, chiefs and residents' problems current: those entries
are theirs; the lists of grids and grid workers are for the community and the areas above it.
"""

from django.utils.translation import gettext_lazy as _

from jilin_grid.menus import above_grid, active_when, register_menu_entry, register_menu_group


def register() -> None:
    # A grid worker sees two of its entries (buildings, chiefs): they stand in the bar by themselves.
    register_menu_group("network", _("Grid network"), order=20, icon="bi-grid-3x3-gap")
    register_menu_entry(
        "grids",
        _("Grids"),
        "grids:grid_list",
        order=20,
        group="network",
        icon="bi-grid-3x3",
        visible=above_grid,
        active=active_when(prefixes=("grid_",), app="grids", excluding=("grid_worker",)),
    )
    register_menu_entry(
        "buildings",
        _("Buildings"),
        "grids:building_list",
        order=30,
        group="network",
        icon="bi-building",
        active=active_when(prefixes=("building_", "unit_"), app="grids"),
    )
    register_menu_entry(
        "grid-workers",
        _("Grid workers"),
        "grids:grid_worker_list",
        order=40,
        group="network",
        icon="bi-people",
        visible=above_grid,
        active=active_when(prefixes=("grid_worker_",), app="grids"),
    )
    register_menu_entry(
        "chiefs",
        _("Chiefs"),
        "grids:chief_list",
        order=50,
        group="network",
        icon="bi-person-badge",
        active=active_when(prefixes=("chief_",), app="grids"),
    )
    register_menu_entry(
        "problems",
        _("Residents' problems"),
        "grids:problem_list",
        order=70,
        icon="bi-chat-square-text",
        active=active_when(prefixes=("problem_",), app="grids"),
    )
