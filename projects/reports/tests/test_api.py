"""API of the dispatch reports: the generated read tests, requesting a report and its refusals, links to
its outputs and the filters."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from communities.tests.factories import CommunityFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.testing.api import APITestCases, api_client, result_ids
from projects.reports.choices import ReportJobStatus, ReportKind
from projects.reports.models import ReportJob

NOT_FOUND = "未找到，或不在您的管辖范围内。 / Not found, or outside your area."


class TestReportAPI(APITestCases.Read):
    model = ReportJob
    basename = "report"
    grant_role = roles.STREET_STAFF

    def build_area(self, which):
        community = CommunityFactory()
        return SimpleNamespace(code=community.street.code, street=community.street, community=community)

    def make_object(self, area):
        month = ReportJob.objects.filter(area_code=area.code).count() % 12 + 1
        year = 2020 + ReportJob.objects.filter(area_code=area.code).count() // 12
        return ReportJob.objects.create(
            kind=ReportKind.MONTHLY, period=f"{year}-{month:02d}", area_code=area.code, area_name=area.street.name
        )


# Reports.


def test_report_links_to_its_outputs(community):
    street = community.street
    report = ReportJob.objects.create(
        kind=ReportKind.MONTHLY, period="2020-06", area_code=street.code, area_name=street.name,
        status=ReportJobStatus.DONE, xlsx="reports/monthly/2020-06/x.xlsx", pdf="reports/monthly/2020-06/x.pdf",
    )  # fmt: skip
    pending = ReportJob.objects.create(
        kind=ReportKind.QUARTERLY, period="2020-Q2", area_code=street.code, area_name=street.name
    )
    client = api_client(user_with_grant(street.code, roles.API_READER))
    data = client.get(reverse("report-detail", args=[report.pk])).data
    assert data["html_url"] == f"http://testserver/reports/{report.pk}/"
    # The files through the API, so a token client downloads them with its token.
    assert data["xlsx_url"] == f"http://testserver/api/reports/{report.pk}/download/xlsx/"
    assert data["pdf_url"] == f"http://testserver/api/reports/{report.pk}/download/pdf/"
    assert data["html_download_url"] == f"http://testserver/api/reports/{report.pk}/download/html/"
    data = client.get(reverse("report-detail", args=[pending.pk])).data
    assert (data["status"], data["xlsx_url"], data["pdf_url"]) == ("pending", None, None)


def test_report_filters(community):
    street = community.street
    district = street.district
    rows = {
        "street_june": ReportJob.objects.create(kind="monthly", period="2020-06", area_code=street.code),
        "street_q2": ReportJob.objects.create(kind="quarterly", period="2020-Q2", area_code=street.code),
        "district_june": ReportJob.objects.create(kind="monthly", period="2020-06", area_code=district.code),
    }
    client = api_client(user_with_grant(district.code, roles.DISTRICT_ORG_DEPT))
    url = reverse("report-list")
    assert result_ids(client.get(url, {"kind": "quarterly"})) == {rows["street_q2"].pk}
    assert result_ids(client.get(url, {"period": "2020-06"})) == {rows["street_june"].pk, rows["district_june"].pk}
    assert result_ids(client.get(url, {"area": street.code})) == {rows["street_june"].pk, rows["street_q2"].pk}
    # A street's staff see their street's reports, not the district's.
    street_staff = api_client(user_with_grant(street.code, roles.STREET_STAFF))
    assert result_ids(street_staff.get(url)) == {rows["street_june"].pk, rows["street_q2"].pk}


@pytest.mark.parametrize("role", [roles.DISTRICT_ORG_DEPT, roles.STREET_STAFF])
def test_request_a_report_answers_202_with_the_row(community, role):
    code = community.street.district.code if role == roles.DISTRICT_ORG_DEPT else community.street.code
    user = user_with_grant(code, role)
    response = api_client(user).post(
        reverse("report-list"), {"kind": "monthly", "period": "2020-06", "area": community.street.code}, format="json"
    )
    assert response.status_code == 202, response.data
    report = ReportJob.objects.get()
    assert response.data["id"] == report.pk
    assert (response.data["status"], response.data["period"], response.data["area_code"]) == (
        "pending",
        "2020-06",
        community.street.code,
    )
    assert response.data["area_name"] == community.street.name
    assert report.requested_by == user
    # Asking again resets the same row.
    again = api_client(user).post(
        reverse("report-list"), {"kind": "monthly", "period": "2020-06", "area": community.street.code}, format="json"
    )
    assert again.status_code == 202
    assert ReportJob.objects.count() == 1


@pytest.mark.parametrize("role", [roles.COMMUNITY_STAFF, roles.GRID_WORKER])
def test_other_roles_may_not_request_reports(community, role):
    response = api_client(user_with_grant(community.code, role)).post(
        reverse("report-list"), {"kind": "monthly", "period": "2020-06", "area": community.code}, format="json"
    )
    assert response.status_code == 403
    assert "request its reports" in response.data["detail"]
    assert not ReportJob.objects.exists()


def test_read_only_client_may_not_request_reports(community):
    reader = user_with_grant("2202", roles.API_READER)
    response = api_client(reader).post(
        reverse("report-list"), {"kind": "monthly", "period": "2020-06", "area": "2202"}, format="json"
    )
    assert response.status_code == 403
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize("area", ["other", "unknown"])
def test_report_of_an_area_outside_scope_is_404(community, area):
    user = user_with_grant(community.street.code, roles.STREET_STAFF)
    # Another district's street, and a community code inside the user's street that is on no record.
    code = {"other": CommunityFactory().street.code, "unknown": f"{community.street.code}998"}[area]
    response = api_client(user).post(
        reverse("report-list"), {"kind": "monthly", "period": "2020-06", "area": code}, format="json"
    )
    assert response.status_code == 404
    assert response.data["detail"] == NOT_FOUND
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize(
    ("kind", "period", "field", "message"),
    [
        ("monthly", "2020-13", "period", "2020-06"),
        ("monthly", "2020-Q2", "period", "2020-06"),
        ("quarterly", "2020-06", "period", "2020-Q2"),
        ("weekly", "2020-06", "kind", ""),
    ],
)
def test_bad_report_request_is_400(community, kind, period, field, message):
    user = user_with_grant(community.street.code, roles.STREET_STAFF)
    response = api_client(user).post(
        reverse("report-list"), {"kind": kind, "period": period, "area": community.street.code}, format="json"
    )
    assert response.status_code == 400
    assert message in str(response.data[field])
    assert not ReportJob.objects.exists()


def test_malformed_report_area_is_400(community):
    user = user_with_grant("2202", roles.CITY_ORG_DEPT)
    response = api_client(user).post(
        reverse("report-list"), {"kind": "monthly", "period": "2020-06", "area": "22a2"}, format="json"
    )
    assert response.status_code == 400
    assert "digits" in str(response.data["area"])
