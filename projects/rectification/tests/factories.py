"""Helpers of the rectification tests: a place (an organization's community, an excellent community
of the same district with five confirmed stars, a district department, a guarantor of the district),
confirmed scores and poor reviews made with the model constructors, and cases identified through
the service."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

from django.utils import timezone

from alliances.tests.factories import DepartmentFactory, MemberReportFactory
from communities.models import PartyOrganization
from communities.tests.factories import CommunityFactory, PersonFactory, StreetFactory
from projects.assessment.choices import ReportStatus, ReviewGrade, ScoreStatus
from projects.assessment.models import AssessmentStandard, BranchScore, ReviewRound, SecretaryReport
from projects.assessment.services import stars_for
from projects.assessment.tests.factories import community_branch
from projects.rectification import services
from projects.rectification.choices import CaseSource
from projects.rectification.models import ProblemKind

STARS_OF = {5: 92, 4: 84, 3: 75, 2: 65, 1: 50}


def standard(year: int) -> AssessmentStandard:
    return AssessmentStandard.objects.get_or_create(year=year)[0]


def score_of(organization: PartyOrganization, year: int, total: int) -> BranchScore:
    """A confirmed score of ``total`` (its stars by the portal's thresholds) made directly."""
    stars = stars_for(total)
    return BranchScore.objects.create(
        organization=organization, year=year, standard=standard(year), status=ScoreStatus.CONFIRMED, total=total,
        confirmed_total=total, stars=stars,
    )  # fmt: skip


def excellent_community(street, stars: int = 5, year: int = 2020):
    """A community of ``street`` whose own organization's latest confirmed score has ``stars``."""
    community = CommunityFactory(street=street)
    score_of(community_branch(community), year, STARS_OF[stars])
    return community


def poor_review(organization: PartyOrganization, year: int = 2020, grade: str = ReviewGrade.POOR):
    review_round = ReviewRound.objects.get_or_create(year=year, area_code=organization.area_code[:6])[0]
    return SecretaryReport.objects.create(
        round=review_round, organization=organization, secretary=PersonFactory(area_code=organization.area_code),
        year=year, status=ReportStatus.SUBMITTED, submitted_at=timezone.make_aware(datetime(year, 12, 20, 9)),
        result=grade, rank=1,
    )  # fmt: skip


def make_place(community=None) -> SimpleNamespace:
    community = community or CommunityFactory()
    street = community.street
    district = street.district.code
    return SimpleNamespace(
        community=community,
        street=street,
        district=district,
        organization=community_branch(community),
        paired=excellent_community(StreetFactory(district=street.district)),
        department=DepartmentFactory(area_code=district),
        guarantor=PersonFactory(area_code=district, name="王常委"),
    )


def problems(count: int = 2) -> list[ProblemKind]:
    return services.problem_kinds_ensure()[:count]


def identify(place, *, organization=None, source=CaseSource.DECISION, identified_on=date(2020, 3, 1), **kwargs):
    """A case of the place's organization identified by the district's decision (by default)."""
    values = {
        "organization": organization or place.organization,
        "source": source,
        "reason": "班子软弱，群众意见大" if source == CaseSource.DECISION else "",
        "problems": problems(),
        "guarantor": place.guarantor,
        "department": place.department,
        "paired_community": place.paired,
        "deadline": date(2020, 12, 31),
        "identified_on": identified_on,
        **kwargs,
    }
    return services.case_identify(**values)


def member_report(community, **kwargs):
    return MemberReportFactory(community=community, **kwargs)
