"""The kept counts: kept at every level and month by the writes, equal to a recount after any
sequence of services, repaired (and recorded) when broken, and read by the statistics.

Every other test of the suite also ends by comparing the kept counts with a recount of its rows
(the ``_kept_counts_hold`` fixture of the root conftest), so each service, view, task and command
the suite runs is proven to keep them in step.
"""

import logging
import random
from collections import Counter as Tally
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from communities import services as communities_services
from communities.choices import PartyOrganizationKind
from communities.tests.factories import CommunityFactory, PartyOrganizationFactory, PersonFactory
from grids.network import services as network_services
from grids.network.choices import ChiefKind, Employment
from grids.network.models import Building, ChiefAssignment, Grid, GridWorker
from grids.problems import services as problem_services
from grids.problems.choices import Evaluation, ProblemStatus
from grids.problems.models import ResidentProblem
from grids.tests.factories import BuildingFactory, GridFactory, ProblemCategoryFactory
from jilin_grid.audit.services import audited_update
from jilin_grid.counts.models import CountDrift, KeptCount
from jilin_grid.counts.registry import COUNTERS
from jilin_grid.counts.selectors import Months, split_months
from jilin_grid.counts.services import cells, count_everything, count_rows, find_drift, recount
from jilin_grid.models import Heartbeat
from jilin_grid.tasks import recount_counts
from projects.projects import services as project_services
from projects.projects.models import Project

pytestmark = pytest.mark.django_db


def kept(family: str, code: str, figure: str, period: str = "") -> int:
    row = KeptCount.objects.filter(family=family, area_code=code, figure=figure, period=period).first()
    return row.value if row else 0


def test_a_write_is_kept_for_its_area_every_area_above_it_its_month_and_all_time():
    grid = GridFactory()
    category = ProblemCategoryFactory()
    at = datetime(2020, 6, 30, 23, 30, tzinfo=timezone.get_current_timezone())  # 15:30 UTC: still June here
    problem = problem_services.problem_record(
        grid=grid, category=category, description="楼道灯坏了", resident_name="王芳", recorded_at=at
    )
    codes = [grid.code[:length] for length in (4, 6, 9, 12, 15)]
    for code in codes:
        assert kept("problems", code, f"{category.pk}:recorded") == 1
        assert kept("problems", code, f"{category.pk}:recorded", "2020-06") == 1
        assert kept("problems", code, f"{category.pk}:recorded", "2020-07") == 0
    assert kept("problems", grid.code[:9], f"{category.pk}:resolved") == 0
    problem_services.problem_accept(problem=problem)
    problem_services.problem_resolve(problem=problem, resolution="换了灯泡", at=at + timedelta(hours=2))
    assert kept("problems", "2202", f"{category.pk}:resolved") == 1
    assert kept("problems", "2202", f"{category.pk}:minutes", "2020-06") == 120
    # Deleting the row takes its contributions away again.
    ResidentProblem.objects.filter(pk=problem.pk).delete()
    assert kept("problems", "2202", f"{category.pk}:recorded") == 0
    assert kept("problems", grid.code, f"{category.pk}:resolved", "2020-06") == 0


def test_bulk_and_conditional_updates_and_moves_are_counted():
    grid = GridFactory()
    other = GridFactory()
    building = BuildingFactory(grid=grid)
    network_services.chief_assign(
        grid=grid, kind=ChiefKind.BUILDING, name="李强", phone="13900000001", building=building
    )
    assert kept("network.chiefs", grid.code, f"kind:{ChiefKind.BUILDING}") == 1
    # The building moves: the chief follows it (carry_area_code, a bulk update) and so do its counts.
    network_services.building_update(building=Building.objects.get(pk=building.pk), grid=other)
    assert kept("network.chiefs", grid.code, f"kind:{ChiefKind.BUILDING}") == 0
    assert kept("network.chiefs", other.code, f"kind:{ChiefKind.BUILDING}") == 1
    # A conditional update outside any service, through the audited update.
    audited_update(ChiefAssignment.objects.filter(grid=other), is_active=False)
    assert kept("network.chiefs", other.code, f"kind:{ChiefKind.BUILDING}") == 0
    assert find_drift() == []


