"""The API's edges: ``/api/`` lists every endpoint, the schema and docs are for signed-in callers,
and a report's files download with the token the client already holds."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from rest_framework.test import APIClient

from communities.tests.factories import CityFactory, DistrictFactory, user_with_grant
from jilin_grid.scope import Role
from jilin_grid.testing.api import api_client
from projects.reports.choices import ReportJobStatus, ReportKind
from projects.reports.models import ReportJob

pytestmark = pytest.mark.django_db


def test_the_api_root_lists_every_endpoint(settings):
    client = api_client(user_with_grant(CityFactory().code, Role.API_READER))
    response = client.get("/api/")
    assert response.status_code == 200
    endpoints = response.json()
    for name in ("district-list", "report-list", "problem-list", "stats-organization-network", "api-schema"):
        assert endpoints[name].startswith("http://testserver/api/")
    for url in endpoints.values():  # every one answers, none is missing
        path = url.removeprefix("http://testserver")
        response = client.get(path)
        if path.endswith(("/import/", "/self-assess/", "/copy/", "/open/", "/write/", "/read-all/")):
            # POST only (an import, a step without an object yet): says so, and what it allows.
            assert response.status_code == 405 and "POST" in response.headers["Allow"], path
            continue
        assert response.status_code == 200, path
    assert APIClient().get("/api/").status_code == 401


def test_the_schema_and_docs_are_for_signed_in_callers_unless_opened(client, settings):
    assert client.get(reverse("api-schema")).status_code in (401, 403)
    assert client.get(reverse("api-docs")).status_code in (401, 403, 302)
    client.force_login(user_with_grant(CityFactory().code, Role.API_READER))
    assert client.get(reverse("api-schema")).status_code == 200
    assert client.get(reverse("api-docs")).status_code == 200
    client.logout()
    settings.API_SCHEMA_PUBLIC = True
    assert client.get(reverse("api-schema")).status_code == 200


def test_a_token_client_downloads_the_reports_files(tmp_path):
    district = DistrictFactory(city=CityFactory())
    report = ReportJob.objects.create(
        kind=ReportKind.MONTHLY, period="2020-06", area_code=district.code, area_name=district.name,
        status=ReportJobStatus.DONE, html="<article><h2>月调度通报正文</h2></article>",
    )  # fmt: skip
    report.pdf.save("r.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    report.xlsx.save("r.xlsx", ContentFile(b"PK\x03\x04 test"), save=True)
    client = api_client(user_with_grant(district.code, Role.API_READER))  # a token, no session
    data = client.get(reverse("report-detail", args=[report.pk])).json()

    pdf = client.get(data["pdf_url"].removeprefix("http://testserver"), HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    xlsx = client.get(data["xlsx_url"].removeprefix("http://testserver"))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    html = client.get(data["html_download_url"].removeprefix("http://testserver"))
    assert (
        html.status_code == 200 and "月调度通报正文" in html.content.decode() and ".html" in html["Content-Disposition"]
    )

    other = api_client(user_with_grant(DistrictFactory(city=district.city).code, Role.API_READER))
    assert other.get(data["pdf_url"].removeprefix("http://testserver")).status_code == 404  # outside its area
    ReportJob.objects.filter(pk=report.pk).update(status=ReportJobStatus.RUNNING)
    assert client.get(data["pdf_url"].removeprefix("http://testserver")).status_code == 404


@pytest.mark.parametrize(
    "path,parameter",
    [
        ("/api/districts/?page=", "page"),
        ("/api/districts/?page=%202", "page"),
        ("/api/districts/?page=0", "page"),
        ("/api/stats/projects/?year=", "year"),
        ("/api/stats/projects/?year=20", "year"),
    ],
)
def test_a_number_sent_empty_or_malformed_is_refused_under_its_name(path, parameter):
    client = api_client(user_with_grant(CityFactory(code="2202").code, Role.API_READER))
    response = client.get(path)
    assert response.status_code == 400, response.content
    assert list(response.json()) == [parameter]
    assert client.get(path.split("?")[0]).status_code == 200  # left out, it takes its default


def test_ordering_by_an_unknown_name_is_refused_naming_the_allowed_ones():
    client = api_client(user_with_grant(CityFactory(code="2202").code, Role.API_READER))
    for ordering in ("name,-code", "-id"):
        assert client.get("/api/districts/", {"ordering": ordering}).status_code == 200
    for ordering in ("password", "name,", "name;drop", "na\x00me"):
        response = client.get("/api/districts/", {"ordering": ordering})
        assert response.status_code == 400, ordering
        assert "code, name, kind, id" in str(response.json()["ordering"])


def test_the_schema_says_which_orderings_a_list_takes():
    from tests.api_endpoints import schema_document

    parameters = schema_document()["paths"]["/api/districts/"]["get"]["parameters"]
    (ordering,) = [p for p in parameters if p["name"] == "ordering"]
    assert ordering["schema"]["pattern"] == r"^-?(code|name|kind|id)(,-?(code|name|kind|id))*$"


@pytest.mark.parametrize("query", ["page=%C2%B9", "page_size=%C2%B9", "district=%C2%B9"])
def test_digits_of_other_scripts_are_refused_not_a_server_error(query):
    client = api_client(user_with_grant(CityFactory(code="2202").code, Role.API_READER))
    path = "/api/streets/" if query.startswith("district") else "/api/districts/"
    assert client.get(f"{path}?{query}").status_code == 400


def test_an_empty_choice_filters_nothing_as_the_schema_says():
    from tests.api_endpoints import schema_document

    parameters = schema_document()["paths"]["/api/reports/"]["get"]["parameters"]
    (status,) = [p for p in parameters if p["name"] == "status"]
    assert "" in status["schema"]["enum"] and "waiting" in status["schema"]["enum"]
    client = api_client(user_with_grant(CityFactory(code="2202").code, Role.API_READER))
    assert client.get("/api/reports/", {"status": ""}).status_code == 200
    assert client.get("/api/reports/", {"status": "lost"}).status_code == 400


def test_an_actions_text_takes_text_only():
    from grids.tests.factories import ResidentProblemFactory

    problem = ResidentProblemFactory()
    client = api_client(user_with_grant(problem.grid.community.code, Role.COMMUNITY_STAFF))
    response = client.post(f"/api/problems/{problem.pk}/escalate/", {"reason": -1.5e203}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    problem.refresh_from_db()
    assert problem.escalations == 0


def test_a_filters_number_left_empty_filters_nothing_as_the_schema_says():
    from tests.api_endpoints import schema_document

    parameters = schema_document()["paths"]["/api/service-records/"]["get"]["parameters"]
    (post,) = [p for p in parameters if p["name"] == "post"]
    assert {"type": "string", "maxLength": 0} in post["schema"]["oneOf"]
    client = api_client(user_with_grant(CityFactory(code="2202").code, Role.API_READER))
    assert client.get("/api/service-records/", {"post": ""}).status_code == 200
