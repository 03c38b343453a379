"""The demo city: Jilin City (吉林市, 2202) at the scale the source document gives.

Every figure of the organization network is reproduced exactly at scale 1: 287 communities,
2,766 grids, 1,560 grid party organizations, 4,300 grid workers, and 永吉县's 80 grids with 54
compounds and 925 buildings. ``scale`` multiplies every count. The data is deterministic: the
same scale gives the same rows, names and numbers on every run.

Everyone in it is fictitious. Names are drawn from lists of common surnames and given names;
phone numbers are taken in order from one reserved-looking series, 199 0000 0000 upwards.

The builder works in two steps. ``plan_demo_city`` decides every count (districts, streets,
communities, grids and what each grid holds) without touching the database, so the figures can
be checked cheaply. ``build_demo_city`` turns the plan into rows in bulk (``jilin_grid.bulk``), one street
at a time, inside one transaction, then creates the demo accounts. Later apps add their own demo
content after it (see ``DemoCity``, returned in the summary under ``"city"``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TextIO

from django.conf import settings
from django.db import transaction

from communities.choices import HostUnitKind, PartyOrganizationKind, StreetKind
from communities.demo import People
from communities.models import City, Community, District, PartyOrganization, Person, Street
from jilin_grid.areas import area_has_children
from jilin_grid.demo import ALLEYS, COMPOUND_WORDS, ROADS, DemoRun, bulk, cn_number, split

from .choices import ChiefKind, Employment
from .demo_data import (
    COMMUNITY_VARIANTS,
    COMMUNITY_WORDS,
    COMPOUND_SUFFIXES,
    DISTRICTS,
    HOST_UNITS,
    NAMED_COMMUNITIES,
    DistrictSpec,
)
from .models import Building, ChiefAssignment, Grid, GridWorker, ResidentialCompound, Unit

SEED = 2202
CITY_NAME = "吉林市"
BATCH_SIZE = 1000

# The figures of the source document (scale 1).
FIGURES = {
    "communities": 287,
    "grids": 2766,
    "grid_party_organizations": 1560,
    "grid_workers": 4300,
}
FULL_TIME_SHARE = 0.4
GRID_BRANCH_SHARE = 0.7


# -- The plan: every count, decided without the database -------------------------------------------


@dataclass
class GridPlan:
    code: str
    name: str
    buildings: int
    workers: int = 0
    full_time: int = 0
    organization_kind: str | None = None


@dataclass
class CommunityPlan:
    code: str
    name: str
    compounds: int
    grids: list[GridPlan] = field(default_factory=list)


@dataclass
class StreetPlan:
    code: str
    name: str
    kind: str
    communities: list[CommunityPlan] = field(default_factory=list)


@dataclass
class DistrictPlan:
    spec: DistrictSpec
    streets: list[StreetPlan] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass
class CityPlan:
    scale: int
    districts: list[DistrictPlan]

    def communities(self) -> list[CommunityPlan]:
        return [c for d in self.districts for s in d.streets for c in s.communities]

    def grids(self) -> list[GridPlan]:
        return [g for c in self.communities() for g in c.grids]

    def counts(self) -> dict[str, int]:
        """The planned figures (what the database will hold once built)."""
        grids = self.grids()
        return {
            "districts": len(self.districts),
            "streets": sum(len(d.streets) for d in self.districts),
            "communities": len(self.communities()),
            "grids": len(grids),
            "grid_party_organizations": sum(1 for g in grids if g.organization_kind),
            "grid_workers": sum(g.workers for g in grids),
            "grid_workers_full_time": sum(g.full_time for g in grids),
            "compounds": sum(c.compounds for c in self.communities()),
            "buildings": sum(g.buildings for g in grids),
        }

    def district_counts(self, code: str) -> dict[str, int]:
        district = next(d for d in self.districts if d.code == code)
        communities = [c for s in district.streets for c in s.communities]
        return {
            "communities": len(communities),
            "grids": sum(len(c.grids) for c in communities),
            "compounds": sum(c.compounds for c in communities),
            "buildings": sum(g.buildings for c in communities for g in c.grids),
        }


def _community_names(rng: random.Random, count: int) -> list[str]:
    reserved = {name for _district, _street, name in NAMED_COMMUNITIES}
    words = list(dict.fromkeys(COMMUNITY_WORDS + tuple(road for road in ROADS if road[-1] in "路街")))
    rng.shuffle(words)
    names: list[str] = []
    for variant in COMMUNITY_VARIANTS:
        for word in words:
            name = f"{word}{variant}社区"
            if name not in reserved and not (variant and word.endswith(variant)):
                names.append(name)
            if len(names) == count:
                rng.shuffle(names)
                return names
    suffix = 1
    while len(names) < count:
        names.extend(f"{word}第{cn_number(suffix)}社区" for word in words[: count - len(names)])
        suffix += 1
    rng.shuffle(names)
    return names


def plan_demo_city(scale: int = 1) -> CityPlan:
    """Every count of the demo city at ``scale``, decided deterministically."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    rng = random.Random(SEED * 1000 + scale)
    total_communities = sum(d.communities for d in DISTRICTS) * scale
    names = iter(_community_names(rng, total_communities))
    named = {(d, s): [n for dd, ss, n in NAMED_COMMUNITIES if (dd, ss) == (d, s)] for d, s, _n in NAMED_COMMUNITIES}

    districts: list[DistrictPlan] = []
    for spec in DISTRICTS:
        district = DistrictPlan(spec=spec)
        street_names = [(name, StreetKind.STREET) for name in spec.streets] + [
            (name, StreetKind.TOWN) for name in spec.towns
        ]
        # The seat of a county takes most of its communities; streets outweigh towns.
        weights = [
            (3.0 if kind == StreetKind.STREET else (4.0 if not spec.streets and i == 0 else 0.6))
            for i, (_name, kind) in enumerate(street_names)
        ]
        rest = spec.communities * scale - len(street_names)
        extra = _weighted_split(rest, weights, rng)
        for (name, kind), count, index in zip(street_names, extra, range(len(street_names)), strict=True):
            number = index + 1 if kind == StreetKind.STREET else 100 + index + 1 - len(spec.streets)
            street = StreetPlan(code=f"{spec.code}{number:03d}", name=name, kind=kind)
            wanted = named.get((spec.code, name), [])
            count = max(count + 1, len(wanted))
            for position in range(count):
                community_name = wanted[position] if position < len(wanted) else next(names)
                street.communities.append(
                    CommunityPlan(code=f"{street.code}{position + 1:03d}", name=community_name, compounds=0)
                )
            district.streets.append(street)
        _balance_communities(district, spec.communities * scale)
        communities = [c for s in district.streets for c in s.communities]
        grid_counts = split(spec.grids * scale, len(communities), rng, minimum=2, spread=0.6)
        compound_counts = split(spec.compounds * scale, len(communities), rng, minimum=1, spread=0.6)
        building_counts = iter(split(spec.buildings * scale, spec.grids * scale, rng, minimum=3, spread=0.45))
        for community, grids, compounds in zip(communities, grid_counts, compound_counts, strict=True):
            community.compounds = compounds
            for k in range(1, grids + 1):
                community.grids.append(
                    GridPlan(
                        code=f"{community.code}{k:03d}",
                        name=f"{community.name}第{cn_number(k)}网格",
                        buildings=next(building_counts),
                    )
                )
            if sum(g.buildings for g in community.grids) < community.compounds:
                raise ValueError(f"{community.name}: more compounds than buildings")
        districts.append(district)

    plan = CityPlan(scale=scale, districts=districts)
    grids = plan.grids()
    # Grid workers: at least one per grid, the rest where grids are larger; 40% full-time.
    workers = split(FIGURES["grid_workers"] * scale, len(grids), rng, minimum=1, spread=0.7)
    positions = [(i, j) for i, n in enumerate(workers) for j in range(n)]
    full_time = set(rng.sample(range(len(positions)), round(len(positions) * FULL_TIME_SHARE)))
    for grid, n in zip(grids, workers, strict=True):
        grid.workers = n
    for index in full_time:
        grids[positions[index][0]].full_time += 1
    # Grid party organizations: a branch where there are enough members, otherwise a party group.
    organized = rng.sample(range(len(grids)), FIGURES["grid_party_organizations"] * scale)
    for index in organized:
        grids[index].organization_kind = (
            PartyOrganizationKind.GRID_BRANCH if rng.random() < GRID_BRANCH_SHARE else PartyOrganizationKind.PARTY_GROUP
        )
    return plan


