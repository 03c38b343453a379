"""Pages of the secretaries' filing: the list's filters, sort and export, the birth date masked by role
on the list, the page and the export, who may take each step (403 saying why, 404 outside the area),
refusals beside their field with the input kept, the change of secretary through its form, and a
fixed number of queries for the list, the filing page and the export at 1x and 10x."""

from datetime import date
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from communities.models import PartyOrganization
from communities.tests.factories import CommunityFactory, user_with_grant
from jilin_grid import scope as roles
from projects.filing.models import FilingRecord, SecretaryFiling, Training
from projects.filing.views import KEEPERS_ONLY

from .factories import add_training, community_organization, make_filing, published_result

LIST = reverse("projects:filing_list")


@pytest.fixture
def place(db):
    community = CommunityFactory()
    filing = make_filing(community_organization(community))
    code = community.code
    return SimpleNamespace(
        community=community,
        filing=filing,
        district=user_with_grant(code[:6], roles.DISTRICT_ORG_DEPT),
        city=user_with_grant("2202", roles.CITY_ORG_DEPT),
        street=user_with_grant(code[:9], roles.STREET_STAFF),
        staff=user_with_grant(code, roles.COMMUNITY_STAFF),
        other=user_with_grant(CommunityFactory().code[:6], roles.DISTRICT_ORG_DEPT),
    )


def page_url(filing, name="filing_detail"):
    return reverse(f"projects:{name}", args=[filing.pk])


def sheet_rows(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))


def test_the_list_filters_sorts_and_exports(client, place):
    old = make_filing(community_organization(CommunityFactory(street=place.community.street)),
                      birth_date=date(1962, 1, 1), selected_on=date(2006, 1, 1))  # fmt: skip
    add_training(place.filing, 40, date(2020, 4, 1))
    add_training(old, 8, date(2020, 4, 1))
    published_result(old, 2020, "poor")
    published_result(place.filing, 2020, "good")
    client.force_login(place.district)
    mine, theirs = place.filing.secretary.name, old.secretary.name

    def names(**params):
        html = client.get(LIST, params).content.decode()
        return {name for name in (mine, theirs) if name in html}

    assert names() == {mine, theirs}
    assert names(age_min=60) == {theirs}
    assert names(age_max=59) == {mine}
    assert names(years_in_post_min=15) == {theirs}
    assert names(years_in_post_max=14) == {mine}
    assert names(training_year=2020, training_hours_min=20) == {mine}
    assert names(last_review="poor") == {theirs}
    assert names(selection="appointment") == set()
    by_hours = client.get(LIST, {"training_year": 2020, "sort": "-training_hours"}).content.decode()
    assert by_hours.index(mine) < by_hours.index(theirs)
    by_hours = client.get(LIST, {"training_year": 2020, "sort": "training_hours"}).content.decode()
    assert by_hours.index(theirs) < by_hours.index(mine)
    export = client.get(LIST, {"training_year": 2020, "sort": "-training_hours", "export": "xlsx"})
    rows = sheet_rows(export)
    header = rows[0]
    assert [row[0] for row in rows[1:]] == [mine, theirs]
    assert rows[1][header.index(gettext("Training hours"))] == 40
    assert rows[1][header.index(gettext("Birth date"))] == "1975-03-08"
    assert rows[1][header.index(gettext("Last review result"))] == gettext("Good")
    # A malformed filter is refused beside it, not a 500.
    assert client.get(LIST, {"age_min": "abc"}).status_code == 200


def test_the_birth_date_is_masked_for_the_city(client, place):
    client.force_login(place.city)
    assert "1975-**-**" in client.get(page_url(place.filing)).content.decode()
    assert "1975-03-08" not in client.get(LIST).content.decode()
    rows = sheet_rows(client.get(LIST, {"export": "xlsx"}))
    assert rows[1][rows[0].index(gettext("Birth date"))] == "1975-**-**"
    for user in (place.district, place.street, place.staff):
        client.force_login(user)
        assert "1975-03-08" in client.get(page_url(place.filing)).content.decode()


