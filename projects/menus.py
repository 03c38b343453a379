"""The projects' entries of the portal's menu: No.1 projects, the dispatch reports and the service
brands (whose pages lead to the showcase column) and the standardized branches' stars."""

from django.utils.translation import gettext_lazy as _

from jilin_grid.menus import above_grid, active_when, register_menu_entry


def register() -> None:
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
    register_menu_entry(
        "brands",
        _("Service brands"),
        "projects:brand_round_list",
        order=85,
        icon="bi-trophy",
        # A page the organization departments visit now and then: its icon, beside the audit
        # trail's and the API tokens', keeps the laptop's navbar one row (label as tooltip).
        icon_only=True,
        visible=above_grid,
        active=active_when(prefixes=("brand_", "showcase_"), app="projects"),
    )
    register_menu_entry(
        "assessment",
        _("Standardized branches"),
        "projects:assessment_league",
        order=82,
        icon="bi-star",
        # Visited now and then, like the brands: its icon keeps the laptop's navbar one row.
        icon_only=True,
        visible=above_grid,
        active=active_when(prefixes=("assessment_", "review_", "secretary_report_"), app="projects"),
    )
    register_menu_entry(
        "filing",
        _("Secretaries' filing"),
        "projects:filing_list",
        order=83,
        icon="bi-person-vcard",
        # Visited now and then, like the standardized branches: its icon keeps the navbar one row.
        icon_only=True,
        visible=above_grid,
        active=active_when(prefixes=("filing_",), app="projects"),
    )
    register_menu_entry(
        "rectification",
        _("Rectification"),
        "projects:rectification_list",
        order=83,
        icon="bi-tools",
        # Visited now and then, like the standardized branches: its icon keeps the laptop's navbar one row.
        icon_only=True,
        visible=above_grid,
        active=active_when(prefixes=("rectification_",), app="projects"),
    )
