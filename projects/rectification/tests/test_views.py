"""Pages of the rectification: the list of cases (open and rectified, progress, overdue, filters,
export, a fixed number of queries), a case's page (everything it holds, a fixed number of queries)
and its steps (who may take each: 403 saying why, 404 outside the area; a refusal beside its field
with HTTP 400 and the input kept), identification from a candidate of the assessment."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import load_workbook

from communities.tests.factories import PartyOrganizationFactory, user_with_grant
from grids.tests.factories import GridFactory
from jilin_grid import scope as roles
from projects.rectification import services
from projects.rectification.choices import CaseStatus
from projects.rectification.models import RectificationCase

from .factories import excellent_community, identify, make_place, member_report, problems, score_of

pytestmark = pytest.mark.django_db
LIST = reverse("projects:rectification_list")
# Each page's count includes the navbar bell's unread notifications (one query).
LIST_QUERIES = 8
# The case page: the case with its helpers, then one query each for its problems, measures, members,
# the paired community's stars, progress and extensions, whatever their number.
PAGE_QUERIES = 13


@pytest.fixture
def place():
    place = make_place()
    place.district_user = user_with_grant(place.district, roles.DISTRICT_ORG_DEPT)
    place.staff = user_with_grant(place.community.code, roles.COMMUNITY_STAFF)
    place.street_user = user_with_grant(place.street.code, roles.STREET_STAFF)
    return place


def case_with_measures(place, organization=None):
    case = identify(place, organization=organization)
    today = timezone.localdate()
    services.measure_add(case=case, title="引进物业公司", due_on=today - timedelta(days=5))
    done = services.measure_add(case=case, title="交叉任职", due_on=today + timedelta(days=10))
    services.measure_complete(measure=done, done_on=today, note="社区书记兼任物业党支部副书记")
    services.progress_report(case=case, month=today, text="物业公司进驻")
    return case


def step(case, name):
    return reverse("projects:rectification_step", args=[case.pk, name])


def page(case):
    return reverse("projects:rectification_case", args=[case.pk])


def test_the_list_shows_progress_and_overdue_and_filters(client, place):
    case = case_with_measures(place)
    other = make_place()
    identify(other)  # another district's
    client.force_login(place.district_user)
    html = client.get(LIST).content.decode()
    assert place.organization.name in html and other.organization.name not in html
    assert "1/2" in html and "table-warning" in html
    assert place.organization.name not in client.get(LIST, {"status": CaseStatus.RECTIFIED}).content.decode()
    assert place.organization.name in client.get(LIST, {"overdue": "true"}).content.decode()
    workbook = load_workbook(BytesIO(client.get(LIST, {"export": "xlsx"}).content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert (rows[1][0], rows[1][5], rows[1][6]) == (case.organization.name, "1/2", 1)


def test_the_list_and_the_case_page_keep_their_queries_at_10x(client, place, django_assert_max_num_queries):
    case = case_with_measures(place)
    client.force_login(place.district_user)
    client.get(LIST)
    # The rows' measures done, total and overdue are counted in the rows' query.
    with django_assert_max_num_queries(LIST_QUERIES) as small_list:
        assert client.get(LIST).status_code == 200
    with django_assert_max_num_queries(PAGE_QUERIES) as small_page:
        assert client.get(page(case)).status_code == 200
    for _ in range(9):
        grown = case_with_measures(place, organization=PartyOrganizationFactory(area_code=place.community.code))
        grown.member_reports.set([member_report(place.community)])
        services.case_extend(case=grown, new_deadline=date(2021, 6, 30), reason="延期")
    case.member_reports.set([member_report(place.community) for _ in range(10)])
    for number in range(10):
        services.measure_add(case=case, title=f"措施{number}", due_on=date(2021, 1, 1))
        services.case_extend(case=case, new_deadline=date(2021, 1, 2 + number), reason="延期")
    with django_assert_max_num_queries(LIST_QUERIES) as large_list:
        assert client.get(LIST).status_code == 200
    with django_assert_max_num_queries(PAGE_QUERIES) as large_page:
        assert client.get(page(case)).status_code == 200
    assert len(large_list.captured_queries) == len(small_list.captured_queries)
    assert len(large_page.captured_queries) == len(small_page.captured_queries)


def test_the_case_page_holds_everything(client, place):
    report = member_report(place.community)
    case = case_with_measures(place)
    services.case_members_set(case=case, member_reports=[report])
    services.case_extend(case=case, new_deadline=date(2021, 3, 31), reason="物业招标延后")
    client.force_login(place.staff)
    html = client.get(page(case)).content.decode()
    for text in ("王常委", place.department.name, place.paired.name, "★★★★★", report.member.person.name,
                 "引进物业公司", "data-overdue", "物业公司进驻", "物业招标延后", "2021-03-31"):  # fmt: skip
        assert text in html, text
    # Community staff add measures and report progress, not extend or accept.
    assert 'data-toggle-form="add-measure"' in html and 'data-toggle-form="accept"' not in html


def test_who_takes_each_step(client, place):
    case = case_with_measures(place)
    grid = GridFactory(community=place.community)
    client.force_login(user_with_grant(grid.code, roles.GRID_WORKER))
    assert client.post(step(case, "add-measure"), {"title": "x", "due_on": "2021-01-01"}).status_code == 404
    client.force_login(place.street_user)
    denied = client.post(step(case, "accept"), {"accepted_on": str(timezone.localdate())})
    assert denied.status_code == 403
    assert gettext("Your role may not take this step on this case.") in denied.content.decode()
    client.force_login(user_with_grant(make_place().district, roles.DISTRICT_ORG_DEPT))
    assert client.post(step(case, "extend"), {"new_deadline": "2021-06-30", "reason": "x"}).status_code == 404
    assert client.get(page(case)).status_code == 404
    client.force_login(place.staff)
    response = client.post(step(case, "add-measure"), {"title": "居民议事会", "due_on": "2021-01-31"})
    assert response.status_code == 302 and case.measures.count() == 3


def test_a_grid_worker_reads_a_grid_branchs_case_and_may_not_take_its_steps(client, place):
    grid = GridFactory(community=place.community)
    branch = PartyOrganizationFactory(area_code=grid.code, kind="grid_branch")
    case = identify(place, organization=branch)
    client.force_login(user_with_grant(grid.code, roles.GRID_WORKER))
    html = client.get(page(case)).content.decode()
    assert branch.name in html and "data-toggle-form" not in html
    denied = client.post(step(case, "add-measure"), {"title": "x", "due_on": "2021-01-01"})
    assert denied.status_code == 403
    assert gettext("Your role may not take this step on this case.") in denied.content.decode()
    assert not case.measures.exists()


def test_a_refused_acceptance_shows_beside_its_field_and_keeps_the_input(client, place):
    case = case_with_measures(place)
    client.force_login(place.district_user)
    today = str(timezone.localdate())
    response = client.post(step(case, "accept"), {"accepted_on": today, "note": "晋位摘帽"})
    assert response.status_code == 400
    html = response.content.decode()
    message = gettext("%(count)s measures are still open: complete them, or say why they are left.") % {"count": 1}
    assert message in html and "晋位摘帽" in html and 'id="form-accept"' in html
    assert RectificationCase.objects.get(pk=case.pk).status == CaseStatus.OPEN
    response = client.post(step(case, "accept"), {"accepted_on": today, "open_measures_reason": "已纳入物业合同"})
    assert response.status_code == 302
    assert RectificationCase.objects.get(pk=case.pk).status == CaseStatus.RECTIFIED


def test_identify_from_a_candidate(client, place):
    low = score_of(place.organization, 2020, 48)
    client.force_login(place.district_user)
    candidates = client.get(reverse("projects:assessment_candidates_area", args=[place.district]), {"year": 2020})
    link = f"{reverse('projects:rectification_identify')}?score={low.pk}"
    assert link in candidates.content.decode()
    form = client.get(link)
    assert form.status_code == 200 and place.organization.name in form.content.decode()
    three = excellent_community(place.street, stars=3)
    data = {"organization": place.organization.pk, "source": "score", "score": low.pk,
            "problems": [kind.pk for kind in problems()], "guarantor": place.guarantor.pk,
            "department": place.department.pk, "paired_community": three.pk,
            "deadline": str(timezone.localdate() + timedelta(days=180)), "problem_note": "班子不团结"}  # fmt: skip
    refused = client.post(reverse("projects:rectification_identify"), data)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "★★★★" in html and "班子不团结" in html and "is-invalid" in html
    assert not RectificationCase.objects.exists()
    data["paired_community"] = place.paired.pk
    done = client.post(reverse("projects:rectification_identify"), data)
    case = RectificationCase.objects.get()
    assert done.status_code == 302 and done["Location"] == page(case) and case.score == low
    # The candidate now leads to its case instead.
    candidates = client.get(reverse("projects:assessment_candidates_area", args=[place.district]), {"year": 2020})
    assert link not in candidates.content.decode() and page(case) in candidates.content.decode()
    # Street staff see the candidates without the link, and the form refuses them saying why.
    client.force_login(place.street_user)
    assert link not in client.get(reverse("projects:assessment_candidates_area", args=[place.street.code]),
                                  {"year": 2020}).content.decode()  # fmt: skip
    denied = client.get(link)
    assert denied.status_code == 403
    assert gettext("Only the district (or city) organization department identifies weak and lax organizations.") in (
        denied.content.decode()
    )


def test_identify_searches_an_organization(client, place):
    client.force_login(place.district_user)
    html = client.get(reverse("projects:rectification_identify"), {"q": place.organization.name}).content.decode()
    assert f"?organization={place.organization.pk}" in html
    other = make_place()
    html = client.get(reverse("projects:rectification_identify"), {"q": other.organization.name}).content.decode()
    assert f"?organization={other.organization.pk}" not in html
    assert (
        client.get(reverse("projects:rectification_identify"), {"organization": other.organization.pk}).status_code
        == 404
    )
