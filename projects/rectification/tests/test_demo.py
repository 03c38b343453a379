"""The demo rectification: the document's 18 rectified street and community organizations (南山社区
among them, with the document's measures), four open cases of 2020 (some with overdue measures), every
case keeping the rules (guarantor of its district, paired community with ★★★★ or more, members of its
community, re-rating by the next year's score), and a second run adding nothing."""

from datetime import date

import pytest
from django.utils import timezone

from communities.choices import PartyOrganizationKind
from communities.tests.factories import (
    CityFactory,
    CommunityFactory,
    DistrictFactory,
    PartyOrganizationFactory,
    StreetFactory,
)
from projects.rectification.choices import CaseSource, CaseStatus
from projects.rectification.demo import build_demo_rectification
from projects.rectification.models import RectificationCase
from projects.rectification.selectors import community_latest_stars, with_progress

from .factories import member_report, score_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    city = CityFactory(code="2202", name="吉林市")
    district = DistrictFactory(city=city, code="220211", name="丰满区")
    streets = [StreetFactory(district=district, code="220211001", name="江南街道"),
               StreetFactory(district=district, code="220211002", name="红旗街道")]  # fmt: skip
    for street in streets:
        PartyOrganizationFactory(area_code=street.code, kind=PartyOrganizationKind.COMMITTEE,
                                 name=f"中共丰满区{street.name}工作委员会")  # fmt: skip
    nanshan = CommunityFactory(street=streets[0], code="220211001001", name="南山社区")
    totals = [(50, 70), (55, 82), (58, 66), (45, 61)] * 5 + [(85, 88), (92, 95), (81, 84), (40, 50), (52, 48)] * 2
    communities = [nanshan]
    for number, (first, second) in enumerate(totals, start=2):
        community = CommunityFactory(street=streets[number % 2], code=f"{streets[number % 2].code}{number:03d}")
        communities.append(community)
        organization = PartyOrganizationFactory(area_code=community.code, kind=PartyOrganizationKind.BRANCH)
        score_of(organization, 2019, first)
        score_of(organization, 2020, second)
    nanshan_org = PartyOrganizationFactory(area_code=nanshan.code, kind=PartyOrganizationKind.COMMITTEE,
                                           name="中共南山社区委员会")  # fmt: skip
    score_of(nanshan_org, 2019, 78)
    score_of(nanshan_org, 2020, 86)
    member_report(nanshan, member__person__area_code=nanshan.code, member__organization__area_code=nanshan.code)
    return {"nanshan": nanshan, "nanshan_org": nanshan_org}


def test_the_documents_18_rectified_and_the_open_cases(city):
    figures = build_demo_rectification(scale=1)
    assert figures["created"] and figures["rectified"] == 18 and figures["open"] == 4
    cases = list(with_progress(RectificationCase.objects.select_related(
        "organization", "guarantor", "department", "paired_community", "rerating", "score")))  # fmt: skip
    rectified = [case for case in cases if case.status == CaseStatus.RECTIFIED]
    assert {len(case.area_code) for case in rectified} == {9, 12}
    for case in rectified:
        assert case.year in (2018, 2019) and case.accepted_on.year > case.year
        assert case.measures_done == case.measures_total >= 3
        if case.source == CaseSource.SCORE:
            assert case.score.confirmed_total < 60 and case.score.year == case.year
        if case.rerating is not None:
            assert case.rerating.year == case.year + 1
    stars = community_latest_stars([case.paired_community.code for case in cases])
    for case in cases:
        assert case.guarantor.area_code == case.area_code[:6]
        assert case.department.area_code in ("2202", case.area_code[:6])
        assert stars[case.paired_community.code][1] >= 4 and case.paired_community.code != case.area_code[:12]
        assert all(report.area_code.startswith(case.area_code[:12]) for report in case.member_reports.all())
        assert case.problems.exists() and case.progress.count() == 3
    nanshan = next(case for case in rectified if case.organization == city["nanshan_org"])
    titles = " ".join(nanshan.measures.values_list("title", flat=True))
    assert "物业" in titles and "交叉任职" in titles and "居民议事会" in titles and "业委会" in titles
    assert nanshan.member_reports.count() == 1 and nanshan.rerating.confirmed_total == 78
    opened = [case for case in cases if case.is_open]
    assert {case.year for case in opened} == {2020}
    assert sum(1 for case in opened if case.measures_overdue) >= 2
    assert any(case.measures_overdue == 0 for case in opened)
    assert any(case.extensions.exists() and case.deadline > timezone.localdate() for case in opened)
    assert all(case.identified_on >= date(2018, 1, 1) for case in cases)
    again = build_demo_rectification(scale=1)
    assert not again["created"] and again["rectified"] == 18
