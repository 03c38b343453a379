"""The worker's daily summaries: one per running campaign and day for its area's organization
department, produced again the same day in place; read back as a workbook; scoped."""

import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from alliances.campaigns import services
from alliances.campaigns.models import DailySummary
from alliances.campaigns.tasks import produce_campaign_summaries
from communities.tests.factories import user_with_grant
from jilin_grid import scope as roles

from .factories import open_campaign, visit


def test_each_running_campaign_has_one_summary_a_day(client, world):
    campaign = open_campaign(world.street.code, title="江南街道疫情防控")
    closed = open_campaign(world.street.code, title="已结束的行动")
    services.campaign_close(campaign=closed)
    visit(campaign, world.east.units[0], door=1)
    today = timezone.localdate().isoformat()
    assert produce_campaign_summaries.apply(kwargs={"day": today}).get() == 1
    visit(campaign, world.west.units[0], door=1)
    assert produce_campaign_summaries.apply(kwargs={"day": today}).get() == 1
    summary = DailySummary.objects.get()
    assert (summary.campaign, summary.area_code, summary.day.isoformat()) == (campaign, world.street.code, today)
    workbook = openpyxl.load_workbook(io.BytesIO(bytes(summary.workbook)))
    figures = [row[1] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert (figures[3], figures[4]) == (48, 2)  # households, visited: the second run's figures
    assert campaign.title in summary.html

    url = reverse("alliances:campaign_daily_summary", args=[summary.pk])
    client.force_login(user_with_grant(world.street.code, roles.STREET_STAFF))
    assert client.get(url, {"format": "xlsx"}).content == bytes(summary.workbook)
    page = client.get(reverse("alliances:campaign_summary", args=[campaign.pk])).content.decode()
    assert url in page
    client.force_login(user_with_grant(world.community.code, roles.COMMUNITY_STAFF))
    assert client.get(url).status_code == 404
