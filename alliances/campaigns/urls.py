"""Pages of the campaigns of the all-round grids."""

from django.urls import path

from . import views

urlpatterns = [
    path("campaigns/", views.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/open/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path("campaigns/<int:pk>/", views.CampaignPageView.as_view(), name="campaign_detail"),
    path("campaigns/<int:pk>/duty/add/", views.ShiftCreateView.as_view(), name="campaign_shift_create"),
    path("campaigns/<int:pk>/tasks/add/", views.SupportTaskCreateView.as_view(), name="campaign_task_create"),
    path("campaigns/<int:pk>/donations/add/", views.DonationCreateView.as_view(), name="campaign_donation_create"),
    path("campaigns/<int:pk>/visit/", views.VisitPageView.as_view(), name="campaign_visit"),
    path("campaigns/<int:pk>/summary/", views.CampaignSummaryView.as_view(), name="campaign_summary"),
    path("campaigns/summaries/<int:pk>/", views.DailySummaryView.as_view(), name="campaign_daily_summary"),
    path("campaigns/<int:pk>/donations/", views.DonationListView.as_view(), name="campaign_donations"),
]
