"""Pages of the No.1 projects and their reports: generated tests, then each step and report by hand."""

import io
from uuid import uuid4

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from communities.tests.factories import PartyOrganizationFactory
from jilin_grid.testing.files import picture
from jilin_grid.testing.views import ViewTestCases, table_html
from projects.projects.choices import Light, ProjectEventKind, ProjectStatus
from projects.projects.models import Milestone, ProgressAttachment, Project
from projects.reports.choices import ReportKind
from projects.reports.models import ReportJob
from projects.tests.factories import MilestoneFactory, ProgressReportFactory, ProjectFactory


def unique(prefix: str) -> str:
    return f"{prefix}{uuid4().hex[:6]}"


def milestone_data(rows) -> dict:
    data = {
        "milestones-TOTAL_FORMS": str(max(len(rows), 3)),
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "1",
        "milestones-MAX_NUM_FORMS": "24",
    }
    for index in range(max(len(rows), 3)):
        month, description = rows[index] if index < len(rows) else ("", "")
        data[f"milestones-{index}-month"] = str(month)
        data[f"milestones-{index}-description"] = description
    return data


def claim_fields(**overrides) -> dict:
    fields = {
        "year": "2020",
        "title": "红心物业进小区",
        "problem": "弃管小区无人管理",
        "goal": "引入物业，收费率达到90%",
        "measures": "三方联动，居民议事会",
        "responsible": "社区党委书记 张华",
        "start_month": "3",
    }
    fields.update(overrides)
    return fields


def project_in(community, **kwargs) -> Project:
    kwargs.setdefault("title", unique("书记项目"))
    return ProjectFactory(organization=PartyOrganizationFactory(area_code=community.code), **kwargs)


# Generated tests --------------------------------------------------------------------------------


class TestProjectViews(ViewTestCases.ListViewTests, ViewTestCases.EditViewTests, ViewTestCases.CreateViewTests):
    model = Project
    url_prefix = "projects:project"

    def make_object(self, grid):
        # Awaiting review, so its claim can still be revised from the list.
        return project_in(grid.community, status=ProjectStatus.SUBMITTED)

    def label(self, obj):
        return obj.title

    def create_data(self):
        self.organization = PartyOrganizationFactory(area_code=self.world.community.code)
        return {
            "organization": self.organization.pk,
            **claim_fields(title="新认领的一号工程"),
            **milestone_data([(4, "召开居民议事会"), (9, "物业入驻")]),
        }

    def created(self):
        return Project.objects.filter(title="新认领的一号工程")

    def update_data(self, obj):
        return {**claim_fields(title=obj.title + "（修订）"), **milestone_data([(6, "修订后的节点")])}

    def assert_updated(self, obj):
        assert obj.title.endswith("（修订）")
        assert list(obj.milestones.values_list("month", "description")) == [(6, "修订后的节点")]

    # A saved claim or revision opens the project's own page rather than the list.
    def test_edit_form_opens_and_saves_for_a_permitted_user(self):
        obj = self.make_object(self.world.grid)
        self.client.force_login(self.world.writer)
        assert self.client.get(self.url("edit", obj)).status_code == 200
        response = self.client.post(self.url("edit", obj), self.update_data(obj))
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        assert response["Location"] == reverse("projects:project_detail", args=[obj.pk])
        obj.refresh_from_db()
        self.assert_updated(obj)
        assert obj.events.filter(kind=ProjectEventKind.REVISED).exists()

    def test_create_saves_for_a_permitted_user(self):
        self.client.force_login(self.world.writer)
        assert self.client.get(self.url("create")).status_code == 200
        response = self.client.post(self.url("create"), self.create_data(), follow=True)
        assert response.redirect_chain, response.context["form"].errors
        project = self.created().get()
        assert response.redirect_chain[-1][0] == reverse("projects:project_detail", args=[project.pk])
        assert b"alert-success" in response.content
        assert project.status == ProjectStatus.SUBMITTED and project.start_month == 3
        assert list(project.milestones.values_list("month", flat=True)) == [4, 9]
        assert project.claimed_by == self.world.writer


def test_claim_form_offers_only_organizations_of_the_area(client, world):
    own = PartyOrganizationFactory(area_code=world.community.code, name="南山社区党委")
    other = PartyOrganizationFactory(area_code=world.other_community.code, name="田园社区党委")
    client.force_login(world.writer)
    content = client.get(reverse("projects:project_create")).content.decode()
    assert own.name in content
    assert other.name not in content


def test_claim_needs_a_milestone(client, world):
    organization = PartyOrganizationFactory(area_code=world.community.code)
    client.force_login(world.writer)
    response = client.post(
        reverse("projects:project_create"), {"organization": organization.pk, **claim_fields(), **milestone_data([])}
    )
    assert response.status_code == 400
    assert "至少" in response.content.decode() or "at least one" in response.content.decode()
    assert not Project.objects.exists()


