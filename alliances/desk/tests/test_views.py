"""Pages of the one-stop desk: the catalogue (read by communities, edited by district staff), the desk's
new-case form with its matter picker and materials checklist, the case page and its steps (refusals
shown again beside the field, 400), the case list's filters and masking, the figures page, and the
roles that may use them."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliances.desk import services
from alliances.desk.choices import CaseStatus, ServiceMode, WorkerPost
from alliances.desk.models import Case, Matter, SocialWorker
from communities.tests.factories import AreaGrantFactory, CommunityFactory, user_with_grant
from grids.tests.factories import GridFactory, ProblemCategoryFactory
from jilin_grid.scope import Role
from jilin_grid.testing.views import ViewTestCases, table_html

from .factories import MatterFactory, SocialWorkerFactory, accept, matter_for

pytestmark = pytest.mark.django_db


class TestSocialWorkerViews(ViewTestCases.ListViewTests, ViewTestCases.EditViewTests, ViewTestCases.CreateViewTests):
    model = SocialWorker
    url_prefix = "alliances:desk_worker"

    def make_object(self, grid):
        return SocialWorkerFactory(community=grid.community)

    def label(self, obj) -> str:
        return obj.person.name

    def create_data(self):
        matter = matter_for(self.world.community)
        return {"community": self.world.community.pk, "name": "张丽", "phone": "13800001111",
                "posts": [WorkerPost.CIVIL_AFFAIRS, WorkerPost.ELDERLY], "matters": [matter.pk]}  # fmt: skip

    def created(self):
        return SocialWorker.objects.filter(person__name="张丽", matters__isnull=False)

    def update_data(self, obj):
        return {"posts": [WorkerPost.HEALTH], "matters": [matter_for(obj.community).pk]}

    def assert_updated(self, obj):
        assert obj.posts == [WorkerPost.HEALTH] and obj.matters.count() == 1


@pytest.fixture
def place():
    community = CommunityFactory()
    grid = GridFactory(community=community)
    matter = matter_for(community, name="居住证明")
    worker = SocialWorkerFactory(community=community)
    return community, grid, matter, worker


def signed_in(client, code, role):
    client.force_login(user_with_grant(code, role))
    return client


def matter_data(**changes):
    data = {
        "name": "老年人优待证办理",
        "mode": ServiceMode.ONE_STOP,
        "time_limit_days": "10",
        "description": "",
        "required_materials": "居民身份证\n近期一寸免冠照片",
        "optional_materials": "户口簿",
        "steps": "受理\n审核\n制证\n发放",
    }
    data.update(changes)
    return data


def test_communities_read_the_catalogue_and_district_staff_edit_it(client, place):
    community, _grid, matter, _worker = place
    signed_in(client, community.code, Role.COMMUNITY_STAFF)
    listed = client.get(reverse("alliances:desk_matter_list"))
    assert "居住证明" in table_html(listed)
    assert reverse("alliances:desk_matter_edit", args=[matter.pk]) not in listed.content.decode()
    page = client.get(reverse("alliances:desk_matter_detail", args=[matter.pk])).content.decode()
    assert "户口簿" in page and 'data-testid="take-matter"' in page and 'data-testid="edit-matter"' not in page
    assert client.get(reverse("alliances:desk_matter_edit", args=[matter.pk])).status_code == 403
    assert client.get(reverse("alliances:desk_matter_create")).status_code == 403
    signed_in(client, community.code[:6], Role.DISTRICT_ORG_DEPT)
    assert (
        'data-testid="edit-matter"'
        in client.get(reverse("alliances:desk_matter_detail", args=[matter.pk])).content.decode()
    )
    response = client.post(
        reverse("alliances:desk_matter_edit", args=[matter.pk]), matter_data(name="居住证明", steps="受理\n出具证明")
    )
    assert response.status_code == 302
    assert [s.name for s in Matter.objects.get(pk=matter.pk).steps.all()] == ["受理", "出具证明"]


def test_a_matter_without_a_required_material_is_refused_beside_the_field(client, place):
    community = place[0]
    district = community.code[:6]
    signed_in(client, district, Role.DISTRICT_ORG_DEPT)
    url = reverse("alliances:desk_matter_create")
    response = client.post(url, matter_data(area_code=district, required_materials=""))
    assert response.status_code == 400
    assert 'data-field="required_materials"' in response.content.decode()
    assert "老年人优待证办理" in response.content.decode()  # the input is kept
    response = client.post(url, matter_data(area_code=district))
    assert response.status_code == 302
    matter = Matter.objects.get(name="老年人优待证办理")
    assert [(m.name, m.required) for m in matter.materials.all()] == [
        ("居民身份证", True), ("近期一寸免冠照片", True), ("户口簿", False),
    ]  # fmt: skip


def test_the_desk_picks_a_matter_then_shows_its_materials_as_a_checklist(client, place):
    community, grid, matter, worker = place
    elsewhere = MatterFactory(name="别区事项")
    signed_in(client, community.code, Role.COMMUNITY_STAFF)
    url = reverse("alliances:desk_case_create")
    picker = client.get(url).content.decode()
    assert "居住证明" in picker and "别区事项" not in picker
    assert client.get(url, {"matter": elsewhere.pk}).status_code == 404
    form = client.get(url, {"matter": matter.pk}).content.decode()
    assert 'data-testid="materials-checklist"' in form
    for material in matter.materials.all():
        assert material.name in form
    required = [m.pk for m in matter.materials.filter(required=True)]
    data = {"matter": matter.pk, "community": community.pk, "worker": worker.pk, "resident_name": "李大姐",
            "resident_phone": "13912345678", "grid": grid.pk}  # fmt: skip
    refused = client.post(url, {**data, "materials": required[:1]})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert 'data-field="materials"' in body and "户口簿" in body and "李大姐" in body
    assert not Case.objects.exists()
    response = client.post(url, {**data, "materials": required})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("alliances:desk_case_detail", args=[case.pk])
    assert case.grid == grid and case.due_on == timezone.localdate() + timedelta(days=matter.time_limit_days)


def test_the_case_page_takes_its_steps_in_order_and_shows_a_refusal_beside_the_field(client, place):
    community, grid, matter, worker = place
    case = accept(community, matter=matter, worker=worker, grid=grid)
    signed_in(client, community.code, Role.COMMUNITY_STAFF)
    page_url = reverse("alliances:desk_case_detail", args=[case.pk])
    page = client.get(page_url).content.decode()
    assert 'data-step="advance"' in page and 'data-step="finish"' not in page
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    refused = client.post(
        reverse("alliances:desk_case_step", args=[case.pk, "advance"]), {"done_on": future, "note": "已核实"}
    )
    assert refused.status_code == 400
    body = refused.content.decode()
    assert 'data-field="done_on"' in body and "已核实" in body and 'id="step-advance"' in body
    assert not case.steps.filter(done_on__isnull=False).exists()
    for _ in range(3):
        assert client.post(reverse("alliances:desk_case_step", args=[case.pk, "advance"]), {}).status_code == 302
    page = client.get(page_url).content.decode()
    assert 'data-step="finish"' in page and 'data-step="advance"' not in page
    assert client.post(reverse("alliances:desk_case_step", args=[case.pk, "finish"]), {}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.FINISHED
    assert 'data-testid="steps"' not in client.get(page_url).content.decode()


def test_a_case_becomes_a_problem_from_its_page(client, place):
    community, grid, matter, worker = place
    case = accept(community, matter=matter, worker=worker, grid=grid)
    signed_in(client, community.code, Role.COMMUNITY_STAFF)
    url = reverse("alliances:desk_case_step", args=[case.pk, "escalate"])
    refused = client.post(url, {"category": ProblemCategoryFactory().pk, "description": ""})
    assert refused.status_code == 400 and 'data-field="description"' in refused.content.decode()
    assert client.post(url, {"category": ProblemCategoryFactory().pk, "description": "楼上漏水"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ESCALATED
    page = client.get(reverse("alliances:desk_case_detail", args=[case.pk])).content.decode()
    assert reverse("grids:problem_detail", args=[case.problem_id]) in page


def test_the_case_list_filters_by_state_mode_worker_and_overdue(client, place):
    community, _grid, matter, worker = place
    today = timezone.localdate()
    late = accept(community, matter=matter, worker=worker, accepted_on=today - timedelta(days=10), resident_name="逾期")
    menu = matter_for(community, mode=ServiceMode.MENU, name="家电维修上门")
    other_worker = SocialWorkerFactory(community=community)
    fresh = accept(community, matter=menu, worker=other_worker, resident_name="新办")
    for _ in range(3):
        services.case_advance(case=fresh)
    services.case_finish(case=fresh)
    signed_in(client, community.code, Role.COMMUNITY_STAFF)
    url = reverse("alliances:desk_case_list")

    def shown(**query):
        table = table_html(client.get(url, query))
        return {name for name in ("逾期", "新办") if name in table}

    assert shown() == {"逾期", "新办"}
    assert shown(overdue="true") == {"逾期"}
    assert shown(status=CaseStatus.FINISHED) == {"新办"}
    assert shown(mode=ServiceMode.MENU) == {"新办"}
    assert shown(worker=worker.pk) == {"逾期"}
    assert "139****5678" not in table_html(client.get(url))
    signed_in(client, community.code[:6], Role.DISTRICT_ORG_DEPT)
    assert "139****5678" in table_html(client.get(url))
    assert late.resident_phone == "13912345678"


def test_the_figures_page_shows_the_areas_figures(client, place):
    community, _grid, matter, worker = place
    accept(community, matter=matter, worker=worker, accepted_on=timezone.localdate() - timedelta(days=9))
    accept(CommunityFactory(), accepted_on=timezone.localdate())
    signed_in(client, community.code[:6], Role.DISTRICT_ORG_DEPT)
    page = client.get(reverse("alliances:desk_figures")).content.decode()
    assert 'data-figure="taken">1<' in page and 'data-figure="overdue">1<' in page
    assert client.get(reverse("alliances:desk_figures"), {"area": CommunityFactory().code}).status_code == 404
    bad = client.get(reverse("alliances:desk_figures"), {"from": "2020-99-01"})
    assert bad.status_code == 200 and "YYYY-MM-DD" in bad.content.decode()


def test_the_figures_page_lists_the_social_workers_in_pages(client, place, monkeypatch):
    community, _grid, matter, _worker = place
    monkeypatch.setattr("alliances.desk.views.WORKERS_PER_PAGE", 2)
    day = timezone.localdate() - timedelta(days=3)
    for index in range(5):  # worker 0 takes five cases, worker 4 one
        worker = SocialWorkerFactory(community=community)
        for _ in range(5 - index):
            accept(community, matter=matter, worker=worker, accepted_on=day)
    signed_in(client, community.code[:6], Role.DISTRICT_ORG_DEPT)
    url = reverse("alliances:desk_figures")

    def workers(response):
        taken = r'<td class="text-end">(\d+)</td><td class="text-end">\d+</td><td class="text-end">\d+</td>'
        return [int(cell) for cell in re.findall(taken, table_html(response, "by-worker"))]

    first = client.get(url)
    assert workers(first) == [5, 4]
    assert "5 名社工办理过事项" in first.content.decode()
    assert workers(client.get(url, {"page": 2})) == [3, 2]
    assert workers(client.get(url, {"page": 9})) == [1]  # past the last: the last
    assert workers(client.get(url, {"page": "x"})) == [5, 4]


@pytest.mark.parametrize("url_name", ["desk_case_list", "desk_matter_list", "desk_worker_list", "desk_figures",
                                      "desk_case_create"])  # fmt: skip
def test_the_desk_refuses_a_grid_worker_and_a_reader_cannot_take_cases(client, place, url_name):
    community, grid, _matter, _worker = place
    signed_in(client, grid.code, Role.GRID_WORKER)
    assert client.get(reverse(f"alliances:{url_name}")).status_code == 403
    signed_in(client, community.code[:6], Role.DISTRICT_ORG_DEPT)
    assert client.get(reverse(f"alliances:{url_name}")).status_code == 200


def test_a_case_outside_the_area_is_not_found_and_a_reader_takes_no_step(client, place):
    community, _grid, matter, worker = place
    case = accept(community, matter=matter, worker=worker)
    signed_in(client, CommunityFactory().code, Role.COMMUNITY_STAFF)
    assert client.get(reverse("alliances:desk_case_detail", args=[case.pk])).status_code == 404
    assert client.post(reverse("alliances:desk_case_step", args=[case.pk, "advance"]), {}).status_code == 404
    viewer = user_with_grant(CommunityFactory().code, Role.COMMUNITY_STAFF)
    AreaGrantFactory(user=viewer, area_code=community.code, role=Role.API_READER)
    client.force_login(viewer)
    assert (
        'data-testid="steps"' not in client.get(reverse("alliances:desk_case_detail", args=[case.pk])).content.decode()
    )
    assert client.post(reverse("alliances:desk_case_step", args=[case.pk, "advance"]), {}).status_code == 403


def test_the_desks_lists_and_figures_cost_the_same_whatever_the_number_of_records(client, place):
    community, grid, matter, worker = place
    accept(community, matter=matter, worker=worker, grid=grid)
    signed_in(client, community.code, Role.COMMUNITY_STAFF)
    urls = [reverse(f"alliances:{name}") for name in ("desk_case_list", "desk_figures", "desk_worker_list",
                                                       "desk_matter_list", "desk_case_create")]  # fmt: skip
    small = []
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        small.append(len(queries.captured_queries))
    for _ in range(10):
        accept(community, matter=matter_for(community), worker=SocialWorkerFactory(community=community), grid=grid)
    for url, before in zip(urls, small, strict=True):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries.captured_queries) == before, url


@pytest.mark.parametrize("role", sorted(set(Role.values) - {Role.API_READER}))
def test_every_role_sees_its_own_cases_on_the_desk_pages(client, place, role):
    community, grid, matter, worker = place
    mine = accept(community, matter=matter, worker=worker, grid=grid, resident_name="本区居民")
    other = accept(CommunityFactory(), resident_name="外区居民")
    code = {Role.CITY_ORG_DEPT: community.code[:4], Role.DISTRICT_ORG_DEPT: community.code[:6],
            Role.STREET_STAFF: community.code[:9], Role.COMMUNITY_STAFF: community.code,
            Role.GRID_WORKER: grid.code}[role]  # fmt: skip
    signed_in(client, code, role)
    listed = client.get(reverse("alliances:desk_case_list"))
    if role == Role.GRID_WORKER:  # the desk is the communities'
        assert listed.status_code == 403
        assert client.get(reverse("alliances:desk_case_detail", args=[mine.pk])).status_code == 403
        return
    table = table_html(listed)
    # The other case lies in another district of the same city: only the city sees both.
    city = role == Role.CITY_ORG_DEPT
    assert "本区居民" in table and ("外区居民" in table) == city
    assert client.get(reverse("alliances:desk_case_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("alliances:desk_case_detail", args=[other.pk])).status_code == (200 if city else 404)
