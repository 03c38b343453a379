"""Writes of the branch assessment: the standard (copied to a new year, its tasks changed, put in
force once they sum to 100), evidence, and the three steps of a branch's score. Every change of a
task's points is kept (ScoreChange)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import AreaGrant, PartyOrganization
from jilin_grid.areas import area_get
from jilin_grid.services import save_validated
from jilin_grid.uploads import UploadRefused, clean_upload

from .choices import STEP_STATUS, Aspect, ReportStatus, ReviewGrade, ReviewRoundStatus, ScoreStatus, ScoreStep
from .models import (
    ASPECT_FIELDS,
    FULL_MARKS,
    AssessmentStandard,
    AssessmentTask,
    BranchScore,
    Evidence,
    ReportSection,
    ReviewRound,
    ReviewVote,
    ScoreChange,
    SecretaryReport,
    TaskScore,
)
from .permissions import may_be_reviewer
from .selectors import ROUND_AREA_LENGTHS, reporting_organizations, scored_organizations

TASK_FIELDS = ("aspect", "title", "points", "description", "evidence_required", "figure")


def stars_for(total: int) -> int:
    """The stars of a confirmed total: the most whose threshold (a setting) it reaches, else one."""
    for stars, threshold in sorted(settings.ASSESSMENT_STAR_THRESHOLDS.items(), reverse=True):
        if total >= threshold:
            return stars
    return 1


# The standard ---------------------------------------------------------------------------------------


def _require_editable(standard: AssessmentStandard) -> None:
    if BranchScore.objects.filter(year=standard.year).exists():
        raise ValidationError(
            _("A score of %(year)s has been filed: its standard can no longer be changed.") % {"year": standard.year}
        )


def _check_sum(standard: AssessmentStandard) -> None:
    tasks = list(standard.tasks.all())
    total = sum(task.points for task in tasks)
    if total != FULL_MARKS:
        raise ValidationError(
            _("The tasks sum to %(total)s points; a standard is put in force when they sum to exactly 100.")
            % {"total": total}
        )
    missing = sorted(set(Aspect) - {task.aspect for task in tasks}, key=list(Aspect).index)
    if missing:
        raise ValidationError(
            _("Every aspect needs a task; none for: %(aspects)s.")
            % {"aspects": "、".join(str(Aspect(aspect).label) for aspect in missing)}
        )


@transaction.atomic
def standard_put_in_force(*, standard: AssessmentStandard) -> AssessmentStandard:
    """Put a year's standard in force: its tasks must sum to exactly 100 points, every aspect with one."""
    standard = AssessmentStandard.objects.select_for_update().get(pk=standard.pk)
    if standard.in_force:
        raise ValidationError(_("The standard of %(year)s is already in force.") % {"year": standard.year})
    _check_sum(standard)
    return save_validated(standard, {"in_force_at": timezone.now()})


@transaction.atomic
def standard_copy(*, year: int) -> AssessmentStandard:
    """Start the standard of ``year`` as a copy of the latest one before it (not in force yet)."""
    if AssessmentStandard.objects.filter(year=year).exists():
        raise ValidationError({"year": _("The standard of %(year)s already exists.") % {"year": year}})
    source = AssessmentStandard.objects.filter(year__lt=year).order_by("-year").first()
    if source is None:
        raise ValidationError({"year": _("There is no standard of an earlier year to copy.")})
    standard = save_validated(AssessmentStandard(year=year, copied_from=source))
    AssessmentTask.objects.bulk_create(
        AssessmentTask(standard=standard, number=task.number, **{name: getattr(task, name) for name in TASK_FIELDS})
        for task in source.tasks.all()
    )
    return standard


