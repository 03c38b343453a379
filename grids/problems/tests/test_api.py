"""API of residents' problems: the generated scoping tests, then by hand every action allowed and
refused (by the lifecycle: 400, by role: 403), escalation up the four levels and the queues of
each level, overdue flags, masking per role, photos and the pinned query counts."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from communities.tests.factories import user_with_grant
from grids.problems import services
from grids.problems.choices import Evaluation, HandlingLevel, ProblemStatus
from grids.problems.models import ProblemCategory, ProblemEvent, ProblemPhoto, ResidentProblem
from grids.problems.permissions import ALLOWED_FROM
from grids.tests.factories import GridFactory, ProblemCategoryFactory, ResidentProblemFactory
from jilin_grid import scope as roles
from jilin_grid.testing.api import APITestCases, api_client, result_ids
from jilin_grid.testing.files import picture

PHONE = "13912345678"
MASKED = "139****5678"
# A one-pixel PNG.
PNG = picture("PNG")


class ProblemAreaMixin:
    """Areas of the problem endpoints: a community with one grid; users are community staff."""

    def build_area(self, which):
        grid = GridFactory()
        community = grid.community
        return SimpleNamespace(code=community.code, community=community, grid=grid)


class TestResidentProblemAPI(ProblemAreaMixin, APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = ResidentProblem
    basename = "problem"

    def make_object(self, area):
        return ResidentProblemFactory(grid=area.grid)

    def create_payload(self, area):
        return {
            "grid": area.grid.pk,
            "category": ProblemCategoryFactory(name="测试门禁", response_days=5).pk,
            "description": "3号楼单元门禁坏了",
            "resident_name": "李大爷",
            "resident_phone": PHONE,
            "urgency": "urgent",
        }


# Helpers ------------------------------------------------------------------------------------------


def detail(problem):
    return reverse("problem-detail", args=[problem.pk])


def step_url(problem, step):
    return reverse(f"problem-{step}", args=[problem.pk])


PAYLOADS = {
    "accept": {},
    "start": {"note": "已派人上门"},
    "escalate": {"reason": "超出网格能力"},
    "resolve": {"resolution": "已更换门禁"},
    "return": {"reason": "不属于社区事务"},
    "evaluate": {"evaluation": Evaluation.SATISFIED, "comment": "很满意"},
}
SERVICE_STEPS = {
    "accept": lambda p: services.problem_accept(problem=p),
    "start": lambda p: services.problem_start(problem=p),
    "resolve": lambda p: services.problem_resolve(problem=p, resolution="已修好"),
    "return": lambda p: services.problem_return(problem=p, reason="不属于社区事务"),
    "evaluate": lambda p: services.problem_evaluate(problem=p, evaluation=Evaluation.SATISFIED),
}
PATHS = {
    ProblemStatus.RECORDED: [],
    ProblemStatus.ACCEPTED: ["accept"],
    ProblemStatus.IN_PROGRESS: ["accept", "start"],
    ProblemStatus.RESOLVED: ["accept", "start", "resolve"],
    ProblemStatus.CLOSED: ["accept", "start", "resolve", "evaluate"],
    ProblemStatus.RETURNED: ["return"],
}
# Status after a step allowed from a given status.
AFTER = {
    "accept": ProblemStatus.ACCEPTED,
    "start": ProblemStatus.IN_PROGRESS,
    "resolve": ProblemStatus.RESOLVED,
    "return": ProblemStatus.RETURNED,
    "evaluate": ProblemStatus.CLOSED,
}


def record(grid, *, days=7, recorded_at=None, phone=PHONE, actor=None):
    return services.problem_record(
        grid=grid,
        category=ProblemCategoryFactory(response_days=days),
        description="楼道灯不亮",
        resident_name="王大妈",
        resident_phone=phone,
        actor=actor,
        recorded_at=recorded_at,
    )


def bring_to(grid, status):
    problem = record(grid)
    for step in PATHS[status]:
        problem = SERVICE_STEPS[step](problem)
    return problem


@pytest.fixture
def tree():
    """One grid with a user of every level above it, each holding one grant."""
    grid = GridFactory()
    community = grid.community
    street = community.street
    district = street.district
    return SimpleNamespace(
        grid=grid,
        grid_worker=user_with_grant(grid.code, roles.GRID_WORKER),
        community=user_with_grant(community.code, roles.COMMUNITY_STAFF),
        street=user_with_grant(street.code, roles.STREET_STAFF),
        district=user_with_grant(district.code, roles.DISTRICT_ORG_DEPT),
        city=user_with_grant(district.city.code, roles.CITY_ORG_DEPT),
        reader=user_with_grant(community.code, roles.API_READER),
    )


pytestmark = pytest.mark.django_db


# Categories ---------------------------------------------------------------------------------------


def test_categories_list_names_and_deadlines(tree):
    ProblemCategoryFactory(name="停用类别", is_active=False)
    response = api_client(tree.reader).get(reverse("problem-category-list"))
    assert response.status_code == 200
    rows = {row["name"]: row["response_days"] for row in response.data}
    expected = dict(ProblemCategory.objects.filter(is_active=True).values_list("name", "response_days"))
    assert rows == expected
    assert "停用类别" not in rows
    assert api_client().get(reverse("problem-category-list")).status_code == 401


# Recording ----------------------------------------------------------------------------------------


def test_recording_starts_the_timeline_and_the_deadline(tree):
    category = ProblemCategoryFactory(name="测试垃圾清运", response_days=3)
    payload = {
        "grid": tree.grid.pk,
        "category": category.pk,
        "description": "垃圾清运不及时",
        "resident_name": "赵女士",
        "resident_phone": PHONE,
    }
    response = api_client(tree.grid_worker).post(reverse("problem-list"), payload, format="json")
    assert response.status_code == 201, response.data
    assert response.data["status"] == ProblemStatus.RECORDED
    assert response.data["level"] == HandlingLevel.GRID
    assert response.data["holder_code"] == tree.grid.code
    assert response.data["recorded_by"] == tree.grid_worker.username
    assert [event["kind"] for event in response.data["events"]] == ["recorded"]
    problem = ResidentProblem.objects.get(pk=response.data["id"])
    assert problem.due_at - problem.recorded_at == timedelta(days=3)
    assert sorted(response.data["available_steps"]) == ["accept", "escalate", "return"]


def test_the_status_is_not_written_directly(tree):
    problem = record(tree.grid)
    client = api_client(tree.community)
    payload = {
        "grid": tree.grid.pk,
        "category": problem.category.pk,
        "description": "x",
        "resident_name": "y",
        "status": "closed",
    }
    response = client.post(reverse("problem-list"), payload, format="json")
    assert response.status_code == 400
    assert "status" in response.data
    assert ResidentProblem.objects.count() == 1
    assert client.patch(detail(problem), {"status": "closed"}, format="json").status_code == 405
    assert client.put(detail(problem), {"status": "closed"}, format="json").status_code == 405
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RECORDED


def test_recording_in_a_grid_outside_the_area_is_refused(tree):
    other = GridFactory()
    category = ProblemCategoryFactory()
    payload = {"grid": other.pk, "category": category.pk, "description": "x", "resident_name": "y"}
    response = api_client(tree.grid_worker).post(reverse("problem-list"), payload, format="json")
    assert response.status_code == 400
    assert "grid" in response.data
    assert not ResidentProblem.objects.exists()


# Photos -------------------------------------------------------------------------------------------


def test_photos_are_kept_and_listed(tree, settings):
    category = ProblemCategoryFactory()
    payload = {
        "grid": tree.grid.pk,
        "category": category.pk,
        "description": "路灯坏了",
        "resident_name": "钱先生",
        "photos": [SimpleUploadedFile("路灯.png", PNG, "image/png"), SimpleUploadedFile("近景.jpg", PNG)],
    }
    response = api_client(tree.grid_worker).post(reverse("problem-list"), payload, format="multipart")
    assert response.status_code == 201, response.data
    assert sorted(photo["original_name"] for photo in response.data["photos"]) == ["路灯.png", "近景.jpg"]
    assert len(list((settings.MEDIA_ROOT / "problems").rglob("*.*"))) == 2
    fresh = api_client(tree.community).get(detail(ResidentProblem.objects.get()))
    assert len(fresh.data["photos"]) == 2


@pytest.mark.parametrize(
    ("upload", "limit"),
    [
        (SimpleUploadedFile("说明.txt", b"not a photo", "text/plain"), None),
        (SimpleUploadedFile("病毒.exe", b"MZ"), None),
        (SimpleUploadedFile("大图.jpg", PNG * 20, "image/jpeg"), 100),
    ],
)
def test_bad_photos_are_refused_and_nothing_is_written(tree, settings, upload, limit):
    if limit:
        settings.PROBLEM_PHOTO_MAX_BYTES = limit
    category = ProblemCategoryFactory()
    payload = {
        "grid": tree.grid.pk,
        "category": category.pk,
        "description": "路灯坏了",
        "resident_name": "钱先生",
        "photos": [SimpleUploadedFile("好图.png", PNG, "image/png"), upload],
    }
    response = api_client(tree.grid_worker).post(reverse("problem-list"), payload, format="multipart")
    assert response.status_code == 400
    assert upload.name in str(response.data["photos"])
    assert not ResidentProblem.objects.exists()
    assert not ProblemPhoto.objects.exists()
    assert not ProblemEvent.objects.exists()
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.*"))


# Every action from every status, by the lifecycle -------------------------------------------------


@pytest.mark.parametrize("status", list(ProblemStatus))
@pytest.mark.parametrize("step", ["accept", "start", "escalate", "resolve", "return", "evaluate"])
def test_each_action_from_each_status(tree, status, step):
    """Community staff may take every step on a grid's problem: only the lifecycle decides."""
    problem = bring_to(tree.grid, status)
    events = problem.events.count()
    response = api_client(tree.community).post(step_url(problem, step), PAYLOADS[step], format="json")
    problem.refresh_from_db()
    if status in ALLOWED_FROM[step]:
        assert response.status_code == 200, response.data
        if step == "escalate":
            assert problem.level == HandlingLevel.COMMUNITY
            assert problem.status == status
        else:
            assert problem.status == AFTER[step]
        assert response.data["status"] == problem.status
        assert problem.events.count() == events + 1
        assert response.data["events"][-1]["actor"] == tree.community.username
    else:
        assert response.status_code == 400
        assert response.data["non_field_errors"]
        assert problem.status == status
        assert problem.events.count() == events


