"""The portal's paginator counts a list only when its first page does not hold all of it."""

from datetime import UTC, datetime

import pytest
from django.core.paginator import EmptyPage
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities.tests.factories import CityFactory, DistrictFactory, user_with_grant
from jilin_grid.models import Heartbeat
from jilin_grid.paging import Paginator
from jilin_grid.scope import Role
from jilin_grid.testing.api import api_client

pytestmark = pytest.mark.django_db

AT = datetime(2020, 3, 1, tzinfo=UTC)


def _beats(count: int):
    Heartbeat.objects.bulk_create([Heartbeat(name=f"beat-{n:03d}", at=AT) for n in range(count)])
    return Heartbeat.objects.filter(name__startswith="beat-").order_by("name")


def _as_django_pages_it(rows, per_page, number, **options):
    page = DjangoPaginator(rows, per_page, **options).page(number)
    return [beat.name for beat in page], page.paginator.count, page.paginator.num_pages, page.has_next()


@pytest.mark.parametrize(("rows", "per_page"), [(0, 5), (3, 5), (5, 5)])
def test_a_first_page_holding_every_row_is_one_query(django_assert_num_queries, rows, per_page):
    beats = _beats(rows)
    with django_assert_num_queries(1):
        page = Paginator(beats, per_page).page(1)
        answer = [beat.name for beat in page], page.paginator.count, page.paginator.num_pages, page.has_next()
    assert answer == _as_django_pages_it(beats, per_page, 1)


@pytest.mark.parametrize("number", [1, "1", 2, 3])
def test_a_longer_list_is_counted_and_paged_as_django_pages_it(django_assert_num_queries, number):
    beats = _beats(12)
    with django_assert_num_queries(2):
        page = Paginator(beats, 5).page(number)
        answer = [beat.name for beat in page], page.paginator.count, page.paginator.num_pages, page.has_next()
    assert answer == _as_django_pages_it(beats, 5, number)


def test_orphans_join_the_only_page_as_django_joins_them(django_assert_num_queries):
    beats = _beats(7)
    with django_assert_num_queries(1):
        page = Paginator(beats, 5, orphans=2).page(1)
        answer = [beat.name for beat in page], page.paginator.count, page.paginator.num_pages, page.has_next()
    assert answer == _as_django_pages_it(beats, 5, 1, orphans=2) == ([f"beat-{n:03d}" for n in range(7)], 7, 1, False)
    Heartbeat.objects.create(name="beat-007", at=AT)
    assert Paginator(beats.all(), 5, orphans=2).page(1).has_next()


def test_an_empty_list_without_an_empty_first_page_is_refused():
    with pytest.raises(EmptyPage):
        Paginator(Heartbeat.objects.none(), 5, allow_empty_first_page=False).page(1)


def test_a_page_past_the_last_is_refused_as_before():
    with pytest.raises(EmptyPage):
        Paginator(_beats(3), 5).page(2)


def test_the_api_reads_a_small_list_once_and_counts_a_longer_one(django_assert_num_queries):
    """The districts of a city (fewer than a page) are read once; with a page smaller than their
    number they are counted too, for the page links. The answers say the same count either way."""
    city = CityFactory(code="2202")
    for _ in range(3):
        DistrictFactory(city=city)
    client = api_client(user_with_grant(city.code, Role.API_READER))
    assert client.get("/api/districts/").status_code == 200  # the token's first use is written
    with CaptureQueriesContext(connection) as small:
        whole = client.get("/api/districts/")
    with CaptureQueriesContext(connection) as paged:
        first = client.get("/api/districts/?page_size=2")
    assert whole.json()["count"] == first.json()["count"] == 3
    assert len(whole.json()["results"]) == 3 and whole.json()["next"] is None
    assert len(first.json()["results"]) == 2 and first.json()["next"].endswith("page=2&page_size=2")
    counted = [query["sql"] for query in paged.captured_queries if "COUNT(*)" in query["sql"]]
    assert len(counted) == 1
    assert len(small.captured_queries) == len(paged.captured_queries) - 1
