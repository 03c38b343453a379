"""Helpers of the branch assessment's tests: a standard in force (the demo's 34 tasks, 100 points),
the branches scored (a community's own organization, a grid party branch), and scores taken through
the three steps to a chosen total."""

from __future__ import annotations

from communities.choices import PartyOrganizationKind
from communities.tests.factories import CommunityFactory, PartyOrganizationFactory
from grids.tests.factories import GridFactory
from projects.assessment import services
from projects.assessment.demo import TASKS
from projects.assessment.models import AssessmentStandard, AssessmentTask


def make_standard(year: int = 2020, *, in_force: bool = True) -> AssessmentStandard:
    standard = AssessmentStandard.objects.create(year=year)
    AssessmentTask.objects.bulk_create(
        AssessmentTask(standard=standard, number=number, aspect=aspect, title=title, points=points,
                       description=description, evidence_required=False, figure=figure)
        for number, (aspect, title, points, description, _evidence, figure) in enumerate(TASKS, start=1)
    )  # fmt: skip
    if in_force:
        services.standard_put_in_force(standard=standard)
    return standard


def community_branch(community=None):
    """A community's own party organization (standing for the community)."""
    community = community or CommunityFactory()
    return PartyOrganizationFactory(area_code=community.code, kind=PartyOrganizationKind.GENERAL_BRANCH)


def grid_branch(community=None):
    grid = GridFactory(community=community or CommunityFactory())
    return PartyOrganizationFactory(area_code=grid.code, kind=PartyOrganizationKind.GRID_BRANCH)


def points_for(standard: AssessmentStandard, total: int) -> dict[int, int]:
    """Points of every task summing to ``total``: full marks from the first task on, then the rest."""
    points, left = {}, total
    for task in standard.tasks.order_by("number"):
        given = min(task.points, left)
        points[task.pk] = given
        left -= given
    return points


def confirmed_score(organization, standard: AssessmentStandard, total: int):
    """A score of the standard's year taken through the three steps to ``total``."""
    points = points_for(standard, total)
    score = services.score_self_assess(organization=organization, year=standard.year, points=points)
    services.score_review(score=score, points={})
    return services.score_confirm(score=score, points={})


# The annual report-and-review ------------------------------------------------------------------------

SECTIONS = [("一、履行第一责任人职责情况", "全年召开党委会研究党建工作12次。"),
            ("二、存在的问题", "网格党组织作用发挥不均衡。"),
            ("三、下一步打算", "推进红心物业全覆盖。")]  # fmt: skip


def reporting_organization(area_code: str, **kwargs):
    """An area's own party organization with its secretary (a community's, a street's or a district's)."""
    from communities.tests.factories import PersonFactory

    kwargs.setdefault("kind", PartyOrganizationKind.GENERAL_BRANCH)
    return PartyOrganizationFactory(area_code=area_code, secretary=PersonFactory(area_code=area_code), **kwargs)


def department_user(code: str):
    from communities.tests.factories import user_with_grant
    from jilin_grid import scope as roles

    return user_with_grant(code, roles.CITY_ORG_DEPT if len(code) == 4 else roles.DISTRICT_ORG_DEPT)


def open_round(area_code: str, year: int = 2020, reviewers: int = 3):
    """A round of ``area_code`` with ``reviewers`` new reviewers of that area (``round.reviewer_list``)."""
    users = [department_user(area_code) for _ in range(reviewers)]
    review_round = services.review_round_open(area_code=area_code, year=year, reviewers=users)
    review_round.reviewer_list = users
    return review_round


def submitted_report(review_round, organization, sections=SECTIONS):
    report = services.secretary_report_write(review_round=review_round, organization=organization, sections=sections)
    return services.secretary_report_submit(report=report)


def graded_report(review_round, organization, grades):
    """A submitted report graded by the round's first reviewers, one grade each."""
    report = submitted_report(review_round, organization)
    for reviewer, grade in zip(review_round.reviewer_list, grades, strict=False):
        services.review_vote_cast(report=report, reviewer=reviewer, grade=grade)
    return report
