"""The demo desks at a larger scale, on a small tree of their own (the demo city's module flushes
its database): the desks are multiplied, one district keeps one catalogue, and a second run adds
nothing."""

import datetime

import pytest

from alliances.desk.demo import CATALOGUE, build_demo_desk
from alliances.desk.models import Case, SocialWorker
from communities.tests.factories import CommunityFactory, StreetFactory
from grids.tests.factories import GridFactory
from jilin_grid.counts.services import count_everything


@pytest.fixture(autouse=True)
def _counted_afterwards():
    """The builder writes in bulk, as the demo does: the kept counts are set from its rows once it
    is done, as ``build_demo`` sets them."""
    yield
    count_everything()


@pytest.mark.django_db
def test_the_scale_multiplies_the_desks():
    street = StreetFactory()
    communities = [CommunityFactory(street=street, code=f"{street.code}{n:03d}") for n in range(1, 61)]
    for community in communities:
        GridFactory(community=community)
    figures = build_demo_desk(scale=2, today=datetime.date(2024, 6, 30))
    assert figures["created"] is True
    assert SocialWorker.objects.values("community").distinct().count() == 40
    assert figures["matters"] == len(CATALOGUE)  # one district: one catalogue
    assert figures["cases"] == Case.objects.count() == 40 * 150
    assert build_demo_desk(scale=2)["created"] is False
    assert Case.objects.count() == 40 * 150
