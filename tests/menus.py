"""The menu walk's city and helpers: a small city with a record of every domain and an account of
every demo role (``city``, ``fengman``, ``jiangnan``, ``nanshan``, ``gridworker``, ``api``,
``admin``; the factories' password), and the links a page offers as the user sees them in its HTML.
"""

from __future__ import annotations

import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from alliances.campaigns.tests.factories import open_campaign, visit
from alliances.desk.tests.factories import accept as desk_case_accept
from alliances.property.tests.factories import (
    CompoundModeFactory,
    FeeCollectionFactory,
    PropertyCompanyFactory,
    ResolutionFactory,
)
from alliances.stations.tests.factories import (
    EventFactory,
    FamilyActivityFactory,
    FamilyStationFactory,
    RedStationFactory,
)
from alliances.tests.factories import (
    AllianceFactory,
    CadreAssignmentFactory,
    CheckpointFactory,
    DepartmentFactory,
    MemberReportFactory,
    MemberUnitFactory,
    ServicePostFactory,
)
from communities.choices import PartyOrganizationKind
from communities.tests.factories import (
    CityFactory,
    CommunityFactory,
    DistrictFactory,
    PartyOrganizationFactory,
    PersonFactory,
    StreetFactory,
    UserFactory,
    user_with_grant,
)
from grids.tests.factories import (
    BuildingFactory,
    ChiefAssignmentFactory,
    CompoundFactory,
    GridFactory,
    GridWorkerFactory,
    ResidentProblemFactory,
    UnitFactory,
)
from jilin_grid.scope import Role
from projects.assessment.models import AssessmentStandard
from projects.assessment.tests.factories import confirmed_score, make_standard
from projects.filing.tests.factories import make_filing
from projects.rectification.models import CaseProgress, Measure, RectificationCase
from projects.rectification.services import problem_kinds_ensure
from projects.tests.factories import ProjectFactory

# The demo's accounts with a browser menu (``api`` has none: its portal pages answer 403).
MENU_ROLES = ("city", "fengman", "jiangnan", "nanshan", "gridworker", "admin")


def build_role_city() -> dict:
    """吉林市 → 丰满区 → 江南街道 → 南山社区 (two grids) and 田园社区, a record of each domain in
    南山社区 and its first grid, and the demo's accounts over them."""
    city = CityFactory(code="2202", name="吉林市")
    district = DistrictFactory(city=city, code="220211", name="丰满区")
    street = StreetFactory(district=district, code="220211001", name="江南街道")
    nanshan = CommunityFactory(street=street, code="220211001001", name="南山社区")
    CommunityFactory(street=street, code="220211001002", name="田园社区")
    grid = GridFactory(community=nanshan, code="220211001001001", name="南山第一网格")
    GridFactory(community=nanshan, code="220211001001002", name="南山第二网格")
    building = BuildingFactory(grid=grid, name="3号楼")
    unit = UnitFactory(building=building, number=1)
    GridWorkerFactory(grid=grid)
    ChiefAssignmentFactory(grid=grid)
    ResidentProblemFactory(grid=grid)
    committee = PartyOrganizationFactory(
        area_code=nanshan.code,
        kind=PartyOrganizationKind.COMMITTEE,
        name="南山社区党委",
        secretary=PersonFactory(area_code=nanshan.code, name="刘晓燕"),
    )
    grid_branch = PartyOrganizationFactory(
        area_code=grid.code, kind=PartyOrganizationKind.GRID_BRANCH, name="南山第一网格党支部"
    )
    ProjectFactory(organization=committee)
    standard = make_standard(2020)
    confirmed_score(committee, standard, 92)
    low = confirmed_score(grid_branch, standard, 58)
    make_filing(committee)
    alliance = AllianceFactory(lead_organization=committee, name="南山社区党建联盟")
    MemberUnitFactory(alliance=alliance)
    MemberReportFactory(community=nanshan, member__person__area_code=nanshan.code)
    ServicePostFactory(community=nanshan)
    department = DepartmentFactory(area_code=district.code, name="丰满区民政局")
    checkpoint = CheckpointFactory(community=nanshan, name="南山东门卡点")
    CadreAssignmentFactory(
        department=department, community=nanshan, checkpoint=checkpoint, start_on=datetime.date.today()
    )
    add_rectification_case(low, department, paired=nanshan)
    EventFactory(station=RedStationFactory(community=nanshan, name="南山红色驿站"))
    FamilyActivityFactory(station=FamilyStationFactory(community=nanshan))
    add_red_heart_property(nanshan)
    desk_case_accept(nanshan, grid=grid)
    visit(open_campaign(street.code, title="江南街道疫情防控"), unit, door=1)
    users = {
        "city": user_with_grant(city.code, Role.CITY_ORG_DEPT, username="city"),
        "fengman": user_with_grant(district.code, Role.DISTRICT_ORG_DEPT, username="fengman"),
        "jiangnan": user_with_grant(street.code, Role.STREET_STAFF, username="jiangnan"),
        "nanshan": user_with_grant(nanshan.code, Role.COMMUNITY_STAFF, username="nanshan"),
        "gridworker": user_with_grant(grid.code, Role.GRID_WORKER, username="gridworker"),
        "api": user_with_grant(city.code, Role.API_READER, username="api"),
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True),
    }
    return {"grid": grid, "community": nanshan, "street": street, "district": district, "users": users}


