"""API of in-service members, their reports, service posts, claims and service records: the
generated tests per endpoint, then by hand the actions and their refusals (in Chinese, the default
language), masking, the choice of an employer organization above the caller's area, and scoping for
every role. Sunk cadres: test_cadres_api.py."""

import datetime
from decimal import Decimal
from itertools import count
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from alliances.tests.factories import (
    ActivityFactory,
    AllianceFactory,
    MemberReportFactory,
    PostClaimFactory,
    ServicePostFactory,
    ServiceRecordFactory,
    UnitOrganizationFactory,
    service_kind,
)
from alliances.volunteering import services
from alliances.volunteering.choices import MemberReportStatus
from alliances.volunteering.models import (
    InServiceMember,
    MemberReport,
    PostClaim,
    ServiceKind,
    ServicePost,
    ServiceRecord,
)
from communities.tests.factories import (
    AreaGrantFactory,
    CommunityFactory,
    PartyOrganizationFactory,
    UserFactory,
    user_with_grant,
)
from grids.tests.factories import GridFactory
from jilin_grid import scope as roles
from jilin_grid.testing.api import APITestCases, api_client, result_ids, schema_response

DAY = datetime.date(2020, 6, 1)
PHONES = count(13900001000)
ROLE_MAY_NOT_WRITE = "您的角色不能修改此处的数据。 / Your role may not change data here."


def invalid_pk(pk) -> str:
    return f'无效的主键 "{pk}"：对象不存在。 / Invalid pk "{pk}" - object does not exist.'


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def reported(community, *, status=MemberReportStatus.CONFIRMED, **person) -> MemberReport:
    """A member's report to ``community`` (confirmed unless told), the member living there."""
    extra = {} if status == MemberReportStatus.CONFIRMED else {"confirmed_on": None}
    person = {f"member__person__{key}": value for key, value in {"area_code": community.code, **person}.items()}
    return MemberReportFactory(community=community, status=status, **extra, **person)


def held_post(report, **kwargs) -> ServicePost:
    post = ServicePostFactory(community=report.community, **kwargs)
    services.post_claim(post=post, member=report.member, claimed_on=datetime.date(2020, 3, 5))
    post.refresh_from_db()
    return post


def activity_in(code: str, **kwargs):
    return ActivityFactory(
        alliance=AllianceFactory(lead_organization=PartyOrganizationFactory(area_code=code)), **kwargs
    )


# The generated tests.


class TestInServiceMemberAPI(APITestCases.Read, APITestCases.Create, APITestCases.Update, APITestCases.NoDelete):
    model = InServiceMember
    basename = "in-service-member"
    # Token, grants, count, rows with person and organization, their reports with communities.
    max_list_queries = 5

    def make_object(self, area):
        return reported(area.community).member

    def create_payload(self, area):
        return {
            "community": area.community.pk,
            "organization": UnitOrganizationFactory().pk,
            "name": "张三",
            "phone": str(next(PHONES)),
            "unit_name": "市税务局",
            "skills": "法律咨询",
            "availability": "周末",
        }

    def update_payload(self, obj, area):
        return {"skills": "政策宣讲、心理疏导", "availability": "工作日晚上", "unit_name": "市财政局"}

    def test_create_permitted(self, area_a, user_a):
        super().test_create_permitted(area_a, user_a)
        member = InServiceMember.objects.get()
        report = member.reports.get()
        assert (report.community, report.status) == (area_a.community, MemberReportStatus.REPORTED)
        response = api_client(user_a).get(self.detail_url(member))
        assert response.data["current_report"]["status"] == "reported"
        assert response.data["current_report"]["community"] == area_a.community.pk


