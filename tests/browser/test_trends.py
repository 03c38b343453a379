"""A district reviewer follows a figure month by month in Chromium: the trends page draws the kept
months, choosing another figure and the children redraws the chart with a line per street, and the
include given only an area and a figure draws what /api/trends/ answers."""

import datetime

import pytest

from communities.tests.factories import user_with_grant
from jilin_grid.scope import Role
from projects.trends import services
from projects.trends.tests.factories import build_city
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHART = "document.querySelector('[data-trend-chart]')"


def series(page, selector: str = CHART) -> list:
    """(name, data) of each line the chart draws."""
    return page.evaluate(f"() => echarts.getInstanceByDom({selector}).getOption().series.map(s => [s.name, s.data])")


def test_a_reviewer_follows_a_figure_and_its_streets(page, live_server):
    place = build_city()
    services.trend_months_take(first="2020-01", last="2020-06", today=datetime.date(2020, 6, 15))
    user_with_grant(place.fengman.code, Role.DISTRICT_ORG_DEPT, username="fengman")
    log_in(page, live_server, "fengman")

    page.goto(f"{live_server.url}/trends/{place.fengman.code}/?figure=problems.recorded")
    page.wait_for_function(f"() => window.echarts && echarts.getInstanceByDom({CHART})")
    ((name, values),) = series(page)
    assert name == "丰满区" and values[-4:] == [4, 7, 10, 0]  # March to June 2020, the last kept

    with page.expect_navigation():
        page.check("#trend-children")
    page.wait_for_function(f"() => window.echarts && echarts.getInstanceByDom({CHART})")
    lines = dict(series(page))
    assert list(lines) == ["丰满区", "江南街道", "沿丰街道"]
    assert lines["江南街道"][-4:] == [3, 5, 7, 0]

    page.evaluate(
        """() => {
          const chart = document.createElement('div');
          chart.id = 'asked';
          chart.style.height = '240px';
          chart.setAttribute('data-trend-chart', '');
          chart.setAttribute('data-url', '/api/trends/?area=220211001&figure=problems.recorded&to=2020-05');
          chart.setAttribute('data-echarts', document.querySelector('[data-echarts]').getAttribute('data-echarts'));
          document.querySelector('main').prepend(chart);
          window.jilinTrendCharts.scan();
        }"""
    )
    asked = "document.getElementById('asked')"
    page.wait_for_function(f"() => echarts.getInstanceByDom({asked})")
    ((name, values),) = series(page, asked)
    assert name == "江南街道" and values[-3:] == [3, 5, 7]