@pytest.mark.parametrize("step", ["escalate", "resolve", "return"])
def test_a_step_without_its_reason_is_400(tree, step):
    problem = bring_to(tree.grid, ProblemStatus.ACCEPTED)
    response = api_client(tree.community).post(step_url(problem, step), {}, format="json")
    assert response.status_code == 400
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.ACCEPTED
    assert problem.level == HandlingLevel.GRID


def test_a_dissatisfied_evaluation_reopens(tree):
    problem = bring_to(tree.grid, ProblemStatus.RESOLVED)
    response = api_client(tree.grid_worker).post(
        step_url(problem, "evaluate"), {"evaluation": Evaluation.DISSATISFIED, "comment": "还是漏水"}, format="json"
    )
    assert response.status_code == 200
    assert response.data["status"] == ProblemStatus.IN_PROGRESS
    assert [event["kind"] for event in response.data["events"]][-2:] == ["evaluated", "reopened"]
    assert response.data["events"][-1]["note"] == "还是漏水"


def test_the_city_cannot_escalate_further(tree):
    problem = record(tree.grid)
    for _level in range(4):
        problem = services.problem_escalate(problem=problem, reason="上报")
    assert problem.level == HandlingLevel.CITY
    response = api_client(tree.city).post(step_url(problem, "escalate"), {"reason": "再上报"}, format="json")
    assert response.status_code == 400
    assert "escalate" not in api_client(tree.city).get(detail(problem)).data["available_steps"]
    problem.refresh_from_db()
    assert problem.escalations == 4


