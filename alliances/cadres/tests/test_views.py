"""Pages of the sunk cadres (机关党员干部下沉) and of the volunteering report by employer unit:
generated tests of the lists and forms, then the assignment page, the roster, the overview and
the report by hand, each against counts made independently from the rows."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from alliances.cadres import services
from alliances.cadres.models import CadreAssignment, Checkpoint, Department, DutyShift
from alliances.cadres.views import CADRES_KEYS
from alliances.tests.factories import (
    CadreAssignmentFactory,
    CheckpointFactory,
    DepartmentFactory,
    InServiceMemberFactory,
    MemberReportFactory,
    PostClaimFactory,
    ServiceRecordFactory,
    UnitOrganizationFactory,
)
from communities.models import Person
from communities.tests.factories import CommunityFactory, StreetFactory, user_reading_through_api_grant, user_with_grant
from grids.tests.factories import GridFactory
from jilin_grid.scope import Role
from jilin_grid.testing.views import ViewTestCases, World, build_world, table_html

DAY = datetime.date(2020, 2, 10)  # a Monday
WEEK = [DAY + datetime.timedelta(days=i) for i in range(7)]


def district_of(community):
    return community.street.district


def moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def assignment_page(assignment) -> str:
    return reverse("alliances:cadre_assignment_detail", args=[assignment.pk])


def form_url(assignment, name) -> str:
    return reverse("alliances:cadre_assignment_form", args=[assignment.pk, name])


def form_errors(response) -> list[str]:
    """The messages at the top of the form that was sent back."""
    block = re.search(r'data-testid="form-errors">(.*?)</div>\s*\n', response.content.decode(), re.S)
    return re.findall(r"<div>(.*?)</div>", block.group(1)) if block else []


# Generated tests --------------------------------------------------------------------------------


class TestDepartmentViews(ViewTestCases.PrimaryObjectViewTests):
    """Departments belong to the city or a district: the writer is the district's organization
    department, the outsider another district's."""

    model = Department
    url_prefix = "alliances:department"

    @pytest.fixture(autouse=True)
    def _world(self, db, client):
        world = build_world()
        other_community = CommunityFactory()  # in a street of another district
        district = district_of(world.community)
        self.world = World(
            community=world.community,
            grid=world.grid,
            other_community=other_community,
            other_grid=GridFactory(community=other_community),
            writer=user_with_grant(district.code, Role.DISTRICT_ORG_DEPT),
            outsider=user_with_grant(district_of(other_community).code, Role.DISTRICT_ORG_DEPT),
            reader=user_with_grant(district.code, Role.API_READER),
            viewer=user_reading_through_api_grant(district.code),
        )
        self.client = client

    def make_object(self, grid):
        return DepartmentFactory(area_code=district_of(grid.community).code)

    def create_data(self):
        return {"name": "区卫生健康局", "area_code": district_of(self.world.community).code, "organization": ""}

    def created(self):
        return Department.objects.filter(name="区卫生健康局")

    def update_data(self, obj):
        return {"name": obj.name + "（更名）", "organization": ""}

    def assert_updated(self, obj):
        assert obj.name.endswith("（更名）")


class TestCheckpointViews(ViewTestCases.PrimaryObjectViewTests):
    model = Checkpoint
    url_prefix = "alliances:checkpoint"

    def make_object(self, grid):
        return CheckpointFactory(community=grid.community)

    def create_data(self):
        return {"community": self.world.community.pk, "name": "松江路北卡点", "address": "松江东路与北京路交汇处"}

    def created(self):
        return Checkpoint.objects.filter(name="松江路北卡点", community=self.world.community)

    def update_data(self, obj):
        return {"name": obj.name + "（东）", "address": "新地址"}

    def assert_updated(self, obj):
        assert obj.name.endswith("（东）")
        assert obj.address == "新地址"


class TestCadreAssignmentViews(ViewTestCases.ListViewTests, ViewTestCases.CreateViewTests):
    """Assignments are not edited: they are made, given shifts and ended on their own page."""

    model = CadreAssignment
    url_prefix = "alliances:cadre_assignment"

    def make_object(self, grid):
        return CadreAssignmentFactory(community=grid.community)

    def label(self, obj):
        return obj.cadre.name

    def create_data(self):
        return {
            "department": DepartmentFactory(name="市直机关工委").pk,
            "community": self.world.community.pk,
            "checkpoint": "",
            "duty": "小区卡点24小时值守",
            "start_on": "2020-02-01",
            "end_on": "",
            "name": "王下沉",
            "phone": "19900001234",
            "gender": "female",
        }

    def created(self):
        return CadreAssignment.objects.filter(duty="小区卡点24小时值守")

    # The list links each cadre to their assignment page (no edit page); readers see it too.
    def test_list_shows_own_area_and_hides_others(self):
        own = self.make_object(self.world.grid)
        other = self.make_object(self.world.other_grid)
        self.client.force_login(self.world.writer)
        response = self.client.get(self.url("list"))
        assert response.status_code == 200
        table = table_html(response)
        assert own.cadre.name in table
        assert assignment_page(own) in table
        assert other.cadre.name not in response.content.decode()

    def test_list_hides_edit_buttons_from_a_read_only_grant(self):
        own = self.make_object(self.world.grid)
        self.client.force_login(self.world.viewer)
        response = self.client.get(self.url("list"))
        assert response.status_code == 200
        assert own.cadre.name in table_html(response)
        assert assignment_page(own) in table_html(response)

    # An assignment opens its own page, where its shifts are added.
    def test_create_saves_for_a_permitted_user(self):
        self.client.force_login(self.world.writer)
        assert self.client.get(self.url("create")).status_code == 200
        response = self.client.post(self.url("create"), self.create_data(), follow=True)
        assert response.redirect_chain, response.context["form"].errors
        assignment = self.created().get()
        assert response.redirect_chain[-1][0] == assignment_page(assignment)
        assert assignment.cadre.name == "王下沉"
        assert assignment.cadre.gender == "female"
        assert assignment.area_code == self.world.community.code
        assert b"alert-success" in response.content


