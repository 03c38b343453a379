"""Pages of residents' problems: the queues per role, recording, the problem page and its steps."""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.tests.factories import CommunityFactory, StreetFactory, user_reading_through_api_grant, user_with_grant
from grids.problems import services
from grids.problems.choices import Evaluation, HandlingLevel, ProblemStatus
from grids.problems.models import ProblemPhoto, ResidentProblem
from grids.tests.factories import BuildingFactory, GridFactory, ProblemCategoryFactory
from jilin_grid.scope import Role
from jilin_grid.testing.files import picture
from jilin_grid.testing.views import ViewTestCases, page_count_query, table_html

PHONE = "13912345678"
MASKED = "139****5678"
PNG = picture("PNG")


def record(grid, *, actor=None, description="楼道灯不亮", days=7, recorded_at=None, phone=PHONE):
    return services.problem_record(
        grid=grid,
        category=ProblemCategoryFactory(name=f"类别{days}", response_days=days),
        description=description,
        resident_name="王大妈",
        resident_phone=phone,
        actor=actor,
        recorded_at=recorded_at,
    )


def list_url(queue=None, **params):
    if queue:
        params["queue"] = queue
    return reverse("grids:problem_list"), params


def queue_table(client, queue, **params) -> str:
    url, params = list_url(queue, **params)
    response = client.get(url, params)
    assert response.status_code == 200
    return table_html(response)


def detail_url(problem) -> str:
    return reverse("grids:problem_detail", args=[problem.pk])


def step_url(problem, step) -> str:
    return reverse("grids:problem_step", args=[problem.pk, step])


# Generated tests ----------------------------------------------------------------------------------


class TestProblemPages(ViewTestCases.ListViewTests, ViewTestCases.CreateViewTests):
    model = ResidentProblem
    url_prefix = "grids:problem"

    def make_object(self, grid):
        return record(grid, description=f"问题-{grid.name}")

    def label(self, obj):
        return obj.description

    def create_data(self):
        return {
            "grid": self.world.grid.pk,
            "category": ProblemCategoryFactory(name="环境卫生").pk,
            "description": "垃圾箱满了没人清理",
            "resident_name": "李大爷",
            "resident_phone": PHONE,
            "urgency": "normal",
        }

    def created(self):
        return ResidentProblem.objects.filter(description="垃圾箱满了没人清理")

    # Problems have no edit page: the list links each row to the problem's page instead.
    def test_list_shows_own_area_and_hides_others(self):
        own = self.make_object(self.world.grid)
        other = self.make_object(self.world.other_grid)
        self.client.force_login(self.world.writer)
        response = self.client.get(self.url("list"))
        table = table_html(response)
        assert self.label(own) in table
        assert detail_url(own) in table
        assert self.label(other) not in response.content.decode()

    def test_list_hides_edit_buttons_from_a_read_only_grant(self):
        own = self.make_object(self.world.grid)
        self.client.force_login(self.world.viewer)
        response = self.client.get(self.url("list"))
        assert self.label(own) in table_html(response)
        self.client.force_login(self.world.reader)  # the API client's account: no portal pages
        assert self.client.get(self.url("list")).status_code == 403

    # Recording leads to the new problem's page, where its next steps are.
    def test_create_saves_for_a_permitted_user(self):
        self.client.force_login(self.world.writer)
        assert self.client.get(self.url("create")).status_code == 200
        response = self.client.post(self.url("create"), self.create_data(), follow=True)
        assert response.redirect_chain, response.context["form"].errors
        problem = self.created().get()
        assert response.redirect_chain[-1][0] == detail_url(problem)
        assert b"alert-success" in response.content
        assert problem.recorded_by == self.world.writer
        assert problem.holder_code == self.world.grid.code


# A street with two communities; a grid worker, community and street staff, a district reviewer.