@transaction.atomic
def task_update(
    *,
    task: AssessmentTask,
    aspect: str,
    title: str,
    points: int,
    description: str,
    evidence_required: bool,
    figure: str,
) -> AssessmentTask:
    """Change a task of a standard, until the first score of its year is filed. A change that
    takes the tasks of a standard in force away from 100 points takes the standard out of force
    (it is put in force again once they sum to 100)."""
    standard = AssessmentStandard.objects.select_for_update().get(pk=task.standard_id)
    _require_editable(standard)
    save_validated(
        task,
        {
            "aspect": aspect,
            "title": title,
            "points": points,
            "description": description,
            "evidence_required": evidence_required,
            "figure": figure,
        },
    )
    if standard.in_force and sum(standard.tasks.values_list("points", flat=True)) != FULL_MARKS:
        save_validated(standard, {"in_force_at": None})
    return task


# Evidence -------------------------------------------------------------------------------------------


def evidence_clean(upload: UploadedFile):
    """(the file to store, its content type) of acceptable evidence, judged by its content, or a
    ValidationError under ``files`` saying what is wrong."""
    suffix = Path(upload.name or "").suffix.lower()
    allowed = settings.PROJECT_ATTACHMENT_TYPES
    if suffix not in allowed:
        raise ValidationError(
            {"files": _("%(name)s: only images, PDF and Office files may be attached.") % {"name": upload.name}}
        )
    if upload.size > settings.PROJECT_ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "files": _("%(name)s is larger than %(limit)s MB.")
                % {"name": upload.name, "limit": settings.PROJECT_ATTACHMENT_MAX_BYTES // (1024 * 1024)}
            }
        )
    try:
        return clean_upload(upload, allowed)
    except UploadRefused as refused:
        raise ValidationError({"files": str(refused)}) from refused


def _standard_in_force(year: int) -> AssessmentStandard:
    standard = AssessmentStandard.objects.filter(year=year, in_force_at__isnull=False).first()
    if standard is None:
        raise ValidationError(_("The standard of %(year)s is not in force.") % {"year": year})
    return standard


def _require_scored(organization: PartyOrganization) -> None:
    if not scored_organizations().filter(pk=organization.pk).exists():
        raise ValidationError(_("Only community and grid party branches are scored."))


@transaction.atomic
def evidence_add(
    *,
    organization: PartyOrganization,
    year: int,
    task: AssessmentTask,
    note: str = "",
    files: list[UploadedFile] | None = None,
    actor=None,
) -> list[Evidence]:
    """File evidence of a task of the organization's year: files and/or a note (a link to records the
    portal holds), before the street reviews the score."""
    _require_scored(organization)
    standard = _standard_in_force(year)
    if task.standard_id != standard.pk:
        raise ValidationError({"task": _("Choose a task of the standard of %(year)s.") % {"year": year}})
    if BranchScore.objects.filter(organization=organization, year=year).exclude(status=ScoreStatus.SELF_ASSESSED):
        raise ValidationError(_("The street has reviewed this score: evidence can no longer be added."))
    note = note.strip()
    cleaned = [(upload.name, *evidence_clean(upload)) for upload in files or []]
    if not note and not cleaned:
        raise ValidationError({"note": _("Attach a file or write a note.")})
    rows = []
    base = {"organization": organization, "year": year, "task": task, "added_by": actor}
    for original_name, file, content_type in cleaned:
        rows.append(
            save_validated(
                Evidence(**base),
                {
                    "note": note,
                    "file": file,
                    "original_name": original_name,
                    "content_type": content_type,
                    "size": file.size,
                },
            )
        )
    if not cleaned:
        rows.append(save_validated(Evidence(**base), {"note": note}))
    return rows


# The three steps ------------------------------------------------------------------------------------

STEP_FIELDS = {
    ScoreStep.SELF: ("self_points", "self_reason"),
    ScoreStep.REVIEW: ("review_points", "review_reason"),
    ScoreStep.CONFIRM: ("confirmed_points", "confirmed_reason"),
}
PREVIOUS_FIELD = {ScoreStep.REVIEW: "self_points", ScoreStep.CONFIRM: "review_points"}
# The statuses a score may be in when a step is taken on it (a step may be taken again until the
# next one is).
STEP_NEEDS = {
    ScoreStep.SELF: (None, ScoreStatus.SELF_ASSESSED),
    ScoreStep.REVIEW: (ScoreStatus.SELF_ASSESSED, ScoreStatus.REVIEWED),
    ScoreStep.CONFIRM: (ScoreStatus.REVIEWED,),
}


