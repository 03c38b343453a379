"""The demo campaigns: the 2020 epidemic campaign across the city with 田园社区's eight grids as
teams, every household of them visited once, duty round the clock, the alliances' support tasks,
and exactly 15,480 members' donations totalling exactly 2,355,000 yuan; the flood-control campaign
in 永吉县; consistent with the services' rules, and idempotent."""

import time
from decimal import Decimal

from django.db.models import Count, F, Sum

from alliances.campaigns import services
from alliances.campaigns.demo import EPIDEMIC_TITLE, FLOOD_TITLE, build_demo_campaigns
from alliances.campaigns.models import (
    Campaign,
    CampaignShift,
    Donation,
    HouseholdVisit,
    SupportTask,
    TeamMember,
    VisitAnswer,
)
from alliances.campaigns.selectors import campaign_figures, covered_hours
from communities.models import Community
from grids.network.models import Grid, Unit
from jilin_grid.areas import area_get


def test_the_documents_figures_exactly(demo, db):
    epidemic = Campaign.objects.get(title=EPIDEMIC_TITLE)
    assert epidemic.area_code == "2202" and epidemic.donations_published
    donations = Donation.objects.filter(campaign=epidemic)
    assert donations.count() == 15_480
    assert donations.aggregate(total=Sum("amount"))["total"] == Decimal("2355000")
    assert donations.values("receipt_number").distinct().count() == 15_480
    # Every grid of the city is a team.
    assert TeamMember.objects.filter(campaign=epidemic).values("grid").distinct().count() == Grid.objects.count()


def test_tianyuan_eight_grids_visited_household_by_household(demo, db):
    epidemic = Campaign.objects.get(title=EPIDEMIC_TITLE)
    tianyuan = Community.objects.get(name="田园社区", code__startswith="220211")
    grids = Grid.objects.filter(community=tianyuan)
    assert grids.count() == 8
    assert TeamMember.objects.filter(campaign=epidemic, grid__in=grids).values("grid").distinct().count() == 8
    households = Unit.objects.filter(area_code__startswith=tianyuan.code, is_active=True).aggregate(
        n=Sum("households")
    )["n"]
    visits = HouseholdVisit.objects.filter(campaign=epidemic, area_code__startswith=tianyuan.code)
    assert visits.count() == households
    assert visits.values("unit", "door").distinct().count() == households
    assert not visits.filter(door__gt=F("unit__households")).exists()
    assert VisitAnswer.objects.filter(visit__campaign=epidemic).count() == households * epidemic.questions.count()
    figures = campaign_figures(epidemic, area_get(tianyuan.code))
    assert figures["visited"] == figures["households"] == households
    assert len(figures["children"]) == 8
    # Duty round the clock: 24 hours a day at each of the 16 posts for 14 days.
    assert figures["duty_hours_covered"] == 16 * 24 * 14
    shifts = CampaignShift.objects.filter(post__campaign=epidemic)
    assert (
        not shifts.filter(
            person__campaign_shifts__post__campaign=epidemic,
            person__campaign_shifts__starts_at__lt=F("ends_at"),
            person__campaign_shifts__ends_at__gt=F("starts_at"),
        )
        .exclude(person__campaign_shifts__id=F("id"))
        .exists()
    )
    assert covered_hours([(s.starts_at, s.ends_at) for s in shifts.filter(post__grid=grids[0])[:3]])


def test_support_tasks_and_the_flood_campaign(demo, db):
    epidemic = Campaign.objects.get(title=EPIDEMIC_TITLE)
    tasks = SupportTask.objects.filter(campaign=epidemic)
    assert tasks.count() > 0
    assert not tasks.exclude(area_code__startswith="220211").exists()
    assert set(tasks.values_list("kind", flat=True)) == {"disinfection", "supplies", "transport", "hotline"}
    assert not tasks.filter(state="done", outcome="").exists()
    flood = Campaign.objects.get(title=FLOOD_TITLE)
    assert flood.area_code == "220221" and flood.kind.name == "防汛"
    assert HouseholdVisit.objects.filter(campaign=flood).exists()
    assert not HouseholdVisit.objects.filter(campaign=flood).exclude(area_code__startswith="220221").exists()
    by_campaign = dict(Donation.objects.values_list("campaign").annotate(n=Count("id")))
    assert set(by_campaign) == {epidemic.pk}


def test_city_figures_are_fast_and_the_step_is_idempotent(demo, db):
    epidemic = Campaign.objects.get(title=EPIDEMIC_TITLE)
    started = time.monotonic()
    figures = campaign_figures(epidemic, area_get("2202"))
    assert time.monotonic() - started < 10
    assert figures["donations"]["members"] == 15_480
    started = time.monotonic()
    summary = services.daily_summary_produce(campaign=epidemic, day=epidemic.ends_on)
    assert time.monotonic() - started < 10
    assert summary.area_code == "2202" and len(bytes(summary.workbook)) > 0
    before = (Campaign.objects.count(), HouseholdVisit.objects.count(), Donation.objects.count())
    again = build_demo_campaigns()
    assert again["created"] is False
    assert (Campaign.objects.count(), HouseholdVisit.objects.count(), Donation.objects.count()) == before