# By role ------------------------------------------------------------------------------------------


def test_the_four_levels_loop(tree):
    """A grid worker records and escalates; the community passes it to the street; the grid worker
    may no longer resolve it, the street resolves it, and the evaluation closes it."""
    grid_worker = api_client(tree.grid_worker)
    category = ProblemCategoryFactory(name="测试道路", response_days=10)
    created = grid_worker.post(
        reverse("problem-list"),
        {"grid": tree.grid.pk, "category": category.pk, "description": "小区道路塌陷", "resident_name": "孙先生"},
        format="json",
    )
    problem = ResidentProblem.objects.get(pk=created.data["id"])
    assert grid_worker.post(step_url(problem, "accept"), {}, format="json").status_code == 200
    response = grid_worker.post(step_url(problem, "escalate"), {"reason": "需社区协调"}, format="json")
    assert response.data["level"] == HandlingLevel.COMMUNITY
    assert response.data["available_steps"] == []
    response = api_client(tree.community).post(step_url(problem, "escalate"), {"reason": "需街道协调"}, format="json")
    assert response.data["level"] == HandlingLevel.STREET

    refused = grid_worker.post(step_url(problem, "resolve"), {"resolution": "自己修"}, format="json")
    assert refused.status_code == 403
    assert "Only the level holding this problem may resolve it." in str(refused.data["detail"])
    assert "只有当前承办层级" in str(refused.data["detail"])
    assert api_client(tree.community).post(step_url(problem, "resolve"), {"resolution": "x"}).status_code == 403

    street = api_client(tree.street)
    assert "resolve" in street.get(detail(problem)).data["available_steps"]
    response = street.post(step_url(problem, "resolve"), {"resolution": "街道协调施工队修复"}, format="json")
    assert response.status_code == 200
    assert response.data["status"] == ProblemStatus.RESOLVED

    response = grid_worker.post(step_url(problem, "evaluate"), {"evaluation": Evaluation.SATISFIED}, format="json")
    assert response.status_code == 200
    assert response.data["status"] == ProblemStatus.CLOSED
    kinds = [event["kind"] for event in response.data["events"]]
    assert kinds == ["recorded", "accepted", "escalated", "escalated", "resolved", "evaluated"]
    levels = [event["level"] for event in response.data["events"]]
    assert levels == ["grid", "grid", "community", "street", "street", "street"]


