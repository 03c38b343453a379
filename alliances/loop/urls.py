"""Pages of the party-building alliances (党建联盟): the list, each alliance's page with its six-step loop,
its forms, and its member units."""

from django.urls import path

from . import views

urlpatterns = [
    path("alliances/", views.AllianceListView.as_view(), name="alliance_list"),
    path("alliances/add/", views.AllianceCreateView.as_view(), name="alliance_create"),
    path("alliances/<int:pk>/", views.AlliancePageView.as_view(), name="alliance_detail"),
    path("alliances/<int:pk>/edit/", views.AllianceUpdateView.as_view(), name="alliance_edit"),
    path("alliances/<int:pk>/retire/", views.AllianceRetireView.as_view(), name="alliance_retire"),
    path("alliances/<int:pk>/forms/<slug:form>/", views.AllianceFormView.as_view(), name="alliance_form"),
    path(
        "alliances/<int:pk>/forms/<slug:form>/<int:target>/",
        views.AllianceFormView.as_view(),
        name="alliance_form_target",
    ),
    path("alliances/members/<int:pk>/edit/", views.MemberUnitUpdateView.as_view(), name="member_unit_edit"),
    path("alliances/members/<int:pk>/retire/", views.MemberUnitRetireView.as_view(), name="member_unit_retire"),
]
