"""The demo city: the document's figures exactly, a consistent tree, working accounts, no duplicates.

The city is built once for the module (about twenty seconds) and flushed afterwards; the counts are
made here with plain queries, independently of the builder's own summary.
"""

import hashlib
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, F, Max, Min
from django.http import HttpRequest
from django.utils import translation
from rest_framework.test import APIClient

from communities.choices import GRID_ORGANIZATION_KINDS, HostUnitKind, PartyOrganizationKind
from communities.models import ApiToken, AreaGrant, City, Community, District, PartyOrganization, Person, Street
from grids.network.choices import ChiefKind, Employment
from grids.network.demo import plan_demo_city
from grids.network.models import Building, ChiefAssignment, Grid, GridWorker, ResidentialCompound, Unit
from jilin_grid.demo import build_demo
from jilin_grid.scope import Role
from jilin_grid.testing.demo import DEMO_PASSWORD as PASSWORD

DISTRICTS = {
    "220202": "昌邑区",
    "220203": "龙潭区",
    "220204": "船营区",
    "220211": "丰满区",
    "220221": "永吉县",
    "220281": "蛟河市",
    "220282": "桦甸市",
    "220283": "舒兰市",
    "220284": "磐石市",
}
MODELS = (
    City,
    District,
    Street,
    Community,
    Grid,
    PartyOrganization,
    Person,
    ResidentialCompound,
    Building,
    Unit,
    ChiefAssignment,
    GridWorker,
    AreaGrant,
)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def content_hash() -> str:
    digest = hashlib.sha256()
    for row in Grid.objects.order_by("code").values_list("code", "name", "households"):
        digest.update(repr(row).encode())
    for row in Person.objects.order_by("phone").values_list("phone", "name", "area_code"):
        digest.update(repr(row).encode())
    for row in Building.objects.order_by("area_code", "compound__name", "name").values_list(
        "area_code", "compound__name", "name", "floors"
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def test_the_documents_figures_exactly(demo, db):
    assert dict(District.objects.values_list("code", "name")) == DISTRICTS
    assert Community.objects.count() == 287
    assert Grid.objects.count() == 2766
    grid_organizations = PartyOrganization.objects.filter(kind__in=GRID_ORGANIZATION_KINDS, area_code__length=15)
    assert grid_organizations.count() == 1560
    assert GridWorker.objects.count() == 4300
    full_time = GridWorker.objects.filter(employment=Employment.FULL_TIME).count()
    assert 0.3 * 4300 < full_time < 0.5 * 4300
    assert GridWorker.objects.filter(employment=Employment.PART_TIME).count() == 4300 - full_time


def test_yongji_county_holds_80_grids_54_compounds_925_buildings(demo, db):
    assert Grid.objects.filter(code__startswith="220221").count() == 80
    assert ResidentialCompound.objects.filter(area_code__startswith="220221").count() == 54
    assert Building.objects.filter(area_code__startswith="220221").count() == 925
    assert Street.objects.get(code__startswith="220221", name="口前镇").kind == "town"


def test_named_communities_are_where_the_document_puts_them(demo, db):
    fengman = District.objects.get(code="220211")
    jiangnan = Street.objects.get(district=fengman, name="江南街道")
    yanfeng = Street.objects.get(district=fengman, name="沿丰街道")
    assert set(jiangnan.communities.values_list("name", flat=True)) >= {"南山社区", "田园社区"}
    assert yanfeng.communities.filter(name="吉钢社区").exists()
    assert Community.objects.filter(code__startswith="220211", name="华西社区").exists()
    assert Community.objects.filter(name="绿地·筑石红社区").count() == 1
    assert Community.objects.values("name").distinct().count() == 287


def test_codes_extend_their_parents_and_area_codes_follow_the_grid(demo, db):
    assert not Street.objects.exclude(code__startswith=F("district__code")).exists()
    assert not Community.objects.exclude(code__startswith=F("street__code")).exists()
    assert not Grid.objects.exclude(code__startswith=F("community__code")).exists()
    assert not ResidentialCompound.objects.exclude(area_code=F("community__code")).exists()
    assert not Building.objects.exclude(area_code=F("grid__code")).exists()
    assert (
        not Building.objects.filter(compound__isnull=False).exclude(compound__community=F("grid__community")).exists()
    )
    assert not Unit.objects.exclude(area_code=F("building__grid__code")).exists()
    assert not GridWorker.objects.exclude(area_code=F("grid__code")).exists()
    assert not ChiefAssignment.objects.exclude(area_code=F("grid__code")).exists()
    # Each chief and worker is a person of the grid's area.
    assert not GridWorker.objects.exclude(person__area_code=F("grid__code")).exists()
    assert not ChiefAssignment.objects.exclude(person__area_code=F("grid__code")).exists()
    assert not ChiefAssignment.objects.filter(kind=ChiefKind.UNIT).exclude(unit__building__grid=F("grid")).exists()


def test_buildings_units_and_chiefs_are_in_proportion(demo, db):
    grids = Grid.objects.count()
    buildings = Building.objects.count()
    assert 10 <= buildings / grids <= 12
    assert Building.objects.filter(floors__lt=5).count() == 0
    assert Building.objects.filter(floors__gt=33).count() == 0
    units = Unit.objects.count()
    assert 2 * buildings <= units <= 4 * buildings
    chiefs = ChiefAssignment.objects
    assert chiefs.filter(kind=ChiefKind.GRID).count() == grids
    assert chiefs.filter(kind=ChiefKind.BUILDING).count() == buildings
    assert 0.6 * units < chiefs.filter(kind=ChiefKind.UNIT).count() < units
    roads = chiefs.filter(kind=ChiefKind.ROAD)
    alleys = chiefs.filter(kind=ChiefKind.ALLEY)
    assert 0 < roads.count() < grids and 0 < alleys.count() < grids
    assert all(name.endswith(("路", "街")) for name in roads.values_list("place_name", flat=True).distinct())
    assert all(name.endswith(("胡同", "巷")) for name in alleys.values_list("place_name", flat=True).distinct())
    # Every grid has at least one worker, and sizes differ from grid to grid.
    assert Grid.objects.filter(workers__isnull=True).count() == 0
    per_grid = Building.objects.values("grid").annotate(n=Count("id")).aggregate(least=Min("n"), most=Max("n"))
    assert per_grid["least"] >= 3 and per_grid["most"] >= 3 * per_grid["least"]


def test_party_organizations_form_a_tree(demo, db):
    organizations = PartyOrganization.objects
    assert organizations.filter(area_code__length=6, kind=PartyOrganizationKind.COMMITTEE).count() == 9
    assert organizations.filter(area_code__length=9, host_unit_kind=HostUnitKind.AREA).count() == Street.objects.count()
    community_orgs = organizations.filter(area_code__length=12, host_unit_kind=HostUnitKind.AREA)
    assert community_orgs.count() == 287
    assert set(community_orgs.values_list("kind", flat=True)) <= {
        PartyOrganizationKind.COMMITTEE,
        PartyOrganizationKind.GENERAL_BRANCH,
        PartyOrganizationKind.BRANCH,
    }
    # Grid organizations hang under their community's organization.
    grid_orgs = organizations.filter(kind__in=GRID_ORGANIZATION_KINDS)
    assert not grid_orgs.exclude(parent__area_code__length=12).exists()
    assert all(code[:12] == parent for code, parent in grid_orgs.values_list("area_code", "parent__area_code"))
    assert grid_orgs.filter(kind=PartyOrganizationKind.GRID_BRANCH).exists()
    assert grid_orgs.filter(kind=PartyOrganizationKind.PARTY_GROUP).exists()
    # Unit-hosted branches name their unit; every organization below the city has a parent and a secretary.
    hosted = organizations.exclude(host_unit_kind=HostUnitKind.AREA)
    assert set(hosted.values_list("host_unit_kind", flat=True)) >= {
        HostUnitKind.PROPERTY_COMPANY,
        HostUnitKind.ENTERPRISE,
        HostUnitKind.SOCIAL_ORGANIZATION,
    }
    assert not hosted.filter(host_unit_name="").exists()
    assert not organizations.exclude(area_code="2202").filter(parent__isnull=True).exists()
    assert not organizations.filter(secretary__isnull=True).exists()
    assert not organizations.exclude(area_code__startswith=F("parent__area_code")).filter(parent__isnull=False).exists()
    assert not organizations.filter(member_count=0).exists()


def test_people_are_fictitious_and_numbers_unique(demo, db):
    phones = Person.objects.values_list("phone", flat=True)
    assert all(phone.startswith("1990") and len(phone) == 11 for phone in phones)
    assert Person.objects.values("phone").distinct().count() == Person.objects.count()
    assert Person.objects.filter(phone="19900000000").exists()
    names = Person.objects.values_list("name", flat=True)
    assert all(2 <= len(name) <= 3 for name in names)
    assert Person.objects.values("name").distinct().count() > 10_000


def test_demo_accounts_hold_the_right_grants(demo, db):
    nanshan = Community.objects.get(name="南山社区")
    expected = {
        "city": (Role.CITY_ORG_DEPT, "2202"),
        "fengman": (Role.DISTRICT_ORG_DEPT, "220211"),
        "jiangnan": (Role.STREET_STAFF, nanshan.street.code),
        "nanshan": (Role.COMMUNITY_STAFF, nanshan.code),
        "gridworker": (Role.GRID_WORKER, nanshan.code + "001"),
        "api": (Role.API_READER, "2202"),
    }
    User = get_user_model()
    for username, (role, code) in expected.items():
        user = User.objects.get(username=username)
        assert list(user.area_grants.values_list("role", "area_code")) == [(role, code)]
        assert user.check_password(PASSWORD)
        assert not user.is_superuser
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(PASSWORD)
    # Each account is a person with a name, which timelines and the menu bar show instead of the login.
    names = dict(User.objects.filter(username__in=[*expected, "admin"]).values_list("username", "first_name"))
    assert all(names.values()) and len(set(names.values())) == len(names)
    rows = {row["username"]: row for row in demo["accounts"]}
    assert rows["nanshan"]["area_name"] == "南山社区"
    assert rows["jiangnan"]["area_name"] == "江南街道"


def test_the_api_token_works_and_sees_the_city(demo, db):
    token = demo["api_token"]
    assert ApiToken.objects.live().get(user__username="api").key_hash == ApiToken.hash_key(token)
    client = APIClient()
    assert client.get("/api/stats/organization-network/", {"area": "2202"}).status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/stats/organization-network/", {"area": "2202"})
    assert response.status_code == 200
    assert response.json()["grids"] == 2766
    assert response.json()["grid_party_organizations"] == 1560


def test_the_demo_accounts_are_marked_as_such(demo, db, client, settings):
    from django.core.checks import Tags, run_checks

    from jilin_grid.security import DEMO_GROUP

    names = {row["username"] for row in demo["accounts"]}
    assert {"city", "api", "admin"} <= names
    User = get_user_model()
    assert set(User.objects.filter(groups__name=DEMO_GROUP).values_list("username", flat=True)) == names
    # Signed in, the header says so.
    client.login(request=HttpRequest(), username="city", password=PASSWORD)
    assert b'data-testid="demo-badge"' in client.get("/reports/").content
    # And check --deploy warns while they exist, DEBUG off.
    settings.DEBUG = False
    [warning] = [
        m for m in run_checks(include_deployment_checks=True, tags=[Tags.security]) if m.id == "jilin_grid.W001"
    ]
    assert "city" in warning.msg and "admin" in warning.msg


def test_the_grid_worker_sees_only_their_grid(demo, db):
    client = APIClient()
    client.login(request=HttpRequest(), username="gridworker", password=PASSWORD)
    response = client.get("/api/stats/organization-network/", {"area": "220211"})
    assert response.status_code == 404


def test_running_again_adds_nothing_and_resets_passwords(demo, db):
    before = row_counts()
    out = StringIO()
    with translation.override("en"):
        call_command("seed_demo", "--password", "another-password", stdout=out)
    assert row_counts() == before
    # The token is replaced like the passwords: the old key no longer opens the API.
    assert ApiToken.objects.live().filter(user__username="api").count() == 1
    old = APIClient()
    old.credentials(HTTP_AUTHORIZATION=f"Token {demo['api_token']}")
    assert old.get("/api/districts/").status_code == 401
    assert "already" in out.getvalue()
    assert "another-password" in out.getvalue()
    assert get_user_model().objects.get(username="nanshan").check_password("another-password")
    assert get_user_model().objects.get(username="admin").check_password("another-password")


def test_the_database_holds_the_plan(demo, db):
    plan = plan_demo_city(1)
    counts = plan.counts()
    for key in ("communities", "grids", "grid_party_organizations", "grid_workers", "compounds", "buildings"):
        assert demo[key] == counts[key], key
    planned = [(g.code, g.name) for g in plan.grids()]
    assert list(Grid.objects.order_by("code").values_list("code", "name")) == planned


def test_scale_two_doubles_every_count():
    one, two = plan_demo_city(1), plan_demo_city(2)
    for key, value in one.counts().items():
        if key in ("districts", "streets"):
            assert two.counts()[key] == value
        else:
            assert two.counts()[key] == 2 * value, key
    assert two.district_counts("220221") == {"communities": 20, "grids": 160, "compounds": 108, "buildings": 1850}
    assert plan_demo_city(10).counts()["grids"] == 27660


def test_the_plan_is_the_same_every_time():
    first, second = plan_demo_city(1), plan_demo_city(1)
    assert [(g.code, g.name, g.buildings, g.workers, g.organization_kind) for g in first.grids()] == [
        (g.code, g.name, g.buildings, g.workers, g.organization_kind) for g in second.grids()
    ]


@pytest.mark.slow
def test_the_same_rows_come_out_twice(demo, db):
    """Wipe the city inside the test's transaction, build it again and compare every name and number."""
    before = content_hash()
    call_command("flush", interactive=False, verbosity=0)
    assert Grid.objects.count() == 0
    build_demo(scale=1, password=PASSWORD)
    assert content_hash() == before


@pytest.mark.parametrize("code", ["2202", "220211", "220211001", "220211001001", "220211001001001"])
def test_pages_and_statistics_keep_their_query_counts_at_city_scale(
    demo, db, client, code, django_assert_max_num_queries
):
    """The same ceilings the small-data tests pin hold for the whole demo city at scale 1."""
    client.login(request=HttpRequest(), username="city", password=PASSWORD)
    with django_assert_max_num_queries(20):
        assert client.get(f"/areas/{code}/").status_code == 200
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {demo['api_token']}")
    api.get("/api/districts/")  # a client in steady use: its token's last use is written once a minute
    with django_assert_max_num_queries(10):
        assert api.get("/api/stats/organization-network/", {"area": code}).status_code == 200
