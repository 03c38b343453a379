"""What reaches whom: the rules that turn an event, or a day's deadlines, into notifications.

Each rule reads the records and the people who must act, and answers ``Pending`` notifications
keyed by their event, so running a rule twice delivers nothing twice
(``services.notifications_deliver``). Events come from the services through
``jilin_grid.events`` (handled in ``tasks.notify_event``); deadlines from beat's daily
``tasks.send_reminders``, which also catches up the events of what still awaits someone (a
problem escalated and still open, a member's report or a service record not yet confirmed), so a
message the broker lost is made up for the next morning.

The recipients, by rule (README "Notifications"):

- a problem escalated to a level, or overdue while a level holds it: the users granted exactly
  that level's area with a staff, department or (at a grid) grid worker role;
- a No.1 project's month of progress due in three days, or overdue: the secretary who claimed
  it (their account) and the staff of its community (or of the area it belongs to);
- a project approved or returned: the secretary who claimed it;
- an alliance's decision due in three days or overdue: the assigned unit's contact where an
  account bears their name in the area, and the staff of the alliance's area;
- a rectification measure due in three days or overdue: the staff of the organization's area;
- a member's report or a service record awaiting confirmation: the community's staff;
- a dispatch report ready: whoever asked for it, or (produced on beat's schedule) the
  organization department of its area.

Every recipient's areas cover the record (``selectors.covering``): a notification never names a
person or place outside them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from alliances.loop.models import Decision
from alliances.volunteering.choices import MemberReportStatus
from alliances.volunteering.models import MemberReport, ServiceRecord
from grids.problems.choices import OPEN_PROBLEM_STATUSES
from grids.problems.models import ResidentProblem
from jilin_grid import events
from projects.projects.choices import ProjectStatus
from projects.projects.models import ProgressReport, Project
from projects.rectification.choices import CaseStatus
from projects.rectification.models import Measure
from projects.reports.choices import ReportJobStatus
from projects.reports.models import ReportJob
from projects.reports.periods import due_month, previous_month

from .choices import NotificationKind as Kind
from .selectors import (
    COMMUNITY_STAFF,
    DEPARTMENT_ROLES,
    HOLDER_ROLES,
    STAFF_ROLES,
    covering,
    granted_at,
    staff_code,
    users_named,
)
from .services import Pending

# A deadline this many days ahead (or fewer) is "due".
DUE_AHEAD_DAYS = 3


def _pending(kind, key, recipients: Iterable[int], *, subject, link, code, due_on=None) -> list[Pending]:
    return [
        Pending(
            kind=kind,
            event_key=key,
            recipient_id=user_id,
            subject=str(subject),
            link=link,
            area_code=code,
            due_on=due_on,
        )
        for user_id in sorted(recipients)
    ]


def _covered(candidates: dict[int, set[str]], code: str) -> set[int]:
    return {user_id for user_id, codes in covering(candidates).items() if code in codes}


# Residents' problems ---------------------------------------------------------------------------


def _problem_subject(problem: ResidentProblem) -> str:
    return f"{problem.category.name} · {problem.description[:40]}"


def problems_escalated(problems: Iterable[ResidentProblem]) -> list[Pending]:
    """Each problem, escalated, reaches the holders of the level it went to (once per escalation)."""
    problems = list(problems)
    holders = granted_at({problem.holder_code for problem in problems}, HOLDER_ROLES)
    return [
        item
        for problem in problems
        for item in _pending(
            Kind.PROBLEM_ESCALATED,
            f"problem_escalated:{problem.pk}:{problem.escalations}",
            holders.get(problem.holder_code, ()),
            subject=_problem_subject(problem),
            link=reverse("grids:problem_detail", args=[problem.pk]),
            code=problem.area_code,
            due_on=timezone.localdate(problem.due_at),
        )
    ]


def problem_escalated(*, problem_id: int) -> list[Pending]:
    problem = ResidentProblem.objects.select_related("category").filter(pk=problem_id).first()
    if problem is None or problem.escalations == 0 or problem.status not in OPEN_PROBLEM_STATUSES:
        return []
    return problems_escalated([problem])


def problems_overdue(now) -> list[Pending]:
    """Open problems past their deadline reach the holders of the level holding them (once per level)."""
    problems = list(
        ResidentProblem.objects.filter(status__in=OPEN_PROBLEM_STATUSES, due_at__lt=now).select_related("category")
    )
    holders = granted_at({problem.holder_code for problem in problems}, HOLDER_ROLES)
    return [
        item
        for problem in problems
        if problem.holder_code in holders
        for item in _pending(
            Kind.PROBLEM_OVERDUE,
            f"problem_overdue:{problem.pk}:{problem.level}",
            holders[problem.holder_code],
            subject=_problem_subject(problem),
            link=reverse("grids:problem_detail", args=[problem.pk]),
            code=problem.area_code,
            due_on=timezone.localdate(problem.due_at),
        )
    ]


def problems_escalated_open() -> list[Pending]:
    """The catch-up: open problems escalated, as their escalation's event would have delivered them."""
    return problems_escalated(
        ResidentProblem.objects.filter(status__in=OPEN_PROBLEM_STATUSES, escalations__gt=0).select_related("category")
    )


