"""The desk's kept counts: every service leaves them equal to a recount (the autouse fixture of
``conftest.py`` compares them after each test; here each service is run, a matter's change of mode
and each move of a case's status included), and the figures read from them equal the figures
grouped from every case at request time, the computation they replaced, kept here as the
independent count, on random cases at four levels and over random periods."""

import random
from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from alliances.desk import services
from alliances.desk.choices import CaseStatus, ServiceMode
from alliances.desk.models import Case
from alliances.desk.selectors import WORKERS_SHOWN, desk_figures
from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory
from grids.tests.factories import GridFactory, ProblemCategoryFactory
from jilin_grid.aggregates import rollup
from jilin_grid.areas import area_get, area_statistics
from jilin_grid.counts.services import find_drift

from .factories import SocialWorkerFactory, accept, matter_for

pytestmark = pytest.mark.django_db
FAMILIES = ("desk.cases", "desk.workers")
FIGURES = ("taken", "finished", "finished_in_time", "escalated", "in_hand", "overdue", "average_days")


def grouped_desk_figures(area, start=None, end=None, today=None, workers_page=(1, WORKERS_SHOWN)) -> dict:
    """The figures as they were computed before they were kept: every case of the period grouped
    at request time."""
    today = today or timezone.localdate()
    code = area.code
    length = area.child_code_length or len(code)
    cases = Case.objects.all()
    if start:
        cases = cases.filter(accepted_on__gte=start)
    if end:
        cases = cases.filter(accepted_on__lte=end)
    aggregates = {
        "taken": Count("id"),
        "finished": Count("id", filter=Q(status=CaseStatus.FINISHED)),
        "finished_in_time": Count("id", filter=Q(status=CaseStatus.FINISHED, finished_on__lte=F("due_on"))),
        "escalated": Count("id", filter=Q(status=CaseStatus.ESCALATED)),
        "in_hand": Count("id", filter=Q(status=CaseStatus.OPEN)),
        "overdue": Count("id", filter=Q(status=CaseStatus.OPEN, due_on__lt=today)),
        "days": Sum("days_taken"),
    }

    def average(values):
        return round(values["days"] / values["finished"], 1) if values["finished"] else None

    def shown(values):
        return {**{name: values[name] for name in FIGURES if name != "average_days"}, "average_days": average(values)}

    names = list(aggregates)
    own = dict.fromkeys(names, 0)
    children = defaultdict(lambda: dict.fromkeys(names, 0))
    for (prefix,), values in rollup(cases, field="area_code", prefix=code, length=length, **aggregates).items():
        for name, value in values.items():
            own[name] += value
            children[prefix][name] += value
    mode_names = ("taken", "finished", "finished_in_time")
    by_mode = {mode: dict.fromkeys(mode_names, 0) for mode in ServiceMode.values}
    for (_prefix, mode), values in rollup(
        cases, field="area_code", prefix=code, length=len(code), by=("matter__mode",),
        **{name: aggregates[name] for name in mode_names},
    ).items():  # fmt: skip
        for name, value in values.items():
            by_mode[mode][name] += value
    workers = {}
    for (_prefix, worker_id, name, community), values in rollup(
        cases, field="area_code", prefix=code, length=len(code),
        by=("worker_id", "worker__person__name", "worker__community__name"),
        **{name: aggregates[name] for name in ("taken", "finished", "finished_in_time", "days")},
    ).items():  # fmt: skip
        row = workers.setdefault(
            worker_id,
            {"id": worker_id, "name": name, "community": community, "taken": 0, "finished": 0,
             "finished_in_time": 0, "days": 0},
        )  # fmt: skip
        for key, value in values.items():
            row[key] += value
    by_worker = []
    for row in sorted(workers.values(), key=lambda r: (-r["taken"], r["id"])):
        row["average_days"] = average(row)
        del row["days"]
        by_worker.append(row)
    number, size = workers_page
    number = min(number, max(1, -(-len(by_worker) // size)))  # a page past the last shows the last
    labels = dict(ServiceMode.choices)
    return area_statistics(
        area,
        {
            **shown(own),
            "by_mode": [{"mode": mode, "label": str(labels[mode]), **by_mode[mode]} for mode in ServiceMode.values],
            "workers_count": len(by_worker),
            "by_worker": by_worker[(number - 1) * size : number * size],
        },
        lambda child: shown(children[child]) if child in children else shown(dict.fromkeys(names, 0)),
    )


def finish(case, day):
    while services.next_step(case) is not None:
        services.case_advance(case=case, done_on=day)
    return services.case_finish(case=case, finished_on=day)


def test_every_desk_service_keeps_the_counts():
    """Accepting, advancing, finishing, escalating a case and changing a matter's mode: the counts
    equal a recount after each."""
    community = CommunityFactory()
    grid = GridFactory(community=community)
    matter = matter_for(community, mode=ServiceMode.ONE_STOP)
    worker = SocialWorkerFactory(community=community)
    today = timezone.localdate()
    case = accept(community, matter=matter, worker=worker, grid=grid, accepted_on=today - timedelta(days=40))
    assert find_drift(FAMILIES) == []
    services.case_advance(case=case, done_on=today - timedelta(days=39))
    assert find_drift(FAMILIES) == []
    finish(case, today - timedelta(days=30))
    assert find_drift(FAMILIES) == []
    other = accept(community, matter=matter, worker=worker, accepted_on=today - timedelta(days=10))
    services.case_escalate(case=other, category=ProblemCategoryFactory(), description="漏水", grid=grid)
    assert find_drift(FAMILIES) == []
    accept(community, matter=matter, worker=worker, accepted_on=today - timedelta(days=20))  # in hand, overdue
    services.matter_update(matter=matter, mode=ServiceMode.MENU)
    assert find_drift(FAMILIES) == []
    figures = desk_figures(area_get(community.code))
    assert {row["mode"]: row["taken"] for row in figures["by_mode"]}[ServiceMode.MENU] == 3
    assert (figures["finished"], figures["escalated"], figures["in_hand"], figures["overdue"]) == (1, 1, 1, 1)
    assert figures == grouped_desk_figures(area_get(community.code))


def random_desk(rng: random.Random) -> tuple:
    """Two districts, three streets, four communities, random cases in every state over two years."""
    city = CityFactory()
    districts = [DistrictFactory(city=city) for _ in range(2)]
    streets = [StreetFactory(district=districts[0]), StreetFactory(district=districts[0]),
               StreetFactory(district=districts[1])]  # fmt: skip
    communities = [CommunityFactory(street=streets[0]), CommunityFactory(street=streets[0]),
                   CommunityFactory(street=streets[1]), CommunityFactory(street=streets[2])]  # fmt: skip
    today = timezone.localdate()
    category = ProblemCategoryFactory()
    for community in communities:
        grids = [GridFactory(community=community), None]
        matters = [matter_for(community, mode=mode, time_limit_days=rng.choice((3, 10, 30))) for mode in
                   rng.sample(ServiceMode.values, 3)]  # fmt: skip
        workers = [SocialWorkerFactory(community=community) for _ in range(3)]
        for _ in range(rng.randint(8, 14)):
            accepted = today - timedelta(days=rng.randint(0, 700))
            case = accept(community, matter=rng.choice(matters), worker=rng.choice(workers),
                          grid=rng.choice(grids), accepted_on=accepted)  # fmt: skip
            fate = rng.random()
            if fate < 0.45:
                finish(case, min(today, accepted + timedelta(days=rng.randint(0, 40))))
            elif fate < 0.6:
                services.case_escalate(case=case, category=category, description="纠纷", grid=grids[0])
    return city, districts[0], streets[0], communities[0]


def month_start(day: date) -> date:
    return day.replace(day=1)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_kept_figures_equal_the_grouped_figures_on_random_cases(seed):
    rng = random.Random(seed)
    areas = random_desk(rng)
    today = timezone.localdate()
    periods = [
        (None, None),
        (month_start(today - timedelta(days=200)), None),  # whole months to today
        (None, month_start(today) - timedelta(days=1)),  # to the end of last month
        (today - timedelta(days=rng.randint(30, 400)), today - timedelta(days=rng.randint(0, 29))),  # edges
        (today - timedelta(days=12), today),  # within a month or two
        (month_start(today - timedelta(days=100)), month_start(today - timedelta(days=40)) - timedelta(days=1)),
    ]
    for area in areas:
        area = area_get(area.code)
        for start, end in periods:
            assert desk_figures(area, start, end) == grouped_desk_figures(area, start, end), (area.code, start, end)
            # The workers come in pages, in the same order whatever part of the period is kept.
            for page in ((1, 2), (2, 2), (3, 4)):
                assert desk_figures(area, start, end, workers_page=page) == grouped_desk_figures(
                    area, start, end, workers_page=page
                ), (area.code, start, end, page)
    city = area_get(areas[0].code)
    count = desk_figures(city)["workers_count"]
    assert count >= 6
    assert (
        desk_figures(city, workers_page=("last", 4))["by_worker"]
        == grouped_desk_figures(city, workers_page=((count + 3) // 4, 4))["by_worker"]
    )
    # On another day, the cases in hand fall overdue as the day passes their due day.
    later = today + timedelta(days=rng.randint(1, 45))
    assert desk_figures(area_get(areas[0].code), today=later) == grouped_desk_figures(
        area_get(areas[0].code), today=later
    )
