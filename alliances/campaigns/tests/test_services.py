"""The rules of the campaigns kept by the services: opening (checklist, posts, teams), visits (once
a household and day, during the campaign, answers of the checklist), duty (team members, no two
turns at once, hours covered), support tasks, supplies and donations (Decimal amounts, receipts
once, refused on a closed campaign; totals against an independent count)."""

import datetime
import uuid
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alliances.campaigns import services
from alliances.campaigns.choices import SupportKind, TaskState, TeamRole
from alliances.campaigns.models import DutyPost, TeamMember
from alliances.campaigns.selectors import covered_hours, donation_totals
from alliances.tests.factories import CadreAssignmentFactory, MemberReportFactory, MemberUnitFactory
from communities.tests.factories import PartyOrganizationFactory, PersonFactory

from .factories import QUESTIONS, answers_for, campaign_kind, open_campaign, visit

TODAY = timezone.localdate()


def test_opening_makes_every_grid_a_team_with_its_posts(world):
    campaign = open_campaign(world.street.code)
    assert campaign.questions.count() == len(QUESTIONS)
    assert DutyPost.objects.filter(campaign=campaign).count() == 2 * 2
    team = set(TeamMember.objects.filter(campaign=campaign).values_list("grid", "person", "role"))
    assert team == {
        (place.grid.pk, person.pk, role)
        for place in (world.east, world.west)
        for person, role in ((place.worker.person, TeamRole.WORKER), (place.chief.person, TeamRole.CHIEF))
    }
    # The grid beside the street's is no team.
    assert not TeamMember.objects.filter(grid=world.other.grid).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"questions": []}, "questions"),
        ({"questions": [{"text": "需要", "kind": "choice", "choices": ["无"]}]}, "questions"),
        ({"questions": [{"text": "同一问题"}, {"text": "同一问题"}]}, "questions"),
        ({"post_names": [" "]}, "posts"),
    ],
)
def test_a_checklist_without_what_it_needs_is_refused(world, change, field):
    with pytest.raises(ValidationError) as refusal:
        open_campaign(world.street.code, **change)
    assert field in refusal.value.message_dict


def test_a_community_does_not_open_a_campaign(world):
    with pytest.raises(ValidationError) as refusal:
        open_campaign(world.community.code)
    assert "area_code" in refusal.value.message_dict


def test_one_visit_a_household_and_day(world):
    campaign = open_campaign(world.street.code)
    unit = world.east.units[0]
    visit(campaign, unit, door=3)
    with pytest.raises(ValidationError) as refusal:
        visit(campaign, unit, door=3)
    assert "door" in refusal.value.message_dict
    # The next day, or the next door, is another visit.
    visit(campaign, unit, door=3, day=TODAY - datetime.timedelta(days=1))
    visit(campaign, unit, door=4)


@pytest.mark.parametrize(
    ("door", "day", "field"),
    [
        (13, TODAY, "door"),
        (0, TODAY, "door"),
        (1, TODAY + datetime.timedelta(days=1), "visited_on"),
        (1, TODAY - datetime.timedelta(days=30), "visited_on"),
    ],
)
def test_a_visit_outside_the_unit_or_the_campaign_is_refused(world, door, day, field):
    campaign = open_campaign(world.street.code)
    with pytest.raises(ValidationError) as refusal:
        visit(campaign, world.east.units[0], door=door, day=day)
    assert field in refusal.value.message_dict


def test_a_visit_outside_the_campaigns_area_or_with_wrong_answers_is_refused(world):
    campaign = open_campaign(world.street.code)
    with pytest.raises(ValidationError) as refusal:
        visit(campaign, world.other.units[0], door=1)
    assert "unit" in refusal.value.message_dict
    assert world.other.grid.name not in str(refusal.value)
    for answers in ({}, {**answers_for(campaign), str(campaign.questions.first().pk): "也许"}):
        with pytest.raises(ValidationError) as refusal:
            services.visit_record(
                campaign=campaign, unit=world.east.units[0], door=1, visited_on=TODAY, answers=answers, key=uuid.uuid4()
            )
        assert "answers" in refusal.value.message_dict


def test_a_visit_sent_again_with_its_key_is_the_same_visit(world):
    campaign = open_campaign(world.street.code)
    key = uuid.uuid4()
    arguments = {
        "campaign": campaign, "unit": world.east.units[0], "door": 5, "visited_on": TODAY,
        "answers": answers_for(campaign), "key": key,
    }  # fmt: skip
    first, created = services.visit_record(**arguments)
    again, created_again = services.visit_record(**arguments)
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk and first.answers.count() == len(QUESTIONS)


def _shift(campaign, place, person, start_hour, hours, post_name="小区大门卡点"):
    begin = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) - datetime.timedelta(days=2)
    begin += datetime.timedelta(hours=start_hour)
    post = campaign.posts.get(grid=place.grid, name=post_name)
    return services.shift_add(
        post=post, person=person, starts_at=begin, ends_at=begin + datetime.timedelta(hours=hours)
    )


