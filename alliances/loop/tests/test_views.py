"""Pages of the alliances: generated tests of the list and forms, then the alliance page by hand."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from alliances.loop.choices import ProblemStep
from alliances.loop.models import Activity, Alliance, AllianceProblem, Decision, Meeting, MemberUnit, Venue
from alliances.tests.factories import (
    ActivityFactory,
    AllianceFactory,
    AllianceProblemFactory,
    MemberUnitFactory,
    VenueFactory,
)
from communities.tests.factories import PartyOrganizationFactory, user_with_grant
from grids.problems.choices import Evaluation
from grids.tests.factories import ResidentProblemFactory
from jilin_grid.scope import Role
from jilin_grid.testing.views import ViewTestCases, build_world, table_html


def alliance_in(community, **kwargs) -> Alliance:
    return AllianceFactory(lead_organization=PartyOrganizationFactory(area_code=community.code), **kwargs)


def page_url(alliance) -> str:
    return reverse("alliances:alliance_detail", args=[alliance.pk])


def form_url(alliance, name, target=None) -> str:
    if target is None:
        return reverse("alliances:alliance_form", args=[alliance.pk, name])
    return reverse("alliances:alliance_form_target", args=[alliance.pk, name, target.pk])


# Generated tests --------------------------------------------------------------------------------


class TestAllianceViews(ViewTestCases.PrimaryObjectViewTests):
    model = Alliance
    url_prefix = "alliances:alliance"

    def make_object(self, grid):
        return alliance_in(grid.community)

    def create_data(self):
        organization = PartyOrganizationFactory(area_code=self.world.community.code)
        return {
            "name": "北山社区党建联盟",
            "area_code": self.world.community.code,
            "lead_organization": organization.pk,
            "charter": "共驻共建，资源共享",
            "founded_on": "2020-04-01",
        }

    def created(self):
        return Alliance.objects.filter(name="北山社区党建联盟")

    def update_data(self, obj):
        return {"name": obj.name + "（更名）", "lead_organization": obj.lead_organization_id, "charter": "新章程"}

    def assert_updated(self, obj):
        assert obj.name.endswith("（更名）")
        assert obj.charter == "新章程"

    # A formed or edited alliance opens its own page rather than the list.
    def test_create_saves_for_a_permitted_user(self):
        self.client.force_login(self.world.writer)
        assert self.client.get(self.url("create")).status_code == 200
        response = self.client.post(self.url("create"), self.create_data(), follow=True)
        assert response.redirect_chain, response.context["form"].errors
        alliance = self.created().get()
        assert response.redirect_chain[-1][0] == page_url(alliance)
        assert b"alert-success" in response.content
        assert alliance.area_code == self.world.community.code and alliance.charter == "共驻共建，资源共享"

    def test_edit_form_opens_and_saves_for_a_permitted_user(self):
        obj = self.make_object(self.world.grid)
        self.client.force_login(self.world.writer)
        assert self.client.get(self.url("edit", obj)).status_code == 200
        response = self.client.post(self.url("edit", obj), self.update_data(obj))
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        assert response["Location"] == page_url(obj)
        obj.refresh_from_db()
        self.assert_updated(obj)


# The alliance form ------------------------------------------------------------------------------


@pytest.fixture
def world(db):
    return build_world()


def test_alliance_form_refuses_a_lead_organization_outside_the_area(client, world):
    street_organization = PartyOrganizationFactory(area_code=world.community.code)
    client.force_login(user_with_grant(world.community.street.code, Role.STREET_STAFF))
    other = PartyOrganizationFactory(area_code=world.other_community.code, name="田园社区党委")
    response = client.post(
        reverse("alliances:alliance_create"),
        {"name": "错位联盟", "area_code": world.community.code, "lead_organization": other.pk},
    )
    assert response.status_code == 400
    assert "lead_organization" in response.context["form"].errors
    assert not Alliance.objects.filter(name="错位联盟").exists()
    response = client.post(
        reverse("alliances:alliance_create"),
        {"name": "对位联盟", "area_code": world.community.code, "lead_organization": street_organization.pk},
    )
    assert response.status_code == 302


def test_alliance_area_stays_when_edited(client, world):
    alliance = alliance_in(world.community)
    client.force_login(world.writer)
    client.post(
        reverse("alliances:alliance_edit", args=[alliance.pk]),
        {
            "name": alliance.name,
            "area_code": world.other_community.code,
            "lead_organization": alliance.lead_organization_id,
        },
    )
    alliance.refresh_from_db()
    assert alliance.area_code == world.community.code


# The list ---------------------------------------------------------------------------------------


def build_alliance(community, *, members=3, venues=2, activities=(30, 45), problems=None):
    """An alliance with members, open and closed venues, activities and problems at given steps."""
    alliance = alliance_in(community)
    units = [MemberUnitFactory(alliance=alliance) for _ in range(members)]
    MemberUnitFactory(alliance=alliance, is_active=False)
    for index in range(venues):
        VenueFactory(member=units[index % len(units)])
    VenueFactory(member=units[0], is_open=False)
    for participants in activities:
        ActivityFactory(alliance=alliance, participants=participants)
    problems = problems or {
        ProblemStep.COLLECTED: 2,
        ProblemStep.CONSULTED: 1,
        ProblemStep.IMPLEMENTED: 1,
        ProblemStep.EVALUATED: 2,
    }
    for step, count in problems.items():
        for _ in range(count):
            kwargs = {"step": step}
            if step == ProblemStep.EVALUATED:
                kwargs["evaluation"] = Evaluation.SATISFIED
            AllianceProblemFactory(alliance=alliance, **kwargs)
    # A dissatisfied evaluation sent back to be consulted again.
    AllianceProblemFactory(alliance=alliance, step=ProblemStep.COLLECTED, evaluation=Evaluation.DISSATISFIED)
    return alliance


def independent_figures(alliance) -> dict:
    """The figures worked out in Python from the rows, not by the selector."""
    problems = list(AllianceProblem.objects.filter(alliance=alliance))
    evaluations = [p for p in problems if p.evaluation]
    satisfied = [p for p in evaluations if p.evaluation in (Evaluation.SATISFIED, Evaluation.BASICALLY_SATISFIED)]
    return {
        "members": sum(1 for m in MemberUnit.objects.filter(alliance=alliance) if m.is_active),
        "venues": sum(1 for v in Venue.objects.filter(member__alliance=alliance) if v.is_open),
        "participants": sum(a.participants for a in Activity.objects.filter(alliance=alliance)),
        "found": len(problems),
        "consulted": sum(1 for p in problems if p.step != ProblemStep.COLLECTED),
        "solved": sum(1 for p in problems if p.step in (ProblemStep.IMPLEMENTED, ProblemStep.EVALUATED)),
        "evaluated": sum(1 for p in problems if p.step == ProblemStep.EVALUATED),
        "rate": f"{round(100 * len(satisfied) / len(evaluations), 1)}%" if evaluations else "—",
    }


def test_list_shows_each_alliances_figures(client, world):
    alliance = build_alliance(world.community)
    alliance_in(world.other_community, name="邻社区联盟")
    expected = independent_figures(alliance)
    assert expected["found"] == 7 and expected["rate"] == "66.7%"
    client.force_login(world.writer)
    response = client.get(reverse("alliances:alliance_list"))
    table = table_html(response)
    assert "邻社区联盟" not in response.content.decode()
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)]
    assert cells[0] == alliance.name
    assert cells[4:12] == [
        str(expected[key])
        for key in ("members", "venues", "participants", "found", "consulted", "solved", "evaluated", "rate")
    ]


def test_list_filters_by_area_and_text(client, world):
    own = alliance_in(world.community, name="江南联盟")
    other = alliance_in(world.other_community, name="江北联盟")
    client.force_login(user_with_grant(world.community.street.code, Role.STREET_STAFF))
    table = table_html(client.get(reverse("alliances:alliance_list"), {"area": world.other_community.code}))
    assert other.name in table and own.name not in table
    table = table_html(client.get(reverse("alliances:alliance_list"), {"q": "江南"}))
    assert own.name in table and other.name not in table


def test_list_exports_excel_with_the_figures(client, world):
    alliance = build_alliance(world.community)
    expected = independent_figures(alliance)
    client.force_login(world.writer)
    response = client.get(reverse("alliances:alliance_list"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert len(rows) == 2
    row = rows[1]
    assert row[0] == alliance.name
    assert list(row[4:11]) == [
        expected[key] for key in ("members", "venues", "participants", "found", "consulted", "solved", "evaluated")
    ]
    # The rate is a number, the fraction satisfied, shown as a percent.
    rate = sheet.cell(row=2, column=12)
    assert rate.data_type == "n" and rate.number_format == "0.0%"
    assert f"{round(rate.value * 100, 1)}%" == expected["rate"]


# The alliance page ------------------------------------------------------------------------------


def figure(content: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', content)
    return match.group(1).strip()


def test_page_shows_the_loop_and_its_figures_against_an_independent_count(client, world):
    alliance = build_alliance(world.community)
    expected = independent_figures(alliance)
    client.force_login(world.viewer)
    content = client.get(page_url(alliance)).content.decode()
    assert figure(content, "found") == str(expected["found"])
    assert figure(content, "consulted") == str(expected["consulted"])
    assert figure(content, "solved") == str(expected["solved"])
    assert figure(content, "evaluated") == str(expected["evaluated"])
    assert figure(content, "satisfaction_rate") == expected["rate"]
    assert figure(content, "member_units") == str(expected["members"])
    assert figure(content, "open_venues") == str(expected["venues"])
    assert figure(content, "activity_participants") == str(expected["participants"])
    # The ring: six steps in order, counts of problems standing at each, and the arrow back.
    steps = re.findall(r'<g class="node[^"]*" data-step="(\w+)"', content)
    assert steps == ["survey", "form", "collect", "consult", "implement", "evaluate"]
    counts = dict(re.findall(r'data-count="(\w+)">([^<]*)<', content))
    assert counts == {"survey": "—", "form": "3", "collect": "3", "consult": "1", "implement": "1", "evaluate": "2"}
    assert 'data-testid="loop-back"' in content
    # Each problem shows where it stands; a reader gets no forms.
    assert content.count('data-state="current"') == expected["found"]
    assert "reopened" in content or "重新" in content
    assert 'method="post"' not in content.split("<main")[1]


def test_page_badges_show_the_steps_done_and_ahead(client, world):
    alliance = alliance_in(world.community)
    problem = AllianceProblemFactory(alliance=alliance, step=ProblemStep.IMPLEMENTED)
    client.force_login(world.writer)
    content = client.get(page_url(alliance)).content.decode()
    item = content[content.index(f'data-problem="{problem.pk}"') :]
    states = re.findall(r'data-badge="(\w+)" data-state="(\w+)"', item)[:4]
    assert states == [("collected", "done"), ("consulted", "done"), ("implemented", "current"), ("evaluated", "ahead")]


def test_page_outside_the_area_is_not_found_and_anonymous_goes_to_login(client, world):
    alliance = alliance_in(world.community)
    response = client.get(page_url(alliance))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(world.outsider)
    assert client.get(page_url(alliance)).status_code == 404


def test_phone_is_masked_for_roles_without_personal_data(client, world):
    alliance = alliance_in(world.community)
    MemberUnitFactory(alliance=alliance, contact_phone="13912345678")
    district = world.community.street.district
    client.force_login(user_with_grant(district.code, Role.DISTRICT_ORG_DEPT))
    content = client.get(page_url(alliance)).content.decode()
    assert "139****5678" in content and "13912345678" not in content
    client.force_login(world.writer)
    content = client.get(page_url(alliance)).content.decode()
    assert "13912345678" in content


def test_member_edit_keeps_a_hidden_phone_for_roles_without_personal_data(client, world):
    alliance = alliance_in(world.community)
    member = MemberUnitFactory(alliance=alliance, contact_phone="13912345678")
    district_user = user_with_grant(world.community.street.district.code, Role.DISTRICT_ORG_DEPT)
    client.force_login(district_user)
    url = reverse("alliances:member_unit_edit", args=[member.pk])
    assert "13912345678" not in client.get(url).content.decode()
    response = client.post(url, {"name": member.name, "kind": member.kind, "commitments": "每月一次义诊"})
    assert response.status_code == 302 and response["Location"] == page_url(alliance)
    member.refresh_from_db()
    assert member.contact_phone == "13912345678" and member.commitments == "每月一次义诊"


# The forms of the page: allowed to writers, 403 to readers, 404 outside -------------------------


@pytest.fixture
def setup(world):
    alliance = alliance_in(world.community)
    units = [MemberUnitFactory(alliance=alliance, name=name) for name in ("吉林市第一中学", "红旗物业公司")]
    return {"world": world, "alliance": alliance, "units": units}


def post_as(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


def check_refused(client, world, url, data):
    assert post_as(client, world.viewer, url, data).status_code == 403
    assert post_as(client, world.outsider, url, data).status_code == 404


def test_survey_form(client, setup):
    world, alliance = setup["world"], setup["alliance"]
    data = {"needs": "老人就餐难", "resources": "学校食堂可开放", "surveyed_on": "2020-03-10"}
    check_refused(client, world, form_url(alliance, "survey"), data)
    alliance.refresh_from_db()
    assert not alliance.surveyed_on
    response = post_as(client, world.writer, form_url(alliance, "survey"), data)
    assert response.status_code == 302 and response["Location"] == page_url(alliance)
    alliance.refresh_from_db()
    assert alliance.survey_needs == "老人就餐难" and alliance.surveyed_on == datetime.date(2020, 3, 10)
    content = client.get(page_url(alliance)).content.decode()
    assert "老人就餐难" in content and 'data-count="survey">✓' in content


def test_survey_form_shows_its_errors_open(client, setup):
    world, alliance = setup["world"], setup["alliance"]
    response = post_as(client, world.writer, form_url(alliance, "survey"), {"needs": "  ", "surveyed_on": "2020-03-10"})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="form-survey"' in content and 'class="collapse show" id="form-survey"' in content
    assert 'data-field="resources"' in content


def test_member_unit_add_edit_and_retire(client, setup):
    world, alliance = setup["world"], setup["alliance"]
    data = {"name": "市中心医院", "kind": "hospital", "contact_name": "李医生", "contact_phone": "13800001111",
            "offers_skills": "on", "resources": "义诊", "commitments": "每季度一次健康讲座"}  # fmt: skip
    check_refused(client, world, form_url(alliance, "member"), data)
    assert post_as(client, world.writer, form_url(alliance, "member"), data).status_code == 302
    member = alliance.members.get(name="市中心医院")
    assert member.offers_skills and member.area_code == alliance.area_code
    # A second unit of the same name: the service's refusal is shown on the form.
    response = client.post(form_url(alliance, "member"), data)
    assert response.status_code == 400 and alliance.members.filter(name="市中心医院").count() == 1
    assert response.context["forms"]["member"].errors
    edit = reverse("alliances:member_unit_edit", args=[member.pk])
    assert post_as(client, world.outsider, edit, data).status_code == 404
    assert post_as(client, world.viewer, edit, data).status_code == 403
    response = post_as(client, world.writer, edit, {**data, "commitments": "每月一次义诊"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.commitments == "每月一次义诊"
    retire = reverse("alliances:member_unit_retire", args=[member.pk])
    assert post_as(client, world.viewer, retire, {}).status_code == 403
    response = post_as(client, world.writer, retire, {})
    assert response.status_code == 302 and response["Location"] == page_url(alliance)
    member.refresh_from_db()
    assert not member.is_active


def test_venue_form_offers_only_the_alliances_units(client, setup):
    world, alliance = setup["world"], setup["alliance"]
    stranger = MemberUnitFactory(alliance=alliance_in(world.community))
    data = {"member": setup["units"][0].pk, "name": "一中体育馆", "address": "北京路5号", "opening_hours": "周末全天",
            "capacity": "200", "is_open": "on"}  # fmt: skip
    check_refused(client, world, form_url(alliance, "venue"), data)
    response = post_as(client, world.writer, form_url(alliance, "venue"), {**data, "member": stranger.pk})
    assert response.status_code == 400 and "member" in response.context["forms"]["venue"].errors
    assert post_as(client, world.writer, form_url(alliance, "venue"), data).status_code == 302
    venue = Venue.objects.get(name="一中体育馆")
    assert venue.member == setup["units"][0] and venue.is_open and venue.capacity == 200
    assert "一中体育馆" in client.get(page_url(alliance)).content.decode()


def test_activity_form(client, setup):
    world, alliance = setup["world"], setup["alliance"]
    data = {"title": "敬老助餐", "kind": "volunteering", "held_on": "2020-06-12", "place": "社区食堂",
            "organizers": [u.pk for u in setup["units"]], "participants": "85"}  # fmt: skip
    check_refused(client, world, form_url(alliance, "activity"), data)
    assert post_as(client, world.writer, form_url(alliance, "activity"), data).status_code == 302
    activity = Activity.objects.get(title="敬老助餐")
    assert set(activity.organizers.all()) == set(setup["units"]) and activity.participants == 85
    content = client.get(page_url(alliance)).content.decode()
    assert figure(content, "activity_participants") == "85"
    response = client.post(form_url(alliance, "activity"), {**data, "participants": "-1"})
    assert response.status_code == 400 and Activity.objects.count() == 1


def test_collect_form_links_only_resident_problems_of_the_area(client, setup):
    world, alliance = setup["world"], setup["alliance"]
    own = ResidentProblemFactory(grid=world.grid, description="楼道堆物")
    other = ResidentProblemFactory(grid=world.other_grid, description="邻社区的问题")
    data = {"title": "楼道堆物清理", "description": "三号楼楼道堆满杂物", "collected_on": "2020-05-02",
            "resident_problem": own.pk}  # fmt: skip
    check_refused(client, world, form_url(alliance, "problem"), data)
    client.force_login(world.writer)
    content = client.get(page_url(alliance)).content.decode()
    assert "楼道堆物" in content and "邻社区的问题" not in content
    response = client.post(form_url(alliance, "problem"), {**data, "resident_problem": other.pk})
    assert response.status_code == 400 and "resident_problem" in response.context["forms"]["problem"].errors
    assert client.post(form_url(alliance, "problem"), data).status_code == 302
    problem = alliance.problems.get()
    assert problem.resident_problem == own and problem.step == ProblemStep.COLLECTED
    assert (
        client.post(form_url(alliance, "problem"), {**data, "resident_problem": "", "title": "自提"}).status_code == 302
    )
    assert alliance.problems.count() == 2


def meeting_data(problem, unit, **overrides) -> dict:
    data = {
        "held_on": "2020-06-01",
        "attendees": [unit.pk],
        "minutes": "联席会议研究楼道清理",
        "decisions-TOTAL_FORMS": "3",
        "decisions-INITIAL_FORMS": "0",
        "decisions-MIN_NUM_FORMS": "0",
        "decisions-MAX_NUM_FORMS": "20",
        "decisions-0-problem": problem.pk,
        "decisions-0-assigned_to": unit.pk,
        "decisions-0-action": "组织志愿者清理",
        "decisions-0-deadline": "2020-06-15",
    }
    for index in (1, 2):
        for field in ("problem", "assigned_to", "action", "deadline"):
            data[f"decisions-{index}-{field}"] = ""
    data.update(overrides)
    return data


def test_meeting_form_records_decisions_and_moves_the_problem(client, setup):
    world, alliance, unit = setup["world"], setup["alliance"], setup["units"][1]
    problem = AllianceProblemFactory(alliance=alliance)
    data = meeting_data(problem, unit)
    check_refused(client, world, form_url(alliance, "meeting"), data)
    client.force_login(world.writer)
    empty = {k: v for k, v in data.items() if not k.startswith("decisions-0")}
    response = client.post(form_url(alliance, "meeting"), empty)
    assert response.status_code == 400 and not Meeting.objects.exists()
    assert "at least one decision" in response.content.decode() or "至少" in response.content.decode()
    response = client.post(form_url(alliance, "meeting"), data)
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.assigned_to == unit and decision.deadline == datetime.date(2020, 6, 15)
    problem.refresh_from_db()
    assert problem.step == ProblemStep.CONSULTED
    content = client.get(page_url(alliance)).content.decode()
    assert "组织志愿者清理" in content and 'data-testid="overdue"' in content


def test_report_and_evaluation_close_the_loop(client, setup):
    world, alliance, unit = setup["world"], setup["alliance"], setup["units"][0]
    problem = AllianceProblemFactory(alliance=alliance)
    client.force_login(world.writer)
    client.post(form_url(alliance, "meeting"), meeting_data(problem, unit, **{"decisions-0-deadline": "2999-01-01"}))
    decision = Decision.objects.get()
    report = {"report": "已清理完毕", "reported_on": "2020-06-10"}
    check_refused(client, world, form_url(alliance, "report", decision), report)
    client.force_login(world.writer)
    response = client.post(form_url(alliance, "report", decision), {"report": "", "reported_on": "2020-06-10"})
    assert response.status_code == 400
    assert 'class="collapse show" id="form-report-' in response.content.decode()
    assert client.post(form_url(alliance, "report", decision), report).status_code == 302
    problem.refresh_from_db()
    assert problem.step == ProblemStep.IMPLEMENTED
    evaluation = {"evaluation": Evaluation.SATISFIED, "comment": "楼道干净了", "evaluated_on": "2020-06-20"}
    check_refused(client, world, form_url(alliance, "evaluate", problem), evaluation)
    client.force_login(world.writer)
    assert client.post(form_url(alliance, "evaluate", problem), evaluation).status_code == 302
    problem.refresh_from_db()
    assert problem.step == ProblemStep.EVALUATED
    content = client.get(page_url(alliance)).content.decode()
    assert figure(content, "satisfaction_rate") == "100.0%" and figure(content, "evaluated") == "1"
    # Evaluated: no more report or evaluation forms, and the service refuses a second one.
    assert form_url(alliance, "evaluate", problem) not in content
    response = client.post(form_url(alliance, "evaluate", problem), evaluation, follow=True)
    assert response.redirect_chain[-1][0] == page_url(alliance)
    assert "alert-danger" in response.content.decode()
    problem.refresh_from_db()
    assert problem.evaluation_comment == "楼道干净了"


def test_a_decision_of_another_alliance_is_not_found(client, setup):
    world, alliance = setup["world"], setup["alliance"]
    other = alliance_in(world.community)
    problem = AllianceProblemFactory(alliance=other)
    client.force_login(world.writer)
    assert client.post(form_url(alliance, "evaluate", problem), {}).status_code == 404
    assert client.post(reverse("alliances:alliance_form", args=[alliance.pk, "nonsense"]), {}).status_code == 404


# Queries ----------------------------------------------------------------------------------------


def grow(world, n):
    for _ in range(n):
        alliance = build_alliance(world.community)
        MemberUnitFactory(alliance=alliance)


def test_list_and_page_run_a_fixed_number_of_queries(client, world):
    client.force_login(world.writer)
    grow(world, 2)
    alliance = Alliance.objects.first()
    ResidentProblemFactory(grid=world.grid)
    meeting = Meeting.objects.create(alliance=alliance, held_on=datetime.date(2020, 5, 1), minutes="首次会商")
    meeting.attendees.set(alliance.members.all()[:1])
    counts = {}
    for url in (reverse("alliances:alliance_list"), page_url(alliance)):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    grow(world, 20)
    units = list(alliance.members.filter(is_active=True))
    for index in range(20):
        problem = AllianceProblemFactory(alliance=alliance)
        ActivityFactory(alliance=alliance).organizers.set(units)
        VenueFactory(member=units[index % len(units)])
        meeting = Meeting.objects.create(alliance=alliance, held_on=datetime.date(2020, 6, 1), minutes="会商")
        meeting.attendees.set(units)
        Decision.objects.create(
            meeting=meeting, problem=problem, assigned_to=units[0], action="落实", deadline=datetime.date(2020, 7, 1)
        )
        ResidentProblemFactory(grid=world.grid)
    for url, small in counts.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == small, url
    print("queries", counts)
    assert counts[reverse("alliances:alliance_list")] <= 8
    assert counts[page_url(alliance)] <= 20


@pytest.mark.parametrize(
    ("language", "names", "form_note"),
    [
        ("zh-hans", ["摸底", "组建", "收集", "会商", "落实", "评价"], "成员单位"),
        ("en", ["Survey", "Form", "Collect", "Consult", "Implement", "Evaluate"], "member units"),
    ],
)
def test_ring_names_each_step_once_in_the_readers_language(client, world, language, names, form_note):
    alliance = build_alliance(world.community)
    client.force_login(world.viewer)
    content = client.get(page_url(alliance), headers={"accept-language": language}).content.decode()
    ring = content.split('data-testid="loop-ring"')[1].split("</svg>")[0].split("</title>")[1]
    assert re.findall(r'data-step-name="\w+">([^<]*)<', ring) == names
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", ring)
    for name in ["摸底", "组建", "收集", "会商", "落实", "评价"]:
        # Each step once in the ring: no Chinese name beside its translation.
        assert texts.count(name) == (1 if language == "zh-hans" else 0)
    assert form_note in ring and "单元" not in ring.replace("成员单位", "")