@pytest.fixture
def world(db):
    return build_world()


ENGLISH = {"accept-language": "en"}
CREATE_URL = reverse("alliances:cadre_assignment_create")


def assign_data(community, department, **overrides) -> dict:
    return {
        "department": department.pk,
        "community": community.pk,
        "checkpoint": "",
        "duty": "卡点值守",
        "start_on": "2020-02-01",
        "end_on": "",
        "name": "李下沉",
        "phone": "19900005678",
        "gender": "male",
        **overrides,
    }


# Assigning a cadre ------------------------------------------------------------------------------


def test_assign_refuses_a_checkpoint_of_another_community_and_writes_nothing(client, world):
    client.force_login(user_with_grant(world.community.street.code, Role.STREET_STAFF))
    elsewhere = CheckpointFactory(community=world.other_community)
    people = Person.objects.count()
    data = assign_data(world.community, DepartmentFactory(), checkpoint=elsewhere.pk)
    response = client.post(CREATE_URL, data, headers=ENGLISH)
    assert response.status_code == 400
    assert response.context["form"].errors["checkpoint"] == ["The checkpoint must belong to the community."]
    assert 'data-field="checkpoint"' in response.content.decode()
    assert not CadreAssignment.objects.exists()
    assert Person.objects.count() == people  # the new cadre was not kept either
    # The checkpoint with its own community is accepted.
    response = client.post(CREATE_URL, {**data, "community": world.other_community.pk})
    assert response.status_code == 302
    assert CadreAssignment.objects.get().checkpoint == elsewhere


def test_assign_refuses_a_department_of_another_district(client, world):
    client.force_login(user_with_grant("2202", Role.CITY_ORG_DEPT))
    far = CommunityFactory()  # another district
    department = DepartmentFactory(area_code=district_of(far).code)
    response = client.post(CREATE_URL, assign_data(world.community, department), headers=ENGLISH)
    assert response.status_code == 400
    assert response.context["form"].errors["department"] == [
        "The department serves only communities of its city or district."
    ]
    assert not CadreAssignment.objects.exists()
    assert client.post(CREATE_URL, assign_data(far, department)).status_code == 302


def test_assign_offers_the_departments_of_the_city_and_the_district_above(client, world):
    city = DepartmentFactory(area_code="2202")
    own_district = DepartmentFactory(area_code=district_of(world.community).code)
    other_district = DepartmentFactory(area_code=district_of(CommunityFactory()).code)
    DepartmentFactory(area_code="2202", is_active=False)
    client.force_login(world.writer)
    form = client.get(CREATE_URL).context["form"]
    assert set(form.fields["department"].queryset) == {city, own_district}
    assert other_district.pk not in {value for value, _label in form.fields["department"].choices if value}
    # Communities and checkpoints: the user's own only.
    assert set(form.fields["community"].queryset) == {world.community}
    CheckpointFactory(community=world.other_community)
    own = CheckpointFactory(community=world.community)
    assert set(client.get(CREATE_URL).context["form"].fields["checkpoint"].queryset) == {own}


def test_assign_finds_the_cadre_again_by_phone_and_refuses_overlapping_days(client, world):
    department = DepartmentFactory()
    client.force_login(world.writer)
    data = assign_data(world.community, department, end_on="2020-02-29")
    assert client.post(CREATE_URL, data).status_code == 302
    response = client.post(CREATE_URL, {**data, "start_on": "2020-02-20", "end_on": ""}, headers=ENGLISH)
    assert response.status_code == 400
    assert "李下沉 is already sent somewhere over these days." in response.content.decode()
    assert CadreAssignment.objects.count() == 1
    response = client.post(CREATE_URL, {**data, "start_on": "2020-03-01", "end_on": ""})
    assert response.status_code == 302
    assert CadreAssignment.objects.count() == 2
    assert Person.objects.filter(phone="19900005678").count() == 1


