"""The No.1 project statistics endpoint, checked against counts and lights worked out here in
plain Python from the rows, with "today" fixed at 10 July 2020 (June's progress is due)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from communities.tests.factories import (
    CityFactory,
    CommunityFactory,
    DistrictFactory,
    PartyOrganizationFactory,
    StreetFactory,
    UserFactory,
    user_with_grant,
)
from grids.tests.factories import GridFactory
from jilin_grid import scope as roles
from jilin_grid.testing.api import api_client, child_area_codes, schema_response
from projects.projects.choices import ProjectStatus
from projects.projects.models import ProgressReport, Project
from projects.tests.factories import MilestoneFactory, ProgressReportFactory, ProjectFactory

URL = reverse("stats-projects")
TODAY = date(2020, 7, 10)
DUE = 6  # on 10 July (deadline day 5) June's progress is due
LAST_MONTH = 6
FIGURE_KEYS = (
    "claimed",
    "approved",
    "completed",
    "abandoned",
    "green",
    "yellow",
    "red",
    "reported_last_month",
    "filed_due",
    "reporting_rate",
    "showcased",
)
NOT_FOUND = "未找到，或不在您的管辖范围内。 / Not found, or outside your area."


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("projects.projects.selectors.today", lambda: TODAY)


# Kinds of project made in each community: (status, milestone months, {month: percent}, start month).
KINDS = [
    (ProjectStatus.APPROVED, (3, 6, 9, 12), {5: 40, 6: 55}, 1),  # green: 55 >= 50
    (ProjectStatus.APPROVED, (3, 6, 9, 12), {6: 35}, 1),  # yellow: 35 < 50, not 30 behind
    (ProjectStatus.APPROVED, (3, 6, 9, 12), {5: 60}, 1),  # red: June not filed
    (ProjectStatus.APPROVED, (6,), {6: 60}, 1),  # red: 60 is more than 30 below 100
    (ProjectStatus.APPROVED, (), {6: 45}, 1),  # yellow: no milestones, 45 < 6/12
    (ProjectStatus.APPROVED, (9, 12), {}, 8),  # green: nothing due before August
    (ProjectStatus.SUBMITTED, (3,), {}, 1),
    (ProjectStatus.RETURNED, (3,), {}, 1),
    (ProjectStatus.COMPLETED, (3,), {6: 100}, 1),
    (ProjectStatus.ABANDONED, (3,), {}, 1),
]


def make_projects(community_code: str, kinds=KINDS, copies: int = 1) -> None:
    for copy in range(copies):
        for index, (status, milestones, progress, start) in enumerate(kinds):
            project = ProjectFactory(
                organization=PartyOrganizationFactory(area_code=community_code),
                status=status,
                start_month=start,
                closing_summary="完成",
                abandon_reason="合并",
                showcased=(index + copy) % 4 == 0,
                showcase_writeup="好做法",
            )
            for month in milestones:
                MilestoneFactory(project=project, month=month)
            for month, percent in progress.items():
                ProgressReportFactory(project=project, month=month, percent_complete=percent)


def build_city() -> dict:
    """Two districts, two streets each, two communities each, each with the ten kinds of project;
    projects of a district's own committee, of a grid's branch and of another year."""
    city = CityFactory()
    made = {"city": city, "districts": [], "streets": [], "communities": []}
    for _d in range(2):
        district = DistrictFactory(city=city)
        made["districts"].append(district)
        for _s in range(2):
            street = StreetFactory(district=district)
            made["streets"].append(street)
            for _c in range(2):
                community = CommunityFactory(street=street)
                made["communities"].append(community)
                make_projects(community.code)
    # Attached to a district itself, to a grid, and a project of 2019 that is not counted.
    make_projects(made["districts"][0].code, kinds=KINDS[:3])
    grid = GridFactory(community=made["communities"][0])
    made["grid"] = grid
    make_projects(grid.code, kinds=KINDS[:2])
    ProjectFactory(organization=PartyOrganizationFactory(area_code=made["communities"][1].code), year=2019)
    return made


def light_of(project: Project) -> str:
    """The light rule of projects/selectors.py, worked out again in Python for 10 July 2020."""
    if project.status != ProjectStatus.APPROVED:
        return ""
    if project.start_month > DUE:
        return "green"
    filed = {row.month: row.percent_complete for row in project.progress_reports.all()}
    months = [milestone.month for milestone in project.milestones.all()]
    progress = max([percent for month, percent in filed.items() if month <= DUE], default=0)
    expected = (sum(month <= DUE for month in months) * 100 // len(months)) if months else DUE * 100 // 12
    if DUE not in filed or progress < expected - 30:
        return "red"
    if progress < expected:
        return "yellow"
    return "green"


def counted(code: str, year: int = 2020) -> dict:
    projects = list(
        Project.objects.filter(area_code__startswith=code, year=year).prefetch_related("milestones", "progress_reports")
    )
    lights = [light_of(project) for project in projects]
    reported = set(
        ProgressReport.objects.filter(project__year=year, month=LAST_MONTH).values_list("project_id", flat=True)
    )
    due_filed = set(ProgressReport.objects.filter(project__year=year, month=DUE).values_list("project_id", flat=True))
    approved = sum(p.status == ProjectStatus.APPROVED for p in projects)
    filed_due = sum(p.status == ProjectStatus.APPROVED and (p.start_month > DUE or p.pk in due_filed) for p in projects)
    return {
        "claimed": sum(p.status != ProjectStatus.ABANDONED for p in projects),
        "approved": sum(p.status == ProjectStatus.APPROVED for p in projects),
        "completed": sum(p.status == ProjectStatus.COMPLETED for p in projects),
        "abandoned": sum(p.status == ProjectStatus.ABANDONED for p in projects),
        "green": lights.count("green"),
        "yellow": lights.count("yellow"),
        "red": lights.count("red"),
        "reported_last_month": sum(p.status == ProjectStatus.APPROVED and p.pk in reported for p in projects),
        "filed_due": filed_due,
        "reporting_rate": round(100 * filed_due / approved, 1) if approved else None,
        "showcased": sum(p.showcased for p in projects),
    }


def figures_of(data: dict) -> dict:
    return {key: data[key] for key in FIGURE_KEYS}


@pytest.fixture
def city(db):
    return build_city()


LEVELS = [
    ("city", roles.CITY_ORG_DEPT, lambda made: made["city"].code),
    ("district", roles.DISTRICT_ORG_DEPT, lambda made: made["districts"][0].code),
    ("street", roles.STREET_STAFF, lambda made: made["streets"][1].code),
    ("community", roles.COMMUNITY_STAFF, lambda made: made["communities"][0].code),
]


@pytest.mark.parametrize(("level", "role", "code_of"), LEVELS, ids=[level for level, _r, _c in LEVELS])
def test_figures_of_each_level_match_independent_counts(city, level, role, code_of):
    code = code_of(city)
    response = api_client(user_with_grant(code, role)).get(URL, {"area": code, "year": 2020})
    assert response.status_code == 200
    data = response.json()
    assert data["area"]["code"] == code
    assert data["area"]["level"] == level
    assert data["year"] == 2020
    assert figures_of(data) == counted(code)
    assert {child["area"]["code"] for child in data["children"]} == child_area_codes(code)
    for child in data["children"]:
        assert figures_of(child) == counted(child["area"]["code"]), child["area"]["code"]


def test_city_figures_in_plain_numbers(city):
    data = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT)).get(URL, {"year": 2020}).json()
    # Eight communities of ten projects, three of the district committee, two of the grid branch.
    assert data["claimed"] == 8 * 9 + 3 + 2
    assert data["abandoned"] == 8
    assert data["completed"] == 8
    assert data["approved"] == 8 * 6 + 3 + 2
    assert (data["green"], data["yellow"], data["red"]) == (8 * 2 + 1 + 1, 8 * 2 + 1 + 1, 8 * 2 + 1)
    assert data["green"] + data["yellow"] + data["red"] == data["approved"]
    # June filed: the green, yellow, red-behind and no-milestone projects (not completed ones).
    assert data["reported_last_month"] == 8 * 4 + 2 + 2
    # The district's own committee is counted in its district, and in no child.
    district = next(child for child in data["children"] if child["area"]["code"] == city["districts"][0].code)
    assert district["claimed"] == 4 * 9 + 3 + 2
    assert sum(child["claimed"] for child in data["children"]) == data["claimed"]


def test_community_children_are_its_grids(city):
    community = city["communities"][0]
    data = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF)).get(URL, {"year": 2020}).json()
    assert [child["area"] for child in data["children"]] == [
        {"code": city["grid"].code, "name": city["grid"].name, "level": "grid"}
    ]
    assert data["children"][0]["claimed"] == 2
    assert data["claimed"] == 9 + 2


def test_year_defaults_to_this_year(city):
    # "This year" is 2020 here; another year has its own figures.
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    assert figures_of(client.get(URL).json()) == counted("2202", 2020)
    data = client.get(URL, {"year": 2019}).json()
    assert data["year"] == 2019
    assert figures_of(data) == counted("2202", 2019)
    assert data["claimed"] == 1


@pytest.mark.parametrize(
    ("role", "code_of"),
    [
        (roles.DISTRICT_ORG_DEPT, lambda made: made["districts"][1].code),
        (roles.STREET_STAFF, lambda made: made["streets"][2].code),
        (roles.API_READER, lambda made: made["communities"][3].code),
    ],
)
def test_default_area_is_the_callers_own(city, role, code_of):
    code = code_of(city)
    data = api_client(user_with_grant(code, role)).get(URL).json()
    assert data["area"]["code"] == code
    assert figures_of(data) == counted(code)


def test_superuser_defaults_to_the_city(city):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert api_client(admin).get(URL).json()["area"]["code"] == "2202"


@pytest.mark.parametrize("asked", ["other_community", "city", "district", "missing_community"])
def test_area_outside_scope_is_404(city, asked):
    own = city["communities"][0]
    code = {
        "other_community": city["communities"][1].code,
        "city": "2202",
        "district": own.code[:6],
        "missing_community": f"{own.street.code}998",
    }[asked]
    user = user_with_grant(own.code if asked != "missing_community" else own.street.code, roles.STREET_STAFF)
    response = api_client(user).get(URL, {"area": code})
    assert response.status_code == 404
    assert response.json()["detail"] == NOT_FOUND


@pytest.mark.parametrize(("param", "bad"), [("area", "22a2"), ("area", "22020"), ("year", "20x0"), ("year", "99")])
def test_malformed_parameters_are_400(city, param, bad):
    response = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT)).get(URL, {param: bad})
    assert response.status_code == 400
    assert "digits" in response.json()[param][0]


def test_anonymous_is_401(city):
    assert Client().get(URL).status_code == 401


def test_query_count_is_the_same_at_tenfold_data(db, django_assert_max_num_queries):
    made = build_city()
    client = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    client.get(URL)  # the token is created on first use
    # Token, grants, the area, its children, the figures in one query.
    with django_assert_max_num_queries(5) as small:
        small_data = client.get(URL, {"area": "2202", "year": 2020}).json()
    for community in made["communities"]:
        make_projects(community.code, copies=9)
    with django_assert_max_num_queries(5) as large:
        large_data = client.get(URL, {"area": "2202", "year": 2020}).json()
    assert large_data["abandoned"] == 10 * small_data["abandoned"]
    assert large_data["claimed"] > 9 * small_data["claimed"]
    assert figures_of(large_data) == counted("2202")
    assert len(large.captured_queries) == len(small.captured_queries)


def test_schema_documents_the_endpoint(db):
    body = schema_response().content.decode()
    assert "/api/stats/projects/" in body
    assert "ProjectStats" in body
    assert "reported_last_month" in body
    for path in ("/api/projects/", "/api/progress-reports/", "/api/reports/", "/api/projects/{id}/approve/"):
        assert path in body, path
