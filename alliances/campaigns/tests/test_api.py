"""API of the campaigns: the generated tests per endpoint (scope, roles, query counts), then by
hand the rules a caller meets: a visit outside the worker's grid, a visit sent twice, a donation to
a closed campaign, the actions of a campaign and its figures."""

import datetime
import itertools
import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from alliances.campaigns import services
from alliances.campaigns.choices import SupplyKind, SupportKind, TaskState
from alliances.campaigns.models import Campaign, CampaignShift, Donation, HouseholdVisit, SupplyGift, SupportTask
from alliances.tests.factories import AllianceFactory, MemberUnitFactory
from communities.tests.factories import CommunityFactory, PartyOrganizationFactory, user_with_grant
from grids.tests.factories import BuildingFactory, GridFactory, GridWorkerFactory, UnitFactory
from jilin_grid import scope as roles
from jilin_grid.testing.api import APITestCases, api_client

from .factories import CampaignFactory, answers_for, campaign_kind, open_campaign, visit

_counter = itertools.count(1)


class CampaignArea(APITestCases.Base):
    """A street with a community, a grid, a unit of 60 households and its worker; an alliance of the
    community with a member unit; a campaign over the street. Granted: community staff."""

    def build_area(self, which):
        community = CommunityFactory()
        grid = GridFactory(community=community)
        unit = UnitFactory(building=BuildingFactory(grid=grid), households=60)
        worker = GridWorkerFactory(grid=grid)
        organization = PartyOrganizationFactory(area_code=community.code)
        member_unit = MemberUnitFactory(
            alliance=AllianceFactory(lead_organization=organization, area_code=community.code)
        )
        campaign = open_campaign(community.street.code)
        return SimpleNamespace(
            code=community.code,
            community=community,
            street=community.street,
            grid=grid,
            unit=unit,
            worker=worker,
            organization=organization,
            member_unit=member_unit,
            campaign=campaign,
            doors=itertools.count(1),
            hours=itertools.count(0),
        )


