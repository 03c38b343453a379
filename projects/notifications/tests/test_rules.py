"""Who gets what: each rule reaches the people who must act, once, and nobody else."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alliances.tests.factories import MemberUnitFactory
from communities.tests.factories import (
    CityFactory,
    CommunityFactory,
    DistrictFactory,
    PartyOrganizationFactory,
    StreetFactory,
    user_with_grant,
)
from grids.problems.services import problem_escalate
from grids.tests.factories import GridFactory, ResidentProblemFactory
from jilin_grid.scope import Role
from projects.notifications import tasks
from projects.notifications.choices import NotificationKind as Kind
from projects.notifications.models import Notification
from projects.notifications.services import email_preferences_set
from projects.projects.models import ProgressReport
from projects.projects.services import project_approve, project_return
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def city():
    city = CityFactory(code="2202", name="吉林市")
    district = DistrictFactory(city=city, code="220211", name="丰满区")
    other_district = DistrictFactory(city=city, code="220202", name="昌邑区")
    street = StreetFactory(district=district, code="220211001", name="江南街道")
    community = CommunityFactory(street=street, code="220211001001", name="南山社区")
    other_community = CommunityFactory(street=street, code="220211001002", name="田园社区")
    grid = GridFactory(community=community, code="220211001001001")
    users = {
        "fengman": user_with_grant(district.code, Role.DISTRICT_ORG_DEPT, username="fengman"),
        "changyi": user_with_grant(other_district.code, Role.DISTRICT_ORG_DEPT, username="changyi"),
        "jiangnan": user_with_grant(street.code, Role.STREET_STAFF, username="jiangnan"),
        "nanshan": user_with_grant(community.code, Role.COMMUNITY_STAFF, username="nanshan"),
        "tianyuan": user_with_grant(other_community.code, Role.COMMUNITY_STAFF, username="tianyuan"),
        "gridworker": user_with_grant(grid.code, Role.GRID_WORKER, username="gridworker"),
        "reader": user_with_grant(district.code, Role.API_READER, username="reader"),
    }
    return {"grid": grid, "community": community, "street": street, "district": district, "users": users}


def kinds_of(user) -> list[str]:
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_problem_escalated_reaches_the_level_that_now_holds_it_and_nobody_else(city):
    users = city["users"]
    problem = ResidentProblemFactory(grid=city["grid"])
    for _level in ("community", "street", "district"):
        problem = problem_escalate(problem=problem, reason="需要上级协调")
    assert kinds_of(users["nanshan"]) == [Kind.PROBLEM_ESCALATED]
    assert kinds_of(users["jiangnan"]) == [Kind.PROBLEM_ESCALATED]
    assert kinds_of(users["fengman"]) == [Kind.PROBLEM_ESCALATED]
    # Another district, another community, the grid worker below, the API client: nothing.
    for name in ("changyi", "tianyuan", "gridworker", "reader"):
        assert kinds_of(users[name]) == [], name
    notification = Notification.objects.get(recipient=users["fengman"])
    assert notification.link == f"/problems/{problem.pk}/"
    assert problem.description[:10] in notification.subject


def test_reminders_run_twice_deliver_each_event_to_each_recipient_once(city):
    users = city["users"]
    problem = ResidentProblemFactory(grid=city["grid"], recorded_at=timezone.now() - timedelta(days=30))
    problem_escalate(problem=problem, reason="需要社区协调")
    assert tasks.send_reminders() >= 1
    assert tasks.send_reminders() == 0
    assert kinds_of(users["nanshan"]) == [Kind.PROBLEM_ESCALATED, Kind.PROBLEM_OVERDUE]
    # The grid no longer holds it: its worker is not told it is overdue.
    assert kinds_of(users["gridworker"]) == []


def test_a_members_report_awaiting_confirmation_reaches_its_community_staff(city):
    from alliances.volunteering.services import member_report_submit

    users = city["users"]
    organization = PartyOrganizationFactory(area_code=city["district"].code)
    member_report_submit(
        community=city["community"], organization=organization, unit_name="区民政局", name="孙建华", phone="19900001234"
    )
    assert kinds_of(users["nanshan"]) == [Kind.MEMBER_REPORT_PENDING]
    assert "孙建华" in Notification.objects.get(recipient=users["nanshan"]).subject
    for name in ("tianyuan", "jiangnan", "fengman", "gridworker"):
        assert kinds_of(users[name]) == [], name
    tasks.send_reminders()
    assert Notification.objects.filter(recipient=users["nanshan"]).count() == 1


def test_a_claim_approved_or_returned_reaches_the_secretary_who_claimed_it(city):
    users = city["users"]
    organization = PartyOrganizationFactory(area_code=city["community"].code)
    project = ProjectFactory(organization=organization, status="submitted", claimed_by=users["nanshan"])
    project_return(project=project, reason="目标不够具体", actor=users["fengman"])
    assert kinds_of(users["nanshan"]) == [Kind.PROJECT_RETURNED]
    assert kinds_of(users["fengman"]) == [] and kinds_of(users["tianyuan"]) == []
    project.refresh_from_db()
    project.status = "submitted"
    project.save()
    project_approve(project=project, actor=users["fengman"])
    assert kinds_of(users["nanshan"]) == [Kind.PROJECT_APPROVED, Kind.PROJECT_RETURNED]


def test_progress_due_in_three_days_then_overdue_reach_secretary_and_community_staff(city):
    users = city["users"]
    organization = PartyOrganizationFactory(area_code=city["community"].code)
    claimant = user_with_grant(city["community"].code, Role.COMMUNITY_STAFF, username="secretary")
    project = ProjectFactory(organization=organization, year=2026, claimed_by=claimant)
    # Filed up to October: only November's is still to come.
    for month in range(1, 11):
        ProgressReport.objects.create(
            project=project, month=month, percent_complete=8 * month, done="推进中", submitted_at=timezone.now()
        )
    # November's progress is due by 5 December: on 2 December it is due in three days.
    tasks.send_reminders("2026-12-02")
    assert kinds_of(claimant) == [Kind.PROGRESS_DUE]
    assert kinds_of(users["nanshan"]) == [Kind.PROGRESS_DUE]
    assert kinds_of(users["tianyuan"]) == []
    tasks.send_reminders("2026-12-06")
    tasks.send_reminders("2026-12-07")
    assert kinds_of(claimant) == [Kind.PROGRESS_DUE, Kind.PROGRESS_OVERDUE]
    overdue = Notification.objects.get(recipient=claimant, kind=Kind.PROGRESS_OVERDUE)
    assert overdue.due_on == datetime.date(2026, 12, 5) and overdue.link == f"/projects/{project.pk}/"


def test_a_decision_overdue_reaches_the_area_staff_and_the_contact_with_an_account(city):
    from alliances.loop.models import Decision, Meeting
    from alliances.tests.factories import AllianceFactory, AllianceProblemFactory

    users = city["users"]
    contact = user_with_grant(city["community"].code, Role.COMMUNITY_STAFF, username="contact", first_name="周国强")
    stranger = user_with_grant(city["district"].code.replace("11", "02", 1), Role.DISTRICT_ORG_DEPT,
                               username="namesake", first_name="周国强")  # fmt: skip
    alliance = AllianceFactory(lead_organization=PartyOrganizationFactory(area_code=city["community"].code))
    unit = MemberUnitFactory(alliance=alliance, contact_name="周国强")
    meeting = Meeting.objects.create(alliance=alliance, held_on=timezone.localdate(), minutes="会商")
    Decision.objects.create(
        meeting=meeting, problem=AllianceProblemFactory(alliance=alliance), assigned_to=unit, action="修缮路灯",
        deadline=timezone.localdate() - timedelta(days=2),
    )  # fmt: skip
    tasks.send_reminders()
    assert kinds_of(users["nanshan"]) == [Kind.DECISION_OVERDUE]
    assert kinds_of(contact) == [Kind.DECISION_OVERDUE]
    assert kinds_of(stranger) == []  # the same name outside the area hears nothing
    assert kinds_of(users["tianyuan"]) == []


def test_email_reaches_only_those_who_chose_the_kind_and_a_failing_mail_keeps_the_inbox_item(city, monkeypatch):
    users = city["users"]
    for user in users.values():
        user.email = f"{user.username}@example.com"
        user.save()
    email_preferences_set(user=users["jiangnan"], kinds=[Kind.PROBLEM_ESCALATED])
    email_preferences_set(user=users["nanshan"], kinds=[Kind.PROBLEM_OVERDUE])
    problem = ResidentProblemFactory(grid=city["grid"])
    problem = problem_escalate(problem=problem, reason="需要上级协调")
    assert mail.outbox == []  # nanshan chose another kind
    problem_escalate(problem=problem, reason="需要上级协调")
    assert [message.to for message in mail.outbox] == [["jiangnan@example.com"]]
    assert "/problems/" in mail.outbox[0].body

    def refuse(*args, **kwargs):
        raise OSError("mail server away")

    monkeypatch.setattr("projects.notifications.services.send_mail", refuse)
    email_preferences_set(user=users["fengman"], kinds=[Kind.PROBLEM_ESCALATED])
    problem.refresh_from_db()
    problem_escalate(problem=problem, reason="需要区里统筹")
    assert kinds_of(users["fengman"]) == [Kind.PROBLEM_ESCALATED]