def test_department_and_checkpoint_forms_keep_their_place(client, world):
    district_staff = user_with_grant(district_of(world.community).code, Role.DISTRICT_ORG_DEPT)
    client.force_login(district_staff)
    form = client.get(reverse("alliances:department_create")).context["form"]
    codes = [value for value, _label in form.fields["area_code"].choices if value]
    assert codes == [district_of(world.community).code]  # not the city above, not a street
    department = DepartmentFactory(area_code=district_of(world.community).code)
    client.post(reverse("alliances:department_edit", args=[department.pk]), {"name": "改名局", "area_code": "2202"})
    department.refresh_from_db()
    assert (department.name, department.area_code) == ("改名局", district_of(world.community).code)
    # Community staff add checkpoints, not departments: the form is not theirs (403, saying why).
    client.force_login(world.writer)
    assert client.get(reverse("alliances:department_create")).status_code == 403
    response = client.post(
        reverse("alliances:department_create"), {"name": "社区局", "area_code": world.community.code}
    )
    assert response.status_code == 403
    assert "县（市）区" in response.content.decode()
    assert not Department.objects.filter(name="社区局").exists()
    checkpoint = CheckpointFactory(community=world.community)
    client.post(
        reverse("alliances:checkpoint_edit", args=[checkpoint.pk]),
        {"community": world.other_community.pk, "name": checkpoint.name, "address": "x"},
    )
    checkpoint.refresh_from_db()
    assert checkpoint.community == world.community


# The assignment page: shifts and the end --------------------------------------------------------


@pytest.fixture
def posted(world):
    checkpoint = CheckpointFactory(community=world.community, name="江南卡点")
    return CadreAssignmentFactory(
        community=world.community, checkpoint=checkpoint, start_on=DAY - datetime.timedelta(days=10)
    )


def test_shifts_are_added_and_an_overlapping_one_is_refused_with_its_message(client, world, posted):
    client.force_login(world.writer)
    response = client.post(form_url(posted, "shift"), {"day": "2020-02-10", "start": "08:00", "end": "16:00"})
    assert response.status_code == 302
    assert response["Location"] == assignment_page(posted)
    # An end not after the start is on the next day: a night shift.
    client.post(form_url(posted, "shift"), {"day": "2020-02-10", "start": "20:00", "end": "08:00"})
    night = DutyShift.objects.get(starts_at=moment(DAY, 20))
    assert night.ends_at == moment(DAY + datetime.timedelta(days=1), 8)
    response = client.post(
        form_url(posted, "shift"), {"day": "2020-02-10", "start": "12:00", "end": "20:00"}, headers=ENGLISH
    )
    assert response.status_code == 400
    assert form_errors(response) == ["The cadre already has a shift at that time."]
    assert 'value="12:00"' in response.content.decode()  # the form is shown again as it was sent
    assert DutyShift.objects.count() == 2
    page = client.get(assignment_page(posted)).content.decode()
    assert 'data-testid="shift-count">2<' in page
    assert "2020-02-10 20:00" in page and "2020-02-11 08:00" in page


def test_a_shift_outside_the_period_is_refused_on_its_day(client, world, posted):
    client.force_login(world.writer)
    response = client.post(form_url(posted, "shift"), {"day": "2020-01-01", "start": "08:00", "end": "16:00"})
    assert response.status_code == 400
    assert "day" in response.context["forms"]["shift"].errors
    assert not DutyShift.objects.exists()


def test_ending_an_assignment_removes_its_later_shifts(client, world, posted):
    client.force_login(world.writer)
    response = client.post(form_url(posted, "end"), {"end_on": "2020-01-01"}, headers=ENGLISH)
    assert response.status_code == 400
    assert response.context["forms"]["end"].errors["end_on"] == ["The end must not come before the start."]
    assert "until further notice" in response.content.decode()  # the page shows what is stored
    posted.refresh_from_db()
    assert posted.end_on is None
    for day in ("2020-02-10", "2020-02-13"):
        client.post(form_url(posted, "shift"), {"day": day, "start": "08:00", "end": "16:00"})
    assert DutyShift.objects.count() == 2
    response = client.post(form_url(posted, "end"), {"end_on": "2020-02-11"})
    assert response.status_code == 302
    posted.refresh_from_db()
    assert posted.end_on == datetime.date(2020, 2, 11)
    assert list(DutyShift.objects.values_list("starts_at", flat=True)) == [moment(DAY, 8)]
    page = client.get(assignment_page(posted)).content.decode()
    assert 'data-form="end"' not in page
    response = client.post(form_url(posted, "end"), {"end_on": "2020-02-12"}, headers=ENGLISH)
    assert response.status_code == 400
    assert "The assignment has already ended." in response.content.decode()
    posted.refresh_from_db()
    assert posted.end_on == datetime.date(2020, 2, 11)


def test_assignment_page_scope_roles_and_masking(client, world, posted):
    url = assignment_page(posted)
    assert client.get(url).status_code == 302
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    assert (
        client.post(form_url(posted, "shift"), {"day": "2020-02-10", "start": "08:00", "end": "16:00"}).status_code
        == 404
    )
    client.force_login(world.viewer)  # reads the community through a read-only grant
    page = client.get(url)
    assert page.status_code == 200
    assert b'data-form="shift"' not in page.content
    assert posted.cadre.phone not in page.content.decode()
    assert (
        client.post(form_url(posted, "shift"), {"day": "2020-02-10", "start": "08:00", "end": "16:00"}).status_code
        == 403
    )
    assert client.post(form_url(posted, "end"), {"end_on": "2020-02-11"}).status_code == 403
    assert not DutyShift.objects.exists()
    client.force_login(world.writer)
    page = client.get(url).content.decode()
    assert posted.cadre.phone in page
    assert 'data-form="shift"' in page and 'data-form="end"' in page
    assert client.post(form_url(posted, "nonsense"), {}).status_code == 404


