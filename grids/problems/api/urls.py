"""API routes of residents' problems and their statistics."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("problem-categories", views.ProblemCategoryViewSet, basename="problem-category")
router.register("problems", views.ResidentProblemViewSet, basename="problem")

urlpatterns = [
    path("stats/problems/", views.ProblemStatsView.as_view(), name="stats-problems"),
    *router.urls,
]
