"""Where a problem is, as its page and the list read it: the grid, the compound (its building's when
none was recorded), the building and the unit; and the resident's phone a tap dials."""

from __future__ import annotations

import pytest
from django.urls import reverse

from communities.tests.factories import CommunityFactory, user_with_grant
from grids.problems import services
from grids.problems.models import ResidentProblem
from grids.tests.factories import BuildingFactory, CompoundFactory, GridFactory, ProblemCategoryFactory, UnitFactory
from jilin_grid.scope import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def problem():
    community = CommunityFactory()
    grid = GridFactory(community=community, code=community.code + "001", name="南山第一网格")
    building = BuildingFactory(grid=grid, compound=CompoundFactory(community=community, name="康宁花园"), name="3号楼")
    problem = services.problem_record(
        grid=grid,
        category=ProblemCategoryFactory(),
        description="楼道灯不亮",
        resident_name="王大妈",
        resident_phone="13912345678",
        unit=UnitFactory(building=building, number=2),
    )
    return problem


def test_the_place_names_the_buildings_compound_when_the_problem_has_none(problem, client):
    ResidentProblem.objects.filter(pk=problem.pk).update(compound=None)  # as recorded before pickers offered it
    client.force_login(user_with_grant(problem.grid.code, Role.GRID_WORKER))
    page = client.get(reverse("grids:problem_detail", args=[problem.pk])).content.decode()
    assert "南山第一网格 · 康宁花园 3号楼 · 2单元" in page
    listed = client.get(reverse("grids:problem_list")).content.decode()
    assert "南山第一网格 · 康宁花园 3号楼 · 2单元" in listed


def test_the_residents_phone_is_a_tel_link_for_the_worker_and_masked_text_for_the_district(problem, client):
    client.force_login(user_with_grant(problem.grid.code, Role.GRID_WORKER))
    page = client.get(reverse("grids:problem_detail", args=[problem.pk])).content.decode()
    assert 'href="tel:13912345678"' in page
    listed = client.get(reverse("grids:problem_list")).content.decode()
    assert listed.count('href="tel:13912345678"') == 2  # the phone's card and the desktop's table
    client.force_login(user_with_grant(problem.area_code[:6], Role.DISTRICT_ORG_DEPT))
    for url in (reverse("grids:problem_detail", args=[problem.pk]), reverse("grids:problem_list")):
        content = client.get(url).content.decode()
        assert "139****5678" in content and "tel:" not in content