@pytest.fixture
def place(db):
    street = StreetFactory()
    community = CommunityFactory(street=street)
    other_community = CommunityFactory(street=street)
    grid = GridFactory(community=community)
    neighbour_grid = GridFactory(community=community)
    return {
        "street": street,
        "community": community,
        "grid": grid,
        "neighbour_grid": neighbour_grid,
        "other_grid": GridFactory(community=other_community),
        "worker": user_with_grant(grid.code, Role.GRID_WORKER, username="worker"),
        "neighbour_worker": user_with_grant(neighbour_grid.code, Role.GRID_WORKER, username="neighbour"),
        "community_staff": user_with_grant(community.code, Role.COMMUNITY_STAFF, username="community"),
        "other_staff": user_with_grant(other_community.code, Role.COMMUNITY_STAFF, username="other"),
        "street_staff": user_with_grant(street.code, Role.STREET_STAFF, username="street"),
        "district": user_with_grant(street.code[:6], Role.DISTRICT_ORG_DEPT, username="district"),
        # Reads the street through an API client grant, works elsewhere: portal pages, no steps here.
        "reader": user_reading_through_api_grant(street.code, username="reader"),
    }


def escalate_to_street(problem):
    problem = services.problem_escalate(problem=problem, reason="网格解决不了")
    return services.problem_escalate(problem=problem, reason="需要街道协调")


# Queues -------------------------------------------------------------------------------------------


def test_problem_escalated_to_the_street_sits_in_the_street_queues_only(client, place):
    problem = escalate_to_street(record(place["grid"], actor=place["worker"], description="小区供暖不热"))
    stays = record(place["grid"], actor=place["worker"], description="井盖丢失")

    client.force_login(place["street_staff"])
    assert "小区供暖不热" in queue_table(client, "holding")
    assert "小区供暖不热" in queue_table(client, "escalated")
    assert "井盖丢失" not in queue_table(client, "holding")
    assert "井盖丢失" not in queue_table(client, "escalated")
    assert "井盖丢失" in queue_table(client, "area")

    client.force_login(place["worker"])
    holding = queue_table(client, "holding")
    assert "小区供暖不热" not in holding
    assert "井盖丢失" in holding
    assert "小区供暖不热" in queue_table(client, "mine")
    assert "小区供暖不热" in queue_table(client, "area")
    assert "小区供暖不热" not in queue_table(client, "escalated")

    client.force_login(place["community_staff"])
    assert "小区供暖不热" not in queue_table(client, "holding")
    assert "小区供暖不热" not in queue_table(client, "escalated")
    assert "小区供暖不热" in queue_table(client, "area")
    assert problem.level == HandlingLevel.STREET and stays.level == HandlingLevel.GRID


def test_tabs_show_how_many_problems_each_queue_holds(client, place):
    record(place["grid"], actor=place["worker"])
    escalate_to_street(record(place["grid"], actor=place["worker"]))
    record(place["grid"], actor=place["worker"], recorded_at=timezone.now() - timedelta(days=10))
    record(place["neighbour_grid"], actor=place["neighbour_worker"])

    client.force_login(place["street_staff"])
    response = client.get(reverse("grids:problem_list"), {"queue": "escalated"})
    counts = {tab["key"]: tab["count"] for tab in response.context["tabs"]}
    assert counts == {"mine": 0, "area": 4, "holding": 1, "overdue": 1, "escalated": 1}
    active = [tab["key"] for tab in response.context["tabs"] if tab["active"]]
    assert active == ["escalated"]
    assert 'data-queue-count="area">4<' in response.content.decode()

    client.force_login(place["worker"])
    response = client.get(reverse("grids:problem_list"))
    counts = {tab["key"]: tab["count"] for tab in response.context["tabs"]}
    assert counts == {"mine": 3, "area": 3, "holding": 2, "overdue": 1, "escalated": 0}


def test_overdue_problems_are_flagged_in_every_queue_they_appear_in(client, place):
    late = record(
        place["grid"], actor=place["worker"], description="路灯坏了很久", recorded_at=timezone.now() - timedelta(days=9)
    )
    record(place["grid"], actor=place["worker"], description="刚登记的问题")
    client.force_login(place["worker"])
    for queue in ("mine", "area", "holding", "overdue"):
        response = client.get(reverse("grids:problem_list"), {"queue": queue})
        table = table_html(response)
        rows = [row for row in table.split("<tr") if "路灯坏了很久" in row or "刚登记的问题" in row]
        flagged = {("路灯坏了很久" in row): 'data-testid="overdue"' in row for row in rows}
        if queue == "overdue":
            assert "刚登记的问题" not in table
            assert flagged == {True: True}
        else:
            assert flagged == {True: True, False: False}, queue
        late_row = next(row for row in rows if "路灯坏了很久" in row)
        assert "table-danger" in late_row
        assert timezone.localtime(late.due_at).strftime("%Y-%m-%d %H:%M") in late_row

    escalate_to_street(late)
    client.force_login(place["street_staff"])
    for queue in ("holding", "escalated", "overdue", "area"):
        assert 'data-testid="overdue"' in queue_table(client, queue), queue


