"""Pages of the service brands: the rounds, applying and scoring, and the showcase column with its feed."""

from django.urls import path

from . import views

urlpatterns = [
    path("brands/", views.RoundListView.as_view(), name="brand_round_list"),
    path("brands/open/", views.RoundCreateView.as_view(), name="brand_round_create"),
    path("brands/<int:pk>/", views.RoundDetailView.as_view(), name="brand_round_detail"),
    path("brands/<int:pk>/<slug:step>/", views.RoundStepView.as_view(), name="brand_round_step"),
    path("brands/apply/", views.ApplicationCreateView.as_view(), name="brand_apply"),
    path("brands/applications/<int:pk>/score/", views.ScoreView.as_view(), name="brand_score"),
    path(
        "brands/applications/<int:pk>/<slug:step>/", views.ApplicationStepView.as_view(), name="brand_application_step"
    ),
    path("showcase/", views.ShowcaseListView.as_view(), name="showcase_list"),
    path("showcase/feed/", views.ShowcaseFeed(), name="showcase_feed"),
    path("showcase/publish/", views.ArticleCreateView.as_view(), name="showcase_publish"),
    path("showcase/<int:pk>/", views.ShowcaseDetailView.as_view(), name="showcase_detail"),
]
