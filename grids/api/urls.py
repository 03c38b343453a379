"""API routes of the grids app and its statistics."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import problem_views, views

router = SimpleRouter()
router.register("grids", views.GridViewSet, basename="grid")
router.register("compounds", views.ResidentialCompoundViewSet, basename="compound")
router.register("buildings", views.BuildingViewSet, basename="building")
router.register("units", views.UnitViewSet, basename="unit")
router.register("grid-workers", views.GridWorkerViewSet, basename="grid-worker")
router.register("chiefs", views.ChiefAssignmentViewSet, basename="chief")
router.register("problem-categories", problem_views.ProblemCategoryViewSet, basename="problem-category")
router.register("problems", problem_views.ResidentProblemViewSet, basename="problem")

urlpatterns = [
    path("stats/organization-network/", views.OrganizationNetworkView.as_view(), name="stats-organization-network"),
    path("stats/problems/", problem_views.ProblemStatsView.as_view(), name="stats-problems"),
    *router.urls,
]
