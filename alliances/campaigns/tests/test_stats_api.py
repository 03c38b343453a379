"""``GET /api/stats/campaigns/<id>/``: the figures against counts made independently, per child
area, and a fixed number of queries at 1x and 10x data."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliances.campaigns import services
from alliances.campaigns.choices import SupplyKind, SupportKind, TaskState
from alliances.campaigns.models import HouseholdVisit
from communities.tests.factories import user_with_grant
from jilin_grid import scope as roles
from jilin_grid.testing.api import api_client

from .factories import open_campaign, visit


def _fill(world, campaign, times: int, start: int = 0) -> None:
    """``times`` rounds of rows: visits, shifts, tasks, supplies and donations."""
    today = timezone.localdate()
    post = campaign.posts.get(grid=world.east.grid, name="小区大门卡点")
    for round_ in range(start, start + times):
        for place in (world.east, world.west):
            unit = place.units[round_ % 2]
            visit(campaign, unit, door=round_ % 12 + 1, day=today - datetime.timedelta(days=round_ // 12),
                  是否有独居老人="yes" if round_ % 3 == 0 else "no")  # fmt: skip
        begin = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) - datetime.timedelta(
            days=round_ + 1
        )
        services.shift_add(
            post=post, person=world.east.worker.person, starts_at=begin, ends_at=begin + datetime.timedelta(hours=8)
        )
        services.support_task_assign(campaign=campaign, member_unit=world.member_unit, kind=SupportKind.SUPPLIES,
                                     title=f"筹集物资{round_}", due_on=today)  # fmt: skip
        services.supply_record(campaign=campaign, member_unit=world.member_unit, kind=SupplyKind.MASKS, quantity=100,
                               received_on=today)  # fmt: skip
        services.donation_record(campaign=campaign, donor_name=f"党员{round_}", organization=world.organization,
                                 unit_name="市直机关", amount=Decimal("100.50"), donated_on=today,
                                 receipt_number=f"No.{round_}")  # fmt: skip


def _stats(client, campaign, area):
    return client.get(reverse("stats-campaign", args=[campaign.pk]), {"area": area})


def test_the_figures_of_a_campaign_add_up(world):
    campaign = open_campaign(world.street.code)
    _fill(world, campaign, 3)
    task = campaign.support_tasks.first()
    services.support_task_finish(task=task, state=TaskState.DONE, outcome="送达")
    client = api_client(user_with_grant(world.street.code, roles.STREET_STAFF))
    body = _stats(client, campaign, world.street.code).json()
    households = sum(unit.households for place in (world.east, world.west) for unit in place.units)
    assert body["households"] == households == 48
    distinct = HouseholdVisit.objects.filter(campaign=campaign).values_list("unit_id", "door").distinct().count()
    assert body["visited"] == distinct == 6
    alone = next(f for f in body["findings"] if f["text"] == "是否有独居老人")
    assert {a["answer"]: a["count"] for a in alone["answers"]} == {"yes": 2, "no": 4}
    assert body["duty_hours_covered"] == 3 * 8
    assert body["support_tasks"] == {"assigned": 2, "done": 1, "failed": 0}
    assert body["supplies"]["masks"] == 300
    assert body["donations"] == {"members": 3, "amount": "301.50"}
    [community] = body["children"]
    assert community["area"]["code"] == world.community.code
    assert (community["households"], community["visited"], community["donation_members"]) == (48, 6, 3)
    grids = {row["area"]["code"]: row for row in _stats(client, campaign, world.community.code).json()["children"]}
    assert grids[world.east.grid.code]["visited"] == 3
    assert grids[world.east.grid.code]["duty_hours_covered"] == 24
    assert grids[world.west.grid.code]["duty_hours_covered"] == 0


def test_outside_the_callers_area_the_campaign_or_area_is_404(world):
    campaign = open_campaign(world.street.code)
    worker = api_client(user_with_grant(world.east.grid.code, roles.GRID_WORKER))
    assert _stats(worker, campaign, world.east.grid.code).status_code == 200
    assert _stats(worker, campaign, world.west.grid.code).status_code == 404
    other = api_client(user_with_grant(world.other_community.code, roles.COMMUNITY_STAFF))
    assert _stats(other, campaign, world.other_community.code).status_code == 404


def test_the_figures_take_as_many_queries_at_ten_times_the_data(world):
    campaign = open_campaign(world.street.code, days_before=30)
    client = api_client(user_with_grant(world.street.code, roles.STREET_STAFF))
    _fill(world, campaign, 2)
    with CaptureQueriesContext(connection) as small:
        assert _stats(client, campaign, world.street.code).status_code == 200
    _fill(world, campaign, 18, start=2)
    with CaptureQueriesContext(connection) as large:
        body = _stats(client, campaign, world.street.code).json()
    assert body["donations"]["members"] == 20
    # Token, grants, campaign, area (and its ancestors' names), units, visits, questions, answers,
    # shifts, tasks, supplies, donations (count and sum), children.
    assert len(small.captured_queries) == len(large.captured_queries) == 15
