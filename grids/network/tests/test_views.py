"""Pages of the grids app: generated CRUD tests per model, then the area page by hand."""

import io
import json
import re
from uuid import uuid4

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from communities.choices import PartyOrganizationKind
from communities.models import PartyOrganization
from communities.tests.factories import (
    CityFactory,
    CommunityFactory,
    DistrictFactory,
    PartyOrganizationFactory,
    PersonFactory,
    StreetFactory,
    user_with_grant,
)
from grids.network.choices import ChiefKind, Employment
from grids.network.models import Building, ChiefAssignment, Grid, GridWorker, Unit
from grids.tests.factories import (
    BuildingFactory,
    ChiefAssignmentFactory,
    GridFactory,
    GridWorkerFactory,
    UnitFactory,
)
from jilin_grid.scope import Role
from jilin_grid.testing.views import ViewTestCases, page_count_query, table_html


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid4().hex[:8]}"


# Generated tests, one class per model ------------------------------------------------------------


class TestGridViews(ViewTestCases.PrimaryObjectViewTests):
    model = Grid
    url_prefix = "grids:grid"

    def make_object(self, grid):
        return GridFactory(community=grid.community, name=unique("网格"))

    def create_data(self):
        return {
            "community": self.world.community.pk,
            "code": f"{self.world.community.code}900",
            "name": "新网格",
            "households": 120,
        }

    def created(self):
        return Grid.objects.filter(code=f"{self.world.community.code}900", name="新网格")

    def update_data(self, obj):
        return {"name": obj.name + "改", "households": 321, "boundary": "东至松江路"}

    def assert_updated(self, obj):
        assert obj.name.endswith("改") and obj.households == 321


class TestBuildingViews(ViewTestCases.PrimaryObjectViewTests):
    model = Building
    url_prefix = "grids:building"

    def make_object(self, grid):
        return BuildingFactory(grid=grid, name=unique("楼"))

    def create_data(self):
        return {"grid": self.world.grid.pk, "compound": "", "name": "新建8号楼", "floors": 7, "units": 3}

    def created(self):
        return Building.objects.filter(name="新建8号楼", grid=self.world.grid)

    def update_data(self, obj):
        return {"grid": obj.grid_id, "compound": "", "name": obj.name, "floors": 18}

    def assert_updated(self, obj):
        assert obj.floors == 18

    def test_create_makes_the_units(self):
        self.client.force_login(self.world.writer)
        self.client.post(self.url("create"), self.create_data())
        building = self.created().get()
        assert list(building.units.values_list("number", flat=True)) == [1, 2, 3]


class TestUnitViews(ViewTestCases.PrimaryObjectViewTests):
    model = Unit
    url_prefix = "grids:unit"

    def make_object(self, grid):
        return UnitFactory(building=BuildingFactory(grid=grid, name=unique("楼")), number=1)

    def label(self, obj):
        return obj.building.name

    def create_data(self):
        self.building = BuildingFactory(grid=self.world.grid, name=unique("楼"))
        return {"building": self.building.pk, "number": 5, "households": 10}

    def created(self):
        return Unit.objects.filter(building=self.building, number=5)

    def update_data(self, obj):
        return {"number": obj.number, "households": 33}

    def assert_updated(self, obj):
        assert obj.households == 33


class TestGridWorkerViews(ViewTestCases.PrimaryObjectViewTests):
    model = GridWorker
    url_prefix = "grids:grid_worker"

    def make_object(self, grid):
        return GridWorkerFactory(grid=grid, person=PersonFactory(name=unique("网格员"), area_code=grid.code))

    def label(self, obj):
        return obj.person.name

    def create_data(self):
        return {
            "name": "王小明",
            "phone": "13900001111",
            "grid": self.world.grid.pk,
            "employment": Employment.PART_TIME,
            "started_on": "2024-03-01",
        }

    def created(self):
        return GridWorker.objects.filter(person__name="王小明", person__phone="13900001111", grid=self.world.grid)

    def update_data(self, obj):
        return {
            "name": obj.person.name,
            "phone": obj.person.phone,
            "grid": obj.grid_id,
            "employment": Employment.PART_TIME,
            "started_on": "",
        }

    def assert_updated(self, obj):
        assert obj.employment == Employment.PART_TIME


