"""Pages of red-heart property: the pilot list, a community's page and a compound's page with their
fixed queries, the forms with their refusals beside the field (input kept), and the roles that may
use them (every level from the community up files; readers and other areas do not; grid workers are
refused the pages)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.property.choices import AppointmentDirection, ManagementMode
from alliances.property.models import (
    CompoundMode,
    CrossAppointment,
    DeliberationMeeting,
    FeeCollection,
    PropertyCompany,
)
from communities.tests.factories import user_with_grant
from grids.tests.factories import CompoundFactory, ResidentProblemFactory
from jilin_grid.scope import Role
from jilin_grid.testing.views import build_world

from .factories import (
    CompoundModeFactory,
    FeeCollectionFactory,
    MeetingFactory,
    PropertyCompanyFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


def compound_page(compound) -> str:
    return reverse("alliances:property_compound", args=[compound.pk])


def fee_url(compound) -> str:
    return reverse("alliances:property_fee_create", args=[compound.pk])


def community_page(community) -> str:
    return reverse("alliances:property_community", args=[community.code])


def fill(community, months: int) -> list:
    compounds = [CompoundFactory(community=community) for _ in range(2)]
    company = PropertyCompanyFactory(community=community)
    for compound in compounds:
        CompoundModeFactory(
            compound=compound, mode=ManagementMode.COMPANY, since=datetime.date(2018, 1, 1), company=company
        )
        CompoundModeFactory(compound=compound, since=datetime.date(2019, 1, 1), company=company)
        for index in range(months):
            FeeCollectionFactory(compound=compound, month=datetime.date(2019 + index // 12, 1 + index % 12, 1))
    for _ in range(months):
        ResolutionFactory(meeting=MeetingFactory(community=community))
    return compounds


LEVELS = {
    "community": (lambda c: c.code, Role.COMMUNITY_STAFF),
    "street": (lambda c: c.code[:9], Role.STREET_STAFF),
    "district": (lambda c: c.code[:6], Role.DISTRICT_ORG_DEPT),
    "city": (lambda c: c.code[:4], Role.CITY_ORG_DEPT),
}


@pytest.mark.parametrize("level", list(LEVELS))
def test_staff_of_the_community_and_above_file_a_month_and_see_it_on_the_chart(client, level):
    world = build_world()
    compound = CompoundFactory(community=world.community)
    code, role = LEVELS[level]
    client.force_login(user_with_grant(code(world.community), role))
    response = client.post(
        fee_url(compound), {"month": "2020-03", "households_billed": "200", "households_paid": "194"}
    )
    assert response.status_code == 302
    assert response["Location"] == compound_page(compound)
    page = client.get(compound_page(compound))
    assert page.context["chart_data"]["months"] == ["2020-03"]
    assert page.context["chart_data"]["rates"] == [97.0]
    assert 'data-testid="month-count">1<' in page.content.decode()


def test_more_paid_than_billed_is_refused_beside_the_field_with_the_input_kept(client):
    world = build_world()
    compound = CompoundFactory(community=world.community)
    FeeCollectionFactory(compound=compound, month=datetime.date(2020, 1, 1))
    client.force_login(world.writer)
    response = client.post(
        fee_url(compound), {"month": "2020-02", "households_billed": "100", "households_paid": "120"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-field="households_paid"' in body
    assert 'value="120"' in body
    response = client.post(fee_url(compound), {"month": "2020-01", "households_billed": "100", "households_paid": "90"})
    assert response.status_code == 400
    assert "2020-01" in response.context["form"].errors["month"][0]
    assert FeeCollection.objects.count() == 1


def test_pages_outside_the_area_are_not_found_and_readers_see_no_forms(client):
    world = build_world()
    compound = CompoundFactory(community=world.community)
    client.force_login(world.outsider)
    assert client.get(compound_page(compound)).status_code == 404
    assert client.get(fee_url(compound)).status_code == 404
    assert client.get(community_page(world.community)).status_code == 404
    client.force_login(world.viewer)
    response = client.get(compound_page(compound))
    assert response.status_code == 200
    assert fee_url(compound) not in response.content.decode()
    assert client.get(fee_url(compound)).status_code == 403


def test_a_grid_worker_is_refused_the_pages_saying_why(client):
    world = build_world()
    compound = CompoundFactory(community=world.community)
    client.force_login(user_with_grant(world.grid.code, Role.GRID_WORKER))
    for url in (reverse("alliances:property_home"), compound_page(compound), community_page(world.community)):
        response = client.get(url)
        assert response.status_code == 403
        assert "grid" in response.content.decode() or "网格" in response.content.decode()


def test_the_pages_run_the_same_queries_at_ten_times_the_data(client):
    world = build_world()
    small = fill(world.community, 1)
    large = fill(world.other_community, 10)
    user = user_with_grant(world.community.code[:9], Role.STREET_STAFF)
    client.force_login(user)
    for one, ten in (
        (compound_page(small[0]), compound_page(large[0])),
        (community_page(world.community), community_page(world.other_community)),
    ):
        client.get(one)
        with CaptureQueriesContext(connection) as queries_one:
            assert client.get(one).status_code == 200
        with CaptureQueriesContext(connection) as queries_ten:
            assert client.get(ten).status_code == 200
        assert len(queries_one.captured_queries) == len(queries_ten.captured_queries)
    response = client.get(reverse("alliances:property_home"))
    assert world.community.name in response.content.decode()
    assert world.other_community.name in response.content.decode()


def test_the_compound_page_shows_the_rate_before_and_after_the_last_change(client):
    world = build_world()
    compound = CompoundFactory(community=world.community)
    company = PropertyCompanyFactory(community=world.community)
    CompoundModeFactory(
        compound=compound, mode=ManagementMode.COMPANY, since=datetime.date(2019, 1, 1), company=company
    )
    CompoundModeFactory(compound=compound, since=datetime.date(2020, 1, 1), company=company)
    FeeCollectionFactory(compound=compound, month=datetime.date(2019, 12, 1), households_billed=100, households_paid=70)
    FeeCollectionFactory(compound=compound, month=datetime.date(2020, 1, 1), households_billed=100, households_paid=97)
    client.force_login(world.writer)
    body = client.get(compound_page(compound)).content.decode()
    assert 'data-testid="rate-before">70.0%<' in body
    assert 'data-testid="rate-after">97.0%<' in body


def test_a_mode_change_to_abandoned_needs_its_council(client):
    world = build_world()
    compound = CompoundFactory(community=world.community)
    client.force_login(world.writer)
    url = reverse("alliances:property_mode_create", args=[compound.pk])
    data = {"mode": ManagementMode.ABANDONED, "since": "2020-05-01", "council_name": "幸福小区协商理事会"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert 'data-field="council_members"' in response.content.decode()
    assert "幸福小区协商理事会" in response.content.decode()
    response = client.post(url, {**data, "council_members": "王强 理事长\n李梅 理事"})
    assert response.status_code == 302
    mode = CompoundMode.objects.get()
    assert [(m.name, m.post) for m in mode.council_members.all()] == [("王强", "理事长"), ("李梅", "理事")]


def test_a_meeting_is_filed_with_problems_of_the_callers_area_only(client):
    world = build_world()
    own = ResidentProblemFactory(grid=world.grid)
    other = ResidentProblemFactory(grid=world.other_grid)
    client.force_login(world.writer)
    url = reverse("alliances:property_meeting_create", args=[world.community.code])
    form = client.get(url).context["form"]
    assert list(form.fields["problems"].queryset) == [own]
    data = {
        "held_on": "2020-03-01",
        "topics": "停车难",
        "residents_committee_attendees": "2",
        "property_company_attendees": "1",
        "owners_committee_attendees": "3",
        "problems": [other.pk],
    }
    assert client.post(url, data).status_code == 400
    assert client.post(url, {**data, "problems": [own.pk]}).status_code == 302
    meeting = DeliberationMeeting.objects.get()
    assert list(meeting.problems.all()) == [own]
    response = client.post(
        reverse("alliances:property_resolution_create", args=[meeting.pk]),
        {"text": "划定停车位", "party": "property_company", "deadline": "2020-02-01"},
    )
    assert response.status_code == 400
    assert "2020-03-01" in response.context["form"].errors["deadline"][0]


def test_a_company_is_added_in_the_callers_area(client):
    world = build_world()
    client.force_login(world.writer)
    url = reverse("alliances:property_company_create")
    response = client.post(url, {"community": world.other_community.pk, "name": "外区物业"})
    assert response.status_code == 400
    response = client.post(url, {"community": world.community.pk, "name": "绿地物业服务有限公司"})
    assert response.status_code == 302
    assert response["Location"] == community_page(world.community)
    assert PropertyCompany.objects.get().community == world.community


def test_the_community_page_shows_modes_rates_meetings_and_joint_activities(client):
    from alliances.tests.factories import ActivityFactory, AllianceFactory
    from communities.tests.factories import PartyOrganizationFactory

    world = build_world()
    compounds = fill(world.community, 2)
    CompoundMode.objects.create(
        compound=CompoundFactory(community=world.community, name="弃管小区"),
        mode=ManagementMode.ABANDONED,
        since=datetime.date(2020, 1, 1),
        council_name="弃管小区协商理事会",
    )
    alliance = AllianceFactory(lead_organization=PartyOrganizationFactory(area_code=world.community.code))
    ActivityFactory.create_batch(3, alliance=alliance, participants=200)
    ActivityFactory(
        alliance=AllianceFactory(lead_organization=PartyOrganizationFactory(area_code=world.other_community.code))
    )
    client.force_login(world.writer)
    response = client.get(community_page(world.community))
    body = response.content.decode()
    assert 'data-testid="activity-count">3<' in body
    assert 'data-testid="activity-participants">600<' in body
    assert 'data-testid="meeting-count">2<' in body
    assert "弃管小区协商理事会" in body
    rows = {row["compound"].pk: row for row in response.context["compounds"]}
    assert rows[compounds[0].pk]["mode"].mode == ManagementMode.THREE_PARTY
    assert [c.rate for c in rows[compounds[0].pk]["rates"]] == [80.0, 80.0]
    assert [t["rate"] for t in response.context["totals"]] == [80.0, 80.0]


def test_a_month_is_corrected_and_a_refusal_keeps_the_input(client):
    world = build_world()
    collection = FeeCollectionFactory(compound=CompoundFactory(community=world.community))
    url = reverse("alliances:property_fee_edit", args=[collection.pk])
    client.force_login(world.writer)
    assert client.get(url).context["form"].initial == {"households_billed": 100, "households_paid": 80}
    response = client.post(url, {"households_billed": "90", "households_paid": "95"})
    assert response.status_code == 400
    assert 'data-field="households_paid"' in response.content.decode()
    assert 'value="95"' in response.content.decode()
    response = client.post(url, {"households_billed": "90", "households_paid": "81"})
    assert response["Location"] == compound_page(collection.compound)
    collection.refresh_from_db()
    assert (collection.households_billed, collection.households_paid, collection.rate) == (90, 81, 90.0)
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.viewer)
    assert client.get(url).status_code == 403


def test_a_cross_appointment_is_ended_once_after_it_started(client):
    world = build_world()
    company = PropertyCompanyFactory(community=world.community)
    appointment = CrossAppointment.objects.create(
        company=company,
        person_name="王丽",
        direction=AppointmentDirection.COMMUNITY_TO_COMPANY,
        post="物业公司党支部副书记",
        started_on=datetime.date(2020, 3, 1),
    )
    url = reverse("alliances:property_appointment_end", args=[appointment.pk])
    client.force_login(world.writer)
    assert url in client.get(community_page(world.community)).content.decode()
    response = client.post(url, {"ended_on": "2020-02-01"})
    assert response.status_code == 400  # before it started: beside the field, the input kept
    content = response.content.decode()
    assert 'data-field="ended_on"' in content and 'value="2020-02-01"' in content
    response = client.post(url, {"ended_on": "2021-06-30"})
    assert response["Location"] == community_page(world.community)
    appointment.refresh_from_db()
    assert appointment.ended_on == datetime.date(2021, 6, 30)
    assert url not in client.get(community_page(world.community)).content.decode()
    response = client.post(url, {"ended_on": "2021-07-30"})
    assert response.status_code == 400 and 'data-field="ended_on"' in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.ended_on == datetime.date(2021, 6, 30)
    client.force_login(world.outsider)
    assert client.post(url, {"ended_on": "2021-07-30"}).status_code == 404
    client.force_login(world.viewer)
    assert client.post(url, {"ended_on": "2021-07-30"}).status_code == 403