def _order_refusal(step: str, status: str | None) -> str:
    if step == ScoreStep.SELF:
        return _("The street has reviewed this score: it can no longer be self-assessed.")
    if status is None:
        return _("The branch has not self-assessed yet.")
    if step == ScoreStep.REVIEW:
        return _("The district has confirmed this score: it can no longer be reviewed.")
    if status == ScoreStatus.CONFIRMED:
        return _("This score is already confirmed.")
    return _("The street has not reviewed this score yet.")


def _checked_points(step, tasks, items, points: dict, reasons: dict, evidenced: set) -> dict:
    """The points and reasons of every task at ``step``, or a ValidationError naming each field
    (``points_<task id>``, ``reason_<task id>``) that is wrong."""
    errors: dict[str, list] = {}
    result = {}
    points_field, reason_field = STEP_FIELDS[step]
    for task in tasks:
        item = items.get(task.pk)
        previous_field = PREVIOUS_FIELD.get(step, "self_points")
        previous = getattr(item, previous_field) if item is not None else None
        # A task left out keeps what this step gave it before, else the previous step's points.
        own = getattr(item, points_field) if item is not None else None
        value = points.get(task.pk, own if own is not None else previous)
        reason = reasons.get(task.pk)
        if reason is None:
            reason = getattr(item, reason_field) if item is not None and own is not None else ""
        reason = reason.strip()
        key = f"points_{task.pk}"
        if value is None:
            errors[key] = [_("Give the points of this task.")]
            continue
        if not 0 <= value <= task.points:
            errors[key] = [_("Between 0 and %(points)s points.") % {"points": task.points}]
            continue
        if step == ScoreStep.SELF and task.evidence_required and value > 0 and task.pk not in evidenced:
            errors[key] = [_("This task needs evidence: file it before self-assessing.")]
            continue
        if previous is not None and value != previous and not reason:
            errors[f"reason_{task.pk}"] = [_("Say why the points differ from the previous step.")]
            continue
        result[task.pk] = (value, reason)
    if errors:
        raise ValidationError(errors)
    return result


@transaction.atomic
def _take_step(*, organization, year: int, step: str, points: dict, reasons: dict, actor) -> BranchScore:
    standard = _standard_in_force(year)
    score = BranchScore.objects.select_for_update().filter(organization=organization, year=year).first()
    status = score.status if score else None
    if status not in STEP_NEEDS[step]:
        raise ValidationError(_order_refusal(step, status))
    tasks = list(standard.tasks.order_by("number"))
    items = {item.task_id: item for item in score.items.all()} if score else {}
    evidenced = set(Evidence.objects.filter(organization=organization, year=year).values_list("task_id", flat=True))
    checked = _checked_points(step, tasks, items, points, reasons, evidenced)
    now = timezone.now()
    if score is None:
        score = BranchScore(organization=organization, year=year, standard=standard)
    totals = dict.fromkeys(ASPECT_FIELDS.values(), 0)
    for task in tasks:
        totals[ASPECT_FIELDS[Aspect(task.aspect)]] += checked[task.pk][0]
    total = sum(value for value, _reason in checked.values())
    values = {"status": STEP_STATUS[step], "total": total, **totals}
    values.update(
        {
            ScoreStep.SELF: {"self_assessed_by": actor, "self_assessed_at": now},
            ScoreStep.REVIEW: {"reviewed_by": actor, "reviewed_at": now},
            ScoreStep.CONFIRM: {"confirmed_by": actor, "confirmed_at": now, "confirmed_total": total,
                                "stars": stars_for(total)},
        }[step]
    )  # fmt: skip
    save_validated(score, values)
    points_field, reason_field = STEP_FIELDS[step]
    changes, new_items, changed_items = [], [], []
    for task in tasks:
        value, reason = checked[task.pk]
        item = items.get(task.pk)
        if item is None:
            new_items.append(TaskScore(score=score, task=task, self_points=value, self_reason=reason))
            continue
        before = getattr(item, points_field)
        previous = before if before is not None else getattr(item, PREVIOUS_FIELD.get(step, points_field))
        if before is not None and before == value and getattr(item, reason_field) == reason:
            continue
        setattr(item, points_field, value)
        setattr(item, reason_field, reason)
        changed_items.append(item)
        if previous != value:
            changes.append(
                ScoreChange(score=score, task=task, step=step, previous=previous, points=value, reason=reason,
                            actor=actor, at=now)
            )  # fmt: skip
    TaskScore.objects.bulk_create(new_items)
    TaskScore.objects.bulk_update(changed_items, [points_field, reason_field])
    ScoreChange.objects.bulk_create(changes)
    return score