def test_who_may_take_each_step(client, place):
    forms = ("filing_change", "filing_record", "filing_promotion")
    client.force_login(place.district)
    page = client.get(page_url(place.filing)).content.decode()
    for name in (*forms, "filing_training"):
        assert page_url(place.filing, name) in page
        assert client.get(page_url(place.filing, name)).status_code == 200
    assert client.get(reverse("projects:filing_create")).status_code == 200
    for user in (place.city, place.street, place.staff):
        client.force_login(user)
        page = client.get(page_url(place.filing)).content.decode()
        for name in forms:
            assert page_url(place.filing, name) not in page
            refused = client.get(page_url(place.filing, name))
            assert refused.status_code == 403
            assert str(KEEPERS_ONLY) in refused.content.decode()
        assert client.get(reverse("projects:filing_create")).status_code == 403
    client.force_login(place.city)
    assert client.get(page_url(place.filing, "filing_training")).status_code == 403
    for user in (place.street, place.staff):
        client.force_login(user)
        assert client.get(page_url(place.filing, "filing_training")).status_code == 200
    client.force_login(place.other)
    for name in ("filing_detail", *forms, "filing_training"):
        assert client.get(page_url(place.filing, name)).status_code == 404
    assert place.filing.secretary.name not in client.get(LIST).content.decode()


def test_filing_and_changing_the_secretary_through_the_forms(client, place):
    organization = community_organization(CommunityFactory(street=place.community.street))
    client.force_login(place.district)
    form = client.get(reverse("projects:filing_create")).content.decode()
    assert organization.name in form and place.filing.organization.name not in form  # filed already
    filed = client.post(
        reverse("projects:filing_create"),
        {"organization": organization.pk, "selection": "public_recruitment", "selected_on": "2018-05-01",
         "term_start": "2018-05-01", "term_end": "2021-02-28", "education": "junior_college",
         "birth_date": "1983-02-02"},
    )  # fmt: skip
    assert filed.status_code == 302
    assert SecretaryFiling.objects.get(organization=organization).secretary_id == organization.secretary_id
    change = {"ended_on": "2021-03-01", "end_reason": "任期届满", "secretary_name": "韩雪梅",
              "secretary_phone": "19900001234", "secretary_gender": "female", "selection": "election",
              "selected_on": "2021-03-01", "term_start": "2021-03-01", "term_end": "2026-02-28",
              "education": "bachelor", "birth_date": "2010-01-01"}  # fmt: skip
    refused = client.post(page_url(place.filing, "filing_change"), change)
    assert refused.status_code == 400
    errors = refused.context["form"].errors
    assert list(errors) == ["birth_date"]
    assert 'value="韩雪梅"' in refused.content.decode()  # the input is kept
    assert SecretaryFiling.objects.get(pk=place.filing.pk).is_current
    changed = client.post(page_url(place.filing, "filing_change"), {**change, "birth_date": "1985-10-01"})
    assert changed.status_code == 302
    new = SecretaryFiling.objects.get(organization=place.filing.organization, ended_on__isnull=True)
    assert changed.url == page_url(new)
    assert PartyOrganization.objects.get(pk=place.filing.organization_id).secretary_id == new.secretary_id
    page = client.get(page_url(new)).content.decode()
    assert place.filing.secretary.name in page and "任期届满" in page  # the previous secretary is shown
    # The ended filing takes no more steps.
    assert client.get(page_url(place.filing, "filing_record")).status_code == 403