class TestChiefViews(ViewTestCases.PrimaryObjectViewTests):
    model = ChiefAssignment
    url_prefix = "grids:chief"

    def make_object(self, grid):
        return ChiefAssignmentFactory(
            grid=grid, kind=ChiefKind.GRID, person=PersonFactory(name=unique("网格长"), area_code=grid.code)
        )

    def label(self, obj):
        return obj.person.name

    def create_data(self):
        return {
            "kind": ChiefKind.ROAD,
            "name": "张路长",
            "phone": "13900003333",
            "grid": self.world.grid.pk,
            "building": "",
            "unit": "",
            "place_name": "解放中路",
        }

    def created(self):
        return ChiefAssignment.objects.filter(person__name="张路长", place_name="解放中路")

    def update_data(self, obj):
        return {
            "kind": ChiefKind.ALLEY,
            "name": obj.person.name,
            "phone": obj.person.phone,
            "grid": obj.grid_id,
            "building": "",
            "unit": "",
            "place_name": "河南街胡同",
        }

    def assert_updated(self, obj):
        assert obj.kind == ChiefKind.ALLEY and obj.place_name == "河南街胡同"


# The area page -----------------------------------------------------------------------------------


def figure(content: str, key: str) -> int:
    """The number shown on the figure card ``key`` of an area page."""
    match = re.search(rf'data-figure="{key}".*?class="figure-value">([\d,]+)<', content, re.S)
    assert match, f"no figure card {key}"
    return int(match.group(1).replace(",", ""))


@pytest.fixture
def street_world(db):
    """A street with two communities: 南山社区 (two grids) and 田园社区 (one grid)."""
    city = CityFactory()
    district = DistrictFactory(city=city, code="220211", name="丰满区")
    street = StreetFactory(district=district, code="220211001", name="江南街道")
    nanshan = CommunityFactory(street=street, code="220211001001", name="南山社区")
    tianyuan = CommunityFactory(street=street, code="220211001002", name="田园社区")
    grids = [
        GridFactory(community=nanshan, code="220211001001001", name="南山一网格"),
        GridFactory(community=nanshan, code="220211001001002", name="南山二网格"),
        GridFactory(community=tianyuan, code="220211001002001", name="田园一网格"),
    ]
    GridFactory(community=tianyuan, code="220211001002009", name="已撤销网格", is_active=False)
    for grid, full, part in ((grids[0], 2, 1), (grids[1], 1, 0), (grids[2], 0, 3)):
        GridWorkerFactory.create_batch(full, grid=grid, employment=Employment.FULL_TIME)
        GridWorkerFactory.create_batch(part, grid=grid, employment=Employment.PART_TIME)
    GridWorkerFactory(grid=grids[2], employment=Employment.FULL_TIME, is_active=False)
    ChiefAssignmentFactory(grid=grids[0], kind=ChiefKind.GRID)
    ChiefAssignmentFactory(grid=grids[2], kind=ChiefKind.ROAD, place_name="吉林大街")
    PartyOrganizationFactory(area_code=grids[0].code, kind=PartyOrganizationKind.GRID_BRANCH, member_count=9)
    PartyOrganizationFactory(area_code=grids[2].code, kind=PartyOrganizationKind.PARTY_GROUP, member_count=4)
    PartyOrganizationFactory(area_code=nanshan.code, kind=PartyOrganizationKind.COMMITTEE, member_count=30)
    return {"city": city, "district": district, "street": street, "nanshan": nanshan, "tianyuan": tianyuan,
            "grids": grids}  # fmt: skip


def test_home_sends_the_user_to_their_own_area(client, street_world):
    client.force_login(user_with_grant("220211001001", Role.COMMUNITY_STAFF))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/areas/220211001001/"


