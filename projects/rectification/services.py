"""Writes of the rectification of weak and lax organizations: identification (with its guarantor,
helping department, paired excellent community and reporting members), measures, monthly progress,
extensions and acceptance. Every refusal names the field it is about.

Acceptance with measures still open is refused unless the organization department says why they
are left (``open_measures_reason``, kept on the case): a measure overtaken by events should not keep
a rectified organization under rectification, but it is never dropped silently."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.cadres.models import Department
from alliances.volunteering.choices import OPEN_REPORT_STATUSES
from alliances.volunteering.models import MemberReport
from communities.models import Community, PartyOrganization, Person
from jilin_grid.scope import COMMUNITY_CODE_LENGTH
from jilin_grid.services import save_validated
from projects.assessment.choices import ReviewGrade, ScoreStatus
from projects.assessment.models import BranchScore, SecretaryReport

from .choices import DEFAULT_PROBLEM_KINDS, CaseSource, CaseStatus
from .models import CaseExtension, CaseProgress, Measure, ProblemKind, RectificationCase
from .selectors import community_latest_stars

STREET_CODE_LENGTH = 9
DISTRICT_CODE_LENGTH = 6
PAIRED_STARS_AT_LEAST = 4


def problem_kinds_ensure() -> list[ProblemKind]:
    """The active kinds of problems found, creating the default ones when none is on record (a new
    database, or one emptied since its migration seeded them)."""
    if not ProblemKind.objects.filter(is_active=True).exists():
        for position, name in enumerate(DEFAULT_PROBLEM_KINDS, start=1):
            ProblemKind.objects.get_or_create(name=name, defaults={"position": position})
    return list(ProblemKind.objects.filter(is_active=True).order_by("position", "name"))


def case_community_prefix(organization: PartyOrganization) -> str:
    """The area whose communities the members report to: the organization's community (a street
    organization's whole street)."""
    return organization.area_code[:COMMUNITY_CODE_LENGTH]


def _check_paired(organization: PartyOrganization, community: Community, errors: dict) -> None:
    if community.code == organization.area_code[:COMMUNITY_CODE_LENGTH]:
        errors["paired_community"] = _("The paired community must be another community than the organization's own.")
        return
    latest = community_latest_stars([community.code]).get(community.code)
    if latest is None:
        errors["paired_community"] = _(
            "%(name)s has no confirmed stars yet: a paired community needs ★★★★ or more in its latest confirmed score."
        ) % {"name": community.name}
    elif latest[1] < PAIRED_STARS_AT_LEAST:
        errors["paired_community"] = _(
            "%(name)s's latest confirmed score (%(year)s) has %(stars)s stars: a paired community needs ★★★★ or more."
        ) % {"name": community.name, "year": latest[0], "stars": latest[1]}


def _check_reports(organization: PartyOrganization, reports: list[MemberReport], errors: dict) -> None:
    prefix = case_community_prefix(organization)
    wrong = [report for report in reports if not report.area_code.startswith(prefix)]
    if wrong:
        errors["member_reports"] = _("%(names)s reported to another community than the organization's.") % {
            "names": "、".join(report.member.person.name for report in wrong)
        }
        return
    ended = [report for report in reports if report.status not in OPEN_REPORT_STATUSES]
    if ended:
        errors["member_reports"] = _("The report of %(names)s has ended or was declined.") % {
            "names": "、".join(report.member.person.name for report in ended)
        }


