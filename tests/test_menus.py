"""Every menu entry as every role: what the menu offers opens, and so does every "Add" it leads to.

The menu is read from the HTML the user is shown (not from the registry), so an entry is checked
as it is seen; each page it leads to, and each form a page offers to add a record, answers 200 for
that role: no 500, no 404, no 403. A new entry or a new "Add" button is walked without a line of test.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from jilin_grid.menus import MENU_ENTRIES
from jilin_grid.views import ScopeMixin
from tests.menus import MENU_ROLES, add_links, build_role_city, menu_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return build_role_city()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def home_page(client) -> str:
    response = client.get(reverse("home"), follow=True)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("username", MENU_ROLES)
def test_every_menu_entry_and_every_add_form_opens_for_the_role(city, username):
    client = signed_in(city["users"][username])
    links = menu_links(home_page(client))
    assert links, f"{username} has no menu"
    assert len(links) == len(set(links)), links
    for link in links:
        response = client.get(link, follow=True)
        assert response.status_code == 200, (username, link, response.status_code)
        for add in add_links(response.content.decode()):
            assert client.get(add).status_code == 200, (username, link, add)


def test_the_grid_worker_menu_holds_their_daily_work_only(city):
    client = signed_in(city["users"]["gridworker"])
    html = home_page(client)
    grid = city["grid"].code
    assert menu_links(html) == [
        reverse(settings.AREA_PAGE_URL_NAME, args=[grid]),
        reverse("grids:building_list"),
        reverse("grids:chief_list"),
        reverse("grids:problem_list"),
        # An emergency's household visits and duty (全能网格) are a grid worker's work too.
        reverse("alliances:campaign_list"),
    ]
    assert f"{gettext('My grid')}</a>" in html
    # The pages of the community's work are not offered; reached directly, each says why (403).
    for name in ("alliances:volunteering_home", "alliances:cadres_overview_home"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        view_class = resolve(reverse(name)).func.view_class
        assert f'data-testid="refusal">{view_class.denied_message}<' in response.content.decode()
    # The list of residents' problems offers recording one, and the form opens with the grid to pick.
    problems = client.get(reverse("grids:problem_list")).content.decode()
    assert reverse("grids:problem_create") in add_links(problems)
    form = client.get(reverse("grids:problem_create")).context["form"]
    assert list(form.fields["grid"].queryset) == [city["grid"]]


def test_the_city_sees_every_entry_and_the_grid_worker_a_short_menu(city):
    html = home_page(signed_in(city["users"]["city"]))
    city_links = menu_links(html)
    for testid in ("problems", "projects", "reports", "alliances", "volunteering", "audit", "api-tokens"):
        assert f'data-testid="nav-{testid}"' in html  # the browser tests find the entries by them
    worker_links = menu_links(home_page(signed_in(city["users"]["gridworker"])))
    assert len(city_links) == len(MENU_ENTRIES)
    assert len(worker_links) <= 5 < len(city_links)


@pytest.mark.parametrize(
    ("username", "url_name"),
    [
        ("gridworker", "alliances:cadre_assignment_create"),
        ("gridworker", "alliances:checkpoint_create"),
        ("gridworker", "alliances:department_create"),
        ("gridworker", "grids:grid_create"),
        ("gridworker", "alliances:member_import"),
        ("nanshan", "alliances:department_create"),
        ("jiangnan", "alliances:department_create"),
    ],
)
def test_a_form_the_role_cannot_use_is_refused_saying_why_and_not_offered(city, username, url_name):
    client = signed_in(city["users"][username])
    response = client.get(reverse(url_name))
    assert response.status_code == 403
    refusal = response.content.decode()
    assert 'data-testid="refusal"' in refusal
    # In English too, through the catalogue.
    english = client.get(reverse(url_name), HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 403
    assert "area above it" in english.content.decode()
    # No page of the menu offers it.
    for link in menu_links(home_page(client)):
        page = client.get(link, follow=True).content.decode()
        assert reverse(url_name) not in add_links(page), (username, link)
        assert reverse(url_name) not in menu_links(page)


def test_the_api_client_has_no_menu(city):
    client = signed_in(city["users"]["api"])
    response = client.get(reverse("home"), follow=True)
    assert response.status_code == 403
    assert menu_links(response.content.decode()) == []


@pytest.mark.parametrize("code", ["2202", "220211", "220211001", "220211001001", "220211001001001"])
def test_every_url_naming_an_area_reverses_a_code_of_every_level(code):
    for name in (
        settings.AREA_PAGE_URL_NAME,
        "alliances:volunteering_area",
        "alliances:cadres_overview",
    ):
        assert code in reverse(name, args=[code])
    assert code in reverse("alliances:volunteering_form", args=[code, "report"])


def test_a_drop_down_holds_three_entries_or_more_and_secondary_entries_show_their_icon(city):
    from jilin_grid.menus import GROUP_MIN_ENTRIES, menu_for, register_menu_entry
    from jilin_grid.scope import get_scope

    # The city's grid network is one drop-down; the grid worker's two entries of it stand in the bar.
    city_menu = {item.key: item for item in menu_for(get_scope(city["users"]["city"]))}
    network = city_menu["network"]
    assert network.is_group and len(network.entries) >= GROUP_MIN_ENTRIES
    assert [entry.key for entry in network.entries] == ["grids", "buildings", "grid-workers", "chiefs", "maps"]
    worker_menu = menu_for(get_scope(city["users"]["gridworker"]))
    assert [item.key for item in worker_menu] == ["my-area", "buildings", "chiefs", "problems", "campaigns"]
    assert not any(item.is_group for item in worker_menu)

    # A secondary entry: its icon in the bar, its label as the tooltip and for screen readers.
    html = home_page(signed_in(city["users"]["city"]))
    for key, label in (("audit", gettext("Audit trail")), ("api-tokens", gettext("API tokens"))):
        assert city_menu[key].icon_only
        assert f'title="{label}" data-testid="nav-{key}"' in html
        assert f'<span class="nav-compact-label ms-1">{label}</span>' in html
    assert not city_menu["problems"].icon_only
    with pytest.raises(ValueError, match="icon"):
        register_menu_entry("iconless", "Iconless", "home", order=1, icon_only=True)


# The pages of the work kept by communities and the areas above them: a grid worker who types their
# address is refused, saying why, in either language; community staff open them.
COMMUNITY_UP_PAGES = [
    "alliances:alliance_list",
    "alliances:volunteering_home",
    "alliances:member_list",
    "alliances:member_report_list",
    "alliances:service_post_list",
    "alliances:service_record_list",
    "alliances:volunteering_by_unit",
    "alliances:member_import",
    "alliances:cadres_overview_home",
    "alliances:cadre_assignment_list",
    "alliances:cadre_roster",
    "alliances:checkpoint_list",
    "alliances:department_list",
    "alliances:red_station_list",
    "alliances:family_station_list",
    "alliances:property_home",
    "alliances:desk_case_list",
    "alliances:desk_matter_list",
    "alliances:desk_worker_list",
    "alliances:desk_figures",
    "projects:filing_list",
]


def denied_message(url: str, user, language: str) -> str:
    """The reason the page's view gives ``user`` for refusing them, in ``language``."""
    view = resolve(url).func.view_class()
    request = RequestFactory().get(url)
    request.user = user
    view.setup(request)
    with translation.override(language):
        return str(view.get_denied_message())


@pytest.mark.parametrize("url_name", COMMUNITY_UP_PAGES)
def test_a_community_page_refuses_a_grid_worker_saying_why_and_opens_for_community_staff(city, url_name):
    url = reverse(url_name)
    worker = city["users"]["gridworker"]
    client = signed_in(worker)
    for language in ("zh-hans", "en"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 403, (url, language)
        reason = escape(denied_message(url, worker, language))
        assert f'data-testid="refusal">{reason}<' in response.content.decode(), (url, language)
    # The page's own reason, not the generic one.
    with translation.override("en"):
        assert denied_message(url, worker, "en") != str(ScopeMixin.denied_message)
    assert signed_in(city["users"]["nanshan"]).get(url, follow=True).status_code == 200, url


@pytest.mark.parametrize("username", MENU_ROLES)
def test_the_alliances_menu_entries_are_offered_exactly_when_their_pages_open(city, username):
    client = signed_in(city["users"][username])
    offered = set(menu_links(home_page(client)))
    for entry in MENU_ENTRIES.values():
        if not entry.url_name.startswith("alliances:"):
            continue
        url = reverse(entry.url_name)
        status = client.get(url, follow=True).status_code
        assert status == (200 if url in offered else 403), (username, url, status)
