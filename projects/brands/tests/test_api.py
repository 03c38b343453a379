"""The service brand API: explicit actions with their refusals, scoping, and the statistics
endpoint against counts made here in plain Python, with its queries the same at 1x and 10x data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.tests.factories import CommunityFactory, StreetFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.testing.api import APITestCases, api_client, child_area_codes
from projects.brands.choices import ProvinceOutcome, RoundStatus
from projects.brands.models import BrandApplication, BrandScore, SelectionRound
from projects.tests.factories import BrandApplicationFactory, BrandScoreFactory, SelectionRoundFactory

ROUNDS = reverse("brand-round-list")
APPLICATIONS = reverse("brand-application-list")
ARTICLES = reverse("showcase-article-list")
STATS = reverse("stats-brands")


class TestBrandApplicationAPI(APITestCases.Read):
    """The generated reads: own area only, 404 outside, readers read, the list's queries stay put."""

    model = BrandApplication
    basename = "brand-application"
    max_list_queries = 5  # token, grants, count, rows, their No.1 projects

    def grant_code(self, area) -> str:
        return area.street.code  # one application per community and round: the rows are the street's

    def make_object(self, area):
        return BrandApplicationFactory(community=CommunityFactory(street=area.street))


def action_url(application, name: str) -> str:
    return reverse(f"brand-application-{name}", args=[application.pk])


def test_only_the_city_opens_and_closes_rounds(people):
    body = {"year": 2021, "theme": "服务提升树品牌", "judges": [people["judge"].pk]}
    assert api_client(people["district"]).post(ROUNDS, body, format="json").status_code == 403
    response = api_client(people["organizer"]).post(ROUNDS, body, format="json")
    assert response.status_code == 201 and response.data["status"] == RoundStatus.OPEN
    again = api_client(people["organizer"]).post(ROUNDS, body, format="json")
    assert again.status_code == 400 and "year" in again.data
    close = reverse("brand-round-close", args=[response.data["id"]])
    assert api_client(people["staff"]).post(close).status_code == 403
    assert api_client(people["organizer"]).post(close).data["status"] == RoundStatus.CLOSED
    assert api_client(people["organizer"]).post(close).status_code == 400


def test_everyone_reads_the_citys_rounds(selection_round, people):
    for user in (people["staff"], people["gridworker"], people["district"]):
        assert [row["id"] for row in api_client(user).get(ROUNDS).data["results"]] == [selection_round.pk]


def test_community_staff_apply_for_their_own_community_only(selection_round, places, people):
    client = api_client(people["staff"])
    body = {"round": selection_round.pk, "name": "家·党建", "description": "楼院家庭站点"}
    response = client.post(APPLICATIONS, {**body, "community": places["community"].pk}, format="json")
    assert response.status_code == 201 and response.data["area_code"] == places["community"].code
    outside = client.post(APPLICATIONS, {**body, "community": places["far"].pk}, format="json")
    assert outside.status_code == 400 and "community" in outside.data
    twice = client.post(APPLICATIONS, {**body, "community": places["community"].pk}, format="json")
    assert twice.status_code == 400 and "community" in twice.data


def test_applications_are_scoped_and_judges_read_the_round(selection_round, places, people):
    own = BrandApplicationFactory(round=selection_round, community=places["community"])
    far = BrandApplicationFactory(round=selection_round, community=places["far"])
    ids = {row["id"] for row in api_client(people["staff"]).get(APPLICATIONS).data["results"]}
    assert ids == {own.pk}
    assert api_client(people["staff"]).get(reverse("brand-application-detail", args=[far.pk])).status_code == 404
    ids = {row["id"] for row in api_client(people["judge"]).get(APPLICATIONS).data["results"]}
    assert ids == {own.pk, far.pk}


def test_score_winner_and_province_actions(selection_round, places, people):
    application = BrandApplicationFactory(round=selection_round, community=places["community"])
    judge = api_client(people["judge"])
    assert judge.post(action_url(application, "score"), {"score": 90}, format="json").status_code == 400  # open
    SelectionRound.objects.filter(pk=selection_round.pk).update(status=RoundStatus.CLOSED)
    organizer = api_client(people["organizer"])
    refused = organizer.post(action_url(application, "winner"))
    assert refused.status_code == 400  # not scored yet
    assert judge.post(action_url(application, "score"), {"score": 101}, format="json").status_code == 400
    response = judge.post(action_url(application, "score"), {"score": 90, "comment": "好"}, format="json")
    assert response.status_code == 200 and response.data["average"] == 90 and response.data["score_count"] == 1
    assert judge.post(action_url(application, "score"), {"score": 80}, format="json").status_code == 400
    response = api_client(people["judge2"]).post(action_url(application, "score"), {"score": 80}, format="json")
    assert response.data["average"] == 85
    assert api_client(people["staff"]).post(action_url(application, "score"), {"score": 80}).status_code == 403
    body = {"province_outcome": ProvinceOutcome.BEST_CASE}
    refused = organizer.post(action_url(application, "province"), body, format="json")
    assert refused.status_code == 400 and "province_outcome" in refused.data
    assert api_client(people["district"]).post(action_url(application, "winner")).status_code == 403
    assert organizer.post(action_url(application, "winner")).data["is_winner"] is True
    response = organizer.post(action_url(application, "province"), body, format="json")
    assert response.status_code == 200 and response.data["province_outcome"] == ProvinceOutcome.BEST_CASE
    assert BrandScore.objects.filter(application=application).count() == 2