def _weighted_split(total: int, weights: list[float], rng: random.Random) -> list[int]:
    jittered = [w * rng.uniform(0.7, 1.3) for w in weights]
    weight_sum = sum(jittered)
    shares = [total * w / weight_sum for w in jittered]
    pieces = [int(s) for s in shares]
    for i in sorted(range(len(weights)), key=lambda i: shares[i] - pieces[i], reverse=True)[: total - sum(pieces)]:
        pieces[i] += 1
    return pieces


def _balance_communities(district: DistrictPlan, wanted: int) -> None:
    """Named communities may have added one or two: take them back from the largest street."""
    while sum(len(s.communities) for s in district.streets) > wanted:
        largest = max(district.streets, key=lambda s: len(s.communities))
        largest.communities.pop()


# -- Building the rows ---------------------------------------------------------------------------------


@dataclass
class DemoCity:
    """What the builder made, for later apps that add their own demo content."""

    city: City
    plan: CityPlan
    rng: random.Random


def _floors(rng: random.Random) -> int:
    draw = rng.random()
    if draw < 0.6:
        return rng.randint(5, 7)
    if draw < 0.85:
        return rng.randint(8, 18)
    return rng.randint(19, 33)


class _StreetBuilder:
    """The rows of one street: its organizations, communities, grids and everything in them."""

    def __init__(
        self,
        plan: StreetPlan,
        district_spec: DistrictSpec,
        district: District,
        district_org: PartyOrganization,
        rng: random.Random,
        people: People,
    ):
        self.plan = plan
        self.spec = district_spec
        self.district = district
        self.district_org = district_org
        self.rng = rng
        self.people = people
        self.persons: list[Person] = []
        self.organizations: list[list[PartyOrganization]] = [[], [], []]  # street, community, unit and grid
        self.communities: list[Community] = []
        self.grids: list[Grid] = []
        self.compounds: list[ResidentialCompound] = []
        self.buildings: list[Building] = []
        self.units: list[Unit] = []
        self.chiefs: list[ChiefAssignment] = []
        self.workers: list[GridWorker] = []

    def person(self, area_code: str, **kwargs) -> Person:
        person = self.people.new(area_code, **kwargs)
        self.persons.append(person)
        return person

    def organization(self, level: int, **fields) -> PartyOrganization:
        organization = PartyOrganization(**fields)
        self.organizations[level].append(organization)
        return organization

    def build(self) -> dict[str, int]:
        rng = self.rng
        plan = self.plan
        street = Street(district=self.district, code=plan.code, name=plan.name, kind=plan.kind)
        street.save()
        is_town = plan.kind != StreetKind.STREET
        street_org = self.organization(
            0,
            name=f"中共{plan.name}委员会" if is_town else f"中共{self.spec.name}{plan.name}工作委员会",
            kind=PartyOrganizationKind.COMMITTEE,
            parent=self.district_org,
            area_code=plan.code,
            secretary=self.person(plan.code, party_share=1.0),
            member_count=rng.randint(25, 70),
            founded_on=None,
        )
        for community_plan in plan.communities:
            self.community(street, street_org, community_plan)

        bulk(Person, self.persons)
        for level in self.organizations:
            bulk(PartyOrganization, level)
        bulk(Community, self.communities)
        bulk(Grid, self.grids)
        bulk(ResidentialCompound, self.compounds)
        bulk(Building, self.buildings)
        bulk(Unit, self.units)
        bulk(ChiefAssignment, self.chiefs)
        bulk(GridWorker, self.workers)
        return {
            "people": len(self.persons),
            "party_organizations": sum(len(level) for level in self.organizations),
            "units": len(self.units),
            "chiefs": len(self.chiefs),
        }

    def community(self, street: Street, street_org: PartyOrganization, plan: CommunityPlan) -> None:
        rng = self.rng
        community = Community(
            street=street,
            code=plan.code,
            name=plan.name,
            address=f"{street.name}{rng.choice(ROADS)}{rng.randint(1, 300)}号",
        )
        self.communities.append(community)
        community_org = self.organization(
            1,
            name="",  # named below, once its size decides its kind
            kind=PartyOrganizationKind.BRANCH,
            parent=street_org,
            area_code=plan.code,
            secretary=self.person(plan.code, party_share=1.0, female_share=0.6),
            member_count=rng.randint(15, 60),
        )
        members = community_org.member_count

        # Compounds, named uniquely inside the community.
        compound_names: list[str] = []
        while len(compound_names) < plan.compounds:
            name = rng.choice(COMPOUND_WORDS) + rng.choice(COMPOUND_SUFFIXES)
            if name not in compound_names:
                compound_names.append(name)
        compounds = [
            ResidentialCompound(
                community=community,
                name=name,
                address=f"{rng.choice(ROADS)}{rng.randint(1, 999)}号",
            )
            for name in compound_names
        ]
        self.compounds.extend(compounds)

        # Which compound each building of the community falls in: contiguous blocks, so a compound
        # spans neighbouring grids; a few buildings stand outside any compound.
        total_buildings = sum(g.buildings for g in plan.grids)
        scattered: set[int] = set()
        if self.spec.scattered_buildings:
            room = total_buildings - plan.compounds
            scattered = set(rng.sample(range(total_buildings), min(room, int(total_buildings * rng.uniform(0, 0.12)))))
        block_sizes = split(total_buildings - len(scattered), plan.compounds, rng, minimum=1, spread=0.6)
        owners: list[ResidentialCompound | None] = []
        blocks = iter(zip(compounds, block_sizes, strict=True))
        current, left = None, 0
        for position in range(total_buildings):
            if position in scattered:
                owners.append(None)
                continue
            if left == 0:
                current, left = next(blocks)
            owners.append(current)
            left -= 1
        owner_iter = iter(owners)
        numbers: dict[str, int] = {}

        for grid_plan in plan.grids:
            members += self.grid(community, community_org, grid_plan, owner_iter, numbers)

        # Unit-hosted organizations: property companies, enterprises, agencies, social organizations.
        hosted = rng.choices((0, 1, 1, 2, 3), k=1)[0]
        if plan.name == "南山社区":
            hosted = max(hosted, 1)
        used: set[str] = set()
        for index in range(hosted):
            if plan.name == "南山社区" and index == 0:
                kind, pattern = HostUnitKind.PROPERTY_COMPANY, "{word}物业服务有限公司"
                word = "南山"
            else:
                kind, pattern, _w = rng.choices(HOST_UNITS, weights=[w for *_x, w in HOST_UNITS])[0]
                word = rng.choice(COMPOUND_WORDS)
            unit_name = pattern.format(word=word, community=plan.name)
            if unit_name in used:
                continue
            used.add(unit_name)
            on_street = kind in (HostUnitKind.AGENCY, HostUnitKind.ENTERPRISE, HostUnitKind.INSTITUTION)
            # 南山社区's property company is cross-appointed (交叉任职): the community secretary leads both.
            secretary = (
                community_org.secretary
                if plan.name == "南山社区" and index == 0
                else self.person(plan.code, party_share=1.0)
            )
            self.organization(
                2,
                name=f"{unit_name}党支部",
                kind=PartyOrganizationKind.BRANCH,
                parent=street_org if on_street else community_org,
                area_code=plan.code,
                host_unit_kind=kind,
                host_unit_name=unit_name,
                secretary=secretary,
                member_count=rng.randint(3, 30),
            )

        if members >= 100:
            community_org.kind, suffix = PartyOrganizationKind.COMMITTEE, "委员会"
        elif members >= 50:
            community_org.kind, suffix = PartyOrganizationKind.GENERAL_BRANCH, "总支部委员会"
        else:
            community_org.kind, suffix = PartyOrganizationKind.BRANCH, "支部委员会"
        community_org.name = f"中共{plan.name}{suffix}"

    def grid(self, community: Community, community_org: PartyOrganization, plan: GridPlan, owners, numbers) -> int:
        """The grid's rows; answers the members of its party organization."""
        rng = self.rng
        code = plan.code
        road, other_road = rng.sample(ROADS, 2)
        grid = Grid(community=community, code=code, name=plan.name, boundary=f"东至{road}，西至{other_road}")
        self.grids.append(grid)

        households = 0
        for _index in range(plan.buildings):
            compound = next(owners)
            key = compound.name if compound is not None else code
            numbers[key] = numbers.get(key, 0) + 1
            name = f"{numbers[key]}号楼" if compound is not None else f"{road}{numbers[key] * 2 - 1}号楼"
            building = Building(grid=grid, compound=compound, name=name, floors=_floors(rng))
            self.buildings.append(building)
            self.chiefs.append(
                ChiefAssignment(
                    grid=grid,
                    kind=ChiefKind.BUILDING,
                    building=building,
                    person=self.person(code, party_share=0.45),
                )
            )
            for number in range(1, rng.randint(2, 4) + 1):
                unit = Unit(building=building, number=number, households=building.floors * 2)
                households += unit.households
                self.units.append(unit)
                if rng.random() < 0.8:
                    self.chiefs.append(
                        ChiefAssignment(
                            grid=grid,
                            kind=ChiefKind.UNIT,
                            unit=unit,
                            person=self.person(code, party_share=0.3),
                        )
                    )
        grid.households = households

        grid_chief = self.person(code, party_share=0.9)
        self.chiefs.append(ChiefAssignment(grid=grid, kind=ChiefKind.GRID, person=grid_chief))
        if rng.random() < 0.3:
            self.chiefs.append(
                ChiefAssignment(
                    grid=grid,
                    kind=ChiefKind.ROAD,
                    place_name=road,
                    person=self.person(code, party_share=0.6),
                )
            )
        if rng.random() < 0.25:
            self.chiefs.append(
                ChiefAssignment(
                    grid=grid,
                    kind=ChiefKind.ALLEY,
                    place_name=rng.choice(ALLEYS),
                    person=self.person(code, party_share=0.5),
                )
            )

        for index in range(plan.workers):
            self.workers.append(
                GridWorker(
                    grid=grid,
                    person=self.person(code, party_share=0.5, female_share=0.6),
                    employment=Employment.FULL_TIME if index < plan.full_time else Employment.PART_TIME,
                )
            )

        if plan.organization_kind is None:
            return 0
        is_branch = plan.organization_kind == PartyOrganizationKind.GRID_BRANCH
        members = rng.randint(5, 30) if is_branch else rng.randint(3, 9)
        self.organization(
            2,
            name=f"{plan.name}{'党支部' if is_branch else '党小组'}",
            kind=plan.organization_kind,
            parent=community_org,
            area_code=code,
            secretary=grid_chief,  # the grid chief leads the grid's party organization
            member_count=members,
        )
        return members


