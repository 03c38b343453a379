"""API of red-heart property: the generated tests per endpoint, then by hand the explicit actions,
their refusals (in Chinese, the default language, under the field's name) and scoping for every role."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from alliances.property import services
from alliances.property.choices import AppointmentDirection, ManagementMode, Party, ResolutionStatus
from alliances.property.models import (
    CompoundMode,
    CrossAppointment,
    DeliberationMeeting,
    FeeCollection,
    OwnersCommittee,
    PropertyCompany,
    Resolution,
)
from alliances.volunteering.tests.test_api import user_of
from communities.tests.factories import CommunityFactory, user_with_grant
from grids.tests.factories import CompoundFactory, GridFactory, ResidentProblemFactory
from jilin_grid import scope as roles
from jilin_grid.testing.api import APITestCases, api_client

from .factories import (
    CompoundModeFactory,
    CrossAppointmentFactory,
    FeeCollectionFactory,
    MeetingFactory,
    PropertyCompanyFactory,
    ResolutionFactory,
)


class TestPropertyCompanyAPI(APITestCases.Read, APITestCases.Create, APITestCases.Update, APITestCases.NoDelete):
    model = PropertyCompany
    basename = "property-company"

    def make_object(self, area):
        return PropertyCompanyFactory(community=area.community)

    def create_payload(self, area):
        return {"community": area.community.pk, "name": "绿地物业服务有限公司"}

    def update_payload(self, obj, area):
        return {"name": "绿地物业（吉林）有限公司"}


class TestCompoundModeAPI(APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = CompoundMode
    basename = "compound-mode"
    # Token, grants, count, rows with their compound, their council members.
    max_list_queries = 5

    def make_object(self, area):
        return CompoundModeFactory(compound=CompoundFactory(community=area.community))

    def create_payload(self, area):
        compound = CompoundFactory(community=area.community)
        return {
            "compound": compound.pk,
            "mode": ManagementMode.ABANDONED,
            "since": "2020-01-01",
            "council_name": "幸福小区协商理事会",
            "council_members": [{"name": "王强", "post": "理事长"}],
        }


class TestDeliberationMeetingAPI(APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = DeliberationMeeting
    basename = "deliberation-meeting"
    # Token, grants, count, rows, their problems, their resolutions.
    max_list_queries = 6

    def make_object(self, area):
        return MeetingFactory(community=area.community)

    def create_payload(self, area):
        return {
            "community": area.community.pk,
            "held_on": "2020-03-10",
            "topics": "停车难",
            "residents_committee_attendees": 2,
            "property_company_attendees": 1,
            "owners_committee_attendees": 3,
        }


class TestOwnersCommitteeAPI(APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = OwnersCommittee
    basename = "owners-committee"
    # Token, grants, count, rows with their compound, their members.
    max_list_queries = 5

    def make_object(self, area):
        return services.owners_committee_elect(
            compound=CompoundFactory(community=area.community),
            term_start=datetime.date(2018, 1, 1),
            term_end=datetime.date(2021, 1, 1),
            members=[("李梅", "主任")],
        )

    def create_payload(self, area):
        compound = CompoundFactory(community=area.community)
        return {
            "compound": compound.pk,
            "term_start": "2020-01-01",
            "term_end": "2023-01-01",
            "members": [{"name": "李梅", "post": "主任"}, {"name": "赵刚", "post": "委员"}],
        }


class TestCrossAppointmentAPI(APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = CrossAppointment
    basename = "cross-appointment"

    def make_object(self, area):
        return CrossAppointmentFactory(company=PropertyCompanyFactory(community=area.community))

    def create_payload(self, area):
        company = PropertyCompanyFactory(community=area.community)
        return {
            "company": company.pk,
            "person_name": "王丽",
            "direction": AppointmentDirection.COMMUNITY_TO_COMPANY,
            "post": "物业公司党支部副书记",
            "started_on": "2020-03-01",
        }


def test_a_cross_appointment_ends_once_after_it_started_and_an_overlapping_one_is_refused(place):
    company = PropertyCompanyFactory(community=place.community)
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    sent = {
        "company": company.pk,
        "person_name": "王丽",
        "direction": AppointmentDirection.COMMUNITY_TO_COMPANY,
        "post": "物业公司党支部副书记",
        "started_on": "2020-03-01",
    }
    created = client.post(reverse("cross-appointment-list"), sent, format="json")
    assert created.status_code == 201, created.json()
    again = client.post(reverse("cross-appointment-list"), {**sent, "started_on": "2020-06-01"}, format="json")
    assert again.status_code == 400 and "started_on" in again.json()
    end = reverse("cross-appointment-end", args=[created.json()["id"]])
    refused = client.post(end, {"ended_on": "2020-02-01"}, format="json")
    assert refused.status_code == 400 and "ended_on" in refused.json()
    ended = client.post(end, {"ended_on": "2021-03-01"}, format="json")
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2021-03-01"
    assert client.post(end, {"ended_on": "2021-04-01"}, format="json").status_code == 400
    reader = api_client(user_of(place, roles.API_READER))
    assert reader.post(end, {"ended_on": "2021-04-01"}, format="json").status_code == 403
    outsider = api_client(user_with_grant(CommunityFactory().code, roles.COMMUNITY_STAFF))
    assert outsider.post(end, {"ended_on": "2021-04-01"}, format="json").status_code == 404


class TestResolutionAPI(APITestCases.ReadOnly):
    model = Resolution
    basename = "resolution"

    def make_object(self, area):
        return ResolutionFactory(meeting=MeetingFactory(community=area.community))


class TestFeeCollectionAPI(APITestCases.Read, APITestCases.Create, APITestCases.Update, APITestCases.NoDelete):
    model = FeeCollection
    basename = "fee-collection"

    def make_object(self, area):
        return FeeCollectionFactory(compound=CompoundFactory(community=area.community))

    def create_payload(self, area):
        compound = CompoundFactory(community=area.community)
        return {"compound": compound.pk, "month": "2020-05-01", "households_billed": 300, "households_paid": 291}

    def update_payload(self, obj, area):
        return {"households_paid": 50}


@pytest.fixture
def place(db):
    community = CommunityFactory()
    return SimpleNamespace(community=community, grid=GridFactory(community=community))


def test_a_fee_collection_derives_its_rate_and_refuses_more_paid_than_billed(place):
    compound = CompoundFactory(community=place.community)
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    url = reverse("fee-collection-list")
    sent = {
        "compound": compound.pk,
        "month": "2020-05-01",
        "households_billed": 300,
        "households_paid": 291,
        "rate": 10,
    }
    response = client.post(url, sent, format="json")
    assert response.status_code == 201
    assert response.json()["rate"] == 97.0
    refused = client.post(url, {**sent, "month": "2020-06-01", "households_paid": 301}, format="json")
    assert refused.status_code == 400
    assert "households_paid" in refused.json()
    again = client.post(url, sent, format="json")
    assert again.status_code == 400
    assert "2020-05" in again.json()["month"][0]
    assert FeeCollection.objects.count() == 1


def test_a_compound_outside_the_area_is_refused_as_if_absent(place):
    elsewhere = CompoundFactory()
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    response = client.post(
        reverse("fee-collection-list"),
        {"compound": elsewhere.pk, "month": "2020-05-01", "households_billed": 3, "households_paid": 1},
        format="json",
    )
    assert response.status_code == 400
    assert elsewhere.name not in str(response.json())
    assert "compound" in response.json()


def test_meetings_take_up_problems_of_the_area_and_resolutions_record_outcomes(place):
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    own = ResidentProblemFactory(grid=place.grid)
    other = ResidentProblemFactory()
    payload = {
        "community": place.community.pk,
        "held_on": "2020-03-10",
        "topics": "停车难",
        "residents_committee_attendees": 2,
        "property_company_attendees": 1,
        "owners_committee_attendees": 3,
    }
    assert (
        client.post(
            reverse("deliberation-meeting-list"), {**payload, "problems": [other.pk]}, format="json"
        ).status_code
        == 400
    )
    response = client.post(reverse("deliberation-meeting-list"), {**payload, "problems": [own.pk]}, format="json")
    assert response.status_code == 201
    meeting = DeliberationMeeting.objects.get()
    add = reverse("deliberation-meeting-add-resolution", args=[meeting.pk])
    refused = client.post(
        add, {"text": "划线", "party": Party.PROPERTY_COMPANY, "deadline": "2020-03-01"}, format="json"
    )
    assert refused.status_code == 400
    assert "2020-03-10" in refused.json()["deadline"][0]
    created = client.post(
        add, {"text": "划线", "party": Party.PROPERTY_COMPANY, "deadline": "2020-04-10"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["status"] == ResolutionStatus.OVERDUE
    outcome = reverse("resolution-record-outcome", args=[created.json()["id"]])
    done = client.post(outcome, {"done_on": "2020-04-01", "outcome": "已划定车位"}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == ResolutionStatus.DONE
    assert client.post(outcome, {"done_on": "2020-04-02", "outcome": "再次"}, format="json").status_code == 400


def test_readers_and_other_areas_may_not_write(place):
    meeting = MeetingFactory(community=place.community)
    resolution = ResolutionFactory(meeting=meeting)
    outcome = reverse("resolution-record-outcome", args=[resolution.pk])
    sent = {"done_on": "2020-04-01", "outcome": "已划定车位"}
    assert api_client(user_of(place, roles.API_READER)).post(outcome, sent, format="json").status_code == 403
    outsider = api_client(user_with_grant(CommunityFactory().code, roles.COMMUNITY_STAFF))
    assert outsider.post(outcome, sent, format="json").status_code == 404
    grid_worker = api_client(user_of(place, roles.GRID_WORKER, level="grid"))
    assert grid_worker.get(reverse("resolution-detail", args=[resolution.pk])).status_code == 404
    for level, role in (
        ("street", roles.STREET_STAFF),
        ("district", roles.DISTRICT_ORG_DEPT),
        ("city", roles.CITY_ORG_DEPT),
    ):
        assert (
            api_client(user_of(place, role, level)).get(reverse("resolution-detail", args=[resolution.pk])).status_code
            == 200
        )
    resolution.refresh_from_db()
    assert resolution.done_on is None


def test_a_mode_change_is_checked_by_the_service(place):
    compound = CompoundFactory(community=place.community)
    client = api_client(user_of(place, roles.COMMUNITY_STAFF))
    url = reverse("compound-mode-list")
    refused = client.post(
        url,
        {"compound": compound.pk, "mode": ManagementMode.ABANDONED, "since": "2020-01-01", "council_name": "理事会"},
        format="json",
    )
    assert refused.status_code == 400
    assert "council_members" in refused.json()
    company = PropertyCompanyFactory(community=place.community)
    created = client.post(
        url,
        {"compound": compound.pk, "mode": ManagementMode.THREE_PARTY, "since": "2020-01-01", "company": company.pk},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["council_members"] == []
    earlier = client.post(
        url,
        {"compound": compound.pk, "mode": ManagementMode.EMBEDDED, "since": "2019-01-01", "company": company.pk},
        format="json",
    )
    assert earlier.status_code == 400
    assert "since" in earlier.json()
    assert datetime.date(2020, 1, 1) == CompoundMode.objects.get().since
