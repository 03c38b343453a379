"""The demo standards and scores: 2019 and 2020 in force with 34 tasks summing to 100, every
community and grid party branch scored for both years with a spread of stars, each score consistent
with its task scores and the services' rules, and a second run adding nothing."""

import pytest
from django.db.models import Count

from communities.choices import HostUnitKind, PartyOrganizationKind
from communities.tests.factories import CommunityFactory, PartyOrganizationFactory
from jilin_grid.counts.services import count_everything
from projects.assessment.choices import ScoreStatus
from projects.assessment.demo import build_demo_assessment
from projects.assessment.models import ASPECT_FIELDS, AssessmentStandard, BranchScore, ScoreChange, TaskScore
from projects.assessment.services import stars_for

from .factories import community_branch, grid_branch

pytestmark = pytest.mark.django_db


def test_every_branch_scored_for_both_years_with_a_spread_of_stars():
    branches = []
    for _ in range(12):
        community = CommunityFactory()
        branches.append(community_branch(community))
        branches.extend(grid_branch(community) for _ in range(4))
    unit = PartyOrganizationFactory(host_unit_kind=HostUnitKind.ENTERPRISE, host_unit_name="吉林化纤")
    group = PartyOrganizationFactory(kind=PartyOrganizationKind.PARTY_GROUP)
    figures = build_demo_assessment()
    count_everything()  # the builders write in bulk; the demo counts their rows once, after the last
    assert figures["created"] and figures["seconds"] >= 0
    for standard in AssessmentStandard.objects.filter(year__in=(2019, 2020)):
        assert standard.in_force
        assert standard.tasks.count() == 34
        assert sum(standard.tasks.values_list("points", flat=True)) == 100
    assert AssessmentStandard.objects.count() == 2
    per_branch = dict(BranchScore.objects.values_list("organization").annotate(n=Count("id")))
    assert per_branch == {branch.pk: 2 for branch in branches}
    assert unit.pk not in per_branch and group.pk not in per_branch
    confirmed = BranchScore.objects.filter(status=ScoreStatus.CONFIRMED)
    assert len({score.stars for score in confirmed}) >= 4
    items = {}
    for item in TaskScore.objects.select_related("task"):
        items.setdefault(item.score_id, []).append(item)
    for score in BranchScore.objects.all():
        rows = items[score.pk]
        assert len(rows) == 34
        assert score.total == sum(row.current_points for row in rows)
        for aspect, field in ASPECT_FIELDS.items():
            assert getattr(score, field) == sum(row.current_points for row in rows if row.task.aspect == aspect)
        assert all(0 <= row.current_points <= row.task.points for row in rows)
        if score.status == ScoreStatus.CONFIRMED:
            assert score.stars == stars_for(score.confirmed_total) and score.confirmed_total == score.total
    # Each change kept says why.
    assert not ScoreChange.objects.filter(reason="").exists()
    again = build_demo_assessment()
    assert not again["created"]
    assert again["scores"] == figures["scores"] == 2 * len(branches)