def score_self_assess(
    *, organization: PartyOrganization, year: int, points: dict, reasons: dict | None = None, actor=None
) -> BranchScore:
    """The branch's self-assessment of ``year``: the points of every task (``{task id: points}``),
    those needing evidence with evidence filed. It may be filed again until the street reviews it."""
    _require_scored(organization)
    return _take_step(
        organization=organization, year=year, step=ScoreStep.SELF, points=points, reasons=reasons or {}, actor=actor
    )


def score_review(*, score: BranchScore, points: dict, reasons: dict | None = None, actor=None) -> BranchScore:
    """The street's review of a self-assessment: a task left out keeps the self-assessed points; a
    changed one needs a reason."""
    return _take_step(
        organization=score.organization, year=score.year, step=ScoreStep.REVIEW, points=points,
        reasons=reasons or {}, actor=actor,
    )  # fmt: skip


def score_confirm(*, score: BranchScore, points: dict, reasons: dict | None = None, actor=None) -> BranchScore:
    """The district organization department's confirmation: the confirmed total and its stars."""
    return _take_step(
        organization=score.organization, year=score.year, step=ScoreStep.CONFIRM, points=points,
        reasons=reasons or {}, actor=actor,
    )  # fmt: skip


# The annual report-and-review (述职评议) -------------------------------------------------------------

GRADE_ORDER = [grade.value for grade in ReviewGrade]  # best first


