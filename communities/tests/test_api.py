"""API of the communities app: the generated tests per endpoint, then masking, filters and
validation written by hand."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from communities.choices import PartyOrganizationKind
from communities.models import City, Community, District, PartyOrganization, Person, Street
from communities.tests.factories import (
    CityFactory,
    CommunityFactory,
    PartyOrganizationFactory,
    PersonFactory,
    StreetFactory,
    user_with_grant,
)
from jilin_grid import scope as roles
from jilin_grid.testing.api import APITestCases, api_client, result_ids

# The administrative tree: read-only.


class TestCityAPI(APITestCases.ReadOnly):
    model = City
    basename = "city"
    grant_role = roles.CITY_ORG_DEPT
    grown_rows = None

    def build_area(self, which):
        city = CityFactory() if which == "a" else CityFactory(code="2201", name="长春市")
        return SimpleNamespace(code=city.code, city=city)

    def make_object(self, area):
        return area.city


class TestDistrictAPI(APITestCases.ReadOnly):
    model = District
    basename = "district"
    grant_role = roles.CITY_ORG_DEPT
    grown_rows = None  # a city holds a handful of districts; the growth check runs on streets

    def build_area(self, which):
        city = CityFactory() if which == "a" else CityFactory(code="2201", name="长春市")
        return SimpleNamespace(code=city.code, city=city)

    def make_object(self, area):
        from communities.tests.factories import DistrictFactory

        district = DistrictFactory(city=area.city)
        if area.city.code != district.code[:4]:
            district.code = area.city.code + district.code[4:]
            district.save()
        return district


class TestStreetAPI(APITestCases.ReadOnly):
    model = Street
    basename = "street"
    grant_role = roles.DISTRICT_ORG_DEPT

    def grant_code(self, area):
        return area.district.code

    def make_object(self, area):
        return StreetFactory(district=area.district)


class TestCommunityAPI(APITestCases.ReadOnly):
    model = Community
    basename = "community"
    grant_role = roles.STREET_STAFF

    def grant_code(self, area):
        return area.street.code

    def make_object(self, area):
        return CommunityFactory(street=area.street)


# People and party organizations: read and write.


class TestPersonAPI(APITestCases.Read, APITestCases.Create, APITestCases.Update, APITestCases.NoDelete):
    model = Person
    basename = "person"

    def make_object(self, area):
        return PersonFactory(area_code=area.code)

    def create_payload(self, area):
        return {"name": "王桂兰", "phone": "13912345678", "area_code": area.code, "is_party_member": True}

    def update_payload(self, obj, area):
        return {"name": "王桂兰", "phone": "13987654321"}


class TestPartyOrganizationAPI(APITestCases.ReadWrite):
    model = PartyOrganization
    basename = "party-organization"
    max_list_queries = 4  # the secretary is joined, not fetched per row

    def make_object(self, area):
        secretary = PersonFactory(area_code=area.code)
        return PartyOrganizationFactory(area_code=area.code, secretary=secretary)

    def create_payload(self, area):
        return {"name": "南山社区第一党支部", "kind": PartyOrganizationKind.BRANCH, "area_code": area.code}

    def update_payload(self, obj, area):
        return {"member_count": 31, "host_unit_kind": "property_company", "host_unit_name": "红心物业公司"}


# Masking of personal data.


@pytest.fixture
def community(db):
    return CommunityFactory()


@pytest.fixture
def person(community):
    return PersonFactory(area_code=community.code, phone="13912345678")


def test_community_staff_sees_the_whole_phone(person, community):
    user = user_with_grant(community.code, roles.COMMUNITY_STAFF)
    response = api_client(user).get(reverse("person-detail", args=[person.pk]))
    assert response.data["phone"] == "13912345678"


@pytest.mark.parametrize("role", [roles.DISTRICT_ORG_DEPT, roles.API_READER])
def test_district_and_api_reader_see_a_masked_phone(person, community, role):
    code = community.code[:6] if role == roles.DISTRICT_ORG_DEPT else community.code
    user = user_with_grant(code, role)
    client = api_client(user)
    assert client.get(reverse("person-detail", args=[person.pk])).data["phone"] == "139****5678"
    rows = client.get(reverse("person-list")).data["results"]
    assert [row["phone"] for row in rows] == ["139****5678"]


def test_secretary_phone_is_masked_inside_the_organization(person, community):
    organization = PartyOrganizationFactory(area_code=community.code, secretary=person)
    url = reverse("party-organization-detail", args=[organization.pk])
    staff = user_with_grant(community.code, roles.COMMUNITY_STAFF)
    district = user_with_grant(community.code[:6], roles.DISTRICT_ORG_DEPT)
    assert api_client(staff).get(url).data["secretary"]["phone"] == "13912345678"
    assert api_client(district).get(url).data["secretary"]["phone"] == "139****5678"


def test_district_user_editing_a_phone_does_not_see_it_back_whole(person, community):
    user = user_with_grant(community.code[:6], roles.DISTRICT_ORG_DEPT)
    response = api_client(user).patch(reverse("person-detail", args=[person.pk]), {"phone": "13700001111"})
    assert response.status_code == 200
    assert response.data["phone"] == "137****1111"
    person.refresh_from_db()
    assert person.phone == "13700001111"


# Filters and pagination.


def test_filter_by_area_kind_and_search(db):
    street = StreetFactory()
    first, second = CommunityFactory(street=street), CommunityFactory(street=street)
    branch = PartyOrganizationFactory(area_code=first.code, name="华西社区党支部", kind=PartyOrganizationKind.BRANCH)
    committee = PartyOrganizationFactory(
        area_code=first.code, name="吉钢社区党委", kind=PartyOrganizationKind.COMMITTEE
    )
    other = PartyOrganizationFactory(area_code=second.code, name="田园社区党支部", kind=PartyOrganizationKind.BRANCH)
    client = api_client(user_with_grant(street.code, roles.STREET_STAFF))
    url = reverse("party-organization-list")

    assert result_ids(client.get(url, {"area": first.code})) == {branch.pk, committee.pk}
    assert result_ids(client.get(url, {"kind": "branch"})) == {branch.pk, other.pk}
    assert result_ids(client.get(url, {"kind": ["branch", "committee"], "area": first.code})) == {
        branch.pk,
        committee.pk,
    }
    assert result_ids(client.get(url, {"q": "吉钢"})) == {committee.pk}
    assert client.get(url, {"area": "12ab"}).status_code == 400


def test_area_filter_cannot_widen_the_scope(db):
    mine, theirs = CommunityFactory(), CommunityFactory()
    PersonFactory(area_code=theirs.code)
    client = api_client(user_with_grant(mine.code, roles.COMMUNITY_STAFF))
    response = client.get(reverse("person-list"), {"area": theirs.code})
    assert response.status_code == 200
    assert response.data["count"] == 0


def test_pagination_with_page_size(community):
    for _ in range(7):
        PersonFactory(area_code=community.code)
    client = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF))
    first = client.get(reverse("person-list"), {"page_size": 3})
    assert first.data["count"] == 7
    assert len(first.data["results"]) == 3
    assert first.data["next"] and first.data["previous"] is None
    last = client.get(reverse("person-list"), {"page_size": 3, "page": 3})
    assert len(last.data["results"]) == 1


def test_ordering_by_name(community):
    for name in ["赵", "钱", "孙"]:
        PersonFactory(area_code=community.code, name=name)
    client = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF))
    names = [row["name"] for row in client.get(reverse("person-list"), {"ordering": "-name"}).data["results"]]
    assert names == sorted(names, reverse=True)


# Validation and the area of new objects.


def test_bad_phone_is_refused_with_a_message(community):
    client = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF))
    response = client.post(
        reverse("person-list"), {"name": "李明", "phone": "12345", "area_code": community.code}, format="json"
    )
    assert response.status_code == 400
    assert "手机号码" in str(response.data["phone"][0])  # Chinese by default
    assert not Person.objects.filter(name="李明").exists()
    english = client.post(
        reverse("person-list"),
        {"name": "李明", "phone": "12345", "area_code": community.code},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "mobile number" in str(english.data["phone"][0])


def test_person_outside_the_area_is_refused(community):
    elsewhere = CommunityFactory()
    client = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF))
    response = client.post(
        reverse("person-list"), {"name": "李明", "phone": "13912345678", "area_code": elsewhere.code}, format="json"
    )
    assert response.status_code == 400
    assert "outside your area" in str(response.data["area_code"][0])


def test_parent_organization_outside_the_area_is_an_invalid_pk(community):
    foreign = PartyOrganizationFactory(area_code=CommunityFactory().code)
    client = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF))
    response = client.post(
        reverse("party-organization-list"),
        {"name": "第二党支部", "kind": "branch", "area_code": community.code, "parent": foreign.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "Invalid pk" in str(response.data["parent"][0])
    missing = client.post(
        reverse("party-organization-list"),
        {"name": "第二党支部", "kind": "branch", "area_code": community.code, "parent": 999999},
        format="json",
    )
    assert str(missing.data["parent"][0]) == str(response.data["parent"][0]).replace(str(foreign.pk), "999999")


def test_model_rule_answers_400_with_the_field_message(community):
    client = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF))
    response = client.post(
        reverse("party-organization-list"),
        {"name": "网格党支部", "kind": "grid_branch", "area_code": community.code},
        format="json",
    )
    assert response.status_code == 400
    assert "15 位代码" in str(response.data["area_code"][0])


def test_retired_organization_stays_listed_as_inactive(community):
    organization = PartyOrganizationFactory(area_code=community.code)
    client = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF))
    assert client.delete(reverse("party-organization-detail", args=[organization.pk])).status_code == 204
    rows = client.get(reverse("party-organization-list"), {"is_active": "false"}).data["results"]
    assert [(row["id"], row["is_active"]) for row in rows] == [(organization.pk, False)]