def test_area_page_needs_login(client, street_world):
    response = client.get("/areas/2202/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_street_figures_match_independent_counts(client, street_world):
    street = street_world["street"]
    client.force_login(user_with_grant("2202", Role.CITY_ORG_DEPT))
    content = client.get(f"/areas/{street.code}/").content.decode()

    active_workers = GridWorker.objects.filter(area_code__startswith=street.code, is_active=True)
    assert figure(content, "communities") == 2
    assert figure(content, "grids") == Grid.objects.filter(code__startswith=street.code, is_active=True).count() == 3
    assert figure(content, "grid_workers") == active_workers.count() == 7
    full_time = active_workers.filter(employment=Employment.FULL_TIME).count()
    assert re.search(rf'data-figure="grid_workers_full_time">[^<]*\b{full_time}<', content)
    organizations = PartyOrganization.objects.filter(area_code__startswith=street.code)
    assert figure(content, "party_members") == sum(o.member_count for o in organizations) == 43
    grid_organizations = [o for o in organizations if len(o.area_code) == 15]
    assert figure(content, "grid_party_organizations") == len(grid_organizations) == 2


def test_children_table_lists_each_community_with_its_figures(client, street_world):
    client.force_login(user_with_grant("2202", Role.CITY_ORG_DEPT))
    response = client.get("/areas/220211001/")
    table = table_html(response, "children-table")
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    cells = [re.findall(r"<td[^>]*>(?:<a[^>]*>)?([^<]*)", row) for row in rows]
    # Name, code, grids, grid workers, full-time, part-time, chiefs, grid party orgs, party orgs, members
    assert cells[0][:6] == ["南山社区", "220211001001", "2", "4", "3", "1"]
    assert cells[1][:6] == ["田园社区", "220211001002", "1", "3", "0", "3"]
    assert 'href="/areas/220211001001/"' in rows[0]
    chart = json.loads(re.search(r'id="area-chart-data"[^>]*>(.*?)</script>', response.content.decode()).group(1))
    assert chart["names"] == ["南山社区", "田园社区"]
    assert chart["series"]["grids"] == [2, 1]
    assert chart["series"]["party_members"] == [39, 4]


def test_children_sort_by_a_column_in_both_directions(client, street_world):
    client.force_login(user_with_grant("2202", Role.CITY_ORG_DEPT))

    def names(sort):
        table = table_html(client.get("/areas/220211001/", {"sort": sort}), "children-table")
        return re.findall(r'class="fw-semibold">([^<]+)<', table)

    assert names("grid_workers_part_time") == ["南山社区", "田园社区"]
    assert names("-grid_workers_part_time") == ["田园社区", "南山社区"]
    assert names("-grids") == ["南山社区", "田园社区"]
    assert names("grids") == ["田园社区", "南山社区"]
    # The header of the sorted column links to the other direction.
    content = client.get("/areas/220211001/", {"sort": "grids"}).content.decode()
    assert "?sort=-grids" in content


def test_csv_export_is_the_children_table(client, street_world):
    client.force_login(user_with_grant("2202", Role.CITY_ORG_DEPT))
    response = client.get("/areas/220211001/", {"export": "csv", "sort": "-grid_workers_part_time"})
    assert response["Content-Type"].startswith("text/csv")
    today = timezone.localdate().isoformat()
    assert f"江南街道-{today}.csv" in response["Content-Disposition"].replace(
        "%E6%B1%9F%E5%8D%97%E8%A1%97%E9%81%93", "江南街道"
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("田园社区,220211001002,1,3,0,3,")
    assert lines[2].startswith("南山社区,220211001001,2,4,3,1,")


def test_excel_export_has_a_bold_header_and_the_figures(client, street_world):
    client.force_login(user_with_grant("2202", Role.CITY_ORG_DEPT))
    response = client.get("/areas/220211001/", {"export": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    assert rows[1][:6] == ("南山社区", "220211001001", 2, 4, 3, 1)
    assert rows[2][:6] == ("田园社区", "220211001002", 1, 3, 0, 3)
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.column_dimensions["A"].width >= 8


def test_area_outside_the_scope_is_not_found(client, street_world):
    client.force_login(user_with_grant("220211001001", Role.COMMUNITY_STAFF))
    assert client.get("/areas/220211001002/").status_code == 404
    assert client.get("/areas/220211001002001/").status_code == 404
    assert client.get("/areas/220211001/").status_code == 404
    assert client.get("/areas/220211001001/").status_code == 200


def test_breadcrumbs_link_only_the_areas_the_user_may_see(client, street_world):
    client.force_login(user_with_grant("220211001001", Role.COMMUNITY_STAFF))
    content = client.get("/areas/220211001001001/").content.decode()
    crumbs = content[content.find('data-testid="breadcrumbs"') : content.find("</ol>")]
    assert '<a href="/areas/220211001001/">南山社区</a>' in crumbs
    assert "江南街道" in crumbs and 'href="/areas/220211001/"' not in crumbs
    assert "丰满区" in crumbs and 'href="/areas/220211/"' not in crumbs


def test_grid_page_lists_buildings_workers_chiefs_and_organizations(client, street_world):
    grid = street_world["grids"][0]
    building = BuildingFactory(grid=grid, name="3号楼")
    UnitFactory(building=building, number=1)
    UnitFactory(building=building, number=2)
    UnitFactory(building=building, number=3, is_active=False)
    ChiefAssignmentFactory(grid=grid, kind=ChiefKind.BUILDING, building=building)
    client.force_login(user_with_grant("220211001001", Role.COMMUNITY_STAFF))
    response = client.get(f"/areas/{grid.code}/")
    buildings = table_html(response, "grid-buildings")
    assert re.search(r"<td>3号楼</td><td[^>]*>6</td><td[^>]*>2</td>", buildings)
    workers = table_html(response, "grid-workers")
    assert workers.count("<tr>") == 1 + 3
    chiefs = table_html(response, "grid-chiefs")
    assert chiefs.count("<tr>") == 1 + 2
    assert "3号楼" in chiefs
    organizations = table_html(response, "grid-organizations")
    assert organizations.count("<tr>") == 1 + 1


def test_grid_page_masks_phones_for_district_staff(client, street_world):
    grid = street_world["grids"][0]
    GridWorkerFactory(grid=grid, person=PersonFactory(name="孙网格员", phone="13812345678", area_code=grid.code))
    client.force_login(user_with_grant("220211", Role.DISTRICT_ORG_DEPT))
    workers = table_html(client.get(f"/areas/{grid.code}/"), "grid-workers")
    assert "138****5678" in workers and "13812345678" not in workers
    client.force_login(user_with_grant("220211001001", Role.COMMUNITY_STAFF))
    assert "13812345678" in table_html(client.get(f"/areas/{grid.code}/"), "grid-workers")


def test_worker_list_and_excel_export_mask_phones_for_district_staff(client, street_world):
    grid = street_world["grids"][0]
    GridWorkerFactory(grid=grid, person=PersonFactory(name="孙网格员", phone="13812345678", area_code=grid.code))
    client.force_login(user_with_grant("220211", Role.DISTRICT_ORG_DEPT))
    assert "138****5678" in table_html(client.get("/grid-workers/", {"q": "孙网格员"}))
    response = client.get("/grid-workers/", {"q": "孙网格员", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:2] == ("孙网格员", "138****5678")


def test_building_list_shows_units_count(client, street_world):
    building = BuildingFactory(grid=street_world["grids"][0], name="9号楼")
    UnitFactory.create_batch(4, building=building)
    client.force_login(user_with_grant("220211001001", Role.COMMUNITY_STAFF))
    table = table_html(client.get("/buildings/"))
    assert re.search(r"<td[^>]*>9号楼</td>.*?<td[^>]*>4</td>", table, re.S)


def test_grid_list_counts_each_grids_active_workers_and_buildings(client, street_world):
    grid, other = street_world["grids"][0], street_world["grids"][1]
    GridWorker.objects.filter(grid__in=[grid, other]).delete()
    Building.objects.filter(grid__in=[grid, other]).delete()
    GridWorkerFactory.create_batch(3, grid=grid)
    GridWorkerFactory(grid=grid, is_active=False)
    BuildingFactory.create_batch(2, grid=grid)
    BuildingFactory(grid=grid, is_active=False)
    GridWorkerFactory(grid=other)
    client.force_login(user_with_grant("220211001001", Role.COMMUNITY_STAFF))
    rows = {
        re.search(r"<td[^>]*>(\d+)</td>", row).group(1): re.findall(r"<td[^>]*>(\d+)</td>", row)
        for row in table_html(client.get("/grids/?page_size=100")).split("<tr")[2:]
    }
    # Code, households, buildings, grid workers: the inactive ones are not counted.
    assert rows[grid.code][-2:] == ["2", "3"]
    assert rows[other.code][-2:] == ["0", "1"]


def _grow_city(scale: int):
    """``scale`` streets, each with two communities, two grids per community and people in them."""
    district = DistrictFactory(city=CityFactory())
    for _ in range(scale):
        street = StreetFactory(district=district)
        for _ in range(2):
            community = CommunityFactory(street=street)
            PartyOrganizationFactory(area_code=community.code)
            for _ in range(2):
                grid = GridFactory(community=community)
                GridWorkerFactory(grid=grid)
                ChiefAssignmentFactory(grid=grid)
                PartyOrganizationFactory(area_code=grid.code, kind=PartyOrganizationKind.GRID_BRANCH)
                UnitFactory(building=BuildingFactory(grid=grid))
    return district


@pytest.mark.parametrize("level", ["city", "district", "street", "community", "grid"])
def test_area_page_runs_a_fixed_number_of_queries(client, db, django_assert_max_num_queries, level):
    district = _grow_city(2)
    user = user_with_grant("2202", Role.CITY_ORG_DEPT)
    client.force_login(user)

    def code_for(level):
        grid = Grid.objects.filter(code__startswith=district.code).order_by("code").first()
        return {"city": "2202", "district": district.code, "street": grid.code[:9], "community": grid.code[:12],
                "grid": grid.code}[level]  # fmt: skip

    with django_assert_max_num_queries(20), CaptureQueriesContext(connection) as small:
        assert client.get(f"/areas/{code_for(level)}/").status_code == 200
    _grow_city(20)  # ten times the data
    for grid in Grid.objects.filter(code__startswith=district.code)[:1]:
        GridWorkerFactory.create_batch(10, grid=grid)
        UnitFactory.create_batch(10, building=BuildingFactory(grid=grid))
    with CaptureQueriesContext(connection) as large:
        assert client.get(f"/areas/{code_for(level)}/").status_code == 200
    assert len(large) == len(small)


def test_list_pages_run_a_fixed_number_of_queries(client, db):
    _grow_city(1)
    client.force_login(user_with_grant("2202", Role.CITY_ORG_DEPT))
    urls = ["/grids/", "/buildings/", "/units/", "/grid-workers/", "/chiefs/", "/party-organizations/"]
    small = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        small[url] = len(queries) - page_count_query(response)
    _grow_city(10)
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(queries) - page_count_query(response) == small[url], url
