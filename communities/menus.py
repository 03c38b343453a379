"""The communities' entries of the portal's menu: party organizations and the API tokens."""

from django.utils.translation import gettext_lazy as _

from jilin_grid.menus import above_grid, active_when, register_menu_entry


def register() -> None:
    register_menu_entry(
        "party-organizations",
        _("Party organizations"),
        "communities:party_organization_list",
        order=60,
        icon="bi-flag",
        visible=above_grid,
        active=active_when(prefixes=("party_organization_",), app="communities"),
    )
    # Shown to the administrators of the portal's accounts: the page's own rule decides.
    register_menu_entry(
        "api-tokens",
        _("API tokens"),
        "communities:api_token_list",
        order=130,
        icon="bi-key",
        active=active_when(prefixes=("api_token_",), app="communities"),
        icon_only=True,
    )
