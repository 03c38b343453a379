"""The cockpit's cards and rankings against counts made here from the rows themselves, at the four
levels (city, district, street, community) and for two periods; the previous period and the change;
an empty period offering the latest one that is not; the index of the demo's default kind."""

from __future__ import annotations

import pytest
from django.utils import timezone

from grids.problems.choices import ProblemStatus
from grids.problems.models import ResidentProblem
from jilin_grid.areas import area_get
from jilin_grid.figures import parse_period

from ..selectors import cockpit
from .factories import set_index, small_city

pytestmark = pytest.mark.django_db

OPEN = (ProblemStatus.RECORDED, ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS)


@pytest.fixture
def city():
    city = small_city()
    set_index(("problems.overdue", "lower", 70), ("problems.resolved", "higher", 30))
    return city


def counted(prefix: str, month: int) -> dict:
    """Recorded, solved and overdue problems under ``prefix`` recorded in ``month`` of 2020, counted
    in Python from the rows."""
    now = timezone.now()
    rows = [
        row
        for row in ResidentProblem.objects.all()
        if row.area_code.startswith(prefix) and timezone.localtime(row.recorded_at).month == month
    ]
    return {
        "recorded": len(rows),
        "resolved": sum(row.status in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED) for row in rows),
        "overdue": sum(row.status in OPEN and row.due_at < now for row in rows),
    }


def card(document, family: str) -> dict:
    return {item["figure"]: item for item in next(c for c in document["cards"] if c["family"] == family)["figures"]}


def ranking(document, key: str) -> dict:
    return next(r for r in document["rankings"] if r["figure"] == key)


@pytest.mark.parametrize("code", ["2202", "220211", "220211001", "220211001001"])
@pytest.mark.parametrize("month", [6, 5])
def test_cards_and_rankings_equal_the_rows_at_every_level(city, code, month):
    area = area_get(code)
    document = cockpit(area, parse_period(f"2020-{month:02d}"))
    problems = card(document, "problems")
    now, before = counted(code, month), counted(code, month - 1)
    for figure in ("recorded", "resolved", "overdue"):
        assert problems[figure]["value"] == now[figure], figure
        assert problems[figure]["previous"] == before[figure], figure
        assert problems[figure]["change"] == now[figure] - before[figure], figure
    children = {child["code"] for child in document["children"]}
    assert children == {child_code for child_code, _name in _children(code)}
    for figure in ("recorded", "overdue"):
        rows = ranking(document, f"problems.{figure}")["rows"]
        assert {row["code"]: row["value"] for row in rows} == {
            child_code: counted(child_code, month)[figure] for child_code in children
        }
        assert {row["code"]: row["previous"] for row in rows} == {
            child_code: counted(child_code, month - 1)[figure] for child_code in children
        }
    # Overdue: less is better, so the ranking climbs.
    overdue = [row["value"] for row in ranking(document, "problems.overdue")["rows"]]
    assert overdue == sorted(overdue)
    assert {row["code"] for row in document["index"]["rows"]} == children


def _children(code):
    from jilin_grid.areas import area_children

    return area_children(area_get(code))


def test_the_network_is_a_state_without_a_previous_period(city):
    network = card(cockpit(area_get("220211001001"), parse_period("2020-06")), "network")
    assert network["grids"]["value"] == 2
    assert network["grids"]["previous"] is None and network["grids"]["change_is"] is None


def test_the_change_is_better_or_worse_by_the_figures_direction(city):
    """南山社区: overdue 1 in May, 4 in June (worse, though up); solved 3 then 1 (worse, down)."""
    problems = card(cockpit(area_get("220211001001"), parse_period("2020-06")), "problems")
    assert (problems["overdue"]["value"], problems["overdue"]["previous"]) == (4, 1)
    assert (problems["overdue"]["change"], problems["overdue"]["change_is"]) == (3, "worse")
    assert (problems["resolved"]["change"], problems["resolved"]["change_is"]) == (-2, "worse")
    assert problems["recorded"]["change_is"] == "neutral"


def test_a_quarter_and_a_year_add_up_their_months(city):
    quarter = card(cockpit(area_get("220211"), parse_period("2020-Q2")), "problems")
    year = card(cockpit(area_get("220211"), parse_period("2020")), "problems")
    may, june = counted("220211", 5), counted("220211", 6)
    assert quarter["recorded"]["value"] == year["recorded"]["value"] == may["recorded"] + june["recorded"]
    assert quarter["recorded"]["previous"] == 0 and year["recorded"]["previous"] == 0


def test_a_figure_links_to_its_list_filtered_to_the_area_and_period(city):
    problems = card(cockpit(area_get("220211001"), parse_period("2020-06")), "problems")
    link = problems["overdue"]["link"]
    assert link.startswith("/problems/") or "problem" in link
    assert "area=220211001" in link and "recorded_from=2020-06-01" in link and "recorded_to=2020-06-30" in link
    assert "overdue=true" in link


def test_an_empty_period_says_so_and_offers_the_latest_that_is_not(city):
    december = cockpit(area_get("220211"), parse_period("2021-12"))
    assert december["has_data"] is False and december["latest_period"] == "2020-06"
    year = cockpit(area_get("220211"), parse_period("2019"))
    assert year["has_data"] is False and year["latest_period"] == "2020"
    june = cockpit(area_get("220211"), parse_period("2020-06"))
    assert june["has_data"] is True and june["latest_period"] is None


def test_the_rankings_mark_the_worst_street_by_the_composite_index(city):
    """丰满区's two streets: 江南 (overdue 4+0=... in June) against 沿丰; the index picks the worse."""
    document = cockpit(area_get("220211"), parse_period("2020-06"))
    rows = document["index"]["rows"]
    assert [row["code"] for row in rows if row["worst"]] == [rows[-1]["code"]]
    overdue = {row["code"]: row["value"] for row in ranking(document, "problems.overdue")["rows"]}
    assert overdue == {"220211001": counted("220211001", 6)["overdue"], "220211002": counted("220211002", 6)["overdue"]}
    worse = max(overdue, key=overdue.get)
    assert rows[-1]["code"] == worse
    assert rows[-1]["reasons"] and rows[-1]["reasons"][0]["figure"] == "problems.overdue"


def test_a_communitys_children_are_its_grids_and_are_ranked(city):
    document = cockpit(area_get("220211001001"), parse_period("2020-06"))
    rows = ranking(document, "problems.overdue")["rows"]
    assert [(row["code"], row["value"], row["rank"]) for row in rows] == [
        ("220211001001002", 1, 1),
        ("220211001001001", 3, 2),
    ]
    assert all(row["level"] == "grid" for row in rows)


def test_an_indicator_of_a_figure_no_longer_registered_is_left_out(city):
    from ..models import CompositeIndicator

    CompositeIndicator.objects.filter(figure="problems.resolved").update(figure="gone.figure")
    document = cockpit(area_get("220211"), parse_period("2020-06"))
    assert [item["figure"] for item in document["index"]["indicators"]] == ["problems.overdue"]
    assert {row["index"] for row in document["index"]["rows"]} <= {0.0, 50.0, 100.0}


def test_a_districts_own_index_wins_over_the_citys(city):
    set_index(("problems.resolved", "higher", 100), code="220211")
    assert [i["figure"] for i in cockpit(area_get("220211001"), parse_period("2020-06"))["index"]["indicators"]] == [
        "problems.resolved"
    ]
    assert len(cockpit(area_get("220202"), parse_period("2020-06"))["index"]["indicators"]) == 2
