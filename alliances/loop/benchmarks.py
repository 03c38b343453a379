"""The alliances' figures timed by ``manage.py benchmark``: the selector and ``GET /api/stats/alliances/``."""

from jilin_grid.areas import area_get
from jilin_grid.benchmarks import view_call

from .api.views import AllianceStatsView
from .selectors import alliance_stats


def alliances(code: str, user) -> dict:
    area = area_get(code)
    return {
        "selector": lambda: alliance_stats(area),
        "api": view_call(AllianceStatsView.as_view(), "/api/stats/alliances/", user, {"area": code}),
    }