def demo_city_present() -> bool:
    """True when the database already holds the demo city (any district under 2202)."""
    return area_has_children(settings.CITY_CODE)


@transaction.atomic
def create_demo_city(scale: int = 1, stdout: TextIO | None = None) -> DemoCity:
    """The rows of the demo city at ``scale``; call it on a database without the city's districts."""
    plan = plan_demo_city(scale)
    rng = random.Random(SEED * 7 + scale)
    people = People(rng, start=0)
    city, _created = City.objects.get_or_create(code=settings.CITY_CODE, defaults={"name": CITY_NAME})
    city_org = PartyOrganization.objects.create(
        name=f"中共{CITY_NAME}委员会",
        kind=PartyOrganizationKind.COMMITTEE,
        area_code=city.code,
        secretary=_saved(people.new(city.code, party_share=1.0)),
        member_count=rng.randint(60, 120),
    )
    for district_plan in plan.districts:
        spec = district_plan.spec
        district = District.objects.create(city=city, code=spec.code, name=spec.name, kind=spec.kind)
        district_org = PartyOrganization.objects.create(
            name=f"中共{spec.name}委员会",
            kind=PartyOrganizationKind.COMMITTEE,
            parent=city_org,
            area_code=spec.code,
            secretary=_saved(people.new(spec.code, party_share=1.0)),
            member_count=rng.randint(40, 90),
        )
        for street_plan in district_plan.streets:
            _StreetBuilder(street_plan, spec, district, district_org, rng, people).build()
        if stdout is not None:
            counts = plan.district_counts(spec.code)
            stdout.write(
                f"  {spec.code} {spec.name}: {counts['communities']} communities, {counts['grids']} grids, "
                f"{counts['buildings']} buildings\n"
            )
    return DemoCity(city=city, plan=plan, rng=rng)


