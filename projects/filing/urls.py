"""Pages of the secretaries' filing: the list, a filing's page and its forms."""

from django.urls import path

from . import views

urlpatterns = [
    path("secretaries/", views.FilingListView.as_view(), name="filing_list"),
    path("secretaries/file/", views.FilingCreateView.as_view(), name="filing_create"),
    path("secretaries/<int:pk>/", views.FilingDetailView.as_view(), name="filing_detail"),
    path("secretaries/<int:pk>/change/", views.ChangeSecretaryView.as_view(), name="filing_change"),
    path("secretaries/<int:pk>/training/", views.TrainingAddView.as_view(), name="filing_training"),
    path("secretaries/<int:pk>/record/", views.ConductAddView.as_view(), name="filing_record"),
    path("secretaries/<int:pk>/promotion/", views.PromotionAddView.as_view(), name="filing_promotion"),
]
