"""The figures' registry (``jilin_grid/figures.py``): periods, and every registered family's
figures equal to what its statistics endpoint answers for the same area and period."""

from __future__ import annotations

from datetime import date

import pytest

from grids.tests.factories import GridFactory
from jilin_grid.areas import area_get
from jilin_grid.figures import (
    BAD_PERIOD,
    MONTH,
    QUARTER,
    YEAR,
    current_period,
    families,
    figure_get,
    figure_keys,
    parse_period,
    read_figures,
)


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "previous"),
    [
        ("2020-06", MONTH, date(2020, 6, 1), date(2020, 6, 30), "2020-05"),
        ("2020-01", MONTH, date(2020, 1, 1), date(2020, 1, 31), "2019-12"),
        ("2020-02", MONTH, date(2020, 2, 1), date(2020, 2, 29), "2020-01"),
        ("2020-Q1", QUARTER, date(2020, 1, 1), date(2020, 3, 31), "2019-Q4"),
        ("2020-Q4", QUARTER, date(2020, 10, 1), date(2020, 12, 31), "2020-Q3"),
        ("2020", YEAR, date(2020, 1, 1), date(2020, 12, 31), "2019"),
    ],
)
def test_a_period_is_read_from_its_label(text, kind, start, end, previous):
    period = parse_period(text)
    assert (period.kind, period.start, period.end, period.label) == (kind, start, end, text)
    assert period.previous().label == previous


@pytest.mark.parametrize(
    "text", ["", "2020-13", "2020-Q5", "20", "2020-6", "0000", "0001-01", "1899", "3000-Q1", "2020-06-01", " 2020"]
)
def test_a_malformed_period_is_refused_in_both_languages(text):
    with pytest.raises(ValueError, match="2020-Q2") as error:
        parse_period(text)
    assert str(error.value) == BAD_PERIOD
    assert "期间" in BAD_PERIOD


def test_the_current_period_holds_today():
    assert current_period(QUARTER, today=date(2026, 12, 5)).label == "2026-Q4"
    assert current_period(today=date(2026, 12, 5)).months == ["2026-12"]


def test_figure_keys_name_their_family():
    keys = figure_keys()
    assert "problems.overdue" in keys and "network.grids" in keys
    family, figure = figure_get("problems.overdue")
    assert family.name == "problems" and figure.better < 0
    with pytest.raises(KeyError):
        figure_get("problems.nothing")


@pytest.mark.django_db
def test_each_family_answers_the_figures_of_its_statistics_endpoint():
    """The area's row and each child's are the endpoint's own figures, read once."""
    GridFactory.create_batch(3)
    area = area_get("2202")
    period = parse_period("2020")
    answer = read_figures(area, period)
    assert set(answer) == {family.name for family in families()}
    for family in families():
        payload = family.read_area(area, period)
        assert answer[family.name]["own"] == {figure.key: figure.value(payload) for figure in family.figures}
        assert [row["code"] for row in answer[family.name]["children"]] == [
            row["area"]["code"] for row in payload["children"]
        ]


# Which way is better, figure by figure, in one place for a reviewer: 1 more is better, -1 less is
# better, 0 neither (a size). A figure added to a family fails here until it is listed.
DIRECTIONS = {
    "network": {
        "communities": 0,
        "grids": 0,
        "grid_party_organizations": 1,
        "grid_workers": 1,
        "grid_chiefs": 1,
        "party_members": 0,
    },
    "projects": {
        "claimed": 1,
        "approved": 0,
        "completed": 1,
        "reporting_rate": 1,
        "green": 1,
        "yellow": -1,
        "red": -1,
    },
    "problems": {
        "recorded": 0,
        "resolved": 1,
        "resolved_in_grid": 1,
        "overdue": -1,
        "escalated": -1,
        "escalated_street": -1,
        "escalated_district": -1,
        "satisfaction_rate": 1,
        "average_hours_to_resolve": -1,
    },
    "alliances": {
        "alliances": 0,
        "member_units": 0,
        "activities": 1,
        "participants": 1,
        "collected": 0,
        "consulted": 1,
        "implemented": 1,
        "evaluated": 1,
        "satisfaction_rate": 1,
    },
    "volunteering": {"members_reported": 1, "service_hours": 1, "person_times": 1, "posts_claimed": 1},
    "assessment": {
        "branches_scored": 0,
        "average_score": 1,
        "five_stars": 1,
        "four_stars": 1,
        "three_stars": 0,
        "two_stars": -1,
        "one_star": -1,
        "below_threshold": -1,
        "review_good": 1,
        "review_fairly_good": 1,
        "review_average": -1,
        "review_poor": -1,
        "not_reported": -1,
        "rectification_identified": 0,
        "rectification_open": -1,
        "rectified": 1,
        "overdue_measures": -1,
    },
    "property": {
        "pilots": 0,
        "compounds": 0,
        "fee_rate": 1,
        "meetings": 1,
        "resolutions": 0,
        "resolutions_done": 1,
        "resolutions_overdue": -1,
    },
    "stations": {
        "stations": 0,
        "service_items": 1,
        "volunteers": 1,
        "events": 1,
        "event_participants": 1,
        "family_stations": 0,
        "family_activities": 1,
    },
    "desk": {
        "taken": 0,
        "finished": 1,
        "finished_in_time": 1,
        "overdue": -1,
        "in_hand": 0,
        "escalated": -1,
        "average_days": -1,
    },
    "brands": {"applications": 1, "scored": 0, "winners": 1, "province_entries": 1, "best_cases": 1},
}
ORDER = {
    "network": 10,
    "projects": 20,
    "problems": 30,
    "alliances": 40,
    "volunteering": 50,
    "assessment": 60,
    "property": 70,
    "stations": 80,
    "desk": 90,
}
UNITS = {"", "%", "h", "d", "score"}


