"""Pages of in-service members (双报到), service posts (认领) and volunteer service: generated tests
of the lists and forms, then the area and community page, the member page, every step with its
refusals, masking, attendance and the query counts by hand."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from alliances.tests.factories import (
    ActivityFactory,
    AllianceFactory,
    MemberReportFactory,
    ServicePostFactory,
    ServiceRecordFactory,
    UnitOrganizationFactory,
    service_kind,
)
from alliances.volunteering import services
from alliances.volunteering.choices import MemberReportStatus
from alliances.volunteering.models import InServiceMember, MemberReport, PostClaim, ServicePost, ServiceRecord
from communities.tests.factories import PartyOrganizationFactory, user_with_grant
from jilin_grid.scope import Role
from jilin_grid.testing.views import ViewTestCases, build_world, login_url_for, page_count_query, table_html

TODAY = timezone.localdate


def report_in(community, **kwargs) -> MemberReport:
    """A confirmed report of a new member living in ``community`` (pass status= for another)."""
    kwargs.setdefault("member__person__area_code", community.code)
    return MemberReportFactory(community=community, **kwargs)


def awaiting_in(community, **kwargs) -> MemberReport:
    return report_in(community, status=MemberReportStatus.REPORTED, confirmed_on=None, **kwargs)


def area_url(code) -> str:
    return reverse("alliances:volunteering_area", args=[code])


def member_url(member) -> str:
    return reverse("alliances:member_detail", args=[member.pk])


def step_url(kind: str, obj, step: str) -> str:
    return reverse(f"alliances:{kind}_step", args=[obj.pk, step])


def figure(content: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', content)
    assert match, name
    return match.group(1).strip().replace(",", "")


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


@pytest.fixture
def world(db):
    return build_world()


# Generated tests of the lists and their forms -------------------------------------------------------


class TestInServiceMemberViews(ViewTestCases.ListViewTests, ViewTestCases.EditViewTests, ViewTestCases.CreateViewTests):
    model = InServiceMember
    url_prefix = "alliances:member"

    def make_object(self, grid):
        return report_in(grid.community).member

    def label(self, obj):
        return obj.person.name

    def create_data(self):
        organization = UnitOrganizationFactory()
        return {
            "community": self.world.community.pk,
            "name": "新报到党员",
            "phone": "13800000001",
            "gender": "female",
            "unit_name": "市税务局",
            "organization": organization.pk,
            "skills": "税收政策宣讲",
            "availability": "周末",
            "reported_on": "2020-05-01",
        }

    def created(self):
        return InServiceMember.objects.filter(person__name="新报到党员")

    def update_data(self, obj):
        return {
            "name": obj.person.name,
            "phone": obj.person.phone,
            "unit_name": "市司法局",
            "organization": obj.organization_id,
            "skills": "法律咨询",
            "availability": "工作日晚上",
        }

    def assert_updated(self, obj):
        assert obj.unit_name == "市司法局" and obj.skills == "法律咨询"

    def test_create_saves_for_a_permitted_user(self):
        super().test_create_saves_for_a_permitted_user()
        report = self.created().get().reports.get()
        assert report.status == MemberReportStatus.REPORTED and report.community == self.world.community

    # An edited member opens their own page rather than the list.
    def test_edit_form_opens_and_saves_for_a_permitted_user(self):
        obj = self.make_object(self.world.grid)
        self.client.force_login(self.world.writer)
        assert self.client.get(self.url("edit", obj)).status_code == 200
        response = self.client.post(self.url("edit", obj), self.update_data(obj))
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        assert response["Location"] == member_url(obj)
        obj.refresh_from_db()
        self.assert_updated(obj)


class TestServicePostViews(ViewTestCases.ListViewTests, ViewTestCases.EditViewTests, ViewTestCases.CreateViewTests):
    model = ServicePost
    url_prefix = "alliances:service_post"

    def make_object(self, grid):
        return ServicePostFactory(community=grid.community)

    def label(self, obj):
        return obj.title

    def create_data(self):
        return {
            "community": self.world.community.pk,
            "kind": service_kind("法律援助").pk,
            "title": "法律咨询岗",
            "description": "为居民解答法律问题",
            "place": "党群服务中心",
            "schedule": "每周三下午",
            "places": "3",
        }

    def created(self):
        return ServicePost.objects.filter(title="法律咨询岗")

    def update_data(self, obj):
        return {
            "kind": obj.kind_id,
            "title": obj.title + "（调整）",
            "place": obj.place,
            "schedule": "每周六全天",
            "places": "8",
        }

    def assert_updated(self, obj):
        assert obj.title.endswith("（调整）") and obj.places == 8 and obj.schedule == "每周六全天"


class TestMemberReportListViews(ViewTestCases.ListViewTests):
    model = MemberReport
    url_prefix = "alliances:member_report"

    def make_object(self, grid):
        return report_in(grid.community)

    def label(self, obj):
        return obj.member.person.name

    # Reports are confirmed, declined and ended as steps, not edited: rows link to the member.
    def test_list_shows_own_area_and_hides_others(self):
        own = self.make_object(self.world.grid)
        other = self.make_object(self.world.other_grid)
        self.client.force_login(self.world.writer)
        table = table_html(self.client.get(self.url("list")))
        assert self.label(own) in table and member_url(own.member) in table
        assert self.label(other) not in table

    def test_list_hides_edit_buttons_from_a_read_only_grant(self):
        own = self.make_object(self.world.grid)
        self.client.force_login(self.world.viewer)
        content = self.client.get(self.url("list")).content.decode()
        assert self.label(own) in table_html_of(content)

    def test_list_filters_by_status(self):
        confirmed = self.make_object(self.world.grid)
        awaiting = awaiting_in(self.world.community)
        self.client.force_login(self.world.writer)
        table = table_html(self.client.get(self.url("list"), {"status": "reported"}))
        assert self.label(awaiting) in table and self.label(confirmed) not in table


class TestServiceRecordListViews(ViewTestCases.ListViewTests):
    model = ServiceRecord
    url_prefix = "alliances:service_record"

    def make_object(self, grid):
        return ServiceRecordFactory(report=report_in(grid.community))

    def label(self, obj):
        return obj.member.person.name

    # Service is verified row by row, not edited.
    def test_list_shows_own_area_and_hides_others(self):
        own = self.make_object(self.world.grid)
        other = self.make_object(self.world.other_grid)
        self.client.force_login(self.world.writer)
        table = table_html(self.client.get(self.url("list")))
        assert self.label(own) in table and self.label(other) not in table
        assert step_url("service_record", own, "verify") in table

    def test_list_hides_edit_buttons_from_a_read_only_grant(self):
        own = self.make_object(self.world.grid)
        self.client.force_login(self.world.viewer)
        table = table_html(self.client.get(self.url("list")))
        assert self.label(own) in table
        assert step_url("service_record", own, "verify") not in table and 'data-verified="0"' in table

    def test_list_filters_verified_and_verifies_a_row(self):
        waiting = self.make_object(self.world.grid)
        done = self.make_object(self.world.grid)
        services.service_record_verify(record=done, actor=self.world.writer)
        self.client.force_login(self.world.writer)
        url = self.url("list") + "?verified=false"
        table = table_html(self.client.get(url))
        assert self.label(waiting) in table and self.label(done) not in table
        response = self.client.post(step_url("service_record", waiting, "verify"), {"next": url})
        assert response.status_code == 302 and response["Location"] == url
        waiting.refresh_from_db()
        assert waiting.is_verified and waiting.verified_by == self.world.writer
        table = table_html(self.client.get(self.url("list"), {"verified": "true"}))
        assert self.label(waiting) in table and self.label(done) in table

    def test_list_exports_excel_without_buttons(self):
        self.make_object(self.world.grid)
        self.client.force_login(self.world.writer)
        response = self.client.get(self.url("list"), {"export": "xlsx"})
        rows = list(load_workbook(io.BytesIO(response.content)).active.values)
        assert len(rows) == 2
        assert rows[1][5] == 2 and rows[1][8] in ("Awaiting verification", "待核实")


def table_html_of(content: str) -> str:
    start = content.find('data-testid="object-table"')
    return content[start : content.find("</table>", start)] if start != -1 else ""


# The community page ---------------------------------------------------------------------------------


def claim(post, report, on=datetime.date(2020, 3, 5)):
    return services.post_claim(post=post, member=report.member, claimed_on=on)


def served(claim_row, on, hours, person_times=1, verified=True, actor=None):
    record = services.service_record_log(
        member=claim_row.member, post=claim_row.post, served_on=on, hours=Decimal(hours), person_times=person_times
    )
    if verified:
        services.service_record_verify(record=record, actor=actor)
    return record


def populate(community, n=1):
    """``n`` times: two confirmed members, one awaiting, one declined and one ended; two posts of
    two kinds (one full), claims, verified and waiting service."""
    legal, elderly = service_kind("法律援助"), service_kind("关爱老人")
    for _ in range(n):
        first, second = report_in(community), report_in(community)
        awaiting_in(community)
        report_in(community, status=MemberReportStatus.DECLINED, confirmed_on=None, ended_on=datetime.date(2020, 3, 3))
        ended = report_in(community)
        services.member_report_end(report=ended, reason="搬家", ended_on=datetime.date(2020, 4, 1))
        advice = ServicePostFactory(community=community, kind=legal, places=2)
        visits = ServicePostFactory(community=community, kind=elderly, places=5)
        held = [claim(advice, first), claim(advice, second), claim(visits, first)]
        served(held[0], datetime.date(2020, 4, 2), "2.5", person_times=3)
        served(held[2], datetime.date(2020, 5, 2), "1.5")
        served(held[1], datetime.date(2020, 5, 3), "4", verified=False)


def independent_figures(code) -> dict:
    """The page's figures worked out in Python from the rows (all time), not by the selector."""
    reports = [r for r in MemberReport.objects.all() if r.area_code.startswith(code)]
    posts = [p for p in ServicePost.objects.all() if p.area_code.startswith(code)]
    claims = [c for c in PostClaim.objects.all() if c.area_code.startswith(code)]
    records = [r for r in ServiceRecord.objects.all() if r.area_code.startswith(code) and r.verified_at]
    return {
        "members_reported": sum(1 for r in reports if r.confirmed_on and r.status != MemberReportStatus.DECLINED),
        "posts": len(posts),
        "places_left": sum(p.places - p.claimed for p in posts),
        "posts_claimed": sum(1 for c in claims if c.withdrawn_on is None),
        "service_person_times": sum(r.person_times for r in records),
        "service_hours": str(float(sum(r.hours for r in records))),
    }


