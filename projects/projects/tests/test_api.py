"""API of the No.1 projects: the generated tests per endpoint, then by hand every action and its
refusals, the filters (light included), monthly progress with attachments, the history and the
reports."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from communities.tests.factories import CommunityFactory, PartyOrganizationFactory, UserFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.testing.api import APITestCases, api_client, result_ids
from jilin_grid.testing.files import office, picture
from projects.projects.choices import Light, ProjectEventKind, ProjectStatus
from projects.projects.models import ProgressAttachment, ProgressReport, Project, ProjectEvent
from projects.tests.factories import MilestoneFactory, ProgressReportFactory, ProjectFactory

NOT_FOUND = "未找到，或不在您的管辖范围内。 / Not found, or outside your area."


def project_in(code: str, **kwargs) -> Project:
    project = ProjectFactory(organization=PartyOrganizationFactory(area_code=code), **kwargs)
    MilestoneFactory(project=project, month=6)
    return project


# The generated tests.


class TestProjectAPI(APITestCases.Read, APITestCases.Create, APITestCases.Update, APITestCases.NoDelete):
    model = Project
    basename = "project"
    # Token, grants, count, rows with their light, milestones, progress.
    max_list_queries = 6

    def make_object(self, area):
        project = project_in(area.code, status=ProjectStatus.SUBMITTED)
        ProgressReportFactory(project=project, month=1)
        return project

    def create_payload(self, area):
        return {
            "organization": PartyOrganizationFactory(area_code=area.code).pk,
            "year": 2020,
            "title": "红心物业进小区",
            "problem": "弃管小区无人管理",
            "goal": "物业费收缴率达到90%",
            "measures": "三方联动",
            "responsible": "社区党委书记 王芳",
            "start_month": 3,
            "milestones": [{"month": 3, "description": "召开议事会"}, {"month": 9, "description": "物业进驻"}],
        }

    def update_payload(self, obj, area):
        return {"title": "红心物业全覆盖", "goal": "收缴率达到97%"}


class TestProgressReportAPI(APITestCases.Read, APITestCases.Create, APITestCases.Update, APITestCases.NoDelete):
    model = ProgressReport
    basename = "progress-report"
    # Token, grants, count, rows with their project, attachments.
    max_list_queries = 5

    def make_object(self, area):
        return ProgressReportFactory(project=project_in(area.code), month=1)

    def create_payload(self, area):
        project = project_in(area.code)
        return {"project": project.pk, "month": 2, "percent_complete": 15, "done": "入户走访120户"}

    def update_payload(self, obj, area):
        return {"percent_complete": 35, "done": "召开居民议事会", "next_steps": "物业进驻"}

    def update_write_only(self, obj, area):
        return {"reason": "补报议事会"}  # the month was filed: filing it again says why


class TestProjectEventAPI(APITestCases.Read):
    model = ProjectEvent
    basename = "project-event"

    def make_object(self, area):
        return ProjectEvent.objects.create(
            project=project_in(area.code), kind=ProjectEventKind.CLAIMED, at=date(2020, 1, 5).isoformat() + "T08:00Z"
        )


# Endpoints that are read-only.


@pytest.mark.django_db
def test_history_is_read_only():
    project = project_in(CommunityFactory().code)
    event = ProjectEvent.objects.create(project=project, kind=ProjectEventKind.CLAIMED, at="2020-01-05T08:00Z")
    client = api_client(user_with_grant(project.area_code, roles.COMMUNITY_STAFF))
    assert client.post(reverse("project-event-list"), {"project": project.pk}, format="json").status_code == 405
    assert client.delete(reverse("project-event-detail", args=[event.pk])).status_code == 405
    assert ProjectEvent.objects.filter(pk=event.pk).exists()


def act(user, project, name, **data):
    return api_client(user).post(reverse(f"project-{name}", args=[project.pk]), data, format="json")


def test_district_department_approves_a_claim(community, district_dept):
    project = project_in(community.code, status=ProjectStatus.SUBMITTED)
    response = act(district_dept, project, "approve", note="同意实施")
    assert response.status_code == 200, response.data
    assert response.data["status"] == ProjectStatus.APPROVED
    assert response.data["review_note"] == "同意实施"
    assert [event["kind"] for event in response.data["history"]] == [ProjectEventKind.APPROVED]
    assert response.data["history"][0]["actor"] == district_dept.username
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED


def test_city_department_and_superuser_review_too(community):
    city_dept = user_with_grant("2202", roles.CITY_ORG_DEPT)
    first = project_in(community.code, status=ProjectStatus.SUBMITTED)
    assert act(city_dept, first, "return", reason="措施不具体").data["status"] == ProjectStatus.RETURNED
    second = project_in(community.code, status=ProjectStatus.APPROVED)
    admin = UserFactory(is_superuser=True)
    response = act(admin, second, "showcase", writeup="三方联动，收缴率从70%到97%")
    assert response.status_code == 200
    assert response.data["showcased"] is True
    assert response.data["showcase_writeup"] == "三方联动，收缴率从70%到97%"


@pytest.mark.parametrize(
    ("name", "data"), [("approve", {}), ("return", {"reason": "x"}), ("showcase", {"writeup": "x"})]
)
@pytest.mark.parametrize("role", [roles.COMMUNITY_STAFF, roles.STREET_STAFF, roles.GRID_WORKER])
def test_other_writing_roles_may_not_review(community, name, data, role):
    status = ProjectStatus.APPROVED if name == "showcase" else ProjectStatus.SUBMITTED
    project = project_in(community.code, status=status)
    user = user_with_grant(community.code if role != roles.STREET_STAFF else community.street.code, role)
    response = act(user, project, name, **data)
    assert response.status_code == 403
    assert "organization departments" in response.data["detail"]
    project.refresh_from_db()
    assert project.status == status
    assert not project.showcased
    assert not project.events.exists()


@pytest.mark.parametrize("name", ["approve", "return", "showcase", "complete", "abandon"])
def test_actions_in_another_area_are_404(community, name):
    project = project_in(community.code, status=ProjectStatus.APPROVED)
    other = user_with_grant(CommunityFactory().street.district.code, roles.DISTRICT_ORG_DEPT)
    response = act(other, project, name, reason="x", writeup="x", summary="x")
    assert response.status_code == 404
    assert response.data["detail"] == NOT_FOUND
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED


@pytest.mark.parametrize("name", ["approve", "return", "showcase", "complete", "abandon"])
def test_actions_by_read_only_client_are_403(community, name):
    project = project_in(community.code, status=ProjectStatus.APPROVED)
    reader = user_with_grant(community.street.district.code, roles.API_READER)
    assert act(reader, project, name, reason="x", writeup="x", summary="x").status_code == 403
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED


@pytest.mark.parametrize("name", ["approve", "complete", "abandon"])
def test_anonymous_actions_are_401(community, name):
    project = project_in(community.code, status=ProjectStatus.SUBMITTED)
    assert api_client().post(reverse(f"project-{name}", args=[project.pk]), {}).status_code == 401


@pytest.mark.parametrize(
    ("name", "status", "data"),
    [
        ("approve", ProjectStatus.APPROVED, {}),
        ("approve", ProjectStatus.RETURNED, {}),
        ("return", ProjectStatus.COMPLETED, {"reason": "x"}),
        ("showcase", ProjectStatus.SUBMITTED, {"writeup": "x"}),
        ("complete", ProjectStatus.SUBMITTED, {"summary": "x"}),
        ("abandon", ProjectStatus.COMPLETED, {"reason": "x"}),
        ("abandon", ProjectStatus.ABANDONED, {"reason": "x"}),
    ],
)
def test_steps_the_lifecycle_refuses_are_400(community, district_dept, name, status, data):
    project = project_in(community.code, status=status, closing_summary="完成", abandon_reason="放弃")
    response = act(district_dept, project, name, **data)
    assert response.status_code == 400
    assert "状态时不能执行此操作" in str(response.data)
    project.refresh_from_db()
    assert project.status == status
    assert not project.events.exists()


@pytest.mark.parametrize(("name", "field"), [("return", "reason"), ("showcase", "writeup"), ("complete", "summary"),
                                             ("abandon", "reason")])  # fmt: skip
def test_actions_need_their_text(community, district_dept, name, field):
    project = project_in(community.code, status=ProjectStatus.APPROVED)
    response = act(district_dept, project, name)
    assert response.status_code == 400
    assert field in response.data
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED


def test_community_staff_complete_and_abandon(community, staff):
    first = project_in(community.code, status=ProjectStatus.APPROVED)
    response = act(staff, first, "complete", summary="物业进驻，收缴率97%")
    assert response.status_code == 200
    assert (response.data["status"], response.data["closing_summary"]) == ("completed", "物业进驻，收缴率97%")
    second = project_in(community.code, status=ProjectStatus.SUBMITTED)
    response = act(staff, second, "abandon", reason="社区合并")
    assert response.status_code == 200
    assert (response.data["status"], response.data["abandon_reason"]) == ("abandoned", "社区合并")
    assert response.data["closed_at"]


def test_abandoning_frees_the_year_for_a_new_claim(community, staff):
    organization = PartyOrganizationFactory(area_code=community.code)
    payload = TestProjectAPI().create_payload(SimpleNamespace(code=community.code)) | {"organization": organization.pk}
    client = api_client(staff)
    first = client.post(reverse("project-list"), payload, format="json")
    assert first.status_code == 201
    refused = client.post(reverse("project-list"), payload, format="json")
    assert refused.status_code == 400
    assert "已认领" in str(refused.data)
    act(staff, Project.objects.get(pk=first.data["id"]), "abandon", reason="换题")
    assert client.post(reverse("project-list"), payload, format="json").status_code == 201


def test_status_is_never_written_directly(community, staff):
    project = project_in(community.code, status=ProjectStatus.SUBMITTED)
    response = api_client(staff).patch(
        reverse("project-detail", args=[project.pk]), {"status": "approved"}, format="json"
    )
    assert response.status_code == 400
    assert "actions" in str(response.data["status"])
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED


def test_revising_an_approved_project_is_refused(community, staff):
    project = project_in(community.code, status=ProjectStatus.APPROVED)
    response = api_client(staff).patch(reverse("project-detail", args=[project.pk]), {"title": "x"}, format="json")
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.title != "x"


def test_revising_a_returned_claim_resubmits_it_with_new_milestones(community, staff):
    project = project_in(community.code, status=ProjectStatus.RETURNED)
    response = api_client(staff).patch(
        reverse("project-detail", args=[project.pk]),
        {"measures": "引入物业公司", "milestones": [{"month": 4, "description": "签约"}]},
        format="json",
    )
    assert response.status_code == 200, response.data
    assert response.data["status"] == ProjectStatus.SUBMITTED
    assert response.data["milestones"] == [{"month": 4, "description": "签约"}]
    assert response.data["history"][-1]["kind"] == ProjectEventKind.REVISED


def test_claim_with_a_bad_milestone_writes_nothing(community, staff):
    payload = TestProjectAPI().create_payload(SimpleNamespace(code=community.code))
    payload["milestones"] = [{"month": 13, "description": "x"}]
    response = api_client(staff).post(reverse("project-list"), payload, format="json")
    assert response.status_code == 400
    assert "milestones" in response.data
    assert not Project.objects.exists()


def test_detail_shows_milestones_progress_light_and_history(community, staff, monkeypatch):
    monkeypatch.setattr("projects.projects.selectors.today", lambda: date(2020, 3, 10))
    project = project_in(community.code)
    ProgressReportFactory(project=project, month=1, percent_complete=10)
    ProgressReportFactory(project=project, month=2, percent_complete=20, done="召开议事会")
    ProjectEvent.objects.create(project=project, kind=ProjectEventKind.APPROVED, at="2020-01-03T08:00Z")
    data = api_client(staff).get(reverse("project-detail", args=[project.pk])).data
    assert data["milestones"] == [{"month": 6, "description": "完成阶段目标"}]
    assert data["latest_progress"]["month"] == 2
    assert data["latest_progress"]["done"] == "召开议事会"
    assert [row["month"] for row in data["progress"]] == [1, 2]
    assert data["light"] == Light.GREEN
    assert [event["kind"] for event in data["history"]] == ["approved"]


# Filters.


@pytest.fixture
def lit(community, monkeypatch):
    """Three approved projects judged on 10 July 2020 (June due, expected 50%): green, yellow, red."""
    monkeypatch.setattr("projects.projects.selectors.today", lambda: date(2020, 7, 10))
    made = {}
    for light, percent in ((Light.GREEN, 60), (Light.YELLOW, 40), (Light.RED, 10)):
        project = project_in(community.code)
        MilestoneFactory(project=project, month=12)  # half the plan is due by June
        ProgressReportFactory(project=project, month=6, percent_complete=percent)
        made[light] = project
    made["submitted"] = project_in(community.code, status=ProjectStatus.SUBMITTED)
    return made


def ids_of(user, **params):
    response = api_client(user).get(reverse("project-list"), params)
    assert response.status_code == 200, response.data
    return result_ids(response)


def test_filter_by_light(lit, staff):
    for light in Light.values:
        assert ids_of(staff, light=light) == {lit[light].pk}
    assert ids_of(staff, light=[Light.YELLOW, Light.RED]) == {lit[Light.YELLOW].pk, lit[Light.RED].pk}
    rows = api_client(staff).get(reverse("project-list")).data["results"]
    assert {row["id"]: row["light"] for row in rows}[lit["submitted"].pk] == ""


def test_light_as_of_another_day(lit, staff):
    # On 10 February 2020 January is due; no project filed January: every approved one is red.
    assert ids_of(staff, light=Light.RED, as_of="2020-02-10") == {lit[k].pk for k in Light.values}
    rows = api_client(staff).get(reverse("project-list"), {"as_of": "2020-02-10"}).data["results"]
    assert {row["light"] for row in rows if row["id"] != lit["submitted"].pk} == {Light.RED}


def test_filter_by_year_status_showcased_organization_area_and_text(community, staff):
    old = project_in(community.code, year=2019)
    showcased = project_in(community.code, showcased=True, showcase_writeup="好做法", title="红色驿站")
    submitted = project_in(community.code, status=ProjectStatus.SUBMITTED)
    other_community = CommunityFactory(street=community.street)
    street_user = user_with_grant(community.street.code, roles.STREET_STAFF)
    elsewhere = project_in(other_community.code)
    assert ids_of(staff, year=2019) == {old.pk}
    assert ids_of(staff, status=ProjectStatus.SUBMITTED) == {submitted.pk}
    assert ids_of(staff, showcased="true") == {showcased.pk}
    assert ids_of(staff, organization=old.organization_id) == {old.pk}
    assert ids_of(staff, q="驿站") == {showcased.pk}
    assert ids_of(street_user, area=other_community.code) == {elsewhere.pk}
    assert ids_of(staff, area=other_community.code) == set()  # outside the staff's area: nothing


def test_bad_filter_values_are_400(community, staff):
    client = api_client(staff)
    assert client.get(reverse("project-list"), {"light": "purple"}).status_code == 400
    assert client.get(reverse("project-list"), {"area": "22a2"}).status_code == 400
    assert client.get(reverse("project-list"), {"as_of": "yesterday"}).status_code == 400


def test_progress_filters(community, staff):
    first = project_in(community.code)
    second = project_in(community.code, year=2021)
    rows = [ProgressReportFactory(project=first, month=m) for m in (1, 2)] + [
        ProgressReportFactory(project=second, month=1)
    ]
    url = reverse("progress-report-list")
    client = api_client(staff)
    assert result_ids(client.get(url, {"project": first.pk})) == {rows[0].pk, rows[1].pk}
    assert result_ids(client.get(url, {"month": 1})) == {rows[0].pk, rows[2].pk}
    assert result_ids(client.get(url, {"year": 2021})) == {rows[2].pk}
    assert result_ids(client.get(url, {"area": community.code})) == {row.pk for row in rows}


def test_progress_with_attachments_multipart(community, staff, media):
    project = project_in(community.code)
    response = api_client(staff).post(
        reverse("progress-report-list"),
        {
            "project": project.pk,
            "month": 3,
            "percent_complete": 30,
            "done": "召开居民议事会",
            "attachments": [
                SimpleUploadedFile("现场.jpg", picture("JPEG", gps=True)),
                SimpleUploadedFile("纪要.docx", office(".docx")),
            ],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.data
    names = [row["original_name"] for row in response.data["attachments"]]
    assert names == ["现场.jpg", "纪要.docx"]
    assert response.data["attachments"][0]["content_type"] == "image/jpeg"
    first = ProgressAttachment.objects.get(original_name="现场.jpg")
    assert response.data["attachments"][0]["url"] == f"http://testserver/projects/attachments/{first.pk}/"
    # The link is the portal's scoped download: the staff get the file.
    client = Client()
    client.force_login(staff)
    download = client.get(response.data["attachments"][0]["url"])
    assert download.status_code == 200
    stored = b"".join(download.streaming_content)
    assert stored.startswith(b"\xff\xd8\xff") and b"Exif" not in stored  # the photo, written anew without EXIF
    assert response.data["submitted_by"] == staff.username
    assert ProgressAttachment.objects.count() == 2


def test_bad_attachment_is_400_and_writes_nothing(community, staff, media, settings):
    settings.PROJECT_ATTACHMENT_MAX_BYTES = 1024
    project = project_in(community.code)
    url = reverse("progress-report-list")
    for upload, message in (
        (SimpleUploadedFile("病毒.exe", b"MZ"), "只能上传图片、PDF 和 Office 文件"),
        (SimpleUploadedFile("大文件.pdf", b"0" * 2048), "超过"),
    ):
        response = api_client(staff).post(
            url,
            {"project": project.pk, "month": 3, "percent_complete": 30, "done": "x", "attachments": [upload]},
            format="multipart",
        )
        assert response.status_code == 400
        assert message in str(response.data["attachments"])
    assert not ProgressReport.objects.exists()
    assert not ProgressAttachment.objects.exists()
    assert not any(media.rglob("*.*"))


def test_filing_the_same_month_again_corrects_it(community, staff):
    project = project_in(community.code)
    client = api_client(staff)
    payload = {"project": project.pk, "month": 5, "percent_complete": 40, "done": "入户走访"}
    first = client.post(reverse("progress-report-list"), payload, format="json")
    assert first.status_code == 201
    again = client.post(
        reverse("progress-report-list"), payload | {"percent_complete": 45, "reason": "数字更正"}, format="json"
    )
    assert again.status_code == 200
    assert again.data["id"] == first.data["id"]
    assert ProgressReport.objects.get().percent_complete == 45


@pytest.mark.parametrize("status", [ProjectStatus.SUBMITTED, ProjectStatus.COMPLETED, ProjectStatus.ABANDONED])
def test_progress_of_a_project_not_running_is_400(community, staff, status):
    project = project_in(community.code, status=status, closing_summary="完成", abandon_reason="放弃")
    response = api_client(staff).post(
        reverse("progress-report-list"),
        {"project": project.pk, "month": 5, "percent_complete": 40, "done": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert "状态时不能执行此操作" in str(response.data)
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("percent", [-5, 120])
def test_progress_percent_out_of_range_is_400(community, staff, percent):
    project = project_in(community.code)
    response = api_client(staff).post(
        reverse("progress-report-list"),
        {"project": project.pk, "month": 5, "percent_complete": percent, "done": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert "percent_complete" in response.data
