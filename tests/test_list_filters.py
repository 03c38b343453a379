"""The filters of every list: check boxes for a choice of several, an all/yes/no toggle, the browser's
date picker, the area picker instead of a typed code; the filters applied as chips that each remove
one; the area picker scoped to the user's areas; children tables without the columns that say
nothing at their level, and headers that show they sort."""

import re

import django_filters
import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import PartyOrganization
from communities.tests.factories import (
    CommunityFactory,
    DistrictFactory,
    PartyOrganizationFactory,
    StreetFactory,
    user_with_grant,
)
from grids.tests.factories import GridFactory
from jilin_grid.filters import ChoiceCheckboxes, ChoiceToggle, ScopedFilterSet, ToggleBooleanWidget
from jilin_grid.forms import DateInput
from jilin_grid.pickers.widgets import AreaPickerSelect
from jilin_grid.scope import Role
from jilin_grid.testing.views import table_html
from projects.projects.choices import ProjectStatus
from projects.projects.models import Project
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

PROJECTS = "/projects/"


@pytest.fixture
def town():
    district = DistrictFactory(name="丰满区")
    street = StreetFactory(district=district, name="江南街道")
    nanshan = CommunityFactory(street=street, name="南山社区")
    beishan = CommunityFactory(street=street, name="北山社区")
    grids = [GridFactory(community=nanshan, name=f"南山第{n}网格") for n in (1, 2)]
    elsewhere = CommunityFactory(name="外区社区")
    projects = {
        "approved": ProjectFactory(
            title="南山道路硬化",
            status=ProjectStatus.APPROVED,
            showcased=True,
            showcase_writeup="修通道路一公里",
            organization=PartyOrganizationFactory(area_code=nanshan.code),
        ),
        "returned": ProjectFactory(
            title="北山路灯",
            status=ProjectStatus.RETURNED,
            organization=PartyOrganizationFactory(area_code=beishan.code),
        ),
        "submitted": ProjectFactory(
            title="南山议事厅",
            status=ProjectStatus.SUBMITTED,
            organization=PartyOrganizationFactory(area_code=grids[0].code),
        ),
    }
    staff = user_with_grant(street.code, Role.STREET_STAFF, username="jiedao")
    return {
        "district": district,
        "street": street,
        "nanshan": nanshan,
        "beishan": beishan,
        "grids": grids,
        "elsewhere": elsewhere,
        "projects": projects,
        "staff": staff,
    }


def titles(response) -> set[str]:
    table = table_html(response)
    return {title for project in Project.objects.all() if (title := project.title) in table}


