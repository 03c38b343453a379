"""Every list endpoint of the API and how to get data for it, for the walks over the whole schema
(the scope matrix, the schema's truth) and the fuzzer's data set.

``SCOPED`` maps each area-scoped endpoint (its router basename) to the generated test class of that
endpoint (``jilin_grid.testing.api.APITestCases``), whose ``build_area``, ``grant_code`` and
``make_object`` hooks build an area and an object inside it. ``CATALOGUES`` are the lists that
belong to no area (every signed-in caller reads the same rows), each with a factory of one row.

A new endpoint of the schema that is in neither makes the walks fail, naming it: add it here.

``DETAILS`` are details without a list (an import's job), each with a maker of one object in an area.

``build_data_set()`` makes the small data set of the schema test and the fuzzer from them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from types import SimpleNamespace

from alliances.cadres.tests import test_api as cadres_api
from alliances.campaigns.tests import test_api as campaigns_api
from alliances.desk.tests import test_api as desk_api
from alliances.loop.tests import test_api as loop_api
from alliances.property.tests import test_api as property_api
from alliances.stations.tests import test_api as stations_api
from alliances.volunteering.tests import test_api as volunteering_api
from communities.tests import test_api as communities_api
from grids.network.tests import test_api as network_api
from grids.problems.tests import test_api as problems_api
from projects.assessment.tests import test_api as assessment_api
from projects.assessment.tests import test_review_api as reviews_api
from projects.brands.tests import test_api as brands_api
from projects.filing.tests import test_api as filing_api
from projects.projects.tests import test_api as projects_api
from projects.rectification.tests import test_api as rectification_api
from projects.reports.tests import test_api as reports_api

SCOPED: dict[str, type] = {
    "city": communities_api.TestCityAPI,
    "district": communities_api.TestDistrictAPI,
    "street": communities_api.TestStreetAPI,
    "community": communities_api.TestCommunityAPI,
    "person": communities_api.TestPersonAPI,
    "party-organization": communities_api.TestPartyOrganizationAPI,
    "grid": network_api.TestGridAPI,
    "compound": network_api.TestResidentialCompoundAPI,
    "building": network_api.TestBuildingAPI,
    "unit": network_api.TestUnitAPI,
    "grid-worker": network_api.TestGridWorkerAPI,
    "chief": network_api.TestChiefAssignmentAPI,
    "problem": problems_api.TestResidentProblemAPI,
    "project": projects_api.TestProjectAPI,
    "progress-report": projects_api.TestProgressReportAPI,
    "project-event": projects_api.TestProjectEventAPI,
    "brand-application": brands_api.TestBrandApplicationAPI,
    "report": reports_api.TestReportAPI,
    "department": cadres_api.TestDepartmentAPI,
    "checkpoint": cadres_api.TestCheckpointAPI,
    "cadre-assignment": cadres_api.TestCadreAssignmentAPI,
    "duty-shift": cadres_api.TestDutyShiftAPI,
    "alliance": loop_api.TestAllianceAPI,
    "member-unit": loop_api.TestMemberUnitAPI,
    "venue": loop_api.TestVenueAPI,
    "activity": loop_api.TestActivityAPI,
    "alliance-problem": loop_api.TestAllianceProblemAPI,
    "meeting": loop_api.TestMeetingAPI,
    "decision": loop_api.TestDecisionAPI,
    "in-service-member": volunteering_api.TestInServiceMemberAPI,
    "member-report": volunteering_api.TestMemberReportAPI,
    "service-post": volunteering_api.TestServicePostAPI,
    "post-claim": volunteering_api.TestPostClaimAPI,
    "service-record": volunteering_api.TestServiceRecordAPI,
    "red-station": stations_api.TestRedStationAPI,
    "family-station": stations_api.TestFamilyStationAPI,
    "property-company": property_api.TestPropertyCompanyAPI,
    "compound-mode": property_api.TestCompoundModeAPI,
    "owners-committee": property_api.TestOwnersCommitteeAPI,
    "cross-appointment": property_api.TestCrossAppointmentAPI,
    "deliberation-meeting": property_api.TestDeliberationMeetingAPI,
    "resolution": property_api.TestResolutionAPI,
    "fee-collection": property_api.TestFeeCollectionAPI,
    "desk-matter": desk_api.TestMatterAPI,
    "desk-worker": desk_api.TestSocialWorkerAPI,
    "desk-case": desk_api.TestCaseAPI,
    "campaign": campaigns_api.TestCampaignAPI,
    "campaign-visit": campaigns_api.TestVisitAPI,
    "campaign-shift": campaigns_api.TestShiftAPI,
    "campaign-task": campaigns_api.TestSupportTaskAPI,
    "campaign-supply": campaigns_api.TestSupplyAPI,
    "campaign-donation": campaigns_api.TestDonationAPI,
    "assessment-score": assessment_api.TestScoreAPI,
    "secretary-filing": filing_api.TestSecretaryFilingAPI,
    "review-round": reviews_api.TestReviewRoundAPI,
    "secretary-report": reviews_api.TestSecretaryReportAPI,
    "rectification-case": rectification_api.TestCaseAPI,
}


def _problem_category():
    from grids.tests.factories import ProblemCategoryFactory

    return ProblemCategoryFactory()


def _service_kind():
    from alliances.volunteering.models import ServiceKind

    count = ServiceKind.objects.count()
    return ServiceKind.objects.create(name=f"服务类别{count}", position=count)


def _brand_round():
    from projects.tests.factories import SelectionRoundFactory

    return SelectionRoundFactory()


def _showcase_article():
    from projects.brands.models import ShowcaseArticle

    return ShowcaseArticle.objects.create(area_code="2202", title="择优晾晒", body="正文", published_on="2020-12-01")


def _problem_kind():
    from projects.rectification.models import ProblemKind

    count = ProblemKind.objects.count()
    return ProblemKind.objects.create(name=f"问题类别{count}", position=count)


def _assessment_standard():
    from projects.assessment.models import AssessmentStandard

    return AssessmentStandard.objects.create(year=2000 + AssessmentStandard.objects.count())


# The city's brand rounds and showcase column are read by everyone below the city: for the walks
# they are catalogues.
CATALOGUES: dict[str, Callable] = {
    "problem-category": _problem_category,
    "service-kind": _service_kind,
    "brand-round": _brand_round,
    "showcase-article": _showcase_article,
    "assessment-standard": _assessment_standard,
    "rectification-problem-kind": _problem_kind,
}


def _member_import_job(area):
    from alliances.tests.factories import MemberImportJobFactory

    return MemberImportJobFactory(area_code=area.community.code)


# Details without a list (their objects are made by a POST, e.g. an import's job): by the basename
# of the path before ``{id}``, a maker of one object in an area of ``build_area``.
def _campaign(area):
    from alliances.campaigns.tests.factories import open_campaign

    return open_campaign(area.community.street.code)


DETAILS: dict[str, Callable] = {
    "in-service-member-import": _member_import_job,
    # A campaign's figures, ``/api/stats/campaigns/{id}/``.
    "campaign-stats": _campaign,
}


def list_endpoints(schema: dict) -> dict[str, str]:
    """The list endpoints of the schema, by basename: ``{"grid": "/api/grids/"}`` (a path with a
    detail ``{id}`` beside it; the statistics, the import and the root have none)."""
    from django.urls import resolve

    paths = schema["paths"]
    endpoints = {}
    for path, operations in paths.items():
        if "get" not in operations or "{" in path or f"{path}{{id}}/" not in paths:
            continue
        name = resolve(path).url_name
        endpoints[re.sub(r"-list$", "", name)] = path
    return endpoints


@cache
def schema_document() -> dict:
    """The OpenAPI schema as the portal serves it."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


