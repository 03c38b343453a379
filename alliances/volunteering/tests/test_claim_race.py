"""Two members claiming the last place of a post at the same moment, each on its own database
connection: the conditional UPDATE of ``post_claim`` lets exactly one of them have it.

The race needs a database that runs transactions concurrently with row locks: PostgreSQL. SQLite
serializes writers on the whole file, so there is no race to lose there; CI runs this module on
PostgreSQL (``DATABASE_URL=postgres://postgres@127.0.0.1:5432/test``).
"""

import pytest

from alliances.tests.factories import MemberReportFactory, ServicePostFactory
from alliances.volunteering import services
from alliances.volunteering.models import PostClaim, ServicePost
from communities.tests.factories import CommunityFactory
from jilin_grid.testing.races import needs_postgresql
from jilin_grid.testing.races import race as race_writes

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]


def race(post: ServicePost, members: list) -> dict:
    """Each member claims ``post`` in its own thread and connection, at the same moment; the one
    that takes the place holds its transaction until it sees the other blocked on the post's row."""

    def claim(member):
        return lambda: services.post_claim(post=ServicePost.objects.get(pk=post.pk), member=member).pk

    outcome = race_writes([claim(member) for member in members])
    return {**outcome, "claims": outcome["results"], "saw_the_loser_wait": outcome["saw_a_wait"]}


@pytest.mark.parametrize("places", [1, 3])
def test_two_claims_racing_for_the_last_place(places):
    community = CommunityFactory()
    post = ServicePostFactory(community=community, places=places)
    holders = [MemberReportFactory(community=community).member for _ in range(places - 1)]
    for member in holders:
        services.post_claim(post=post, member=member)
    racers = [MemberReportFactory(community=community).member for _ in range(2)]

    outcome = race(post, racers)

    assert outcome["errors"] == []
    assert len(outcome["claims"]) == 1
    assert outcome["refusals"] == [f"岗位已满：{places} 个名额均已被认领。"]
    assert outcome["saw_the_loser_wait"], "the second claim never waited on the row: the claims did not race"
    post.refresh_from_db()
    assert post.claimed == post.places == places
    assert PostClaim.objects.filter(post=post, withdrawn_on__isnull=True).count() == places
    winner = PostClaim.objects.get(pk=outcome["claims"][0])
    assert winner.member in racers
