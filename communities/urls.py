"""Pages of the communities app."""

from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("api-tokens/", views.ApiTokenListView.as_view(), name="api_token_list"),
    path("api-tokens/new/", views.ApiTokenCreateView.as_view(), name="api_token_create"),
    path("api-tokens/<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="api_token_revoke"),
    path("party-organizations/", views.PartyOrganizationListView.as_view(), name="party_organization_list"),
    path("party-organizations/new/", views.PartyOrganizationCreateView.as_view(), name="party_organization_create"),
    path(
        "party-organizations/<int:pk>/edit/",
        views.PartyOrganizationUpdateView.as_view(),
        name="party_organization_edit",
    ),
    path(
        "party-organizations/<int:pk>/retire/",
        views.PartyOrganizationRetireView.as_view(),
        name="party_organization_retire",
    ),
]
