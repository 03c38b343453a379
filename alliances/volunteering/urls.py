"""Pages of in-service party members' volunteering: their reports (双报到), service posts (认领), volunteer
service, its figures, the Excel import and the report by employer unit."""

from django.urls import path

from . import area_views, import_views, list_views, views

urlpatterns = [
    path("volunteering/", area_views.volunteering_home, name="volunteering_home"),
    path("volunteering/<area:code>/", area_views.VolunteeringAreaView.as_view(), name="volunteering_area"),
    path(
        "volunteering/<area:code>/forms/<slug:form>/",
        area_views.VolunteeringFormView.as_view(),
        name="volunteering_form",
    ),
    path("volunteering/members/", list_views.InServiceMemberListView.as_view(), name="member_list"),
    path("volunteering/import/", import_views.MemberImportView.as_view(), name="member_import"),
    path("volunteering/import/<int:pk>/", import_views.MemberImportJobView.as_view(), name="member_import_job"),
    path(
        "volunteering/import/<int:pk>/status/",
        import_views.MemberImportJobStatusView.as_view(),
        name="member_import_job_status",
    ),
    path(
        "volunteering/import/<int:pk>/errors.xlsx",
        import_views.MemberImportJobErrorsView.as_view(),
        name="member_import_job_errors",
    ),
    path("volunteering/members/new/", views.MemberCreateView.as_view(), name="member_create"),
    path("volunteering/members/<int:pk>/", views.MemberPageView.as_view(), name="member_detail"),
    path("volunteering/members/<int:pk>/edit/", views.MemberUpdateView.as_view(), name="member_edit"),
    path("volunteering/reports/", list_views.MemberReportListView.as_view(), name="member_report_list"),
    path(
        "volunteering/reports/<int:pk>/<slug:step>/",
        views.MemberReportStepView.as_view(),
        name="member_report_step",
    ),
    path("volunteering/posts/", list_views.ServicePostListView.as_view(), name="service_post_list"),
    path("volunteering/posts/new/", views.ServicePostCreateView.as_view(), name="service_post_create"),
    path("volunteering/posts/<int:pk>/edit/", views.ServicePostUpdateView.as_view(), name="service_post_edit"),
    path(
        "volunteering/posts/<int:pk>/<slug:step>/",
        views.ServicePostStepView.as_view(),
        name="service_post_step",
    ),
    path(
        "volunteering/claims/<int:pk>/<slug:step>/",
        views.PostClaimStepView.as_view(),
        name="post_claim_step",
    ),
    path("volunteering/service/", list_views.ServiceRecordListView.as_view(), name="service_record_list"),
    path(
        "volunteering/service/<int:pk>/<slug:step>/",
        views.ServiceRecordStepView.as_view(),
        name="service_record_step",
    ),
    path(
        "volunteering/activities/<int:pk>/attendance/",
        views.ActivityAttendanceView.as_view(),
        name="activity_attendance",
    ),
    path(
        "volunteering/activities/<int:pk>/<slug:step>/",
        views.ActivityStepView.as_view(),
        name="activity_step",
    ),
    path("volunteering/units/", list_views.VolunteeringByUnitView.as_view(), name="volunteering_by_unit"),
]
