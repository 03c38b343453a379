"""Writes of the service brands: rounds, applications, judges' scores, winners, the province's
outcome, and the showcase column.

Every function is keyword-only and atomic, validates with full_clean(), and refuses what the
rules do not allow with a ValidationError naming the field it is about:

- only an open round takes applications; one application per community and round; the No.1
  projects behind a brand are its community's;
- only the round's judges score, once each per application, while the round is closed to
  applications; a score is 0-100;
- winners are named only from applications with at least one score;
- only a winner is put forward to the province (entered, or named a best case).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jilin_grid.scope import prefix_q
from jilin_grid.services import UNCHANGED, Unchanged, model_update, save_validated

from .choices import ProvinceOutcome, RoundStatus
from .models import BrandApplication, BrandScore, SelectionRound, ShowcaseArticle


@transaction.atomic
def round_open(*, year: int, theme: str, judges: list, actor=None, area_code: str | None = None) -> SelectionRound:
    """The city organization department opens the year's selection with its theme and judges."""
    area_code = area_code or settings.CITY_CODE
    if SelectionRound.objects.filter(area_code=area_code, year=year).exists():
        raise ValidationError({"year": _("A selection round of %(year)s has been opened already.") % {"year": year}})
    if not judges:
        raise ValidationError({"judges": _("Appoint at least one judge.")})
    selection_round = save_validated(
        SelectionRound(),
        {"area_code": area_code, "year": year, "theme": theme, "status": RoundStatus.OPEN, "opened_by": actor},
    )
    selection_round.judges.set(judges)
    return selection_round


@transaction.atomic
def round_close(*, selection_round: SelectionRound) -> SelectionRound:
    """Close a round to applications: its judges score from now on."""
    if selection_round.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is closed to applications already."))
    return model_update(selection_round, status=RoundStatus.CLOSED)


def _round_status(application: BrandApplication) -> str:
    """The status of the application's round as it stands now (locked until the transaction ends)."""
    return SelectionRound.objects.select_for_update().values_list("status", flat=True).get(pk=application.round_id)


def _check_projects(community, projects) -> None:
    outside = [project for project in projects if not project.area_code.startswith(community.code)]
    if outside:
        raise ValidationError(
            {"projects": _("Choose No.1 projects of the community applying: “%(title)s” is not one of them.")
             % {"title": outside[0].title}}
        )  # fmt: skip


@transaction.atomic
def application_submit(
    *,
    selection_round: SelectionRound,
    community,
    name: str,
    description: str,
    evidence: str = "",
    projects: list | None = None,
    actor=None,
) -> BrandApplication:
    """A community applies with its brand, while the round is open (one application each)."""
    locked = SelectionRound.objects.select_for_update().get(pk=selection_round.pk)
    if locked.status != RoundStatus.OPEN:
        raise ValidationError({"round": _("This round no longer takes applications.")})
    if not community.code.startswith(locked.area_code):
        raise ValidationError({"community": _("This community is outside the round's area.")})
    if BrandApplication.objects.filter(round=locked, community=community).exists():
        raise ValidationError({"community": _("This community has applied to this round already.")})
    projects = list(projects or [])
    _check_projects(community, projects)
    application = save_validated(
        BrandApplication(),
        {
            "round": locked,
            "community": community,
            "name": name,
            "description": description,
            "evidence": evidence,
            "submitted_by": actor,
        },
    )
    application.projects.set(projects)
    return application


@transaction.atomic
def application_revise(
    *,
    application: BrandApplication,
    name: str | Unchanged = UNCHANGED,
    description: str | Unchanged = UNCHANGED,
    evidence: str | Unchanged = UNCHANGED,
    projects: list | None = None,
) -> BrandApplication:
    """Change an application while its round is open."""
    if _round_status(application) != RoundStatus.OPEN:
        raise ValidationError(_("The round is closed: its applications stay as they were sent."))
    if projects is not None:
        _check_projects(application.community, projects)
    application = model_update(application, name=name, description=description, evidence=evidence)
    if projects is not None:
        application.projects.set(projects)
    return application


@transaction.atomic
def score_record(*, application: BrandApplication, judge, score: int, comment: str = "") -> BrandScore:
    """A judge of the round scores an application once (0-100), with a comment."""
    selection_round = SelectionRound.objects.select_for_update().get(pk=application.round_id)
    if not selection_round.judges.filter(pk=judge.pk).exists():
        raise ValidationError(_("Only the judges the city appointed to this round score its applications."))
    if selection_round.status != RoundStatus.CLOSED:
        raise ValidationError(_("Scoring starts when the round is closed to applications."))
    if BrandScore.objects.filter(application=application, judge=judge).exists():
        raise ValidationError({"score": _("You have scored this application already.")})
    return save_validated(
        BrandScore(), {"application": application, "judge": judge, "score": score, "comment": comment}
    )


@transaction.atomic
def application_name_winner(*, application: BrandApplication) -> BrandApplication:
    """The city names a scored application of a closed round among the winners."""
    application = BrandApplication.objects.select_for_update().get(pk=application.pk)
    if _round_status(application) != RoundStatus.CLOSED:
        raise ValidationError(_("Winners are named once the round is closed to applications."))
    if not application.scores.exists():
        raise ValidationError(_("Only an application the judges have scored can be named a winner."))
    return model_update(application, is_winner=True)


@transaction.atomic
def application_put_forward(*, application: BrandApplication, outcome: str) -> BrandApplication:
    """Record a winner put forward to the province's selection, and its outcome there."""
    application = BrandApplication.objects.select_for_update().get(pk=application.pk)
    if not application.is_winner:
        raise ValidationError({"province_outcome": _("Only a winner is put forward to the province.")})
    if outcome not in ProvinceOutcome.values:
        raise ValidationError({"province_outcome": _("Choose entered or best case.")})
    return model_update(application, province_outcome=outcome)


@transaction.atomic
def article_publish(
    *,
    title: str,
    body: str,
    published_on: date,
    brand: BrandApplication | None = None,
    project=None,
    actor=None,
    area_code: str | None = None,
) -> ShowcaseArticle:
    """Publish an article in the showcase column, about a brand or a No.1 project of the area."""
    area_code = area_code or settings.CITY_CODE
    if brand is None and project is None:
        raise ValidationError({"brand": _("Name the brand or the No.1 project the article showcases.")})
    for field, record in (("brand", brand), ("project", project)):
        if (
            record is not None
            and not type(record).objects.filter(prefix_q("area_code", area_code), pk=record.pk).exists()
        ):
            raise ValidationError({field: _("This record is outside the column's area.")})
    return save_validated(
        ShowcaseArticle(),
        {
            "area_code": area_code,
            "title": title,
            "body": body,
            "published_on": published_on,
            "brand": brand,
            "project": project,
            "published_by": actor,
        },
    )
