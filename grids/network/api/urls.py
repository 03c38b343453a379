"""API routes of the grid network and its statistics."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("grids", views.GridViewSet, basename="grid")
router.register("compounds", views.ResidentialCompoundViewSet, basename="compound")
router.register("buildings", views.BuildingViewSet, basename="building")
router.register("units", views.UnitViewSet, basename="unit")
router.register("grid-workers", views.GridWorkerViewSet, basename="grid-worker")
router.register("chiefs", views.ChiefAssignmentViewSet, basename="chief")

urlpatterns = [
    path("stats/organization-network/", views.OrganizationNetworkView.as_view(), name="stats-organization-network"),
    *router.urls,
]