def test_list_filters_masks_and_exports(client, world, posted):
    city_department = posted.department
    district_department = DepartmentFactory(area_code=district_of(world.community).code)
    ended = CadreAssignmentFactory(
        community=world.community, department=district_department, end_on=DAY - datetime.timedelta(days=1)
    )
    url = reverse("alliances:cadre_assignment_list")
    client.force_login(world.writer)
    # A city department is offered to community staff as a filter, and filters.
    table = table_html(client.get(url, {"department": city_department.pk}))
    assert posted.cadre.name in table and ended.cadre.name not in table
    table = table_html(client.get(url, {"checkpoint": posted.checkpoint_id}))
    assert posted.cadre.name in table and ended.cadre.name not in table
    table = table_html(client.get(url, {"on": DAY.isoformat()}))
    assert posted.cadre.name in table and ended.cadre.name not in table
    table = table_html(client.get(url, {"on": (DAY - datetime.timedelta(days=2)).isoformat()}))
    assert posted.cadre.name in table and ended.cadre.name in table
    assert posted.cadre.phone in table
    # The district's organization department does not see phone numbers, on screen or in exports.
    client.force_login(user_with_grant(district_of(world.community).code, Role.DISTRICT_ORG_DEPT))
    response = client.get(url)
    assert posted.cadre.name in table_html(response)
    assert posted.cadre.phone not in response.content.decode()
    assert posted.cadre.phone[:3] + "****" + posted.cadre.phone[-4:] in table_html(response)
    text = client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert posted.cadre.name in text and posted.cadre.phone not in text


# The duty roster --------------------------------------------------------------------------------

ROSTER_URL = reverse("alliances:cadre_roster")


def shift(assignment, day, start_hour, hours):
    start = moment(day, start_hour)
    return services.duty_shift_add(
        assignment=assignment, starts_at=start, ends_at=start + datetime.timedelta(hours=hours)
    )


@pytest.fixture
def roster_world(world):
    """A community with two checkpoints and duty at the community itself; a shift reaching into the
    week from the Sunday before, one reaching out of it, and shifts elsewhere and in other weeks."""
    north = CheckpointFactory(community=world.community, name="北卡点")
    south = CheckpointFactory(community=world.community, name="南卡点")
    CheckpointFactory(community=world.community, name="旧卡点", is_active=False)
    start = DAY - datetime.timedelta(days=20)
    a1 = CadreAssignmentFactory(community=world.community, checkpoint=north, start_on=start)
    a2 = CadreAssignmentFactory(community=world.community, checkpoint=north, start_on=start)
    a3 = CadreAssignmentFactory(community=world.community, checkpoint=south, start_on=start)
    a4 = CadreAssignmentFactory(community=world.community, start_on=start)
    ended = CadreAssignmentFactory(
        community=world.community, checkpoint=north, start_on=start, end_on=DAY - datetime.timedelta(days=1)
    )
    CadreAssignmentFactory(community=world.community, checkpoint=south, start_on=DAY + datetime.timedelta(days=7))
    elsewhere = CadreAssignmentFactory(community=world.other_community, start_on=start)
    shift(a1, DAY - datetime.timedelta(days=3), 8, 8)  # the week before
    shift(ended, DAY - datetime.timedelta(days=1), 20, 12)  # Sunday 20:00 to Monday 08:00
    shift(a1, WEEK[0], 8, 8)
    shift(a2, WEEK[0], 16, 8)  # to midnight
    shift(a1, WEEK[1], 8, 8)
    shift(a2, WEEK[2], 0, 8)
    shift(a3, WEEK[3], 9, 8)
    shift(a4, WEEK[4], 10, 2)
    shift(a1, WEEK[6], 20, 12)  # Sunday night into the next week
    shift(a1, WEEK[6] + datetime.timedelta(days=3), 8, 8)  # the week after
    shift(elsewhere, WEEK[0], 0, 24)
    return {"north": north, "south": south, "assignments": [a1, a2, a3, a4, ended]}


def independent_coverage(community, checkpoint_id) -> list[int]:
    """Hours of each day of the week in which someone was on duty at the place, hour by hour."""
    shifts = [
        s
        for s in DutyShift.objects.select_related("assignment")
        if s.assignment.community_id == community.pk and s.assignment.checkpoint_id == checkpoint_id
    ]
    hours = []
    for day in WEEK:
        covered = 0
        for hour in range(24):
            slot = moment(day, hour)
            if any(s.starts_at <= slot and s.ends_at >= slot + datetime.timedelta(hours=1) for s in shifts):
                covered += 1
        hours.append(covered)
    return hours


