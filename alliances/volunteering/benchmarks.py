"""The volunteering figures timed by ``manage.py benchmark``: the selector, the area's volunteering
page, ``GET /api/stats/volunteering/`` and ``/by-unit/``. Service is counted per community, so a
grid has nothing to time."""

from jilin_grid.areas import AreaLevel, area_get
from jilin_grid.benchmarks import view_call

from .api.views import VolunteeringByUnitView, VolunteeringStatsView
from .area_views import VolunteeringAreaView
from .selectors import volunteering_figures

STATS = "/api/stats/volunteering/"


def volunteering(code: str, user) -> dict:
    area = area_get(code)
    if area.level == AreaLevel.GRID:
        return {}
    length = len(code) if area.level == AreaLevel.COMMUNITY else area.child_code_length
    return {
        "selector": lambda: volunteering_figures(prefix=code, length=length),
        "page": view_call(VolunteeringAreaView.as_view(), f"/volunteering/{code}/", user, code=code),
        "api": view_call(VolunteeringStatsView.as_view(), STATS, user, {"area": code}),
        "by-unit": view_call(VolunteeringByUnitView.as_view(), f"{STATS}by-unit/", user, {"area": code}),
    }
