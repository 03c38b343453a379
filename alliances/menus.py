"""The alliances' entries of the portal's menu: the alliances, and the "Service" drop-down of the
in-service members' volunteering, the cadres sunk to communities, the red stations and family
stations, red-heart property, and the one-stop desk of the all-round social workers.

All of it but the campaigns of the all-round grids is kept by communities and the areas above them:
a grid worker's menu has none of it, because each page refuses a role whose areas are all grids (its
view's ``permits``, which the menu asks), and the menu never offers a page that would refuse. The
campaigns are a grid worker's work too (the household visits), so their entry stands in the bar.
"""

from django.utils.translation import gettext_lazy as _

from jilin_grid.menus import active_when, register_menu_entry, register_menu_group

VOLUNTEERING = _("In-service party members report to communities")
CADRES = _("Cadres sunk to communities")
STATIONS = _("Red stations and family stations")
PROPERTY = _("Red-heart property")
DESK = _("One-stop desk of all-round social workers")
CAMPAIGNS = _("All-round grids in an emergency")


def register() -> None:
    register_menu_entry(
        "alliances",
        _("Alliances"),
        "alliances:alliance_list",
        order=100,
        icon="bi-link-45deg",
        active=active_when(prefixes=("alliance_", "member_unit_"), app="alliances"),
    )
    register_menu_group("service", _("Service"), order=110, icon="bi-heart", testid="nav-volunteering")
    # (key, label, URL name, icon, the URL names of its pages: prefixes), section by section.
    sections = {
        VOLUNTEERING: [
            (
                "volunteering-figures",
                _("Volunteering figures"),
                "volunteering_home",
                "bi-bar-chart",
                ("volunteering_",),
            ),
            (
                "members",
                _("In-service party members"),
                "member_list",
                "",
                ("member_list", "member_create", "member_detail", "member_edit"),
            ),
            ("member-reports", _("Member reports"), "member_report_list", "", ("member_report_",)),
            ("service-posts", _("Service posts"), "service_post_list", "", ("service_post_", "post_claim_")),
            ("service-records", _("Service records"), "service_record_list", "", ("service_record_", "activity_")),
            ("service-by-unit", _("Service by work unit"), "volunteering_by_unit", "", ("volunteering_by_unit",)),
            (
                "member-import",
                _("Import members from Excel"),
                "member_import",
                "bi-file-earmark-arrow-up",
                ("member_import",),
            ),
        ],
        CADRES: [
            ("cadres-overview", _("Sinking overview"), "cadres_overview_home", "bi-bar-chart", ("cadres_overview",)),
            ("cadres", _("Sunk cadres"), "cadre_assignment_list", "", ("cadre_assignment_",)),
            ("duty-roster", _("Duty roster"), "cadre_roster", "", ("cadre_roster",)),
            ("checkpoints", _("Checkpoints"), "checkpoint_list", "", ("checkpoint_",)),
            ("departments", _("Departments"), "department_list", "", ("department_",)),
        ],
        STATIONS: [
            ("red-stations", _("Red stations"), "red_station_list", "bi-house-heart", ("red_station_",)),
            ("family-stations", _("Family stations"), "family_station_list", "", ("family_station_",)),
        ],
        PROPERTY: [
            ("property", _("Red-heart property"), "property_home", "bi-buildings", ("property_",)),
        ],
        DESK: [
            ("desk-cases", _("One-stop desk"), "desk_case_list", "bi-person-workspace", ("desk_case_",)),
            ("desk-matters", _("Service matters"), "desk_matter_list", "", ("desk_matter_",)),
            ("desk-workers", _("All-round social workers"), "desk_worker_list", "", ("desk_worker_",)),
            ("desk-figures", _("Desk figures"), "desk_figures", "bi-bar-chart", ("desk_figures",)),
        ],
        CAMPAIGNS: [
            ("campaigns", _("Campaigns of the all-round grids"), "campaign_list", "bi-shield-check", ("campaign_",)),
        ],
    }
    position = 0
    for section, entries in sections.items():
        for key, label, url_name, icon, pages in entries:
            position += 1
            excluding = ("volunteering_by_unit",) if key == "volunteering-figures" else ()
            register_menu_entry(
                key,
                label,
                f"alliances:{url_name}",
                order=position,
                group="service",
                section=section,
                icon=icon,
                active=active_when(prefixes=pages, app="alliances", excluding=excluding),
            )
