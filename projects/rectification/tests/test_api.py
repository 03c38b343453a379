"""API of the rectification: the generated tests of the cases' endpoint, then by hand identification
and each action, who may take it (403 with the reason for reading roles, 404 outside the area), the
refusals under their field, the filters and the problem kinds' catalogue."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from communities.tests.factories import PartyOrganizationFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.testing.api import APITestCases, api_client, result_ids
from projects.rectification import services
from projects.rectification.models import RectificationCase

from .factories import identify, make_place, problems, score_of


class TestCaseAPI(APITestCases.Read):
    model = RectificationCase
    basename = "rectification-case"
    # Token, grants, count, rows (with their measures' counts and names), problems, member reports.
    max_list_queries = 6
    grown_rows = 10

    def make_object(self, area):
        place = make_place(area.community)
        case = identify(place)
        services.measure_add(case=case, title="配强班子", due_on=date(2020, 6, 1))
        return case

    def make_rows(self, area, count):
        place = make_place(area.community)
        for _ in range(count):
            identify(place, organization=PartyOrganizationFactory(area_code=area.community.code))


@pytest.fixture
def place(db):
    return make_place()


def client_of(place, role, level="district"):
    code = {"city": "2202", "district": place.district, "street": place.street.code,
            "community": place.community.code}[level]  # fmt: skip
    return api_client(user_with_grant(code, role))


def payload(place, **overrides):
    return {
        "organization": place.organization.pk, "source": "score",
        "score": score_of(place.organization, 2019, 55).pk, "problems": [kind.pk for kind in problems()],
        "guarantor": place.guarantor.pk, "department": place.department.pk, "paired_community": place.paired.pk,
        "deadline": "2020-12-31", "identified_on": "2020-01-10", **overrides,
    }  # fmt: skip


def test_identify_is_the_district_organization_departments(place):
    url = reverse("rectification-case-list")
    body = payload(place)
    street = client_of(place, roles.STREET_STAFF, "street").post(url, body, format="json")
    assert street.status_code == 403
    assert "organization department" in str(street.data["detail"])
    reader = client_of(place, roles.API_READER, "city").post(url, body, format="json")
    assert reader.status_code == 403
    other = make_place()
    outside = client_of(other, roles.DISTRICT_ORG_DEPT).post(url, body, format="json")
    assert outside.status_code == 400 and "organization" in outside.data
    response = client_of(place, roles.DISTRICT_ORG_DEPT).post(url, body, format="json")
    assert response.status_code == 201, response.data
    assert (response.data["year"], response.data["status"], response.data["measures_total"]) == (2019, "open", 0)
    again = client_of(place, roles.CITY_ORG_DEPT, "city").post(url, body, format="json")
    assert again.status_code == 400
    assert again.data["organization"] == [gettext("This organization already has an open rectification case.")]
    assert RectificationCase.objects.count() == 1


def test_a_paired_community_below_four_stars_is_refused_beside_its_field(place):
    from .factories import excellent_community

    three = excellent_community(place.street, stars=3)
    response = client_of(place, roles.DISTRICT_ORG_DEPT).post(
        reverse("rectification-case-list"), payload(place, paired_community=three.pk), format="json"
    )
    assert response.status_code == 400
    assert list(response.data) == ["paired_community"]
    assert "★★★★" in str(response.data["paired_community"][0])


def test_the_actions_and_who_takes_them(place):
    case = identify(place)
    district = client_of(place, roles.DISTRICT_ORG_DEPT)
    community = client_of(place, roles.COMMUNITY_STAFF, "community")
    reader = client_of(place, roles.API_READER, "community")
    today = timezone.localdate()

    def url(name):
        return reverse(f"rectification-case-{name}", args=[case.pk])

    measure = {"title": "引进物业公司", "due_on": str(today - timedelta(days=1))}
    denied = reader.post(url("add-measure"), measure, format="json")
    assert denied.status_code == 403 and "may not change data" in str(denied.data["detail"])
    added = community.post(url("add-measure"), measure, format="json")
    assert added.status_code == 200, added.data
    assert added.data["measures"][0]["overdue"] is True and added.data["measures_overdue"] == 1
    measure_id = added.data["measures"][0]["id"]
    blank = community.post(url("complete-measure"), {"measure": measure_id, "done_on": str(today), "note": ""},
                           format="json")  # fmt: skip
    assert blank.status_code == 400 and list(blank.data) == ["note"]
    done = community.post(url("complete-measure"), {"measure": measure_id, "done_on": str(today), "note": "已进驻"},
                          format="json")  # fmt: skip
    assert (done.data["measures_done"], done.data["measures_overdue"]) == (1, 0)
    progress = community.post(url("report-progress"), {"month": str(today), "text": "物业进驻"}, format="json")
    assert progress.status_code == 200 and progress.data["progress"][0]["measures_done"] == 1
    # Extending and accepting are the district's.
    refused = community.post(url("extend"), {"new_deadline": "2021-06-30", "reason": "x"}, format="json")
    assert refused.status_code == 403 and "organization department" in str(refused.data["detail"])
    extended = district.post(url("extend"), {"new_deadline": "2021-06-30", "reason": "疫情影响"}, format="json")
    assert extended.data["deadline"] == "2021-06-30" and len(extended.data["extensions"]) == 1
    accepted = district.post(url("accept"), {"accepted_on": str(today), "note": "晋位"}, format="json")
    assert accepted.status_code == 200 and accepted.data["status"] == "rectified"
    late = community.post(url("add-measure"), measure, format="json")
    assert late.status_code == 400 and "non_field_errors" in late.data
    # Outside the area: 404, never the case's name.
    other = client_of(make_place(), roles.DISTRICT_ORG_DEPT)
    hidden = other.post(url("extend"), {"new_deadline": "2022-01-01", "reason": "x"}, format="json")
    assert hidden.status_code == 404 and place.organization.name not in str(hidden.data)


def test_members_reporting_to_the_cases_community_only(place):
    from communities.tests.factories import CommunityFactory

    from .factories import member_report

    case = identify(place)
    own, elsewhere = member_report(place.community), member_report(CommunityFactory(street=place.street))
    client = client_of(place, roles.STREET_STAFF, "street")
    url = reverse("rectification-case-set-members", args=[case.pk])
    refused = client.post(url, {"member_reports": [own.pk, elsewhere.pk]}, format="json")
    assert refused.status_code == 400 and list(refused.data) == ["member_reports"]
    assert not case.member_reports.exists()
    response = client.post(url, {"member_reports": [own.pk]}, format="json")
    assert response.status_code == 200 and response.data["member_reports"] == [own.pk]


def test_filters_and_catalogue(place):
    open_case = identify(place)
    services.measure_add(case=open_case, title="逾期", due_on=date(2020, 4, 1))
    other = make_place(place.paired.__class__.objects.create(
        street=place.street, code=f"{place.street.code}999", name="另一社区"))  # fmt: skip
    quiet = identify(other)
    client = client_of(place, roles.DISTRICT_ORG_DEPT)
    url = reverse("rectification-case-list")
    assert result_ids(client.get(url, {"overdue": "true"})) == {open_case.pk}
    assert result_ids(client.get(url, {"overdue": "false"})) == {quiet.pk}
    assert result_ids(client.get(url, {"status": "rectified"})) == set()
    assert result_ids(client.get(url, {"area": place.community.code})) == {open_case.pk}
    kinds = client.get(reverse("rectification-problem-kind-list"))
    assert kinds.status_code == 200 and kinds.data["count"] == 8