def test_only_the_city_publishes_and_everyone_reads_the_column(selection_round, places, people):
    application = BrandApplicationFactory(round=selection_round, community=places["community"])
    body = {"title": "三方联动", "body": "正文", "published_on": "2020-12-01", "brand": application.pk}
    assert api_client(people["staff"]).post(ARTICLES, body, format="json").status_code == 403
    assert api_client(people["organizer"]).post(ARTICLES, {**body, "brand": None}, format="json").status_code == 400
    assert api_client(people["organizer"]).post(ARTICLES, body, format="json").status_code == 201
    older = {**body, "title": "更早", "published_on": "2020-11-01"}
    assert api_client(people["organizer"]).post(ARTICLES, older, format="json").status_code == 201
    titles = [row["title"] for row in api_client(people["gridworker"]).get(ARTICLES).data["results"]]
    assert titles == ["三方联动", "更早"]


# Statistics -------------------------------------------------------------------------------------


def grow(places, people, rounds, copies: int) -> None:
    """In each of ``copies`` new communities of both districts: an application per round, scored
    or not, some winners, some put forward to the province."""
    for copy in range(copies):
        for district in ("east", "west"):
            community = CommunityFactory(street=StreetFactory(district=places[district]))
            for index, selection_round in enumerate(rounds):
                kind = (copy + index) % 4
                application = BrandApplicationFactory(
                    round=selection_round,
                    community=community,
                    is_winner=kind >= 2,
                    province_outcome=["", "", ProvinceOutcome.ENTERED, ProvinceOutcome.BEST_CASE][kind],
                )
                if kind >= 1:
                    BrandScoreFactory(application=application, judge=people["judge"])
                    BrandScoreFactory(application=application, judge=people["judge2"])


def counted(code: str, year: int) -> dict:
    rows = [a for a in BrandApplication.objects.filter(round__year=year) if a.area_code.startswith(code)]
    rounds = [
        r
        for r in SelectionRound.objects.filter(year=year)
        if code.startswith(r.area_code) or r.area_code.startswith(code)
    ]
    return {
        "rounds": len(rounds),
        "applications": len(rows),
        "scored": sum(1 for a in rows if a.scores.exists()),
        "winners": sum(1 for a in rows if a.is_winner),
        "province_entries": sum(1 for a in rows if a.province_outcome),
        "best_cases": sum(1 for a in rows if a.province_outcome == ProvinceOutcome.BEST_CASE),
    }


@pytest.fixture
def city_rounds(selection_round):
    return [selection_round, SelectionRoundFactory(year=2019)]


def test_stats_match_an_independent_count(city_rounds, places, people):
    grow(places, people, city_rounds, 4)
    client = api_client(people["organizer"])
    for code in ("2202", places["east"].code):
        answer = client.get(STATS, {"year": 2020, "area": code}).data
        figures = {key: answer[key] for key in counted(code, 2020)}
        assert figures == counted(code, 2020) and figures["applications"] > 0
        assert {row["area"]["code"] for row in answer["children"]} == child_area_codes(code)
        for row in answer["children"]:
            assert {key: row[key] for key in figures} == counted(row["area"]["code"], 2020)
    assert client.get(STATS, {"year": 2019}).data["applications"] == counted("2202", 2019)["applications"]


def test_stats_refusals_and_scope(city_rounds, places, people):
    client = api_client(people["staff"])
    assert client.get(STATS, {"year": "20"}).status_code == 400
    assert client.get(STATS, {"area": "22"}).status_code == 400
    assert client.get(STATS, {"area": places["far"].code}).status_code == 404
    assert client.get(STATS, {"year": 2020}).data["area"]["code"] == places["community"].code
    assert api_client().get(STATS).status_code in (401, 403)


def test_stats_queries_do_not_grow_with_the_data(city_rounds, places, people):
    client = api_client(user_with_grant("2202", roles.API_READER))
    grow(places, people, city_rounds, 1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(STATS, {"year": 2020}).status_code == 200
    grow(places, people, city_rounds, 9)
    with CaptureQueriesContext(connection) as large:
        answer = client.get(STATS, {"year": 2020}).data
    assert answer["applications"] == 20
    assert len(large) == len(small)