# No.1 projects ---------------------------------------------------------------------------------


def progress_deadline(year: int, month: int) -> date:
    """The day a month's progress is due by: day PROJECT_PROGRESS_DEADLINE_DAY of the next month."""
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return date(year, month, settings.PROJECT_PROGRESS_DEADLINE_DAY)


def next_progress_month(today: date) -> tuple[int, int]:
    """The month whose progress is due next (by its deadline on or after ``today``)."""
    if today.day <= settings.PROJECT_PROGRESS_DEADLINE_DAY:
        return previous_month(today)
    return today.year, today.month


def _project_recipients(projects: list[Project]) -> dict[int, set[int]]:
    """By project: the secretary who claimed it (their account, inside their areas) and the staff
    of its community (or of the area it belongs to)."""
    staff = granted_at({staff_code(project.area_code) for project in projects}, STAFF_ROLES)
    candidates: dict[int, set[str]] = {}
    for project in projects:
        if project.claimed_by_id:
            candidates.setdefault(project.claimed_by_id, set()).add(project.area_code)
    secretaries = covering(candidates)
    found = {}
    for project in projects:
        users = set(staff.get(staff_code(project.area_code), ()))
        if project.claimed_by_id and project.area_code in secretaries.get(project.claimed_by_id, ()):
            users.add(project.claimed_by_id)
        found[project.pk] = users
    return found


def _projects_without_progress(year: int, month: int):
    filed = ProgressReport.objects.filter(project=OuterRef("pk"), month=month)
    return list(
        Project.objects.filter(status=ProjectStatus.APPROVED, year=year, start_month__lte=month)
        .filter(~Exists(filed))
        .only("pk", "title", "year", "area_code", "claimed_by_id")
    )


def progress_reminders(today: date) -> list[Pending]:
    """A month's progress due within three days, and the latest month's overdue, not yet filed."""
    pending = []
    year, month = next_progress_month(today)
    deadline = progress_deadline(year, month)
    steps = []
    if (deadline - today).days <= DUE_AHEAD_DAYS:
        steps.append((Kind.PROGRESS_DUE, year, month, deadline))
    late_year, late_month = due_month(today)
    steps.append((Kind.PROGRESS_OVERDUE, late_year, late_month, progress_deadline(late_year, late_month)))
    for kind, step_year, step_month, due_on in steps:
        projects = _projects_without_progress(step_year, step_month)
        recipients = _project_recipients(projects)
        for project in projects:
            pending += _pending(
                kind,
                f"{kind}:{project.pk}:{step_year}-{step_month:02d}",
                recipients[project.pk],
                subject=f"{project.title}（{step_month}月）",
                link=reverse("projects:project_detail", args=[project.pk]),
                code=project.area_code,
                due_on=due_on,
            )
    return pending


def project_reviewed(*, project_id: int) -> list[Pending]:
    """A claim approved or returned reaches the secretary who claimed it (once per review)."""
    project = Project.objects.filter(pk=project_id).first()
    if project is None or not project.claimed_by_id or project.reviewed_at is None:
        return []
    kinds = {ProjectStatus.APPROVED: Kind.PROJECT_APPROVED, ProjectStatus.RETURNED: Kind.PROJECT_RETURNED}
    kind = kinds.get(project.status)
    if kind is None:
        return []
    recipients = _covered({project.claimed_by_id: {project.area_code}}, project.area_code)
    return _pending(
        kind,
        f"{kind}:{project.pk}:{project.reviewed_at.isoformat()}",
        recipients,
        subject=project.title,
        link=reverse("projects:project_detail", args=[project.pk]),
        code=project.area_code,
    )


# Alliances' decisions and rectification measures ----------------------------------------------


def decision_reminders(today: date) -> list[Pending]:
    """Decisions not reported, due within three days or overdue: the staff of the alliance's area
    and the assigned unit's contact where an account bears their name inside it."""
    decisions = list(
        Decision.objects.filter(reported_on__isnull=True, deadline__lte=today + timedelta(days=DUE_AHEAD_DAYS))
        .filter(assigned_to__alliance__is_active=True)
        .select_related("assigned_to", "meeting")
    )
    staff = granted_at({staff_code(decision.area_code) for decision in decisions}, STAFF_ROLES)
    named = users_named(decision.assigned_to.contact_name for decision in decisions)
    candidates: dict[int, set[str]] = {}
    for decision in decisions:
        for user_id in named.get(decision.assigned_to.contact_name.strip(), ()):
            candidates.setdefault(user_id, set()).add(decision.area_code)
    contacts = covering(candidates)
    pending = []
    for decision in decisions:
        kind = Kind.DECISION_OVERDUE if decision.deadline < today else Kind.DECISION_DUE
        users = set(staff.get(staff_code(decision.area_code), ()))
        users |= {
            user_id
            for user_id in named.get(decision.assigned_to.contact_name.strip(), ())
            if decision.area_code in contacts.get(user_id, ())
        }
        pending += _pending(
            kind,
            f"{kind}:{decision.pk}:{decision.deadline.isoformat()}",
            users,
            subject=f"{decision.assigned_to.name} · {decision.action[:40]}",
            link=reverse("alliances:alliance_detail", args=[decision.meeting.alliance_id]),
            code=decision.area_code,
            due_on=decision.deadline,
        )
    return pending