class TestMemberReportAPI(APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = MemberReport
    basename = "member-report"
    # Token, grants, count, rows with member, person, community, confirming user.
    max_list_queries = 4

    def make_object(self, area):
        return reported(area.community)

    def create_payload(self, area):
        return {
            "community": area.community.pk,
            "name": "李四",
            "phone": str(next(PHONES)),
            "organization": UnitOrganizationFactory().pk,
            "reported_on": "2020-04-01",
        }


class TestServicePostAPI(APITestCases.Read, APITestCases.Create, APITestCases.Update, APITestCases.NoDelete):
    model = ServicePost
    basename = "service-post"
    # Token, grants, count, rows with community and kind.
    max_list_queries = 4

    def make_object(self, area):
        return ServicePostFactory(community=area.community)

    def create_payload(self, area):
        return {
            "community": area.community.pk,
            "kind": service_kind("法律援助").pk,
            "title": "法律咨询岗",
            "description": "每周为居民解答法律问题",
            "place": "社区党群服务中心",
            "schedule": "每周六上午",
            "places": 3,
            "published_on": "2020-04-01",
        }

    def update_payload(self, obj, area):
        return {"places": 8, "schedule": "每周日上午"}


class TestPostClaimAPI(APITestCases.Read):
    model = PostClaim
    basename = "post-claim"
    # Token, grants, count, rows with post, kind, member, person.
    max_list_queries = 4

    def make_object(self, area):
        return PostClaimFactory(report=reported(area.community))

    def test_claims_are_made_only_through_the_posts_action(self, obj_a, user_a):
        client = api_client(user_a)
        payload = {"post": obj_a.post_id, "member": obj_a.member_id}
        assert client.post(self.list_url(), payload, format="json").status_code == 405
        assert client.patch(self.detail_url(obj_a), {"withdrawn_on": "2020-05-01"}, format="json").status_code == 405
        assert client.delete(self.detail_url(obj_a)).status_code == 405
        obj_a.refresh_from_db()
        assert obj_a.withdrawn_on is None


class TestServiceRecordAPI(APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = ServiceRecord
    basename = "service-record"
    # Token, grants, count, rows with member, person, kind, post, activity and the two users.
    max_list_queries = 4

    def make_object(self, area):
        return ServiceRecordFactory(report=reported(area.community))

    def create_payload(self, area):
        report = reported(area.community)
        return {
            "member": report.member.pk,
            "post": held_post(report).pk,
            "served_on": "2020-04-01",
            "hours": 2.5,
            "person_times": 1,
            "note": "入户宣传惠民政策",
        }

    def test_create_permitted(self, area_a, user_a):
        super().test_create_permitted(area_a, user_a)
        record = ServiceRecord.objects.get()
        assert (record.hours, record.recorded_by, record.is_verified) == (Decimal("2.5"), user_a, False)


# A community with users of every role around it.


@pytest.fixture
def place(db):
    community = CommunityFactory()
    return SimpleNamespace(community=community, grid=GridFactory(community=community))


def user_of(place, role: str, level: str = "community"):
    code = {
        "city": "2202",
        "district": place.community.code[:6],
        "street": place.community.code[:9],
        "community": place.community.code,
        "grid": place.grid.code,
    }[level]
    return user_with_grant(code, role)


def staff(place):
    return api_client(user_of(place, roles.COMMUNITY_STAFF))


def url(name: str, *args) -> str:
    return reverse(name, args=args)


# Service kinds.


def test_service_kinds_are_the_active_ones_in_their_order(place):
    # The migration's kinds, made here too: a test that flushes the database removes them.
    first, last, retired = (service_kind(name) for name in ("关爱老人", "政策宣传", "法律援助"))
    ServiceKind.objects.filter(pk=first.pk).update(position=0)
    ServiceKind.objects.filter(pk=last.pk).update(position=99)
    ServiceKind.objects.filter(pk=retired.pk).update(is_active=False)
    client = api_client(user_of(place, roles.API_READER))
    rows = client.get(url("service-kind-list")).json()["results"]
    expected = ServiceKind.objects.filter(is_active=True).order_by("position", "name").values_list("id", "name")
    assert [(row["id"], row["name"]) for row in rows] == list(expected)
    assert (rows[0]["name"], rows[-1]["name"]) == ("关爱老人", "政策宣传")
    assert retired.pk not in {row["id"] for row in rows}


def test_service_kinds_are_read_only(place):
    assert api_client().get(url("service-kind-list")).status_code == 401
    response = staff(place).post(url("service-kind-list"), {"name": "新类别"}, format="json")
    assert response.status_code == 405
    assert not ServiceKind.objects.filter(name="新类别").exists()


# Members and reports.


def test_member_detail_shows_unit_organization_and_current_report(place):
    report = reported(place.community, phone="13912345678")
    member = report.member
    data = staff(place).get(url("in-service-member-detail", member.pk)).json()
    assert data["name"] == member.person.name
    assert data["phone"] == "13912345678"
    assert (data["organization"], data["organization_name"]) == (member.organization_id, member.organization.name)
    assert data["unit_name"] == member.unit_name
    assert data["area_code"] == place.community.code
    assert data["current_report"] == {
        "id": report.pk,
        "community": place.community.pk,
        "community_name": place.community.name,
        "status": "confirmed",
        "status_display": "已确认",
        "reported_on": "2020-03-01",
        "confirmed_on": "2020-03-02",
        "ended_on": None,
    }


def test_member_who_moved_shows_the_open_report(place):
    old = reported(CommunityFactory(street=place.community.street))
    services.member_report_end(report=old, ended_on=datetime.date(2020, 4, 1))
    new = services.member_report_submit(
        community=place.community,
        organization=old.member.organization,
        unit_name="",
        phone=old.member.person.phone,
        reported_on=datetime.date(2020, 4, 2),
    )
    data = staff(place).get(url("in-service-member-detail", old.member.pk)).json()
    assert (data["current_report"]["id"], data["current_report"]["status"]) == (new.pk, "reported")
    history = staff(place).get(url("member-report-list"), {"member": old.member.pk}).json()["results"]
    assert [row["id"] for row in history] == [new.pk]  # the old report lies outside the community


@pytest.mark.parametrize(
    ("role", "level", "phone"),
    [
        (roles.COMMUNITY_STAFF, "community", "13912345678"),
        (roles.STREET_STAFF, "street", "13912345678"),
        (roles.DISTRICT_ORG_DEPT, "district", "139****5678"),
        (roles.CITY_ORG_DEPT, "city", "139****5678"),
        (roles.API_READER, "community", "139****5678"),
    ],
)
def test_member_phone_is_masked_for_roles_without_personal_data(place, role, level, phone):
    member = reported(place.community, phone="13912345678").member
    client = api_client(user_of(place, role, level))
    assert client.get(url("in-service-member-detail", member.pk)).json()["phone"] == phone
    assert [row["phone"] for row in client.get(url("in-service-member-list")).json()["results"]] == [phone]


def test_masked_phone_is_not_written_back_by_an_update(place):
    member = reported(place.community, phone="13912345678").member
    client = api_client(user_of(place, roles.DISTRICT_ORG_DEPT, "district"))
    response = client.patch(url("in-service-member-detail", member.pk), {"skills": "书法"}, format="json")
    assert response.status_code == 200
    member.person.refresh_from_db()
    assert member.person.phone == "13912345678"


def test_member_name_and_phone_are_changed_on_the_person(place):
    member = reported(place.community).member
    payload = {"name": "张三丰", "phone": "13800000001"}
    response = staff(place).patch(url("in-service-member-detail", member.pk), payload, format="json")
    assert response.status_code == 200, response.data
    member.person.refresh_from_db()
    assert (member.person.name, member.person.phone) == ("张三丰", "13800000001")


def test_member_with_an_open_report_cannot_report_again(place):
    report = reported(place.community, phone="13912345678")
    other = CommunityFactory(street=place.community.street)
    payload = {"community": other.pk, "organization": UnitOrganizationFactory().pk, "phone": "13912345678"}
    response = api_client(user_of(place, roles.STREET_STAFF, "street")).post(
        url("in-service-member-list"), payload, format="json"
    )
    assert response.status_code == 400
    # The refusal names neither the member nor the community they reported to.
    assert response.json()["non_field_errors"] == [
        "该手机号属于已向其他社区报到的党员；请联系该社区结束报到后再向本社区报到。"
    ]
    assert report.member.person.name not in response.content.decode()
    assert MemberReport.objects.count() == 1


def test_member_organization_may_be_one_above_the_callers_area_but_not_beyond(place):
    client = staff(place)
    city_unit = UnitOrganizationFactory(area_code="2202")
    district_unit = UnitOrganizationFactory(area_code=place.community.code[:6])
    foreign = UnitOrganizationFactory(area_code=CommunityFactory().code[:6])
    payload = {"community": place.community.pk, "name": "王五", "phone": "13912345670"}
    for organization in (city_unit, district_unit):
        payload["phone"] = str(next(PHONES))
        response = client.post(
            url("in-service-member-list"), {**payload, "organization": organization.pk}, format="json"
        )
        assert response.status_code == 201, response.data
        assert response.json()["organization_name"] == organization.name
    response = client.post(url("in-service-member-list"), {**payload, "organization": foreign.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["organization"] == [invalid_pk(foreign.pk)]


def test_member_reports_again_after_the_end_through_the_reports(place):
    report = reported(place.community)
    member = report.member
    kept = (member.organization_id, member.unit_name, member.skills)
    services.member_report_end(report=report, ended_on=datetime.date(2020, 5, 1))
    payload = {"member": member.pk, "community": place.community.pk, "reported_on": "2020-05-10"}
    response = staff(place).post(url("member-report-list"), payload, format="json")
    assert response.status_code == 201, response.data
    assert (response.json()["member"], response.json()["status"]) == (member.pk, "reported")
    member.refresh_from_db()
    assert list(member.reports.values_list("status", flat=True)) == ["reported", "ended"]
    assert (member.organization_id, member.unit_name, member.skills) == kept


def test_new_member_report_needs_an_organization(place):
    payload = {"community": place.community.pk, "name": "李四", "phone": "13912345671"}
    response = staff(place).post(url("member-report-list"), payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"organization": ["该字段是必填项。"]}
    assert not MemberReport.objects.exists()


def test_confirm_then_confirm_again(place):
    report = reported(place.community, status=MemberReportStatus.REPORTED)
    user = user_of(place, roles.COMMUNITY_STAFF)
    client = api_client(user)
    response = client.post(url("member-report-confirm", report.pk), {"confirmed_on": "2020-03-05"}, format="json")
    assert response.status_code == 200, response.data
    data = response.json()
    assert (data["status"], data["confirmed_on"], data["confirmed_by"]) == ("confirmed", "2020-03-05", user.username)
    response = client.post(url("member-report-confirm", report.pk), {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["只有待确认的报到才能确认。"]}


def test_decline_needs_a_reason(place):
    report = reported(place.community, status=MemberReportStatus.REPORTED)
    client = staff(place)
    response = client.post(url("member-report-decline", report.pk), {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"reason": ["该字段是必填项。"]}
    response = client.post(url("member-report-decline", report.pk), {"reason": "不在本社区居住"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["end_reason"]) == ("declined", "不在本社区居住")
    response = client.post(url("member-report-decline", report.pk), {"reason": "重复"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["只有待确认的报到才能不予确认。"]}


def test_end_frees_the_places_and_is_refused_twice(place):
    report = reported(place.community)
    post = held_post(report, places=1)
    client = staff(place)
    response = client.post(
        url("member-report-end", report.pk), {"reason": "搬家", "ended_on": "2020-05-01"}, format="json"
    )
    assert response.status_code == 200, response.data
    assert (response.json()["status"], response.json()["ended_on"]) == ("ended", "2020-05-01")
    post_data = client.get(url("service-post-detail", post.pk)).json()
    assert (post_data["claimed"], post_data["places_left"]) == (0, 1)
    response = client.post(url("member-report-end", report.pk), {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["该报到已结束。"]}


@pytest.mark.parametrize(
    ("role", "level", "status"),
    [
        (roles.API_READER, "community", 403),
        (roles.GRID_WORKER, "grid", 404),
        (roles.STREET_STAFF, "street", 200),
        (roles.CITY_ORG_DEPT, "city", 200),
    ],
)
def test_confirm_by_role(place, role, level, status):
    report = reported(place.community, status=MemberReportStatus.REPORTED)
    response = api_client(user_of(place, role, level)).post(url("member-report-confirm", report.pk), {}, format="json")
    assert response.status_code == status
    report.refresh_from_db()
    assert (report.status == MemberReportStatus.CONFIRMED) == (status == 200)


def test_report_of_another_area_cannot_be_confirmed(place):
    report = reported(CommunityFactory(), status=MemberReportStatus.REPORTED)
    assert staff(place).post(url("member-report-confirm", report.pk), {}, format="json").status_code == 404
    report.refresh_from_db()
    assert report.status == MemberReportStatus.REPORTED


# Posts and claims.


def claim(client, post, member):
    return client.post(url("service-post-claim", post.pk), {"member": member.pk}, format="json")


def test_claim_answers_201_with_the_claim(place):
    report = reported(place.community)
    post = ServicePostFactory(community=place.community, places=2)
    response = claim(staff(place), post, report.member)
    assert response.status_code == 201, response.data
    data = response.json()
    assert (data["post"], data["member"], data["report"], data["is_active"]) == (
        post.pk,
        report.member.pk,
        report.pk,
        True,
    )
    assert data["claimed_on"] == timezone.localdate().isoformat()
    post_data = staff(place).get(url("service-post-detail", post.pk)).json()
    assert (post_data["claimed"], post_data["places_left"]) == (1, 1)


def test_claiming_a_full_post_is_refused(place):
    first, second = reported(place.community), reported(place.community)
    post = ServicePostFactory(community=place.community, places=1)
    client = staff(place)
    assert claim(client, post, first.member).status_code == 201
    response = claim(client, post, second.member)
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["岗位已满：1 个名额均已被认领。"]}
    assert PostClaim.objects.count() == 1


def test_claiming_a_closed_post_is_refused(place):
    report = reported(place.community)
    post = ServicePostFactory(community=place.community)
    client = staff(place)
    response = client.post(url("service-post-close", post.pk), {"closed_on": "2020-05-01"}, format="json")
    assert response.status_code == 200
    assert (response.json()["closed_on"], response.json()["is_open"]) == ("2020-05-01", False)
    response = claim(client, post, report.member)
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["该岗位已关闭，不再接受认领。"]}
    response = client.post(url("service-post-close", post.pk), {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["该岗位已关闭。"]}


def test_claim_by_a_member_not_reported_here_is_refused(place):
    neighbour = CommunityFactory(street=place.community.street)
    report = reported(neighbour)
    post = ServicePostFactory(community=place.community)
    response = claim(api_client(user_of(place, roles.STREET_STAFF, "street")), post, report.member)
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [f"{report.member.person.name} 未向{place.community.name}报到（或报到尚未确认）。"]
    }


def test_claim_by_a_member_whose_report_awaits_confirmation_is_refused(place):
    report = reported(place.community, status=MemberReportStatus.REPORTED)
    post = ServicePostFactory(community=place.community)
    response = claim(staff(place), post, report.member)
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [f"{report.member.person.name} 未向{place.community.name}报到（或报到尚未确认）。"]
    }


def test_claiming_twice_is_refused(place):
    report = reported(place.community)
    post = ServicePostFactory(community=place.community, places=3)
    client = staff(place)
    assert claim(client, post, report.member).status_code == 201
    response = claim(client, post, report.member)
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [f"{report.member.person.name} 已认领此岗位。"]}


def test_claim_for_a_member_the_caller_cannot_see_is_400(place):
    stranger = reported(CommunityFactory())
    post = ServicePostFactory(community=place.community)
    response = claim(staff(place), post, stranger.member)
    assert response.status_code == 400
    assert response.json() == {"member": [invalid_pk(stranger.member.pk)]}
    response = staff(place).post(url("service-post-claim", post.pk), {}, format="json")
    assert response.json() == {"member": ["该字段是必填项。"]}


@pytest.mark.parametrize(
    ("role", "level", "status"),
    [
        (roles.API_READER, "community", 403),
        (roles.GRID_WORKER, "grid", 404),
        (roles.DISTRICT_ORG_DEPT, "district", 201),
    ],
)
def test_claim_by_role(place, role, level, status):
    report = reported(place.community)
    post = ServicePostFactory(community=place.community)
    assert claim(api_client(user_of(place, role, level)), post, report.member).status_code == status
    assert PostClaim.objects.exists() == (status == 201)


def test_post_places_cannot_fall_below_those_taken(place):
    post = held_post(reported(place.community), places=2)
    services.post_claim(post=post, member=reported(place.community).member)
    response = staff(place).patch(url("service-post-detail", post.pk), {"places": 1}, format="json")
    assert response.status_code == 400
    assert response.json() == {"places": ["已有 2 个名额被认领，岗位名额不能少于此数。"]}


def test_post_claimed_count_is_not_written_directly(place):
    post = ServicePostFactory(community=place.community, places=2)
    staff(place).patch(url("service-post-detail", post.pk), {"claimed": 2, "closed_on": "2020-05-01"}, format="json")
    post.refresh_from_db()
    assert (post.claimed, post.closed_on) == (0, None)


def test_withdraw_then_withdraw_again(place):
    report = reported(place.community)
    post = held_post(report, places=1)
    held = PostClaim.objects.get()
    client = staff(place)
    response = client.post(url("post-claim-withdraw", held.pk), {"withdrawn_on": "2020-05-01"}, format="json")
    assert response.status_code == 200, response.data
    assert (response.json()["withdrawn_on"], response.json()["is_active"]) == ("2020-05-01", False)
    post.refresh_from_db()
    assert post.claimed == 0
    response = client.post(url("post-claim-withdraw", held.pk), {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["该认领已撤回。"]}
    assert api_client(user_of(place, roles.API_READER)).post(url("post-claim-withdraw", held.pk)).status_code == 403


# Service records and their verification.


def test_service_on_a_future_day_is_400(place):
    report = reported(place.community)
    post = held_post(report)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    payload = {"member": report.member.pk, "post": post.pk, "served_on": tomorrow, "hours": 2}
    response = staff(place).post(url("service-record-list"), payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"served_on": ["不能登记未来日期的服务。"]}
    assert not ServiceRecord.objects.exists()


def test_service_on_a_post_not_held_is_400(place):
    report = reported(place.community)
    post = ServicePostFactory(community=place.community)
    payload = {"member": report.member.pk, "post": post.pk, "served_on": "2020-04-01", "hours": 2}
    response = staff(place).post(url("service-record-list"), payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"post": ["该党员当天未在此岗位。"]}


def test_service_hours_are_bounded(place):
    report = reported(place.community)
    payload = {"member": report.member.pk, "post": held_post(report).pk, "served_on": "2020-04-01", "hours": 25}
    response = staff(place).post(url("service-record-list"), payload, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["hours"]


def test_service_at_an_activity_takes_the_kind_given(place):
    report = reported(place.community)
    activity = activity_in(place.community.code)
    kind = service_kind("环境整治")
    payload = {
        "member": report.member.pk,
        "activity": activity.pk,
        "kind": kind.pk,
        "served_on": "2020-06-01",
        "hours": 3,
        "person_times": 2,
    }
    response = staff(place).post(url("service-record-list"), payload, format="json")
    assert response.status_code == 201, response.data
    data = response.json()
    assert (data["activity"], data["activity_title"], data["kind_name"]) == (activity.pk, activity.title, "环境整治")
    assert (data["hours"], data["person_times"], data["is_verified"]) == (3.0, 2, False)


def test_verify_then_verify_again(place):
    record = ServiceRecordFactory(report=reported(place.community))
    user = user_of(place, roles.COMMUNITY_STAFF)
    client = api_client(user)
    response = client.post(url("service-record-verify", record.pk))
    assert response.status_code == 200
    assert (response.json()["is_verified"], response.json()["verified_by"]) == (True, user.username)
    response = client.post(url("service-record-verify", record.pk))
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["此服务已核实。"]}


@pytest.mark.parametrize(
    ("role", "level", "status"),
    [(roles.API_READER, "community", 403), (roles.GRID_WORKER, "grid", 404), (roles.STREET_STAFF, "street", 200)],
)
def test_verify_by_role(place, role, level, status):
    record = ServiceRecordFactory(report=reported(place.community))
    assert api_client(user_of(place, role, level)).post(url("service-record-verify", record.pk)).status_code == status
    record.refresh_from_db()
    assert record.is_verified == (status == 200)


def test_verified_filter(place):
    waiting = ServiceRecordFactory(report=reported(place.community))
    done = ServiceRecordFactory(report=reported(place.community), verified_at=timezone.now())
    client = staff(place)
    assert result_ids(client.get(url("service-record-list"), {"verified": "true"})) == {done.pk}
    assert result_ids(client.get(url("service-record-list"), {"verified": "false"})) == {waiting.pk}


def test_activity_attendance_and_bulk_verification(place):
    members = [reported(place.community).member for _ in range(3)]
    activity = activity_in(place.community.code, held_on=DAY)
    client = staff(place)
    payload = {"members": [m.pk for m in members], "hours": "2.5", "kind": service_kind("文明实践").pk}
    response = client.post(url("activity-attendance", activity.pk), payload, format="json")
    assert response.status_code == 201, response.data
    rows = response.json()
    assert [(row["member"], row["served_on"], row["hours"], row["kind_name"]) for row in rows] == [
        (m.pk, "2020-06-01", 2.5, "文明实践") for m in members
    ]
    assert not any(row["is_verified"] for row in rows)
    response = client.post(url("activity-verify-service", activity.pk))
    assert response.status_code == 200
    assert response.json() == {"verified": 3}
    assert ServiceRecord.objects.filter(activity=activity, verified_at__isnull=False).count() == 3
    response = client.post(url("activity-verify-service", activity.pk))
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["此活动没有待核实的服务记录。"]}


def test_attendance_with_a_member_not_reported_here_writes_nothing(place):
    here = reported(place.community).member
    neighbour = reported(CommunityFactory(street=place.community.street)).member
    activity = activity_in(place.community.code, held_on=DAY)
    payload = {"members": [here.pk, neighbour.pk], "hours": 2, "kind": service_kind().pk}
    response = api_client(user_of(place, roles.STREET_STAFF, "street")).post(
        url("activity-attendance", activity.pk), payload, format="json"
    )
    assert response.status_code == 400
    name = neighbour.person.name
    assert response.json() == {"non_field_errors": [f"{name}：{name} 未向本区域的社区报到（或报到尚未确认）。"]}
    assert not ServiceRecord.objects.exists()


@pytest.mark.parametrize("action", ["activity-attendance", "activity-verify-service"])
def test_activity_actions_by_a_reader_are_403(place, action):
    activity = activity_in(place.community.code, held_on=DAY)
    report = reported(place.community)
    ServiceRecordFactory(report=report, post=None, activity=activity, kind=service_kind(), served_on=DAY)
    payload = {"members": [report.member.pk], "hours": 2, "kind": service_kind().pk}
    response = api_client(user_of(place, roles.API_READER)).post(url(action, activity.pk), payload, format="json")
    assert response.status_code == 403
    assert not ServiceRecord.objects.filter(verified_at__isnull=False).exists()
    assert ServiceRecord.objects.count() == 1


# Scoping for every role, on every endpoint.

ENDPOINTS = ["in-service-member", "member-report", "service-post", "post-claim", "service-record"]


def objects_of(community) -> dict:
    report = reported(community)
    post = held_post(report)
    return {
        "in-service-member": report.member,
        "member-report": report,
        "service-post": post,
        "post-claim": PostClaim.objects.get(post=post),
        "service-record": services.service_record_log(member=report.member, post=post, served_on=DAY, hours=2),
    }


ROLES = [
    (roles.CITY_ORG_DEPT, "city", True),
    (roles.DISTRICT_ORG_DEPT, "district", True),
    (roles.STREET_STAFF, "street", True),
    (roles.COMMUNITY_STAFF, "community", True),
    (roles.API_READER, "community", True),
    (roles.GRID_WORKER, "grid", False),  # all of it belongs to the community, above the grid
]


@pytest.mark.parametrize(("role", "level", "sees"), ROLES, ids=[f"{r}@{lvl}" for r, lvl, _s in ROLES])
def test_every_endpoint_is_scoped_for_every_role(place, role, level, sees):
    made = objects_of(place.community)
    elsewhere = objects_of(CommunityFactory())  # in another district
    client = api_client(user_of(place, role, level))
    for name in ENDPOINTS:
        listed = result_ids(client.get(reverse(f"{name}-list")))
        assert (made[name].pk in listed) == sees, name
        detail = client.get(reverse(f"{name}-detail", args=[made[name].pk]))
        assert detail.status_code == (200 if sees else 404), name
        if role != roles.CITY_ORG_DEPT:
            assert elsewhere[name].pk not in listed, name
            assert client.get(reverse(f"{name}-detail", args=[elsewhere[name].pk])).status_code == 404, name


def test_superuser_sees_everything_whole(place):
    made = objects_of(place.community)
    client = api_client(UserFactory(is_superuser=True, is_staff=True))
    for name in ENDPOINTS:
        assert made[name].pk in result_ids(client.get(reverse(f"{name}-list"))), name


@pytest.mark.parametrize(
    ("name", "payload_of"),
    [
        (
            "service-post",
            lambda p: {
                "community": p.community.pk,
                "kind": service_kind().pk,
                "title": "岗",
                "place": "x",
                "schedule": "y",
                "places": 1,
            },
        ),
        ("member-report", lambda p: {"community": p.community.pk, "member": reported(p.community).member.pk}),
    ],
)
def test_a_reader_who_also_writes_elsewhere_may_not_write_here(place, name, payload_of):
    user = user_of(place, roles.API_READER)
    AreaGrantFactory(user=user, area_code=CommunityFactory().code, role=roles.COMMUNITY_STAFF)
    response = api_client(user).post(reverse(f"{name}-list"), payload_of(place), format="json")
    assert response.status_code == 400
    assert response.json()["community"] == [ROLE_MAY_NOT_WRITE]


def test_schema_documents_the_endpoints(db):

    body = schema_response().content.decode()
    for path in (
        "/api/in-service-members/",
        "/api/member-reports/{id}/confirm/",
        "/api/member-reports/{id}/decline/",
        "/api/member-reports/{id}/end/",
        "/api/service-kinds/",
        "/api/service-posts/{id}/claim/",
        "/api/service-posts/{id}/close/",
        "/api/post-claims/{id}/withdraw/",
        "/api/service-records/{id}/verify/",
        "/api/activities/{id}/attendance/",
        "/api/activities/{id}/verify-service/",
    ):
        assert path in body, path
