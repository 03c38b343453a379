"""The organization-network figures timed by ``manage.py benchmark``: the selector, the area page
and ``GET /api/stats/organization-network/``."""

from jilin_grid.areas import area_get
from jilin_grid.benchmarks import view_call

from .api.views import OrganizationNetworkView
from .selectors import organization_network
from .views import AreaDetailView


def network(code: str, user) -> dict:
    area = area_get(code)
    return {
        "selector": lambda: organization_network(area),
        "page": view_call(AreaDetailView.as_view(), f"/areas/{code}/", user, code=code),
        "api": view_call(OrganizationNetworkView.as_view(), "/api/stats/organization-network/", user, {"area": code}),
    }
