"""The alliances' figures for the cockpit, against the rows counted here, at every level, for a
month and a year, and for days that cut months (counted from the rows at the edges); and the
alliances' list behind their figure."""

from __future__ import annotations

from datetime import date

import pytest

from alliances.loop.choices import ProblemStep
from alliances.loop.models import Activity, Alliance, AllianceProblem
from alliances.loop.selectors import alliance_stats
from alliances.tests.factories import ActivityFactory, AllianceFactory, AllianceProblemFactory
from communities.tests.factories import CommunityFactory, PartyOrganizationFactory, StreetFactory, user_with_grant
from grids.problems.choices import SATISFIED_EVALUATIONS, Evaluation
from jilin_grid import scope as roles
from jilin_grid.areas import area_get
from jilin_grid.figures import parse_period
from jilin_grid.testing.figures import levels, listed, own_figures

pytestmark = pytest.mark.django_db

STEPS = list(ProblemStep.values)
DAYS = [date(2020, 5, 31), date(2020, 6, 1), date(2020, 6, 17), date(2020, 6, 30), date(2020, 7, 1), date(2019, 6, 9)]


@pytest.fixture
def communities():
    """Alliances in two communities of one street and in a community of another street, with
    activities and problems around June 2020."""
    street = StreetFactory()
    communities = [
        CommunityFactory(street=street),
        CommunityFactory(street=street),
        CommunityFactory(street=StreetFactory(district=street.district)),
    ]
    for position, community in enumerate(communities):
        alliance = AllianceFactory(lead_organization=PartyOrganizationFactory(area_code=community.code))
        for index, day in enumerate(DAYS[position:]):
            ActivityFactory(alliance=alliance, held_on=day, participants=10 * (index + 1) + position)
            step = STEPS[(index + position) % len(STEPS)]
            evaluation = [Evaluation.SATISFIED, Evaluation.DISSATISFIED][index % 2] if step == "evaluated" else ""
            AllianceProblemFactory(alliance=alliance, collected_on=day, step=step, evaluation=evaluation)
    AllianceFactory(lead_organization=PartyOrganizationFactory(area_code=communities[0].code), is_active=False)
    return communities


def counted(code: str, start: date, end: date) -> dict:
    """The figures worked out from the rows, in plain Python."""
    activities = [
        row for row in Activity.objects.all() if row.area_code.startswith(code) and start <= row.held_on <= end
    ]
    problems = [
        row
        for row in AllianceProblem.objects.all()
        if row.area_code.startswith(code) and start <= row.collected_on <= end
    ]
    evaluations = [row for row in problems if row.evaluation]
    satisfied = sum(row.evaluation in SATISFIED_EVALUATIONS for row in evaluations)
    return {
        "alliances": sum(row.is_active and row.area_code.startswith(code) for row in Alliance.objects.all()),
        "activities": len(activities),
        "participants": sum(row.participants for row in activities),
        **{step: sum(STEPS.index(row.step) >= STEPS.index(step) for row in problems) for step in STEPS},
        "satisfaction_rate": round(100 * satisfied / len(evaluations), 1) if evaluations else None,
    }


@pytest.mark.parametrize("text", ["2020-06", "2020"])
def test_the_figures_are_the_rows_at_every_level(communities, text):
    period = parse_period(text)
    for code in levels(communities[0].code):
        figures = own_figures("alliances", code, period)
        expected = counted(code, period.start, period.end)
        assert {key: figures[key] for key in expected} == expected, (code, text)
    june = own_figures("alliances", communities[0].code, parse_period("2020-06"))
    assert (june["activities"], june["collected"]) == (3, 3)


def test_days_cutting_months_are_counted_from_the_rows(communities):
    start, end = date(2020, 5, 31), date(2020, 6, 17)
    street = area_get(communities[0].code[:9])
    data = alliance_stats(street, start, end)
    expected = counted(street.code, start, end)
    assert (data["activities"], data["activity_participants"], data["loop"]["collected"]) == (
        expected["activities"],
        expected["participants"],
        expected["collected"],
    )
    for child in data["children"]:
        assert child["activities"] == counted(child["area"]["code"], start, end)["activities"]


def test_without_a_period_the_figures_are_of_all_time(communities):
    city = area_get(communities[0].code[:4])
    assert alliance_stats(city)["activities"] == Activity.objects.count() == 15


def test_the_alliances_link_lists_the_active_alliances(client, communities):
    client.force_login(user_with_grant(communities[0].code[:9], roles.STREET_STAFF))
    period = parse_period("2020-06")
    for code in (communities[0].code[:9], communities[0].code):
        assert (
            listed(client, "alliances.alliances", code, period) == counted(code, period.start, period.end)["alliances"]
        )
