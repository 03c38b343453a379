"""A refused step (report, post, claim, service record, activity) shows the page it was taken on
again (its ``next``): HTTP 400, that record's step open and bound to what was typed, each message
beside its field or at the top of the step's form, and nothing written. A step the page no longer
offers says why above the page."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alliances.tests.factories import ServicePostFactory, service_kind
from alliances.volunteering import services
from alliances.volunteering.choices import MemberReportStatus
from alliances.volunteering.models import PostClaim, ServiceRecord
from alliances.volunteering.tests.test_views import (
    activity,  # noqa: F401 (a fixture)
    area_url,
    attendance_url,
    awaiting_in,
    claim,
    member_url,
    post_step,
    report_in,
    served,
    step_form_html,
    step_url,
)
from jilin_grid.testing.views import build_world


@pytest.fixture
def world(db):
    return build_world()


def top_messages(response) -> list[str]:
    """The messages above the page (not those of a form)."""
    return [str(message) for message in response.context["messages"]]


def is_open(response, name: str) -> bool:
    return f'class="collapse show" id="form-{name}"' in response.content.decode()


def test_a_refused_decline_shows_the_community_page_with_the_reports_form_open(client, world):
    first, second = awaiting_in(world.community), awaiting_in(world.community)
    back = area_url(world.community.code)
    response = post_step(
        client, world.writer, step_url("member_report", first, "decline"), {"reason": "   ", "next": back}
    )
    form = step_form_html(response, f"decline-{first.pk}")
    assert response.context["area"].code == world.community.code  # the page it was taken on
    assert is_open(response, f"decline-{first.pk}") and not is_open(response, f"decline-{second.pk}")
    assert re.search(r'name="reason"[^>]*is-invalid[^>]*autofocus', form)
    assert 'data-field="reason"' in form and f'value="{back}"' in form
    # Only that report's form is the refused one.
    assert 'data-field="reason"' not in step_form_html(response, f"decline-{second.pk}")
    first.refresh_from_db()
    assert first.status == MemberReportStatus.REPORTED and not first.end_reason


def test_a_refused_end_keeps_what_was_typed_beside_the_day(client, world):
    report = report_in(world.community)
    back = member_url(report.member)
    data = {"reason": "搬离本社区", "ended_on": "2019-12-31", "next": back}
    response = post_step(client, world.writer, step_url("member_report", report, "end"), data)
    form = step_form_html(response, f"end-{report.pk}")
    assert response.context["member"] == report.member
    assert is_open(response, f"end-{report.pk}")
    assert 'value="搬离本社区"' in form and 'value="2019-12-31"' in form
    assert re.search(r'data-field="ended_on">[^<]*(报到|report)', form)
    report.refresh_from_db()
    assert report.is_open and report.status == MemberReportStatus.CONFIRMED


def test_a_refused_claim_says_why_at_the_top_of_that_posts_form(client, world):
    post, other = ServicePostFactory(community=world.community), ServicePostFactory(community=world.community)
    holder = report_in(world.community)
    claim(post, holder)
    back = area_url(world.community.code)
    response = post_step(
        client, world.writer, step_url("service_post", post, "claim"), {"member": holder.member_id, "next": back}
    )
    form = step_form_html(response, f"claim-{post.pk}")
    assert is_open(response, f"claim-{post.pk}") and not is_open(response, f"claim-{other.pk}")
    assert re.search(r'data-testid="form-errors">.*?(已认领|already holds)', form, re.S)
    assert re.search(rf'<option value="{holder.member_id}" selected>', form)
    assert "form-errors" not in step_form_html(response, f"claim-{other.pk}")
    assert PostClaim.objects.count() == 1


def test_a_refused_log_keeps_the_input_beside_hours_and_day(client, world):
    post = ServicePostFactory(community=world.community)
    report = report_in(world.community)
    held = claim(post, report)
    back = member_url(report.member)
    url = step_url("post_claim", held, "log")
    data = {"served_on": "2020-04-01", "hours": "25", "person_times": "3", "note": "入户宣传", "next": back}
    response = post_step(client, world.writer, url, data)
    form = step_form_html(response, f"log-{held.pk}")
    assert is_open(response, f"log-{held.pk}")
    assert 'value="25"' in form and 'value="3"' in form and 'value="入户宣传"' in form
    assert re.search(r'id="id_log\d+_hours"', form) and 'data-field="hours"' in form
    assert 'data-field="served_on"' not in form and not top_messages(response)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = post_step(client, world.writer, url, {**data, "hours": "2", "served_on": tomorrow})
    form = step_form_html(response, f"log-{held.pk}")
    assert f'value="{tomorrow}"' in form and re.search(r'data-field="served_on">[^<]*(未来|future)', form)
    assert not ServiceRecord.objects.exists()


def test_a_refused_withdrawal_no_longer_offered_says_why_above_the_page(client, world):
    post = ServicePostFactory(community=world.community)
    report = report_in(world.community)
    held = claim(post, report)
    services.post_claim_withdraw(claim=held)
    back = member_url(report.member)
    response = post_step(client, world.writer, step_url("post_claim", held, "withdraw"), {"next": back})
    assert response.status_code == 400 and response.context["member"] == report.member
    assert any("撤回" in m or "withdrawn" in m for m in top_messages(response))
    assert f'data-step-form="withdraw-{held.pk}"' not in response.content.decode()


def test_a_refused_verify_of_a_record_shows_the_page_again(client, world, monkeypatch):
    post = ServicePostFactory(community=world.community)
    report = report_in(world.community)
    held = claim(post, report)
    record = served(held, datetime.date(2020, 4, 1), "2", verified=False)
    other = served(held, datetime.date(2020, 4, 2), "1", verified=False)
    back = area_url(world.community.code)
    # A rule of the service refusing while the page still offers the step: beside that record's button.
    monkeypatch.setattr(
        services, "service_record_verify", lambda **kwargs: (_ for _ in ()).throw(ValidationError("尚不能核实"))
    )
    response = post_step(client, world.writer, step_url("service_record", record, "verify"), {"next": back})
    assert "尚不能核实" in step_form_html(response, f"verify-{record.pk}")
    assert "尚不能核实" not in step_form_html(response, f"verify-{other.pk}")
    assert not top_messages(response)
    monkeypatch.undo()
    # Verified meanwhile: the page no longer offers it, the message is above the page.
    services.service_record_verify(record=record, actor=world.writer)
    response = post_step(client, world.writer, step_url("service_record", record, "verify"), {"next": back})
    assert response.status_code == 400 and response.context["area"].code == world.community.code
    assert any("核实" in m or "verified" in m for m in top_messages(response))
    record.refresh_from_db()
    assert record.verified_by == world.writer


def test_a_refused_verify_all_shows_the_attendance_page_again(client, world, activity, monkeypatch):  # noqa: F811
    report = report_in(world.community)
    record = services.service_record_log(
        member=report.member, activity=activity, kind=service_kind("助餐"),
        served_on=activity.held_on, hours=2,
    )  # fmt: skip
    back = attendance_url(activity)
    url = step_url("activity", activity, "verify_all")
    monkeypatch.setattr(
        services, "activity_service_verify", lambda **kwargs: (_ for _ in ()).throw(ValidationError("尚不能核实"))
    )
    response = post_step(client, world.writer, url, {"next": back})
    assert response.context["activity"] == activity
    assert "尚不能核实" in step_form_html(response, f"verify_all-{activity.pk}")
    monkeypatch.undo()
    record.refresh_from_db()
    assert not record.is_verified
    services.activity_service_verify(activity=activity, actor=world.writer)
    response = post_step(client, world.writer, url, {"next": back})
    assert response.status_code == 400 and 'data-testid="verify-all"' not in response.content.decode()
    assert any("核实" in m or "verified" in m for m in top_messages(response))


def test_a_refused_step_keeps_the_pages_query_and_outside_pages_are_not_shown(client, world):
    report = awaiting_in(world.community)
    back = f"{area_url(world.community.code)}?from=2020-01-01&to=2020-12-31"
    url = step_url("member_report", report, "decline")
    response = post_step(client, world.writer, url, {"reason": "", "next": back})
    assert response.context["period_form"]["from"].value() == "2020-01-01"
    assert f'value="{back.replace("&", "&amp;")}"' in step_form_html(response, f"decline-{report.pk}")
    # A page outside the user's area is not shown: the messages wait where the step returns.
    outside = area_url(world.other_community.code)
    response = post_step(client, world.writer, url, {"reason": "", "next": outside})
    assert response.status_code == 302 and response["Location"] == outside
    # A page without steps (a list): the same.
    listed = "/volunteering/reports/?status=reported"
    response = post_step(client, world.writer, url, {"reason": "", "next": listed})
    assert response.status_code == 302 and response["Location"] == listed
    report.refresh_from_db()
    assert report.status == MemberReportStatus.REPORTED
