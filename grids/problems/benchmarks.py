"""The residents' problems' figures timed by ``manage.py benchmark``: the selector and
``GET /api/stats/problems/``, over all time and over one year."""

from jilin_grid.areas import area_get
from jilin_grid.benchmarks import view_call

from .api.views import ProblemStatsView
from .selectors import problem_stats

STATS = "/api/stats/problems/"


def problems(code: str, user) -> dict:
    area = area_get(code)
    return {
        "selector": lambda: problem_stats(area, None, None),
        "api": view_call(ProblemStatsView.as_view(), STATS, user, {"area": code}),
        "api 2020": view_call(
            ProblemStatsView.as_view(), STATS, user, {"area": code, "from": "2020-01-01", "to": "2020-12-31"}
        ),
    }
