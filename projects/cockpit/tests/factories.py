"""A small city for the cockpit's tests: four levels, residents' problems in two months, and the
composite index set through its service."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory
from grids.problems.choices import ProblemStatus
from grids.tests.factories import GridFactory, ProblemCategoryFactory, ResidentProblemFactory

from ..models import CompositeIndex
from ..services import IndicatorInput, index_set

ZONE = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int = 10) -> datetime:
    return datetime(2020, month, day, 9, 0, tzinfo=ZONE)


def set_index(*indicators: tuple[str, str, int], code: str = "2202") -> CompositeIndex:
    index, _created = CompositeIndex.objects.get_or_create(area_code=code, defaults={"name": "综合指数"})
    index_set(index=index, indicators=[IndicatorInput(*indicator) for indicator in indicators])
    return index


def problems(grid, month: int, *, open_: int = 0, resolved: int = 0, category=None) -> list:
    """``open_`` problems still open (all overdue by now) and ``resolved`` resolved ones, recorded
    in ``month`` of 2020 at ``grid``."""
    category = category or ProblemCategoryFactory(name="测试类别", response_days=7)
    rows = [ResidentProblemFactory(grid=grid, category=category, recorded_at=at(month)) for _ in range(open_)]
    for _ in range(resolved):
        rows.append(
            ResidentProblemFactory(
                grid=grid, category=category, recorded_at=at(month), status=ProblemStatus.RESOLVED,
                resolved_at=at(month, 12), minutes_to_resolve=2 * 24 * 60,
            )
        )  # fmt: skip
    return rows


def small_city(copies: int = 1) -> SimpleNamespace:
    """The city 2202 with two districts: 丰满 (two streets: 江南 with 南山 of two grids and 田园 of one,
    沿丰 with 吉钢 of one grid) and 昌邑 (one street, one community, one grid); problems in May and
    June 2020 (``copies`` times as many)."""
    city = CityFactory()
    fengman = DistrictFactory(city=city, code="220211", name="丰满区")
    changyi = DistrictFactory(city=city, code="220202", name="昌邑区")
    jiangnan = StreetFactory(district=fengman, code="220211001", name="江南街道")
    yanfeng = StreetFactory(district=fengman, code="220211002", name="沿丰街道")
    east = StreetFactory(district=changyi, code="220202001", name="东局子街道")
    nanshan = CommunityFactory(street=jiangnan, code="220211001001", name="南山社区")
    tianyuan = CommunityFactory(street=jiangnan, code="220211001002", name="田园社区")
    jigang = CommunityFactory(street=yanfeng, code="220211002001", name="吉钢社区")
    huaxi = CommunityFactory(street=east, code="220202001001", name="华西社区")
    grids = {
        "nanshan1": GridFactory(community=nanshan, code="220211001001001", name="南山第一网格"),
        "nanshan2": GridFactory(community=nanshan, code="220211001001002", name="南山第二网格"),
        "tianyuan1": GridFactory(community=tianyuan, code="220211001002001", name="田园第一网格"),
        "jigang1": GridFactory(community=jigang, code="220211002001001", name="吉钢第一网格"),
        "huaxi1": GridFactory(community=huaxi, code="220202001001001", name="华西第一网格"),
    }
    layout = {  # grid: {month: (open, resolved)}
        "nanshan1": {5: (1, 1), 6: (3, 1)},
        "nanshan2": {5: (0, 2), 6: (1, 0)},
        "tianyuan1": {5: (2, 0), 6: (0, 2)},
        "jigang1": {6: (2, 2)},
        "huaxi1": {5: (1, 0), 6: (1, 3)},
    }
    category = ProblemCategoryFactory(name="测试类别", response_days=7)
    for name, months in layout.items():
        for month, (open_, resolved) in months.items():
            problems(grids[name], month, open_=open_ * copies, resolved=resolved * copies, category=category)
    return SimpleNamespace(
        city=city, fengman=fengman, changyi=changyi, jiangnan=jiangnan, yanfeng=yanfeng, east=east,
        nanshan=nanshan, tianyuan=tianyuan, jigang=jigang, huaxi=huaxi, grids=grids,
    )  # fmt: skip
