"""An in-service party member reports to the community, claims a post and serves, in Chromium.

The community staff report a member who lives in 南山社区 (双报到) and confirm the report; the
member claims a service post (认领); the staff log the member's service on the member's page and
verify it on the community's page. The community page's figures (members reported, posts claimed,
service person-times and hours) change on screen at each step.
"""

import datetime
import os
import tempfile
from decimal import Decimal

import pytest
from django.utils import timezone

from alliances.volunteering import services
from alliances.volunteering.choices import MemberReportStatus
from alliances.volunteering.models import MemberReport, ServiceKind, ServiceRecord
from communities.choices import HostUnitKind
from communities.tests.factories import (
    CityFactory,
    CommunityFactory,
    DistrictFactory,
    PartyOrganizationFactory,
    StreetFactory,
    user_with_grant,
)
from grids.tests.factories import GridFactory
from jilin_grid.scope import Role
from tests.browser.accounts import log_in
from tests.browser.panels import open_panel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Screenshots of the two pages, for a look at the layout (SCREENSHOT_DIR chooses where).
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR") or tempfile.gettempdir()


@pytest.fixture
def nanshan():
    city = CityFactory()
    district = DistrictFactory(city=city, code="220211", name="丰满区")
    street = StreetFactory(district=district, code="220211001", name="江南街道")
    community = CommunityFactory(street=street, code="220211001001", name="南山社区")
    GridFactory(community=community, code="220211001001001", name="南山第一网格")
    tax = PartyOrganizationFactory(
        area_code="2202",
        name="吉林市税务局机关党支部",
        host_unit_kind=HostUnitKind.AGENCY,
        host_unit_name="吉林市税务局",
    )
    school = PartyOrganizationFactory(
        area_code="220211", name="丰满区实验小学党支部", host_unit_kind=HostUnitKind.INSTITUTION,
        host_unit_name="丰满区实验小学",
    )  # fmt: skip
    legal, _created = ServiceKind.objects.get_or_create(name="法律援助")
    policy, _created = ServiceKind.objects.get_or_create(name="政策宣传")
    services.service_post_publish(
        community=community, kind=policy, title="政策宣讲岗", description="入户宣讲惠民政策",
        place="南山社区党群服务中心", schedule="每周六上午", places=3,
    )  # fmt: skip
    services.service_post_publish(
        community=community, kind=legal, title="法律咨询岗", description="为居民解答法律问题",
        place="社区调解室", schedule="每周三下午", places=2,
    )  # fmt: skip
    # A member already serving: a confirmed report, a claim and verified service.
    report = services.member_report_submit(
        community=community, organization=school, unit_name="", name="孙老师", phone="13900002222",
        gender="female", skills="课业辅导", availability="周末", reported_on=datetime.date(2020, 3, 1),
    )  # fmt: skip
    services.member_report_confirm(report=report, confirmed_on=datetime.date(2020, 3, 2))
    post = community.service_posts.get(title="法律咨询岗")
    claim = services.post_claim(post=post, member=report.member, claimed_on=datetime.date(2020, 3, 3))
    for month, hours in ((4, "2"), (5, "3.5")):
        record = services.service_record_log(
            member=claim.member, post=post, served_on=datetime.date(2020, month, 6), hours=Decimal(hours)
        )
        services.service_record_verify(record=record, actor=None)
    staff = user_with_grant(community.code, Role.COMMUNITY_STAFF, username="shequ", first_name="李社区")
    return {"community": community, "tax": tax, "staff": staff}


def figure(page, name) -> str:
    return page.locator(f'[data-figure="{name}"]').inner_text().strip()


def submit(page, form):
    """Send a form and wait for the page it leads to; the step must have succeeded."""
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".alert-success").count() == 1, page.locator(".alert").all_inner_texts()