def review_result(grades: list[str], rule: str | None = None) -> str | None:
    """The result of a report from its reviewers' grades, by ``ASSESSMENT_REVIEW_RULE``:

    - ``most`` (the default): the grade given by most reviewers; a tie goes to the lower grade;
    - ``median``: the middle grade, of an even number of grades the lower of the two middle ones.

    None without a grade."""
    if not grades:
        return None
    rule = rule or settings.ASSESSMENT_REVIEW_RULE
    if rule == "most":
        counts = {grade: grades.count(grade) for grade in GRADE_ORDER}
        most = max(counts.values())
        return [grade for grade in GRADE_ORDER if counts[grade] == most][-1]
    if rule == "median":
        ordered = sorted(grades, key=GRADE_ORDER.index)
        return ordered[len(ordered) // 2]
    raise ImproperlyConfigured(f"ASSESSMENT_REVIEW_RULE must be 'most' or 'median', not {rule!r}")


def rank_reports(rows: list[tuple[int, str, Decimal]]) -> dict[int, int]:
    """Ranks of ``(id, result, share of 好)``: by result (好 first), then by the share of 好 (higher
    first); equal result and share share a rank, and the next rank counts them (1, 2, 2, 4)."""
    ordered = sorted(rows, key=lambda row: (GRADE_ORDER.index(row[1]), -row[2], row[0]))
    ranks, previous, rank = {}, None, 0
    for position, (pk, result, share) in enumerate(ordered, start=1):
        if (result, share) != previous:
            rank, previous = position, (result, share)
        ranks[pk] = rank
    return ranks


def _locked_round(review_round: ReviewRound) -> ReviewRound:
    return ReviewRound.objects.select_for_update().get(pk=review_round.pk)


def _require_open(review_round: ReviewRound) -> None:
    if review_round.status != ReviewRoundStatus.OPEN:
        raise ValidationError(
            _("The results of %(year)s are published: the round is closed.") % {"year": review_round.year}
        )


@transaction.atomic
def review_round_open(*, area_code: str, year: int, reviewers: list, actor=None) -> ReviewRound:
    """Open the year's report-and-review of the city's or a district's organization department, with
    the reviewers it appoints (users granted that area or one above it). Once a year per area."""
    area = area_get(area_code)
    if area is None or len(area_code) not in ROUND_AREA_LENGTHS:
        raise ValidationError({"area_code": _("A round is run by the city or a district.")})
    if ReviewRound.objects.filter(area_code=area_code, year=year).exists():
        raise ValidationError({"year": _("The round of %(year)s is already open here.") % {"year": year}})
    reviewers = list(reviewers)
    if not reviewers:
        raise ValidationError({"reviewers": _("Appoint at least one reviewer.")})
    grants = defaultdict(list)
    for user_id, code, role in AreaGrant.objects.filter(user__in=reviewers).values_list("user_id", "area_code", "role"):
        grants[user_id].append((code, role))
    outside = [user for user in reviewers if not may_be_reviewer(grants[user.pk], area_code)]
    if outside:
        raise ValidationError(
            {
                "reviewers": _("Not granted this area or one above it: %(names)s.")
                % {"names": "、".join(user.get_full_name() or user.get_username() for user in outside)}
            }
        )
    review_round = save_validated(ReviewRound(area_code=area_code, year=year, opened_by=actor))
    review_round.reviewers.set(reviewers)
    return review_round


def _checked_sections(sections: list[tuple[str, str]]) -> list[tuple[str, str]]:
    errors, kept = {}, []
    for number, (heading, body) in enumerate(sections, start=1):
        heading, body = (heading or "").strip(), (body or "").strip()
        if not heading and not body:
            continue
        if not heading:
            errors[f"heading_{number}"] = [_("Give the section a heading.")]
        elif len(heading) > 200:
            errors[f"heading_{number}"] = [_("At most 200 characters.")]
        if not body:
            errors[f"body_{number}"] = [_("Write the section's text.")]
        kept.append((heading, body))
    if errors:
        raise ValidationError(errors)
    if not kept:
        raise ValidationError({"sections": _("Write at least one section.")})
    return kept


@transaction.atomic
def secretary_report_write(
    *, review_round: ReviewRound, organization: PartyOrganization, sections: list[tuple[str, str]], actor=None
) -> SecretaryReport:
    """Write (or rewrite) the draft report of an organization the round covers: its sections, in the
    order given (blank ones left out). The secretary is the organization's. Only while the round is
    open, and until the report is submitted."""
    review_round = _locked_round(review_round)
    _require_open(review_round)
    if not reporting_organizations(review_round.area_code).filter(pk=organization.pk).exists():
        raise ValidationError({"organization": _("This organization does not report in this round.")})
    if organization.secretary_id is None:
        raise ValidationError({"organization": _("The organization has no secretary on record: name one first.")})
    kept = _checked_sections(sections)
    report = SecretaryReport.objects.select_for_update().filter(round=review_round, organization=organization).first()
    if report is not None and report.status == ReportStatus.SUBMITTED:
        raise ValidationError(_("The report has been submitted: it can no longer be changed."))
    report = save_validated(
        report or SecretaryReport(round=review_round, organization=organization, year=review_round.year),
        {"secretary_id": organization.secretary_id, "written_by": actor},
    )
    report.sections.all().delete()
    rows = [
        ReportSection(report=report, number=number, heading=heading, body=body)
        for number, (heading, body) in enumerate(kept, start=1)
    ]
    for row in rows:
        row.full_clean(exclude=["report"])
    ReportSection.objects.bulk_create(rows)
    return report


@transaction.atomic
def secretary_report_submit(*, report: SecretaryReport, actor=None) -> SecretaryReport:
    """Submit a written report for review (述职): its reviewers grade it from then on."""
    _require_open(_locked_round(report.round))
    report = SecretaryReport.objects.select_for_update().get(pk=report.pk)
    if report.status == ReportStatus.SUBMITTED:
        raise ValidationError(_("The report has already been submitted."))
    if not report.sections.exists():
        raise ValidationError({"sections": _("Write at least one section.")})
    return save_validated(report, {"status": ReportStatus.SUBMITTED, "submitted_at": timezone.now()})


def _require_gradable(review_round: ReviewRound, report: SecretaryReport, reviewer) -> None:
    _require_open(review_round)
    if not review_round.reviewers.filter(pk=reviewer.pk).exists():
        raise ValidationError(_("Only the reviewers appointed to this round grade its reports."))
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("The report has not been submitted yet."))


