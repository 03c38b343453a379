"""A grid worker's compounds: those holding a building of their grid, and no other.

Compounds belong to their community (their area code is the community's), so the plain prefix rule
would hide every compound from a grid worker; the compound's queryset lets them see, and choose,
the compounds their grid's buildings stand in, and nothing more.
"""

import pytest
from django.urls import reverse

from communities.tests.factories import CommunityFactory, user_with_grant
from grids.network.models import ResidentialCompound
from grids.problems.forms import ProblemRecordForm
from grids.tests.factories import BuildingFactory, CompoundFactory, GridFactory, ProblemCategoryFactory
from jilin_grid.scope import Role, get_scope
from jilin_grid.testing.api import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    community = CommunityFactory()
    grid = GridFactory(community=community, code=community.code + "001")
    neighbour = GridFactory(community=community, code=community.code + "002")
    ours = CompoundFactory(community=community, name="南山小区")
    shared = CompoundFactory(community=community, name="江湾小区")
    theirs = CompoundFactory(community=community, name="松江小区")
    empty = CompoundFactory(community=community, name="新建小区")
    elsewhere = CompoundFactory(community=CommunityFactory(), name="别处小区")
    BuildingFactory(grid=grid, compound=ours, name="1号楼")
    BuildingFactory(grid=grid, compound=ours, name="2号楼")
    BuildingFactory(grid=grid, compound=shared, name="3号楼")
    BuildingFactory(grid=neighbour, compound=shared, name="4号楼")
    BuildingFactory(grid=neighbour, compound=theirs, name="5号楼")
    BuildingFactory(grid=GridFactory(community=elsewhere.community), compound=elsewhere, name="6号楼")
    return {
        "community": community,
        "grid": grid,
        "neighbour": neighbour,
        "ours": ours,
        "shared": shared,
        "theirs": theirs,
        "empty": empty,
        "elsewhere": elsewhere,
        "worker": user_with_grant(grid.code, Role.GRID_WORKER),
    }


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def test_a_grid_worker_sees_the_compounds_of_their_grids_buildings_once(place):
    visible = ResidentialCompound.objects.visible_to(place["worker"])
    assert names(visible) == {"南山小区", "江湾小区"}
    assert visible.count() == 2  # two buildings of one compound list it once


def test_a_grid_worker_of_the_neighbouring_grid_sees_theirs(place):
    neighbour_worker = user_with_grant(place["neighbour"].code, Role.GRID_WORKER)
    assert names(ResidentialCompound.objects.visible_to(neighbour_worker)) == {"江湾小区", "松江小区"}


def test_community_staff_still_see_every_compound_of_their_community_only(place):
    staff = user_with_grant(place["community"].code, Role.COMMUNITY_STAFF)
    assert names(ResidentialCompound.objects.visible_to(staff)) == {"南山小区", "江湾小区", "松江小区", "新建小区"}


def test_a_grid_worker_may_not_write_their_grids_compounds(place):
    # Reading a compound does not make it theirs to edit: it belongs to the community.
    assert not get_scope(place["worker"]).can_write(place["ours"].scope_code)


def test_the_compound_picker_offers_a_grid_worker_their_grids_compounds(place, client):
    client.force_login(place["worker"])
    response = client.get(reverse("picker", args=["compound"]), {"grid": place["grid"].pk})
    assert response.status_code == 200
    assert {item["text"].split(" · ")[-1] for item in response.json()["results"]} == {"南山小区", "江湾小区"}
    searched = client.get(reverse("picker", args=["compound"]), {"q": "松江"}).json()["results"]
    assert searched == []


def test_the_problem_form_accepts_their_grids_compound_and_refuses_another(place):
    data = {
        "grid": place["grid"].pk,
        "description": "楼道灯坏了",
        "resident_name": "王大妈",
        "urgency": "normal",
    }
    form = ProblemRecordForm(data={**data, "compound": place["ours"].pk}, user=place["worker"])
    assert set(form.fields["compound"].queryset) == {place["ours"], place["shared"]}
    form.is_valid()
    assert "compound" not in form.errors
    refused = ProblemRecordForm(data={**data, "compound": place["theirs"].pk}, user=place["worker"])
    refused.is_valid()
    assert "compound" in refused.errors


def test_through_the_api_a_grid_worker_reads_their_grids_compounds_and_may_not_change_them(place):
    client = api_client(place["worker"])
    response = client.get(reverse("compound-list"))
    assert response.status_code == 200
    assert {row["name"] for row in response.data["results"]} == {"南山小区", "江湾小区"}
    assert client.get(reverse("compound-detail", args=[place["theirs"].pk])).status_code == 404
    refused = client.patch(reverse("compound-detail", args=[place["ours"].pk]), {"name": "改名"}, format="json")
    assert refused.status_code == 403
    assert ResidentialCompound.objects.get(pk=place["ours"].pk).name == "南山小区"


def test_through_the_api_a_grid_worker_records_a_problem_in_their_grids_compound(place):
    client = api_client(place["worker"])
    payload = {
        "grid": place["grid"].pk,
        "category": ProblemCategoryFactory().pk,
        "description": "楼道灯坏了",
        "resident_name": "王大妈",
        "compound": place["ours"].pk,
    }
    response = client.post(reverse("problem-list"), payload, format="json")
    assert response.status_code == 201, response.data
    assert response.data["compound"] == place["ours"].pk
    # Another grid's compound is not theirs to see: refused as if it did not exist.
    refused = client.post(reverse("problem-list"), {**payload, "compound": place["theirs"].pk}, format="json")
    assert refused.status_code == 400 and "compound" in refused.data


def test_a_compound_of_the_community_does_not_let_a_worker_write_another_grid(place):
    # The grid is what is written: a compound seen through their grid does not open the neighbour's.
    payload = {
        "grid": place["neighbour"].pk,
        "category": ProblemCategoryFactory().pk,
        "description": "楼道灯坏了",
        "resident_name": "王大妈",
        "compound": place["shared"].pk,
    }
    response = api_client(place["worker"]).post(reverse("problem-list"), payload, format="json")
    assert response.status_code == 400 and "grid" in response.data
