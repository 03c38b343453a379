"""A small city for the trends' tests: two districts, three streets, four communities, a grid in each,
grid workers, and residents' problems recorded across the spring of 2020."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory
from grids.tests.factories import GridFactory, GridWorkerFactory, ResidentProblemFactory

LOCAL = ZoneInfo("Asia/Shanghai")


def recorded(month: int, day: int = 10):
    return datetime(2020, month, day, 9, 30, tzinfo=LOCAL)


def build_city(*, communities_in_first_street: int = 2, problems_per_grid: int = 1) -> SimpleNamespace:
    """The city (2202) and its areas; ``problems_per_grid`` problems in each of March, April and May
    in each grid (more in the first community, so the areas differ)."""
    city = CityFactory()
    fengman = DistrictFactory(city=city, code="220211", name="丰满区")
    changyi = DistrictFactory(city=city, code="220202", name="昌邑区")
    jiangnan = StreetFactory(district=fengman, code="220211001", name="江南街道")
    yanfeng = StreetFactory(district=fengman, code="220211002", name="沿丰街道")
    other = StreetFactory(district=changyi, code="220202001", name="延安街道")
    communities = [
        CommunityFactory(street=jiangnan, code=f"220211001{number:03d}", name=f"南山社区{number}")
        for number in range(1, communities_in_first_street + 1)
    ]
    communities.append(CommunityFactory(street=yanfeng, code="220211002001", name="田园社区"))
    communities.append(CommunityFactory(street=other, code="220202001001", name="华西社区"))
    grids = []
    for community in communities:
        grid = GridFactory(community=community, code=f"{community.code}001")
        GridWorkerFactory(grid=grid)
        grids.append(grid)
    for index, grid in enumerate(grids):
        for month in (3, 4, 5):
            for number in range(problems_per_grid * (2 if index == 0 else 1) + month - 3):
                ResidentProblemFactory(grid=grid, recorded_at=recorded(month, 1 + number % 27))
    return SimpleNamespace(
        city=city,
        fengman=fengman,
        changyi=changyi,
        jiangnan=jiangnan,
        yanfeng=yanfeng,
        communities=communities,
        nanshan=communities[0],
        grids=grids,
    )
