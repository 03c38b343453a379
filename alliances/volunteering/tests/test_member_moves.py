"""A member of another community moves here only when that community let them go, or by the decision
of an organization department whose area holds both communities: never by a phone number alone.

Every way of reporting a member goes through ``member_report_submit`` (the service, the API's two
endpoints, the two page forms and the Excel import), so each is checked to refuse the same way,
with a message that names neither the member nor where they are, and to write nothing.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from alliances.tests.factories import InServiceMemberFactory, MemberReportFactory, UnitOrganizationFactory
from alliances.volunteering import services
from alliances.volunteering.choices import MemberReportStatus
from alliances.volunteering.imports import members_import
from alliances.volunteering.models import InServiceMember, MemberReport
from alliances.volunteering.tests.test_imports import HEADERS, workbook
from communities.models import Person
from communities.tests.factories import CommunityFactory, PersonFactory, user_with_grant
from jilin_grid.scope import Role
from jilin_grid.testing.api import api_client
from jilin_grid.testing.views import build_world

pytestmark = pytest.mark.django_db

PHONE = "13955550001"
REFUSAL = (
    "This phone number belongs to a member registered in another community; ask that community to end the "
    "report, or the district organization department to move the member, before reporting here."
)


@pytest.fixture
def world(db):
    world = build_world()
    world.organization = UnitOrganizationFactory(name="中共吉林市财政局机关委员会", host_unit_name="吉林市财政局")
    # A member of the other community, with a name, gender and a report history of their own, whose
    # community never let them go (no report ended or declined there).
    world.member = InServiceMemberFactory(
        person=PersonFactory(
            name="秘密人", phone=PHONE, gender="female", area_code=world.other_community.code, is_party_member=True
        ),
        area_code=world.other_community.code,
    )
    world.district = user_with_grant(world.community.code[:6], Role.DISTRICT_ORG_DEPT)
    return world


def snapshot(world):
    """What a refused move must leave untouched."""
    person = Person.objects.get(pk=world.member.person_id)
    member = InServiceMember.objects.get(pk=world.member.pk)
    return (person.area_code, member.area_code, MemberReport.objects.count(), Person.objects.count())


def assert_not_naming(text: str, world) -> None:
    for secret in (world.member.person.name, world.other_community.name, world.other_community.code):
        assert secret not in text


def submit(world, community, actor, **kwargs):
    values = {"name": "冒名", "phone": PHONE, **kwargs}
    return services.member_report_submit(
        community=community,
        organization=world.organization,
        unit_name="",
        reported_on=datetime.date(2024, 3, 1),
        actor=actor,
        **values,
    )


# The service.


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_service_refuses_a_move_by_phone_alone(world, language):
    before = snapshot(world)
    with translation.override(language), pytest.raises(ValidationError) as error:
        submit(world, world.community, world.writer)
    message = " ".join(error.value.messages)
    assert_not_naming(message, world)
    if language == "en":
        assert message == REFUSAL
    assert snapshot(world) == before


def test_the_service_refuses_a_person_of_another_community_too(world):
    person = PersonFactory(area_code=world.other_community.code, is_party_member=True)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        submit(world, world.community, world.writer, person=person)
    assert " ".join(error.value.messages) == REFUSAL
    person.refresh_from_db()
    assert person.area_code == world.other_community.code
    assert not InServiceMember.objects.filter(person=person).exists()


def test_both_refusals_name_no_one(world):
    """The refusal for an open report elsewhere and the one for a member registered elsewhere read alike."""
    open_elsewhere = MemberReportFactory(community=world.other_community, member__person__phone="13955550002")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        submit(world, world.community, world.writer, phone="13955550002")
    message = " ".join(error.value.messages)
    assert message.startswith("This phone number belongs to a member ")
    assert "ask that community to end the report" in message
    assert open_elsewhere.member.person.name not in message and world.other_community.name not in message


def test_a_district_department_covering_both_communities_moves_the_member(world):
    made = submit(world, world.community, world.district, name="")
    assert made.member == world.member
    world.member.refresh_from_db()
    world.member.person.refresh_from_db()
    assert (world.member.area_code, world.member.person.area_code) == (world.community.code, world.community.code)
    assert (made.community, made.status) == (world.community, MemberReportStatus.REPORTED)


def test_a_district_department_of_another_district_may_not(world):
    far = CommunityFactory()  # another district
    outsider_district = user_with_grant(far.code[:6], Role.DISTRICT_ORG_DEPT)
    before = snapshot(world)
    with pytest.raises(ValidationError):
        submit(world, far, outsider_district)
    assert snapshot(world) == before


def test_street_staff_over_both_communities_may_not_decide_a_move(world):
    street = user_with_grant(world.community.code[:9], Role.STREET_STAFF)
    with pytest.raises(ValidationError):
        submit(world, world.community, street)


def test_the_old_community_ending_the_report_lets_the_member_report_here(world):
    report = MemberReportFactory(community=world.other_community, member=world.member)
    with pytest.raises(ValidationError):
        submit(world, world.community, world.writer)  # open there: refused
    services.member_report_end(report=report, reason="搬家", ended_on=datetime.date(2024, 2, 1))
    made = submit(world, world.community, world.writer, name="")
    assert made.member == world.member
    world.member.refresh_from_db()
    assert world.member.area_code == world.community.code


# The API.


@pytest.mark.parametrize("endpoint", ["in-service-member-list", "member-report-list"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_api_refuses_a_move_by_phone_alone(world, endpoint, language):
    before = snapshot(world)
    payload = {"community": world.community.pk, "organization": world.organization.pk, "phone": PHONE, "name": "冒名"}
    response = api_client(world.writer).post(reverse(endpoint), payload, format="json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert_not_naming(response.content.decode(), world)
    if language == "en":
        assert response.json()["non_field_errors"] == [REFUSAL]
    assert snapshot(world) == before


def test_the_api_lets_a_district_department_move_the_member(world):
    payload = {"community": world.community.pk, "member": world.member.pk}
    response = api_client(world.district).post(reverse("member-report-list"), payload, format="json")
    assert response.status_code == 201, response.data
    world.member.refresh_from_db()
    assert world.member.area_code == world.community.code


# The pages.


def form_posts(world):
    data = {
        "name": "冒名",
        "phone": PHONE,
        "organization": world.organization.pk,
        "reported_on": "2024-03-01",
    }
    return [
        (reverse("alliances:member_create"), {**data, "community": world.community.pk}),
        (reverse("alliances:volunteering_form", args=[world.community.code, "report"]), data),
    ]


@pytest.mark.parametrize("page", [0, 1])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_page_forms_refuse_a_move_by_phone_alone(world, client, page, language):
    before = snapshot(world)
    url, data = form_posts(world)[page]
    client.force_login(world.writer)
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    content = response.content.decode()
    assert_not_naming(content, world)
    if language == "en":
        assert REFUSAL in content
    assert "冒名" in content  # the user's input is kept
    assert snapshot(world) == before


@pytest.mark.parametrize("page", [0, 1])
def test_the_page_forms_let_a_district_department_move_the_member(world, client, page):
    url, data = form_posts(world)[page]
    client.force_login(world.district)
    response = client.post(url, data)
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.area_code == world.community.code


# The import.


def member_row(world, phone=PHONE, name="冒名"):
    values = {
        "姓名": name,
        "手机号": phone,
        "性别": "女",
        "工作单位": "",
        "所在党组织": world.organization.name,
        "居住社区代码": world.community.code,
        "特长": "",
        "服务时间": "",
        "报到日期": "2024-03-01",
    }
    return [values[header] for header in HEADERS]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_import_refuses_the_row_and_writes_nothing(world, language):
    before = snapshot(world)
    rows = [member_row(world, "13955550009", "王丽"), member_row(world)]
    with translation.override(language):
        result = members_import(file=workbook(rows), actor=world.writer)
    assert not result.ok
    assert [bad.row for bad in result.row_errors] == [3]
    message = " ".join(result.row_errors[0].errors)
    assert_not_naming(message, world)
    if language == "en":
        assert message == REFUSAL
    assert snapshot(world) == before


def test_the_import_by_a_district_department_moves_the_member(world):
    result = members_import(file=workbook([member_row(world)]), actor=world.district)
    assert result.ok, result.row_errors
    world.member.refresh_from_db()
    assert world.member.area_code == world.community.code
