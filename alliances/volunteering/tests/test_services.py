"""The rules of in-service members' reports (双报到), service posts and claims (认领), service records
and their verification, and sunk cadres (下沉), through the write services, allowed and refused.

Refusals are asserted in Chinese, the portal's default language."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alliances.cadres import services as cadres_services
from alliances.cadres.models import CadreAssignment, DutyShift
from alliances.tests.factories import (
    ActivityFactory,
    AllianceFactory,
    CadreAssignmentFactory,
    CheckpointFactory,
    DepartmentFactory,
    ServicePostFactory,
    UnitOrganizationFactory,
    service_kind,
)
from alliances.volunteering import selectors, services
from alliances.volunteering.choices import MemberReportStatus
from alliances.volunteering.models import InServiceMember, MemberReport, PostClaim, ServicePost, ServiceRecord
from communities.models import Person
from communities.tests.factories import CommunityFactory, PartyOrganizationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2020, 6, 1)


def refusal(error) -> str:
    return " ".join(error.value.messages)


def report(community=None, *, phone="13900000001", name="张三", **kwargs) -> MemberReport:
    """A new member's report, awaiting confirmation."""
    return services.member_report_submit(
        community=community or CommunityFactory(),
        organization=kwargs.pop("organization", None) or UnitOrganizationFactory(),
        unit_name=kwargs.pop("unit_name", ""),
        name=name,
        phone=phone,
        reported_on=kwargs.pop("reported_on", datetime.date(2020, 3, 1)),
        **kwargs,
    )


def confirmed(community=None, **kwargs) -> MemberReport:
    made = report(community, **kwargs)
    return services.member_report_confirm(report=made, confirmed_on=datetime.date(2020, 3, 2))


def post_in(community, **kwargs) -> ServicePost:
    return ServicePostFactory(community=community, **kwargs)


def activity_in(code: str, **kwargs):
    return ActivityFactory(
        alliance=AllianceFactory(lead_organization=PartyOrganizationFactory(area_code=code)), **kwargs
    )


# Reporting (双报到).


def test_report_adds_a_new_member_awaiting_confirmation():
    community = CommunityFactory()
    organization = UnitOrganizationFactory()
    made = report(community, organization=organization, skills="法律咨询", availability="周末")
    member = made.member
    assert (made.status, made.community, made.area_code) == (MemberReportStatus.REPORTED, community, community.code)
    assert (member.person.name, member.person.phone, member.person.is_party_member) == ("张三", "13900000001", True)
    assert member.person.area_code == community.code
    assert (member.organization, member.unit_name) == (organization, organization.host_unit_name)
    assert (member.skills, member.availability, member.area_code) == ("法律咨询", "周末", community.code)


def test_member_is_found_by_phone_and_moves_with_a_new_report():
    first = confirmed(phone="13900000002")
    services.member_report_end(report=first, reason="搬家", ended_on=datetime.date(2020, 5, 1))
    elsewhere = CommunityFactory()
    again = report(elsewhere, phone="13900000002", name="", reported_on=datetime.date(2020, 5, 2))
    assert again.member == first.member
    assert InServiceMember.objects.count() == 1
    assert Person.objects.filter(phone="13900000002").count() == 1
    assert again.member.area_code == elsewhere.code
    history = list(first.member.reports.order_by("reported_on").values_list("status", "community"))
    assert history == [(MemberReportStatus.ENDED, first.community_id), (MemberReportStatus.REPORTED, elsewhere.pk)]


def test_existing_person_becomes_a_member():
    community = CommunityFactory()
    person = PersonFactory(area_code=community.code)
    made = services.member_report_submit(
        community=community, organization=UnitOrganizationFactory(), unit_name="市税务局", person=person
    )
    assert made.member.person == person
    assert made.member.unit_name == "市税务局"


@pytest.mark.parametrize("status", [MemberReportStatus.REPORTED, MemberReportStatus.CONFIRMED])
def test_report_is_refused_while_an_open_report_exists(status):
    first = report(phone="13900000003")
    if status == MemberReportStatus.CONFIRMED:
        services.member_report_confirm(report=first)
    with pytest.raises(ValidationError) as error:
        report(CommunityFactory(), phone="13900000003")
    # Another community's member: neither they nor their community is named.
    assert refusal(error) == "该手机号属于已向其他社区报到的党员；请联系该社区结束报到后再向本社区报到。"
    assert "张三" not in refusal(error) and first.community.name not in refusal(error)
    with pytest.raises(ValidationError) as error:
        report(first.community, phone="13900000003")  # the same community: it knows its member
    assert refusal(error) == f"张三 已经向{first.community.name}报到；须先结束该报到才能向其他社区报到。"
    assert MemberReport.objects.count() == 1


