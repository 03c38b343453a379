"""Pages of the grid network: the area page of every level, and the lists and forms of grids,
buildings, units, grid workers and chiefs."""

from django.urls import path

from . import views


def crud(prefix: str, name: str, list_view, create_view, update_view, retire_view) -> list:
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/new/", create_view.as_view(), name=f"{name}_create"),
        path(f"{prefix}/<int:pk>/edit/", update_view.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/retire/", retire_view.as_view(), name=f"{name}_retire"),
    ]


urlpatterns = [
    path("areas/<area:code>/", views.AreaDetailView.as_view(), name="area_detail"),
    *crud("grids", "grid", views.GridListView, views.GridCreateView, views.GridUpdateView, views.GridRetireView),
    *crud(
        "buildings",
        "building",
        views.BuildingListView,
        views.BuildingCreateView,
        views.BuildingUpdateView,
        views.BuildingRetireView,
    ),
    *crud("units", "unit", views.UnitListView, views.UnitCreateView, views.UnitUpdateView, views.UnitRetireView),
    *crud(
        "grid-workers",
        "grid_worker",
        views.GridWorkerListView,
        views.GridWorkerCreateView,
        views.GridWorkerUpdateView,
        views.GridWorkerRetireView,
    ),
    *crud("chiefs", "chief", views.ChiefListView, views.ChiefCreateView, views.ChiefUpdateView, views.ChiefRetireView),
]