def random_step(rng: random.Random, context: dict) -> None:
    """One service of the portal, chosen at random, on a random row of the small city."""
    grids = list(Grid.objects.filter(is_active=True))
    problems = list(ResidentProblem.objects.all())
    step = rng.choice(
        [
            "record",
            "record",
            "advance",
            "advance",
            "evaluate",
            "escalate",
            "worker",
            "retire_worker",
            "chief",
            "retire_chief",
            "move_building",
            "organization",
            "members",
            "retire_grid",
            "new_grid",
            "claim",
            "review",
            "progress",
            "progress",
            "close",
        ]
    )
    if step == "record" and grids:
        day = date(2020, 1, 1) + timedelta(days=rng.randrange(400))
        problem_services.problem_record(
            grid=rng.choice(grids),
            category=rng.choice(context["categories"]),
            description="路灯不亮",
            resident_name="张伟",
            recorded_at=datetime.combine(day, datetime.min.time(), tzinfo=timezone.get_current_timezone()),
        )
    elif step == "advance" and problems:
        problem = rng.choice(problems)
        if problem.status == ProblemStatus.RECORDED:
            problem_services.problem_accept(problem=problem)
        else:
            problem_services.problem_resolve(problem=problem, resolution="已处理")
    elif step == "evaluate" and problems:
        problem_services.problem_evaluate(problem=rng.choice(problems), evaluation=rng.choice(list(Evaluation)))
    elif step == "escalate" and problems:
        problem_services.problem_escalate(problem=rng.choice(problems), reason="网格解决不了")
    elif step == "worker" and grids:
        network_services.grid_worker_create(
            grid=rng.choice(grids),
            name="刘洋",
            phone=f"139{rng.randrange(10**8):08d}",
            employment=rng.choice(list(Employment)),
        )
    elif step == "retire_worker":
        workers = list(GridWorker.objects.filter(is_active=True))
        if workers:
            network_services.grid_worker_retire(worker=rng.choice(workers))
    elif step == "chief" and grids:
        network_services.chief_assign(
            grid=rng.choice(grids), kind=ChiefKind.GRID, name="赵敏", phone=f"138{rng.randrange(10**8):08d}"
        )
    elif step == "retire_chief":
        chiefs = list(ChiefAssignment.objects.filter(is_active=True))
        if chiefs:
            network_services.chief_retire(chief=rng.choice(chiefs))
    elif step == "move_building" and grids:
        building = rng.choice(context["buildings"])
        building.refresh_from_db()
        target = rng.choice([grid for grid in grids if grid.community_id == building.grid.community_id] or grids)
        network_services.building_update(building=building, grid=target)
    elif step == "organization" and grids:
        grid = rng.choice(grids)
        communities_services.party_organization_create(
            name=f"{grid.name}党支部{rng.randrange(1000)}",
            kind=PartyOrganizationKind.GRID_BRANCH,
            area_code=grid.code,
            member_count=rng.randrange(30),
        )
    elif step == "members":
        organizations = list(context["organizations"])
        if organizations:
            organization = rng.choice(organizations)
            organization.refresh_from_db()
            communities_services.party_organization_update(organization=organization, member_count=rng.randrange(50))
    elif step == "retire_grid" and len(grids) > 2:
        network_services.grid_retire(grid=rng.choice(grids))
    elif step == "claim":
        project_services.project_claim(
            organization=rng.choice(list(context["organizations"])),
            year=2020,
            title="老旧小区物业全覆盖",
            problem="老旧小区无物业",
            goal="引入物业服务",
            measures="三方联动",
            responsible="社区书记",
            milestones=[{"month": month, "description": "阶段目标"} for month in sorted(rng.sample(range(1, 13), 3))],
            start_month=rng.randint(1, 4),
        )
    elif step in ("review", "progress", "close"):
        projects = list(Project.objects.all())
        if projects:
            project = rng.choice(projects)
            if step == "review":
                project_services.project_approve(project=project)
            elif step == "progress":
                project_services.progress_report_submit(
                    project=project,
                    month=rng.randint(1, 12),
                    percent_complete=rng.randint(0, 100),
                    done="推进中",
                    reason="更正",
                )
            else:
                project_services.project_complete(project=project, summary="完成")
    elif step == "new_grid":
        community = rng.choice(context["communities"])
        context["grids_made"] += 1
        number = 900 + context["grids_made"]
        network_services.grid_create(community=community, code=f"{community.code}{number}", name=f"第{number}网格")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_a_random_sequence_of_services_the_kept_counts_equal_the_recount(seed):
    rng = random.Random(seed)
    communities = [CommunityFactory(), CommunityFactory()]
    grids = [GridFactory(community=community) for community in communities for _ in range(3)]
    context = {
        "communities": communities,
        "grids_made": 0,
        "categories": [ProblemCategoryFactory(), ProblemCategoryFactory()],
        "buildings": [BuildingFactory(grid=grid) for grid in grids],
        "organizations": [PartyOrganizationFactory(area_code=community.code) for community in communities],
    }
    refused = 0
    for _ in range(60):
        try:
            random_step(rng, context)
        except ValidationError:
            refused += 1  # a refusal writes nothing, so it must not change a count either
        assert find_drift() == []
    assert refused < 60
    assert KeptCount.objects.exists()


