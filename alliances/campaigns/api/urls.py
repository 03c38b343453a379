"""API routes of the campaigns of the all-round grids, and a campaign's figures."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("campaigns", views.CampaignViewSet, basename="campaign")
router.register("campaign-visits", views.VisitViewSet, basename="campaign-visit")
router.register("campaign-shifts", views.ShiftViewSet, basename="campaign-shift")
router.register("campaign-tasks", views.SupportTaskViewSet, basename="campaign-task")
router.register("campaign-supplies", views.SupplyViewSet, basename="campaign-supply")
router.register("campaign-donations", views.DonationViewSet, basename="campaign-donation")

urlpatterns = [
    *router.urls,
    path("stats/campaigns/", views.CampaignStatsIndexView.as_view(), name="campaign-stats"),
    path("stats/campaigns/<int:pk>/", views.CampaignStatsView.as_view(), name="stats-campaign"),
]