def test_duty_is_kept_by_the_team_one_turn_at_a_time(world):
    campaign = open_campaign(world.street.code)
    _shift(campaign, world.east, world.east.worker.person, 8, 8)
    with pytest.raises(ValidationError) as refusal:
        _shift(campaign, world.east, world.east.worker.person, 12, 4, post_name="楼栋值守点")
    assert "starts_at" in refusal.value.message_dict
    with pytest.raises(ValidationError) as refusal:
        _shift(campaign, world.east, world.west.worker.person, 8, 8)
    assert "person" in refusal.value.message_dict


def test_hours_are_covered_only_from_end_to_end():
    at = datetime.datetime(2020, 2, 1, tzinfo=datetime.UTC)
    hours = datetime.timedelta(hours=1)
    # 08:30-10:00 and 10:00-12:15 merge: 09, 10 and 11 are covered whole; 08 and 12 are not.
    covered = covered_hours([(at + 8.5 * hours, at + 10 * hours), (at + 10 * hours, at + 12.25 * hours)])
    assert covered == [at + 9 * hours, at + 10 * hours, at + 11 * hours]
    assert covered_hours([(at, at + 0.5 * hours)]) == []


def test_cadres_and_reported_members_join_a_team(world):
    campaign = open_campaign(world.street.code)
    cadre = CadreAssignmentFactory(community=world.community).cadre
    services.team_join(campaign=campaign, grid=world.east.grid, person=cadre, role=TeamRole.CADRE)
    member = MemberReportFactory(community=world.community).member.person
    services.team_join(campaign=campaign, grid=world.east.grid, person=member, role=TeamRole.MEMBER)
    stranger = PersonFactory(area_code=world.community.code)
    for role in (TeamRole.CADRE, TeamRole.MEMBER):
        with pytest.raises(ValidationError) as refusal:
            services.team_join(campaign=campaign, grid=world.east.grid, person=stranger, role=role)
        assert "person" in refusal.value.message_dict


def test_support_tasks_and_supplies_go_to_the_areas_alliances(world):
    campaign = open_campaign(world.street.code)
    task = services.support_task_assign(
        campaign=campaign, member_unit=world.member_unit, kind=SupportKind.DISINFECTION, title="消杀", due_on=TODAY
    )
    services.support_task_finish(task=task, state=TaskState.DONE, outcome="完成12栋楼")
    elsewhere = MemberUnitFactory()
    with pytest.raises(ValidationError) as refusal:
        services.support_task_assign(
            campaign=campaign, member_unit=elsewhere, kind=SupportKind.TRANSPORT, title="运输", due_on=TODAY
        )
    assert "member_unit" in refusal.value.message_dict
    with pytest.raises(ValidationError) as refusal:
        services.support_task_assign(
            campaign=campaign, member_unit=world.member_unit, kind=SupportKind.TRANSPORT, title="运输",
            due_on=TODAY + datetime.timedelta(days=60),
        )  # fmt: skip
    assert "due_on" in refusal.value.message_dict


def _donate(campaign, organization, amount, receipt, unit="市财政局"):
    return services.donation_record(
        campaign=campaign, donor_name="张伟", organization=organization, unit_name=unit, amount=amount,
        donated_on=TODAY, receipt_number=receipt,
    )  # fmt: skip


def test_donations_are_decimal_once_per_receipt_and_refused_when_closed(world):
    campaign = open_campaign(world.street.code)
    second = PartyOrganizationFactory(area_code=world.community.code, name="田园社区第二支部")
    given = [
        (world.organization, "0.10", "市财政局"),
        (world.organization, "0.20", "市教育局"),
        (second, "100.35", "市财政局"),
        (second, "99.99", "市教育局"),
        (world.organization, "1000.00", "市财政局"),
    ]
    for index, (organization, amount, unit) in enumerate(given):
        _donate(campaign, organization, Decimal(amount), f"R{index}", unit)
    expected_org, expected_unit = defaultdict(Decimal), defaultdict(Decimal)
    for organization, amount, unit in given:
        expected_org[organization.name] += Decimal(amount)
        expected_unit[unit] += Decimal(amount)
    totals = donation_totals(campaign)
    assert {row["name"]: row["amount"] for row in totals["organizations"]} == expected_org
    assert {row["name"]: row["amount"] for row in totals["units"]} == expected_unit
    assert sum(row["amount"] for row in totals["areas"]) == Decimal("1200.64")
    for amount, field in ((Decimal("1.005"), "amount"), (Decimal("0"), "amount"), (Decimal("5.00"), "receipt_number")):
        with pytest.raises(ValidationError) as refusal:
            _donate(campaign, world.organization, amount, "R0")
        assert field in refusal.value.message_dict
    services.campaign_close(campaign=campaign)
    with pytest.raises(ValidationError) as refusal:
        _donate(campaign, world.organization, Decimal("5.00"), "R99")
    assert "campaign" in refusal.value.message_dict


def test_a_closed_campaign_takes_no_visit(world):
    campaign = open_campaign(world.street.code, kind=campaign_kind("防汛"))
    services.campaign_close(campaign=campaign)
    with pytest.raises(ValidationError) as refusal:
        visit(campaign, world.east.units[0], door=1)
    assert "campaign" in refusal.value.message_dict
