"""The demo red-heart property at a larger scale, on a small tree of its own: the pilots and the
abandoned compounds are multiplied, 绿地·筑石红社区 stays a pilot, and a second run adds nothing."""

import pytest

from alliances.property.choices import ManagementMode
from alliances.property.demo import build_demo_property
from alliances.property.models import CompoundMode
from communities.tests.factories import CommunityFactory, StreetFactory
from grids.tests.factories import CompoundFactory
from jilin_grid.counts.services import count_everything


@pytest.fixture(autouse=True)
def _counted_afterwards():
    """The builder writes in bulk, as the demo does: the kept counts are set from its rows once it
    is done, as ``build_demo`` sets them."""
    yield
    count_everything()


@pytest.mark.django_db
def test_the_scale_multiplies_the_pilots():
    street = StreetFactory()
    communities = [CommunityFactory(street=street, code=f"{street.code}{n:03d}") for n in range(1, 121)]
    communities[7].name = "绿地·筑石红社区"
    communities[7].save()
    for community in communities:
        CompoundFactory.create_batch(2, community=community)
    figures = build_demo_property(scale=2)
    assert figures["created"] is True
    assert figures["pilots"] == 96
    assert CompoundMode.objects.filter(compound__community=communities[7], mode=ManagementMode.THREE_PARTY).count() == 2
    assert CompoundMode.objects.filter(mode=ManagementMode.ABANDONED).count() == 10
    assert build_demo_property(scale=2)["created"] is False
    assert CompoundMode.objects.filter(mode=ManagementMode.ABANDONED).count() == 10