@pytest.mark.kept_counts_may_drift
def test_the_nightly_recount_finds_repairs_and_records_a_broken_count(caplog):
    grid = GridFactory()
    network_services.grid_worker_create(grid=grid, name="陈静", phone="13700000001", employment=Employment.FULL_TIME)
    figure = f"employment:{Employment.FULL_TIME}"
    KeptCount.objects.filter(family="network.workers", area_code=grid.code[:6], figure=figure).update(value=7)
    KeptCount.objects.create(
        family="network.workers",
        area_code=grid.code,
        code_length=15,
        period="",
        figure="employment:ghost",
        value=2,
    )
    with pytest.raises(CommandError) as refused:
        call_command("recount_counts", "--check")
    assert "drifted" in str(refused.value)
    assert kept("network.workers", grid.code[:6], figure) == 7  # --check repairs nothing
    with caplog.at_level(logging.WARNING, logger="jilin_grid.counts"):
        assert recount_counts() == 2
    assert "Kept count drifted and was repaired" in caplog.text
    assert kept("network.workers", grid.code[:6], figure) == 1
    assert kept("network.workers", grid.code, "employment:ghost") == 0
    drifts = {(d.area_code, d.figure): (d.kept, d.counted) for d in CountDrift.objects.all()}
    assert drifts == {(grid.code[:6], figure): (7, 1), (grid.code, "employment:ghost"): (2, 0)}
    assert Heartbeat.objects.get(name="kept-counts-recount").detail == "2"
    assert recount() == []
    assert recount_counts() == 0
    assert Heartbeat.objects.get(name="kept-counts-recount").detail == "0"


def test_count_everything_sets_the_counts_of_rows_written_in_bulk():
    grid = GridFactory()
    people = [PersonFactory(area_code=grid.code) for _ in range(3)]
    GridWorker.objects.bulk_create(
        [
            GridWorker(grid=grid, person=person, employment=Employment.FULL_TIME, area_code=grid.code)
            for person in people
        ]
    )
    assert len(find_drift(["network.workers"])) > 0
    assert count_everything() > 0
    assert find_drift() == []
    assert kept("network.workers", "2202", f"employment:{Employment.FULL_TIME}") == 3


def test_count_everything_writes_what_spreading_each_row_would():
    """The counts are summed per area and month before they are spread to the areas above: the
    same as adding up what each row adds (``cells``)."""
    grid = GridFactory()
    for employment in (Employment.FULL_TIME, Employment.FULL_TIME, Employment.PART_TIME):
        GridWorker.objects.create(
            grid=grid, person=PersonFactory(area_code=grid.code), employment=employment, area_code=grid.code
        )
    counter = COUNTERS["network.workers"]
    by_row = Tally()
    for row in GridWorker.objects.values(*counter.fields):
        by_row.update(cells(counter, row))
    assert count_rows(counter) == {cell: value for cell, value in by_row.items() if value}
    assert by_row[("network.workers", "", "2202", f"employment:{Employment.FULL_TIME}")] == 2


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, Months("0000-00", "9999-99", ())),
        (date(2020, 1, 1), date(2020, 12, 31), Months("2020-01", "2020-12", ())),
        (
            date(2020, 1, 5),
            date(2020, 3, 10),
            Months(
                "2020-02", "2020-02", ((date(2020, 1, 5), date(2020, 1, 31)), (date(2020, 3, 1), date(2020, 3, 10)))
            ),
        ),
        (date(2020, 1, 5), date(2020, 2, 10), Months(None, None, ((date(2020, 1, 5), date(2020, 2, 10)),))),
        (None, date(2020, 2, 29), Months("0000-00", "2020-02", ())),
        (date(2020, 2, 2), None, Months("2020-03", "9999-99", ((date(2020, 2, 2), date(2020, 2, 29)),))),
    ],
)
def test_a_period_splits_into_kept_months_and_edges_read_from_the_rows(start, end, expected):
    assert split_months(start, end) == expected


