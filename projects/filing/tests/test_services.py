"""Services of the secretaries' filing: one current filing per organization (the services and the
database), a change of secretary in one transaction (the old filing ended, the new one open, the
organization's secretary updated; refused, nothing of it written), and the dates of courses and
entries held to the time in post."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from communities.models import PartyOrganization, Person
from communities.tests.factories import PartyOrganizationFactory
from projects.filing import services
from projects.filing.models import SecretaryFiling

from .factories import add_training, community_organization, make_filing

pytestmark = pytest.mark.django_db

NEW = {
    "ended_on": date(2021, 3, 1),
    "end_reason": "任期届满，换届选举",
    "secretary_name": "韩雪梅",
    "secretary_phone": "19900001234",
    "selection": "election",
    "selected_on": date(2021, 3, 1),
    "term_start": date(2021, 3, 1),
    "term_end": date(2026, 2, 28),
    "education": "postgraduate",
    "birth_date": date(1985, 10, 1),
}


def test_one_current_filing_per_organization():
    filing = make_filing()
    with pytest.raises(ValidationError) as refused:
        make_filing(filing.organization)
    assert "organization" in refused.value.message_dict
    # The database holds the rule too, whatever writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        SecretaryFiling.objects.create(
            organization=filing.organization, secretary=filing.secretary, selection="election",
            selected_on=date(2016, 1, 1), term_start=date(2016, 1, 1), education="bachelor",
            birth_date=date(1970, 1, 1),
        )  # fmt: skip
    # An ended one beside it is history, not a second current filing.
    services.filing_change_secretary(filing=filing, **NEW)
    assert SecretaryFiling.objects.filter(organization=filing.organization).count() == 2
    assert SecretaryFiling.objects.filter(organization=filing.organization, ended_on__isnull=True).count() == 1


def test_only_a_community_party_organization_with_a_secretary_is_filed():
    unit = PartyOrganizationFactory(host_unit_kind="enterprise", host_unit_name="吉林化纤", kind="general_branch")
    unit.secretary = Person.objects.create(name="王刚", area_code=unit.area_code)
    unit.save()
    with pytest.raises(ValidationError) as refused:
        make_filing(unit)
    assert "organization" in refused.value.message_dict
    bare = community_organization()
    bare.secretary = None
    bare.save()
    with pytest.raises(ValidationError) as refused:
        make_filing(bare)
    assert "organization" in refused.value.message_dict


def test_a_change_of_secretary_ends_the_filing_and_updates_the_organization():
    filing = make_filing()
    add_training(filing, 16)
    new = services.filing_change_secretary(filing=filing, **NEW)
    filing.refresh_from_db()
    assert (filing.ended_on, filing.end_reason) == (date(2021, 3, 1), "任期届满，换届选举")
    assert filing.trainings.count() == 1  # the history is kept
    organization = PartyOrganization.objects.get(pk=filing.organization_id)
    assert organization.secretary_id == new.secretary_id != filing.secretary_id
    assert (new.secretary.name, new.secretary.area_code, new.is_current) == ("韩雪梅", organization.area_code, True)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"birth_date": date(2010, 1, 1)}, "birth_date"),  # the new filing is refused
        ({"secretary_name": ""}, "secretary_name"),  # the new person is refused
        ({"secretary_phone": "12"}, "secretary_phone"),
        ({"ended_on": date(2010, 1, 1), "selected_on": date(2010, 1, 1)}, "ended_on"),  # the ending is refused
        ({"end_reason": " "}, "end_reason"),
        ({"selected_on": date(2021, 2, 1)}, "selected_on"),
    ],
)
def test_a_refused_change_leaves_both_as_they_were(change, field):
    filing = make_filing()
    organization = filing.organization
    people = Person.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.filing_change_secretary(filing=filing, **{**NEW, **change})
    assert field in refused.value.message_dict
    filing = SecretaryFiling.objects.get(pk=filing.pk)
    assert filing.is_current and filing.end_reason == ""
    assert PartyOrganization.objects.get(pk=organization.pk).secretary_id == filing.secretary_id
    assert SecretaryFiling.objects.filter(organization=organization).count() == 1
    assert Person.objects.count() == people


def test_courses_and_entries_are_held_to_the_time_in_post():
    filing = make_filing(selected_on=date(2015, 6, 1))
    with pytest.raises(ValidationError) as refused:
        services.training_add(filing=filing, title="培训", organizer="区委组织部", starts_on=date(2015, 5, 1),
                              ends_on=date(2015, 5, 2), hours=8)  # fmt: skip
    assert "starts_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.training_add(filing=filing, title="培训", organizer="区委组织部", starts_on=date(2020, 5, 3),
                              ends_on=date(2020, 5, 2), hours=8)  # fmt: skip
    assert "ends_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.record_add(filing=filing, kind="reward", on=date(2014, 1, 1), text="表彰")
    assert "on" in refused.value.message_dict
    services.filing_change_secretary(filing=filing, **NEW)
    filing.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.training_add(filing=filing, title="培训", organizer="区委组织部", starts_on=date(2021, 5, 1),
                              ends_on=date(2021, 5, 2), hours=8)  # fmt: skip
    assert "starts_on" in refused.value.message_dict
