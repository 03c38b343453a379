"""Pages of red-heart property."""

from django.urls import path

from . import views

urlpatterns = [
    path("property/", views.PropertyHomeView.as_view(), name="property_home"),
    path("property/companies/add/", views.CompanyCreateView.as_view(), name="property_company_create"),
    path("property/communities/<str:code>/", views.CommunityPropertyView.as_view(), name="property_community"),
    path(
        "property/communities/<str:code>/appointments/add/",
        views.CrossAppointmentCreateView.as_view(),
        name="property_appointment_create",
    ),
    path("property/appointments/<int:pk>/end/", views.AppointmentEndView.as_view(), name="property_appointment_end"),
    path(
        "property/communities/<str:code>/meetings/add/",
        views.MeetingCreateView.as_view(),
        name="property_meeting_create",
    ),
    path("property/compounds/<int:pk>/", views.CompoundPropertyView.as_view(), name="property_compound"),
    path(
        "property/compounds/<int:pk>/fees/add/",
        views.FeeCollectionCreateView.as_view(),
        name="property_fee_create",
    ),
    path("property/fees/<int:pk>/edit/", views.FeeCorrectionView.as_view(), name="property_fee_edit"),
    path(
        "property/compounds/<int:pk>/modes/add/",
        views.ModeChangeCreateView.as_view(),
        name="property_mode_create",
    ),
    path(
        "property/compounds/<int:pk>/committees/add/",
        views.OwnersCommitteeCreateView.as_view(),
        name="property_committee_create",
    ),
    path(
        "property/meetings/<int:pk>/resolutions/add/",
        views.ResolutionCreateView.as_view(),
        name="property_resolution_create",
    ),
    path(
        "property/resolutions/<int:pk>/outcome/",
        views.OutcomeCreateView.as_view(),
        name="property_outcome_create",
    ),
]
