"""The projects' entries of the portal's menu: No.1 projects, the dispatch reports, the trends, and the
assessment drop-down: the standardized branches' stars, rectification, the secretaries'
report-and-review and filing, and the service brands (whose pages lead to the showcase column)."""

from django.utils.translation import gettext_lazy as _

from jilin_grid.menus import above_grid, active_when, own_area_args, register_menu_entry, register_menu_group


def reviews_areas(scope) -> bool:
    """Users who review areas in the cockpit: a grant at a community or above (not a superuser's
    administration alone)."""
    return above_grid(scope) and not scope.is_superuser


def register() -> None:
    # The organization departments' cockpit: its icon leads the bar's icons (a labelled entry more
    # would fold the city's bar on a laptop), and every area page offers it by name. The portal's
    # administrators, whose bar holds the most, reach it from the area pages.
    register_menu_entry(
        "cockpit",
        _("Cockpit"),
        "projects:cockpit",
        order=115,
        icon="bi-speedometer2",
        visible=reviews_areas,
        active=active_when(prefixes=("cockpit",), app="projects"),
        icon_only=True,
    )
    register_menu_entry(
        "projects",
        _("No.1 projects"),
        "projects:project_list",
        order=80,
        icon="bi-award",
        visible=above_grid,
        active=active_when(prefixes=("project_", "attachment_"), app="projects"),
    )
    register_menu_entry(
        "reports",
        _("Reports"),
        "projects:report_list",
        order=90,
        icon="bi-file-earmark-text",
        visible=above_grid,
        active=active_when(prefixes=("report_",), app="projects"),
    )
    # The organization departments' evaluations, visited now and then: one drop-down keeps the
    # laptop's navbar one row, where an icon each no longer did.
    register_menu_group("assessment", _("Assessment"), order=82, icon="bi-star")
    register_menu_entry(
        "assessment",
        _("Standardized branches"),
        "projects:assessment_league",
        order=1,
        group="assessment",
        section=_("Branches"),
        icon="bi-star",
        visible=above_grid,
        active=active_when(prefixes=("assessment_",), app="projects"),
    )
    register_menu_entry(
        "rectification",
        _("Rectification"),
        "projects:rectification_list",
        order=2,
        group="assessment",
        section=_("Branches"),
        icon="bi-tools",
        visible=above_grid,
        active=active_when(prefixes=("rectification_",), app="projects"),
    )
    register_menu_entry(
        "reviews",
        _("Report-and-review"),
        "projects:review_round_list",
        order=3,
        group="assessment",
        section=_("Secretaries"),
        icon="bi-clipboard-check",
        visible=above_grid,
        active=active_when(prefixes=("review_", "secretary_report_"), app="projects"),
    )
    register_menu_entry(
        "filing",
        _("Secretaries' filing"),
        "projects:filing_list",
        order=4,
        group="assessment",
        section=_("Secretaries"),
        icon="bi-person-vcard",
        visible=above_grid,
        active=active_when(prefixes=("filing_",), app="projects"),
    )
    register_menu_entry(
        "brands",
        _("Service brands"),
        "projects:brand_round_list",
        order=5,
        group="assessment",
        section=_("Selection"),
        icon="bi-trophy",
        visible=above_grid,
        active=active_when(prefixes=("brand_", "showcase_"), app="projects"),
    )
    # The organization departments follow every figure month by month (the trends): their menu.
    register_menu_entry(
        "trends",
        _("Trends"),
        "projects:trends_area",
        order=84,
        args=own_area_args,
        icon="bi-graph-up",
        visible=organization_department,
        active=active_when(prefixes=("trends_",), app="projects"),
        icon_only=True,
    )

    # The map of an area and its ten-minute circles: a page of the grid network's drop-down, for
    # the community and the areas above it.
    register_menu_entry(
        "maps",
        _("Map and ten-minute circles"),
        "projects:map_home",
        order=60,
        group="network",
        icon="bi-map",
        visible=above_grid,
        active=active_when(prefixes=("map_",), app="projects"),
    )


def organization_department(scope) -> bool:
    """Superusers and the city's and districts' organization departments."""
    return scope.is_superuser or bool(scope.audit_codes)
