"""The light rule, case by case, against dates on either side of the deadline."""

from datetime import date

import pytest

from projects.projects.choices import Light, ProjectStatus
from projects.projects.models import Project
from projects.projects.selectors import expected_percent, project_light, with_light
from projects.projects.views import chart_data
from projects.tests.factories import MilestoneFactory, ProgressReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def project_with_plan(**kwargs):
    project = ProjectFactory(**kwargs)
    for month in (3, 6, 9, 12):  # a quarter of the plan each quarter
        MilestoneFactory(project=project, month=month)
    return project


def test_nothing_due_yet_is_green():
    project = project_with_plan(start_month=3)
    assert project_light(project, date(2020, 3, 20)) == Light.GREEN  # February's progress is due: before month 3


def test_missing_progress_after_the_deadline_is_red():
    project = project_with_plan()
    ProgressReportFactory(project=project, month=1, percent_complete=5)
    assert project_light(project, date(2020, 3, 5)) == Light.GREEN  # deadline day: January is due, filed
    assert project_light(project, date(2020, 3, 6)) == Light.RED  # February is now due, not filed


def test_behind_the_milestones_is_yellow_and_far_behind_is_red():
    project = project_with_plan()
    for month, percent in ((1, 5), (2, 8), (3, 12), (4, 14), (5, 15), (6, 16)):
        ProgressReportFactory(project=project, month=month, percent_complete=percent)
    # On 10 April March is due: expected 25% (one of four milestones); 12% is behind.
    assert project_light(project, date(2020, 4, 10)) == Light.YELLOW
    # On 10 July June is due: expected 50%; 16% is more than 30 points behind.
    assert project_light(project, date(2020, 7, 10)) == Light.RED


def test_on_track_is_green():
    project = project_with_plan()
    for month in range(1, 7):
        ProgressReportFactory(project=project, month=month, percent_complete=month * 9)
    assert project_light(project, date(2020, 7, 10)) == Light.GREEN  # 54% against 50%


def test_without_milestones_the_year_is_the_plan():
    project = ProjectFactory()
    ProgressReportFactory(project=project, month=5, percent_complete=30)
    assert project_light(project, date(2020, 6, 10)) == Light.YELLOW  # expected 5/12 = 41%


def test_a_past_year_is_judged_on_december():
    project = project_with_plan()
    ProgressReportFactory(project=project, month=12, percent_complete=100)
    assert project_light(project, date(2021, 8, 1)) == Light.GREEN


@pytest.mark.parametrize(
    "status", [ProjectStatus.SUBMITTED, ProjectStatus.RETURNED, ProjectStatus.COMPLETED, ProjectStatus.ABANDONED]
)
def test_only_approved_projects_have_a_light(status):
    project = project_with_plan(status=status, abandon_reason="x", closing_summary="y")
    assert project_light(project, date(2020, 7, 10)) == ""


def test_deadline_day_is_a_setting(settings):
    project = project_with_plan()
    ProgressReportFactory(project=project, month=1, percent_complete=5)
    settings.PROJECT_PROGRESS_DEADLINE_DAY = 10
    assert project_light(project, date(2020, 3, 8)) == Light.GREEN
    settings.PROJECT_PROGRESS_DEADLINE_DAY = 5
    assert project_light(project, date(2020, 3, 8)) == Light.RED


@pytest.mark.parametrize("months", [(), (3, 6, 9, 12), (2, 5, 7)])
def test_the_chart_expects_what_the_light_expects(months):
    """The project page's chart and the light read the expected progress from one rule: for every
    due month, the chart's value equals the one the database computes (rounded down: 1 of 3
    milestones is 33%, 5 months of 12 are 41%)."""
    project = ProjectFactory()
    for month in months:
        MilestoneFactory(project=project, month=month)
    milestones = list(project.milestones.all())
    chart = chart_data(project, milestones, [])
    for due in range(1, 13):
        as_of = date(2020, due + 1, 10) if due < 12 else date(2021, 1, 10)
        expected = with_light(Project.objects.filter(pk=project.pk), as_of).values_list("expected", flat=True).get()
        assert (
            chart["expected"][due - 1]
            == expected
            == expected_percent(
                milestones_due=sum(1 for m in months if m <= due), milestones_total=len(months), month=due
            )
        )
