"""The grid worker's home page: three big buttons (record a problem, my to-do, my grid) with their
counts, in a fixed number of queries; other roles keep landing on their area's page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.tests.factories import CommunityFactory, user_with_grant
from grids.problems import services
from grids.tests.factories import GridFactory, ProblemCategoryFactory
from jilin_grid.scope import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    community = CommunityFactory()
    grid = GridFactory(community=community, code=community.code + "001", name="南山第一网格")
    neighbour = GridFactory(community=community, code=community.code + "002", name="南山第二网格")
    worker = user_with_grant(grid.code, Role.GRID_WORKER)
    return {
        "community": community,
        "grid": grid,
        "neighbour": neighbour,
        "worker": worker,
        "category": ProblemCategoryFactory(name="物业管理", response_days=7),
    }


def make_problems(place, times: int) -> None:
    """Per ``times``: two open problems the worker recorded in their grid (one past its deadline),
    one they recorded and escalated to the community, one resolved (awaiting the evaluation), and one
    of the neighbouring grid."""
    category, grid, worker = place["category"], place["grid"], place["worker"]
    old = timezone.now() - timedelta(days=10)
    for _ in range(times):
        services.problem_record(
            grid=grid, category=category, description="楼道灯不亮", resident_name="王大妈", actor=worker
        )
        services.problem_record(
            grid=grid, category=category, description="垃圾未清", resident_name="李大爷", actor=worker, recorded_at=old
        )
        escalated = services.problem_record(
            grid=grid, category=category, description="路面塌陷", resident_name="赵师傅", actor=worker
        )
        services.problem_escalate(problem=escalated, reason="网格解决不了")
        resolved = services.problem_record(grid=grid, category=category, description="漏水", resident_name="孙阿姨")
        services.problem_accept(problem=resolved)
        services.problem_resolve(problem=resolved, resolution="已修好")
        services.problem_record(grid=place["neighbour"], category=category, description="别处", resident_name="周先生")


def count(html: str, testid: str) -> int:
    match = re.search(rf'data-testid="{testid}">(\d+)<', html)
    assert match, testid
    return int(match.group(1))


@pytest.mark.parametrize("times", [1, 10])
def test_the_worker_home_shows_the_buttons_and_counts_in_fixed_queries(place, client, times, django_assert_num_queries):
    make_problems(place, times)
    client.force_login(place["worker"])
    # Session, user, grants, the worker's grids, one aggregate of the problems and the bell's count.
    with django_assert_num_queries(6):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("grids:problem_create")}"' in html
    assert f'href="{reverse("grids:problem_list")}?queue=holding"' in html
    assert f'href="{reverse("grids:area_detail", args=[place["grid"].code])}"' in html
    assert "南山第一网格" in html and "南山第二网格" not in html
    # Held at the grid and open: the two recorded there (not the escalated one, not the resolved one).
    assert count(html, "home-todo-count") == 2 * times
    assert re.search(rf'data-testid="home-overdue-count">{times}\D', html)
    # Recorded by the worker and still open: the two in the grid and the one escalated.
    assert count(html, "home-mine-count") == 3 * times


def test_the_home_buttons_lead_to_pages_the_worker_may_use(place, client):
    client.force_login(place["worker"])
    for path in (
        reverse("grids:problem_create"),
        f"{reverse('grids:problem_list')}?queue=holding",
        reverse("grids:area_detail", args=[place["grid"].code]),
    ):
        assert client.get(path).status_code == 200, path


def test_without_overdue_problems_no_overdue_badge(place, client):
    client.force_login(place["worker"])
    html = client.get(reverse("home")).content.decode()
    assert count(html, "home-todo-count") == 0
    assert 'data-testid="home-overdue-count"' not in html


def test_community_staff_still_land_on_their_area_page(place, client):
    client.force_login(user_with_grant(place["community"].code, Role.COMMUNITY_STAFF))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("grids:area_detail", args=[place["community"].code])


def test_a_worker_who_is_also_community_staff_lands_on_the_community_page(place, client):
    user = place["worker"]
    user.area_grants.create(area_code=place["community"].code, role=Role.COMMUNITY_STAFF)
    client.force_login(user)
    assert client.get(reverse("home"))["Location"] == reverse("grids:area_detail", args=[place["community"].code])