def roster_sections(response) -> dict[str, dict]:
    content = response.content.decode()
    sections = {}
    for place, body in re.findall(
        r'<section class="card shadow-sm mb-3" data-place="([^"]+)">(.*?)</section>', content, re.S
    ):
        sections[place] = {
            "coverage": [float(value) for value in re.findall(r'data-coverage="([\d.]+)"', body)],
            "rows": {
                name: row.count("data-shift")
                for name, row in re.findall(r'<tr data-cadre="([^"]+)">(.*?)</tr>', body, re.S)
            },
        }
    return sections


def test_roster_shows_who_is_on_duty_against_an_independent_count(client, world, roster_world):
    client.force_login(world.writer)
    response = client.get(ROSTER_URL, {"community": world.community.code, "week": "2020-02-12"})  # a Wednesday
    assert response.status_code == 200
    assert response.context["week"] == DAY
    sections = roster_sections(response)
    north, south = roster_world["north"], roster_world["south"]
    assert list(sections) == [str(north.pk), str(south.pk), "community"]  # the retired checkpoint has nobody
    for key, checkpoint_id in ((str(north.pk), north.pk), (str(south.pk), south.pk), ("community", None)):
        assert sections[key]["coverage"] == independent_coverage(world.community, checkpoint_id), key
    assert sections[str(north.pk)]["coverage"] == [24, 8, 8, 0, 0, 0, 4]
    a1, a2, a3, a4, ended = roster_world["assignments"]
    week_start, week_end = moment(DAY, 0), moment(DAY + datetime.timedelta(days=7), 0)
    in_week = [
        s
        for s in DutyShift.objects.select_related("assignment")
        if s.assignment.community_id == world.community.pk and s.starts_at < week_end and s.ends_at > week_start
    ]
    for assignment in (a1, a2, a3, a4, ended):
        rows = {**sections[str(north.pk)]["rows"], **sections[str(south.pk)]["rows"], **sections["community"]["rows"]}
        assert rows[assignment.cadre.name] == sum(1 for s in in_week if s.assignment_id == assignment.pk)
    content = response.content.decode()
    assert f'data-figure="shifts">{len(in_week)}<' in content
    hours = sum((min(s.ends_at, week_end) - max(s.starts_at, week_start)).total_seconds() for s in in_week) / 3600
    assert f'data-figure="hours">{hours:g}<' in content
    assert 'data-figure="cadres">5<' in content
    assert a1.cadre.phone in content  # community staff see the phone numbers


def test_roster_of_one_checkpoint_and_its_limits(client, world, roster_world):
    north = roster_world["north"]
    client.force_login(world.writer)
    response = client.get(ROSTER_URL, {"community": world.community.code, "checkpoint": north.pk, "week": "2020-02-10"})
    assert list(roster_sections(response)) == [str(north.pk)]
    other = CheckpointFactory(community=world.other_community)
    assert client.get(ROSTER_URL, {"community": world.community.code, "checkpoint": other.pk}).status_code == 404
    assert client.get(ROSTER_URL, {"community": world.other_community.code}).status_code == 404
    # A week that is not a date: this week, with a warning.
    response = client.get(ROSTER_URL, {"community": world.community.code, "week": "2020-13-01"})
    assert response.status_code == 200
    assert response.context["bad_week"] == "2020-13-01"
    # Community staff of one community land on it; a read-only role sees masked phones.
    assert client.get(ROSTER_URL).context["community"] == world.community
    client.force_login(world.viewer)
    content = client.get(ROSTER_URL, {"community": world.community.code, "week": "2020-02-10"}).content.decode()
    assert roster_world["assignments"][0].cadre.name in content
    assert roster_world["assignments"][0].cadre.phone not in content
    client.logout()
    assert client.get(ROSTER_URL).status_code == 302


# The sinking overview ---------------------------------------------------------------------------


def overview(code) -> str:
    return reverse("alliances:cadres_overview", args=[code])


def independent_cadres_figures(prefix: str, day: datetime.date) -> dict:
    rows = [
        a
        for a in CadreAssignment.objects.all()
        if a.area_code.startswith(prefix) and a.start_on <= day and (a.end_on is None or a.end_on >= day)
    ]
    return {
        "departments": len({a.department_id for a in rows}),
        "cadres": len({a.cadre_id for a in rows}),
        "communities": len({a.community_id for a in rows}),
        "checkpoints": len({a.checkpoint_id for a in rows if a.checkpoint_id}),
    }


@pytest.fixture
def sunk(world):
    """Cadres of a city department and of two districts' departments across three communities of one
    district (two streets) and a community of another district; some ended, some not yet started."""
    c1, c2 = world.community, world.other_community
    c3 = CommunityFactory(street=StreetFactory(district=district_of(c1)))
    c4 = CommunityFactory()
    city = DepartmentFactory(area_code="2202")
    d1 = DepartmentFactory(area_code=district_of(c1).code)
    d2 = DepartmentFactory(area_code=district_of(c4).code)
    north, south = CheckpointFactory(community=c1), CheckpointFactory(community=c1)
    east = CheckpointFactory(community=c3)
    start = DAY - datetime.timedelta(days=5)
    for department, community, checkpoint in (
        (city, c1, north),
        (city, c1, north),
        (city, c2, None),
        (d1, c1, south),
        (d1, c1, None),
        (d1, c3, east),
        (d2, c4, None),
        (city, c4, None),
    ):
        CadreAssignmentFactory(department=department, community=community, checkpoint=checkpoint, start_on=start)
    CadreAssignmentFactory(department=d1, community=c3, start_on=start, end_on=DAY - datetime.timedelta(days=1))
    CadreAssignmentFactory(department=city, community=c2, checkpoint=None, start_on=DAY + datetime.timedelta(days=1))
    return {"communities": (c1, c2, c3, c4), "checkpoints": (north, south, east)}