def test_community_page_shows_its_figures_against_an_independent_count(client, world):
    populate(world.community)
    populate(world.other_community)
    expected = independent_figures(world.community.code)
    assert expected == {
        "members_reported": 3,
        "posts": 2,
        "places_left": 4,
        "posts_claimed": 3,
        "service_person_times": 4,
        "service_hours": "4.0",
    }
    client.force_login(world.writer)
    content = client.get(area_url(world.community.code)).content.decode()
    for name, value in expected.items():
        assert figure(content, name) == str(value), name
    # Service by kind: the table beside the chart.
    kinds = table_html_by(content, "kind-table")
    assert "法律援助" in kinds and "关爱老人" in kinds
    assert 'id="kind-chart"' in content and "kind-chart-data" in content
    # A community's export is its service by kind.
    response = client.get(area_url(world.community.code), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert {row[0]: row[1:] for row in rows[1:]} == {"法律援助": (1, 2, 3, 2.5), "关爱老人": (1, 1, 1, 1.5)}


def test_community_page_lists_members_awaiting_posts_and_waiting_service(client, world):
    populate(world.community)
    client.force_login(world.writer)
    content = client.get(area_url(world.community.code)).content.decode()
    awaiting = MemberReport.objects.get(area_code=world.community.code, status=MemberReportStatus.REPORTED)
    assert step_url("member_report", awaiting, "confirm") in table_html_by(content, "awaiting")
    members = table_html_by(content, "members")
    confirmed = MemberReport.objects.filter(area_code=world.community.code, status=MemberReportStatus.CONFIRMED)
    assert confirmed.count() == 2
    for report in confirmed:
        assert member_url(report.member) in members
    assert awaiting.member.person.name not in members
    posts = table_html_by(content, "posts")
    assert 'data-post-state="full"' in posts and 'data-post-state="open"' in posts
    # Only the open post with places left can be claimed.
    full = ServicePost.objects.get(area_code=world.community.code, places=2)
    assert step_url("service_post", full, "claim") not in posts
    waiting = ServiceRecord.objects.get(area_code=world.community.code, verified_at__isnull=True)
    assert step_url("service_record", waiting, "verify") in table_html_by(content, "pending")
    # Writers get the two forms of the community.
    assert reverse("alliances:volunteering_form", args=[world.community.code, "report"]) in content
    assert reverse("alliances:volunteering_form", args=[world.community.code, "post"]) in content


def test_a_read_only_role_sees_the_page_without_forms_or_steps(client, world):
    populate(world.community)
    client.force_login(world.viewer)
    content = client.get(area_url(world.community.code)).content.decode()
    assert figure(content, "members_reported") == "3"
    assert 'method="post"' not in content.split("<main")[1]


def test_members_are_paginated(client, world):
    for _ in range(23):
        report_in(world.community)
    client.force_login(world.writer)
    first = client.get(area_url(world.community.code)).content.decode()
    second = client.get(area_url(world.community.code), {"page": 2}).content.decode()
    assert table_html_by(first, "members").count("data-member=") == 20
    assert table_html_by(second, "members").count("data-member=") == 3
    assert 'data-testid="members-count">23<' in first


def test_the_period_filters_the_figures(client, world):
    populate(world.community)
    client.force_login(world.writer)
    content = client.get(area_url(world.community.code), {"from": "2020-05-01", "to": "2020-05-31"}).content.decode()
    assert figure(content, "service_hours") == "1.5"
    assert figure(content, "service_person_times") == "1"
    content = client.get(area_url(world.community.code), {"from": "2020-05-31", "to": "2020-05-01"}).content.decode()
    assert figure(content, "service_hours") == "4.0"  # a period that ends before it starts is ignored
    assert "invalid-feedback" in content


def test_street_page_compares_its_communities_sorts_and_exports(client, world):
    populate(world.community)
    populate(world.other_community, n=2)
    street = world.community.street
    client.force_login(user_with_grant(street.code, Role.STREET_STAFF))
    content = client.get(area_url(street.code)).content.decode()
    expected = independent_figures(street.code)
    for name in ("members_reported", "posts", "posts_claimed", "service_person_times"):
        assert figure(content, name) == str(expected[name]), name
    table = table_html_by(content, "children-table")
    assert area_url(world.community.code) in table and area_url(world.other_community.code) in table
    # No community forms above the community.
    assert 'data-testid="community-forms"' not in content

    def names(sort):
        table = table_html_by(client.get(area_url(street.code), {"sort": sort}).content.decode(), "children-table")
        return re.findall(r'class="fw-semibold">([^<]+)<', table)

    assert names("-members_reported") == [world.other_community.name, world.community.name]
    assert names("members_reported") == [world.community.name, world.other_community.name]
    response = client.get(area_url(street.code), {"export": "xlsx", "sort": "-members_reported"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert [row[0] for row in rows[1:]] == [world.other_community.name, world.community.name]
    assert rows[1][2] == independent_figures(world.other_community.code)["members_reported"]
    csv = client.get(area_url(street.code), {"export": "csv"}).content.decode("utf-8-sig")
    assert world.community.name in csv


def test_scope_of_the_area_page(client, world):
    url = area_url(world.community.code)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == login_url_for(url)
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    assert client.get(area_url(world.community.street.code)).status_code == 404
    client.force_login(world.writer)
    assert client.get(f"/volunteering/{world.grid.code}/").status_code == 404
    response = client.get(reverse("alliances:volunteering_home"))
    assert response.status_code == 302 and response["Location"] == url


def table_html_by(content: str, testid: str) -> str:
    start = content.find(f'data-testid="{testid}"')
    return content[start : content.find("</table>", start)] if start != -1 else ""


# The forms of the community page ---------------------------------------------------------------------


def form_url(community, name) -> str:
    return reverse("alliances:volunteering_form", args=[community.code, name])


def report_data(**overrides) -> dict:
    data = {
        "name": "王志愿",
        "phone": "13911112222",
        "gender": "male",
        "unit_name": "市教育局",
        "organization": UnitOrganizationFactory().pk,
        "skills": "课业辅导",
        "availability": "周六上午",
        "reported_on": "2020-06-01",
    }
    data.update(overrides)
    return data


def post_data(**overrides) -> dict:
    data = {
        "kind": service_kind("课业辅导").pk,
        "title": "四点半课堂辅导",
        "description": "放学后辅导小学生作业",
        "place": "社区四点半课堂",
        "schedule": "工作日16:30-18:00",
        "places": "4",
    }
    data.update(overrides)
    return data


def test_report_a_member_on_the_community_page(client, world):
    url = form_url(world.community, "report")
    data = report_data()
    client.force_login(world.viewer)
    assert client.post(url, data).status_code == 403
    client.force_login(world.outsider)
    assert client.post(url, data).status_code == 404
    assert not InServiceMember.objects.exists()
    client.force_login(world.writer)
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == area_url(world.community.code)
    report = MemberReport.objects.get()
    assert report.status == MemberReportStatus.REPORTED and report.community == world.community
    assert report.member.person.phone == "13911112222" and report.member.unit_name == "市教育局"
    # The same person again, while the report is open: refused on the form, nothing written.
    response = client.post(url, report_data(name="王志愿", reported_on="2020-06-02"))
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="collapse show" id="form-report"' in content
    assert "已经" in content or "already reported" in content
    assert MemberReport.objects.count() == 1


def test_report_form_offers_employer_organizations_above_the_community_only(client, world):
    city_unit = UnitOrganizationFactory(name="市教育局机关党支部")
    street_unit = PartyOrganizationFactory(area_code=world.community.street.code, name="街道机关党支部")
    neighbour = PartyOrganizationFactory(area_code=world.other_community.code, name="邻社区党支部")
    client.force_login(world.writer)
    content = client.get(area_url(world.community.code)).content.decode()
    form = content[content.index('id="form-report"') : content.index('id="form-post"')]
    assert city_unit.name in form and street_unit.name in form and neighbour.name not in form
    response = client.post(form_url(world.community, "report"), report_data(organization=neighbour.pk))
    assert response.status_code == 400 and "organization" in response.context["forms"]["report"].errors
    assert not MemberReport.objects.exists()


def test_publish_a_post_on_the_community_page(client, world):
    url = form_url(world.community, "post")
    client.force_login(world.viewer)
    assert client.post(url, post_data()).status_code == 403
    client.force_login(world.writer)
    response = client.post(url, post_data())
    assert response.status_code == 302
    post = ServicePost.objects.get()
    assert post.community == world.community and post.places == 4 and post.claimed == 0
    assert post.published_on == TODAY()
    # No places, or the same title twice: refused on the form.
    response = client.post(url, post_data(title="另一岗位", places="0"))
    assert response.status_code == 400 and "places" in response.context["forms"]["post"].errors
    response = client.post(url, post_data())
    assert response.status_code == 400 and response.context["forms"]["post"].errors
    assert ServicePost.objects.count() == 1
    content = client.get(area_url(world.community.code)).content.decode()
    assert "四点半课堂辅导" in table_html_by(content, "posts")


def test_forms_belong_to_a_community_page(client, world):
    client.force_login(user_with_grant(world.community.street.code, Role.STREET_STAFF))
    assert client.post(form_url(world.community.street, "post"), post_data()).status_code == 404
    assert client.post(form_url(world.community, "nonsense"), post_data()).status_code == 404
    assert client.post(form_url(world.community, "post"), post_data()).status_code == 302


# Steps: confirm, decline, claim, verify, end, withdraw, log --------------------------------------------


def post_step(client, user, url, data=None, follow=False):
    client.force_login(user)
    return client.post(url, data or {}, follow=follow)


def step_form_html(response, name: str) -> str:
    """The form of the step ``name`` (``log-12``) on a page shown again after that step was refused (400)."""
    assert response.status_code == 400
    match = re.search(rf'<form[^>]*data-(?:step-)?form="{name}".*?</form>', response.content.decode(), re.S)
    assert match, name
    return match.group(0)


def check_refused(client, world, url, data=None):
    assert post_step(client, world.viewer, url, data).status_code == 403
    assert post_step(client, world.outsider, url, data).status_code == 404


def test_confirm_a_report(client, world):
    report = awaiting_in(world.community)
    url = step_url("member_report", report, "confirm")
    check_refused(client, world, url)
    report.refresh_from_db()
    assert report.status == MemberReportStatus.REPORTED
    back = area_url(world.community.code)
    response = post_step(client, world.writer, url, {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    report.refresh_from_db()
    assert report.status == MemberReportStatus.CONFIRMED and report.confirmed_by == world.writer
    # Twice: the service refuses, the page says why, nothing changes.
    response = post_step(client, world.writer, url, {"next": back}, follow=True)
    assert any("确认" in m or "confirmed" in m for m in messages_of(response))
    assert "alert-danger" in response.content.decode()


def test_a_step_never_returns_to_another_site(client, world):
    report = awaiting_in(world.community)
    response = post_step(
        client, world.writer, step_url("member_report", report, "confirm"), {"next": "https://evil.example/"}
    )
    assert response["Location"] == member_url(report.member)


def test_decline_a_report_needs_a_reason(client, world):
    report = awaiting_in(world.community)
    url = step_url("member_report", report, "decline")
    check_refused(client, world, url, {"reason": "不在本社区居住"})
    response = post_step(client, world.writer, url, {"reason": ""})
    assert response.status_code == 400
    assert 'data-field="reason"' in step_form_html(response, f"decline-{report.pk}")
    report.refresh_from_db()
    assert report.status == MemberReportStatus.REPORTED
    post_step(client, world.writer, url, {"reason": "不在本社区居住"})
    report.refresh_from_db()
    assert report.status == MemberReportStatus.DECLINED and report.end_reason == "不在本社区居住"
    # A declined report cannot be confirmed any more.
    response = post_step(client, world.writer, step_url("member_report", report, "confirm"), follow=True)
    assert "alert-danger" in response.content.decode()
    report.refresh_from_db()
    assert report.status == MemberReportStatus.DECLINED


def test_claim_a_place_and_the_refusals(client, world):
    post = ServicePostFactory(community=world.community, places=1)
    first, second = report_in(world.community), report_in(world.community)
    waiting = awaiting_in(world.community)
    elsewhere = report_in(world.other_community)
    url = step_url("service_post", post, "claim")
    check_refused(client, world, url, {"member": first.member_id})
    assert not PostClaim.objects.exists()
    # A member whose report is not confirmed yet.
    response = post_step(client, world.writer, url, {"member": waiting.member_id}, follow=True)
    assert "alert-danger" in response.content.decode() and not PostClaim.objects.exists()
    # A member of another community: refused without naming them.
    response = post_step(client, world.writer, url, {"member": elsewhere.member_id}, follow=True)
    assert elsewhere.member.person.name not in " ".join(messages_of(response))
    assert not PostClaim.objects.exists()
    response = post_step(client, world.writer, url, {"member": first.member_id}, follow=True)
    assert "alert-success" in response.content.decode()
    post.refresh_from_db()
    assert post.claimed == 1 and PostClaim.objects.get().member == first.member
    # Full now: refused, nothing written.
    response = post_step(client, world.writer, url, {"member": second.member_id}, follow=True)
    assert any("满" in m or "full" in m for m in messages_of(response))
    post.refresh_from_db()
    assert post.claimed == 1 and PostClaim.objects.count() == 1


def test_close_a_post(client, world):
    post = ServicePostFactory(community=world.community)
    url = step_url("service_post", post, "close")
    check_refused(client, world, url)
    post_step(client, world.writer, url)
    post.refresh_from_db()
    assert post.closed_on == TODAY()
    response = post_step(
        client,
        world.writer,
        step_url("service_post", post, "claim"),
        {"member": report_in(world.community).member_id},
        follow=True,
    )
    assert "alert-danger" in response.content.decode() and not PostClaim.objects.exists()


def test_log_and_verify_service_and_the_refusals(client, world):
    post = ServicePostFactory(community=world.community)
    report = report_in(world.community)
    held = claim(post, report)
    url = step_url("post_claim", held, "log")
    data = {"served_on": "2020-04-01", "hours": "2.5", "person_times": "2", "note": "入户宣传"}
    check_refused(client, world, url, data)
    assert not ServiceRecord.objects.exists()
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = post_step(client, world.writer, url, {**data, "served_on": tomorrow})
    assert 'data-field="served_on"' in step_form_html(response, f"log-{held.pk}")
    assert not ServiceRecord.objects.exists()
    response = post_step(client, world.writer, url, {**data, "hours": "25"})
    assert 'data-field="hours"' in step_form_html(response, f"log-{held.pk}")
    assert not ServiceRecord.objects.exists()
    response = post_step(client, world.writer, url, data)
    assert response["Location"] == member_url(report.member)
    record = ServiceRecord.objects.get()
    assert record.hours == Decimal("2.5") and record.person_times == 2 and not record.is_verified
    assert record.recorded_by == world.writer and record.kind == post.kind
    # The same day twice is refused.
    response = post_step(client, world.writer, url, data, follow=True)
    assert "alert-danger" in response.content.decode() and ServiceRecord.objects.count() == 1
    verify = step_url("service_record", record, "verify")
    check_refused(client, world, verify)
    record.refresh_from_db()
    assert not record.is_verified
    post_step(client, world.writer, verify)
    record.refresh_from_db()
    assert record.is_verified and record.verified_by == world.writer
    response = post_step(client, world.writer, verify, follow=True)
    assert any("核实" in m or "verified" in m for m in messages_of(response))


def test_withdraw_a_claim_frees_the_place(client, world):
    post = ServicePostFactory(community=world.community, places=1)
    held = claim(post, report_in(world.community))
    url = step_url("post_claim", held, "withdraw")
    check_refused(client, world, url)
    post_step(client, world.writer, url)
    held.refresh_from_db()
    post.refresh_from_db()
    assert held.withdrawn_on == TODAY() and post.claimed == 0
    response = post_step(client, world.writer, url, follow=True)
    assert "alert-danger" in response.content.decode()
    post.refresh_from_db()
    assert post.claimed == 0


def test_end_a_report_frees_the_members_places(client, world):
    post = ServicePostFactory(community=world.community, places=1)
    report = report_in(world.community)
    claim(post, report)
    url = step_url("member_report", report, "end")
    data = {"reason": "搬离本社区", "ended_on": TODAY().isoformat()}
    check_refused(client, world, url, data)
    post_step(client, world.writer, url, data)
    report.refresh_from_db()
    post.refresh_from_db()
    assert report.status == MemberReportStatus.ENDED and report.end_reason == "搬离本社区" and post.claimed == 0
    response = post_step(client, world.writer, url, data, follow=True)
    assert "alert-danger" in response.content.decode()


# The member page ------------------------------------------------------------------------------------


def test_member_page_shows_history_posts_service_by_month_and_steps(client, world):
    post = ServicePostFactory(community=world.community, title="政策宣讲岗")
    old = ServicePostFactory(community=world.community, title="环境整治岗")
    report = report_in(world.community)
    member = report.member
    services.post_claim_withdraw(claim=claim(old, report), withdrawn_on=datetime.date(2020, 3, 20))
    held = claim(post, report)
    served(held, datetime.date(2020, 4, 2), "2", person_times=2)
    served(held, datetime.date(2020, 4, 9), "1.5")
    waiting = served(held, datetime.date(2020, 5, 3), "3", verified=False)
    # An earlier report to the neighbouring community, ended when the member moved.
    MemberReportFactory(
        member=member, community=world.other_community, status=MemberReportStatus.ENDED,
        reported_on=datetime.date(2019, 1, 1), ended_on=datetime.date(2019, 12, 31), end_reason="搬家",
    )  # fmt: skip
    client.force_login(world.writer)
    content = client.get(member_url(member)).content.decode()
    assert figure(content, "posts_held") == "1"
    assert figure(content, "person_times") == "3"
    assert figure(content, "verified_hours") == "3.5"
    assert figure(content, "pending_hours") == "3.0"
    reports = re.findall(r'data-report="\d+" data-status="(\w+)"', content)
    assert reports == ["confirmed", "ended"]
    assert world.other_community.name in content and "搬家" in content
    claims = table_html_by(content, "claims")
    assert claims.index("政策宣讲岗") < claims.index("环境整治岗")
    assert step_url("post_claim", held, "log") in claims and step_url("post_claim", held, "withdraw") in claims
    assert step_url("member_report", report, "end") in content
    records = table_html_by(content, "records")
    assert records.count("data-record=") == 3
    assert step_url("service_record", waiting, "verify") in records
    assert "month-chart-data" in content and '"2020-04"' in content and '"2020-05"' in content


def test_member_page_scope_and_masking(client, world):
    member = report_in(world.community, member__person__phone="13912345678").member
    url = member_url(member)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == login_url_for(url)
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.writer)
    assert "13912345678" in client.get(url).content.decode()
    for user in (world.viewer, user_with_grant(world.community.street.district.code, Role.DISTRICT_ORG_DEPT)):
        client.force_login(user)
        content = client.get(url).content.decode()
        assert "139****5678" in content and "13912345678" not in content
    # The district may act on the report (a writing role), the read-only role may not.
    assert step_url("member_report", member.reports.get(), "end") in content
    client.force_login(world.viewer)
    assert 'method="post"' not in client.get(url).content.decode().split("<main")[1]


def test_phones_are_masked_on_the_community_page_and_in_exports(client, world):
    report_in(world.community, member__person__phone="13912345678")
    awaiting_in(world.community, member__person__phone="13987654321")
    client.force_login(user_with_grant(world.community.street.district.code, Role.DISTRICT_ORG_DEPT))
    content = client.get(area_url(world.community.code)).content.decode()
    assert "139****5678" in content and "139****4321" in content
    assert "13912345678" not in content and "13987654321" not in content
    csv = client.get(reverse("alliances:member_list"), {"export": "csv"}).content.decode("utf-8-sig")
    assert "139****5678" in csv and "13912345678" not in csv
    client.force_login(world.writer)
    content = client.get(area_url(world.community.code)).content.decode()
    assert "13912345678" in content and "13987654321" in content


def test_member_edit_keeps_a_hidden_phone(client, world):
    member = report_in(world.community, member__person__phone="13912345678").member
    client.force_login(user_with_grant(world.community.street.district.code, Role.DISTRICT_ORG_DEPT))
    url = reverse("alliances:member_edit", args=[member.pk])
    assert "13912345678" not in client.get(url).content.decode()
    response = client.post(
        url, {"name": member.person.name, "unit_name": "新单位", "organization": member.organization_id}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    member.person.refresh_from_db()
    assert member.person.phone == "13912345678" and member.unit_name == "新单位"


# Activity attendance ----------------------------------------------------------------------------------


@pytest.fixture
def activity(world):
    alliance = AllianceFactory(lead_organization=PartyOrganizationFactory(area_code=world.community.code))
    return ActivityFactory(alliance=alliance, held_on=datetime.date(2020, 6, 1), title="敬老助餐")


def attendance_url(activity) -> str:
    return reverse("alliances:activity_attendance", args=[activity.pk])


def test_attendance_is_recorded_then_verified_at_once(client, world, activity):
    present = [report_in(world.community, reported_on=datetime.date(2020, 3, 1)) for _ in range(3)]
    awaiting = awaiting_in(world.community)
    elsewhere = report_in(world.other_community)
    kind = service_kind("关爱老人")
    data = {"members": [r.member_id for r in present], "hours": "2", "kind": kind.pk, "served_on": "2020-06-01"}
    url = attendance_url(activity)
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404 and client.post(url, data).status_code == 404
    client.force_login(world.viewer)
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    client.force_login(world.writer)
    content = client.get(url).content.decode()
    form = content[content.index('data-form="attendance"') :]
    for report in present:
        assert report.member.person.name in form
    assert awaiting.member.person.name not in form and elsewhere.member.person.name not in form
    # A member outside the list offered is refused by the form: nothing written.
    response = client.post(url, {**data, "members": [present[0].member_id, elsewhere.member_id]})
    assert response.status_code == 400 and "members" in response.context["form"].errors
    assert not ServiceRecord.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url
    assert ServiceRecord.objects.filter(activity=activity, verified_at__isnull=True).count() == 3
    content = client.get(url).content.decode()
    assert table_html_by(content, "attendance").count('data-verified="0"') == 3
    verify = step_url("activity", activity, "verify_all")
    check_refused(client, world, verify)
    response = post_step(client, world.writer, verify, {"next": url})
    assert response["Location"] == url
    assert ServiceRecord.objects.filter(activity=activity, verified_at__isnull=False).count() == 3
    response = post_step(client, world.writer, verify, follow=True)
    assert "alert-danger" in response.content.decode()
    # The service now counts on the community page.
    content = client.get(area_url(world.community.code)).content.decode()
    assert figure(content, "service_person_times") == "3" and figure(content, "service_hours") == "6.0"


def test_attendance_refused_for_one_member_writes_nothing(client, world, activity):
    early = report_in(world.community, reported_on=datetime.date(2020, 3, 1))
    late = report_in(world.community, reported_on=datetime.date(2020, 7, 1), confirmed_on=datetime.date(2020, 7, 2))
    client.force_login(world.writer)
    data = {
        "members": [early.member_id, late.member_id],
        "hours": "2",
        "kind": service_kind().pk,
        "served_on": "2020-06-01",
    }
    response = client.post(attendance_url(activity), data)
    assert response.status_code == 400
    assert late.member.person.name in response.content.decode()
    assert not ServiceRecord.objects.exists()


def test_alliance_page_links_each_activity_to_its_attendance(client, world, activity):
    client.force_login(world.writer)
    content = client.get(reverse("alliances:alliance_detail", args=[activity.alliance_id])).content.decode()
    assert attendance_url(activity) in content


# Queries ----------------------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries) - page_count_query(response)


PAGE_LIMITS = {"community": 20, "street": 12, "member": 12, "attendance": 12, "list": 8}


def test_pages_run_a_fixed_number_of_queries_at_ten_times_the_data(
    client, world, activity, django_assert_max_num_queries
):
    def grow(n):
        populate(world.community, n)
        populate(world.other_community, n)
        for report in MemberReport.objects.filter(area_code=world.community.code, status=MemberReportStatus.CONFIRMED):
            if not ServiceRecord.objects.filter(activity=activity, member=report.member).exists():
                services.service_record_log(
                    member=report.member, activity=activity, kind=service_kind(), served_on=activity.held_on, hours=1
                )

    grow(1)
    member = (
        MemberReport.objects.filter(area_code=world.community.code, status=MemberReportStatus.CONFIRMED).first().member
    )
    urls = {
        "community": area_url(world.community.code),
        "street": area_url(world.community.street.code),
        "member": member_url(member),
        "attendance": reverse("alliances:activity_attendance", args=[activity.pk]),
        "members list": reverse("alliances:member_list"),
        "reports list": reverse("alliances:member_report_list"),
        "posts list": reverse("alliances:service_post_list"),
        "service list": reverse("alliances:service_record_list"),
    }
    client.force_login(user_with_grant(world.community.street.code, Role.STREET_STAFF))
    small = {name: count_queries(client, url) for name, url in urls.items()}
    grow(10)
    for _ in range(10):  # the member keeps serving: ten more months
        held = PostClaim.objects.filter(member=member, withdrawn_on__isnull=True).first()
        day = datetime.date(2020, 6, 1)
        for month in range(6, 12):
            served(held, day.replace(month=month, day=1 + _), "1", verified=_ % 2 == 0)
    large = {name: count_queries(client, url) for name, url in urls.items()}
    print("queries", small)
    assert large == small
    for name, url in urls.items():
        limit = PAGE_LIMITS.get(name, PAGE_LIMITS["list"])
        with django_assert_max_num_queries(limit):
            client.get(url)