def test_report_needs_a_phone_and_a_name_for_a_new_member():
    with pytest.raises(ValidationError) as error:
        report(phone=" ")
    assert error.value.message_dict == {"phone": ["请填写党员手机号。"]}
    with pytest.raises(ValidationError) as error:
        report(name=" ")
    assert error.value.message_dict == {"name": ["请填写党员姓名。"]}
    assert not InServiceMember.objects.exists()
    assert not Person.objects.exists()


def test_report_to_a_retired_community_or_with_a_retired_organization_is_refused():
    with pytest.raises(ValidationError) as error:
        report(CommunityFactory(is_active=False))
    assert error.value.message_dict == {"community": ["该社区已撤销。"]}
    with pytest.raises(ValidationError) as error:
        report(organization=UnitOrganizationFactory(is_active=False))
    assert error.value.message_dict == {"organization": ["该党组织已撤销。"]}
    assert not MemberReport.objects.exists()


def test_confirm_records_who_and_when():
    staff = UserFactory()
    made = report()
    services.member_report_confirm(report=made, actor=staff, confirmed_on=DAY)
    made.refresh_from_db()
    assert (made.status, made.confirmed_on, made.confirmed_by) == (MemberReportStatus.CONFIRMED, DAY, staff)


@pytest.mark.parametrize("step", ["confirmed", "declined", "ended"])
def test_only_a_report_awaiting_confirmation_is_confirmed_or_declined(step):
    made = report()
    if step == "confirmed":
        services.member_report_confirm(report=made)
    elif step == "declined":
        services.member_report_decline(report=made, reason="不在本社区居住")
    else:
        services.member_report_end(report=made)
    with pytest.raises(ValidationError) as error:
        services.member_report_confirm(report=made)
    assert refusal(error) == "只有待确认的报到才能确认。"
    with pytest.raises(ValidationError) as error:
        services.member_report_decline(report=made, reason="重复")
    assert refusal(error) == "只有待确认的报到才能不予确认。"


def test_decline_needs_a_reason_and_ends_the_report():
    made = report()
    with pytest.raises(ValidationError) as error:
        services.member_report_decline(report=made, reason="  ")
    assert error.value.message_dict == {"end_reason": ["请说明不予确认报到的原因。"]}
    services.member_report_decline(report=made, reason="不在本社区居住", ended_on=DAY)
    made.refresh_from_db()
    assert (made.status, made.ended_on, made.end_reason) == (MemberReportStatus.DECLINED, DAY, "不在本社区居住")
    # A declined report is no longer open: the member may report elsewhere.
    assert report(CommunityFactory(), phone=made.member.person.phone).member == made.member


def test_end_frees_the_places_the_member_held():
    made = confirmed()
    kept = confirmed(made.community, phone="13900000009", name="李四")
    posts = [post_in(made.community, places=2) for _ in range(2)]
    for post in posts:
        services.post_claim(post=post, member=made.member, claimed_on=datetime.date(2020, 3, 5))
    services.post_claim(post=posts[0], member=kept.member, claimed_on=datetime.date(2020, 3, 5))
    services.member_report_end(report=made, reason="搬家", ended_on=datetime.date(2020, 5, 1))
    made.refresh_from_db()
    assert (made.status, made.ended_on, made.end_reason) == (
        MemberReportStatus.ENDED,
        datetime.date(2020, 5, 1),
        "搬家",
    )
    assert [ServicePost.objects.get(pk=post.pk).claimed for post in posts] == [1, 0]
    assert set(PostClaim.objects.filter(member=made.member).values_list("withdrawn_on", flat=True)) == {
        datetime.date(2020, 5, 1)
    }
    assert PostClaim.objects.get(member=kept.member).withdrawn_on is None


def test_end_refuses_an_ended_report_and_an_end_before_the_report():
    made = confirmed()
    with pytest.raises(ValidationError) as error:
        services.member_report_end(report=made, ended_on=datetime.date(2020, 2, 1))
    assert error.value.message_dict == {"ended_on": ["结束日期不能早于报到日期。"]}
    services.member_report_end(report=made, ended_on=DAY)
    with pytest.raises(ValidationError) as error:
        services.member_report_end(report=made)
    assert refusal(error) == "该报到已结束。"


