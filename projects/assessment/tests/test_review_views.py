"""Pages of the report-and-review: who sees and does what (403 with the reason, 404 outside), the
steps and their refusals on the page (400, the input kept), the published results with their chart
and workbook, and the same number of queries at ten times the reports."""

from io import BytesIO
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from communities.tests.factories import CommunityFactory, StreetFactory, user_with_grant
from jilin_grid import scope as roles
from projects.assessment import services
from projects.assessment.models import ReviewRound, ReviewVote, SecretaryReport

from .factories import graded_report, open_round, reporting_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(db):
    community = CommunityFactory()
    code = community.code[:6]
    review_round = open_round(code, 2020, reviewers=2)
    return SimpleNamespace(
        code=code,
        community=community,
        organization=reporting_organization(community.code),
        round=review_round,
        reviewer=review_round.reviewer_list[0],
        department=user_with_grant(code, roles.DISTRICT_ORG_DEPT),
        staff=user_with_grant(community.code, roles.COMMUNITY_STAFF),
        street=user_with_grant(community.code[:9], roles.STREET_STAFF),
        outsider=user_with_grant(CommunityFactory().code[:6], roles.DISTRICT_ORG_DEPT),
    )


def round_url(review_round):
    return reverse("projects:review_round_detail", args=[review_round.pk])


def report_url(report):
    return reverse("projects:secretary_report_detail", args=[report.pk])


def step(report, name):
    return reverse("projects:secretary_report_step", args=[report.pk, name])


def test_the_whole_round_through_the_pages(client, place):
    write_url = reverse("projects:secretary_report_write", args=[place.round.pk, place.organization.pk])
    # The street's staff may not write a community's report; the community's staff may.
    client.force_login(place.street)
    assert client.get(write_url).status_code == 403
    client.force_login(place.staff)
    refused = client.post(write_url, {"heading_1": "一、履职情况", "body_1": ""})
    assert refused.status_code == 400
    assert refused.context["form"].errors["body_1"] == [gettext("Write the section's text.")]
    assert "一、履职情况" in refused.content.decode()  # the input kept
    response = client.post(write_url, {"heading_1": "一、履职情况", "body_1": "召开支委会12次。",
                                       "heading_2": "二、问题", "body_2": "网格作用不均衡。"})  # fmt: skip
    report = SecretaryReport.objects.get()
    assert response.status_code == 302 and response.url == report_url(report)
    page = client.get(report_url(report)).content.decode()
    assert "召开支委会12次。" in page and 'data-step="secretary_report' not in page
    # The reviewer cannot grade a draft: the page does not offer it and the step answers 400.
    client.force_login(place.reviewer)
    draft = client.post(step(report, "vote"), {"grade": "good"})
    assert draft.status_code == 400
    client.force_login(place.staff)
    assert client.post(step(report, "submit"), {}).status_code == 302
    # Another district's department: 404; the community's staff may not grade: 403.
    client.force_login(place.outsider)
    assert client.get(report_url(report)).status_code == 404
    assert client.post(step(report, "vote"), {"grade": "good"}).status_code == 404
    client.force_login(place.staff)
    denied = client.post(step(report, "vote"), {"grade": "good"})
    assert denied.status_code == 403
    client.force_login(place.reviewer)
    missing = client.post(step(report, "vote"), {"comment": "很好"})
    assert missing.status_code == 400 and "很好" in missing.content.decode()
    assert client.post(step(report, "vote"), {"grade": "good", "comment": "扎实有效"}).status_code == 302
    twice = client.post(step(report, "vote"), {"grade": "poor"})
    assert twice.status_code == 400
    assert gettext("You have graded this report: change your grade instead.") in twice.content.decode()
    assert client.post(step(report, "change-vote"), {"grade": "fairly_good", "comment": "较扎实"}).status_code == 302
    assert ReviewVote.objects.get().grade == "fairly_good"
    # Comments: the reviewer and the department read them; the community's staff do not.
    assert "较扎实" in client.get(report_url(report)).content.decode()
    client.force_login(place.department)
    assert "较扎实" in client.get(report_url(report)).content.decode()
    client.force_login(place.staff)
    assert "较扎实" not in client.get(report_url(report)).content.decode()
    # Only the department publishes.
    publish = reverse("projects:review_round_step", args=[place.round.pk, "publish"])
    assert client.post(publish, {}).status_code == 403
    client.force_login(place.outsider)
    assert client.post(publish, {}).status_code == 404
    client.force_login(place.department)
    assert client.post(publish, {}).status_code == 302
    again = client.post(publish, {})
    assert again.status_code == 400
    assert gettext("The results of this round are already published.") in again.content.decode()
    # Once published, everyone in scope reads the result.
    client.force_login(place.staff)
    result = client.get(report_url(report)).content.decode()
    assert 'data-testid="result"' in result and str(gettext("Fairly good")) in result


