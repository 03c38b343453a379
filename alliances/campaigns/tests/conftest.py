"""A street with one community of two grids (each with a building of two units of 12 households,
a grid worker and a grid chief), an alliance of the community with a member unit, and a street
beside it; and the kinds of campaign, which a database flushed by another module's demo has lost."""

from types import SimpleNamespace

import pytest

from alliances.campaigns.choices import DEFAULT_CAMPAIGN_KINDS
from alliances.campaigns.models import CampaignKind
from alliances.tests.factories import AllianceFactory, MemberUnitFactory
from communities.tests.factories import CommunityFactory, PartyOrganizationFactory, StreetFactory
from grids.tests.factories import BuildingFactory, ChiefAssignmentFactory, GridFactory, GridWorkerFactory, UnitFactory


@pytest.fixture(autouse=True)
def campaign_kinds(request):
    if "db" not in request.fixturenames and "demo" not in request.fixturenames:
        request.getfixturevalue("db")
    for position, name in enumerate(DEFAULT_CAMPAIGN_KINDS, start=1):
        CampaignKind.objects.get_or_create(name=name, defaults={"position": position})


def build_grid(community, name):
    grid = GridFactory(community=community, name=name)
    building = BuildingFactory(grid=grid, name=f"{name}1号楼")
    units = [UnitFactory(building=building, number=n, households=12) for n in (1, 2)]
    worker = GridWorkerFactory(grid=grid)
    chief = ChiefAssignmentFactory(grid=grid)
    return SimpleNamespace(grid=grid, building=building, units=units, worker=worker, chief=chief)


@pytest.fixture
def world(db):
    street = StreetFactory()
    community = CommunityFactory(street=street, name="田园社区")
    east, west = build_grid(community, "田园一网格"), build_grid(community, "田园二网格")
    organization = PartyOrganizationFactory(area_code=community.code, name="田园社区党委")
    alliance = AllianceFactory(lead_organization=organization, area_code=community.code)
    member_unit = MemberUnitFactory(alliance=alliance, name="市疾控中心")
    other_community = CommunityFactory(name="南山社区")
    other = build_grid(other_community, "南山一网格")
    return SimpleNamespace(
        street=street,
        community=community,
        east=east,
        west=west,
        organization=organization,
        alliance=alliance,
        member_unit=member_unit,
        other_community=other_community,
        other=other,
    )