# Claiming posts (认领).


def test_claim_takes_a_place():
    made = confirmed()
    post = post_in(made.community, places=3)
    claim = services.post_claim(post=post, member=made.member, claimed_on=datetime.date(2020, 3, 5))
    post.refresh_from_db()
    assert (post.claimed, post.places_left) == (1, 2)
    assert (claim.report, claim.area_code, claim.is_active) == (made, made.community.code, True)


def test_claim_by_a_member_reported_elsewhere_is_refused():
    made = confirmed()
    post = post_in(CommunityFactory(street=made.community.street))
    with pytest.raises(ValidationError) as error:
        services.post_claim(post=post, member=made.member)
    assert refusal(error) == f"张三 未向{post.community.name}报到（或报到尚未确认）。"
    post.refresh_from_db()
    assert post.claimed == 0
    assert not PostClaim.objects.exists()


def test_claim_before_the_report_is_confirmed_is_refused():
    made = report()
    post = post_in(made.community)
    with pytest.raises(ValidationError) as error:
        services.post_claim(post=post, member=made.member)
    assert refusal(error) == f"张三 未向{post.community.name}报到（或报到尚未确认）。"
    assert not PostClaim.objects.exists()


def test_full_post_refuses_more_claims():
    first = confirmed()
    second = confirmed(first.community, phone="13900000005", name="李四")
    post = post_in(first.community, places=1)
    services.post_claim(post=post, member=first.member)
    with pytest.raises(ValidationError) as error:
        services.post_claim(post=post, member=second.member)
    assert refusal(error) == "岗位已满：1 个名额均已被认领。"
    post.refresh_from_db()
    assert post.claimed == 1
    assert PostClaim.objects.count() == 1


def test_closed_post_refuses_claims():
    made = confirmed()
    post = post_in(made.community)
    services.service_post_close(post=post, closed_on=DAY)
    with pytest.raises(ValidationError) as error:
        services.post_claim(post=post, member=made.member)
    assert refusal(error) == "该岗位已关闭，不再接受认领。"
    with pytest.raises(ValidationError) as error:
        services.service_post_close(post=post)
    assert refusal(error) == "该岗位已关闭。"
    assert not PostClaim.objects.exists()


def test_claiming_the_same_post_twice_is_refused():
    made = confirmed()
    post = post_in(made.community, places=5)
    services.post_claim(post=post, member=made.member)
    with pytest.raises(ValidationError) as error:
        services.post_claim(post=post, member=made.member)
    assert refusal(error) == "张三 已认领此岗位。"
    post.refresh_from_db()
    assert post.claimed == 1


def test_withdraw_frees_the_place_once():
    first = confirmed()
    second = confirmed(first.community, phone="13900000006", name="李四")
    post = post_in(first.community, places=1)
    claim = services.post_claim(post=post, member=first.member, claimed_on=datetime.date(2020, 3, 5))
    with pytest.raises(ValidationError) as error:
        services.post_claim_withdraw(claim=claim, withdrawn_on=datetime.date(2020, 3, 4))
    assert error.value.message_dict == {"withdrawn_on": ["撤回日期不能早于认领日期。"]}
    services.post_claim_withdraw(claim=claim, withdrawn_on=DAY)
    post.refresh_from_db()
    assert post.claimed == 0
    with pytest.raises(ValidationError) as error:
        services.post_claim_withdraw(claim=claim)
    assert refusal(error) == "该认领已撤回。"
    post.refresh_from_db()
    assert post.claimed == 0
    services.post_claim(post=post, member=second.member)  # the freed place is taken by another
    post.refresh_from_db()
    assert post.claimed == 1


def test_post_places_never_fall_below_those_taken():
    first = confirmed()
    second = confirmed(first.community, phone="13900000007", name="李四")
    post = post_in(first.community, places=3)
    services.post_claim(post=post, member=first.member)
    services.post_claim(post=post, member=second.member)
    with pytest.raises(ValidationError) as error:
        services.service_post_update(post=post, places=1)
    assert error.value.message_dict == {"places": ["已有 2 个名额被认领，岗位名额不能少于此数。"]}
    assert services.service_post_update(post=post, places=2).places == 2