def test_opening_a_round_on_the_page(client, place):
    url = reverse("projects:review_round_create")
    client.force_login(place.street)
    assert client.get(url).status_code == 403
    client.force_login(place.department)
    page = client.get(url).content.decode()
    assert place.reviewer.username in page or place.reviewer.get_full_name() in page
    refused = client.post(url, {"area_code": place.code, "year": 2020, "reviewers": [place.reviewer.pk]})
    assert refused.status_code == 400
    assert gettext("The round of %(year)s is already open here.") % {"year": 2020} in refused.content.decode()
    done = client.post(url, {"area_code": place.code, "year": 2021, "reviewers": [place.reviewer.pk]})
    assert done.status_code == 302
    assert ReviewRound.objects.get(year=2021).reviewers.get() == place.reviewer


def test_rounds_list_in_scope(client, place):
    other = open_round(place.outsider.area_grants.get().area_code, 2020, reviewers=1)
    client.force_login(place.staff)
    page = client.get(reverse("projects:review_round_list")).content.decode()
    assert round_url(place.round) in page and round_url(other) not in page
    assert client.get(round_url(other)).status_code == 404
    mine = client.get(round_url(place.round)).content.decode()
    write_url = reverse("projects:secretary_report_write", args=[place.round.pk, place.organization.pk])
    assert place.organization.name in mine and write_url in mine
    # The street sees the community's organization as not reported, without writing for it.
    client.force_login(place.street)
    street = client.get(round_url(place.round)).content.decode()
    assert place.organization.name in street and write_url not in street


def grow(place, count):
    """``count`` more communities of the district, each with a graded report."""
    for _ in range(count):
        community = CommunityFactory(street=StreetFactory(district=place.community.street.district))
        graded_report(place.round, reporting_organization(community.code), ["good", "average"])


def test_the_published_round_with_its_chart_and_workbook(client, place):
    report = graded_report(place.round, place.organization, ["poor", "poor"])
    grow(place, 2)
    reporting_organization(StreetFactory(district=place.community.street.district).code, kind="committee")
    services.review_round_publish(review_round=place.round)
    client.force_login(place.department)
    page = client.get(round_url(place.round)).content.decode()
    assert 'id="grade-chart"' in page and 'data-testid="not-reported"' in page
    assert f'data-testid="result-{report.pk}"' in page
    response = client.get(round_url(place.round), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4
    assert rows[-1][1] == place.organization.name and rows[-1][4] == str(gettext("Poor"))


def test_the_round_page_and_the_report_page_at_1x_and_10x(client, place, django_assert_max_num_queries):
    report = graded_report(place.round, place.organization, ["good", "good"])
    grow(place, 2)
    client.force_login(place.reviewer)
    # Session, user, grants, the navbar's unread notifications; the round, its reviewers, the
    # reports, the organizations not reported, the reviewer's grades, the area's name.
    with django_assert_max_num_queries(10) as round_queries:
        assert client.get(round_url(place.round)).status_code == 200
    # Session, user, grants, the navbar's unread notifications; the report, its round's reviewers,
    # its sections, its grades.
    with django_assert_max_num_queries(8) as report_queries:
        assert client.get(report_url(report)).status_code == 200
    grow(place, 20)
    with django_assert_max_num_queries(len(round_queries)):
        assert client.get(round_url(place.round)).status_code == 200
    with django_assert_max_num_queries(len(report_queries)):
        assert client.get(report_url(report)).status_code == 200


def test_the_league_table_leads_to_the_rounds(client, place):
    client.force_login(place.staff)
    league = client.get(reverse("projects:assessment_league")).content.decode()
    assert f'href="{reverse("projects:review_round_list")}"' in league
    rounds = client.get(reverse("projects:review_round_list"), {"year": 2020}).content.decode()
    assert round_url(place.round) in rounds
    assert (
        round_url(place.round) not in client.get(reverse("projects:review_round_list"), {"year": 2019}).content.decode()
    )
