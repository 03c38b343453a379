"""The rules of the rectification: what an organization is identified from, one open case per
organization (also as a database constraint), the paired community's ★★★★, members reporting to the
case's community, measures and their overdue flag, monthly progress, extensions and acceptance."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from alliances.volunteering.choices import MemberReportStatus
from communities.models import PartyOrganization
from communities.tests.factories import CommunityFactory, PartyOrganizationFactory, PersonFactory
from projects.assessment.choices import ReviewGrade
from projects.rectification import services
from projects.rectification.choices import DEFAULT_PROBLEM_KINDS, CaseSource, CaseStatus
from projects.rectification.models import CaseExtension, Measure, ProblemKind, RectificationCase
from projects.rectification.selectors import case_page, with_progress

from .factories import excellent_community, identify, make_place, member_report, poor_review, score_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def place():
    return make_place()


def refused(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    return error.value.message_dict if hasattr(error.value, "error_dict") else {"__all__": error.value.messages}


def test_the_problem_kinds_are_data_with_defaults():
    """The migration seeds the defaults; a database without any active kind gets them back, and a
    kind the admin adds is offered beside them."""
    ProblemKind.objects.all().delete()
    assert [kind.name for kind in services.problem_kinds_ensure()] == list(DEFAULT_PROBLEM_KINDS)
    ProblemKind.objects.create(name="党员发展不规范", position=99)
    assert [kind.name for kind in services.problem_kinds_ensure()][-1] == "党员发展不规范"
    assert ProblemKind.objects.count() == len(DEFAULT_PROBLEM_KINDS) + 1


def test_identified_from_a_low_score_of_its_own(place):
    low = score_of(place.organization, 2019, 55)
    case = identify(place, source=CaseSource.SCORE, score=low)
    assert (case.year, case.score, case.status, case.area_code) == (2019, low, CaseStatus.OPEN, place.community.code)
    other = make_place()
    good = score_of(other.organization, 2019, 85)
    errors = refused(identify, place=other, source=CaseSource.SCORE, score=good)
    assert errors["score"] == ["Only a confirmed score below 60 points identifies an organization."]
    errors = refused(identify, place=other, source=CaseSource.SCORE, score=low)
    assert errors["score"] == ["The score is another organization's."]


def test_identified_from_a_poor_review_only(place):
    errors = refused(identify, place=place, source=CaseSource.REVIEW,
                     review=poor_review(place.organization, grade=ReviewGrade.AVERAGE))  # fmt: skip
    assert errors["review"] == ["Only a report-and-review graded poor identifies an organization."]
    case = identify(place, source=CaseSource.REVIEW, review=poor_review(place.organization, 2019))
    assert case.review.result == ReviewGrade.POOR and case.year == 2019


def test_a_decision_needs_its_reason_and_problems_are_required(place):
    errors = refused(identify, place=place, reason="  ", problems=[])
    assert errors["reason"] == ["Give the district's reason for identifying the organization."]
    assert errors["problems"] == ["Choose at least one problem found."]
    assert not RectificationCase.objects.exists()


def test_one_open_case_per_organization_also_in_the_database(place):
    case = identify(place)
    errors = refused(identify, place=place)
    assert errors["organization"] == ["This organization already has an open rectification case."]
    with pytest.raises(IntegrityError), transaction.atomic():
        RectificationCase.objects.bulk_create(
            [RectificationCase(organization=case.organization, area_code=case.area_code, year=2020,
                               identified_on=date(2020, 5, 1), source=CaseSource.DECISION, reason="再次",
                               guarantor=case.guarantor, department=case.department,
                               paired_community=case.paired_community, deadline=date(2021, 1, 1))]
        )  # fmt: skip
    # Once accepted, the organization may be identified again.
    services.measure_add(case=case, title="配强班子", due_on=date(2020, 6, 1))
    services.measure_complete(measure=case.measures.get(), done_on=date(2020, 5, 20), note="新书记到任")
    services.case_accept(case=case, accepted_on=date(2020, 12, 1))
    assert identify(place, identified_on=date(2021, 3, 1), deadline=date(2021, 12, 31)).is_open


def test_the_paired_community_needs_four_stars_in_its_latest_score(place):
    three = excellent_community(place.street, stars=3)
    errors = refused(identify, place=place, paired_community=three)
    assert errors["paired_community"] == [
        f"{three.name}'s latest confirmed score (2020) has 3 stars: a paired community needs ★★★★ or more."
    ]
    unscored = CommunityFactory(street=place.street)
    assert (
        "has no confirmed stars yet" in refused(identify, place=place, paired_community=unscored)["paired_community"][0]
    )
    # The latest year counts: five stars in 2019, three in 2020 is refused.
    fallen = excellent_community(place.street, stars=5, year=2019)
    score_of(PartyOrganization.objects.get(area_code=fallen.code), 2020, 72)
    assert "has 3 stars" in refused(identify, place=place, paired_community=fallen)["paired_community"][0]
    own = refused(identify, place=place, paired_community=place.community)["paired_community"][0]
    assert own == "The paired community must be another community than the organization's own."
    assert identify(place, paired_community=excellent_community(place.street, stars=4)).is_open


def test_members_report_to_the_cases_community_only(place):
    own = member_report(place.community)
    elsewhere = member_report(CommunityFactory(street=place.street))
    errors = refused(identify, place=place, member_reports=[own, elsewhere])
    wrong = f"{elsewhere.member.person.name} reported to another community than the organization's."
    assert errors["member_reports"] == [wrong]
    ended = member_report(place.community, status=MemberReportStatus.ENDED, ended_on=date(2020, 4, 1))
    assert "has ended or was declined" in refused(identify, place=place, member_reports=[ended])["member_reports"][0]
    case = identify(place, member_reports=[own])
    assert list(case.member_reports.all()) == [own]


def test_helpers_belong_to_the_district(place):
    errors = refused(identify, place=place, guarantor=PersonFactory(area_code="220299"),
                     department=make_place().department)  # fmt: skip
    assert errors["guarantor"] == ["The guarantor is a standing-committee member of the organization's district."]
    assert errors["department"] == ["Choose an active department of the city or of the organization's district."]


def test_measures_overdue_are_derived(place):
    case = identify(place)
    today = timezone.localdate()
    late = services.measure_add(case=case, title="引进物业公司", due_on=today - timedelta(days=3))
    services.measure_add(case=case, title="居民议事会", due_on=today + timedelta(days=30))
    row = with_progress(RectificationCase.objects.filter(pk=case.pk)).get()
    assert (row.measures_done, row.measures_total, row.measures_overdue) == (0, 2, 1)
    assert [m.overdue for m in case_page(case)["measures"]] == [True, False]
    services.measure_complete(measure=late, done_on=today, note="物业进驻")
    row = with_progress(RectificationCase.objects.filter(pk=case.pk)).get()
    assert (row.measures_done, row.measures_overdue) == (1, 0)
    errors = refused(services.measure_complete, measure=late, done_on=today, note="")
    assert errors["measure"] == [f"This measure was done on {today}."] and errors["note"] == ["Say what was done."]
    assert "due_on" in refused(services.measure_add, case=case, title="早", due_on=date(2020, 1, 1))


def test_monthly_progress_once_a_month_with_the_measures_state(place):
    case = identify(place)
    services.measure_add(case=case, title="交叉任职", due_on=date(2020, 4, 30))
    progress = services.progress_report(case=case, month=date(2020, 4, 17), text="班子调整到位")
    assert (progress.month, progress.measures_total, progress.measures_overdue) == (date(2020, 4, 1), 1, 1)
    errors = refused(services.progress_report, case=case, month=date(2020, 4, 1), text="又一次")
    assert errors["month"] == ["The progress of this month has been reported already."]
    errors = refused(services.progress_report, case=case, month=date(2020, 2, 1), text="早")
    assert errors["month"] == ["The case was identified in 2020-03: report from that month on."]


def test_extensions_are_kept_and_move_the_deadline(place):
    case = identify(place)
    services.case_extend(case=case, new_deadline=date(2021, 3, 31), reason="物业招标延后")
    services.case_extend(case=case, new_deadline=date(2021, 6, 30), reason="疫情影响")
    case.refresh_from_db()
    assert case.deadline == date(2021, 6, 30)
    assert list(CaseExtension.objects.filter(case=case).values_list("previous_deadline", "new_deadline")) == [
        (date(2020, 12, 31), date(2021, 3, 31)), (date(2021, 3, 31), date(2021, 6, 30))]  # fmt: skip
    errors = refused(services.case_extend, case=case, new_deadline=date(2021, 1, 1), reason="")
    assert errors["new_deadline"] == ["The new deadline comes after the present one (2021-06-30)."]
    assert errors["reason"] == ["Say why the deadline is extended."]


def test_acceptance_closes_the_case_with_the_next_years_score(place):
    case = identify(place, source=CaseSource.SCORE, score=score_of(place.organization, 2019, 52),
                    identified_on=date(2019, 12, 25))  # fmt: skip
    errors = refused(services.case_accept, case=case, accepted_on=date(2020, 12, 1))
    assert errors["accepted_on"] == ["The case has no measures: add the measures taken before acceptance."]
    first = services.measure_add(case=case, title="配强班子", due_on=date(2020, 3, 1))
    services.measure_add(case=case, title="三会一课", due_on=date(2020, 6, 1))
    services.measure_complete(measure=first, done_on=date(2020, 2, 20), note="选派第一书记")
    errors = refused(services.case_accept, case=case, accepted_on=date(2020, 12, 1))
    assert errors["open_measures_reason"] == ["1 measures are still open: complete them, or say why they are left."]
    assert RectificationCase.objects.get(pk=case.pk).is_open
    rerating = score_of(place.organization, 2020, 81)
    accepted = services.case_accept(case=case, accepted_on=date(2020, 12, 1), note="晋位摘帽",
                                    open_measures_reason="三会一课并入支部制度，按制度执行")  # fmt: skip
    assert (accepted.status, accepted.rerating, accepted.accepted_on) == (
        CaseStatus.RECTIFIED, rerating, date(2020, 12, 1))  # fmt: skip
    assert accepted.open_measures_reason
    # A closed case takes no more steps.
    assert refused(services.measure_add, case=case, title="再加", due_on=date(2021, 1, 1))["__all__"] == [
        "The case has been accepted as rectified: it takes no more steps."
    ]
    assert Measure.objects.filter(case=case).count() == 2


def test_a_street_organization_may_be_identified_with_members_of_its_communities(place):
    street_org = PartyOrganizationFactory(area_code=place.street.code)
    report = member_report(CommunityFactory(street=place.street))
    case = identify(place, organization=street_org, member_reports=[report])
    assert case.area_code == place.street.code
    district_org = PartyOrganizationFactory(area_code=place.district)
    assert "organization" in refused(identify, place=place, organization=district_org)