@pytest.mark.parametrize("fixed", ["community", "claimed"])
def test_a_post_keeps_its_community_and_counts_claims_only_through_claims(fixed):
    post = post_in(CommunityFactory())
    with pytest.raises(TypeError, match=fixed):
        services.service_post_update(post=post, title="新岗位", **{fixed: None})


def test_post_update_changes_only_what_it_is_given():
    post = post_in(CommunityFactory(), places=4)
    services.service_post_update(post=post, schedule="每周日上午")
    post.refresh_from_db()
    assert (post.schedule, post.places, post.place, post.published_on) == (
        "每周日上午",
        4,
        "社区党群服务中心",
        datetime.date(2020, 3, 1),
    )


def test_publish_is_dated_today_unless_said_otherwise():
    community = CommunityFactory()
    post = services.service_post_publish(
        community=community, kind=service_kind(), title="政策宣讲岗", place="社区", schedule="每周六", places=2
    )
    assert (post.published_on, post.claimed, post.description) == (timezone.localdate(), 0, "")


# Changing a member.


def test_member_update_changes_the_person_and_the_member():
    member = confirmed().member
    services.member_update(member=member, phone="13900000099", skills="法律咨询")
    member.refresh_from_db()
    member.person.refresh_from_db()
    assert (member.person.phone, member.person.name, member.skills) == ("13900000099", "张三", "法律咨询")


def test_member_update_refuses_a_retired_organization_and_never_moves_the_member():
    member = confirmed().member
    with pytest.raises(ValidationError) as error:
        services.member_update(member=member, organization=UnitOrganizationFactory(is_active=False))
    assert "organization" in error.value.message_dict
    for fixed in ("area_code", "person"):
        with pytest.raises(TypeError, match=fixed):
            services.member_update(member=member, **{fixed: None})


# Logging service.


def claimed_post(made, **kwargs):
    post = post_in(made.community, **kwargs)
    services.post_claim(post=post, member=made.member, claimed_on=datetime.date(2020, 3, 5))
    return post


def test_service_on_a_held_post_takes_the_posts_kind():
    made = confirmed()
    post = claimed_post(made, kind=service_kind("法律援助"))
    staff = UserFactory()
    record = services.service_record_log(
        member=made.member, post=post, served_on=DAY, hours=Decimal("2.5"), actor=staff, kind=service_kind("政策宣传")
    )
    assert (record.kind.name, record.report, record.area_code) == ("法律援助", made, made.community.code)
    assert (record.recorded_by, record.is_verified, record.hours) == (staff, False, Decimal("2.5"))


def test_service_on_a_post_not_held_is_refused():
    made = confirmed()
    post = post_in(made.community)
    with pytest.raises(ValidationError) as error:
        services.service_record_log(member=made.member, post=post, served_on=DAY, hours=2)
    assert error.value.message_dict == {"post": ["该党员当天未在此岗位。"]}
    claim = services.post_claim(post=post, member=made.member, claimed_on=datetime.date(2020, 4, 1))
    with pytest.raises(ValidationError):  # the day before the claim
        services.service_record_log(member=made.member, post=post, served_on=datetime.date(2020, 3, 31), hours=2)
    services.post_claim_withdraw(claim=claim, withdrawn_on=datetime.date(2020, 5, 1))
    with pytest.raises(ValidationError):  # the day after the withdrawal
        services.service_record_log(member=made.member, post=post, served_on=datetime.date(2020, 5, 2), hours=2)
    services.service_record_log(member=made.member, post=post, served_on=datetime.date(2020, 5, 1), hours=2)
    assert ServiceRecord.objects.count() == 1


def test_service_on_a_future_day_is_refused():
    made = confirmed()
    post = claimed_post(made)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.service_record_log(member=made.member, post=post, served_on=tomorrow, hours=2)
    assert error.value.message_dict == {"served_on": ["不能登记未来日期的服务。"]}
    assert not ServiceRecord.objects.exists()


def test_service_outside_the_reports_period_is_refused():
    made = confirmed()
    activity = activity_in(made.community.code, held_on=datetime.date(2020, 2, 15))
    with pytest.raises(ValidationError) as error:  # before the report
        services.service_record_log(
            member=made.member, activity=activity, kind=service_kind(), served_on=activity.held_on, hours=2
        )
    assert error.value.message_dict == {"served_on": ["日期须在党员向社区报到的有效期内。"]}
    assert not ServiceRecord.objects.exists()