@pytest.mark.parametrize("step", ["accept", "escalate", "return"])
def test_a_lower_level_may_not_act_on_a_problem_held_above(tree, step):
    problem = services.problem_escalate(problem=record(tree.grid), reason="上报")
    response = api_client(tree.grid_worker).post(step_url(problem, step), PAYLOADS[step], format="json")
    assert response.status_code == 403
    assert " / " in str(response.data["detail"])
    problem.refresh_from_db()
    assert (problem.status, problem.level) == (ProblemStatus.RECORDED, HandlingLevel.COMMUNITY)


def test_a_refused_role_answers_403_before_the_lifecycle(tree):
    """A grid worker asking to start a problem held by the street is told about the role."""
    problem = record(tree.grid)
    problem = services.problem_escalate(problem=problem, reason="上报")
    problem = services.problem_escalate(problem=problem, reason="上报")
    response = api_client(tree.grid_worker).post(step_url(problem, "start"), {}, format="json")
    assert response.status_code == 403


def test_readers_and_other_areas_take_no_step(tree):
    problem = record(tree.grid)
    response = api_client(tree.reader).post(step_url(problem, "accept"), {}, format="json")
    assert response.status_code == 403
    outsider = user_with_grant(GridFactory().community.code, roles.COMMUNITY_STAFF)
    assert api_client(outsider).post(step_url(problem, "accept"), {}, format="json").status_code == 404
    assert api_client().post(step_url(problem, "accept"), {}, format="json").status_code == 401
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RECORDED
    assert api_client(tree.reader).get(detail(problem)).data["available_steps"] == []


# Escalation and the queues of each level ----------------------------------------------------------


def queue_ids(user, queue):
    response = api_client(user).get(reverse("problem-list"), {"queue": queue})
    assert response.status_code == 200
    return result_ids(response)


def test_escalation_moves_the_problem_up_the_queues(tree):
    problem = record(tree.grid)
    levels = ["grid_worker", "community", "street", "district", "city"]
    for index, holder in enumerate(levels):
        for position, name in enumerate(levels):
            user = getattr(tree, name)
            holding = problem.pk in queue_ids(user, "holding")
            escalated = problem.pk in queue_ids(user, "escalated")
            assert holding == (position == index), (holder, name)
            assert escalated == (position == index and index > 0), (holder, name)
            # Everyone above the grid still sees it in their area's queue.
            assert problem.pk in queue_ids(user, "area")
        if index + 1 < len(levels):
            response = api_client(getattr(tree, holder)).post(
                step_url(problem, "escalate"), {"reason": f"第{index + 1}次上报"}, format="json"
            )
            assert response.status_code == 200
            assert response.data["holder_code"] == problem.area_code[: [15, 12, 9, 6, 4][index + 1]]


def test_mine_queue_holds_what_the_user_recorded(tree):
    mine = record(tree.grid, actor=tree.grid_worker)
    theirs = record(tree.grid, actor=tree.community)
    ids = queue_ids(tree.grid_worker, "mine")
    assert mine.pk in ids
    assert theirs.pk not in ids


# Overdue flags ------------------------------------------------------------------------------------