class TestCampaignAPI(CampaignArea, APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = Campaign
    basename = "campaign"
    grant_role = roles.STREET_STAFF
    # Token, grants, count, rows with their kind, their questions.
    max_list_queries = 5

    def grant_code(self, area):
        return area.street.code

    def make_object(self, area):
        return CampaignFactory(area_code=area.street.code)

    def create_payload(self, area):
        return {
            "kind": campaign_kind("防汛").pk,
            "title": "防汛备汛",
            "area_code": area.street.code,
            "starts_on": "2021-07-01",
            "ends_on": "2021-08-31",
            "questions": [{"text": "是否有危房", "kind": "yes_no"}],
            "post_names": ["河堤巡查点"],
        }


class TestVisitAPI(CampaignArea, APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = HouseholdVisit
    basename = "campaign-visit"
    grant_role = roles.GRID_WORKER
    # Token, grants, count, rows with grid and building, their answers.
    max_list_queries = 5

    def grant_code(self, area):
        return area.grid.code

    def make_object(self, area):
        return visit(area.campaign, area.unit, door=next(area.doors))

    def create_payload(self, area):
        return {
            "campaign": area.campaign.pk,
            "unit": area.unit.pk,
            "door": 59,
            "visited_on": timezone.localdate().isoformat(),
            "answers": answers_for(area.campaign),
            "key": str(uuid.uuid4()),
        }


def _shift_times(area):
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) - datetime.timedelta(days=1)
    start += datetime.timedelta(hours=next(area.hours) * 2)
    return start, start + datetime.timedelta(hours=2)


class TestShiftAPI(CampaignArea, APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = CampaignShift
    basename = "campaign-shift"
    # Token, grants, count, rows with post and person.
    max_list_queries = 4

    def make_object(self, area):
        start, end = _shift_times(area)
        post = area.campaign.posts.get(grid=area.grid, name="小区大门卡点")
        return services.shift_add(post=post, person=area.worker.person, starts_at=start, ends_at=end)

    def create_payload(self, area):
        start, end = _shift_times(area)
        return {
            "post": area.campaign.posts.get(grid=area.grid, name="楼栋值守点").pk,
            "person": area.worker.person.pk,
            "starts_at": start.isoformat(),
            "ends_at": end.isoformat(),
        }


class TestSupportTaskAPI(CampaignArea, APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = SupportTask
    basename = "campaign-task"

    def make_object(self, area):
        return services.support_task_assign(
            campaign=area.campaign,
            member_unit=area.member_unit,
            kind=SupportKind.DISINFECTION,
            title="楼道消杀",
            due_on=timezone.localdate(),
        )

    def create_payload(self, area):
        return {
            "campaign": area.campaign.pk,
            "member_unit": area.member_unit.pk,
            "kind": SupportKind.HOTLINE,
            "title": "心理疏导热线",
            "due_on": timezone.localdate().isoformat(),
        }


class TestSupplyAPI(CampaignArea, APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = SupplyGift
    basename = "campaign-supply"

    def make_object(self, area):
        return services.supply_record(
            campaign=area.campaign,
            member_unit=area.member_unit,
            kind=SupplyKind.MASKS,
            quantity=500,
            received_on=timezone.localdate(),
        )

    def create_payload(self, area):
        return {
            "campaign": area.campaign.pk,
            "member_unit": area.member_unit.pk,
            "kind": SupplyKind.DISINFECTANT,
            "quantity": 40,
            "received_on": timezone.localdate().isoformat(),
        }


class TestDonationAPI(CampaignArea, APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = Donation
    basename = "campaign-donation"

    def make_object(self, area):
        return services.donation_record(
            campaign=area.campaign,
            donor_name="王建国",
            organization=area.organization,
            unit_name="市财政局",
            amount=Decimal("200.00"),
            donated_on=timezone.localdate(),
            receipt_number=f"R{next(_counter):06d}",
        )

    def create_payload(self, area):
        return {
            "campaign": area.campaign.pk,
            "donor_name": "李秀兰",
            "organization": area.organization.pk,
            "unit_name": "市教育局",
            "amount": "150.50",
            "donated_on": timezone.localdate().isoformat(),
            "receipt_number": f"R{next(_counter):06d}",
        }


# By hand -----------------------------------------------------------------------------------------


@pytest.fixture
def campaign(world):
    return open_campaign(world.street.code)


def worker_client(place):
    return api_client(user_with_grant(place.grid.code, roles.GRID_WORKER))


def visit_payload(campaign, unit, door=1, key=None):
    return {
        "campaign": campaign.pk,
        "unit": unit.pk,
        "door": door,
        "visited_on": timezone.localdate().isoformat(),
        "answers": answers_for(campaign, 是否有独居老人="yes"),
        "key": key or str(uuid.uuid4()),
    }


def test_a_visit_sent_twice_with_its_key_is_kept_once(world, campaign):
    client = worker_client(world.east)
    payload = visit_payload(campaign, world.east.units[0])
    first = client.post(reverse("campaign-visit-list"), payload, format="json")
    again = client.post(reverse("campaign-visit-list"), payload, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.data["id"] == again.data["id"]
    assert HouseholdVisit.objects.filter(campaign=campaign).count() == 1
    assert set(first.data["findings"].values()) >= {"yes"}


def test_a_visit_outside_the_workers_grid_is_refused_without_naming_it(world, campaign):
    client = worker_client(world.east)
    response = client.post(reverse("campaign-visit-list"), visit_payload(campaign, world.west.units[0]), format="json")
    assert response.status_code == 400
    message = str(response.json()["unit"][0])
    assert "无效的主键" in message and "object does not exist" in message
    assert world.west.grid.name not in message and world.west.building.name not in message
    assert not HouseholdVisit.objects.exists()


def test_a_second_visit_the_same_day_is_refused_beside_the_door(world, campaign):
    client = worker_client(world.east)
    unit = world.east.units[0]
    assert client.post(reverse("campaign-visit-list"), visit_payload(campaign, unit), format="json").status_code == 201
    response = client.post(reverse("campaign-visit-list"), visit_payload(campaign, unit), format="json")
    assert response.status_code == 400
    assert "door" in response.json()
    assert HouseholdVisit.objects.count() == 1


def test_a_donation_to_a_closed_campaign_is_refused(world, campaign):
    staff = api_client(user_with_grant(world.street.code, roles.STREET_STAFF))
    assert staff.post(reverse("campaign-close", args=[campaign.pk])).status_code == 200
    payload = {
        "campaign": campaign.pk,
        "donor_name": "李秀兰",
        "organization": world.organization.pk,
        "unit_name": "市教育局",
        "amount": "100.00",
        "donated_on": timezone.localdate().isoformat(),
        "receipt_number": "R1",
    }
    response = staff.post(reverse("campaign-donation-list"), payload, format="json")
    assert response.status_code == 400
    assert "campaign" in response.json()
    assert not Donation.objects.exists()


def test_only_a_writer_over_the_campaign_closes_or_publishes_it(world, campaign):
    community_staff = api_client(user_with_grant(world.community.code, roles.COMMUNITY_STAFF))
    assert community_staff.get(reverse("campaign-detail", args=[campaign.pk])).status_code == 200
    assert community_staff.post(reverse("campaign-close", args=[campaign.pk])).status_code == 403
    street = api_client(user_with_grant(world.street.code, roles.STREET_STAFF))
    response = street.post(reverse("campaign-publish-donations", args=[campaign.pk]), {}, format="json")
    assert response.status_code == 200 and response.data["donations_published"] is True
    other = api_client(user_with_grant(world.other_community.code, roles.COMMUNITY_STAFF))
    assert other.get(reverse("campaign-detail", args=[campaign.pk])).status_code == 404


def test_a_community_cannot_open_a_campaign(world):
    staff = api_client(user_with_grant(world.community.code, roles.COMMUNITY_STAFF))
    payload = TestCampaignAPI().create_payload(SimpleNamespace(street=world.street))
    payload["area_code"] = world.community.code
    response = staff.post(reverse("campaign-list"), payload, format="json")
    assert response.status_code == 400
    assert "area_code" in response.json()


def test_a_task_is_finished_with_its_outcome(world, campaign):
    task = services.support_task_assign(
        campaign=campaign, member_unit=world.member_unit, kind=SupportKind.TRANSPORT, title="接送医护",
        due_on=timezone.localdate(),
    )  # fmt: skip
    staff = api_client(user_with_grant(world.community.code, roles.COMMUNITY_STAFF))
    url = reverse("campaign-task-finish", args=[task.pk])
    assert staff.post(url, {"state": TaskState.DONE, "outcome": ""}, format="json").status_code == 400
    response = staff.post(url, {"state": TaskState.DONE, "outcome": "接送12人次"}, format="json")
    assert response.status_code == 200 and response.data["state"] == TaskState.DONE
    assert staff.post(url, {"state": TaskState.DONE, "outcome": "again"}, format="json").status_code == 400


@pytest.mark.parametrize(
    ("role", "level"),
    [
        (roles.CITY_ORG_DEPT, "city"),
        (roles.DISTRICT_ORG_DEPT, "district"),
        (roles.STREET_STAFF, "street"),
        (roles.COMMUNITY_STAFF, "community"),
        (roles.GRID_WORKER, "grid"),
        (roles.API_READER, "city"),
    ],
)
def test_every_role_reads_the_campaign_and_its_own_areas_figures(world, campaign, role, level):
    code = {
        "city": "2202",
        "district": world.street.code[:6],
        "street": world.street.code,
        "community": world.community.code,
        "grid": world.east.grid.code,
    }[level]
    client = api_client(user_with_grant(code, role))
    assert campaign.pk in {row["id"] for row in client.get(reverse("campaign-list")).data["results"]}
    stats = client.get(reverse("stats-campaign", args=[campaign.pk]))
    assert stats.status_code == 200
    assert stats.data["area"]["code"] == code
    expected = 24 if level == "grid" else 48
    assert stats.data["households"] == expected
    # Another street's area is out of reach for every role below the city.
    other = client.get(reverse("stats-campaign", args=[campaign.pk]), {"area": world.other_community.code})
    assert other.status_code == (200 if level == "city" else 404)