def cards(response) -> dict[str, int]:
    content = response.content.decode()
    return {
        key: int(value.replace(",", ""))
        for key, value in re.findall(
            r'data-figure="(\w+)"><div class="card-body">\s*<div class="figure-label">[^<]*</div>\s*'
            r'<div class="figure-value">([\d,]+)</div>',
            content,
        )
    }


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_overview_figures_at_every_level_against_an_independent_count(client, world, sunk):
    client.force_login(user_with_grant("2202", Role.CITY_ORG_DEPT))
    c1 = sunk["communities"][0]
    for code in ("2202", district_of(c1).code, c1.street.code):
        response = client.get(overview(code), {"on": DAY.isoformat()})
        assert response.status_code == 200, code
        assert cards(response) == independent_cadres_figures(code, DAY), code
        rows = csv_rows(client.get(overview(code), {"on": DAY.isoformat(), "export": "csv"}))
        assert len(rows) > 1
        for _name, child, *figures in rows[1:]:
            expected = independent_cadres_figures(child, DAY)
            assert [int(f) for f in figures] == [expected[key] for key in CADRES_KEYS], (code, child)
        child_of_c1 = {4: district_of(c1).code, 6: c1.street.code, 9: c1.code}[len(code)]
        assert child_of_c1 in {row[1] for row in rows[1:]}
    assert cards(client.get(overview("2202"), {"on": DAY.isoformat()}))["cadres"] == 8
    # Another day, other figures: the assignment not yet started counts the day after.
    later = DAY + datetime.timedelta(days=1)
    assert cards(client.get(overview("2202"), {"on": later.isoformat()})) == independent_cadres_figures("2202", later)
    # A community: its checkpoints, each with the cadres posted there that day.
    response = client.get(overview(c1.code), {"on": DAY.isoformat()})
    assert cards(response) == independent_cadres_figures(c1.code, DAY)
    workbook = load_workbook(
        io.BytesIO(client.get(overview(c1.code), {"on": DAY.isoformat(), "export": "xlsx"}).content)
    )
    sheet = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    north, south, _east = sunk["checkpoints"]
    by_name = {row[0]: row[1:] for row in sheet[1:]}
    assert by_name[north.name] == [1, 2]
    assert by_name[south.name] == [1, 1]
    assert len(sheet) == 4  # the two checkpoints and the duty at the community itself


def test_overview_scope(client, world, sunk):
    client.force_login(world.writer)
    assert client.get(overview(world.community.code)).status_code == 200
    assert client.get(overview(world.other_community.code)).status_code == 404
    assert client.get(overview(district_of(world.community).code)).status_code == 404
    assert client.get(overview(world.grid.code)).status_code == 404
    assert client.get(overview("220299999999")).status_code == 404
    response = client.get(reverse("alliances:cadres_overview_home"))
    assert response["Location"] == overview(world.community.code)
    response = client.get(overview(world.community.code), {"on": "2020-02-30"})
    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()
    assert response.context["day_form"].errors
    client.logout()
    assert client.get(overview(world.community.code)).status_code == 302


# The volunteering report by employer unit -------------------------------------------------------

UNITS_URL = reverse("alliances:volunteering_by_unit")
PERIOD = (datetime.date(2020, 3, 1), datetime.date(2020, 6, 30))


def independent_units(prefix: str, start: datetime.date, end: datetime.date) -> dict[int, dict]:
    """Per employer organization under ``prefix``: the figures worked out row by row."""
    from alliances.volunteering.models import MemberReport, PostClaim, ServiceRecord

    units: dict[int, dict] = {}

    def unit(member) -> dict:
        return units.setdefault(
            member.organization_id,
            {"members": set(), "claims": 0, "times": 0, "hours": Decimal(0), "communities": set()},
        )

    for report in MemberReport.objects.select_related("member__organization"):
        organization = report.member.organization
        if not organization.area_code.startswith(prefix) or report.status == "declined":
            continue
        if report.confirmed_on and report.confirmed_on <= end and not (report.ended_on and report.ended_on < start):
            unit(report.member)["members"].add(report.member_id)
    for claim in PostClaim.objects.select_related("member__organization"):
        organization = claim.member.organization
        if (
            organization.area_code.startswith(prefix)
            and claim.withdrawn_on is None
            and start <= claim.claimed_on <= end
        ):
            unit(claim.member)["claims"] += 1
    for record in ServiceRecord.objects.select_related("member__organization"):
        organization = record.member.organization
        verified = record.verified_at is not None and start <= record.served_on <= end
        if organization.area_code.startswith(prefix) and verified:
            figures = unit(record.member)
            figures["times"] += record.person_times
            figures["hours"] += record.hours
            figures["communities"].add(record.area_code)
    return {
        pk: [len(f["members"]), f["claims"], f["times"], float(f["hours"]), len(f["communities"])]
        for pk, f in units.items()
    }


