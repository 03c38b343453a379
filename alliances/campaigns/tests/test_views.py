"""Pages of the campaigns: the list and the campaign's page for every role (scoped, 404 outside),
the visit form offered to writers only, the donations' list before and after publishing, and the
daily summary as HTML and as a workbook read back with openpyxl."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliances.campaigns import services
from alliances.campaigns.choices import SupportKind
from communities.tests.factories import user_with_grant
from jilin_grid import scope as roles

from .factories import campaign_kind, open_campaign, visit
from .test_stats_api import _fill


@pytest.fixture
def campaign(world):
    campaign = open_campaign(world.street.code, title="田园抗疫行动")
    visit(campaign, world.east.units[0], door=1, 是否有独居老人="yes")
    visit(campaign, world.west.units[1], door=2)
    services.support_task_assign(
        campaign=campaign, member_unit=world.member_unit, kind=SupportKind.DISINFECTION, title="楼道消杀",
        due_on=timezone.localdate(),
    )  # fmt: skip
    for number, amount in enumerate(("100.00", "250.50"), start=1):
        services.donation_record(
            campaign=campaign, donor_name=f"党员{number}", organization=world.organization, unit_name="市财政局",
            amount=Decimal(amount), donated_on=timezone.localdate(), receipt_number=f"R{number}",
        )  # fmt: skip
    return campaign


def client_of(client, code, role):
    client.force_login(user_with_grant(code, role))
    return client


@pytest.mark.parametrize(
    ("role", "level"),
    [
        (roles.CITY_ORG_DEPT, "city"),
        (roles.DISTRICT_ORG_DEPT, "district"),
        (roles.STREET_STAFF, "street"),
        (roles.COMMUNITY_STAFF, "community"),
        (roles.GRID_WORKER, "grid"),
    ],
)
def test_every_role_of_the_area_sees_the_campaign(client, world, campaign, role, level):
    code = {
        "city": "2202",
        "district": world.street.code[:6],
        "street": world.street.code,
        "community": world.community.code,
        "grid": world.east.grid.code,
    }[level]
    client_of(client, code, role)
    listed = client.get(reverse("alliances:campaign_list"))
    assert listed.status_code == 200 and campaign.title in listed.content.decode()
    page = client.get(reverse("alliances:campaign_detail", args=[campaign.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    households = 24 if level == "grid" else 48
    visited = 1 if level == "grid" else 2
    assert f'data-testid="households">{households}<' in body
    assert f'data-testid="visited">{visited}<' in body
    assert 'data-testid="record-visit"' in body


def test_outside_the_area_the_campaign_is_404(client, world, campaign):
    client_of(client, world.other_community.code, roles.COMMUNITY_STAFF)
    assert client.get(reverse("alliances:campaign_detail", args=[campaign.pk])).status_code == 404
    assert campaign.title not in client.get(reverse("alliances:campaign_list")).content.decode()
    worker = client_of(client, world.east.grid.code, roles.GRID_WORKER)
    url = reverse("alliances:campaign_detail", args=[campaign.pk])
    assert worker.get(url, {"area": world.west.grid.code}).status_code == 404


def test_the_visit_form_offers_only_the_workers_units(client, world, campaign):
    client_of(client, world.east.grid.code, roles.GRID_WORKER)
    body = client.get(reverse("alliances:campaign_visit", args=[campaign.pk])).content.decode()
    assert world.east.grid.name in body and world.west.grid.name not in body
    assert "是否有独居老人" in body and "campaign_visits" in body


def test_a_reader_is_refused_the_visit_form(client, world, campaign):
    from communities.tests.factories import user_reading_through_api_grant

    client.force_login(user_reading_through_api_grant(world.community.code))
    assert client.get(reverse("alliances:campaign_visit", args=[campaign.pk])).status_code == 403
    page = client.get(reverse("alliances:campaign_detail", args=[campaign.pk])).content.decode()
    assert 'data-testid="record-visit"' not in page


def test_the_donations_list_waits_for_publishing(client, world, campaign):
    url = reverse("alliances:campaign_donations", args=[campaign.pk])
    client_of(client, world.east.grid.code, roles.GRID_WORKER)
    assert client.get(url).status_code == 403
    services.donations_publish(campaign=campaign)
    body = client.get(url).content.decode()
    assert "党员1" in body and "350.50" in body


def test_the_daily_summary_workbook_reads_back(client, world, campaign):
    client_of(client, world.street.code, roles.STREET_STAFF)
    url = reverse("alliances:campaign_summary", args=[campaign.pk])
    html = client.get(url)
    assert html.status_code == 200 and "是否有独居老人" in html.content.decode()
    response = client.get(url, {"format": "xlsx", "area": world.street.code})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    # Campaign, area, day, households, visited, rate, post-hours, donations, amount.
    summary = [row[1] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert summary[0] == campaign.title and summary[1] == world.street.name
    assert (summary[3], summary[4], summary[7]) == (48, 2, 2)
    assert Decimal(str(summary[8])) == Decimal("350.50")
    by_area = list(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[1], row[2]) for row in by_area] == [(world.community.name, 48, 2)]
    findings = list(workbook.worksheets[2].iter_rows(min_row=2, values_only=True))
    alone = [row[2] for row in findings if row[0] == "是否有独居老人"]
    assert alone == [1, 1]  # yes, no


def test_a_street_opens_a_campaign_through_its_form(client, world):
    from alliances.campaigns.models import Campaign

    client_of(client, world.street.code, roles.STREET_STAFF)
    url = reverse("alliances:campaign_create")
    data = {
        "kind": campaign_kind().pk,
        "title": "江南街道防汛",
        "area_code": world.street.code,
        "starts_on": "2021-07-20",
        "ends_on": "2021-07-01",
        "questions": "房屋是否渗漏\n需要的帮助：无 / 转移安置",
        "posts": "河堤巡查点",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "ends_on" in refused.context["form"].errors
    assert refused.context["form"]["title"].value() == "江南街道防汛"
    assert not Campaign.objects.exists()
    response = client.post(url, {**data, "ends_on": "2021-08-31"})
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "alliances:campaign_detail", args=[campaign.pk]
    )
    assert [(q.kind, q.choices) for q in campaign.questions.order_by("position")] == [
        ("yes_no", []),
        ("choice", ["无", "转移安置"]),
    ]
    assert campaign.posts.count() == 2  # one a grid


def test_a_community_is_refused_the_opening_form(client, world):
    client_of(client, world.community.code, roles.COMMUNITY_STAFF)
    assert client.get(reverse("alliances:campaign_create")).status_code == 403
    listed = client.get(reverse("alliances:campaign_list")).content.decode()
    assert reverse("alliances:campaign_create") not in listed


def test_a_grid_worker_adds_duty_turns_of_their_team(client, world, campaign):
    from alliances.campaigns.models import CampaignShift

    client_of(client, world.east.grid.code, roles.GRID_WORKER)
    url = reverse("alliances:campaign_shift_create", args=[campaign.pk])
    form = client.get(url).context["form"]
    assert {post.grid_id for post in form.fields["post"].queryset} == {world.east.grid.pk}
    assert world.west.worker.person not in form.fields["person"].queryset
    post = campaign.posts.get(grid=world.east.grid, name="小区大门卡点")
    day = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    data = {"post": post.pk, "person": world.east.worker.person.pk, "day": day, "start": "22:00", "end": "06:00"}
    response = client.post(url, data)
    assert response.status_code == 302
    shift = CampaignShift.objects.get()
    assert (shift.ends_at - shift.starts_at) == datetime.timedelta(hours=8)
    again = client.post(url, {**data, "start": "23:00", "end": "02:00"})
    assert again.status_code == 400
    assert "start" in again.context["form"].errors
    assert again.context["form"]["start"].value() == "23:00"
    assert CampaignShift.objects.count() == 1


def test_staff_assign_a_task_and_record_donations_through_forms(client, world, campaign):
    from alliances.campaigns.models import Donation, SupportTask

    client_of(client, world.community.code, roles.COMMUNITY_STAFF)
    today = timezone.localdate().isoformat()
    task_url = reverse("alliances:campaign_task_create", args=[campaign.pk])
    task = {"member_unit": world.member_unit.pk, "kind": "transport", "title": "接送医护人员", "due_on": today}
    assert client.post(task_url, task).status_code == 302
    assert SupportTask.objects.filter(campaign=campaign, title="接送医护人员").exists()
    url = reverse("alliances:campaign_donation_create", args=[campaign.pk])
    donation = {
        "donor_name": "刘秀英", "organization": world.organization.pk, "unit_name": "市民政局", "amount": "88.80",
        "donated_on": today, "receipt_number": "R1",
    }  # fmt: skip
    refused = client.post(url, donation)  # R1 is the fixture's
    assert refused.status_code == 400 and "receipt_number" in refused.context["form"].errors
    assert refused.context["form"]["donor_name"].value() == "刘秀英"
    assert client.post(url, {**donation, "receipt_number": "R3"}).status_code == 302
    assert Donation.objects.get(receipt_number="R3").amount == Decimal("88.80")
    services.campaign_close(campaign=campaign)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("page", ["campaign_detail", "campaign_summary", "campaign_donations"])
def test_the_campaigns_pages_take_as_many_queries_at_ten_times_the_data(client, world, page):
    campaign = open_campaign(world.street.code, days_before=30)
    client.force_login(user_with_grant(world.street.code, roles.STREET_STAFF))
    url = reverse(f"alliances:{page}", args=[campaign.pk])
    _fill(world, campaign, 2)
    client.get(url)  # the first request of the session reads what a later one does not
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _fill(world, campaign, 18, start=2)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_grids_page_lists_its_team_and_a_communitys_page_does_not(client, world, campaign):
    client_of(client, world.street.code, roles.STREET_STAFF)
    url = reverse("alliances:campaign_detail", args=[campaign.pk])
    page = client.get(url, {"area": world.east.grid.code}).content.decode()
    assert 'data-testid="team"' in page
    for person in (world.east.worker.person, world.east.chief.person):  # the grid's own, from its opening
        assert person.name in page
    assert world.west.worker.person.name not in page  # another grid's team
    assert 'data-testid="team"' not in client.get(url, {"area": world.community.code}).content.decode()
