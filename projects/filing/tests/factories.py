"""Helpers of the secretaries' filing tests: a community party organization with its secretary, a
filing of it, courses and entries, and a published report-and-review result (made with the review's
model constructors: its services are another domain's)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from communities.choices import PartyOrganizationKind
from communities.tests.factories import CommunityFactory, PartyOrganizationFactory, PersonFactory
from projects.assessment.choices import ReviewRoundStatus
from projects.assessment.models import ReviewRound, SecretaryReport
from projects.filing import services
from projects.filing.choices import Education, SelectionMethod


def community_organization(community=None):
    """A community's own party organization with a secretary of record."""
    community = community or CommunityFactory()
    secretary = PersonFactory(area_code=community.code, is_party_member=True)
    return PartyOrganizationFactory(
        area_code=community.code, kind=PartyOrganizationKind.GENERAL_BRANCH, secretary=secretary
    )


def make_filing(organization=None, *, birth_date=date(1975, 3, 8), selected_on=date(2015, 6, 1),
                selection=SelectionMethod.ELECTION, education=Education.BACHELOR):  # fmt: skip
    organization = organization or community_organization()
    return services.filing_create(
        organization=organization,
        selection=selection,
        selected_on=selected_on,
        term_start=selected_on,
        term_end=date(selected_on.year + 5, selected_on.month, 1),
        education=education,
        birth_date=birth_date,
    )


def add_training(filing, hours: int, on: date = date(2020, 5, 10)):
    return services.training_add(
        filing=filing, title="社区书记示范培训班", organizer="市委组织部", starts_on=on, ends_on=on, hours=hours
    )


def published_result(filing, year: int, result: str, rank: int = 1):
    """A published report-and-review result of the filing's secretary for ``year``."""
    code = filing.area_code[:6]
    review_round = ReviewRound.objects.filter(year=year, area_code=code).first() or ReviewRound.objects.create(
        year=year, area_code=code, status=ReviewRoundStatus.PUBLISHED, published_at=timezone.now()
    )
    return SecretaryReport.objects.create(
        round=review_round, organization=filing.organization, secretary=filing.secretary, year=year,
        status="submitted", submitted_at=timezone.now(), result=result, rank=rank,
    )  # fmt: skip
