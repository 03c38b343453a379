"""``GET /api/trends/``: one figure of an area by month from the kept snapshots, its children's
values, the default twelve months, refusals beside their parameter in Chinese and English, 404
outside the caller's area, and a fixed number of queries at 1× and 10× the rows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.tests.factories import CommunityFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.figures import MONTH, current_period
from jilin_grid.testing.api import api_client
from projects.trends import services
from projects.trends.models import TrendSnapshot
from projects.trends.selectors import month_labels, month_period, months_before

from .factories import build_city

pytestmark = pytest.mark.django_db
URL = reverse("trends")


@pytest.fixture
def place():
    place = build_city()
    services.trend_months_take(first="2020-01", last="2020-06", today=date(2020, 6, 15))
    return place


@pytest.fixture
def reviewer(place):
    return api_client(user_with_grant(place.fengman.code, roles.DISTRICT_ORG_DEPT))


def test_the_months_and_values_of_a_figure(place, reviewer):
    response = reviewer.get(URL, {"area": "220211", "figure": "problems.recorded", "from": "2020-02", "to": "2020-07"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["area"] == {"code": "220211", "name": "丰满区", "level": "district"}
    assert body["figure"]["key"] == "problems.recorded" and body["figure"]["better"] == "neutral"
    assert body["months"] == ["2020-02", "2020-03", "2020-04", "2020-05", "2020-06", "2020-07"]
    # March 2 + 1 + 1, April one more each, May again; none in February or June; July not kept.
    assert body["values"] == [0, 4, 7, 10, 0, None]
    assert body["children"] == []


def test_each_direct_childs_values(place, reviewer):
    body = reviewer.get(
        URL, {"area": "220211", "figure": "problems.recorded", "to": "2020-05", "children": "true"}
    ).json()
    assert [child["area"]["name"] for child in body["children"]] == ["江南街道", "沿丰街道"]
    assert [child["values"][-3:] for child in body["children"]] == [[3, 5, 7], [1, 2, 3]]
    assert len(body["months"]) == 12 and body["months"][-1] == "2020-05"
    # A community's children are grids, which are not kept: none.
    body = reviewer.get(
        URL, {"area": place.nanshan.code, "children": "true", "figure": "problems.recorded", "to": "2020-05"}
    )
    body = body.json()
    assert body["children"] == [] and body["values"][-3:] == [2, 3, 4]


def test_the_default_is_the_last_twelve_months_of_the_first_figure(place, reviewer):
    body = reviewer.get(URL).json()
    this_month = current_period(MONTH)
    assert body["months"] == month_labels(months_before(this_month, 12), this_month)
    assert body["area"]["code"] == "220211"  # the caller's own
    assert body["figure"]["key"] == "network.communities"


def test_the_network_is_null_for_a_month_with_no_state_kept(place, reviewer):
    body = reviewer.get(URL, {"figure": "network.grid_workers", "from": "2020-05", "to": "2020-06"}).json()
    assert body["values"] == [None, 3]  # May: no snapshot; June: taken live while under way


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"figure": "problems.nothing"}, "figure"),
        ({"figure": "overdue"}, "figure"),
        ({"from": "2020-13"}, "from"),
        ({"to": "2020-6"}, "to"),
        ({"to": "2020-Q2"}, "to"),
        ({"from": "2020-07", "to": "2020-06"}, "from"),
        ({"from": "2000-01", "to": "2020-06"}, "from"),
        ({"children": "maybe"}, "children"),
        ({"area": "22021"}, "area"),
    ],
)
def test_a_bad_parameter_is_refused_beside_it_in_chinese_and_english(place, reviewer, params, field):
    response = reviewer.get(URL, params)
    assert response.status_code == 400
    (message,) = response.json()[field]
    chinese, english = message.split(" / ")
    assert any("\u4e00" <= char <= "\u9fff" for char in chinese) and english.isascii()


def test_outside_the_callers_area_is_not_found_and_names_nothing(place, reviewer):
    response = reviewer.get(URL, {"area": place.changyi.code, "figure": "problems.recorded"})
    assert response.status_code == 404
    assert "昌邑" not in response.content.decode() and "华西" not in response.content.decode()
    assert api_client().get(URL).status_code in {401, 403}


def test_the_queries_are_the_same_at_ten_times_the_rows(place, reviewer):
    params = {"area": "220211001", "figure": "problems.recorded", "from": "2020-01", "to": "2020-06", "children": "1"}
    with CaptureQueriesContext(connection) as once:
        assert reviewer.get(URL, params).status_code == 200
    for number in range(3, 25):
        CommunityFactory(street=place.jiangnan, code=f"220211001{number:03d}")
    services.trend_months_take(first="2020-01", last="2020-06", area_code="220211001", today=date(2020, 6, 15))
    assert TrendSnapshot.objects.filter(area_code__startswith="220211001", family="problems").count() == 6 * 25
    with CaptureQueriesContext(connection) as tenfold:
        body = reviewer.get(URL, params).json()
    assert len(body["children"]) == 24
    assert len(tenfold) == len(once) <= 7  # the token, the grants, the area (2), the rows, the children


def test_month_labels_cross_the_year():
    assert month_labels(month_period("2020-11"), month_period("2021-02")) == [
        "2020-11",
        "2020-12",
        "2021-01",
        "2021-02",
    ]