def test_service_after_the_report_ended_is_refused():
    made = confirmed()
    activity = activity_in(made.community.code, held_on=DAY)
    services.member_report_end(report=made, ended_on=datetime.date(2020, 5, 1))
    with pytest.raises(ValidationError) as error:
        services.service_record_log(member=made.member, activity=activity, kind=service_kind(), served_on=DAY, hours=2)
    assert refusal(error) == "张三 未向本区域的社区报到（或报到尚未确认）。"


def test_service_at_an_activity_of_another_area_is_refused():
    made = confirmed()
    activity = activity_in(CommunityFactory(street=made.community.street).code)
    with pytest.raises(ValidationError) as error:
        services.service_record_log(member=made.member, activity=activity, kind=service_kind(), served_on=DAY, hours=2)
    assert refusal(error) == "张三 未向本区域的社区报到（或报到尚未确认）。"
    assert not ServiceRecord.objects.exists()


def test_service_at_an_activity_of_the_members_street_is_allowed():
    made = confirmed()
    activity = activity_in(made.community.street.code)
    record = services.service_record_log(
        member=made.member, activity=activity, kind=service_kind(), served_on=DAY, hours=3
    )
    assert record.area_code == made.community.code


def test_the_same_service_is_not_logged_twice():
    made = confirmed()
    post = claimed_post(made)
    activity = activity_in(made.community.code)
    services.service_record_log(member=made.member, post=post, served_on=DAY, hours=2)
    services.service_record_log(member=made.member, activity=activity, kind=service_kind(), served_on=DAY, hours=2)
    with pytest.raises(ValidationError) as error:
        services.service_record_log(member=made.member, post=post, served_on=DAY, hours=1)
    assert refusal(error) == "此服务已登记。"
    with pytest.raises(ValidationError) as error:
        services.service_record_log(member=made.member, activity=activity, kind=service_kind(), served_on=DAY, hours=1)
    assert refusal(error) == "此服务已登记。"
    assert ServiceRecord.objects.count() == 2


def test_service_is_on_a_post_or_at_an_activity_and_has_a_kind():
    made = confirmed()
    post = claimed_post(made)
    activity = activity_in(made.community.code)
    with pytest.raises(ValidationError) as error:
        services.service_record_log(member=made.member, served_on=DAY, hours=2)
    assert refusal(error) == "服务须在岗位上或活动中进行（二选一）。"
    with pytest.raises(ValidationError):
        services.service_record_log(member=made.member, post=post, activity=activity, served_on=DAY, hours=2)
    with pytest.raises(ValidationError) as error:
        services.service_record_log(member=made.member, activity=activity, served_on=DAY, hours=2)
    assert error.value.message_dict == {"kind": ["请选择服务类别。"]}
    assert not ServiceRecord.objects.exists()


@pytest.mark.parametrize("hours", [Decimal(0), Decimal("24.5")])
def test_service_hours_fit_in_a_day(hours):
    made = confirmed()
    with pytest.raises(ValidationError):
        services.service_record_log(member=made.member, post=claimed_post(made), served_on=DAY, hours=hours)
    assert not ServiceRecord.objects.exists()


# Verification.


def test_verify_once():
    made = confirmed()
    record = services.service_record_log(member=made.member, post=claimed_post(made), served_on=DAY, hours=2)
    staff = UserFactory()
    services.service_record_verify(record=record, actor=staff)
    record.refresh_from_db()
    assert (record.is_verified, record.verified_by) == (True, staff)
    first_time = record.verified_at
    with pytest.raises(ValidationError) as error:
        services.service_record_verify(record=record, actor=UserFactory())
    assert refusal(error) == "此服务已核实。"
    record.refresh_from_db()
    assert (record.verified_at, record.verified_by) == (first_time, staff)