CITY_CODE = "2202"


def build_data_set(*, objects_in_a: int = 3, staff: str = "api-staff", reader: str = "api-reader") -> SimpleNamespace:
    """For every endpoint: an area A with ``objects_in_a`` objects and an area B with one; catalogue
    rows. Two accounts: ``staff``, community staff of every area A below the city (the areas B stay
    outside theirs), and ``reader``, the read-only API client of the whole city, like the demo's
    ``api``. Answers the accounts and the objects by endpoint (``in_a``, ``in_b``)."""
    from communities.models import AreaGrant
    from communities.tests.factories import UserFactory
    from jilin_grid.scope import API_READER, COMMUNITY_STAFF

    data = SimpleNamespace(
        staff=UserFactory(username=staff), reader=UserFactory(username=reader), in_a={}, in_b={}, codes={}
    )
    for basename, case_class in SCOPED.items():
        case = case_class()
        area_a, area_b = case.build_area("a"), case.build_area("b")
        data.in_a[basename] = [case.make_object(area_a) for _ in range(objects_in_a)]
        data.in_b[basename] = [case.make_object(area_b)]
        data.codes[basename] = (case.grant_code(area_a), case.grant_code(area_b))
    for basename, factory in CATALOGUES.items():
        data.in_a[basename] = [factory(), factory()]
    for basename, maker in DETAILS.items():
        case = SCOPED["community"]()
        area_a, area_b = case.build_area("a"), case.build_area("b")
        data.in_a[basename] = [maker(area_a) for _ in range(objects_in_a)]
        data.in_b[basename] = [maker(area_b)]
        data.codes[basename] = (case.grant_code(area_a), case.grant_code(area_b))
    for code in sorted({code for code, _b in data.codes.values() if len(code) > len(CITY_CODE)}):
        AreaGrant.objects.create(user=data.staff, area_code=code, role=COMMUNITY_STAFF)
    AreaGrant.objects.create(user=data.reader, area_code=CITY_CODE, role=API_READER)
    return data
