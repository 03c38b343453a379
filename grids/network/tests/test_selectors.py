"""The organization-network figures, checked against counts made independently of the selector."""

from communities.choices import PartyOrganizationKind
from communities.tests.factories import CommunityFactory, PartyOrganizationFactory, StreetFactory
from grids.network.choices import ChiefKind, Employment
from grids.network.selectors import organization_network
from grids.tests.factories import ChiefAssignmentFactory, GridFactory, GridWorkerFactory
from jilin_grid.areas import area_get


def test_street_figures_roll_up_from_grids(db):
    street = StreetFactory()
    first, second = CommunityFactory(street=street), CommunityFactory(street=street)
    grids = [GridFactory(community=first), GridFactory(community=first), GridFactory(community=second)]
    GridWorkerFactory(grid=grids[0], employment=Employment.FULL_TIME)
    GridWorkerFactory(grid=grids[1], employment=Employment.PART_TIME)
    GridWorkerFactory(grid=grids[2], employment=Employment.PART_TIME, is_active=False)
    ChiefAssignmentFactory(grid=grids[0], kind=ChiefKind.GRID)
    ChiefAssignmentFactory(grid=grids[2], kind=ChiefKind.ALLEY, place_name="胡同一")
    PartyOrganizationFactory(area_code=grids[0].code, kind=PartyOrganizationKind.GRID_BRANCH, member_count=5)
    PartyOrganizationFactory(area_code=first.code, kind=PartyOrganizationKind.BRANCH, member_count=20)
    PartyOrganizationFactory(area_code=street.code, kind=PartyOrganizationKind.COMMITTEE, member_count=7)

    figures = organization_network(area_get(street.code))

    assert figures["area"] == {"code": street.code, "name": street.name, "level": "street"}
    assert figures["communities"] == 2
    assert figures["grids"] == 3
    assert figures["grid_workers"] == 2
    assert figures["grid_workers_full_time"] == 1
    assert figures["grid_workers_part_time"] == 1
    assert figures["chiefs"]["grid"] == 1 and figures["chiefs"]["alley"] == 1
    assert figures["grid_party_organizations"] == 1
    assert figures["party_organizations"]["committee"] == 1
    assert figures["party_members"] == 32
    by_code = {child["area"]["code"]: child for child in figures["children"]}
    assert set(by_code) == {first.code, second.code}
    assert by_code[first.code]["grids"] == 2
    assert by_code[first.code]["party_members"] == 25
    assert by_code[second.code]["grid_workers"] == 0
    assert by_code[second.code]["chiefs"]["alley"] == 1