def test_attendance_list_is_logged_and_verified_at_once():
    first = confirmed()
    others = [confirmed(first.community, phone=f"1390000010{i}", name=f"党员{i}") for i in range(2)]
    activity = activity_in(first.community.code, held_on=DAY)
    elsewhere = activity_in(first.community.code, held_on=DAY)
    members = [first.member, *(made.member for made in others)]
    records = services.activity_attendance_record(
        activity=activity, members=members, hours=Decimal("1.5"), kind=service_kind("文明实践")
    )
    assert [(r.member, r.served_on, r.hours, r.kind.name) for r in records] == [
        (member, DAY, Decimal("1.5"), "文明实践") for member in members
    ]
    services.service_record_log(member=first.member, activity=elsewhere, kind=service_kind(), served_on=DAY, hours=1)
    staff = UserFactory()
    assert services.activity_service_verify(activity=activity, actor=staff) == 3
    assert set(ServiceRecord.objects.filter(activity=activity).values_list("verified_by", flat=True)) == {staff.pk}
    assert not ServiceRecord.objects.get(activity=elsewhere).is_verified  # another activity's list waits
    with pytest.raises(ValidationError) as error:
        services.activity_service_verify(activity=activity, actor=staff)
    assert refusal(error) == "此活动没有待核实的服务记录。"


def test_attendance_list_with_one_member_not_reported_here_writes_nothing():
    first = confirmed()
    stranger = confirmed(CommunityFactory(), phone="13900000200", name="王五")
    activity = activity_in(first.community.code, held_on=DAY)
    with pytest.raises(ValidationError) as error:
        services.activity_attendance_record(
            activity=activity, members=[first.member, stranger.member], hours=2, kind=service_kind()
        )
    assert refusal(error) == "王五：王五 未向本区域的社区报到（或报到尚未确认）。"
    assert not ServiceRecord.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.activity_attendance_record(activity=activity, members=[], hours=2, kind=service_kind())
    assert error.value.message_dict == {"members": ["请选择参加活动的党员。"]}


def test_unverified_service_does_not_count():
    made = confirmed()
    post = claimed_post(made)
    counted = services.service_record_log(member=made.member, post=post, served_on=DAY, hours=Decimal("2.5"))
    services.service_record_log(
        member=made.member, post=post, served_on=DAY - datetime.timedelta(days=1), hours=Decimal(4)
    )
    services.service_record_verify(record=counted, actor=None)
    figures = selectors.volunteering_figures(prefix=made.community.code, length=12)[made.community.code]
    assert (figures["service_person_times"], figures["service_hours"]) == (1, 2.5)


# Sunk cadres (机关党员干部下沉).


def test_assign_a_new_cadre_to_a_checkpoint():
    checkpoint = CheckpointFactory()
    department = DepartmentFactory()
    assignment = cadres_services.cadre_assign(
        department=department,
        community=checkpoint.community,
        checkpoint=checkpoint,
        duty="卡点值守",
        start_on=datetime.date(2020, 2, 1),
        name="赵六",
        phone="13900000300",
    )
    assert (assignment.cadre.name, assignment.cadre.area_code) == ("赵六", department.area_code)
    assert assignment.area_code == checkpoint.community.code


def test_checkpoint_of_another_community_is_refused():
    checkpoint = CheckpointFactory()
    with pytest.raises(ValidationError) as error:
        cadres_services.cadre_assign(
            department=DepartmentFactory(),
            community=CommunityFactory(street=checkpoint.community.street),
            checkpoint=checkpoint,
            duty="卡点值守",
            start_on=datetime.date(2020, 2, 1),
            name="赵六",
        )
    assert error.value.message_dict["checkpoint"] == ["卡点须属于该社区。"]
    assert not CadreAssignment.objects.exists()
    assert not Person.objects.filter(name="赵六").exists()  # nothing half-written


def test_retired_department_or_checkpoint_is_refused():
    checkpoint = CheckpointFactory(is_active=False)
    with pytest.raises(ValidationError) as error:
        cadres_services.cadre_assign(
            department=DepartmentFactory(is_active=False),
            community=checkpoint.community,
            duty="值守",
            start_on=DAY,
            name="赵六",
        )
    assert error.value.message_dict == {"department": ["该部门已停用。"]}
    with pytest.raises(ValidationError) as error:
        cadres_services.cadre_assign(
            department=DepartmentFactory(),
            community=checkpoint.community,
            checkpoint=checkpoint,
            duty="值守",
            start_on=DAY,
            name="赵六",
        )
    assert error.value.message_dict == {"checkpoint": ["该卡点已停用。"]}