def _saved(person: Person) -> Person:
    person.save()
    return person


# -- The builder ------------------------------------------------------------------------------------


def demo_city_counts() -> dict[str, int]:
    """The figures of the city as the database holds them."""
    from communities.choices import GRID_ORGANIZATION_KINDS

    city = settings.CITY_CODE
    workers = GridWorker.objects.filter(area_code__startswith=city)
    return {
        "districts": District.objects.filter(code__startswith=city).count(),
        "streets": Street.objects.filter(code__startswith=city).count(),
        "communities": Community.objects.filter(code__startswith=city).count(),
        "grids": Grid.objects.filter(code__startswith=city).count(),
        "grid_party_organizations": PartyOrganization.objects.filter(
            area_code__startswith=city, area_code__length=15, kind__in=GRID_ORGANIZATION_KINDS
        ).count(),
        "party_organizations": PartyOrganization.objects.filter(area_code__startswith=city).count(),
        "grid_workers": workers.count(),
        "grid_workers_full_time": workers.filter(employment=Employment.FULL_TIME).count(),
        "compounds": ResidentialCompound.objects.filter(area_code__startswith=city).count(),
        "buildings": Building.objects.filter(area_code__startswith=city).count(),
        "units": Unit.objects.filter(area_code__startswith=city).count(),
        "chiefs": ChiefAssignment.objects.filter(area_code__startswith=city).count(),
        "people": Person.objects.filter(area_code__startswith=city).count(),
    }


def build_demo_city(run: DemoRun) -> list:
    """The first demo builder: the city down to its units, unless it is there; it tells the
    builders after it whether this run built it (``run.built_city``)."""
    created = not demo_city_present()
    if created:
        create_demo_city(run.scale, stdout=run.stdout)
    run.built_city = created
    run.summary.update(created=created, **demo_city_counts())
    return []