@transaction.atomic
def review_vote_cast(*, report: SecretaryReport, reviewer, grade: str, comment: str = "") -> ReviewVote:
    """An appointed reviewer's grade (好, 较好, 一般, 差) and comment on a submitted report, once;
    changed with ``review_vote_change`` until the results are published."""
    _require_gradable(_locked_round(report.round), report, reviewer)
    if ReviewVote.objects.filter(report=report, reviewer=reviewer).exists():
        raise ValidationError({"grade": _("You have graded this report: change your grade instead.")})
    return save_validated(
        ReviewVote(report=report, reviewer=reviewer), {"grade": grade, "comment": comment.strip(), "at": timezone.now()}
    )


@transaction.atomic
def review_vote_change(*, report: SecretaryReport, reviewer, grade: str, comment: str = "") -> ReviewVote:
    """A reviewer changes their grade and comment, until the results are published."""
    _require_gradable(_locked_round(report.round), report, reviewer)
    vote = ReviewVote.objects.select_for_update().filter(report=report, reviewer=reviewer).first()
    if vote is None:
        raise ValidationError({"grade": _("You have not graded this report yet.")})
    return save_validated(vote, {"grade": grade, "comment": comment.strip(), "at": timezone.now()})


@transaction.atomic
def review_round_publish(*, review_round: ReviewRound, actor=None) -> ReviewRound:
    """Publish the round's results: every submitted report gets its result by the rule
    (``review_result``) and its rank (``rank_reports``); a report never submitted gets none (listed
    as not reported). Refused while a submitted report has no grade."""
    review_round = _locked_round(review_round)
    if review_round.status == ReviewRoundStatus.PUBLISHED:
        raise ValidationError(_("The results of this round are already published."))
    reports = list(review_round.reports.filter(status=ReportStatus.SUBMITTED).order_by("id"))
    grades = defaultdict(list)
    for report_id, grade in ReviewVote.objects.filter(report__round=review_round).values_list("report_id", "grade"):
        grades[report_id].append(grade)
    ungraded = [report for report in reports if not grades[report.pk]]
    if ungraded:
        raise ValidationError(
            ngettext(
                "%(count)s submitted report has no grade yet.",
                "%(count)s submitted reports have no grade yet.",
                len(ungraded),
            )
            % {"count": len(ungraded)}
        )
    rows = []
    for report in reports:
        given = grades[report.pk]
        report.result = review_result(given)
        report.good_share = (Decimal(given.count(ReviewGrade.GOOD)) / len(given)).quantize(Decimal("0.001"))
        rows.append((report.pk, report.result, report.good_share))
    ranks = rank_reports(rows)
    for report in reports:
        report.rank = ranks[report.pk]
    for report in reports:
        report.save(update_fields=["result", "good_share", "rank", "updated_at"])
    return save_validated(
        review_round, {"status": ReviewRoundStatus.PUBLISHED, "published_at": timezone.now(), "published_by": actor}
    )