def test_service_hours_are_kept_in_tenths_by_the_month_served():
    from alliances.tests.factories import ServiceRecordFactory
    from alliances.volunteering import services as volunteering_services

    record = ServiceRecordFactory(served_on=date(2020, 5, 17), hours=Decimal("2.5"))
    figure = f"{record.kind_id}:tenths"
    assert kept("volunteering.service", record.area_code, figure, "2020-05") == 0  # not verified yet
    volunteering_services.service_record_verify(record=record, actor=None)
    assert kept("volunteering.service", record.area_code, figure, "2020-05") == 25
    assert kept("volunteering.service", "2202", f"{record.kind_id}:times") == 1


@pytest.mark.kept_counts_may_drift
def test_the_report_production_page_shows_the_last_recount_and_what_it_repaired(client):
    from django.urls import reverse

    from communities.tests.factories import user_with_grant
    from jilin_grid.scope import Role

    grid = GridFactory()
    network_services.grid_worker_create(grid=grid, name="陈静", phone="13700000001", employment=Employment.PART_TIME)
    client.force_login(user_with_grant("2202", Role.CITY_ORG_DEPT))
    recount_counts()
    page = client.get(reverse("projects:report_production"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-heartbeat="kept-counts-recount"' in page and "Recount of the kept figures" in page
    assert "0 drifted and repaired" in page
    KeptCount.objects.filter(family="network.workers", area_code="2202").update(value=5)
    recount_counts()
    page = client.get(reverse("projects:report_production"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    drift_row = page[page.index('data-testid="count-drift"') :][:600]
    assert ">1<" in drift_row and "network.workers" in drift_row and "5 → 1" in drift_row


@pytest.mark.kept_counts_may_drift
def test_an_administrator_reads_the_drift_in_the_admin_and_cannot_change_it(admin_client):
    grid = GridFactory()
    network_services.grid_worker_create(grid=grid, name="陈静", phone="13700000001", employment=Employment.FULL_TIME)
    KeptCount.objects.filter(family="network.workers", area_code=grid.code).update(value=4)
    recount()
    page = admin_client.get("/admin/jilin_grid/countdrift/")
    assert page.status_code == 200 and grid.code in page.content.decode()
    drift = CountDrift.objects.get(area_code=grid.code)
    assert admin_client.post(f"/admin/jilin_grid/countdrift/{drift.pk}/delete/", {"post": "yes"}).status_code == 403
    assert CountDrift.objects.filter(pk=drift.pk).exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [(None, None), (date(2020, 1, 1), date(2020, 12, 31)), (date(2020, 4, 10), date(2020, 6, 20))],
    ids=["all time", "a year", "days around whole months"],
)
def test_overdue_is_the_kept_open_problems_due_before_this_month_and_the_rows_due_in_it(start, end):
    from grids.problems.selectors import problem_stats
    from grids.tests.factories import ResidentProblemFactory
    from jilin_grid.areas import area_get

    zone = timezone.get_current_timezone()
    now = datetime(2020, 6, 15, 12, 0, tzinfo=zone)
    grid = GridFactory()
    category = ProblemCategoryFactory()

    def problem(recorded: date, due: datetime, status=ProblemStatus.RECORDED):
        return ResidentProblemFactory(
            grid=grid,
            category=category,
            status=status,
            recorded_at=datetime.combine(recorded, datetime.min.time(), tzinfo=zone),
            due_at=due,
        )

    problem(date(2020, 4, 12), datetime(2020, 5, 2, tzinfo=zone))  # due last month: kept
    problem(date(2020, 5, 20), datetime(2020, 6, 1, 8, tzinfo=zone))  # due earlier this month: rows
    problem(date(2020, 6, 18), datetime(2020, 6, 14, tzinfo=zone))  # recorded in June's edge days
    problem(date(2020, 5, 25), datetime(2020, 6, 20, tzinfo=zone))  # due later this month: not yet
    problem(date(2020, 5, 5), datetime(2020, 5, 10, tzinfo=zone), status=ProblemStatus.RESOLVED)  # closed
    problem(date(2019, 3, 1), datetime(2019, 3, 8, tzinfo=zone))  # long ago
    recorded = [
        p
        for p in ResidentProblem.objects.all()
        if (start is None or timezone.localtime(p.recorded_at).date() >= start)
        and (end is None or timezone.localtime(p.recorded_at).date() <= end)
    ]
    expected = sum(1 for p in recorded if p.status != ProblemStatus.RESOLVED and p.due_at < now)
    figures = problem_stats(area_get(grid.code[:9]), start, end, now=now)
    assert figures["overdue"] == expected
    assert sum(child["overdue"] for child in figures["children"]) == expected
    assert figures["recorded"] == len(recorded)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (None, date(166, 6, 19)),
        (date(1, 1, 1), date(1, 1, 5)),
        (date(1, 1, 1), date(9999, 12, 31)),
        (date(9999, 12, 2), None),
        (date(9999, 12, 1), date(9999, 12, 31)),
    ],
)
def test_periods_at_the_ends_of_the_calendar_are_answered(start, end):
    from grids.problems.selectors import problem_stats
    from grids.tests.factories import ResidentProblemFactory
    from jilin_grid.areas import area_get

    problem = ResidentProblemFactory()
    months = split_months(start, end)
    assert all(len(month) == 7 for month in (months.first, months.last) if month)
    figures = problem_stats(area_get(problem.area_code[:9]), start, end)
    everything = start is None or start.year == 1
    assert figures["recorded"] == (1 if everything and (end is None or end.year == 9999) else 0)


def test_a_member_or_cadre_in_two_communities_counts_once_in_the_street_above_them():
    from alliances.cadres.selectors import cadres_figures
    from alliances.tests.factories import CadreAssignmentFactory, MemberReportFactory
    from alliances.volunteering.choices import MemberReportStatus
    from alliances.volunteering.selectors import members_reported

    first = CommunityFactory()
    second = CommunityFactory(street=first.street)
    street = first.street.code
    moved = MemberReportFactory(community=first, status=MemberReportStatus.ENDED, ended_on=date(2020, 5, 1))
    MemberReportFactory(community=second, member=moved.member)
    MemberReportFactory(community=second, status=MemberReportStatus.DECLINED, confirmed_on=None)
    cadre = CadreAssignmentFactory(community=first)
    CadreAssignmentFactory(community=second, cadre=cadre.cadre, department=cadre.department)

    assert members_reported(prefix=street, length=len(first.code)) == {first.code: 1, second.code: 1}
    assert members_reported(prefix=street, length=len(street)) == {street: 1}
    assert members_reported(prefix=street[:4], length=len(street[:4])) == {street[:4]: 1}
    kept = cadres_figures(prefix=street)[street]
    assert kept == {"departments": 1, "cadres": 1, "communities": 2, "checkpoints": 0}
    # The same figures counted from the rows, over a period holding every assignment.
    assert cadres_figures(prefix=street, start=date(2000, 1, 1), end=date(2100, 1, 1))[street] == kept
    moved.member.delete()  # with its reports
    assert members_reported(prefix=street, length=len(street)) == {}
    assert find_drift() == []


@pytest.mark.kept_counts_may_drift
def test_rebuilding_named_families_sets_them_from_the_rows_and_leaves_the_others(capsys):
    """``recount_counts --rebuild FAMILY…`` (an upgrade that changed what a family counts): the
    family's rows are replaced by a count of its rows, figures it no longer counts go, and other
    families, drift included, are left as they are and nothing is recorded as drift."""
    grid = GridFactory()
    network_services.grid_worker_create(grid=grid, name="陈静", phone="13700000001", employment=Employment.FULL_TIME)
    figure = f"employment:{Employment.FULL_TIME}"
    KeptCount.objects.filter(family="network.workers", area_code=grid.code, figure=figure).update(value=7)
    stale = {"area_code": grid.code, "code_length": 15, "period": "", "figure": "no-longer-counted"}
    KeptCount.objects.create(family="network.workers", value=0, **stale)
    KeptCount.objects.create(family="network.grids", value=5, **stale)
    call_command("recount_counts", "--rebuild", "network.workers")
    assert "kept counts written from the rows" in capsys.readouterr().out
    assert kept("network.workers", grid.code, figure) == 1
    assert not KeptCount.objects.filter(family="network.workers", figure="no-longer-counted").exists()
    assert kept("network.grids", grid.code, "no-longer-counted") == 5
    assert not CountDrift.objects.exists()
    KeptCount.objects.filter(family="network.grids", figure="no-longer-counted").delete()
