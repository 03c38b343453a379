"""Reads of the administrative tree and the party organizations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from jilin_grid.aggregates import rollup

from .choices import CODE_LENGTHS, GRID_ORGANIZATION_KINDS, AreaLevel, PartyOrganizationKind, level_of
from .models import City, Community, District, PartyOrganization, Person, Street

AREA_MODELS = {
    AreaLevel.CITY: City,
    AreaLevel.DISTRICT: District,
    AreaLevel.STREET: Street,
    AreaLevel.COMMUNITY: Community,
}


@dataclass(frozen=True)
class Area:
    """One node of the tree, whatever its level, with its ancestors (nearest last)."""

    code: str
    name: str
    level: AreaLevel
    ancestors: tuple[tuple[str, str], ...] = field(default=())
    is_active: bool = True

    @property
    def level_label(self) -> str:
        return str(self.level.label)

    @property
    def child_code_length(self) -> int | None:
        index = list(CODE_LENGTHS).index(self.level)
        lengths = list(CODE_LENGTHS.values())
        return lengths[index + 1] if index + 1 < len(lengths) else None

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "level": self.level.value}


def ancestor_codes(code: str) -> list[str]:
    """Codes of every level above ``code``, top first (2202, 220211, 220211001 for a community)."""
    return [code[:length] for length in CODE_LENGTHS.values() if length < len(code)]


def area_names(codes: list[str]) -> dict[str, str]:
    """Names of administrative areas (city to community) by code, in one query whatever the levels."""
    by_level: dict[AreaLevel, list[str]] = defaultdict(list)
    for code in codes:
        level = level_of(code)
        if level in AREA_MODELS:
            by_level[level].append(code)
    querysets = [
        AREA_MODELS[level].objects.filter(code__in=level_codes).order_by().values_list("code", "name")
        for level, level_codes in by_level.items()
    ]
    if not querysets:
        return {}
    return dict(querysets[0].union(*querysets[1:], all=True))


def administrative_area_get(code: str) -> Area | None:
    """The city, district, street or community with this code, or None."""
    level = level_of(code)
    model = AREA_MODELS.get(level)
    if model is None:
        return None
    row = model.objects.filter(code=code).values("name", "is_active").first()
    if row is None:
        return None
    names = area_names(ancestor_codes(code))
    ancestors = tuple((c, names.get(c, c)) for c in ancestor_codes(code))
    return Area(code=code, name=row["name"], level=level, ancestors=ancestors, is_active=row["is_active"])


def administrative_children(area: Area) -> list[tuple[str, str]]:
    """(code, name) of the direct children of a city, district or street, active ones only."""
    child_level = {
        AreaLevel.CITY: AreaLevel.DISTRICT,
        AreaLevel.DISTRICT: AreaLevel.STREET,
        AreaLevel.STREET: AreaLevel.COMMUNITY,
    }.get(area.level)
    if child_level is None:
        return []
    model = AREA_MODELS[child_level]
    return list(model.objects.in_area(area.code).filter(is_active=True).values_list("code", "name"))


def community_counts(prefix: str, group_length: int) -> dict[str, int]:
    """Active communities under ``prefix``, counted per code prefix of ``group_length``."""
    counts = rollup(
        Community.objects.filter(is_active=True), field="code", prefix=prefix, length=group_length, n=Count("id")
    )
    return {key[0]: figures["n"] for key, figures in counts.items()}


def party_organization_figures(prefix: str, group_length: int) -> dict[str, dict]:
    """Per code prefix: organizations by kind, grid party organizations and party members."""
    counts = rollup(
        PartyOrganization.objects.filter(is_active=True),
        field="area_code",
        prefix=prefix,
        length=group_length,
        by=("kind",),
        n=Count("id"),
        members=Sum("member_count"),
        grid_organizations=Count(
            "id", filter=Q(kind__in=GRID_ORGANIZATION_KINDS, area_code__length=CODE_LENGTHS[AreaLevel.GRID])
        ),
    )
    figures: dict[str, dict] = defaultdict(empty_party_figures)
    for (key, kind), row in counts.items():
        entry = figures[key]
        entry["party_organizations"][kind] += row["n"]
        entry["party_members"] += row["members"]
        entry["grid_party_organizations"] += row["grid_organizations"]
    return figures


def empty_party_figures() -> dict:
    return {
        "party_organizations": {kind.value: 0 for kind in PartyOrganizationKind},
        "party_members": 0,
        "grid_party_organizations": 0,
    }


def person_find_by_phone(*, area_code: str, phone: str) -> Person | None:
    """A person of this area with this phone number, to avoid recording them twice."""
    if not phone:
        return None
    return Person.objects.filter(area_code=area_code, phone=phone).order_by("id").first()