@pytest.fixture
def volunteers(world):
    """Members of three work units in the district (one at a street) and one of the city and one of
    another district; reports confirmed, declined and ended; claims held and withdrawn; service
    verified, unverified and outside the period, in several communities."""
    district = district_of(world.community)
    units = [
        UnitOrganizationFactory(area_code=district.code),
        UnitOrganizationFactory(area_code=district.code),
        UnitOrganizationFactory(area_code=world.community.street.code),
        UnitOrganizationFactory(area_code="2202"),
        UnitOrganizationFactory(area_code=district_of(CommunityFactory()).code),
    ]
    now = timezone.now()
    third = CommunityFactory(street=world.community.street)
    for index, organization in enumerate(units):
        for number in range(index + 2):
            member = InServiceMemberFactory(organization=organization)
            community = (world.community, world.other_community)[number % 2]
            if number == 0 and index == 1:
                # Declined, never counted.
                MemberReportFactory(member=member, community=community, status="declined", confirmed_on=None)
                continue
            report = MemberReportFactory(member=member, community=community)
            PostClaimFactory(report=report, member=member, claimed_on=datetime.date(2020, 3, 5 + number))
            if number == 1:
                PostClaimFactory(report=report, member=member, withdrawn_on=datetime.date(2020, 4, 1))
                PostClaimFactory(report=report, member=member, claimed_on=datetime.date(2020, 8, 1))
            ServiceRecordFactory(report=report, member=member, verified_at=now, hours=Decimal("2.5"), person_times=1)
            ServiceRecordFactory(report=report, member=member, verified_at=None, hours=3)
            ServiceRecordFactory(
                report=report, member=member, verified_at=now, hours=4, served_on=datetime.date(2020, 9, 1)
            )
            if number == 2:
                # Moves: the report ends, a new one to a third community, service there too.
                report.status, report.ended_on = "ended", datetime.date(2020, 4, 30)
                report.save()
                moved = MemberReportFactory(
                    member=member, community=third, reported_on=datetime.date(2020, 5, 1),
                    confirmed_on=datetime.date(2020, 5, 2),
                )  # fmt: skip
                ServiceRecordFactory(
                    report=moved, member=member, verified_at=now, hours=6, person_times=3,
                    served_on=datetime.date(2020, 5, 10),
                )  # fmt: skip
    return {"district": district, "units": units}


def page_rows(response) -> dict[str, list]:
    """The report's rows by organization name: the figures as numbers."""
    return {row[0]: [float(value) for value in row[3:]] for row in response.context["rows"]}


def test_units_report_rows_against_an_independent_count_and_its_export(client, world, volunteers):
    district, units = volunteers["district"], volunteers["units"]
    client.force_login(user_with_grant(district.code, Role.DISTRICT_ORG_DEPT))
    start, end = PERIOD
    response = client.get(UNITS_URL, {"area": district.code, "from": start.isoformat(), "to": end.isoformat()})
    assert response.status_code == 200
    expected = independent_units(district.code, start, end)
    names = {organization.pk: organization.name for organization in units}
    assert set(expected) == {units[0].pk, units[1].pk, units[2].pk}  # not the city's, not another district's
    assert page_rows(response) == {names[pk]: [float(v) for v in figures] for pk, figures in expected.items()}
    assert max(figures[4] for figures in expected.values()) == 3  # a member who moved served in a third community
    content = response.content.decode()
    assert 'data-testid="total">3<' in content
    assert units[3].name not in content and units[4].name not in content
    # The export carries the same rows.
    rows = csv_rows(
        client.get(
            UNITS_URL, {"area": district.code, "from": start.isoformat(), "to": end.isoformat(), "export": "csv"}
        )
    )
    assert len(rows) == 4
    exported = {row[0]: [float(value) for value in row[3:]] for row in rows[1:]}
    assert exported == page_rows(response)
    assert {row[1] for row in rows[1:]} == {organization.host_unit_name for organization in units[:3]}
    workbook = load_workbook(
        io.BytesIO(
            client.get(
                UNITS_URL, {"area": district.code, "from": start.isoformat(), "to": end.isoformat(), "export": "xlsx"}
            ).content
        )
    )
    sheet = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert {row[0]: [float(v) for v in row[3:]] for row in sheet[1:]} == exported
    # Without a period, every date counts.
    whole = independent_units(district.code, datetime.date.min, datetime.date.max)
    response = client.get(UNITS_URL, {"area": district.code})
    assert page_rows(response) == {names[pk]: [float(v) for v in figures] for pk, figures in whole.items()}