@pytest.mark.parametrize(
    ("start_on", "end_on", "overlaps"),
    [
        (datetime.date(2020, 3, 1), datetime.date(2020, 3, 10), True),  # inside
        (datetime.date(2020, 1, 1), datetime.date(2020, 2, 1), True),  # ends on its first day
        (datetime.date(2020, 3, 31), None, True),  # starts on its last day, open-ended
        (datetime.date(2020, 1, 1), datetime.date(2020, 1, 31), False),  # before
        (datetime.date(2020, 4, 1), None, False),  # after
    ],
)
def test_overlapping_assignment_of_a_cadre_is_refused(start_on, end_on, overlaps):
    first = CadreAssignmentFactory(start_on=datetime.date(2020, 2, 1), end_on=datetime.date(2020, 3, 31))
    kwargs = {"department": DepartmentFactory(), "community": CommunityFactory(), "duty": "值守"}
    if overlaps:
        with pytest.raises(ValidationError) as error:
            cadres_services.cadre_assign(cadre=first.cadre, start_on=start_on, end_on=end_on, **kwargs)
        assert refusal(error) == f"{first.cadre.name} 在这段时间已下沉到其他地方。"
        assert CadreAssignment.objects.count() == 1
    else:
        cadres_services.cadre_assign(cadre=first.cadre, start_on=start_on, end_on=end_on, **kwargs)
        assert CadreAssignment.objects.count() == 2


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_shift_outside_the_period_is_refused():
    assignment = CadreAssignmentFactory(start_on=datetime.date(2020, 2, 1), end_on=datetime.date(2020, 2, 29))
    for day in (datetime.date(2020, 1, 31), datetime.date(2020, 3, 1)):
        with pytest.raises(ValidationError) as error:
            cadres_services.duty_shift_add(assignment=assignment, starts_at=at(day, 8), ends_at=at(day, 20))
        assert error.value.message_dict == {"starts_at": ["班次须在下沉期间内。"]}
    with pytest.raises(ValidationError) as error:
        cadres_services.duty_shift_add(
            assignment=assignment, starts_at=at(datetime.date(2020, 2, 2), 8), ends_at=at(datetime.date(2020, 2, 2), 8)
        )
    assert error.value.message_dict == {"ends_at": ["班次的结束时间须晚于开始时间。"]}
    # The last day's night shift, running into the next morning, starts inside the period.
    cadres_services.duty_shift_add(
        assignment=assignment, starts_at=at(datetime.date(2020, 2, 29), 20), ends_at=at(datetime.date(2020, 3, 1), 8)
    )
    assert DutyShift.objects.count() == 1


def test_overlapping_shifts_of_a_cadre_are_refused():
    first = CadreAssignmentFactory(start_on=datetime.date(2020, 2, 1), end_on=datetime.date(2020, 2, 15))
    second = CadreAssignmentFactory(cadre=first.cadre, start_on=datetime.date(2020, 2, 16))
    other_cadre = CadreAssignmentFactory(community=first.community, start_on=datetime.date(2020, 2, 1))
    day = datetime.date(2020, 2, 15)
    cadres_services.duty_shift_add(assignment=first, starts_at=at(day, 8), ends_at=at(day, 20))
    with pytest.raises(ValidationError) as error:
        cadres_services.duty_shift_add(assignment=first, starts_at=at(day, 19), ends_at=at(day, 23))
    assert refusal(error) == "该干部在此时段已有值班。"
    with pytest.raises(ValidationError):  # the same cadre on another assignment
        cadres_services.duty_shift_add(assignment=second, starts_at=at(day, 12), ends_at=at(day, 13))
    cadres_services.duty_shift_add(assignment=first, starts_at=at(day, 20), ends_at=at(day, 23))  # back to back
    cadres_services.duty_shift_add(assignment=other_cadre, starts_at=at(day, 8), ends_at=at(day, 20))  # another cadre
    assert DutyShift.objects.count() == 3


def test_end_assignment_removes_later_shifts_and_is_refused_once_ended():
    assignment = CadreAssignmentFactory(start_on=datetime.date(2020, 2, 1))
    for day in (datetime.date(2020, 2, 10), datetime.date(2020, 2, 20)):
        cadres_services.duty_shift_add(assignment=assignment, starts_at=at(day, 8), ends_at=at(day, 20))
    cadres_services.cadre_assignment_end(assignment=assignment, end_on=datetime.date(2020, 2, 15))
    assert list(DutyShift.objects.values_list("starts_at__date", flat=True)) == [datetime.date(2020, 2, 10)]
    with pytest.raises(ValidationError) as error:
        cadres_services.cadre_assignment_end(assignment=assignment)
    assert refusal(error) == "该下沉任务已结束。"