@transaction.atomic
def case_identify(
    *,
    organization: PartyOrganization,
    source: str,
    problems: Iterable[ProblemKind],
    guarantor: Person,
    department: Department,
    paired_community: Community,
    deadline: date,
    score: BranchScore | None = None,
    review: SecretaryReport | None = None,
    reason: str = "",
    problem_note: str = "",
    member_reports: Iterable[MemberReport] = (),
    identified_on: date | None = None,
    actor=None,
) -> RectificationCase:
    """Identify ``organization`` as weak and lax, from a low score, a poor report-and-review or the
    district's decision (with its reason), with the problems found and the case's helpers."""
    identified_on = identified_on or timezone.localdate()
    problems = list(problems)
    member_reports = list(member_reports)
    PartyOrganization.objects.select_for_update().filter(pk=organization.pk).first()
    errors: dict = {}
    if len(organization.area_code) < STREET_CODE_LENGTH or not organization.is_active:
        errors["organization"] = _("Only active street, community and grid party organizations are identified.")
    elif RectificationCase.objects.filter(organization=organization, status=CaseStatus.OPEN).exists():
        errors["organization"] = _("This organization already has an open rectification case.")
    year = identified_on.year
    if source == CaseSource.SCORE:
        if score is None:
            errors["score"] = _("Choose the low score the organization is identified from.")
        elif score.organization_id != organization.pk:
            errors["score"] = _("The score is another organization's.")
        elif score.status != ScoreStatus.CONFIRMED or score.confirmed_total >= settings.ASSESSMENT_RECTIFICATION_BELOW:
            errors["score"] = _("Only a confirmed score below %(threshold)s points identifies an organization.") % {
                "threshold": settings.ASSESSMENT_RECTIFICATION_BELOW
            }
        else:
            year = score.year
    elif source == CaseSource.REVIEW:
        if review is None:
            errors["review"] = _("Choose the poor report-and-review the organization is identified from.")
        elif review.organization_id != organization.pk:
            errors["review"] = _("The report is another organization's.")
        elif review.result != ReviewGrade.POOR:
            errors["review"] = _("Only a report-and-review graded poor identifies an organization.")
        else:
            year = review.year
    elif source == CaseSource.DECISION:
        if not reason.strip():
            errors["reason"] = _("Give the district's reason for identifying the organization.")
    else:
        errors["source"] = _("Choose what the organization is identified from.")
    if not problems:
        errors["problems"] = _("Choose at least one problem found.")
    district = organization.area_code[:DISTRICT_CODE_LENGTH]
    if not guarantor.area_code.startswith(district):
        errors["guarantor"] = _("The guarantor is a standing-committee member of the organization's district.")
    if not department.is_active or department.area_code not in (settings.CITY_CODE, district):
        errors["department"] = _("Choose an active department of the city or of the organization's district.")
    _check_paired(organization, paired_community, errors)
    _check_reports(organization, member_reports, errors)
    if deadline <= identified_on:
        errors["deadline"] = _("The deadline comes after the day of identification.")
    if errors:
        raise ValidationError(errors)
    case = save_validated(
        RectificationCase(
            organization=organization, year=year, identified_on=identified_on, source=source,
            score=score if source == CaseSource.SCORE else None,
            review=review if source == CaseSource.REVIEW else None,
            reason=reason.strip(), problem_note=problem_note, guarantor=guarantor, department=department,
            paired_community=paired_community, deadline=deadline, identified_by=actor,
        )
    )  # fmt: skip
    case.problems.set(problems)
    case.member_reports.set(member_reports)
    return case


def _require_open(case: RectificationCase) -> None:
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("The case has been accepted as rectified: it takes no more steps."))


def _locked(case: RectificationCase) -> RectificationCase:
    return RectificationCase.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def case_members_set(*, case: RectificationCase, member_reports: Iterable[MemberReport]) -> RectificationCase:
    """The in-service members reporting to the case: only reports to its community, still open."""
    case = _locked(case)
    _require_open(case)
    member_reports = list(member_reports)
    errors: dict = {}
    _check_reports(case.organization, member_reports, errors)
    if errors:
        raise ValidationError(errors)
    case.member_reports.set(member_reports)
    return case


@transaction.atomic
def measure_add(*, case: RectificationCase, title: str, due_on: date, actor=None) -> Measure:
    """Add a measure with its deadline to an open case."""
    case = _locked(case)
    _require_open(case)
    if due_on < case.identified_on:
        raise ValidationError({"due_on": _("A measure is due after the case was identified (%(date)s).")
                               % {"date": case.identified_on}})  # fmt: skip
    return save_validated(Measure(case=case, title=title.strip(), due_on=due_on, added_by=actor))


@transaction.atomic
def measure_complete(*, measure: Measure, done_on: date, note: str, actor=None) -> Measure:
    """Record a measure as done, with the day and what was done."""
    case = _locked(measure.case)
    _require_open(case)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    errors: dict = {}
    if measure.done_on is not None:
        errors["measure"] = _("This measure was done on %(date)s.") % {"date": measure.done_on}
    if done_on > timezone.localdate():
        errors["done_on"] = _("A measure is done on a day that has come.")
    elif done_on < case.identified_on:
        errors["done_on"] = _("A measure is done after the case was identified (%(date)s).") % {
            "date": case.identified_on
        }
    if not note.strip():
        errors["note"] = _("Say what was done.")
    if errors:
        raise ValidationError(errors)
    return save_validated(measure, {"done_on": done_on, "done_note": note.strip()})


