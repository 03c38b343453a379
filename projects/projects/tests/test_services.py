"""Services of the No.1 projects: claiming (one active claim, in the service and the database),
every lifecycle step allowed and refused, monthly progress with attachments, and the history."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from communities.tests.factories import PartyOrganizationFactory, UserFactory
from jilin_grid.testing.files import office, pdf, picture
from projects.projects import services
from projects.projects.choices import ProjectEventKind, ProjectStatus
from projects.projects.models import (
    Milestone,
    ProgressAttachment,
    ProgressReport,
    ProgressRevision,
    Project,
    ProjectEvent,
)
from projects.tests.factories import ProgressReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db

PLAN = [{"month": 3, "description": "召开居民议事会"}, {"month": 9, "description": "物业进驻"}]


def claim(organization, **overrides):
    values = {
        "organization": organization,
        "year": 2020,
        "title": "红心物业进小区",
        "problem": "弃管小区无人管理",
        "goal": "物业费收缴率达到90%",
        "measures": "三方联动，协商理事会",
        "responsible": "社区党委书记 王芳",
        "milestones": PLAN,
        **overrides,
    }
    return services.project_claim(**values)


def kinds(project) -> list[str]:
    return list(project.events.order_by("at", "id").values_list("kind", flat=True))


# Claiming.


def test_claim_records_project_milestones_and_history():
    organization = PartyOrganizationFactory()
    actor = UserFactory()
    project = claim(organization, actor=actor)
    assert project.status == ProjectStatus.SUBMITTED
    assert project.area_code == organization.area_code
    assert project.claimed_by == actor
    assert list(project.milestones.values_list("month", "description")) == [(3, "召开居民议事会"), (9, "物业进驻")]
    event = project.events.get()
    assert (event.kind, event.actor) == (ProjectEventKind.CLAIMED, actor)


def test_claim_needs_a_milestone():
    with pytest.raises(ValidationError) as error:
        claim(PartyOrganizationFactory(), milestones=[])
    assert "milestones" in error.value.message_dict
    assert not Project.objects.exists()


def test_claim_refuses_a_milestone_month_outside_the_year():
    with pytest.raises(ValidationError):
        claim(PartyOrganizationFactory(), milestones=[{"month": 13, "description": "x"}])
    assert not Project.objects.exists()
    assert not Milestone.objects.exists()


def test_second_claim_of_the_year_is_refused_by_the_service():
    organization = PartyOrganizationFactory()
    claim(organization)
    with pytest.raises(ValidationError) as error:
        claim(organization, title="另一个项目")
    assert "已认领" in str(error.value)
    assert Project.objects.count() == 1
    claim(organization, year=2021)  # another year is free
    assert Project.objects.count() == 2


@pytest.mark.parametrize("status", [ProjectStatus.SUBMITTED, ProjectStatus.APPROVED, ProjectStatus.COMPLETED])
def test_second_active_claim_is_refused_by_the_database(status):
    first = ProjectFactory(status=status, closing_summary="完成")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(organization=first.organization, year=first.year)


def test_an_abandoned_claim_frees_the_year():
    organization = PartyOrganizationFactory()
    first = claim(organization)
    services.project_abandon(project=first, reason="社区合并")
    second = claim(organization, title="重新认领的项目")
    assert second.status == ProjectStatus.SUBMITTED
    # In the database too: a second abandoned row and a new active one live side by side.
    ProjectFactory(organization=organization, year=2020, status=ProjectStatus.ABANDONED, abandon_reason="x")
    assert Project.objects.filter(organization=organization, year=2020).count() == 3


# The lifecycle: each step from every status.

STEPS = {
    "revise": lambda project: services.project_revise(project=project, title="修改后的标题"),
    "approve": lambda project: services.project_approve(project=project, note="同意"),
    "return": lambda project: services.project_return(project=project, reason="措施不具体"),
    "showcase": lambda project: services.project_showcase(project=project, writeup="三方联动的做法"),
    "complete": lambda project: services.project_complete(project=project, summary="目标全部完成"),
    "abandon": lambda project: services.project_abandon(project=project, reason="社区合并"),
}
ALLOWED = {
    "revise": {ProjectStatus.SUBMITTED, ProjectStatus.RETURNED},
    "approve": {ProjectStatus.SUBMITTED},
    "return": {ProjectStatus.SUBMITTED, ProjectStatus.APPROVED},
    "showcase": {ProjectStatus.APPROVED, ProjectStatus.COMPLETED},
    "complete": {ProjectStatus.APPROVED},
    "abandon": {ProjectStatus.SUBMITTED, ProjectStatus.RETURNED, ProjectStatus.APPROVED},
}
RESULT = {
    "revise": ProjectStatus.SUBMITTED,
    "approve": ProjectStatus.APPROVED,
    "return": ProjectStatus.RETURNED,
    "complete": ProjectStatus.COMPLETED,
    "abandon": ProjectStatus.ABANDONED,
}
EVENT = {
    "revise": ProjectEventKind.REVISED,
    "approve": ProjectEventKind.APPROVED,
    "return": ProjectEventKind.RETURNED,
    "showcase": ProjectEventKind.SHOWCASED,
    "complete": ProjectEventKind.COMPLETED,
    "abandon": ProjectEventKind.ABANDONED,
}
CASES = [(step, status) for step in STEPS for status in ProjectStatus.values]


def project_in(status):
    return ProjectFactory(status=status, closing_summary="完成", abandon_reason="放弃")


@pytest.mark.parametrize(("step", "status"), CASES, ids=[f"{step}-from-{status}" for step, status in CASES])
def test_each_step_from_each_status(step, status):
    project = project_in(status)
    if status in ALLOWED[step]:
        STEPS[step](project)
        project.refresh_from_db()
        assert project.status == RESULT.get(step, status)
        assert kinds(project) == [EVENT[step]]
    else:
        with pytest.raises(ValidationError) as error:
            STEPS[step](project)
        assert "状态时不能执行此操作" in str(error.value)
        project.refresh_from_db()
        assert project.status == status
        assert not project.events.exists()


@pytest.mark.parametrize(
    ("step", "field"),
    [("return", "review_note"), ("showcase", "showcase_writeup"), ("complete", "closing_summary"),
     ("abandon", "abandon_reason")],
)  # fmt: skip
def test_steps_that_need_a_text_refuse_a_blank_one(step, field):
    project = ProjectFactory(status=ProjectStatus.APPROVED)
    service = {
        "return": lambda: services.project_return(project=project, reason="  "),
        "showcase": lambda: services.project_showcase(project=project, writeup=""),
        "complete": lambda: services.project_complete(project=project, summary=" "),
        "abandon": lambda: services.project_abandon(project=project, reason=""),
    }[step]
    with pytest.raises(ValidationError) as error:
        service()
    assert field in error.value.message_dict
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED
    assert not project.showcased
    assert not project.events.exists()


def test_revising_a_returned_claim_sends_it_back_for_review_with_new_milestones():
    project = claim(PartyOrganizationFactory())
    services.project_return(project=project, reason="里程碑太少")
    services.project_revise(
        project=project, title="红心物业全覆盖", milestones=[{"month": m, "description": f"第{m}月"} for m in (2, 5, 8)]
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    assert project.title == "红心物业全覆盖"
    assert list(project.milestones.values_list("month", flat=True)) == [2, 5, 8]
    assert kinds(project) == [ProjectEventKind.CLAIMED, ProjectEventKind.RETURNED, ProjectEventKind.REVISED]


@pytest.mark.parametrize("fixed", ["organization", "year", "status"])
def test_revise_cannot_move_the_claim_to_another_organization_year_or_status(fixed):
    organization = PartyOrganizationFactory()
    project = claim(organization)
    with pytest.raises(TypeError, match=fixed):
        services.project_revise(project=project, goal="新目标", **{fixed: None})
    project.refresh_from_db()
    assert (project.organization_id, project.year) == (organization.pk, 2020)
    assert project.goal != "新目标"


def test_revise_keeps_what_it_is_not_given():
    project = claim(PartyOrganizationFactory())
    before = (project.title, project.problem, project.measures, list(project.milestones.values_list("month")))
    services.project_revise(project=project, goal="新目标")
    project.refresh_from_db()
    assert project.goal == "新目标"
    assert (project.title, project.problem, project.measures, list(project.milestones.values_list("month"))) == before


def test_full_history_of_a_project():
    actor = UserFactory()
    project = claim(PartyOrganizationFactory(), actor=actor)
    services.project_approve(project=project, actor=actor)
    services.progress_report_submit(project=project, month=1, percent_complete=10, done="动员", actor=actor)
    services.project_showcase(project=project, writeup="好做法", actor=actor)
    services.project_complete(project=project, summary="完成", actor=actor)
    assert kinds(project) == ["claimed", "approved", "progress", "showcased", "completed"]
    assert set(project.events.values_list("actor", flat=True)) == {actor.pk}
    assert project.events.get(kind="progress").note == "1月：10%"


# Monthly progress.


def test_progress_is_filed_for_approved_projects_only():
    for status in (ProjectStatus.SUBMITTED, ProjectStatus.RETURNED, ProjectStatus.COMPLETED, ProjectStatus.ABANDONED):
        project = project_in(status)
        with pytest.raises(ValidationError):
            services.progress_report_submit(project=project, month=1, percent_complete=5, done="x")
    assert not ProgressReport.objects.exists()


def test_filing_the_same_month_again_corrects_it():
    project = ProjectFactory()
    first = services.progress_report_submit(project=project, month=4, percent_complete=20, done="入户走访")
    second = services.progress_report_submit(
        project=project,
        month=4,
        percent_complete=25,
        done="入户走访，召开议事会",
        problems="经费不足",
        reason="补报议事会情况",
    )
    assert second.pk == first.pk
    row = ProgressReport.objects.get()
    assert (row.percent_complete, row.done, row.problems) == (25, "入户走访，召开议事会", "经费不足")
    assert project.events.filter(kind=ProjectEventKind.PROGRESS).count() == 1
    assert project.events.filter(kind=ProjectEventKind.REFILED).count() == 1


@pytest.mark.parametrize("percent", [-1, 101])
def test_percent_outside_0_to_100_is_refused(percent):
    with pytest.raises(ValidationError) as error:
        services.progress_report_submit(project=ProjectFactory(), month=2, percent_complete=percent, done="x")
    assert "percent_complete" in error.value.message_dict
    assert not ProgressReport.objects.exists()


def test_attachments_are_stored_with_their_type_and_size(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = services.progress_report_submit(
        project=ProjectFactory(),
        month=3,
        percent_complete=30,
        done="拍照留档",
        attachments=[
            SimpleUploadedFile("现场.jpg", picture("JPEG")),
            SimpleUploadedFile("方案.pdf", pdf()),
        ],
    )
    rows = list(report.attachments.order_by("id").values_list("original_name", "content_type"))
    assert rows == [("现场.jpg", "image/jpeg"), ("方案.pdf", "application/pdf")]
    sizes = [attachment.file.size for attachment in report.attachments.order_by("id")]
    assert list(report.attachments.order_by("id").values_list("size", flat=True)) == sizes
    assert all((tmp_path / name).exists() for name in report.attachments.values_list("file", flat=True))


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [("run.exe", 10, "只能上传图片、PDF 和 Office 文件"), ("noext", 10, "只能上传图片"),
     ("big.pdf", 2048, "超过")],
)  # fmt: skip
def test_bad_attachment_refuses_the_whole_filing(settings, tmp_path, name, size, message):
    settings.MEDIA_ROOT = tmp_path
    settings.PROJECT_ATTACHMENT_MAX_BYTES = 1024
    project = ProjectFactory()
    with pytest.raises(ValidationError) as error:
        services.progress_report_submit(
            project=project,
            month=3,
            percent_complete=30,
            done="x",
            attachments=[
                SimpleUploadedFile("ok.png", picture("PNG")),
                SimpleUploadedFile(name, b"%PDF-" + b"0" * size),
            ],
        )
    assert message in str(error.value)
    assert not ProgressReport.objects.exists()
    assert not ProgressAttachment.objects.exists()
    assert not ProjectEvent.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_a_correction_keeps_earlier_attachments_and_adds_new_ones(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = ProjectFactory()
    ProgressReportFactory(project=project, month=5)
    services.progress_report_submit(
        project=project,
        month=5,
        percent_complete=40,
        done="x",
        reason="补充照片",
        attachments=[SimpleUploadedFile("a.png", picture("PNG"))],
    )
    services.progress_report_submit(
        project=project,
        month=5,
        percent_complete=45,
        done="y",
        reason="补充附件",
        attachments=[SimpleUploadedFile("b.docx", office(".docx"))],
    )
    assert sorted(ProgressAttachment.objects.values_list("original_name", flat=True)) == ["a.png", "b.docx"]
    assert ProgressReport.objects.get().percent_complete == 45
    assert ProgressRevision.objects.filter(progress__project=project).count() == 2


def test_filing_a_filed_month_again_needs_a_reason_and_keeps_the_earlier_version():
    project = ProjectFactory()
    first = services.progress_report_submit(project=project, month=6, percent_complete=30, done="入户走访")
    with pytest.raises(ValidationError) as error:
        services.progress_report_submit(project=project, month=6, percent_complete=35, done="更正", reason="  ")
    assert list(error.value.message_dict) == ["reason"]
    assert not ProgressRevision.objects.exists()
    services.progress_report_submit(project=project, month=6, percent_complete=35, done="更正", reason="漏报一项")
    revision = ProgressRevision.objects.get()
    assert (revision.progress_id, revision.percent_complete, revision.done) == (first.pk, 30, "入户走访")
    assert revision.submitted_at == first.submitted_at and revision.reason == "漏报一项"
    assert ProgressRevision.objects.filter(progress__project__area_code__startswith=project.area_code).count() == 1
