"""The annual report-and-review (述职评议): the majority rule at its edges, the ranking, who the
rounds cover, and every refusal of its services (nothing half-written)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils.translation import gettext

from communities.tests.factories import CommunityFactory, StreetFactory, user_with_grant
from grids.tests.factories import GridFactory
from jilin_grid import scope as roles
from projects.assessment import services
from projects.assessment.models import ReviewRound, ReviewVote, SecretaryReport
from projects.assessment.selectors import reporting_organizations
from projects.assessment.services import rank_reports, review_result

from .factories import graded_report, open_round, reporting_organization, submitted_report

G, F, A, P = "good", "fairly_good", "average", "poor"


@pytest.mark.parametrize(
    ("grades", "result"),
    [
        ([G], G),  # a single reviewer decides
        ([P], P),
        ([G, G, G, G, G], G),  # unanimous
        ([A, A, A], A),
        ([G, G, F], G),  # the majority
        ([G, F, F, P, P, G, F], F),  # the most given, not a majority of all
        ([G, F], F),  # a tie goes to the lower grade
        ([G, G, P, P], P),
        ([G, G, F, F, A], F),
        ([], None),
    ],
)
def test_the_grade_of_most_reviewers_a_tie_to_the_lower(grades, result):
    assert review_result(grades) == result


def test_the_median_rule_when_set():
    with override_settings(ASSESSMENT_REVIEW_RULE="median"):
        assert review_result([G, G, P]) == G
        assert review_result([G, F, A, P]) == A  # the lower of the two middle grades
        assert review_result([P]) == P


def test_ranked_by_grade_then_by_the_share_of_good():
    rows = [(1, F, Decimal("0.4")), (2, G, Decimal("0.6")), (3, G, Decimal("1")), (4, F, Decimal("0.4")),
            (5, P, Decimal("0")), (6, F, Decimal("0.2"))]  # fmt: skip
    assert rank_reports(rows) == {3: 1, 2: 2, 1: 3, 4: 3, 6: 5, 5: 6}


@pytest.fixture
def district(db):
    community = CommunityFactory()
    street = community.street
    return {
        "code": street.district.code,
        "street": street,
        "community": community,
        "community_org": reporting_organization(community.code),
        "street_org": reporting_organization(street.code, kind="committee"),
        "district_org": reporting_organization(street.district.code, kind="committee"),
    }


def test_a_district_round_covers_its_streets_and_communities_and_the_city_the_districts(district):
    grid = GridFactory(community=district["community"])
    reporting_organization(grid.code, kind="grid_branch")
    reporting_organization(district["community"].code, host_unit_kind="enterprise", host_unit_name="某公司")
    covered = set(reporting_organizations(district["code"]))
    assert covered == {district["community_org"], district["street_org"]}
    assert set(reporting_organizations("2202").filter(area_code=district["code"])) == {district["district_org"]}


def test_opening_a_round(district):
    code = district["code"]
    review_round = open_round(code, 2019, reviewers=2)
    assert (review_round.status, review_round.reviewers.count()) == ("open", 2)
    with pytest.raises(ValidationError) as twice:
        open_round(code, 2019)
    assert "year" in twice.value.message_dict
    with pytest.raises(ValidationError) as none:
        services.review_round_open(area_code=code, year=2020, reviewers=[])
    assert "reviewers" in none.value.message_dict
    # A reviewer is granted the round's area or one above it: not a street's staff, not another district's.
    street_staff = user_with_grant(district["street"].code, roles.STREET_STAFF, first_name="钱多")
    with pytest.raises(ValidationError) as below:
        services.review_round_open(area_code=code, year=2020, reviewers=[street_staff])
    assert "钱多" in below.value.message_dict["reviewers"][0]
    with pytest.raises(ValidationError) as level:
        services.review_round_open(area_code=district["street"].code, year=2020, reviewers=[street_staff])
    assert "area_code" in level.value.message_dict
    assert ReviewRound.objects.count() == 1


def test_writing_and_submitting_a_report(district):
    review_round = open_round(district["code"])
    organization = district["community_org"]
    with pytest.raises(ValidationError) as empty:
        services.secretary_report_write(review_round=review_round, organization=organization, sections=[("", "")])
    assert "sections" in empty.value.message_dict
    with pytest.raises(ValidationError) as half:
        services.secretary_report_write(
            review_round=review_round, organization=organization, sections=[("一、成绩", "正文"), ("二、问题", "")]
        )
    assert list(half.value.message_dict) == ["body_2"]
    assert not SecretaryReport.objects.exists()
    report = services.secretary_report_write(
        review_round=review_round, organization=organization,
        sections=[("一、成绩", "甲"), ("", ""), ("二、问题", "乙"), ("三、打算", "丙")],
    )  # fmt: skip
    assert [(s.number, s.heading) for s in report.sections.order_by("number")] == [
        (1, "一、成绩"), (2, "二、问题"), (3, "三、打算")
    ]  # fmt: skip
    assert report.secretary == organization.secretary and report.year == 2020
    services.secretary_report_submit(report=report)
    with pytest.raises(ValidationError, match=gettext("The report has already been submitted.")):
        services.secretary_report_submit(report=report)
    with pytest.raises(ValidationError):
        services.secretary_report_write(review_round=review_round, organization=organization, sections=[("一", "改")])
    assert report.sections.get(number=1).body == "甲"
    # A grid branch, or an organization of another district, does not report in this round.
    outsider = reporting_organization(CommunityFactory().code)
    with pytest.raises(ValidationError) as other:
        services.secretary_report_write(review_round=review_round, organization=outsider, sections=[("一", "甲")])
    assert "organization" in other.value.message_dict


def test_grading_refusals(district):
    review_round = open_round(district["code"], reviewers=2)
    first, second = review_round.reviewer_list
    draft = services.secretary_report_write(
        review_round=review_round, organization=district["street_org"], sections=[("一", "甲")]
    )
    with pytest.raises(ValidationError, match=gettext("The report has not been submitted yet.")):
        services.review_vote_cast(report=draft, reviewer=first, grade=G)
    report = submitted_report(review_round, district["community_org"])
    outsider = user_with_grant(district["code"], roles.DISTRICT_ORG_DEPT)
    with pytest.raises(ValidationError, match=gettext("Only the reviewers appointed to this round grade its reports.")):
        services.review_vote_cast(report=report, reviewer=outsider, grade=G)
    services.review_vote_cast(report=report, reviewer=first, grade=G, comment="扎实")
    with pytest.raises(ValidationError) as twice:
        services.review_vote_cast(report=report, reviewer=first, grade=P)
    assert "grade" in twice.value.message_dict
    with pytest.raises(ValidationError):
        services.review_vote_change(report=report, reviewer=second, grade=P)
    services.review_vote_change(report=report, reviewer=first, grade=F, comment="尚可")
    vote = ReviewVote.objects.get()
    assert (vote.grade, vote.comment) == (F, "尚可")


def test_publishing(district):
    review_round = open_round(district["code"], reviewers=3)
    good = graded_report(review_round, district["community_org"], [G, G, F])
    services.secretary_report_write(review_round=review_round, organization=district["street_org"],
                                    sections=[("一", "甲")])  # fmt: skip
    other_street = StreetFactory(district=district["street"].district)
    ungraded = submitted_report(review_round, reporting_organization(other_street.code))
    with pytest.raises(ValidationError, match="1"):
        services.review_round_publish(review_round=review_round)
    for reviewer, grade in zip(review_round.reviewer_list, [P, P, G], strict=True):
        services.review_vote_cast(report=ungraded, reviewer=reviewer, grade=grade)
    services.review_round_publish(review_round=review_round)
    good.refresh_from_db()
    ungraded.refresh_from_db()
    draft = SecretaryReport.objects.get(organization=district["street_org"])
    assert (good.result, good.rank, good.good_share) == (G, 1, Decimal("0.667"))
    assert (ungraded.result, ungraded.rank) == (P, 2)
    assert (draft.status, draft.result, draft.rank) == ("draft", "", None)
    review_round.refresh_from_db()
    assert review_round.status == "published" and review_round.published_at
    # Nothing moves once published.
    with pytest.raises(ValidationError, match=gettext("The results of this round are already published.")):
        services.review_round_publish(review_round=review_round)
    with pytest.raises(ValidationError):
        services.review_vote_change(report=good, reviewer=review_round.reviewer_list[0], grade=P)
    with pytest.raises(ValidationError):
        services.secretary_report_write(review_round=review_round, organization=district["street_org"],
                                        sections=[("一", "乙")])  # fmt: skip
    with pytest.raises(ValidationError):
        services.secretary_report_submit(report=draft)
    good.refresh_from_db()
    assert good.result == G


def test_an_unknown_rule_is_a_system_error():
    from projects.assessment.checks import review_rule_check

    assert review_rule_check() == []
    with override_settings(ASSESSMENT_REVIEW_RULE="average"):
        assert [error.id for error in review_rule_check()] == ["projects.E001"]
