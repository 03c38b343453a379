"""The monthly progress form keeps what was typed: a refusal shows the form again, open, with the
message beside its field (400); a month already filed is shown as such and filing it again asks
why, keeping the earlier version; attachments sent with a refused form stay attached."""

import re

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from communities.tests.factories import user_with_grant
from jilin_grid.scope import Role
from jilin_grid.testing.api import api_client
from jilin_grid.testing.files import picture
from projects.projects.choices import ProjectEventKind, ProjectStatus
from projects.projects.models import ProgressAttachment, ProgressReport, ProgressRevision
from projects.projects.tests.test_views import action_url, project_in


def detail_url(project):
    return reverse("projects:project_detail", args=[project.pk])


def progress_form(content: str) -> str:
    """The HTML of the progress form on the project page."""
    match = re.search(r'<form[^>]*data-action-form="progress".*?</form>', content, re.S)
    assert match, "no progress form on the page"
    return match.group(0)


def field_errors(content: str, name: str) -> list[str]:
    return re.findall(rf'<div class="invalid-feedback d-block" data-field="{name}">(.*?)</div>', content, re.S)


def test_a_refused_progress_keeps_what_was_typed_beside_the_field(client, world, people):
    project = project_in(world.community, status=ProjectStatus.APPROVED)
    client.force_login(people["staff"])
    response = client.post(
        action_url(project, "progress"),
        {"month": "3", "percent_complete": "150", "done": "召开居民议事会", "problems": "经费不足"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    form = progress_form(content)
    assert 'id="action-progress"' in content and 'class="collapse mt-3 show" id="action-progress"' in content
    assert 'value="150"' in form
    assert "召开居民议事会" in form and "经费不足" in form
    assert field_errors(form, "percent_complete")
    assert not project.progress_reports.exists()


def test_a_service_refusal_lands_beside_its_field(client, world, people):
    project = project_in(world.community, status=ProjectStatus.APPROVED)
    client.force_login(people["staff"])
    upload = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        action_url(project, "progress"),
        {"month": "3", "percent_complete": "35", "done": "召开会议", "attachments": [upload]},
    )
    assert response.status_code == 400
    errors = field_errors(progress_form(response.content.decode()), "attachments")
    assert errors and "virus.exe" in errors[0]
    # A refused file is not held for the next submit.
    assert 'data-testid="held-upload"' not in response.content.decode()


def test_the_form_shows_the_months_filed_and_the_chosen_months_figures(client, world, people):
    project = project_in(world.community, status=ProjectStatus.APPROVED, start_month=1)
    client.force_login(people["staff"])
    client.post(action_url(project, "progress"), {"month": "1", "percent_complete": "20", "done": "入户走访"})
    with translation.override("en"):
        response = client.get(detail_url(project), HTTP_ACCEPT_LANGUAGE="en")
    form = progress_form(response.content.decode())
    filed = re.search(r'data-testid="filed-months">(.*?)</div>', form, re.S).group(1)
    assert "Month 1" in filed and "Month 2" not in filed
    assert ">Month 1 (filed)</option>" in form
    # The next month to file is chosen: no notice, no reason asked.
    assert re.search(r'class="alert alert-warning py-2 small d-none"[^>]*data-testid="refile-notice"', form)


def test_refiling_a_month_asks_why_and_keeps_the_earlier_version(client, world, people):
    project = project_in(world.community, status=ProjectStatus.APPROVED)
    client.force_login(people["staff"])
    first = {"month": "4", "percent_complete": "20", "done": "入户走访", "next_steps": "召开议事会"}
    assert client.post(action_url(project, "progress"), first).status_code == 302

    again = {"month": "4", "percent_complete": "30", "done": "入户走访，召开议事会"}
    # Asked together with the form's other refusals.
    response = client.post(action_url(project, "progress"), {**again, "percent_complete": "150"})
    form = progress_form(response.content.decode())
    assert field_errors(form, "reason") and field_errors(form, "percent_complete")
    response = client.post(action_url(project, "progress"), again)
    assert response.status_code == 400
    form = progress_form(response.content.decode())
    assert field_errors(form, "reason")
    assert 'data-testid="refile-notice"' in form and "20%" in form  # the month's current figures
    assert "入户走访，召开议事会" in form
    report = ProgressReport.objects.get(project=project, month=4)
    assert report.percent_complete == 20 and not ProgressRevision.objects.exists()

    response = client.post(action_url(project, "progress"), {**again, "reason": "补报议事会情况"}, follow=True)
    report.refresh_from_db()
    assert (report.percent_complete, report.done) == (30, "入户走访，召开议事会")
    revision = ProgressRevision.objects.get(progress=report)
    assert (revision.percent_complete, revision.done, revision.next_steps) == (20, "入户走访", "召开议事会")
    assert revision.reason == "补报议事会情况" and revision.replaced_by == people["staff"]
    content = response.content.decode()
    assert 'data-testid="progress-revision"' in content and "补报议事会情况" in content
    assert project.events.filter(kind=ProjectEventKind.REFILED).count() == 1
    assert ProgressReport.objects.filter(project=project).count() == 1


def test_refiling_through_the_api_needs_a_reason(world, people):
    project = project_in(world.community, status=ProjectStatus.APPROVED)
    client = api_client(people["staff"])
    url = reverse("progress-report-list")
    payload = {"project": project.pk, "month": 5, "percent_complete": 40, "done": "成立议事会"}
    assert client.post(url, payload, format="json").status_code == 201
    response = client.post(url, {**payload, "percent_complete": 45}, format="json")
    assert response.status_code == 400
    assert list(response.data) == ["reason"]
    assert ProgressReport.objects.get(project=project, month=5).percent_complete == 40
    response = client.post(url, {**payload, "percent_complete": 45, "reason": "数字更正"}, format="json")
    assert response.status_code == 200, response.data  # the month's report, replaced
    assert ProgressReport.objects.get(project=project, month=5).percent_complete == 45
    assert ProgressRevision.objects.get(progress__project=project).percent_complete == 40
    report = ProgressReport.objects.get(project=project, month=5)
    detail = reverse("progress-report-detail", args=[report.pk])
    assert client.patch(detail, {"percent_complete": 50}, format="json").status_code == 400
    assert client.patch(detail, {"percent_complete": 50, "reason": "再更正"}, format="json").status_code == 200
    assert ProgressRevision.objects.filter(progress=report).count() == 2


def test_attachments_survive_a_refused_submit(client, world, people):
    project = project_in(world.community, status=ProjectStatus.APPROVED)
    client.force_login(people["staff"])
    upload = SimpleUploadedFile("议事会照片.png", picture("PNG"), content_type="image/png")
    response = client.post(
        action_url(project, "progress"),
        {"month": "3", "percent_complete": "", "done": "召开居民议事会", "attachments": [upload]},
    )
    assert response.status_code == 400
    form = progress_form(response.content.decode())
    assert 'data-testid="held-upload"' in form and "议事会照片.png" in form
    held_id = re.search(r'name="attachments_held" value="([0-9a-f]{32})"', form).group(1)

    response = client.post(
        action_url(project, "progress"),
        {"month": "3", "percent_complete": "35", "done": "召开居民议事会", "attachments_held": [held_id]},
    )
    assert response.status_code == 302
    attachment = ProgressAttachment.objects.get(progress__project=project)
    assert attachment.original_name == "议事会照片.png"
    assert attachment.file.read().startswith(b"\x89PNG\r\n")
    # Used once, the held file is gone: the same id brings nothing a second time.
    assert not default_storage.listdir("held")[1]


def test_a_held_attachment_can_be_removed_and_is_not_anyone_elses(client, world, people):
    project = project_in(world.community, status=ProjectStatus.APPROVED)
    client.force_login(people["staff"])
    upload = SimpleUploadedFile("a.png", picture("PNG"), content_type="image/png")
    response = client.post(action_url(project, "progress"), {"month": "3", "done": "x", "attachments": [upload]})
    held_id = re.search(r'name="attachments_held" value="([0-9a-f]{32})"', response.content.decode()).group(1)
    # Another user's session cannot take it.
    other = project_in(world.community, status=ProjectStatus.APPROVED)
    client.force_login(user_with_grant(world.community.code, Role.COMMUNITY_STAFF))
    response = client.post(
        action_url(other, "progress"),
        {"month": "3", "percent_complete": "10", "done": "y", "attachments_held": [held_id]},
    )
    assert response.status_code == 302
    assert other.progress_reports.get().attachments.count() == 0
    # Removed by its owner, it is not filed.
    client.force_login(people["staff"])
    upload = SimpleUploadedFile("b.png", picture("PNG"), content_type="image/png")
    response = client.post(action_url(project, "progress"), {"month": "3", "done": "x", "attachments": [upload]})
    held_id = re.search(r'name="attachments_held" value="([0-9a-f]{32})"', response.content.decode()).group(1)
    response = client.post(
        action_url(project, "progress"),
        {
            "month": "3",
            "percent_complete": "10",
            "done": "x",
            "attachments_held": [held_id],
            "attachments_remove": [held_id],
        },
    )
    assert response.status_code == 302
    assert not ProgressAttachment.objects.exists()
    assert held_id not in default_storage.listdir("held")[1]  # removed, it is deleted


def test_held_files_of_ended_sessions_are_swept(client, world, people, settings):
    from datetime import timedelta

    from django.utils import timezone

    from jilin_grid.tasks import sweep_held_uploads
    from jilin_grid.uploads import held_uploads_sweep

    project = project_in(world.community, status=ProjectStatus.APPROVED)
    client.force_login(people["staff"])
    upload = SimpleUploadedFile("a.png", picture("PNG"), content_type="image/png")
    client.post(action_url(project, "progress"), {"month": "3", "done": "x", "attachments": [upload]})
    assert len(default_storage.listdir("held")[1]) == 1
    assert sweep_held_uploads() == 0  # still fresh
    later = timezone.now() + timedelta(seconds=settings.HELD_UPLOAD_SECONDS + 60)
    assert held_uploads_sweep(now=later) == 1
    assert not default_storage.listdir("held")[1]
