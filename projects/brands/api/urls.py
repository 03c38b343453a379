"""API routes of the service brands, the showcase column and their statistics."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("brand-rounds", views.SelectionRoundViewSet, basename="brand-round")
router.register("brand-applications", views.BrandApplicationViewSet, basename="brand-application")
router.register("showcase-articles", views.ShowcaseArticleViewSet, basename="showcase-article")

urlpatterns = [
    path("stats/brands/", views.BrandStatsView.as_view(), name="stats-brands"),
    *router.urls,
]