def test_courses_and_entries_through_the_forms(client, place):
    client.force_login(place.staff)
    early = {"title": "社区书记轮训班", "organizer": "区委组织部", "starts_on": "2010-01-01",
             "ends_on": "2010-01-02", "hours": "16"}  # fmt: skip
    refused = client.post(page_url(place.filing, "filing_training"), early)
    assert refused.status_code == 400 and list(refused.context["form"].errors) == ["starts_on"]
    ok = client.post(page_url(place.filing, "filing_training"), {**early, "starts_on": "2020-01-01",
                                                                  "ends_on": "2020-01-02"})  # fmt: skip
    assert ok.status_code == 302 and Training.objects.filter(filing=place.filing).count() == 1
    client.force_login(place.district)
    assert client.post(page_url(place.filing, "filing_record"),
                       {"kind": "reward", "on": "2020-07-01", "text": "获评优秀书记"}).status_code == 302  # fmt: skip
    promotion = {"kind": "civil_servant", "on": "2020-09-01", "text": "定向考录为街道公务员"}
    assert client.post(page_url(place.filing, "filing_record"), promotion).status_code == 400  # not a reward
    assert client.post(page_url(place.filing, "filing_promotion"), promotion).status_code == 302
    page = client.get(page_url(place.filing)).content.decode()
    assert "获评优秀书记" in page and "定向考录为街道公务员" in page and "社区书记轮训班" in page
    assert FilingRecord.objects.filter(filing=place.filing).count() == 2


def grow(place, count):
    for _ in range(count):
        filing = make_filing(community_organization(CommunityFactory(street=place.community.street)))
        add_training(filing, 8)
        published_result(filing, 2020, "fairly_good")
    for _ in range(count):
        add_training(place.filing, 4)
        published_result(make_filing(community_organization(CommunityFactory(street=place.community.street))),
                         2019, "good")  # fmt: skip


def test_a_fixed_number_of_queries_at_1x_and_10x(client, place, django_assert_num_queries):
    client.force_login(place.district)
    grow(place, 1)
    client.get(LIST)  # the session is warmed up
    # The pages' counts include the navbar bell's unread notifications (one query); the export has no bell.
    with django_assert_num_queries(6) as list_small:
        assert client.get(LIST, {"training_year": 2020}).status_code == 200
    with django_assert_num_queries(9) as page_small:
        assert client.get(page_url(place.filing)).status_code == 200
    with django_assert_num_queries(5) as export_small:
        sheet_rows(client.get(LIST, {"export": "xlsx"}))
    grow(place, 9)
    with django_assert_num_queries(len(list_small)):
        client.get(LIST, {"training_year": 2020})
    with django_assert_num_queries(len(page_small)):
        client.get(page_url(place.filing))
    with django_assert_num_queries(len(export_small)):
        assert len(sheet_rows(client.get(LIST, {"export": "xlsx"}))) == 1 + 1 + 20


def test_the_audit_trail_masks_the_birth_date_as_the_pages_do(client, place):
    url = f"/audit/history/projects/secretaryfiling/{place.filing.pk}/"
    client.force_login(place.city)
    city = client.get(url)
    assert city.status_code == 200
    assert "1975-**-**" in city.content.decode() and "1975-03-08" not in city.content.decode()
    client.force_login(place.district)
    assert "1975-03-08" in client.get(url).content.decode()


def test_a_column_header_sorts_the_list_and_a_second_click_the_other_way(client, place):
    more = make_filing(community_organization(CommunityFactory(street=place.community.street)))
    add_training(more, 30, date(2020, 4, 1))
    add_training(place.filing, 10, date(2020, 4, 1))
    client.force_login(place.district)
    html = client.get(LIST, {"training_year": 2020}).content.decode()
    assert 'href="?training_year=2020&amp;sort=-training_hours"' in html
    most_first = client.get(LIST, {"training_year": 2020, "sort": "-training_hours"}).content.decode()
    assert most_first.index(more.secretary.name) < most_first.index(place.filing.secretary.name)
    assert 'href="?training_year=2020&amp;sort=training_hours"' in most_first  # the other way next
    least_first = client.get(LIST, {"training_year": 2020, "sort": "training_hours"}).content.decode()
    assert least_first.index(place.filing.secretary.name) < least_first.index(more.secretary.name)
