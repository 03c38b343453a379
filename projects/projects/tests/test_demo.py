"""The demo No.1 projects: the document's 713 claims of 2020 with a year of monthly progress.

The demo city is built once for the module with the fixture of the city's own tests (which
runs every demo builder, so the projects come with it); the checks here are plain queries,
independent of the builder.
"""

import hashlib
from datetime import date
from io import StringIO

from auditlog.context import disable_auditlog
from django.db.models import Count, Q
from django.utils import translation
from django.utils.timezone import localtime

from jilin_grid.demo import build_demo
from jilin_grid.testing.demo import DEMO_PASSWORD as PASSWORD
from projects.projects.choices import ACTIVE_STATUSES, Light, ProjectEventKind, ProjectStatus
from projects.projects.demo import CLAIMED, YEAR, build_demo_projects
from projects.projects.models import Milestone, ProgressReport, Project, ProjectEvent
from projects.projects.selectors import project_figures, with_light


def content_hash() -> str:
    digest = hashlib.sha256()
    for row in Project.objects.order_by("organization__area_code", "organization__name", "title").values_list(
        "organization__area_code", "organization__name", "title", "status", "start_month", "showcased", "closed_at"
    ):
        digest.update(repr(row).encode())
    for row in ProgressReport.objects.order_by(
        "project__organization__area_code", "project__organization__name", "project__title", "month"
    ).values_list("project__title", "month", "percent_complete", "done", "submitted_at"):
        digest.update(repr(row).encode())
    for row in ProjectEvent.objects.order_by("project__title", "at", "kind").values_list(
        "project__title", "kind", "at", "note"
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def test_the_document_713_claims_with_a_year_of_progress(demo, db):
    projects = Project.objects.filter(year=YEAR)
    claims = projects.exclude(status=ProjectStatus.ABANDONED)
    assert claims.count() == CLAIMED == 713
    assert project_figures(code="2202", child_length=None, year=YEAR, as_of=date(2020, 7, 10))["2202"]["claimed"] == 713
    # One active claim per organization and year; the abandoned ones were replaced by a new claim.
    per_organization = projects.filter(status__in=ACTIVE_STATUSES).values("organization").annotate(n=Count("id"))
    assert per_organization.count() == 713 and max(row["n"] for row in per_organization) == 1
    abandoned = projects.filter(status=ProjectStatus.ABANDONED)
    assert 1 <= abandoned.count() <= 10
    assert not abandoned.filter(abandon_reason="").exists()
    assert all(claims.filter(organization=project.organization).exists() for project in abandoned)
    # Claimants across the city: every community's organization, then streets' and districts'.
    levels = {length: claims.filter(area_code__length=length).count() for length in (6, 9, 12)}
    assert levels[6] == 9 and levels[9] == 72 and levels[12] == 713 - 81
    # Approved in January or February; each has 3 to 5 milestones and progress.
    approvals = ProjectEvent.objects.filter(project__year=YEAR, kind=ProjectEventKind.APPROVED)
    assert approvals.count() == projects.count()
    assert (
        approvals.filter(at__lt="2020-03-01T00:00+08:00").count() == 713
    )  # every first claim; the replacements came in spring
    assert approvals.filter(at__lt="2020-01-01T00:00+08:00").count() == 0
    milestones = Milestone.objects.filter(project__year=YEAR).values("project").annotate(n=Count("id"))
    assert milestones.count() == projects.count()
    assert {row["n"] for row in milestones} <= {3, 4, 5}
    assert not projects.filter(status=ProjectStatus.APPROVED, progress_reports__isnull=True).exists()
    assert ProgressReport.objects.filter(project__year=YEAR).count() > 10 * 600
    assert projects.filter(events__kind=ProjectEventKind.RETURNED).filter(events__kind=ProjectEventKind.REVISED).count()


def test_lights_completion_showcase_deadlines_and_history(demo, db, settings):
    projects = Project.objects.filter(year=YEAR)
    lights = dict(
        with_light(projects, date(2020, 7, 10)).values_list("light").annotate(n=Count("id")).values_list("light", "n")
    )
    assert lights[Light.GREEN] > lights[Light.YELLOW] > 0 and lights[Light.RED] > 0
    assert lights[Light.GREEN] > 0.6 * 713
    completed = projects.filter(status=ProjectStatus.COMPLETED)
    assert 0.08 * 713 <= completed.count() <= 0.12 * 713
    assert not completed.filter(closing_summary="").exists()
    assert completed.filter(progress_reports__percent_complete=100).count() == completed.count()
    showcased = projects.filter(showcased=True)
    assert 15 <= showcased.count() <= 25 and not showcased.filter(showcase_writeup="").exists()
    # Some progress came after the deadline day, most before it; every step is in the history.
    deadline = settings.PROJECT_PROGRESS_DEADLINE_DAY
    progress = ProgressReport.objects.filter(project__year=YEAR, month__lt=12)
    late = sum(
        1
        for month, submitted in progress.values_list("month", "submitted_at")
        if (localtime(submitted).month, localtime(submitted).day) > (month + 1, deadline)
    )
    assert 0.02 * progress.count() < late < 0.2 * progress.count()
    events = ProjectEvent.objects.filter(project__year=YEAR)
    assert (
        events.filter(kind=ProjectEventKind.PROGRESS).count()
        == ProgressReport.objects.filter(project__year=YEAR).count()
    )
    assert events.filter(kind=ProjectEventKind.CLAIMED).count() == projects.count()
    assert events.filter(kind=ProjectEventKind.SHOWCASED).count() == showcased.count()
    assert events.filter(kind=ProjectEventKind.COMPLETED).count() == completed.count()
    assert not events.filter(Q(at__lt="2020-01-01T00:00+08:00") | Q(at__gte="2021-01-01T00:00+08:00")).exists()
    titles = list(projects.values_list("title", flat=True))
    assert any("红心物业" in title for title in titles) and any("红色驿站" in title for title in titles)
    assert any("防走失二维码" in title for title in titles) and any("十分钟便民服务圈" in title for title in titles)


def test_running_again_adds_nothing(demo, db):
    before = (Project.objects.count(), ProgressReport.objects.count(), ProjectEvent.objects.count())
    assert build_demo_projects()["created"] == 0
    out = StringIO()
    with translation.override("en"):
        summary = build_demo(scale=1, password=PASSWORD, stdout=out)
    assert (Project.objects.count(), ProgressReport.objects.count(), ProjectEvent.objects.count()) == before
    assert (713, "2020 年认领的书记一号工程") in [(count, str(label)) for count, label in summary["more"]]


def test_a_city_seeded_before_the_projects_gets_the_same_projects(demo, db):
    """A database with the city but without projects: seeding again adds them, the same every time."""
    before = content_hash()
    with disable_auditlog():  # no person's change: not one audit entry a row, as the builder writes them
        Project.objects.all().delete()
    build_demo(scale=1, password=PASSWORD)
    assert Project.objects.filter(year=YEAR).exclude(status=ProjectStatus.ABANDONED).count() == 713
    assert content_hash() == before