def test_a_resolved_problem_past_its_deadline_is_not_flagged(client, place):
    problem = record(place["grid"], actor=place["worker"], recorded_at=timezone.now() - timedelta(days=9))
    problem = services.problem_accept(problem=problem)
    services.problem_resolve(problem=problem, resolution="已修好")
    client.force_login(place["worker"])
    assert 'data-testid="overdue"' not in queue_table(client, "area")
    assert queue_table(client, "overdue") == ""


def test_filters_apply_within_the_queue_tab(client, place):
    record(place["grid"], actor=place["worker"], description="噪音扰民", days=3)
    record(place["grid"], actor=place["worker"], description="楼道堆物", days=5)
    client.force_login(place["worker"])
    table = queue_table(client, "holding", q="噪音")
    assert "噪音扰民" in table and "楼道堆物" not in table
    response = client.get(reverse("grids:problem_list"), {"queue": "holding", "q": "噪音"})
    # The tab stays chosen when filters are submitted, and the tab links keep the filters.
    assert '<input type="hidden" name="queue" value="holding"' in response.content.decode()
    overdue_tab = next(tab for tab in response.context["tabs"] if tab["key"] == "overdue")
    assert "q=%E5%99%AA%E9%9F%B3" in overdue_tab["url"]


def test_list_masks_phones_for_roles_without_personal_data(client, place):
    record(place["grid"], actor=place["worker"])
    client.force_login(place["worker"])
    table = queue_table(client, "area")
    assert PHONE in table
    client.force_login(place["district"])
    table = queue_table(client, "area")
    assert MASKED in table and PHONE not in table


