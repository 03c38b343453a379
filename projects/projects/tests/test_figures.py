"""The No.1 projects' figures for the cockpit, against the rows counted here (the projects' rule
worked out again in ``test_stats_api``), at every level, for a month and for a year of projects;
and the project list behind each figure showing those projects."""

from __future__ import annotations

import pytest

from communities.tests.factories import user_with_grant
from jilin_grid import scope as roles
from jilin_grid.figures import parse_period
from jilin_grid.testing.figures import levels, listed, own_figures
from projects.projects.tests.test_stats_api import TODAY, build_city, counted

pytestmark = pytest.mark.django_db

KEYS = ("claimed", "approved", "completed", "reporting_rate", "green", "yellow", "red")


@pytest.fixture
def today(monkeypatch):
    """The lights and the reporting rate judged on 10 July 2020, as ``counted`` works them out."""
    monkeypatch.setattr("projects.projects.selectors.today", lambda: TODAY)


@pytest.mark.parametrize("text", ["2020-06", "2020"])
def test_the_figures_are_the_projects_of_the_periods_year_at_every_level(today, text):
    made = build_city()
    for code in levels(made["communities"][0].code):
        figures = own_figures("projects", code, parse_period(text))
        expected = counted(code)
        assert {key: figures[key] for key in KEYS} == {key: expected[key] for key in KEYS}, (code, text)
    city = own_figures("projects", made["city"].code, parse_period(text))
    # Per community six approved, five of them not behind with their filing (June's progress filed,
    # or not begun before August): all but the red whose June is missing; the district's three
    # (one missing June) and the grid's two.
    assert city["approved"] == 6 * 8 + 3 + 2
    assert city["reporting_rate"] == round(100 * (5 * 8 + 2 + 2) / (6 * 8 + 3 + 2), 1)


def test_another_year_has_its_own_projects(today):
    made = build_city()
    assert own_figures("projects", made["city"].code, parse_period("2019"))["claimed"] == 1


@pytest.mark.parametrize("key", ["claimed", "approved", "completed"])
def test_each_link_lists_the_projects_counted(client, key):
    made = build_city()
    district = made["districts"][0].code
    client.force_login(user_with_grant(district, roles.DISTRICT_ORG_DEPT))
    period = parse_period("2020-06")
    for code in (district, made["communities"][0].code):
        assert listed(client, f"projects.{key}", code, period) == counted(code)[key] > 0


def test_the_lights_links_list_the_projects_of_each_light_judged_today(client):
    """The list judges the lights today, as the figures do (both on the same day, here the real one)."""
    made = build_city()
    district = made["districts"][0].code
    client.force_login(user_with_grant(district, roles.DISTRICT_ORG_DEPT))
    period = parse_period("2020")
    for code in (district, made["communities"][0].code):
        figures = own_figures("projects", code, period)
        lights = {key: listed(client, f"projects.{key}", code, period) for key in ("green", "yellow", "red")}
        assert lights == {key: figures[key] for key in lights}
        assert sum(lights.values()) == figures["approved"] > 0