def measure_reminders(today: date) -> list[Pending]:
    """Measures of open cases not done, due within three days or overdue: the organization's area's staff."""
    measures = list(
        Measure.objects.filter(
            case__status=CaseStatus.OPEN, done_on__isnull=True, due_on__lte=today + timedelta(days=DUE_AHEAD_DAYS)
        ).select_related("case__organization")
    )
    staff = granted_at({staff_code(measure.case.area_code) for measure in measures}, STAFF_ROLES)
    pending = []
    for measure in measures:
        kind = Kind.MEASURE_OVERDUE if measure.due_on < today else Kind.MEASURE_DUE
        pending += _pending(
            kind,
            f"{kind}:{measure.pk}:{measure.due_on.isoformat()}",
            staff.get(staff_code(measure.case.area_code), ()),
            subject=f"{measure.case.organization.name} · {measure.title}",
            link=reverse("projects:rectification_case", args=[measure.case_id]),
            code=measure.case.area_code,
            due_on=measure.due_on,
        )
    return pending


# Members' reports and service records ----------------------------------------------------------


def member_reports_pending(reports: Iterable[MemberReport]) -> list[Pending]:
    reports = list(reports)
    staff = granted_at({report.area_code for report in reports}, (COMMUNITY_STAFF,))
    return [
        item
        for report in reports
        for item in _pending(
            Kind.MEMBER_REPORT_PENDING,
            f"member_report:{report.pk}",
            staff.get(report.area_code, ()),
            subject=f"{report.member.person.name} · {report.member.unit_name}",
            link=reverse("alliances:member_detail", args=[report.member_id]),
            code=report.area_code,
        )
    ]


def member_report_submitted(*, member_report_id: int) -> list[Pending]:
    reports = MemberReport.objects.filter(pk=member_report_id, status=MemberReportStatus.REPORTED)
    return member_reports_pending(reports.select_related("member__person"))


def service_records_pending(records: Iterable[ServiceRecord]) -> list[Pending]:
    records = list(records)
    staff = granted_at({staff_code(record.area_code) for record in records}, (COMMUNITY_STAFF,))
    return [
        item
        for record in records
        for item in _pending(
            Kind.SERVICE_PENDING,
            f"service_record:{record.pk}",
            staff.get(staff_code(record.area_code), ()),
            subject=f"{record.member.person.name} · {record.served_on:%Y-%m-%d} · {record.hours}h",
            link=reverse("alliances:member_detail", args=[record.member_id]),
            code=record.area_code,
        )
    ]


def service_record_logged(*, service_record_id: int) -> list[Pending]:
    records = ServiceRecord.objects.filter(pk=service_record_id, verified_at__isnull=True)
    return service_records_pending(records.select_related("member__person"))


def awaiting_confirmation() -> list[Pending]:
    """The catch-up: every member's report and service record still awaiting the community."""
    reports = MemberReport.objects.filter(status=MemberReportStatus.REPORTED).select_related("member__person")
    records = ServiceRecord.objects.filter(verified_at__isnull=True).select_related("member__person")
    return member_reports_pending(reports) + service_records_pending(records)


# Dispatch reports ------------------------------------------------------------------------------


def report_finished(*, report_id: int) -> list[Pending]:
    """A report produced reaches whoever asked for it; one produced on beat's schedule, the
    organization department of its area (once per production)."""
    report = ReportJob.objects.filter(pk=report_id, status=ReportJobStatus.DONE).first()
    if report is None or report.finished_at is None:
        return []
    if report.requested_by_id:
        recipients = _covered({report.requested_by_id: {report.area_code}}, report.area_code)
    else:
        recipients = granted_at([report.area_code], DEPARTMENT_ROLES).get(report.area_code, set())
    return _pending(
        Kind.REPORT_READY,
        f"report_ready:{report.pk}:{report.finished_at.isoformat()}",
        recipients,
        subject=str(report),
        link=reverse("projects:report_detail", args=[report.pk]),
        code=report.area_code,
    )


# The rules of the events the services publish (jilin_grid.events), by kind.
EVENT_RULES = {
    events.PROBLEM_ESCALATED: problem_escalated,
    events.MEMBER_REPORT_SUBMITTED: member_report_submitted,
    events.SERVICE_RECORD_LOGGED: service_record_logged,
    events.PROJECT_REVIEWED: project_reviewed,
    events.REPORT_FINISHED: report_finished,
}


def reminders(today: date, now=None) -> list[Pending]:
    """Everything due or overdue on ``today``, and the catch-up of what still awaits someone."""
    now = now or timezone.now()
    return (
        problems_escalated_open()
        + problems_overdue(now)
        + progress_reminders(today)
        + decision_reminders(today)
        + measure_reminders(today)
        + awaiting_confirmation()
    )