def test_a_member_reports_claims_a_post_and_serves(page, live_server, nanshan):
    community = nanshan["community"]
    url = f"{live_server.url}/volunteering/{community.code}/"
    log_in(page, live_server, "shequ")

    # From the area page to the community's volunteering page.
    page.goto(f"{live_server.url}/areas/{community.code}/")
    with page.expect_navigation():
        page.locator('[data-testid="volunteering-link"]').click()
    page.wait_for_load_state("networkidle")
    assert page.url == url
    assert figure(page, "members_reported") == "1"
    assert figure(page, "posts_claimed") == "1"
    assert figure(page, "service_person_times") == "2"
    assert figure(page, "service_hours") == "5.5"
    assert figure(page, "places_left") == "4"

    # The staff report a member living here (双报到): the report awaits confirmation.
    form = open_panel(page, "report")
    form.locator('[name="name"]').fill("赵志愿")
    form.locator('[name="phone"]').fill("13911113333")
    form.locator('[name="gender"]').select_option("male")
    form.locator('[name="unit_name"]').fill("吉林市税务局")
    form.locator('[name="organization"]').select_option(str(nanshan["tax"].pk))
    form.locator('[name="skills"]').fill("税收政策宣讲")
    form.locator('[name="availability"]').fill("周六上午")
    submit(page, form)
    awaiting = page.locator('[data-testid="awaiting"] tbody tr', has_text="赵志愿")
    awaiting.wait_for()
    assert figure(page, "members_reported") == "1"

    # Confirmed: the member counts as reported and may claim the community's posts.
    submit(page, awaiting.locator('form[data-step-form^="confirm-"]'))
    assert page.locator('[data-testid="awaiting"]').count() == 0
    assert figure(page, "members_reported") == "2"
    member_row = page.locator('[data-testid="members"] tbody tr', has_text="赵志愿")
    member_row.wait_for()
    report = MemberReport.objects.get(member__person__name="赵志愿")
    assert report.status == MemberReportStatus.CONFIRMED

    # The member claims a place of 政策宣讲岗 (认领).
    post_row = page.locator('[data-testid="posts"] tbody tr', has_text="政策宣讲岗")
    assert post_row.locator('[data-testid="places-left"]').inner_text() == "3"
    toggle = post_row.locator('button[data-toggle-form^="claim-"]')
    name = toggle.get_attribute("data-toggle-form")
    form = open_panel(page, name)
    form.locator('[name="member"]').select_option(label="赵志愿")
    submit(page, form)
    assert figure(page, "posts_claimed") == "2"
    assert figure(page, "places_left") == "3"
    post_row = page.locator('[data-testid="posts"] tbody tr', has_text="政策宣讲岗")
    assert post_row.locator('[data-testid="places-left"]').inner_text() == "2"

    # On the member's page the staff log the day's service on the post the member holds.
    with page.expect_navigation():
        page.locator('[data-testid="members"]').get_by_role("link", name="赵志愿").click()
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-testid="member-name"]').inner_text().startswith("赵志愿")
    assert "13911113333" in page.locator('[data-testid="member-phone"]').inner_text()
    assert figure(page, "posts_held") == "1"
    claim_row = page.locator('[data-testid="claims"] tbody tr', has_text="政策宣讲岗")
    name = claim_row.locator('button[data-toggle-form^="log-"]').get_attribute("data-toggle-form")
    form = open_panel(page, name)
    form.locator('[name="served_on"]').fill(timezone.localdate().isoformat())
    form.locator('[name="hours"]').fill("3")
    form.locator('[name="person_times"]').fill("2")
    form.locator('[name="note"]').fill("入户宣讲个税政策")
    submit(page, form)
    assert figure(page, "pending_hours") == "3.0"
    assert figure(page, "verified_hours") == "0.0"
    assert page.locator('[data-testid="records"] tr[data-verified="0"]').count() == 1
    page.locator("#month-chart canvas").first.wait_for()
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "volunteering_member_page.png"), full_page=True)

    # Unverified service does not count yet; verified on the community page, it does.
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert figure(page, "service_person_times") == "2"
    pending = page.locator('[data-testid="pending"] tbody tr', has_text="赵志愿")
    submit(page, pending.locator('form[data-step-form^="verify-"]'))
    assert figure(page, "service_person_times") == "4"
    assert figure(page, "service_hours") == "8.5"
    assert page.locator('[data-testid="pending"]').count() == 0
    record = ServiceRecord.objects.get(member__person__name="赵志愿")
    assert record.is_verified and record.verified_by == nanshan["staff"]
    kinds = page.locator('[data-testid="kind-table"]').inner_text()
    assert "政策宣传" in kinds and "法律援助" in kinds
    page.locator("#kind-chart canvas").first.wait_for()
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "volunteering_community_page.png"), full_page=True)


def in_view(page, locator) -> bool:
    """True when the element lies inside the window as it is scrolled."""
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_a_refused_log_keeps_the_input_with_each_message_beside_its_field(page, live_server, nanshan, width, height):
    page.set_viewport_size({"width": width, "height": height})
    member = MemberReport.objects.get(member__person__name="孙老师").member
    log_in(page, live_server, "shequ")
    page.goto(f"{live_server.url}/volunteering/members/{member.pk}/")
    page.wait_for_load_state("networkidle")
    claim_row = page.locator('[data-testid="claims"] tbody tr', has_text="法律咨询岗")
    name = claim_row.locator('button[data-toggle-form^="log-"]').get_attribute("data-toggle-form")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    def send(served_on, hours):
        form = page.locator(f'form[data-form="{name}"]')
        if not form.is_visible():
            form = open_panel(page, name)
        form.locator('[name="served_on"]').fill(served_on)
        form.locator('[name="hours"]').fill(hours)
        form.locator('[name="person_times"]').fill("2")
        form.locator('[name="note"]').fill("法律咨询值班")
        with page.expect_navigation() as navigation:
            form.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        return navigation.value, page.locator(f'form[data-form="{name}"]')

    # Too many hours: the same page again (400), the log form open with what was typed, the
    # message under the hours, the cursor there, in view however far down the page the form is.
    response, form = send("2020-06-10", "30")
    assert response.status == 400
    assert page.locator('[data-testid="member-name"]').inner_text().startswith("孙老师")  # the member's page
    page.locator(f"#form-{name}.show").wait_for(state="visible")
    hours = form.locator('[name="hours"]')
    assert hours.input_value() == "30" and form.locator('[name="served_on"]').input_value() == "2020-06-10"
    assert form.locator('[name="note"]').input_value() == "法律咨询值班"
    error = form.locator('[data-field="hours"]')
    assert error.is_visible() and form.locator('[data-field="served_on"]').count() == 0
    field_box, error_box = hours.bounding_box(), error.bounding_box()
    assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 20  # right under the field
    assert abs(error_box["x"] - field_box["x"]) < 20
    assert page.evaluate("document.activeElement.name") == "hours" and in_view(page, hours)
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, f"volunteering_log_refused_{width}.png"))

    # A day to come: refused by the service, beside the day.
    response, form = send(tomorrow, "3")
    assert response.status == 400
    assert form.locator('[name="served_on"]').input_value() == tomorrow
    assert form.locator('[data-field="served_on"]').is_visible() and form.locator('[data-field="hours"]').count() == 0
    assert ServiceRecord.objects.filter(member=member).count() == 2  # the two of the fixture only

    # Corrected, it is logged.
    response, _form = send("2020-06-10", "3")
    assert response.status == 200 and page.locator(".alert-success").count() == 1
    assert ServiceRecord.objects.filter(member=member, served_on=datetime.date(2020, 6, 10)).exists()
