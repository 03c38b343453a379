"""Demo volunteering of in-service party members and the cadres sunk to communities, at the document's figures.

At scale 1 (``scale`` multiplies every figure):

- 18,000 in-service party members (在职党员) reported to the communities they live in (双报到) and
  confirmed there; a few hundred more reports await confirmation, and some members' earlier
  reports were declined or withdrawn (history, not counted);
- 17,427 places of service posts (服务岗位) claimed (认领) and still held; each community publishes
  posts over the service kinds with enough places, and a few posts have closed (their claims
  withdrawn); every post's ``claimed`` equals the claims held on it;
- 44,526 verified volunteer-service person-times: service on the posts the members hold, dated in
  the past year (relative to today, so the pages look alive), and attendance at the demo
  alliances' activities of the member's community or street on the activity's day; some recent
  service still awaits verification (not counted). Every record falls within its member's report;
- the epidemic duty: 72 city and district departments (机关部门) sending 3,432 cadres to exactly 95
  communities and their 190 checkpoints (卡点), each assignment in force for two months and
  covered around the clock: each checkpoint's three 8-hour shifts of every day, to the end of
  next week, taken by its cadres in turn.

The departments (市财政局, 市住建局, 船营区教育局, ...) have their party organizations (in agencies)
and, with a score of enterprises and public institutions (国网吉林供电公司, 吉林化纤集团, 吉林市中心医院,
北华大学, ...), are the members' employers.

Deterministic for a given day (its own seeded random generator; dates count back from today),
idempotent (the members and the departments are each added only when the city has none) and
written with ``bulk_create`` in one transaction. Everyone is fictitious: the members' phone
numbers are taken from 199 0500 0000 upwards and the cadres' from 199 0800 0000 upwards, blocks
of the demo city's own series far above the numbers its people use.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from alliances.volunteering.demo import (
    CADRES,
    CHECKPOINT_DUTIES,
    CHECKPOINT_NAMES,
    CHECKPOINTS_PER_COMMUNITY,
    CITY_DEPARTMENT_SHARE,
    CITY_DEPARTMENTS,
    COMMUNITY_DUTIES,
    DEPARTMENTS,
    DISTRICT_DEPARTMENTS,
    DUTY_DAYS,
    EMPLOYERS,
    SHIFT_HOURS,
    SINKING_COMMUNITIES,
    _allocate,
    _bulk,
    _Place,
)
from communities.choices import HostUnitKind, PartyOrganizationKind
from communities.models import District, PartyOrganization, Person
from grids.network.demo import ROADS, _People, cn_number, split

from .models import CadreAssignment, Checkpoint, Department, DutyShift

# -- Departments, their cadres and the checkpoints ---------------------------------------------------------


def _unique_names(names: list, count: int) -> list:
    """``count`` names from ``names``, numbered once the list is used up (for large scales)."""
    result = list(names[:count])
    round_ = 2
    while len(result) < count:
        result.extend(
            (f"{short}（{cn_number(round_)}）", f"{full}（{cn_number(round_)}）")
            for short, full in names[: count - len(result)]
        )
        round_ += 1
    return result


def _build_departments(rng: random.Random, scale: int, places: list[_Place], today: date, people: _People) -> None:
    """The departments with their party organizations, the employers, the checkpoints and the cadres on duty."""
    city = settings.CITY_CODE
    committees = {
        org.area_code: org
        for org in PartyOrganization.objects.filter(
            Q(area_code=city) | Q(area_code__length=6), area_code__startswith=city, host_unit_kind=HostUnitKind.AREA
        ).order_by("area_code", "id")
    }
    districts = dict(District.objects.filter(code__startswith=city).order_by("code").values_list("code", "name"))

    # The communities the cadres go to: city districts first (more of their communities), some elsewhere.
    weights = [3.0 if place.code[:6] in ("220202", "220203", "220204", "220211") else 1.0 for place in places]
    chosen_count = min(len(places), SINKING_COMMUNITIES * scale)
    chosen: list[_Place] = []
    pool = list(range(len(places)))
    pool_weights = list(weights)
    for _pick in range(chosen_count):
        index = rng.choices(range(len(pool)), weights=pool_weights)[0]
        chosen.append(places[pool.pop(index)])
        pool_weights.pop(index)
    chosen.sort(key=lambda place: place.code)
    by_district: dict[str, list[_Place]] = defaultdict(list)
    for place in chosen:
        by_district[place.code[:6]].append(place)

    # Departments: the city's and the districts' in proportion to the communities they serve there.
    total = DEPARTMENTS * scale
    city_count = min(CITY_DEPARTMENT_SHARE * scale, total)
    district_codes = sorted(code for code in by_district if code in districts)
    district_counts = (
        _allocate(total - city_count, [len(by_district[code]) for code in district_codes]) if district_codes else []
    )
    if not district_codes:
        city_count = total
    specs: list[tuple[str, str, str]] = [
        (city, short, full) for short, full in _unique_names(CITY_DEPARTMENTS, city_count)
    ]
    for code, count in zip(district_codes, district_counts, strict=True):
        names = [(f"{districts[code]}{kind}", f"{districts[code]}{kind}") for kind in DISTRICT_DEPARTMENTS]
        specs.extend((code, short, full) for short, full in _unique_names(names, count))

    secretaries: list[Person] = []
    organizations: list[PartyOrganization] = []
    departments: list[Department] = []
    for code, short, full in specs:
        at_city = code == city
        secretary = people.new(code, party_share=1.0, female_share=0.35)
        secretaries.append(secretary)
        organization = PartyOrganization(
            name=f"中共{full}机关委员会" if at_city else f"中共{full}机关支部委员会",
            kind=PartyOrganizationKind.COMMITTEE if at_city else PartyOrganizationKind.BRANCH,
            parent=committees.get(code) or committees.get(city),
            area_code=code,
            host_unit_kind=HostUnitKind.AGENCY,
            host_unit_name=full,
            secretary=secretary,
            member_count=rng.randint(40, 260) if at_city else rng.randint(12, 60),
            founded_on=date(rng.randint(1978, 2012), rng.randint(1, 12), 1),
        )
        organizations.append(organization)
        departments.append(Department(name=short, area_code=code, organization=organization))
    for unit, kind, _weight in EMPLOYERS:
        secretary = people.new(city, party_share=1.0, female_share=0.3)
        secretaries.append(secretary)
        organizations.append(
            PartyOrganization(
                name=f"中共{unit}委员会",
                kind=PartyOrganizationKind.COMMITTEE,
                parent=committees.get(city),
                area_code=city,
                host_unit_kind=kind,
                host_unit_name=unit,
                secretary=secretary,
                member_count=rng.randint(150, 1800),
                founded_on=date(rng.randint(1956, 2005), rng.randint(1, 12), 1),
            )
        )
    _bulk(Person, secretaries)
    _bulk(PartyOrganization, organizations)
    _bulk(Department, departments)

    # Which department serves which community: each department one or two, each community one or more.
    links: list[tuple[int, int]] = []  # (department index, community index in ``chosen``)
    index_of = {place.code: i for i, place in enumerate(chosen)}
    served: dict[int, int] = defaultdict(int)

    def candidates(department: Department) -> list[int]:
        if department.area_code == city:
            return list(range(len(chosen)))
        return [index_of[place.code] for place in by_district[department.area_code]]

    for d, department in enumerate(departments):
        options = candidates(department)
        least = min(served[c] for c in options)
        community = rng.choice([c for c in options if served[c] == least])
        links.append((d, community))
        served[community] += 1
    city_departments = [d for d, department in enumerate(departments) if department.area_code == city]
    for c in range(len(chosen)):
        if not served[c]:
            links.append((rng.choice(city_departments or [0]), c))
            served[c] += 1
    for d, department in enumerate(departments):
        if rng.random() < 0.35:
            extra = rng.choice(candidates(department))
            if (d, extra) not in links:
                links.append((d, extra))
    links.sort()

    # Checkpoints: two at each community, named after its compounds and roads.
    checkpoints: list[Checkpoint] = []
    for place in chosen:
        names: list[str] = []
        while len(names) < CHECKPOINTS_PER_COMMUNITY:
            pattern = rng.choice(CHECKPOINT_NAMES)
            compound = rng.choice(place.compounds) if place.compounds else f"{place.name}小区"
            name = pattern.format(road=rng.choice(ROADS), compound=compound)
            if name not in names:
                names.append(name)
        for name in names:
            checkpoints.append(
                Checkpoint(
                    community_id=place.pk,
                    area_code=place.code,
                    name=name[:100],
                    address=f"{rng.choice(ROADS)}{rng.randint(1, 500)}号",
                )
            )
    _bulk(Checkpoint, checkpoints)
    at_community: dict[int, list[Checkpoint]] = defaultdict(list)
    for checkpoint in checkpoints:
        at_community[checkpoint.community_id].append(checkpoint)

    # The cadres, shared out over the links; every checkpoint has some, around the clock.
    per_link = split(CADRES * scale, len(links), rng, minimum=6, spread=0.5)
    starts = {d: today - timedelta(days=rng.randint(28, 42)) for d in range(len(departments))}
    cadres: list[Person] = []
    assignments: list[CadreAssignment] = []
    posted: dict[int, int] = defaultdict(int)  # cadres so far per community
    for (d, c), count in zip(links, per_link, strict=True):
        department, place = departments[d], chosen[c]
        spots = at_community[place.pk]
        for _cadre in range(count):
            cadre = people.new(department.area_code, party_share=1.0, female_share=0.4)
            cadres.append(cadre)
            number = posted[place.pk]
            posted[place.pk] += 1
            # The first cadres of a community open its checkpoints; later ones mostly join them.
            if number < len(spots):
                checkpoint = spots[number]
            elif rng.random() < 0.8:
                checkpoint = rng.choice(spots)
            else:
                checkpoint = None
            duty = rng.choice(CHECKPOINT_DUTIES if checkpoint else COMMUNITY_DUTIES)
            start_on = starts[d]
            assignments.append(
                CadreAssignment(
                    cadre=cadre,
                    department=department,
                    community_id=place.pk,
                    checkpoint=checkpoint,
                    area_code=place.code,
                    duty=duty,
                    start_on=start_on,
                    end_on=start_on + timedelta(days=DUTY_DAYS - 1),
                )
            )
    _bulk(Person, cadres)
    _bulk(CadreAssignment, assignments)

    # Duty shifts around the clock (24小时值守): every checkpoint, and the duty at the community
    # itself, has its three 8-hour shifts of each day covered from the start of the assignments to
    # the end of next week, by its cadres in turn (two a shift where it has enough of them), one
    # shift a day per cadre.
    zone = ZoneInfo(settings.TIME_ZONE)
    shifts: list[DutyShift] = []
    at_spot: dict[tuple, list[CadreAssignment]] = defaultdict(list)
    for assignment in assignments:
        at_spot[(assignment.community_id, assignment.checkpoint_id)].append(assignment)
    planned_until = today + timedelta(days=13 - today.weekday())
    per_day = 24 // SHIFT_HOURS
    for spot in at_spot.values():
        per_shift = 2 if len(spot) >= 6 * per_day else 1
        turn = 0
        day = min(assignment.start_on for assignment in spot)
        last = min(planned_until, max(assignment.end_on for assignment in spot))
        while day <= last:
            serving = [a for a in spot if a.start_on <= day <= a.end_on]
            on_duty: set[int] = set()
            for shift in range(per_day):
                starts_at = datetime.combine(day, time(shift * SHIFT_HOURS), tzinfo=zone)
                for _place in range(per_shift):
                    for _attempt in range(len(serving)):
                        assignment = serving[turn % len(serving)]
                        turn += 1
                        if id(assignment) not in on_duty:
                            on_duty.add(id(assignment))
                            shifts.append(
                                DutyShift(
                                    assignment=assignment,
                                    area_code=assignment.area_code,
                                    starts_at=starts_at,
                                    ends_at=starts_at + timedelta(hours=SHIFT_HOURS),
                                )
                            )
                            break
            day += timedelta(days=1)
    _bulk(DutyShift, shifts)
