"""The demo filings: every community party organization with a secretary of record has its secretary
filed in post, ages 30-58 at the end of 2020, a mix of selection methods, 1-4 courses a year in 2019
and 2020, about one community in ten with an ended previous filing, all consistent with the models'
rules; a second run adds nothing."""

from collections import Counter
from datetime import date

import pytest
from django.db.models import Count

from communities.choices import HostUnitKind
from communities.tests.factories import CommunityFactory, PartyOrganizationFactory
from jilin_grid.counts.services import count_everything
from projects.filing.demo import build_demo_filing
from projects.filing.models import FilingRecord, SecretaryFiling, Training, age_on

from .factories import community_organization

pytestmark = pytest.mark.django_db


def test_every_community_secretary_filed_with_a_realistic_mix():
    organizations = [community_organization(CommunityFactory()) for _ in range(60)]
    unit = PartyOrganizationFactory(host_unit_kind=HostUnitKind.ENTERPRISE, host_unit_name="吉林化纤")
    figures = build_demo_filing()
    count_everything()  # the builder writes in bulk: the demo counts its rows once, at its end
    assert figures["created"]
    current = {filing.organization_id: filing for filing in SecretaryFiling.objects.filter(ended_on__isnull=True)}
    assert set(current) == {organization.pk for organization in organizations}
    assert unit.pk not in current
    for organization in organizations:
        filing = current[organization.pk]
        assert filing.secretary_id == organization.secretary_id
        assert filing.area_code == organization.area_code
        assert 30 <= age_on(filing.birth_date, date(2020, 12, 31)) <= 58
        filing.full_clean()
    assert len(Counter(filing.selection for filing in current.values())) >= 4
    per_year = Counter(
        (training.filing_id, training.starts_on.year) for training in Training.objects.all() if training.filing_id
    )
    assert set(per_year.values()) <= {1, 2, 3, 4}
    assert {year for _filing, year in per_year} == {2019, 2020}
    for training in Training.objects.select_related("filing"):
        assert training.starts_on >= training.filing.selected_on
        training.full_clean()
    ended = SecretaryFiling.objects.filter(ended_on__isnull=False)
    assert 1 <= ended.count() <= 15
    for filing in ended.select_related("organization"):
        assert filing.end_reason and filing.ended_on < current[filing.organization_id].selected_on
        assert filing.secretary_id != filing.organization.secretary_id
    assert FilingRecord.objects.filter(kind="reward").exists()
    assert (
        not SecretaryFiling.objects.values("organization")
        .filter(ended_on__isnull=True)
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    again = build_demo_filing()
    assert not again["created"] and again["filings"] == figures["filings"]
