"""Pages of the party organizations: generated list/edit/create/retire tests, and masking."""

from uuid import uuid4

from communities.choices import HostUnitKind, PartyOrganizationKind
from communities.models import PartyOrganization
from communities.tests.factories import PartyOrganizationFactory, PersonFactory, user_with_grant
from jilin_grid.scope import Role
from jilin_grid.testing.views import ViewTestCases, table_html


class TestPartyOrganizationViews(ViewTestCases.PrimaryObjectViewTests):
    model = PartyOrganization
    url_prefix = "communities:party_organization"

    def make_object(self, grid):
        return PartyOrganizationFactory(
            area_code=grid.code, kind=PartyOrganizationKind.GRID_BRANCH, name=f"网格党支部-{uuid4().hex[:8]}"
        )

    def create_data(self):
        return {
            "name": "幸福里党支部",
            "kind": PartyOrganizationKind.BRANCH,
            "parent": "",
            "area_code": self.world.community.code,
            "host_unit_kind": HostUnitKind.AREA,
            "host_unit_name": "",
            "member_count": 15,
            "secretary_name": "李书记",
            "secretary_phone": "13900002222",
        }

    def created(self):
        return PartyOrganization.objects.filter(name="幸福里党支部", secretary__name="李书记")

    def update_data(self, obj):
        return {
            "name": obj.name,
            "kind": obj.kind,
            "parent": "",
            "area_code": obj.area_code,
            "host_unit_kind": HostUnitKind.AREA,
            "host_unit_name": "",
            "member_count": 48,
            "secretary_name": "",
            "secretary_phone": "",
        }

    def assert_updated(self, obj):
        assert obj.member_count == 48


def test_secretary_phone_is_masked_for_district_staff_and_whole_for_community_staff(client, db):
    secretary = PersonFactory(name="赵书记", phone="13912345678")
    organization = PartyOrganizationFactory(name="南山社区党委", secretary=secretary)
    district_code = organization.area_code[:6]
    client.force_login(user_with_grant(district_code, Role.DISTRICT_ORG_DEPT))
    masked = client.get("/party-organizations/").content.decode()
    assert "139****5678" in masked and "13912345678" not in masked
    export = client.get("/party-organizations/", {"export": "csv"}).content.decode("utf-8-sig")
    assert "139****5678" in export and "13912345678" not in export

    client.force_login(user_with_grant(organization.area_code, Role.COMMUNITY_STAFF))
    assert "13912345678" in client.get("/party-organizations/").content.decode()


def test_filter_by_kind_uses_the_shared_filterset(client, db):
    committee = PartyOrganizationFactory(name="某某党委", kind=PartyOrganizationKind.COMMITTEE)
    PartyOrganizationFactory(name="某某支部", kind=PartyOrganizationKind.BRANCH, area_code=committee.area_code)
    client.force_login(user_with_grant(committee.area_code, Role.COMMUNITY_STAFF))
    table = table_html(client.get("/party-organizations/", {"kind": PartyOrganizationKind.COMMITTEE}))
    assert "某某党委" in table
    assert "某某支部" not in table
