"""The composite index from its weights, worked out by hand: min–max across the siblings, reversed
where less is better, the middle where all are equal; ties; a sibling set of one; the worst five
and their reasons; the change against the previous period coloured by direction."""

from __future__ import annotations

import pytest

from jilin_grid.figures import HIGHER, LOWER, NEUTRAL, figure_keys

from ..selectors import Indicator, change_of, composite_index, normalised

OVERDUE = "problems.overdue"
SATISFACTION = "problems.satisfaction_rate"


def child(code: str, **values) -> dict:
    keys = {"overdue": OVERDUE, "satisfaction": SATISFACTION}
    return {"code": code, "name": f"社区{code}", "level": "community",
            "values": {keys[key]: value for key, value in values.items()}}  # fmt: skip


INDICATORS = [Indicator(OVERDUE, LOWER, 60), Indicator(SATISFACTION, HIGHER, 40)]


def by_code(rows):
    return {row["code"]: row for row in rows}


def test_the_index_of_a_hand_worked_example():
    """Overdue (less is better, 60) and satisfaction (more is better, 40):
    A: overdue 0 → 1, satisfaction 50 → 0: 60.  B: 10 → 0, 100 → 1: 40.  C: 5 → .5, 75 → .5: 50."""
    rows = composite_index(
        [child("A", overdue=0, satisfaction=50), child("B", overdue=10, satisfaction=100),
         child("C", overdue=5, satisfaction=75)],
        INDICATORS,
    )  # fmt: skip
    assert [(row["code"], row["index"], row["rank"]) for row in rows] == [
        ("A", 60.0, 1),
        ("C", 50.0, 2),
        ("B", 40.0, 3),
    ]
    assert by_code(rows)["A"]["scores"] == {OVERDUE: 1.0, SATISFACTION: 0.0}


def test_less_is_better_is_reversed_and_a_direction_change_reverses_the_ranking():
    children = [child("A", overdue=2), child("B", overdue=8)]
    lower = composite_index(children, [Indicator(OVERDUE, LOWER, 100)])
    higher = composite_index(children, [Indicator(OVERDUE, HIGHER, 100)])
    assert [(row["code"], row["index"]) for row in lower] == [("A", 100.0), ("B", 0.0)]
    assert [(row["code"], row["index"]) for row in higher] == [("B", 100.0), ("A", 0.0)]


def test_equal_values_are_the_middle_and_share_a_rank():
    rows = composite_index([child("A", overdue=3), child("B", overdue=3), child("C", overdue=9)],
                           [Indicator(OVERDUE, LOWER, 100)])  # fmt: skip
    assert [(row["code"], row["index"], row["rank"]) for row in rows] == [
        ("A", 100.0, 1),
        ("B", 100.0, 1),
        ("C", 0.0, 3),
    ]
    all_equal = composite_index([child("A", overdue=4), child("B", overdue=4)], [Indicator(OVERDUE, LOWER, 100)])
    assert [row["index"] for row in all_equal] == [50.0, 50.0]
    assert normalised([7, 7, 7], HIGHER) == [0.5, 0.5, 0.5]


def test_a_sibling_set_of_one_is_the_middle_and_never_the_worst():
    (row,) = composite_index([child("A", overdue=12, satisfaction=20)], INDICATORS)
    assert (row["index"], row["rank"], row["worst"], row["reasons"]) == (50.0, 1, False, [])


def test_a_missing_value_is_the_middle():
    assert normalised([None, 0, 10], HIGHER) == [0.5, 0.0, 1.0]
    assert normalised([None, None], LOWER) == [0.5, 0.5]


def test_the_worst_five_are_marked_with_the_indicators_where_they_fall_furthest_behind():
    # Eight communities: overdue 0..7 (less is better), satisfaction the same for all but H.
    children = [child(code, overdue=n, satisfaction=80) for n, code in enumerate("ABCDEFGH")]
    children[-1]["values"][SATISFACTION] = 40
    rows = composite_index(children, INDICATORS)
    worst = [row["code"] for row in rows if row["worst"]]
    assert worst == ["D", "E", "F", "G", "H"]
    assert sum(row["worst"] for row in rows) == 5
    h = by_code(rows)["H"]
    # H is furthest behind on overdue (0 against the average .5: .5 behind) and on satisfaction
    # (0 against 7/8: .875 behind): satisfaction first.
    assert [reason["figure"] for reason in h["reasons"]] == [SATISFACTION, OVERDUE]
    assert h["reasons"][1]["value"] == 7 and h["reasons"][1]["average"] == 3.5
    assert "7" in h["reasons"][1]["text"] and "3.5" in h["reasons"][1]["text"]
    # G is behind on overdue only: ahead of H on satisfaction, which was not its fault.
    assert [reason["figure"] for reason in by_code(rows)["G"]["reasons"]] == [OVERDUE]
    # The best are never given reasons.
    assert by_code(rows)["A"]["reasons"] == []


def test_with_fewer_than_six_children_the_best_is_never_marked():
    rows = composite_index([child(code, overdue=n) for n, code in enumerate("ABC")], [Indicator(OVERDUE, LOWER, 100)])
    assert [row["code"] for row in rows if row["worst"]] == ["B", "C"]


@pytest.mark.parametrize(
    ("value", "previous", "better", "expected"),
    [
        (5, 3, LOWER, (2, "worse")),  # more overdue: worse, though the number went up
        (3, 5, LOWER, (-2, "better")),
        (90.0, 80.0, HIGHER, (10.0, "better")),
        (70, 80, HIGHER, (-10, "worse")),
        (12, 10, NEUTRAL, (2, "neutral")),
        (4, 4, LOWER, (0, "same")),
        (None, 4, LOWER, (None, None)),
        (4, None, HIGHER, (None, None)),
    ],
)
def test_the_change_is_coloured_by_the_figures_direction_not_its_sign(value, previous, better, expected):
    assert change_of(value, previous, better) == expected


def test_the_default_index_sums_to_100_with_registered_figures():
    from importlib import import_module

    default = import_module("projects.migrations.0014_cockpit_default_index").DEFAULT_INDICATORS
    assert sum(weight for _figure, _better, weight in default) == 100
    assert {figure for figure, _better, _weight in default} <= set(figure_keys())


def test_a_figure_a_child_has_no_value_of_is_its_siblings_middle_and_no_reason():
    """C has no satisfaction yet (nothing evaluated): the middle of its siblings, not a reason."""
    rows = by_code(
        composite_index(
            [child("A", overdue=0, satisfaction=100), child("B", overdue=1, satisfaction=40),
             child("C", overdue=2)],
            INDICATORS,
        )
    )  # fmt: skip
    assert rows["C"]["scores"][SATISFACTION] == 0.5
    assert rows["C"]["worst"]
    assert [reason["figure"] for reason in rows["C"]["reasons"]] == [OVERDUE]
