"""Pickers: choice fields stay usable at any size of the user's area. Few choices are listed;
more are searched through ``/pickers/<name>/``, inside the user's area, and a field follows the
one it depends on."""

import re

import pytest
from django.urls import reverse

from communities.tests.factories import CommunityFactory, user_with_grant
from grids.tests.factories import BuildingFactory, CompoundFactory, GridFactory, ProblemCategoryFactory, UnitFactory
from jilin_grid.scope import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    community = CommunityFactory(name="福泽社区")
    grids = [GridFactory(community=community, name=f"第{n}网格") for n in (1, 2)]
    compound = CompoundFactory(community=community, name="江城花园")
    buildings = [BuildingFactory(grid=grids[0], compound=compound, name=name) for name in ("10号楼", "2号楼", "1号楼")]
    BuildingFactory(grid=grids[1], name="5号楼")
    UnitFactory(building=buildings[2], number=2)
    UnitFactory(building=buildings[2], number=1)
    elsewhere = BuildingFactory(name="外区1号楼")
    staff = user_with_grant(community.code, Role.COMMUNITY_STAFF, username="shequ")
    return {"community": community, "grids": grids, "buildings": buildings, "elsewhere": elsewhere, "staff": staff}


def picked(client, name, **params):
    response = client.get(reverse("picker", args=[name]), params)
    assert response.status_code == 200, response.content
    return [item["text"] for item in response.json()["results"]]


def test_a_search_finds_records_inside_the_area_only(client, town):
    client.force_login(town["staff"])
    assert picked(client, "building", q="1") == ["江城花园 1号楼", "江城花园 10号楼"]
    assert picked(client, "building", q="江城 1号") == ["江城花园 1号楼"]
    assert "外区1号楼" not in picked(client, "building")
    assert picked(client, "grid", q="第2") == ["福泽社区 · 第2网格"]


def test_buildings_follow_their_grid_and_sort_as_people_count_them(client, town):
    client.force_login(town["staff"])
    first, second = town["grids"]
    assert picked(client, "building", grid=first.pk) == ["江城花园 1号楼", "江城花园 2号楼", "江城花园 10号楼"]
    assert picked(client, "building", grid=second.pk) == ["5号楼"]
    assert picked(client, "compound", grid=first.pk) == ["福泽社区 · 江城花园"]
    assert picked(client, "unit", building=town["buildings"][2].pk) == ["江城花园 1号楼 1单元", "江城花园 1号楼 2单元"]


def test_a_grid_of_another_area_names_nothing(client, town):
    client.force_login(town["staff"])
    assert picked(client, "building", grid=town["elsewhere"].grid_id) == []


def test_a_filter_that_is_not_a_number_is_refused_beside_it(client, town):
    client.force_login(town["staff"])
    response = client.get(reverse("picker", args=["building"]), {"grid": "三"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "grid" in response.json()["errors"]
    assert response.json()["errors"]["grid"] == ["“三”不是记录的编号。"]
    response = client.get(reverse("picker", args=["building"]), {"grid": "三"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "is not the number of a record" in response.json()["errors"]["grid"][0]


def test_many_matches_say_there_are_more(client, town):
    for n in range(31):
        BuildingFactory(grid=town["grids"][1], name=f"{n + 100}号楼")
    client.force_login(town["staff"])
    response = client.get(reverse("picker", args=["building"]), {"q": "号楼"})
    assert len(response.json()["results"]) == 30
    assert response.json()["more"] is True
    # The buildings of one grid are listed whole, as a drop-down would.
    response = client.get(reverse("picker", args=["building"]), {"grid": town["grids"][1].pk})
    assert (len(response.json()["results"]), response.json()["more"]) == (32, False)


def test_only_signed_in_users_pick_and_only_what_is_registered(client, town):
    assert client.get(reverse("picker", args=["building"])).status_code == 302
    client.force_login(town["staff"])
    assert client.get(reverse("picker", args=["nothing"])).status_code == 404


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="(\d+)"', select)


def test_a_form_lists_few_choices_and_searches_many(client, town, settings, django_assert_max_num_queries):
    ProblemCategoryFactory()
    client.force_login(town["staff"])
    html = client.get("/problems/new/").content.decode()
    assert len(options(html, "building")) == 4
    assert 'data-picker-search="1"' not in html
    settings.PICKER_INLINE_LIMIT = 2
    html = client.get("/problems/new/").content.decode()
    assert options(html, "building") == []  # searched in the browser
    assert 'name="building"' in html and 'data-picker-search="1"' in html
    chosen = town["buildings"][0]
    html = client.get(f"/problems/new/?building={chosen.pk}").content.decode()
    assert options(html, "building") in ([], [str(chosen.pk)])


@pytest.mark.parametrize("buildings", [5, 50])
def test_the_problem_form_costs_the_same_whatever_the_number_of_buildings(
    client, town, settings, buildings, django_assert_num_queries
):
    settings.PICKER_INLINE_LIMIT = 3
    ProblemCategoryFactory()
    for n in range(buildings):
        UnitFactory(building=BuildingFactory(grid=town["grids"][1], name=f"{n + 20}号楼"))
    client.force_login(town["staff"])
    client.get("/problems/new/")
    # Session, user, grants; grids twice, categories, compounds twice, counts; the navbar bell's unread count.
    with django_assert_num_queries(12):
        response = client.get("/problems/new/")
    assert len(response.content) < 60_000
    assert "20号楼" not in response.content.decode()


def test_a_list_filters_by_a_community_searched_when_the_area_has_many(client, settings):
    from communities.tests.factories import StreetFactory

    street = StreetFactory(name="江南街道")
    communities = [CommunityFactory(street=street, name=name) for name in ("南山社区", "北山社区", "东山社区")]
    GridFactory(community=communities[0], name="南山第1网格")
    GridFactory(community=communities[1], name="北山第1网格")
    StreetFactory()  # another street's communities are not offered
    CommunityFactory(name="外区南山社区")
    client.force_login(user_with_grant(street.code, Role.STREET_STAFF))
    html = client.get("/grids/").content.decode()
    assert len(options(html, "community")) == 3 and "外区南山社区" not in html
    settings.PICKER_INLINE_LIMIT = 2
    html = client.get("/grids/").content.decode()
    assert options(html, "community") == [] and 'data-picker-search="1"' in html
    assert picked(client, "community", q="南山") == ["江南街道 · 南山社区"]
    chosen = client.get("/grids/", {"community": communities[0].pk}).content.decode()
    assert "南山第1网格" in chosen and "北山第1网格" not in chosen