def test_overdue_problems_are_flagged_in_every_queue_above(tree):
    long_ago = timezone.now() - timedelta(days=10)
    late = record(tree.grid, days=3, recorded_at=long_ago)
    late_but_closed = bring_to(tree.grid, ProblemStatus.CLOSED)
    ResidentProblem.objects.filter(pk=late_but_closed.pk).update(due_at=long_ago)
    on_time = record(tree.grid, days=30)
    for name in ("grid_worker", "community", "street", "district", "city"):
        user = getattr(tree, name)
        response = api_client(user).get(reverse("problem-list"))
        flags = {row["id"]: row["is_overdue"] for row in response.data["results"]}
        assert flags == {late.pk: True, late_but_closed.pk: False, on_time.pk: False}, name
        assert queue_ids(user, "overdue") == {late.pk}
        filtered = api_client(user).get(reverse("problem-list"), {"overdue": "true"})
        assert result_ids(filtered) == {late.pk}
        not_late = api_client(user).get(reverse("problem-list"), {"overdue": "false"})
        assert result_ids(not_late) == {late_but_closed.pk, on_time.pk}
    assert api_client(tree.street).get(detail(late)).data["is_overdue"] is True


def test_filters_status_level_and_dates(tree):
    old = record(tree.grid, recorded_at=timezone.now() - timedelta(days=40))
    accepted = services.problem_accept(problem=record(tree.grid))
    escalated = services.problem_escalate(problem=record(tree.grid), reason="上报")
    client = api_client(tree.community)
    url = reverse("problem-list")
    assert result_ids(client.get(url, {"status": "accepted"})) == {accepted.pk}
    assert result_ids(client.get(url, {"level": "community"})) == {escalated.pk}
    since = (timezone.localdate() - timedelta(days=5)).isoformat()
    assert result_ids(client.get(url, {"recorded_from": since})) == {accepted.pk, escalated.pk}
    assert result_ids(client.get(url, {"recorded_to": since})) == {old.pk}
    assert result_ids(client.get(url, {"area": tree.grid.code})) == {old.pk, accepted.pk, escalated.pk}
    assert result_ids(client.get(url, {"q": "楼道"})) == {old.pk, accepted.pk, escalated.pk}


# Masking per role ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("grid_worker", PHONE),
        ("community", PHONE),
        ("street", PHONE),
        ("district", MASKED),
        ("city", MASKED),
        ("reader", MASKED),
    ],
)
def test_the_residents_phone_is_masked_for_roles_without_personal_data(tree, name, expected):
    problem = record(tree.grid)
    client = api_client(getattr(tree, name))
    assert client.get(detail(problem)).data["resident_phone"] == expected
    rows = client.get(reverse("problem-list")).data["results"]
    assert [row["resident_phone"] for row in rows] == [expected]


# Query counts -------------------------------------------------------------------------------------


@pytest.mark.parametrize("queue", ["holding", "overdue", "escalated", "mine"])
def test_queue_lists_run_fixed_queries(tree, queue, django_assert_max_num_queries):
    client = api_client(tree.community)
    client.get(reverse("problem-list"))  # the token row is created on first use

    def grow(count):
        for _ in range(count):
            problem = record(tree.grid, recorded_at=timezone.now() - timedelta(days=30), actor=tree.community)
            services.problem_escalate(problem=problem, reason="上报")

    grow(2)
    with django_assert_max_num_queries(4) as small:
        assert client.get(reverse("problem-list"), {"queue": queue}).status_code == 200
    grow(20)
    with django_assert_max_num_queries(4) as large:
        response = client.get(reverse("problem-list"), {"queue": queue})
    assert response.data["count"] == 22
    assert len(large.captured_queries) == len(small.captured_queries)


def test_detail_runs_fixed_queries(tree, django_assert_max_num_queries):
    problem = record(tree.grid)
    client = api_client(tree.community)
    client.get(detail(problem))
    with django_assert_max_num_queries(5) as small:
        client.get(detail(problem))
    problem = services.problem_accept(problem=problem)
    problem = services.problem_start(problem=problem)
    problem = services.problem_escalate(problem=problem, reason="上报")
    with django_assert_max_num_queries(5) as large:
        response = client.get(detail(problem))
    assert len(response.data["events"]) == 4
    assert len(large.captured_queries) == len(small.captured_queries)


# Admin --------------------------------------------------------------------------------------------


def test_admin_pages_of_categories_and_problems(tree, admin_client):
    problem = services.problem_escalate(problem=record(tree.grid), reason="上报社区")
    ProblemPhoto.objects.create(problem=problem, image=SimpleUploadedFile("门.png", PNG), original_name="门.png")
    assert admin_client.get(reverse("admin:grids_problemcategory_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:grids_residentproblem_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:grids_residentproblem_change", args=[problem.pk]))
    assert page.status_code == 200
    assert "上报社区" in page.content.decode()  # the timeline inline
    assert "门.png" in page.content.decode()  # the photos inline
    assert admin_client.get(reverse("admin:grids_residentproblem_add")).status_code == 403
