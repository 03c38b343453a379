"""The projects' kept counts: the lights read from them are the lights the database computes, on
any day; writes of progress and milestones, through the services, the admin or a cascade, keep
them equal to the recount (the suite checks that after every test as well)."""

import random
from datetime import date, timedelta

import pytest

from communities.tests.factories import PartyOrganizationFactory
from jilin_grid.counts.services import find_drift
from projects.projects import services
from projects.projects.choices import ProjectStatus
from projects.projects.models import Milestone, ProgressReport, Project
from projects.projects.selectors import FIGURE_KEYS, project_figures, reported_in, with_light
from projects.reports.periods import due_month, previous_month
from projects.tests.factories import MilestoneFactory, ProgressReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def figures_from_rows(code: str, year: int, as_of: date) -> dict[str, int]:
    """The area's figures counted from its projects with the database's light."""
    last_year, last_month = previous_month(as_of)
    projects = reported_in(
        with_light(Project.objects.filter(year=year, area_code__startswith=code), as_of),
        *(
            last_year,
            last_month,
        ),
    )
    due_year, due = due_month(as_of)
    due = 12 if year < due_year else due if year == due_year else 0
    filed = set(ProgressReport.objects.filter(project__in=projects, month=due).values_list("project", flat=True))
    figures = dict.fromkeys(FIGURE_KEYS, 0)
    for project in projects:
        figures["claimed"] += project.status != ProjectStatus.ABANDONED
        figures["showcased"] += project.showcased
        if project.status in ("approved", "completed", "abandoned"):
            figures[project.status] += 1
        if project.light:
            figures[project.light] += 1
        figures["reported_last_month"] += project.status == ProjectStatus.APPROVED and project.reported
        figures["filed_due"] += project.status == ProjectStatus.APPROVED and (
            due < project.start_month or project.pk in filed
        )
    return figures


def random_projects(rng: random.Random, organizations) -> None:
    for organization in organizations:
        project = ProjectFactory(
            organization=organization,
            year=rng.choice([2019, 2020]),
            start_month=rng.randint(1, 6),
            status=rng.choice([ProjectStatus.APPROVED] * 4 + [ProjectStatus.SUBMITTED, ProjectStatus.COMPLETED]),
            closing_summary="已完成",
            showcased=rng.random() < 0.2,
            showcase_writeup="经验做法",
        )
        for month in rng.sample(range(1, 13), rng.randint(0, 4)):
            MilestoneFactory(project=project, month=month)
        percent = 0
        for month in sorted(rng.sample(range(1, 13), rng.randint(0, 12))):
            percent = min(100, percent + rng.randint(0, 20))
            ProgressReportFactory(project=project, month=month, percent_complete=percent)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_kept_lights_are_the_lights_of_the_rows_on_every_day(seed):
    rng = random.Random(seed)
    organizations = [PartyOrganizationFactory() for _ in range(12)]
    random_projects(rng, organizations)
    code = organizations[0].area_code[:4]
    day = date(2019, 1, 1)
    while day < date(2021, 3, 1):
        for year in (2019, 2020):
            kept = project_figures(code=code, child_length=None, year=year, as_of=day).get(code)
            assert kept == figures_from_rows(code, year, day), (year, day)
        day += timedelta(days=rng.randint(1, 9))


def test_the_setting_of_seriously_behind_applies_when_read(settings):
    project = ProjectFactory()
    for month in (6, 12):
        MilestoneFactory(project=project, month=month)
    ProgressReportFactory(project=project, month=6, percent_complete=20)  # 30 points below 50 %
    code = project.area_code
    as_of = date(2020, 7, 10)
    assert project_figures(code=code, child_length=None, year=2020, as_of=as_of)[code]["yellow"] == 1
    settings.PROJECT_SERIOUSLY_BEHIND_POINTS = 20
    assert project_figures(code=code, child_length=None, year=2020, as_of=as_of)[code]["red"] == 1
    assert find_drift() == []


def test_progress_and_milestones_written_through_the_services_move_the_light():
    project = ProjectFactory()
    code, as_of = project.area_code, date(2020, 3, 10)
    figures = lambda: project_figures(code=code, child_length=None, year=2020, as_of=as_of)[code]  # noqa: E731
    assert figures()["red"] == 1  # February's progress is due and missing
    services.progress_report_submit(project=project, month=2, percent_complete=20, done="成立议事会")
    assert (figures()["green"], figures()["red"]) == (1, 0)
    services.progress_report_submit(
        project=project, month=2, percent_complete=1, done="更正", reason="数字填错"
    )  # a correction
    assert figures()["yellow"] == 1  # 1 % against 2 / 12 = 16 %
    services.project_complete(project=project, summary="完成")
    assert (figures()["completed"], figures()["yellow"]) == (1, 0)
    assert find_drift() == []


def test_deletes_of_a_project_with_its_progress_and_of_several_milestones_are_counted_once():
    project = ProjectFactory()
    for month in (3, 6, 9):
        MilestoneFactory(project=project, month=month)
    for month in (1, 2, 3):
        ProgressReportFactory(project=project, month=month, percent_complete=month * 10)
    Milestone.objects.filter(project=project, month__gt=3).delete()  # two rows, one project
    assert find_drift() == []
    other = ProjectFactory(organization=PartyOrganizationFactory(area_code=project.area_code))
    ProgressReportFactory(project=other, month=1, percent_complete=5)
    project.delete()  # cascades to its milestones and progress
    assert find_drift() == []
    Project.objects.all().delete()  # a project and its progress, as a queryset
    assert find_drift() == []
    assert (
        not project_figures(code=project.area_code, child_length=None, year=2020)
        .get(project.area_code, {})
        .get("claimed")
    )


def test_a_progress_report_changed_in_the_admin_is_counted(admin_client):
    project = ProjectFactory()
    report = ProgressReportFactory(project=project, month=1, percent_complete=5)
    response = admin_client.post(f"/admin/projects/progressreport/{report.pk}/delete/", {"post": "yes"}, follow=False)
    assert response.status_code == 302
    assert find_drift() == []