def test_exports_follow_the_queue_mask_phones_and_flag_overdue(client, place):
    record(place["grid"], actor=place["worker"], description="路灯坏了", recorded_at=timezone.now() - timedelta(days=9))
    escalate_to_street(record(place["grid"], actor=place["worker"], description="供暖不热"))

    client.force_login(place["district"])
    response = client.get(reverse("grids:problem_list"), {"queue": "area", "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "路灯坏了" in text and "供暖不热" in text
    assert MASKED in text and PHONE not in text
    late_line = next(line for line in text.splitlines() if "路灯坏了" in line)
    assert "Overdue" in late_line or "超期" in late_line

    client.force_login(place["street_staff"])
    response = client.get(reverse("grids:problem_list"), {"queue": "escalated", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 2  # the header and the one problem escalated to the street
    assert "供暖不热" in values[1]
    assert PHONE in values[1]


# Queries stay the same whatever the data size.


def make_problems(place, count):
    grids = [place["grid"], place["neighbour_grid"], place["other_grid"]]
    for index in range(count):
        problem = record(
            grids[index % 3],
            actor=place["worker"],
            days=(index % 4) + 1,
            recorded_at=timezone.now() - timedelta(days=index % 6),
        )
        if index % 5 == 0:
            escalate_to_street(problem)


@pytest.mark.parametrize("queue", ["mine", "area", "holding", "overdue", "escalated"])
def test_each_queue_page_runs_a_fixed_number_of_queries(client, place, queue):
    url = reverse("grids:problem_list")
    client.force_login(place["street_staff"])
    make_problems(place, 6)
    client.get(url, {"queue": queue})  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        first = client.get(url, {"queue": queue, "urgency": "normal"})
    assert first.status_code == 200
    make_problems(place, 60)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url, {"queue": queue, "urgency": "normal"})
    # A list of more than a page also counts its rows (one query), a first page holding them all not.
    assert len(large) - page_count_query(response) == len(small) - page_count_query(first)
    assert len(small.captured_queries) <= 14
    assert response.context["paginator"].count > 6 or queue == "mine"


# Recording ----------------------------------------------------------------------------------------


def form_data(place, **changes):
    data = {
        "grid": place["grid"].pk,
        "category": ProblemCategoryFactory(name="门禁维修", response_days=5).pk,
        "description": "单元门禁坏了",
        "resident_name": "赵阿姨",
        "resident_phone": PHONE,
        "urgency": "urgent",
    }
    data.update(changes)
    return data


def test_recording_offers_only_the_grids_where_the_user_may_record(client, place):
    client.force_login(place["worker"])
    response = client.get(reverse("grids:problem_create"))
    grids = list(response.context["form"].fields["grid"].queryset)
    assert grids == [place["grid"]]
    client.force_login(place["community_staff"])
    grids = set(client.get(reverse("grids:problem_create")).context["form"].fields["grid"].queryset)
    assert grids == {place["grid"], place["neighbour_grid"]}


def test_recording_with_photos_and_a_building_of_the_grid(client, place):
    building = BuildingFactory(grid=place["grid"], name="7号楼")
    client.force_login(place["worker"])
    photos = [SimpleUploadedFile("门禁.png", PNG, "image/png"), SimpleUploadedFile("楼道.jpg", PNG, "image/jpeg")]
    response = client.post(reverse("grids:problem_create"), form_data(place, building=building.pk, photos=photos))
    assert response.status_code == 302, response.context["form"].errors
    problem = ResidentProblem.objects.get(description="单元门禁坏了")
    assert response["Location"] == detail_url(problem)
    assert problem.building == building and problem.urgency == "urgent"
    assert problem.due_at - problem.recorded_at == timedelta(days=5)
    assert sorted(ProblemPhoto.objects.filter(problem=problem).values_list("original_name", flat=True)) == [
        "楼道.jpg",
        "门禁.png",
    ]
    page = client.get(detail_url(problem)).content.decode()
    photo = ProblemPhoto.objects.filter(problem=problem).first()
    photo_url = reverse("grids:problem_photo", args=[photo.pk])
    assert photo_url in page
    download = client.get(photo_url)
    assert download.status_code == 200
    from PIL import Image

    stored = b"".join(download.streaming_content)
    assert Image.open(io.BytesIO(stored)).size == Image.open(io.BytesIO(PNG)).size  # the picture, written anew
    client.force_login(place["other_staff"])
    assert client.get(photo_url).status_code == 404


def test_recording_refusals_are_shown_next_to_the_fields(client, place):
    elsewhere = BuildingFactory(grid=place["neighbour_grid"])
    client.force_login(place["community_staff"])
    response = client.post(reverse("grids:problem_create"), form_data(place, building=elsewhere.pk))
    assert response.status_code == 400
    assert response.context["form"].errors["building"]
    assert 'data-field="building"' in response.content.decode()

    bad = SimpleUploadedFile("说明.exe", b"MZ", "application/octet-stream")
    response = client.post(reverse("grids:problem_create"), form_data(place, photos=[bad]))
    assert "说明.exe" in response.context["form"].errors["photos"][0]
    assert 'data-field="photos"' in response.content.decode()
    assert not ResidentProblem.objects.exists()


def test_recording_in_a_grid_outside_the_users_grid_is_refused(client, place):
    client.force_login(place["worker"])
    response = client.post(reverse("grids:problem_create"), form_data(place, grid=place["neighbour_grid"].pk))
    assert response.status_code == 400
    assert response.context["form"].errors["grid"]
    assert not ResidentProblem.objects.exists()


def test_read_only_roles_may_not_record(client, place):
    client.force_login(place["reader"])  # reads the street, writes only in a community elsewhere
    response = client.post(reverse("grids:problem_create"), form_data(place))
    assert response.status_code == 400
    assert response.context["form"].errors["grid"]
    assert not ResidentProblem.objects.exists()
    client.force_login(user_with_grant(place["grid"].code[:9], Role.API_READER))  # the API client's account
    assert client.get(reverse("grids:problem_create")).status_code == 403


# The problem page ---------------------------------------------------------------------------------


def test_problem_page_shows_the_level_ladder_and_the_whole_timeline(client, place):
    problem = escalate_to_street(record(place["grid"], actor=place["worker"], description="下水道堵塞"))
    client.force_login(place["street_staff"])
    response = client.get(detail_url(problem))
    assert response.status_code == 200
    levels = response.context["levels"]
    assert [level["level"] for level in levels] == ["grid", "community", "street", "district", "city"]
    assert [level["state"] for level in levels] == ["passed", "passed", "current", "ahead", "ahead"]
    assert levels[2]["area"] == place["street"].name
    html = response.content.decode()
    assert 'data-level="street" aria-current="step"' in html
    assert [event.kind for event in response.context["events"]] == ["recorded", "escalated", "escalated"]
    assert "需要街道协调" in html
    assert "下水道堵塞" in html
    assert PHONE in html


def test_problem_page_masks_the_phone_and_flags_overdue(client, place):
    problem = record(place["grid"], actor=place["worker"], recorded_at=timezone.now() - timedelta(days=8))
    client.force_login(place["district"])
    html = client.get(detail_url(problem)).content.decode()
    assert MASKED in html and PHONE not in html
    assert 'data-testid="overdue"' in html


def test_problem_outside_the_area_is_not_found(client, place):
    problem = record(place["grid"], actor=place["worker"])
    client.force_login(place["other_staff"])
    assert client.get(detail_url(problem)).status_code == 404
    assert client.post(step_url(problem, "accept")).status_code == 404
    client.force_login(place["neighbour_worker"])
    assert client.get(detail_url(problem)).status_code == 404


def test_the_page_offers_the_steps_the_user_may_take(client, place):
    problem = record(place["grid"], actor=place["worker"])
    client.force_login(place["worker"])
    steps = [step["name"] for step in client.get(detail_url(problem)).context["steps"]]
    assert steps == ["accept", "escalate", "return"]
    problem = escalate_to_street(problem)
    assert client.get(detail_url(problem)).context["steps"] == []
    client.force_login(place["street_staff"])
    steps = [step["name"] for step in client.get(detail_url(problem)).context["steps"]]
    assert steps == ["accept", "escalate", "return"]
    client.force_login(place["reader"])
    assert client.get(detail_url(problem)).context["steps"] == []


STEP_POSTS = {
    "accept": {"note": "已受理"},
    "start": {"note": "开始处理"},
    "escalate": {"reason": "超出权限"},
    "resolve": {"resolution": "已协调物业修好"},
    "return": {"reason": "不属于受理范围"},
    "evaluate": {"evaluation": Evaluation.SATISFIED, "comment": "电话回访"},
}
AFTER_STEP = {
    "accept": ProblemStatus.ACCEPTED,
    "start": ProblemStatus.IN_PROGRESS,
    "resolve": ProblemStatus.RESOLVED,
    "return": ProblemStatus.RETURNED,
    "evaluate": ProblemStatus.CLOSED,
}
PATHS = {
    ProblemStatus.RECORDED: [],
    ProblemStatus.ACCEPTED: ["accept"],
    ProblemStatus.IN_PROGRESS: ["accept", "start"],
    ProblemStatus.RESOLVED: ["accept", "start", "resolve"],
}


def bring_to(problem, status):
    calls = {
        "accept": lambda p: services.problem_accept(problem=p),
        "start": lambda p: services.problem_start(problem=p),
        "resolve": lambda p: services.problem_resolve(problem=p, resolution="好了"),
    }
    for step in PATHS[status]:
        problem = calls[step](problem)
    return problem


# (step, status it is taken from): each allowed step, by the grid worker holding the problem.
ALLOWED = [
    ("accept", ProblemStatus.RECORDED),
    ("start", ProblemStatus.ACCEPTED),
    ("escalate", ProblemStatus.IN_PROGRESS),
    ("resolve", ProblemStatus.IN_PROGRESS),
    ("return", ProblemStatus.RECORDED),
    ("evaluate", ProblemStatus.RESOLVED),
]


@pytest.mark.parametrize(("step", "status"), ALLOWED)
def test_each_step_is_taken_by_the_holder(client, place, step, status):
    problem = bring_to(record(place["grid"], actor=place["worker"]), status)
    client.force_login(place["worker"])
    response = client.post(step_url(problem, step), STEP_POSTS[step], follow=True)
    assert response.redirect_chain[-1][0] == detail_url(problem)
    assert b"alert-success" in response.content
    problem.refresh_from_db()
    if step == "escalate":
        assert problem.level == HandlingLevel.COMMUNITY
    else:
        assert problem.status == AFTER_STEP[step]
    assert problem.events.order_by("-at", "-id").first().actor == place["worker"]


# (step, status): refused by the lifecycle; the service's message is shown and nothing changes.
REFUSED = [
    ("accept", ProblemStatus.ACCEPTED),
    ("start", ProblemStatus.RECORDED),
    ("resolve", ProblemStatus.RECORDED),
    ("return", ProblemStatus.IN_PROGRESS),
    ("evaluate", ProblemStatus.IN_PROGRESS),
    ("escalate", ProblemStatus.RESOLVED),
]


@pytest.mark.parametrize(("step", "status"), REFUSED)
def test_a_step_the_lifecycle_refuses_shows_the_services_message(client, place, step, status):
    problem = bring_to(record(place["grid"], actor=place["worker"]), status)
    events = problem.events.count()
    client.force_login(place["worker"])
    response = client.post(step_url(problem, step), STEP_POSTS[step], follow=True)
    assert response.status_code == 400  # the page again, with the refusal
    html = response.content.decode()
    assert "alert-danger" in html
    assert problem.get_status_display() in html
    problem.refresh_from_db()
    assert problem.status == status
    assert problem.events.count() == events


@pytest.mark.parametrize("step", ["accept", "escalate", "return"])
def test_holder_steps_are_forbidden_below_the_holding_level(client, place, step):
    problem = escalate_to_street(record(place["grid"], actor=place["worker"]))
    for user in ("worker", "community_staff", "reader"):
        client.force_login(place[user])
        assert client.post(step_url(problem, step), STEP_POSTS[step]).status_code == 403, user
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RECORDED and problem.level == HandlingLevel.STREET


def test_evaluation_is_recorded_by_staff_of_the_grid_not_by_readers(client, place):
    problem = bring_to(escalate_to_street(record(place["grid"], actor=place["worker"])), ProblemStatus.RESOLVED)
    client.force_login(place["reader"])
    assert client.post(step_url(problem, "evaluate"), STEP_POSTS["evaluate"]).status_code == 403
    client.force_login(place["community_staff"])
    client.post(step_url(problem, "evaluate"), {"evaluation": Evaluation.DISSATISFIED, "comment": "还是漏水"})
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.IN_PROGRESS
    assert list(problem.events.values_list("kind", flat=True))[-2:] == ["evaluated", "reopened"]


def test_a_step_without_its_reason_is_refused_with_the_fields_message(client, place):
    problem = record(place["grid"], actor=place["worker"])
    client.force_login(place["worker"])
    response = client.post(step_url(problem, "escalate"), {"reason": ""}, follow=True)
    assert "alert-danger" in response.content.decode()
    problem.refresh_from_db()
    assert problem.level == HandlingLevel.GRID


def test_unknown_steps_are_not_found_and_steps_need_a_post(client, place):
    problem = record(place["grid"], actor=place["worker"])
    client.force_login(place["worker"])
    assert client.post(step_url(problem, "delete"), {}).status_code == 404
    assert client.get(step_url(problem, "accept")).status_code == 405


def test_problem_page_runs_a_fixed_number_of_queries_whatever_its_history(client, place):
    def page_queries(problem):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail_url(problem)).status_code == 200
        return len(queries.captured_queries)

    client.force_login(place["community_staff"])
    short_history = bring_to(record(place["grid"], actor=place["worker"]), ProblemStatus.RESOLVED)
    long_history = bring_to(record(place["grid"], actor=place["worker"]), ProblemStatus.RESOLVED)
    for _round in range(12):
        long_history = services.problem_evaluate(
            problem=long_history, evaluation=Evaluation.DISSATISFIED, comment="还是不行", actor=place["worker"]
        )
        long_history = services.problem_resolve(problem=long_history, resolution="再次维修", actor=place["worker"])
    client.get(detail_url(short_history))  # warm the session
    assert long_history.events.count() >= 10 * short_history.events.count()
    assert page_queries(long_history) == page_queries(short_history) <= 10
