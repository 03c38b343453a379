"""The admin of the No.1 projects opens for superusers, with the project's inlines."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from communities.tests.factories import UserFactory
from projects.reports.models import ReportJob
from projects.tests.factories import MilestoneFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db


def test_every_projects_admin_page_opens(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    progress = ProgressReportFactory()
    MilestoneFactory(project=progress.project)
    ReportJob.objects.create(kind="monthly", period="2020-06", area_code="2202", area_name="吉林市")
    models = [model for model in admin.site._registry if model._meta.app_label == "projects"]
    # projects and their reports (6), service brands (3), assessment (2), report-and-review (2),
    # filing (1), rectification (2), the cockpit's index (1), trends (1), maps (2), notifications (2)
    assert len(models) == 22
    for model in models:
        opts = model._meta
        for view in ("changelist", "add"):
            response = client.get(reverse(f"admin:projects_{opts.model_name}_{view}"))
            if view == "add" and response.status_code == 403:
                # Rows only the portal writes (shapes are imported, trends and notifications taken
                # by the worker): their admin says so rather than offering a form.
                request = RequestFactory().get("/")
                request.user = response.wsgi_request.user
                assert not admin.site._registry[model].has_add_permission(request), opts.label
                continue
            assert response.status_code == 200, (opts.label, view)
    page = client.get(reverse("admin:projects_project_change", args=[progress.project.pk])).content.decode()
    assert "milestones-TOTAL_FORMS" in page
    assert "progress_reports-TOTAL_FORMS" in page
    assert progress.done in page


def test_a_months_earlier_versions_are_shown_read_only_in_the_admin(client):
    from projects.projects import services

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    progress = ProgressReportFactory(done="最初的填报")
    services.progress_report_submit(
        project=progress.project, month=progress.month, percent_complete=50, done="更正后", reason="数字更正"
    )
    page = client.get(reverse("admin:projects_progressreport_change", args=[progress.pk])).content.decode()
    assert "最初的填报" in page and "数字更正" in page
    assert "revisions-0-reason" not in page  # shown, not editable
