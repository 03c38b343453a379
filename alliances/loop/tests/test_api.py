"""API of the alliances: the generated tests per endpoint, then by hand the actions of the loop
and their refusals, the loop in an alliance's detail, masking, scoping for every role, filters."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from alliances.loop.choices import ProblemStep
from alliances.loop.models import Activity, Alliance, AllianceProblem, Decision, Meeting, MemberUnit, Venue
from alliances.tests.factories import (
    ActivityFactory,
    AllianceFactory,
    AllianceProblemFactory,
    MemberUnitFactory,
    VenueFactory,
)
from communities.tests.factories import (
    AreaGrantFactory,
    CommunityFactory,
    PartyOrganizationFactory,
    UserFactory,
    user_with_grant,
)
from grids.tests.factories import GridFactory, ResidentProblemFactory
from jilin_grid import scope as roles
from jilin_grid.audit.services import audited_update
from jilin_grid.testing.api import APITestCases, api_client, result_ids

DAY = date(2020, 6, 1)
ROLE_MAY_NOT_WRITE = "您的角色不能修改此处的数据。 / Your role may not change data here."


def alliance_in(code: str, **kwargs) -> Alliance:
    return AllianceFactory(lead_organization=PartyOrganizationFactory(area_code=code), **kwargs)


def meeting_in(code: str) -> Meeting:
    alliance = alliance_in(code)
    unit = MemberUnitFactory(alliance=alliance)
    problem = AllianceProblemFactory(alliance=alliance)
    meeting = Meeting.objects.create(alliance=alliance, held_on=DAY, minutes="会商")
    meeting.attendees.set([unit])
    meeting.problems.set([problem])
    Decision.objects.create(meeting=meeting, problem=problem, assigned_to=unit, action="维修", deadline=DAY)
    return meeting


# The generated tests.


class TestAllianceAPI(APITestCases.ReadWrite):
    model = Alliance
    basename = "alliance"
    # Token, grants, count, rows with their lead organization.
    max_list_queries = 4

    def make_object(self, area):
        return alliance_in(area.code)

    def create_payload(self, area):
        return {
            "name": "南山社区党建联盟",
            "area_code": area.code,
            "lead_organization": PartyOrganizationFactory(area_code=area.code).pk,
            "charter": "共建共治共享",
            "founded_on": "2020-03-01",
        }

    def update_payload(self, obj, area):
        return {"charter": "资源共享、活动共办", "founded_on": "2020-04-01"}


class TestMemberUnitAPI(APITestCases.ReadWrite):
    model = MemberUnit
    basename = "member-unit"
    # Token, grants, count, rows with their alliance.
    max_list_queries = 4

    def make_object(self, area):
        return MemberUnitFactory(alliance=alliance_in(area.code))

    def create_payload(self, area):
        return {
            "alliance": alliance_in(area.code).pk,
            "name": "市第一医院",
            "kind": "hospital",
            "contact_name": "李医生",
            "contact_phone": "13912345678",
            "offers_venue": True,
            "commitments": "每月义诊一次",
        }

    def update_payload(self, obj, area):
        return {"offers_volunteers": True, "resources": "志愿者20人"}


class TestVenueAPI(APITestCases.Read, APITestCases.Create, APITestCases.Update, APITestCases.NoDelete):
    model = Venue
    basename = "venue"
    # Token, grants, count, rows with their member unit.
    max_list_queries = 4

    def make_object(self, area):
        return VenueFactory(member=MemberUnitFactory(alliance=alliance_in(area.code)))

    def create_payload(self, area):
        member = MemberUnitFactory(alliance=alliance_in(area.code))
        return {"member": member.pk, "name": "党群活动室", "address": "松江东路8号", "opening_hours": "9:00-17:00"}

    def update_payload(self, obj, area):
        return {"capacity": 80, "is_open": False}


class TestActivityAPI(APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = Activity
    basename = "activity"
    # Token, grants, count, rows with their alliance, organizers.
    max_list_queries = 5

    def make_object(self, area):
        alliance = alliance_in(area.code)
        activity = ActivityFactory(alliance=alliance)
        activity.organizers.set([MemberUnitFactory(alliance=alliance)])
        return activity

    def create_payload(self, area):
        alliance = alliance_in(area.code)
        units = MemberUnitFactory.create_batch(2, alliance=alliance)
        return {
            "alliance": alliance.pk,
            "title": "义诊进社区",
            "kind": "health",
            "held_on": "2020-06-15",
            "place": "社区广场",
            "organizers": [unit.pk for unit in units],
            "participants": 150,
        }


class TestAllianceProblemAPI(APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = AllianceProblem
    basename = "alliance-problem"
    # Token, grants, count, rows with their alliance.
    max_list_queries = 4

    def make_object(self, area):
        return AllianceProblemFactory(alliance=alliance_in(area.code))

    def create_payload(self, area):
        return {
            "alliance": alliance_in(area.code).pk,
            "title": "小区停车难",
            "description": "夜间车辆无处停放",
            "collected_on": "2020-05-20",
        }


class TestMeetingAPI(APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = Meeting
    basename = "meeting"
    # Token, grants, count, rows with their alliance, attendees, problems, decisions.
    max_list_queries = 7
    grown_rows = 15

    def make_object(self, area):
        return meeting_in(area.code)

    def create_payload(self, area):
        alliance = alliance_in(area.code)
        unit = MemberUnitFactory(alliance=alliance)
        problem = AllianceProblemFactory(alliance=alliance)
        return {
            "alliance": alliance.pk,
            "held_on": "2020-06-10",
            "minutes": "会商停车难",
            "attendees": [unit.pk],
            "decisions": [
                {"problem": problem.pk, "assigned_to": unit.pk, "action": "开放停车场", "deadline": "2020-06-30"}
            ],
        }

    def test_create_permitted(self, area_a, user_a):
        payload = self.create_payload(area_a)
        response = api_client(user_a).post(self.list_url(), payload, format="json")
        assert response.status_code == 201, response.data
        data = response.data
        assert (data["held_on"], data["minutes"], data["attendees"]) == (
            "2020-06-10",
            "会商停车难",
            payload["attendees"],
        )
        [made] = data["decisions"]
        asked = payload["decisions"][0]
        assert {key: made[key] for key in asked} == asked
        assert made["report"] == "" and made["reported_on"] is None
        assert AllianceProblem.objects.get(pk=asked["problem"]).step == ProblemStep.CONSULTED


class TestDecisionAPI(APITestCases.Read):
    model = Decision
    basename = "decision"
    # Token, grants, count, rows with their meeting, problem, unit, reporter.
    max_list_queries = 4
    grown_rows = 15

    def make_object(self, area):
        return meeting_in(area.code).decisions.get()

    def test_writing_a_decision_is_not_offered(self, obj_a, user_a):
        client = api_client(user_a)
        assert client.post(self.list_url(), {"action": "x"}, format="json").status_code == 405
        assert client.patch(self.detail_url(obj_a), {"report": "x"}, format="json").status_code == 405
        assert client.delete(self.detail_url(obj_a)).status_code == 405
        obj_a.refresh_from_db()
        assert obj_a.report == ""


# A community with an alliance, a member unit and users of every role around it.


@pytest.fixture
def place(db):
    community = CommunityFactory()
    alliance = alliance_in(community.code)
    unit = MemberUnitFactory(alliance=alliance, contact_phone="13912345678")
    grid = GridFactory(community=community)
    return SimpleNamespace(community=community, alliance=alliance, unit=unit, grid=grid)


def user_of(place, role: str, level: str = "community"):
    code = {
        "city": "2202",
        "district": place.community.code[:6],
        "street": place.community.code[:9],
        "community": place.community.code,
        "grid": place.grid.code,
    }[level]
    return user_with_grant(code, role)


def problem_at(alliance, step: str) -> AllianceProblem:
    """A problem taken to ``step`` with its decisions in the database."""
    problem = AllianceProblemFactory(alliance=alliance)
    if step == ProblemStep.COLLECTED:
        return problem
    unit = MemberUnitFactory(alliance=alliance)
    meeting = Meeting.objects.create(alliance=alliance, held_on=DAY, minutes="会商")
    reported = {} if step == ProblemStep.CONSULTED else {"report": "已办", "reported_on": DAY}
    Decision.objects.create(meeting=meeting, problem=problem, assigned_to=unit, action="办理", deadline=DAY, **reported)
    extra = {"evaluation": "satisfied"} if step == ProblemStep.EVALUATED else {}
    audited_update(AllianceProblem.objects.filter(pk=problem.pk), step=step, **extra)
    problem.refresh_from_db()
    return problem


# The loop in an alliance's detail, and the survey.


def test_alliance_detail_shows_its_loop(place):
    for step, count in [("collected", 2), ("consulted", 1), ("implemented", 1), ("evaluated", 2)]:
        for _ in range(count):
            problem_at(place.alliance, step)
    last = AllianceProblem.objects.filter(alliance=place.alliance, step="evaluated").last()
    audited_update(AllianceProblem.objects.filter(pk=last.pk), evaluation="dissatisfied")
    problem_at(alliance_in(place.community.code), "evaluated")  # another alliance: not counted
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    data = client.get(reverse("alliance-detail", args=[place.alliance.pk])).json()
    assert data["loop"] == {
        "found": 6,
        "consulted": 4,
        "solved": 3,
        "evaluated": 2,
        "satisfaction_rate": 50.0,
        "by_step": {"collected": 2, "consulted": 1, "implemented": 1, "evaluated": 2},
    }
    assert "loop" not in client.get(reverse("alliance-list")).json()["results"][0]


def test_new_alliance_has_an_empty_loop(place):
    data = api_client(user_of(place, roles.API_READER)).get(reverse("alliance-detail", args=[place.alliance.pk]))
    assert data.json()["loop"]["found"] == 0
    assert data.json()["loop"]["satisfaction_rate"] is None


def test_survey_action_records_needs_and_resources(place):
    url = reverse("alliance-survey", args=[place.alliance.pk])
    payload = {"needs": "停车难、养老难", "resources": "单位停车场两处", "surveyed_on": "2020-03-15"}
    response = api_client(user_of(place, roles.STREET_STAFF, "street")).post(url, payload, format="json")
    assert response.status_code == 200, response.data
    assert (response.data["survey_needs"], response.data["surveyed_on"]) == ("停车难、养老难", "2020-03-15")
    assert "loop" in response.data
    place.alliance.refresh_from_db()
    assert place.alliance.survey_resources == "单位停车场两处"


def test_blank_survey_is_400_with_the_reason(place):
    url = reverse("alliance-survey", args=[place.alliance.pk])
    payload = {"needs": "停车难", "resources": " ", "surveyed_on": "2020-03-15"}
    response = api_client(user_of(place, roles.COMMUNITY_STAFF)).post(url, payload, format="json")
    assert response.status_code == 400
    # DRF trims the blank resources and refuses it, or the service does: either way nothing is written.
    place.alliance.refresh_from_db()
    assert place.alliance.surveyed_on is None


@pytest.mark.parametrize(
    ("role", "level", "status"),
    [
        (roles.API_READER, "community", 403),
        (roles.DISTRICT_ORG_DEPT, "district", 200),
        (roles.COMMUNITY_STAFF, "community", 200),
        (roles.GRID_WORKER, "grid", 404),
    ],
)
def test_survey_by_role(place, role, level, status):
    url = reverse("alliance-survey", args=[place.alliance.pk])
    payload = {"needs": "停车难", "resources": "停车场", "surveyed_on": "2020-03-15"}
    response = api_client(user_of(place, role, level)).post(url, payload, format="json")
    assert response.status_code == status
    place.alliance.refresh_from_db()
    assert (place.alliance.surveyed_on is not None) == (status == 200)


def test_survey_of_another_area_is_404(place):
    other = CommunityFactory()
    response = api_client(user_with_grant(other.code, roles.COMMUNITY_STAFF)).post(
        reverse("alliance-survey", args=[place.alliance.pk]),
        {"needs": "x", "resources": "y", "surveyed_on": "2020-03-15"},
        format="json",
    )
    assert response.status_code == 404


def test_survey_fields_are_not_written_directly(place):
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    client.patch(reverse("alliance-detail", args=[place.alliance.pk]), {"survey_needs": "x"}, format="json")
    place.alliance.refresh_from_db()
    assert place.alliance.survey_needs == ""


def test_alliance_area_cannot_be_moved(place):
    client = api_client(user_of(place, roles.STREET_STAFF, "street"))
    other = CommunityFactory(street=place.community.street)
    client.patch(reverse("alliance-detail", args=[place.alliance.pk]), {"area_code": other.code}, format="json")
    place.alliance.refresh_from_db()
    assert place.alliance.area_code == place.community.code


# Masking of the contact phone.


@pytest.mark.parametrize(
    ("role", "level", "phone"),
    [
        (roles.COMMUNITY_STAFF, "community", "13912345678"),
        (roles.STREET_STAFF, "street", "13912345678"),
        (roles.DISTRICT_ORG_DEPT, "district", "139****5678"),
        (roles.CITY_ORG_DEPT, "city", "139****5678"),
        (roles.API_READER, "community", "139****5678"),
    ],
)
def test_contact_phone_is_masked_for_roles_without_personal_data(place, role, level, phone):
    client = api_client(user_of(place, role, level))
    assert client.get(reverse("member-unit-detail", args=[place.unit.pk])).json()["contact_phone"] == phone
    rows = client.get(reverse("member-unit-list")).json()["results"]
    assert [row["contact_phone"] for row in rows] == [phone]


def test_superuser_sees_the_phone_whole(place):
    admin = UserFactory(is_superuser=True, is_staff=True)
    response = api_client(admin).get(reverse("member-unit-detail", args=[place.unit.pk]))
    assert response.json()["contact_phone"] == "13912345678"


def test_masked_phone_is_not_written_back_by_an_update(place):
    client = api_client(user_of(place, roles.DISTRICT_ORG_DEPT, "district"))
    response = client.patch(reverse("member-unit-detail", args=[place.unit.pk]), {"commitments": "义诊"}, format="json")
    assert response.status_code == 200
    place.unit.refresh_from_db()
    assert (place.unit.contact_phone, place.unit.commitments) == ("13912345678", "义诊")


def test_member_unit_delete_retires_it_and_closes_its_venues(place):
    venue = VenueFactory(member=place.unit)
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    assert client.delete(reverse("member-unit-detail", args=[place.unit.pk])).status_code == 204
    assert client.get(reverse("venue-detail", args=[venue.pk])).json()["is_open"] is False


# Scoping for every role, on every endpoint.

ENDPOINTS = ["alliance", "member-unit", "venue", "activity", "alliance-problem", "meeting", "decision"]


def objects_of(place) -> dict:
    meeting = Meeting.objects.create(alliance=place.alliance, held_on=DAY, minutes="会商")
    problem = AllianceProblemFactory(alliance=place.alliance)
    decision = Decision.objects.create(
        meeting=meeting, problem=problem, assigned_to=place.unit, action="维修", deadline=DAY
    )
    return {
        "alliance": place.alliance,
        "member-unit": place.unit,
        "venue": VenueFactory(member=place.unit),
        "activity": ActivityFactory(alliance=place.alliance),
        "alliance-problem": problem,
        "meeting": meeting,
        "decision": decision,
    }


ROLES = [
    (roles.CITY_ORG_DEPT, "city", True),
    (roles.DISTRICT_ORG_DEPT, "district", True),
    (roles.STREET_STAFF, "street", True),
    (roles.COMMUNITY_STAFF, "community", True),
    (roles.API_READER, "community", True),
    (roles.GRID_WORKER, "grid", False),  # the alliance belongs to the community, above the grid
]


@pytest.mark.parametrize(("role", "level", "sees"), ROLES, ids=[f"{r}@{lvl}" for r, lvl, _s in ROLES])
def test_every_endpoint_is_scoped_for_every_role(place, role, level, sees):
    made = objects_of(place)
    elsewhere = objects_of(_other_place())
    client = api_client(user_of(place, role, level))
    for name in ENDPOINTS:
        listed = result_ids(client.get(reverse(f"{name}-list")))
        assert (made[name].pk in listed) == sees, name
        detail = client.get(reverse(f"{name}-detail", args=[made[name].pk]))
        assert detail.status_code == (200 if sees else 404), name
        if role != roles.CITY_ORG_DEPT:
            assert elsewhere[name].pk not in listed, name
            assert client.get(reverse(f"{name}-detail", args=[elsewhere[name].pk])).status_code == 404, name


def _other_place():
    community = CommunityFactory()
    alliance = alliance_in(community.code)
    return SimpleNamespace(community=community, alliance=alliance, unit=MemberUnitFactory(alliance=alliance))


@pytest.mark.parametrize(("role", "level", "status"), [
    (roles.CITY_ORG_DEPT, "city", 201),
    (roles.DISTRICT_ORG_DEPT, "district", 201),
    (roles.STREET_STAFF, "street", 201),
    (roles.COMMUNITY_STAFF, "community", 201),
    (roles.API_READER, "community", 403),
    (roles.GRID_WORKER, "grid", 400),  # the alliance is not among those a grid worker sees
])  # fmt: skip
def test_collecting_a_problem_by_role(place, role, level, status):
    payload = {"alliance": place.alliance.pk, "title": "路灯坏", "description": "3号楼前"}
    response = api_client(user_of(place, role, level)).post(reverse("alliance-problem-list"), payload, format="json")
    assert response.status_code == status
    assert AllianceProblem.objects.filter(title="路灯坏").exists() == (status == 201)


def test_a_reader_who_also_writes_elsewhere_may_not_write_here(place):
    user = user_of(place, roles.API_READER, "community")
    other = CommunityFactory()
    AreaGrantFactory(user=user, area_code=other.code, role=roles.COMMUNITY_STAFF)
    payload = {"alliance": place.alliance.pk, "title": "路灯坏", "description": "3号楼前"}
    client = api_client(user)
    response = client.post(reverse("alliance-problem-list"), payload, format="json")
    assert response.status_code == 400
    assert response.json()["alliance"] == [ROLE_MAY_NOT_WRITE]
    problem = problem_at(place.alliance, ProblemStep.IMPLEMENTED)
    response = client.post(reverse("alliance-problem-evaluate", args=[problem.pk]), {"evaluation": "satisfied"})
    assert response.status_code == 403
    assert response.json()["detail"] == ROLE_MAY_NOT_WRITE


# Activities.


def test_activity_organized_by_another_alliances_unit_is_400(place):
    other = MemberUnitFactory(alliance=alliance_in(place.community.code))
    payload = {
        "alliance": place.alliance.pk,
        "title": "义诊",
        "kind": "health",
        "held_on": "2020-06-15",
        "place": "广场",
        "organizers": [place.unit.pk, other.pk],
        "participants": 80,
    }
    response = api_client(user_of(place, roles.COMMUNITY_STAFF)).post(reverse("activity-list"), payload, format="json")
    assert response.status_code == 400
    assert response.json()["organizers"] == [gettext("Organizers must be member units of the alliance.")]
    assert not Activity.objects.exists()


def test_activity_organizer_outside_the_area_is_400(place):
    outsider = MemberUnitFactory()
    payload = {
        "alliance": place.alliance.pk,
        "title": "义诊",
        "kind": "health",
        "held_on": "2020-06-15",
        "place": "广场",
        "organizers": [outsider.pk],
        "participants": 80,
    }
    response = api_client(user_of(place, roles.COMMUNITY_STAFF)).post(reverse("activity-list"), payload, format="json")
    assert response.status_code == 400
    assert "Invalid pk" in response.json()["organizers"][0]


def test_activities_are_not_edited(place):
    activity = ActivityFactory(alliance=place.alliance, participants=30)
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    url = reverse("activity-detail", args=[activity.pk])
    assert client.patch(url, {"participants": 3000}, format="json").status_code == 405
    activity.refresh_from_db()
    assert activity.participants == 30


# Collecting a problem, linked to a resident's problem.


def test_collect_links_a_residents_problem_of_the_area(place):
    resident = ResidentProblemFactory(grid=place.grid)
    payload = {"alliance": place.alliance.pk, "title": "楼道灯", "description": "不亮", "resident_problem": resident.pk}
    response = api_client(user_of(place, roles.COMMUNITY_STAFF)).post(
        reverse("alliance-problem-list"), payload, format="json"
    )
    assert response.status_code == 201, response.data
    assert response.data["resident_problem"] == resident.pk
    assert response.data["step"] == "collected"
    assert response.data["collected_on"] == timezone.localdate().isoformat()


def test_collect_a_residents_problem_the_caller_cannot_see_is_400(place):
    resident = ResidentProblemFactory()
    payload = {"alliance": place.alliance.pk, "title": "楼道灯", "description": "不亮", "resident_problem": resident.pk}
    response = api_client(user_of(place, roles.COMMUNITY_STAFF)).post(
        reverse("alliance-problem-list"), payload, format="json"
    )
    assert response.status_code == 400
    assert "Invalid pk" in response.json()["resident_problem"][0]


def test_collect_a_residents_problem_outside_the_alliances_area_is_400(place):
    neighbour = CommunityFactory(street=place.community.street)
    resident = ResidentProblemFactory(grid=GridFactory(community=neighbour))
    payload = {"alliance": place.alliance.pk, "title": "楼道灯", "description": "不亮", "resident_problem": resident.pk}
    response = api_client(user_of(place, roles.STREET_STAFF, "street")).post(
        reverse("alliance-problem-list"), payload, format="json"
    )
    assert response.status_code == 400
    assert response.json()["resident_problem"] == [gettext("The problem must lie in the alliance's area.")]


@pytest.mark.parametrize("field", ["step", "evaluation"])
def test_the_step_is_not_written_as_a_field(place, field):
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    payload = {"alliance": place.alliance.pk, "title": "路灯", "description": "x", field: "evaluated"}
    response = client.post(reverse("alliance-problem-list"), payload, format="json")
    assert response.status_code == 400
    assert "only through" in response.json()["step"][0]
    problem = AllianceProblemFactory(alliance=place.alliance)
    url = reverse("alliance-problem-detail", args=[problem.pk])
    assert client.patch(url, {field: "evaluated"}, format="json").status_code == 405
    assert client.put(url, {field: "evaluated"}, format="json").status_code == 405
    problem.refresh_from_db()
    assert problem.step == ProblemStep.COLLECTED


# Meetings with their decisions.


def test_meeting_with_one_bad_decision_writes_nothing(place):
    first = AllianceProblemFactory(alliance=place.alliance)
    second = AllianceProblemFactory(alliance=place.alliance)
    other_unit = MemberUnitFactory(alliance=alliance_in(place.community.code))
    payload = {
        "alliance": place.alliance.pk,
        "held_on": "2020-06-10",
        "minutes": "会商",
        "decisions": [
            {"problem": first.pk, "assigned_to": place.unit.pk, "action": "协调", "deadline": "2020-06-30"},
            {"problem": second.pk, "assigned_to": other_unit.pk, "action": "维修", "deadline": "2020-06-30"},
        ],
    }
    response = api_client(user_of(place, roles.COMMUNITY_STAFF)).post(reverse("meeting-list"), payload, format="json")
    assert response.status_code == 400
    assert response.json()["assigned_to"] == [gettext("The unit must be a member of the meeting's alliance.")]
    assert not Meeting.objects.exists()
    assert not Decision.objects.exists()
    assert set(AllianceProblem.objects.values_list("step", flat=True)) == {"collected"}


def test_meeting_about_an_evaluated_problem_is_400(place):
    closed = problem_at(place.alliance, ProblemStep.EVALUATED)
    payload = {
        "alliance": place.alliance.pk,
        "held_on": "2020-06-10",
        "minutes": "会商",
        "decisions": [{"problem": closed.pk, "assigned_to": place.unit.pk, "action": "再办", "deadline": "2020-06-30"}],
    }
    response = api_client(user_of(place, roles.COMMUNITY_STAFF)).post(reverse("meeting-list"), payload, format="json")
    assert response.status_code == 400
    assert closed.title in response.json()["decisions"][0]
    assert Meeting.objects.count() == 1  # the one problem_at made


def test_meeting_without_decisions_is_400(place):
    payload = {"alliance": place.alliance.pk, "held_on": "2020-06-10", "minutes": "会商", "decisions": []}
    response = api_client(user_of(place, roles.COMMUNITY_STAFF)).post(reverse("meeting-list"), payload, format="json")
    assert response.status_code == 400
    assert "decisions" in response.json()
    assert not Meeting.objects.exists()


# Reporting decisions and evaluating problems.


def test_reports_implement_the_problem_then_the_evaluation_closes_it(place):
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    problem = AllianceProblemFactory(alliance=place.alliance)
    second_unit = MemberUnitFactory(alliance=place.alliance)
    decisions = [
        {"problem": problem.pk, "assigned_to": unit.pk, "action": action, "deadline": "2020-06-30"}
        for unit, action in [(place.unit, "开放停车场"), (second_unit, "施划车位")]
    ]
    meeting = client.post(
        reverse("meeting-list"),
        {"alliance": place.alliance.pk, "held_on": "2020-06-10", "minutes": "会商", "decisions": decisions},
        format="json",
    ).json()
    first_id, second_id = (row["id"] for row in meeting["decisions"])
    evaluate = reverse("alliance-problem-evaluate", args=[problem.pk])

    too_early = client.post(evaluate, {"evaluation": "satisfied"}, format="json")
    assert too_early.status_code == 400
    assert too_early.json()["non_field_errors"] == [
        gettext("Only a problem whose decisions were all carried out can be evaluated.")
    ]

    response = client.post(reverse("decision-report", args=[first_id]), {"report": "已开放50个车位"}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["problem_step"] == "consulted"
    assert response.data["reported_on"] == timezone.localdate().isoformat()
    assert response.data["reported_by"] == problem_user(client)
    response = client.post(
        reverse("decision-report", args=[second_id]), {"report": "已施划", "reported_on": "2020-06-20"}, format="json"
    )
    assert response.data["problem_step"] == "implemented"

    response = client.post(evaluate, {"evaluation": "basically_satisfied", "comment": "回访满意"}, format="json")
    assert response.status_code == 200, response.data
    assert (response.data["step"], response.data["evaluation"]) == ("evaluated", "basically_satisfied")
    loop = client.get(reverse("alliance-detail", args=[place.alliance.pk])).json()["loop"]
    assert (loop["evaluated"], loop["satisfaction_rate"]) == (1, 100.0)

    late = client.post(reverse("decision-report", args=[first_id]), {"report": "补充"}, format="json")
    assert late.status_code == 400
    assert late.json()["non_field_errors"] == [gettext("The problem is already evaluated and closed.")]


def problem_user(client) -> str:
    from communities.models import ApiToken

    key = client._credentials["HTTP_AUTHORIZATION"].split()[1]
    return ApiToken.objects.get(key_hash=ApiToken.hash_key(key)).user.username


def test_dissatisfied_evaluation_sends_the_problem_back(place):
    problem = problem_at(place.alliance, ProblemStep.IMPLEMENTED)
    client = api_client(user_of(place, roles.STREET_STAFF, "street"))
    response = client.post(
        reverse("alliance-problem-evaluate", args=[problem.pk]), {"evaluation": "dissatisfied"}, format="json"
    )
    assert response.status_code == 200
    assert response.data["step"] == "collected"


def test_unknown_evaluation_is_400(place):
    problem = problem_at(place.alliance, ProblemStep.IMPLEMENTED)
    response = api_client(user_of(place, roles.COMMUNITY_STAFF)).post(
        reverse("alliance-problem-evaluate", args=[problem.pk]), {"evaluation": "great"}, format="json"
    )
    assert response.status_code == 400
    problem.refresh_from_db()
    assert problem.step == ProblemStep.IMPLEMENTED


def test_blank_report_is_400(place):
    decision = problem_at(place.alliance, ProblemStep.CONSULTED).decisions.get()
    response = api_client(user_of(place, roles.COMMUNITY_STAFF)).post(
        reverse("decision-report", args=[decision.pk]), {"report": ""}, format="json"
    )
    assert response.status_code == 400
    decision.refresh_from_db()
    assert decision.reported_on is None


@pytest.mark.parametrize(
    ("role", "level", "status"),
    [
        (roles.API_READER, "community", 403),
        (roles.GRID_WORKER, "grid", 404),
        (roles.CITY_ORG_DEPT, "city", 200),
    ],
)
def test_actions_of_the_loop_by_role(place, role, level, status):
    client = api_client(user_of(place, role, level))
    decision = problem_at(place.alliance, ProblemStep.CONSULTED).decisions.get()
    assert client.post(reverse("decision-report", args=[decision.pk]), {"report": "已办"}).status_code == status
    problem = problem_at(place.alliance, ProblemStep.IMPLEMENTED)
    response = client.post(reverse("alliance-problem-evaluate", args=[problem.pk]), {"evaluation": "satisfied"})
    assert response.status_code == status
    problem.refresh_from_db()
    assert (problem.step == ProblemStep.EVALUATED) == (status == 200)


def test_actions_on_another_areas_objects_are_404(place):
    client = api_client(user_with_grant(CommunityFactory().code, roles.COMMUNITY_STAFF))
    decision = problem_at(place.alliance, ProblemStep.CONSULTED).decisions.get()
    response = client.post(reverse("decision-report", args=[decision.pk]), {"report": "已办"})
    assert response.status_code == 404
    assert "outside your area" in response.json()["detail"]
    problem = problem_at(place.alliance, ProblemStep.IMPLEMENTED)
    assert (
        client.post(reverse("alliance-problem-evaluate", args=[problem.pk]), {"evaluation": "satisfied"}).status_code
        == 404
    )


# Filters.


def test_decision_filters_reported_and_overdue(place):
    today = timezone.localdate()
    alliance = place.alliance
    meeting = Meeting.objects.create(alliance=alliance, held_on=DAY, minutes="会商")
    problem = AllianceProblemFactory(alliance=alliance)
    other_unit = MemberUnitFactory(alliance=alliance)

    def make(deadline, reported, unit=place.unit):
        extra = {"report": "已办", "reported_on": today} if reported else {}
        return Decision.objects.create(
            meeting=meeting, problem=problem, assigned_to=unit, action="办", deadline=deadline, **extra
        ).pk

    overdue = make(today - timedelta(days=1), False)
    due_later = make(today + timedelta(days=5), False, other_unit)
    reported_late = make(today - timedelta(days=10), True)
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    url = reverse("decision-list")
    assert result_ids(client.get(url, {"overdue": "true"})) == {overdue}
    assert result_ids(client.get(url, {"overdue": "false"})) == {due_later, reported_late}
    assert result_ids(client.get(url, {"reported": "true"})) == {reported_late}
    assert result_ids(client.get(url, {"reported": "false"})) == {overdue, due_later}
    assert result_ids(client.get(url, {"assigned_to": other_unit.pk})) == {due_later}
    assert result_ids(client.get(url, {"alliance": alliance.pk})) == {overdue, due_later, reported_late}
    assert client.get(url, {"overdue": "true"}).json()["results"][0]["overdue"] is True


def test_problem_activity_and_unit_filters(place):
    client = api_client(user_of(place, roles.STREET_STAFF, "street"))
    consulted = problem_at(place.alliance, ProblemStep.CONSULTED)
    collected = problem_at(place.alliance, ProblemStep.COLLECTED)
    neighbour = CommunityFactory(street=place.community.street)
    elsewhere = problem_at(alliance_in(neighbour.code), ProblemStep.COLLECTED)
    url = reverse("alliance-problem-list")
    assert result_ids(client.get(url, {"step": "consulted"})) == {consulted.pk}
    assert result_ids(client.get(url, {"area": place.community.code, "step": "collected"})) == {collected.pk}
    assert result_ids(client.get(url, {"alliance": elsewhere.alliance_id})) == {elsewhere.pk}

    june = ActivityFactory(alliance=place.alliance, held_on=date(2020, 6, 10), kind="health")
    ActivityFactory(alliance=place.alliance, held_on=date(2020, 8, 1), kind="culture")
    window = {"held_from": "2020-06-01", "held_to": "2020-06-30"}
    assert result_ids(client.get(reverse("activity-list"), window)) == {june.pk}
    assert result_ids(client.get(reverse("activity-list"), {"kind": "health"})) == {june.pk}

    school = MemberUnitFactory(alliance=place.alliance, kind="school")
    assert result_ids(client.get(reverse("member-unit-list"), {"kind": "school"})) == {school.pk}
    assert result_ids(client.get(reverse("member-unit-list"), {"q": school.name})) == {school.pk}


def test_filter_by_an_alliance_outside_the_area_matches_nothing(place):
    outsider = alliance_in(CommunityFactory().code)
    MemberUnitFactory(alliance=outsider)
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    response = client.get(reverse("member-unit-list"), {"alliance": outsider.pk})
    assert response.status_code == 200
    assert response.json()["results"] == []
