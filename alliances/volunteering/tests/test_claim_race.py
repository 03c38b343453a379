"""Two members claiming the last place of a post at the same moment, each on its own database
connection: the conditional UPDATE of ``post_claim`` lets exactly one of them have it.

The race needs a database that runs transactions concurrently with row locks: PostgreSQL. SQLite
serializes writers on the whole file, so there is no race to lose there; CI runs this module on
PostgreSQL (``DATABASE_URL=postgres://postgres@127.0.0.1:5432/test``).
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections, transaction

from alliances.tests.factories import MemberReportFactory, ServicePostFactory
from alliances.volunteering import services
from alliances.volunteering.models import PostClaim, ServicePost
from communities.tests.factories import CommunityFactory
from jilin_grid.testing.races import another_backend_waits, needs_postgresql

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]

# How long the winner keeps its transaction open waiting to see the loser blocked on the row.
WAIT_FOR_THE_LOSER = 10.0


def race(post: ServicePost, members: list) -> dict:
    """Each member claims ``post`` in its own thread and connection, released together by a barrier.

    The thread that takes the place keeps its transaction open until it sees the other blocked on
    the post's row, so the two UPDATEs truly overlap; then it commits and the other goes on.
    """
    barrier = threading.Barrier(len(members))
    outcome: dict = {"claims": [], "refusals": [], "errors": [], "saw_the_loser_wait": False}
    lock = threading.Lock()

    def claim(member) -> None:
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                try:
                    made = services.post_claim(post=ServicePost.objects.get(pk=post.pk), member=member)
                except ValidationError as error:
                    with lock:
                        outcome["refusals"].append(" ".join(error.messages))
                    return
                waited = 0.0
                while waited < WAIT_FOR_THE_LOSER and not another_backend_waits():
                    threading.Event().wait(0.05)
                    waited += 0.05
                with lock:
                    outcome["claims"].append(made.pk)
                    outcome["saw_the_loser_wait"] = waited < WAIT_FOR_THE_LOSER
        except Exception as error:  # reported to the test's thread
            with lock:
                outcome["errors"].append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcome


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