def chips(html: str) -> list[tuple[str, str]]:
    """(href, text) of each chip of the filters applied."""
    found = re.findall(r'<a class="[^"]*filter-chip" href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)
    hidden = r'<span class="visually-hidden">.*?</span>'
    return [(href.replace("&amp;", "&"), re.sub(r"<[^>]+>", "", re.sub(hidden, "", text))) for href, text in found]


# The widgets, chosen once by the filter's type.


class _Everything(ScopedFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ProjectStatus.choices)
    organization = django_filters.ModelMultipleChoiceFilter(queryset=PartyOrganization.objects.all())
    showcased = django_filters.BooleanFilter()
    as_of = django_filters.DateFilter(method="keep")
    year = django_filters.NumberFilter()
    kind = django_filters.ChoiceFilter(choices=[("a", "A"), ("b", "B")])
    month = django_filters.ChoiceFilter(choices=[(str(n), str(n)) for n in range(1, 13)])

    class Meta:
        model = Project
        fields = ["area", "status", "organization", "showcased", "year"]

    def keep(self, queryset, name, value):
        return queryset


def test_each_filter_type_gets_its_widget_from_the_shared_filterset(rf, town):
    request = rf.get("/")
    request.user = town["staff"]
    widgets = {name: field.widget for name, field in _Everything(request=request).form.fields.items()}
    assert isinstance(widgets["status"], ChoiceCheckboxes)
    assert isinstance(widgets["organization"], ChoiceCheckboxes)
    assert isinstance(widgets["showcased"], ToggleBooleanWidget)
    assert isinstance(widgets["as_of"], DateInput) and widgets["as_of"].input_type == "date"
    assert isinstance(widgets["area"], AreaPickerSelect) and widgets["area"].user == town["staff"]
    assert widgets["year"].input_type == "number"
    assert isinstance(widgets["kind"], ChoiceToggle)  # one of a few: a toggle
    assert type(widgets["month"]) is forms.Select  # one of many: a drop-down
    # What the API reads is unchanged: true/false/1/0, several values of one name.
    form = _Everything(data={"showcased": "1", "status": ["approved", "returned"]}, request=request).form
    assert form.is_valid(), form.errors
    assert form.cleaned_data["showcased"] is True and form.cleaned_data["status"] == ["approved", "returned"]


# A list page: check boxes, the toggle, the date picker and the area tree, with their defaults.


def test_the_project_list_shows_check_boxes_a_toggle_and_the_area_tree(client, town):
    client.force_login(town["staff"])
    html = client.get(PROJECTS).content.decode()
    assert "<select multiple" not in html and 'multiple=""' not in html
    assert re.search(r'<input type="checkbox" class="btn-check" name="status" value="approved"', html)
    assert re.search(r'<input type="checkbox" class="btn-check" name="light" value="red"', html)
    assert not re.search(r'name="status"[^>]*checked', html)
    # The yes/no filter: all, yes, no, with "all" chosen; no "unknown".
    radio = r'<input type="radio" class="btn-check" name="showcased" value="([^"]*)"[^>]*?( checked)?>'
    toggle = re.findall(radio, html)
    assert toggle == [("", " checked"), ("true", ""), ("false", "")]
    assert "未知" not in html
    # The area: the user's street and everything below it, as a tree, and nothing outside.
    area = re.search(r'<select name="area"[^>]*>(.*?)</select>', html, re.S).group(1)
    codes = re.findall(r'<option value="(\d+)"', area)
    assert codes == sorted(
        [town["street"].code, town["nanshan"].code, town["beishan"].code] + [grid.code for grid in town["grids"]]
    )
    assert town["elsewhere"].name not in area and town["district"].name not in area
    assert "\u3000\u3000南山第1网格" in area  # set in below 南山社区


def test_the_filters_filter_and_stay_chosen(client, town):
    client.force_login(town["staff"])
    response = client.get(PROJECTS, {"status": ["approved", "returned"]})
    assert titles(response) == {"南山道路硬化", "北山路灯"}
    html = response.content.decode()
    assert re.search(r'name="status" value="approved"[^>]*checked', html)
    assert not re.search(r'name="status" value="submitted"[^>]*checked', html)
    response = client.get(PROJECTS, {"showcased": "false"})
    assert titles(response) == {"北山路灯", "南山议事厅"}
    assert re.search(r'name="showcased" value="false"[^>]*checked', response.content.decode())
    response = client.get(PROJECTS, {"area": town["nanshan"].code})
    assert titles(response) == {"南山道路硬化", "南山议事厅"}
    assert re.search(rf'<option value="{town["nanshan"].code}" selected>', response.content.decode())


def test_dates_are_picked_with_from_and_to_labelled(client, town):
    client.force_login(user_with_grant(town["nanshan"].code, Role.COMMUNITY_STAFF))
    html = client.get(reverse("grids:problem_list"), {"queue": "area", "overdue": "true"}).content.decode()
    assert [text for _href, text in chips(html)] == ["超期：是"]  # the queue shows as its tab
    block = re.search(r'data-filter="recorded_from".*?</div>\s*</div>', html, re.S).group(0)
    assert re.search(r'<input type="date" name="recorded_from"', block)
    assert re.search(r'<input type="date" name="recorded_to"', block)
    assert "登记" in re.sub(r"<[^>]+>", "", block)  # each input has its own label
    assert len(re.findall(r"<label ", block)) == 2


def test_each_chip_removes_its_one_filter_and_keeps_the_others(client, town):
    client.force_login(town["staff"])
    query = {"status": ["approved", "returned"], "showcased": "true", "area": town["nanshan"].code, "page": "1"}
    html = client.get(PROJECTS, query).content.decode()
    found = {text.strip(): href for href, text in chips(html)}
    assert set(found) == {"状态：已通过", "状态：已退回修改", "择优晾晒：是", "区域：丰满区 › 江南街道 › 南山社区"}
    removed = client.get(found["状态：已通过"])
    assert removed.request["QUERY_STRING"].count("status=") == 1
    remaining = {text.strip(): href for href, text in chips(removed.content.decode())}
    assert set(remaining) == {"状态：已退回修改", "择优晾晒：是", "区域：丰满区 › 江南街道 › 南山社区"}
    without_area = client.get(found["区域：丰满区 › 江南街道 › 南山社区"])
    assert "area=" not in without_area.request["QUERY_STRING"]
    assert "status=approved" in without_area.request["QUERY_STRING"] and "page=" not in found["择优晾晒：是"]
    assert 'data-testid="clear-filters" ' not in html or 'href="/projects/"' in html
    assert chips(client.get(PROJECTS).content.decode()) == []


# The area picker: the user's areas only, searched by name or code, each with its path.


def picked(client, **params):
    response = client.get(reverse("picker", args=["area"]), params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_area_picker_finds_the_users_areas_by_name_or_code_with_their_path(client, town):
    client.force_login(town["staff"])
    answer = picked(client, q="南山")
    assert [item["text"] for item in answer["results"]] == [
        "丰满区 › 江南街道 › 南山社区",
        "丰满区 › 江南街道 › 南山社区 › 南山第1网格",
        "丰满区 › 江南街道 › 南山社区 › 南山第2网格",
    ]
    assert answer["results"][0]["id"] == town["nanshan"].code and answer["more"] is False
    assert [item["id"] for item in picked(client, q=town["beishan"].code)["results"]] == [town["beishan"].code]
    assert picked(client, q="外区")["results"] == []  # outside the user's area: never offered
    assert town["elsewhere"].code not in {item["id"] for item in picked(client)["results"]}


def test_a_code_outside_is_refused_in_both_languages(client, town):
    client.force_login(town["staff"])
    url = reverse("picker", args=["area"])
    response = client.get(url, {"code": town["elsewhere"].code})
    assert response.status_code == 400
    message = response.json()["errors"]["code"][0]
    assert "管辖范围" in message and "inside your own" in message and town["elsewhere"].name not in message
    assert picked(client, code=town["nanshan"].code)["results"][0]["text"] == "丰满区 › 江南街道 › 南山社区"
    # In a list's filter, beside the field, and nothing is listed.
    response = client.get(PROJECTS, {"area": town["elsewhere"].code})
    assert response.status_code == 200 and titles(response) == set()
    assert "请选择您管辖范围内的区域" in response.content.decode()
    assert town["elsewhere"].name not in response.content.decode()
    english = client.get(PROJECTS, {"area": town["elsewhere"].code}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Choose an area inside your own." in english.content.decode()


def test_many_areas_are_searched_and_answers_stay_within_a_page(client, town, settings):
    for n in range(35):
        GridFactory(community=town["beishan"], name=f"北山第{n}网格")
    settings.PICKER_INLINE_LIMIT = 5
    client.force_login(town["staff"])
    html = client.get(PROJECTS, {"area": town["nanshan"].code}).content.decode()
    area = re.search(r'<select name="area"([^>]*)>(.*?)</select>', html, re.S)
    assert 'data-picker-search="1"' in area.group(1)
    assert re.findall(r'<option value="(\d+)"', area.group(2)) == [town["nanshan"].code]
    answer = picked(client, q="北山")
    assert len(answer["results"]) == 30 and answer["more"] is True


# The party organization form: the area is picked, never typed.


def test_the_party_organization_form_saves_the_picked_area_and_refuses_one_outside(client, town):
    client.force_login(town["staff"])
    url = reverse("communities:party_organization_create")
    html = client.get(url).content.decode()
    select = re.search(r'<select name="area_code"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert town["nanshan"].code in select and town["elsewhere"].code not in select
    data = {"name": "南山第1网格党支部", "kind": "grid_branch", "host_unit_kind": "area", "member_count": 7}
    response = client.post(url, {**data, "area_code": town["grids"][0].code})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PartyOrganization.objects.get(name="南山第1网格党支部").area_code == town["grids"][0].code
    response = client.post(url, {**data, "name": "外区党支部", "area_code": town["elsewhere"].code})
    assert response.status_code == 400
    assert re.search(r'data-field="area_code">请选择您管辖范围内的区域', response.content.decode())
    assert not PartyOrganization.objects.filter(name="外区党支部").exists()


# What a filtered list costs.


@pytest.mark.parametrize("extra", [0, 30])
def test_a_filtered_list_costs_the_same_whatever_the_number_of_records(client, town, extra):
    for n in range(extra):
        ProjectFactory(organization=PartyOrganizationFactory(area_code=town["grids"][n % 2].code), title=f"项目{n}")
        GridFactory(community=town["beishan"])
    client.force_login(town["staff"])
    query = {"status": ["approved", "submitted"], "showcased": "true", "area": town["nanshan"].code}
    counts = []
    for params in ({}, query):
        client.get(PROJECTS, params)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(PROJECTS, params)
        assert response.status_code == 200
        counts.append(len(queries))
    # Session, user, grants and the page's rows (4: a first page that holds every row is not counted
    # again), the navbar's unread notifications (1), the area tree (1), and with an area chosen its
    # path (1), whatever the number of projects and areas.
    assert counts == [6, 7]


# Children tables: no column that is the same on every row, and headers that show they sort.


def test_a_communitys_grid_table_has_no_grid_count_and_its_headers_show_they_sort(client, town):
    client.force_login(town["staff"])
    community = client.get(reverse("grids:area_detail", args=[town["nanshan"].code])).content.decode()
    table = community[community.find('data-testid="children-table"') :]
    headers = re.findall(r"<th [^>]*>(.*?)</th>", table[: table.find("</thead>")], re.S)
    labels = [re.sub(r"<[^>]+>", "", header).strip() for header in headers]
    assert "网格" not in labels and "社区" not in labels and "网格员" in labels
    assert all('data-sort-icon="none"' in header for header in headers)
    street = client.get(reverse("grids:area_detail", args=[town["street"].code]), {"sort": "-grids"}).content.decode()
    table = street[street.find('data-testid="children-table"') :]
    headers = re.findall(r"<th [^>]*>(.*?)</th>", table[: table.find("</thead>")], re.S)
    labels = [re.sub(r"<[^>]+>", "", header).strip() for header in headers]
    assert "网格" in labels and "社区" not in labels
    assert 'data-sort-icon="descending"' in headers[labels.index("网格")]


def test_a_report_is_asked_for_an_area_chosen_by_name(client, town):
    client.force_login(user_with_grant(town["district"].code, Role.DISTRICT_ORG_DEPT))
    html = client.get(reverse("projects:report_list")).content.decode()
    select = re.search(r'<select name="area_code"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.findall(r'<option value="(\d+)"', select) == [town["district"].code, town["street"].code]
    assert "丰满区" in select and "\u3000江南街道" in select and "<datalist" not in html


def test_the_volunteering_by_unit_report_picks_its_area_from_the_tree(client, town):
    client.force_login(town["staff"])
    url = reverse("alliances:volunteering_by_unit")
    html = client.get(url, {"area": town["nanshan"].code}).content.decode()
    select = re.search(r'<select name="area"[^>]*class="form-select"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.search(rf'<option value="{town["nanshan"].code}" selected>', select)
    assert town["elsewhere"].code not in select
    assert client.get(url, {"area": town["elsewhere"].code}).status_code == 404  # as before: no such area


def test_the_widgets_hold_after_the_class_filters_made_their_fields(client, town):
    from projects.projects.filtersets import ProjectFilterSet

    # The API's schema makes the form fields of the class's own filters; the pages still get theirs.
    assert ProjectFilterSet.base_filters["status"].field is not None
    client.force_login(town["staff"])
    content = client.get(PROJECTS).content.decode()
    assert re.search(r'<input type="checkbox" class="btn-check" name="status" value="approved"', content)
