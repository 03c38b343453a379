"""The No.1 projects' figures timed by ``manage.py benchmark``: the selector and
``GET /api/stats/projects/?year=2020`` (the demo city's year)."""

from jilin_grid.areas import area_get
from jilin_grid.benchmarks import view_call

from .api.views import ProjectStatsView
from .selectors import project_stats

YEAR = 2020


def projects(code: str, user) -> dict:
    area = area_get(code)
    return {
        "selector": lambda: project_stats(area, YEAR),
        "api": view_call(ProjectStatsView.as_view(), "/api/stats/projects/", user, {"area": code, "year": YEAR}),
    }
