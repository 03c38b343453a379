"""API of the secretaries' filing: the generated tests of the filings' endpoint (filed by the district
organization department), then by hand its actions, who may take each (403 with the reason, 404
outside the area), refusals under their field, the filters and the masked birth date."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from communities.models import PartyOrganization
from communities.tests.factories import CommunityFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.testing.api import APITestCases, api_client, result_ids
from projects.filing.models import FilingRecord, SecretaryFiling, Training

from .factories import add_training, community_organization, make_filing, published_result


class TestSecretaryFilingAPI(APITestCases.Read, APITestCases.Create, APITestCases.NoDelete):
    model = SecretaryFiling
    basename = "secretary-filing"
    grant_role = roles.DISTRICT_ORG_DEPT
    # Token, grants, count, rows with their organization, secretary and figures.
    max_list_queries = 4

    def grant_code(self, area) -> str:
        return area.district.code

    def make_object(self, area):
        return make_filing(community_organization(CommunityFactory(street=area.street)))

    def create_payload(self, area):
        organization = community_organization(area.community)
        return {
            "organization": organization.pk,
            "selection": "election",
            "selected_on": "2016-03-01",
            "term_start": "2016-03-01",
            "term_end": "2021-02-28",
            "education": "bachelor",
            "birth_date": "1978-05-20",
        }


@pytest.fixture
def place(db):
    community = CommunityFactory()
    filing = make_filing(community_organization(community))
    return SimpleNamespace(community=community, filing=filing, district=community.code[:6], street=community.code[:9])


def url(filing, name):
    return reverse(f"secretary-filing-{name}", args=[filing.pk])


CHANGE = {
    "ended_on": "2021-03-01",
    "end_reason": "任期届满，换届选举",
    "secretary_name": "韩雪梅",
    "secretary_phone": "19900001234",
    "selection": "election",
    "selected_on": "2021-03-01",
    "term_start": "2021-03-01",
    "term_end": "2026-02-28",
    "education": "postgraduate",
    "birth_date": "1985-10-01",
}


def test_change_secretary_through_the_api(place):
    district = api_client(user_with_grant(place.district, roles.DISTRICT_ORG_DEPT))
    response = district.post(url(place.filing, "change-secretary"), CHANGE, format="json")
    assert response.status_code == 201, response.content
    new = response.json()
    assert (new["secretary_name"], new["is_current"], new["education"]) == ("韩雪梅", True, "postgraduate")
    place.filing.refresh_from_db()
    assert place.filing.ended_on == date(2021, 3, 1) and not place.filing.is_current
    organization = PartyOrganization.objects.get(pk=place.filing.organization_id)
    assert organization.secretary_id == new["secretary"]
    # The ended filing can be changed no more: the current one is.
    again = district.post(url(place.filing, "change-secretary"), CHANGE, format="json")
    assert again.status_code == 400 and "ended_on" in again.json()


def test_who_may_take_each_action(place):
    street = api_client(user_with_grant(place.street, roles.STREET_STAFF))
    community = api_client(user_with_grant(place.community.code, roles.COMMUNITY_STAFF))
    city = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))
    other = api_client(user_with_grant(CommunityFactory().code[:6], roles.DISTRICT_ORG_DEPT))
    training = {"title": "社区书记轮训班", "organizer": "区委组织部", "starts_on": "2020-06-01",
                "ends_on": "2020-06-02", "hours": 16}  # fmt: skip
    record = {"kind": "reward", "on": "2020-07-01", "text": "获评优秀社区党组织书记"}
    # Street and community staff record training, not rewards nor a change of secretary.
    assert street.post(url(place.filing, "add-training"), training, format="json").status_code == 201
    assert community.post(url(place.filing, "add-training"), training, format="json").status_code == 201
    for client in (street, community, city):
        refused = client.post(url(place.filing, "add-record"), record, format="json")
        assert refused.status_code == 403
        assert "organization department" in refused.json()["detail"]
        assert client.post(url(place.filing, "change-secretary"), CHANGE, format="json").status_code == 403
    assert city.post(url(place.filing, "add-training"), training, format="json").status_code == 403
    # Another district does not see the filing at all.
    assert other.post(url(place.filing, "add-training"), training, format="json").status_code == 404
    assert other.post(url(place.filing, "change-secretary"), CHANGE, format="json").status_code == 404
    assert Training.objects.count() == 2 and not FilingRecord.objects.exists()
    assert SecretaryFiling.objects.get(pk=place.filing.pk).is_current


def test_refusals_answer_under_their_field(place):
    district = api_client(user_with_grant(place.district, roles.DISTRICT_ORG_DEPT))
    early = {"title": "培训", "organizer": "区委组织部", "starts_on": "2010-01-01", "ends_on": "2010-01-02", "hours": 8}
    response = district.post(url(place.filing, "add-training"), early, format="json")
    assert response.status_code == 400 and list(response.json()) == ["starts_on"]
    filed_again = district.post(
        reverse("secretary-filing-list"),
        {"organization": place.filing.organization_id, "selection": "election", "selected_on": "2016-03-01",
         "term_start": "2016-03-01", "education": "bachelor", "birth_date": "1978-05-20"},
        format="json",
    )  # fmt: skip
    assert filed_again.status_code == 400 and "organization" in filed_again.json()
    young = district.post(url(place.filing, "change-secretary"), {**CHANGE, "birth_date": "2010-01-01"}, format="json")
    assert young.status_code == 400 and "birth_date" in young.json()
    assert SecretaryFiling.objects.get(pk=place.filing.pk).is_current


def test_filters_and_the_masked_birth_date(place):
    old = make_filing(community_organization(CommunityFactory(street=place.community.street)),
                      birth_date=date(1962, 1, 1), selected_on=date(2006, 1, 1))  # fmt: skip
    add_training(place.filing, 40, date(2020, 4, 1))
    add_training(old, 8, date(2020, 4, 1))
    published_result(old, 2020, "poor")
    published_result(place.filing, 2019, "poor")
    published_result(place.filing, 2020, "good")
    district = api_client(user_with_grant(place.district, roles.DISTRICT_ORG_DEPT))
    list_url = reverse("secretary-filing-list")

    def ids(**params):
        return result_ids(district.get(list_url, params))

    assert ids(age_min=60) == {old.pk}
    assert ids(age_max=59) == {place.filing.pk}
    assert ids(years_in_post_min=15) == {old.pk}
    assert ids(training_year=2020, training_hours_min=20) == {place.filing.pk}
    assert ids(training_year=2019, training_hours_min=1) == set()
    assert ids(last_review="poor") == {old.pk}
    assert ids(last_review="good") == {place.filing.pk}
    row = district.get(f"{list_url}{place.filing.pk}/", {"training_year": 2020}).json()
    assert (row["birth_date"], row["training_hours"], row["last_review"]) == ("1975-03-08", 40, "good")
    reader = api_client(user_with_grant(place.district, roles.API_READER))
    assert reader.get(f"{list_url}{place.filing.pk}/").json()["birth_date"] == "1975-**-**"