def test_a_second_claim_of_the_year_shows_the_services_message(client, world):
    organization = PartyOrganizationFactory(area_code=world.community.code, name="吉钢社区党委")
    ProjectFactory(organization=organization, year=2020)
    client.force_login(world.writer)
    response = client.post(
        reverse("projects:project_create"),
        {"organization": organization.pk, **claim_fields(), **milestone_data([(5, "完成")])},
    )
    assert response.status_code == 400
    assert 'data-testid="form-errors"' in response.content.decode()
    assert "吉钢社区党委" in response.context["form"].non_field_errors()[0]
    assert Project.objects.filter(organization=organization).count() == 1


# The list ---------------------------------------------------------------------------------------


def test_list_shows_light_badges_and_filters_by_light(client, world):
    green = project_in(world.community, title="绿灯项目", year=2020)
    for month in range(1, 13):
        ProgressReportFactory(project=green, month=month, percent_complete=min(100, month * 9))
    red = project_in(world.community, title="红灯项目", year=2020)
    client.force_login(world.writer)
    table = table_html(client.get(reverse("projects:project_list")))
    assert 'data-value="green"' in table and 'data-value="red"' in table
    response = client.get(reverse("projects:project_list"), {"light": "red"})
    table = table_html(response)
    assert red.title in table
    assert green.title not in table
    assert "text-bg-danger" in table


