"""``GET /api/stats/desk/``: the figures of an area and of its children, checked against a count made
here case by case at four levels (city, district, street, community), the period, the scope, and a
number of queries that does not grow with the data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliances.desk import services
from alliances.desk.choices import CaseStatus, ServiceMode
from alliances.desk.models import Case
from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from grids.tests.factories import GridFactory, ProblemCategoryFactory
from jilin_grid import scope as roles
from jilin_grid.counts.selectors import split_months
from jilin_grid.testing.api import api_client

from .factories import SocialWorkerFactory, accept, matter_for

pytestmark = pytest.mark.django_db
URL = reverse("stats-desk")


def fill(community, *, size: int = 1) -> None:
    """Cases of ``community`` in every state, ``size`` times over: finished in time, finished late,
    in hand (one overdue), turned into a problem; in a grid or not."""
    today = timezone.localdate()
    grid = GridFactory(community=community)
    matters = [matter_for(community, mode=mode) for mode in (ServiceMode.ONE_STOP, ServiceMode.MENU)]
    workers = [SocialWorkerFactory(community=community) for _ in range(2)]
    category = ProblemCategoryFactory()
    for index in range(size):
        matter, worker = matters[index % 2], workers[index % 2]
        in_time = accept(community, matter=matter, worker=worker, grid=grid, accepted_on=today - timedelta(days=30))
        finish(in_time, in_time.accepted_on + timedelta(days=2 + index % 3))
        late = accept(community, matter=matter, worker=workers[0], accepted_on=today - timedelta(days=40))
        finish(late, late.due_on + timedelta(days=4))
        accept(community, matter=matters[1], worker=workers[1], accepted_on=today - timedelta(days=9))  # overdue
        accept(community, matter=matters[0], worker=worker, accepted_on=today)  # in hand
        escalated = accept(community, matter=matter, worker=worker, grid=grid, accepted_on=today - timedelta(days=3))
        services.case_escalate(case=escalated, category=category, description="邻里纠纷")


def finish(case, day):
    for _ in range(case.steps.count()):
        services.case_advance(case=case, done_on=day)
    services.case_finish(case=case, finished_on=day)


def expected(cases) -> dict:
    """The figures counted here, one case at a time."""
    today = timezone.localdate()
    finished = [c for c in cases if c.status == CaseStatus.FINISHED]
    return {
        "taken": len(cases),
        "finished": len(finished),
        "finished_in_time": sum(1 for c in finished if c.finished_on <= c.due_on),
        "escalated": sum(1 for c in cases if c.status == CaseStatus.ESCALATED),
        "in_hand": sum(1 for c in cases if c.status == CaseStatus.OPEN),
        "overdue": sum(1 for c in cases if c.status == CaseStatus.OPEN and c.due_on < today),
        "average_days": round(sum((c.finished_on - c.accepted_on).days for c in finished) / len(finished), 1)
        if finished
        else None,
    }


def under(code):
    return [c for c in Case.objects.select_related("matter") if c.area_code.startswith(code)]


@pytest.fixture
def city():
    city = CityFactory()
    districts = [DistrictFactory(city=city) for _ in range(2)]
    streets = [
        StreetFactory(district=districts[0]),
        StreetFactory(district=districts[0]),
        StreetFactory(district=districts[1]),
    ]
    communities = [CommunityFactory(street=streets[0]), CommunityFactory(street=streets[0]),
                   CommunityFactory(street=streets[1]), CommunityFactory(street=streets[2])]  # fmt: skip
    for index, community in enumerate(communities):
        fill(community, size=1 + index % 2)
    return city, districts, streets, communities


@pytest.mark.parametrize("level", ["city", "district", "street", "community"])
def test_figures_match_an_independent_count_at_every_level(city, level):
    city_, districts, streets, communities = city
    area = {"city": city_, "district": districts[0], "street": streets[0], "community": communities[0]}[level]
    role = {"city": roles.CITY_ORG_DEPT, "district": roles.DISTRICT_ORG_DEPT, "street": roles.STREET_STAFF,
            "community": roles.COMMUNITY_STAFF}[level]  # fmt: skip
    body = api_client(user_with_grant(area.code, role)).get(URL, {"area": area.code}).json()
    own = expected(under(area.code))
    assert own["taken"] > 0 and own["overdue"] > 0 and own["escalated"] > 0
    assert {key: body[key] for key in own} == own
    for row in body["children"]:
        figures = expected(under(row["area"]["code"]))
        assert {key: row[key] for key in figures} == figures, row["area"]
    cases = under(area.code)
    by_mode = {row["mode"]: row for row in body["by_mode"]}
    for mode in ServiceMode.values:
        mine = [c for c in cases if c.matter.mode == mode]
        figures = expected(mine)
        assert by_mode[mode]["taken"] == figures["taken"]
        assert by_mode[mode]["finished_in_time"] == figures["finished_in_time"]
    by_worker = {row["id"]: row for row in body["by_worker"]}
    assert set(by_worker) == {c.worker_id for c in cases}
    for worker_id, row in by_worker.items():
        figures = expected([c for c in cases if c.worker_id == worker_id])
        assert (row["taken"], row["finished"], row["finished_in_time"], row["average_days"]) == (
            figures["taken"], figures["finished"], figures["finished_in_time"], figures["average_days"],
        )  # fmt: skip


def test_the_period_counts_the_cases_accepted_in_it(city):
    city_, *_rest = city
    today = timezone.localdate()
    client = api_client(user_with_grant(city_.code, roles.CITY_ORG_DEPT))
    start = today - timedelta(days=10)
    body = client.get(URL, {"from": start.isoformat(), "to": today.isoformat()}).json()
    assert body["taken"] == len([c for c in Case.objects.all() if c.accepted_on >= start])
    assert client.get(URL, {"from": "2020-13-01"}).status_code == 400
    refused = client.get(URL, {"from": today.isoformat(), "to": start.isoformat()})
    assert refused.status_code == 400 and "from" in refused.json()


def test_a_community_sees_only_its_own_area(city):
    _city, _districts, _streets, communities = city
    client = api_client(user_with_grant(communities[0].code, roles.COMMUNITY_STAFF))
    assert client.get(URL).json()["taken"] == len(under(communities[0].code))
    assert client.get(URL, {"area": communities[1].code}).status_code == 404
    assert client.get(URL, {"area": "22x"}).status_code == 400
    assert api_client().get(URL).status_code == 401


def test_the_queries_do_not_grow_with_the_data():
    street = StreetFactory()
    communities = [CommunityFactory(street=street) for _ in range(2)]
    for community in communities:
        fill(community, size=1)
    client = api_client(user_with_grant(street.district.city.code, roles.CITY_ORG_DEPT))
    client.get(URL)  # the token row is created on first use
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, {"area": street.code}).status_code == 200
    today = timezone.localdate()
    period = {"area": street.code, "from": (today - timedelta(days=35)).isoformat(), "to": today.isoformat()}
    with CaptureQueriesContext(connection) as dated_small:
        assert client.get(URL, period).status_code == 200
    for community in communities:
        fill(community, size=10)
    with CaptureQueriesContext(connection) as dated:
        assert client.get(URL, period).status_code == 200
    # A period reads the kept figures of its whole months and the days at its edges from the rows.
    whole_months = split_months(today - timedelta(days=35), today).first is not None
    assert len(dated.captured_queries) == len(dated_small.captured_queries) == (11 if whole_months else 10)
    with CaptureQueriesContext(connection) as large:
        body = client.get(URL, {"area": street.code}).json()
    assert body["taken"] == 2 * 5 * 11
    # Token, grants, the area and its ancestors (two), the kept figures of the area and its children,
    # the cases in hand due earlier this month, the number of workers and the page of them ranked
    # by their kept cases taken, the page's workers' kept figures and names, the children's names.
    assert len(large.captured_queries) == len(small.captured_queries) == 11


def test_the_social_workers_come_in_pages_most_cases_first(city):
    city_, *_rest = city
    client = api_client(user_with_grant(city_.code, roles.CITY_ORG_DEPT))
    whole = client.get(URL, {"page_size": 500}).json()
    count = whole["workers_count"]
    assert count == len({c.worker_id for c in Case.objects.all()}) == len(whole["by_worker"]) > 3
    assert whole["workers_next"] is None and whole["workers_previous"] is None
    taken = [row["taken"] for row in whole["by_worker"]]
    assert taken == sorted(taken, reverse=True)
    first = client.get(URL, {"page_size": 2}).json()
    second = client.get(first["workers_next"]).json()
    assert first["by_worker"] + second["by_worker"] == whole["by_worker"][:4]
    assert second["workers_previous"] is not None and second["taken"] == whole["taken"]
    last = client.get(URL, {"page_size": 2, "page": "last"}).json()
    assert last["by_worker"] == whole["by_worker"][(count - 1) // 2 * 2 :]
    past = client.get(URL, {"page_size": 2, "page": (count + 1) // 2 + 1})
    assert past.status_code == 404
    assert client.get(URL, {"page": "0"}).status_code == 400