def measure_counts(case: RectificationCase, today: date) -> tuple[int, int, int]:
    """(done, total, overdue) of the case's measures: one query."""
    rows = list(case.measures.values_list("due_on", "done_on"))
    done = sum(1 for _due, done_on in rows if done_on is not None)
    overdue = sum(1 for due, done_on in rows if done_on is None and due < today)
    return done, len(rows), overdue


@transaction.atomic
def progress_report(*, case: RectificationCase, month: date, text: str, actor=None) -> CaseProgress:
    """A month's progress of an open case (one per month), with the measures' state as filed."""
    case = _locked(case)
    _require_open(case)
    month = month.replace(day=1)
    today = timezone.localdate()
    errors: dict = {}
    if month > today.replace(day=1):
        errors["month"] = _("Report the progress of a month that has begun.")
    elif month < case.identified_on.replace(day=1):
        errors["month"] = _("The case was identified in %(month)s: report from that month on.") % {
            "month": f"{case.identified_on:%Y-%m}"
        }
    elif case.progress.filter(month=month).exists():
        errors["month"] = _("The progress of this month has been reported already.")
    if not text.strip():
        errors["text"] = _("Say what was done this month.")
    if errors:
        raise ValidationError(errors)
    done, total, overdue = measure_counts(case, today)
    return save_validated(
        CaseProgress(case=case, month=month, text=text.strip(), measures_done=done, measures_total=total,
                     measures_overdue=overdue, reported_by=actor)
    )  # fmt: skip


@transaction.atomic
def case_extend(
    *, case: RectificationCase, new_deadline: date, reason: str, extended_on: date | None = None, actor=None
) -> CaseExtension:
    """Extend an open case's deadline, with the reason; every extension is kept."""
    case = _locked(case)
    _require_open(case)
    errors: dict = {}
    if new_deadline <= case.deadline:
        errors["new_deadline"] = _("The new deadline comes after the present one (%(date)s).") % {"date": case.deadline}
    if not reason.strip():
        errors["reason"] = _("Say why the deadline is extended.")
    if errors:
        raise ValidationError(errors)
    extension = save_validated(
        CaseExtension(case=case, previous_deadline=case.deadline, new_deadline=new_deadline, reason=reason.strip(),
                      extended_on=extended_on or timezone.localdate(), extended_by=actor)
    )  # fmt: skip
    save_validated(case, {"deadline": new_deadline})
    return extension


def next_year_score(case: RectificationCase) -> BranchScore | None:
    """The organization's confirmed score of the year after identification (the re-rating)."""
    return BranchScore.objects.filter(
        organization_id=case.organization_id, year=case.year + 1, status=ScoreStatus.CONFIRMED
    ).first()


@transaction.atomic
def case_accept(
    *,
    case: RectificationCase,
    accepted_on: date,
    note: str = "",
    open_measures_reason: str = "",
    actor=None,
) -> RectificationCase:
    """Accept a case as rectified (验收: 晋位, 摘帽) on ``accepted_on``, linking the next year's confirmed
    score as the re-rating when it exists. Refused without measures, and while measures are open
    unless ``open_measures_reason`` says why they are left."""
    case = _locked(case)
    _require_open(case)
    errors: dict = {}
    done, total, _overdue = measure_counts(case, timezone.localdate())
    if total == 0:
        errors["accepted_on"] = _("The case has no measures: add the measures taken before acceptance.")
    elif done < total and not open_measures_reason.strip():
        errors["open_measures_reason"] = _(
            "%(count)s measures are still open: complete them, or say why they are left."
        ) % {"count": total - done}
    if accepted_on > timezone.localdate():
        errors["accepted_on"] = _("A case is accepted on a day that has come.")
    elif accepted_on < case.identified_on:
        errors["accepted_on"] = _("A case is accepted after it was identified (%(date)s).") % {
            "date": case.identified_on
        }
    if errors:
        raise ValidationError(errors)
    return save_validated(
        case,
        {
            "status": CaseStatus.RECTIFIED,
            "accepted_on": accepted_on,
            "accepted_by": actor,
            "acceptance_note": note.strip(),
            "open_measures_reason": open_measures_reason.strip() if done < total else "",
            "rerating": next_year_score(case),
        },
    )