def grow_role_city(city: dict, copies: int) -> None:
    """``copies`` more communities in the city's street, each with two grids and a record of every
    domain, as ``build_role_city`` gives 南山社区: the data a page must not grow with."""
    street, district = city["street"], city["district"]
    for number in range(3, 3 + copies):
        community = CommunityFactory(street=street, code=f"{street.code}{number:03d}", name=f"第{number}社区")
        grids = [
            GridFactory(community=community, code=f"{community.code}{n:03d}", name=f"第{number}社区第{n}网格")
            for n in (1, 2)
        ]
        for grid in grids:
            building = BuildingFactory(grid=grid, name="1号楼")
            UnitFactory(building=building, number=1)
            GridWorkerFactory(grid=grid)
            ChiefAssignmentFactory(grid=grid)
            ResidentProblemFactory(grid=grid)
            branch = PartyOrganizationFactory(area_code=grid.code, kind=PartyOrganizationKind.GRID_BRANCH)
            confirmed_score(branch, AssessmentStandard.objects.get(year=2020), 60 + 10 * (number % 4))
        committee = PartyOrganizationFactory(
            area_code=community.code,
            kind=PartyOrganizationKind.COMMITTEE,
            secretary=PersonFactory(area_code=community.code),
        )
        score = confirmed_score(committee, AssessmentStandard.objects.get(year=2020), 85)
        make_filing(committee)
        ProjectFactory(organization=committee)
        alliance = AllianceFactory(lead_organization=committee)
        MemberUnitFactory(alliance=alliance)
        MemberReportFactory(community=community, member__person__area_code=community.code)
        ServicePostFactory(community=community)
        department = DepartmentFactory(area_code=district.code)
        checkpoint = CheckpointFactory(community=community)
        CadreAssignmentFactory(
            department=department, community=community, checkpoint=checkpoint, start_on=datetime.date.today()
        )
        EventFactory(station=RedStationFactory(community=community))
        FamilyActivityFactory(station=FamilyStationFactory(community=community))
        add_red_heart_property(community)
        desk_case_accept(community, grid=grids[0])
        add_rectification_case(score, department, paired=city["community"])


def add_rectification_case(score, department, *, paired) -> None:
    """An open rectification case of the score's organization with a measure and a month's progress,
    made with the model constructors (the rules are the service's tests)."""
    organization = score.organization
    case = RectificationCase.objects.create(
        organization=organization, year=score.year, identified_on=datetime.date(2020, 3, 1), source="score",
        score=score, guarantor=PersonFactory(area_code=organization.area_code[:6]), department=department,
        paired_community=paired, deadline=datetime.date(2020, 12, 31),
    )  # fmt: skip
    case.problems.set(problem_kinds_ensure()[:2])
    Measure.objects.create(case=case, title="配强班子", due_on=datetime.date(2020, 6, 30))
    CaseProgress.objects.create(case=case, month=datetime.date(2020, 4, 1), text="班子调整", measures_total=1)


def add_red_heart_property(community) -> None:
    """A compound of the community under three-party linkage, a month of its fees and a meeting's resolution."""
    compound = CompoundFactory(community=community)
    CompoundModeFactory(compound=compound, company=PropertyCompanyFactory(community=community))
    FeeCollectionFactory(compound=compound)
    ResolutionFactory(meeting__community=community)


class _Links(HTMLParser):
    """The ``href`` of every ``<a>`` inside the element whose ``data-testid`` is ``testid`` (or
    inside ``<main>`` when ``testid`` is None)."""

    def __init__(self, testid: str | None):
        super().__init__()
        self.testid, self.depth, self.links = testid, 0, []

    def inside(self, tag: str, attrs: dict) -> bool:
        if self.testid is None:
            return tag == "main"
        return attrs.get("data-testid") == self.testid

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            if tag not in {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}:
                self.depth += 1
            if tag == "a" and attrs.get("href") and not attrs["href"].startswith("#"):
                self.links.append(attrs["href"])
        elif self.inside(tag, attrs):
            self.depth = 1

    def handle_startendtag(self, tag, attrs):
        # ``<input ... />`` opens and closes nothing.
        pass

    def handle_endtag(self, tag):
        if self.depth and tag not in {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}:
            self.depth -= 1


def links_in(html: str, testid: str | None = None) -> list[str]:
    parser = _Links(testid)
    parser.feed(html)
    return parser.links


def menu_links(html: str) -> list[str]:
    """The pages the menu of a rendered page offers, in their order."""
    return links_in(html, "portal-menu")


def add_links(html: str) -> list[str]:
    """The links of a page's content that open a form adding a record ("Add", "New", "Claim"…):
    those whose view is a create view of the shared layer, or a page named ``*_create``."""
    from jilin_grid.views import ScopedCreateView

    found = []
    for href in links_in(html):
        path = urlsplit(href).path
        try:
            match = resolve(path)
        except Resolver404:
            continue
        view_class = getattr(match.func, "view_class", None)
        creates = (view_class is not None and issubclass(view_class, ScopedCreateView)) or (
            match.url_name or ""
        ).endswith("_create")
        if creates and href not in found:
            found.append(href)
    return found