def test_every_figure_has_its_direction():
    registered = {family.name: {figure.key: figure.better for figure in family.figures} for family in families()}
    assert registered == DIRECTIONS


def test_the_families_come_in_the_cockpits_order():
    assert {family.name: family.order for family in families() if family.name in ORDER} == ORDER
    assert [family.name for family in families()] == sorted(DIRECTIONS, key=lambda name: ORDER.get(name, 100))


def test_every_figure_has_a_label_and_a_known_unit():
    for family in families():
        assert str(family.label)
        for figure in family.figures:
            assert figure.unit in UNITS, figure.key
            assert str(figure.label).strip(), figure.key
            # A rate is in percent; the rest are counts, hours, days or scores.
            assert (figure.unit == "%") == figure.key.endswith("rate"), figure.key


# The lists filtered by days: every link of these families gives the period's first and last day.
BY_DAYS = {"problems", "volunteering", "desk"}


def test_every_link_names_the_area_and_the_period_where_its_list_filters_by_it():
    period = parse_period("2020-06")
    for family in families():
        for figure in family.figures:
            if figure.link is None:
                continue
            url = figure.link("220211", period)
            assert "area=220211" in url, url
            if family.name in BY_DAYS:
                assert "2020-06-01" in url and "2020-06-30" in url, url
            if family.name in ("projects", "assessment"):
                assert "year=2020" in url, url


def _activity(size: int, community_code: str) -> None:
    from alliances.tests.factories import ActivityFactory, AllianceFactory, AllianceProblemFactory
    from communities.tests.factories import PartyOrganizationFactory

    alliance = AllianceFactory(lead_organization=PartyOrganizationFactory(area_code=community_code))
    ActivityFactory.create_batch(size, alliance=alliance, held_on=date(2026, 12, 1))
    AllianceProblemFactory.create_batch(size, alliance=alliance, collected_on=date(2026, 12, 2))


def _fill(street, size: int, categories) -> None:
    """``size`` times the rows of several families in a new community of ``street``."""
    from alliances.desk.tests.test_stats_api import fill as desk_fill
    from communities.tests.factories import CommunityFactory
    from grids.problems.tests.test_stats_api import make_problems
    from projects.projects.tests.test_stats_api import make_projects

    community = CommunityFactory(street=street)
    make_problems(GridFactory(community=community), categories, copies=size)
    desk_fill(community, size=size)
    make_projects(community.code, copies=size)
    _activity(size, community.code)


# The queries of every family's figures for the city and a period: the sum of the statistics
# selectors' own (a kept figure is one query, whatever the number of rows); 49 on the demo city
# for a month of 2020 and 50 for a period holding today, as here (the desk counts its cases in hand
# due earlier this month from the rows).
READ_FIGURES_QUERIES = 50


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["2026-12", "2026"])
def test_reading_every_family_costs_the_same_queries_at_tenfold_data(text, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from communities.tests.factories import StreetFactory
    from grids.tests.factories import ProblemCategoryFactory

    street = StreetFactory()
    categories = (
        ProblemCategoryFactory(name="测试物业", position=1),
        ProblemCategoryFactory(name="测试环境", position=2),
    )
    _fill(street, 1, categories)
    city, period = area_get(street.code[:4]), parse_period(text)
    with CaptureQueriesContext(connection) as once:
        small = read_figures(city, period)
    _fill(street, 10, categories)
    with django_assert_max_num_queries(READ_FIGURES_QUERIES):
        large = read_figures(city, period)
    with CaptureQueriesContext(connection) as tenfold:
        read_figures(city, period)
    assert len(once) == len(tenfold)
    assert large["problems"]["own"]["recorded"] == 11 * small["problems"]["own"]["recorded"] > 0
    assert large["alliances"]["own"]["activities"] == 11 * small["alliances"]["own"]["activities"] > 0