def test_units_report_scope_and_bad_input(client, world, volunteers):
    district = volunteers["district"]
    client.force_login(world.writer)
    assert client.get(UNITS_URL, {"area": district.code}).status_code == 404
    assert client.get(UNITS_URL, {"area": "not-a-code"}).status_code == 404
    assert client.get(UNITS_URL, {"area": world.community.code}).status_code == 200
    client.force_login(user_with_grant("2202", Role.CITY_ORG_DEPT))
    response = client.get(UNITS_URL)
    assert response.context["area"].code == "2202"
    assert len(response.context["rows"]) == 5
    assert client.get(UNITS_URL, {"area": "220299"}).status_code == 404  # no such district
    response = client.get(UNITS_URL, {"area": district.code, "from": "2020-06-01", "to": "2020-03-01"})
    assert response.status_code == 200
    assert "to" in response.context["form"].errors
    client.logout()
    assert client.get(UNITS_URL).status_code == 302


# Queries ----------------------------------------------------------------------------------------


def grow(world, n):
    """``n`` more of everything the pages show, in the writer's community and around it."""
    district = district_of(world.community)
    for _ in range(n):
        department = DepartmentFactory(area_code=district.code)
        checkpoint = CheckpointFactory(community=world.community)
        CheckpointFactory(community=world.other_community)
        for place in (checkpoint, None):
            assignment = CadreAssignmentFactory(
                department=department, community=world.community, checkpoint=place,
                start_on=DAY - datetime.timedelta(days=30),
            )  # fmt: skip
            for day in WEEK[:3]:
                shift(assignment, day, 8 if place else 16, 8)
        CadreAssignmentFactory(department=department, community=world.other_community)
        organization = UnitOrganizationFactory(area_code=district.code)
        report = MemberReportFactory(
            member=InServiceMemberFactory(organization=organization), community=world.community
        )
        PostClaimFactory(report=report, member=report.member)
        ServiceRecordFactory(report=report, member=report.member, verified_at=timezone.now())


def test_pages_run_a_fixed_number_of_queries(client, world):
    district = district_of(world.community)
    city_user = user_with_grant("2202", Role.CITY_ORG_DEPT)
    grow(world, 1)
    assignment = CadreAssignment.objects.filter(community=world.community).first()
    week = {"community": world.community.code, "week": DAY.isoformat()}
    pages = {
        "departments": (city_user, reverse("alliances:department_list"), {}),
        "checkpoints": (world.writer, reverse("alliances:checkpoint_list"), {}),
        "assignments": (world.writer, reverse("alliances:cadre_assignment_list"), {}),
        "assignments export": (city_user, reverse("alliances:cadre_assignment_list"), {"export": "xlsx"}),
        "assign form": (world.writer, CREATE_URL, {}),
        "assignment page": (world.writer, assignment_page(assignment), {}),
        "roster": (world.writer, ROSTER_URL, week),
        "overview city": (city_user, overview("2202"), {"on": DAY.isoformat()}),
        "overview community": (world.writer, overview(world.community.code), {"on": DAY.isoformat()}),
        "units": (city_user, UNITS_URL, {"area": district.code}),
        "units export": (city_user, UNITS_URL, {"area": district.code, "export": "csv"}),
    }

    def measure() -> dict[str, int]:
        counts = {}
        for name, (user, url, query) in pages.items():
            client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, query).status_code == 200, name
            counts[name] = len(queries)
        return counts

    small = measure()
    rows = {
        "assignments": CadreAssignment.objects.count(),
        "shifts": DutyShift.objects.count(),
    }
    grow(world, 10)
    assert CadreAssignment.objects.count() >= 10 * rows["assignments"]
    assert DutyShift.objects.count() >= 10 * rows["shifts"]
    for _ in range(10):
        shift(assignment, DAY + datetime.timedelta(days=40 + _), 8, 8)
    large = measure()
    print("queries", small)
    assert large == small
    # Each page's count includes the navbar's unread notifications (one query).
    assert small["roster"] <= 9
    assert small["overview city"] <= 10
    assert small["overview community"] <= 10
    assert small["units"] <= 11  # the chosen area's path for the area picker is one query
    assert small["assignment page"] <= 7
    assert max(small[name] for name in ("departments", "checkpoints", "assignments")) <= 9


# In Chinese (the default language) --------------------------------------------------------------


def test_pages_and_refusals_read_in_chinese(client, world, posted):
    client.force_login(world.writer)
    content = client.get(ROSTER_URL, {"community": world.community.code}).content.decode()
    assert f"{world.community.name}值班表" in content
    assert "每日值守覆盖时长（24小时值守）" in content
    client.post(form_url(posted, "shift"), {"day": "2020-02-10", "start": "08:00", "end": "16:00"})
    response = client.post(form_url(posted, "shift"), {"day": "2020-02-10", "start": "12:00", "end": "20:00"})
    assert form_errors(response) == ["该干部在此时段已有值班。"]
    far = CommunityFactory()
    client.force_login(user_with_grant("2202", Role.CITY_ORG_DEPT))
    department = DepartmentFactory(area_code=district_of(far).code)
    response = client.post(CREATE_URL, assign_data(world.community, department))
    assert response.context["form"].errors["department"] == ["机关部门只能向其所属市或县（市）区内的社区下沉干部。"]
    assert "在职党员志愿服务（按工作单位）" in client.get(UNITS_URL).content.decode()
    assert "吉林市机关党员干部下沉" in client.get(overview("2202")).content.decode()
