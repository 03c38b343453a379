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