def test_list_exports_excel_with_plain_light_labels(client, world):
    project = project_in(world.community, title="导出项目", year=2020)
    ProgressReportFactory(project=project, month=12, percent_complete=100)
    project_in(world.other_community, title="邻社区项目", year=2020)
    client.force_login(world.writer)
    response = client.get(reverse("projects:project_list"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert len(rows) == 2
    row = rows[1]
    assert "导出项目" in row and world.community.name in row
    assert str(Light.GREEN.label) in row
    assert not any("<span" in str(cell) for cell in row)
    # The latest percent is a number: the fraction complete, shown as a percent.
    rates = [cell for cell in next(sheet.iter_rows(min_row=2)) if cell.number_format == "0.0%"]
    assert [(cell.value, cell.data_type) for cell in rates] == [(1, "n")]


def _grow(world, n):
    for _ in range(n):
        project = project_in(world.community, year=2020)
        MilestoneFactory(project=project, month=6)
        ProgressReportFactory(project=project, month=1, percent_complete=10)


def test_list_and_project_page_run_a_fixed_number_of_queries(client, world):
    client.force_login(world.writer)
    _grow(world, 3)
    urls = [reverse("projects:project_list"), reverse("projects:report_list")]
    small = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        small[url] = len(queries)
    project = Project.objects.first()
    detail = reverse("projects:project_detail", args=[project.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(detail).status_code == 200
    detail_small = len(queries)
    _grow(world, 30)
    for index in range(12):
        ReportJob.objects.create(
            kind=ReportKind.MONTHLY, period=f"2020-{index + 1:02d}", area_code=world.community.code[:9], area_name="街"
        )
    for month in range(2, 13):
        entry = ProgressReportFactory(project=project, month=month, percent_complete=month * 8)
        ProgressAttachment.objects.create(
            progress=entry, file=ContentFile(b"x", name="a.pdf"), original_name="a.pdf", content_type="x", size=1
        )
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == small[url], url
    with CaptureQueriesContext(connection) as queries:
        assert client.get(detail).status_code == 200
    assert len(queries) == detail_small
    assert detail_small <= 14


def action_url(project, name):
    return reverse("projects:project_action", args=[project.pk, name])


def detail_url(project):
    return reverse("projects:project_detail", args=[project.pk])


def page_actions(client, project) -> set[str]:
    content = client.get(detail_url(project)).content.decode()
    return {
        name
        for name in ("approve", "return", "showcase", "progress", "complete", "abandon")
        if f'data-action="{name}"' in content
    }


def test_project_page_shows_the_claim_history_and_the_steps_each_role_may_take(client, world, people):
    project = project_in(world.community, status=ProjectStatus.SUBMITTED, problem="楼道堆物无人清理")
    MilestoneFactory(project=project, month=5, description="完成楼道清理")
    client.force_login(people["reviewer"])
    response = client.get(detail_url(project))
    content = response.content.decode()
    assert "楼道堆物无人清理" in content and "完成楼道清理" in content
    assert 'id="project-chart-data"' in content
    assert page_actions(client, project) == {"approve", "return", "abandon"}
    client.force_login(people["staff"])
    assert page_actions(client, project) == {"abandon"}
    assert reverse("projects:project_edit", args=[project.pk]) in client.get(detail_url(project)).content.decode()
    client.force_login(people["reader"])
    assert page_actions(client, project) == set()
    client.force_login(people["outsider"])
    assert client.get(detail_url(project)).status_code == 404


def test_reviewer_approves_and_staff_may_not(client, world, people):
    project = project_in(world.community, status=ProjectStatus.SUBMITTED)
    client.force_login(people["staff"])
    assert client.post(action_url(project, "approve"), {"note": ""}).status_code == 403
    client.force_login(people["outsider"])
    assert client.post(action_url(project, "approve"), {"note": ""}).status_code == 404
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    client.force_login(people["reviewer"])
    response = client.post(action_url(project, "approve"), {"note": "同意实施"}, follow=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED
    content = response.content.decode()
    assert "alert-success" in content
    assert 'data-event="approved"' in content and "同意实施" in content


def test_a_refused_step_shows_the_services_message(client, world, people):
    project = project_in(world.community, status=ProjectStatus.APPROVED)
    client.force_login(people["reviewer"])
    response = client.post(action_url(project, "approve"), {"note": ""}, follow=True)
    content = response.content.decode()
    assert "alert-danger" in content
    assert project.get_status_display() in content or "Approved" in content
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED


def test_return_needs_a_reason_and_records_it(client, world, people):
    project = project_in(world.community, status=ProjectStatus.SUBMITTED)
    client.force_login(people["reviewer"])
    response = client.post(action_url(project, "return"), {"reason": ""}, follow=True)
    assert "alert-danger" in response.content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    response = client.post(action_url(project, "return"), {"reason": "目标不够具体"}, follow=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.RETURNED
    assert 'data-testid="review-note"' in response.content.decode()
    assert "目标不够具体" in response.content.decode()


def test_showcase_by_reviewer_only(client, world, people):
    project = project_in(world.community, status=ProjectStatus.APPROVED)
    client.force_login(people["staff"])
    assert client.post(action_url(project, "showcase"), {"writeup": "好做法"}).status_code == 403
    client.force_login(people["reviewer"])
    response = client.post(action_url(project, "showcase"), {"writeup": "三方联动的好做法"}, follow=True)
    project.refresh_from_db()
    assert project.showcased and project.showcase_writeup == "三方联动的好做法"
    assert "三方联动的好做法" in response.content.decode()


def test_staff_files_progress_with_an_attachment_and_downloads_it(client, world, people):
    project = project_in(world.community, status=ProjectStatus.APPROVED)
    client.force_login(people["staff"])
    upload = SimpleUploadedFile("议事会照片.png", picture("PNG"), content_type="image/png")
    response = client.post(
        action_url(project, "progress"),
        {
            "month": "3",
            "percent_complete": "35",
            "done": "召开居民议事会",
            "problems": "",
            "next_steps": "",
            "attachments": [upload],
        },
        follow=True,
    )
    content = response.content.decode()
    assert "alert-success" in content
    entry = project.progress_reports.get(month=3)
    assert entry.percent_complete == 35
    attachment = entry.attachments.get()
    assert "议事会照片.png" in content
    download = reverse("projects:attachment_download", args=[attachment.pk])
    assert download in content
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG\r\n")
    client.force_login(people["outsider"])
    assert client.get(download).status_code == 404


def test_progress_with_a_forbidden_file_type_shows_the_services_message(client, world, people):
    project = project_in(world.community, status=ProjectStatus.APPROVED)
    client.force_login(people["staff"])
    upload = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        action_url(project, "progress"),
        {"month": "3", "percent_complete": "35", "done": "召开会议", "attachments": [upload]},
        follow=True,
    )
    assert "virus.exe" in response.content.decode()
    assert "alert-danger" in response.content.decode()
    assert not project.progress_reports.exists()


def test_progress_is_refused_to_a_read_only_role(client, world, people):
    project = project_in(world.community, status=ProjectStatus.APPROVED)
    client.force_login(people["reader"])
    response = client.post(action_url(project, "progress"), {"month": "3", "percent_complete": "35", "done": "x"})
    assert response.status_code == 403
    assert not project.progress_reports.exists()


def test_complete_and_abandon(client, world, people):
    done = project_in(world.community, status=ProjectStatus.APPROVED)
    dropped = project_in(world.community, status=ProjectStatus.APPROVED)
    client.force_login(people["staff"])
    client.post(action_url(done, "complete"), {"summary": "全部完成，居民满意"})
    client.post(action_url(dropped, "abandon"), {"reason": "小区拆迁"})
    done.refresh_from_db()
    dropped.refresh_from_db()
    assert done.status == ProjectStatus.COMPLETED and done.closing_summary == "全部完成，居民满意"
    assert dropped.status == ProjectStatus.ABANDONED and dropped.abandon_reason == "小区拆迁"
    assert page_actions(client, done) == set()
    assert "小区拆迁" in client.get(detail_url(dropped)).content.decode()


def test_unknown_step_is_not_found(client, world, people):
    project = project_in(world.community, status=ProjectStatus.APPROVED)
    client.force_login(people["reviewer"])
    assert client.post(action_url(project, "delete"), {}).status_code == 404


def test_revise_is_refused_once_approved(client, world, people):
    project = project_in(world.community, status=ProjectStatus.APPROVED)
    MilestoneFactory(project=project, month=4)
    client.force_login(people["staff"])
    response = client.post(
        reverse("projects:project_edit", args=[project.pk]), {**claim_fields(), **milestone_data([(4, "新")])}
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert Milestone.objects.filter(project=project, description="新").count() == 0
