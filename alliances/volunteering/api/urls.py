"""API routes of in-service members' volunteering, the Excel import and the statistics."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import import_views, views

router = SimpleRouter()
router.register("service-kinds", views.ServiceKindViewSet, basename="service-kind")
router.register("in-service-members", views.InServiceMemberViewSet, basename="in-service-member")
router.register("member-reports", views.MemberReportViewSet, basename="member-report")
router.register("service-posts", views.ServicePostViewSet, basename="service-post")
router.register("post-claims", views.PostClaimViewSet, basename="post-claim")
router.register("service-records", views.ServiceRecordViewSet, basename="service-record")

urlpatterns = [
    path("stats/volunteering/", views.VolunteeringStatsView.as_view(), name="stats-volunteering"),
    path("stats/volunteering/by-unit/", views.VolunteeringByUnitView.as_view(), name="stats-volunteering-by-unit"),
    # Before the router's member detail, which would take "import" for an id.
    path("in-service-members/import/", import_views.MemberImportView.as_view(), name="in-service-member-import"),
    path(
        "in-service-members/import/<int:pk>/",
        import_views.MemberImportJobView.as_view(),
        name="in-service-member-import-job",
    ),
    *router.urls,
]
