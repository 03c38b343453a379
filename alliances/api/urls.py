"""API routes of the alliances app and its statistics."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import import_views, views

router = SimpleRouter()
router.register("alliances", views.AllianceViewSet, basename="alliance")
router.register("member-units", views.MemberUnitViewSet, basename="member-unit")
router.register("venues", views.VenueViewSet, basename="venue")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("alliance-problems", views.AllianceProblemViewSet, basename="alliance-problem")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("service-kinds", views.ServiceKindViewSet, basename="service-kind")
router.register("in-service-members", views.InServiceMemberViewSet, basename="in-service-member")
router.register("member-reports", views.MemberReportViewSet, basename="member-report")
router.register("service-posts", views.ServicePostViewSet, basename="service-post")
router.register("post-claims", views.PostClaimViewSet, basename="post-claim")
router.register("service-records", views.ServiceRecordViewSet, basename="service-record")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("checkpoints", views.CheckpointViewSet, basename="checkpoint")
router.register("cadre-assignments", views.CadreAssignmentViewSet, basename="cadre-assignment")
router.register("duty-shifts", views.DutyShiftViewSet, basename="duty-shift")

urlpatterns = [
    path("stats/alliances/", views.AllianceStatsView.as_view(), name="stats-alliances"),
    path("stats/volunteering/", views.VolunteeringStatsView.as_view(), name="stats-volunteering"),
    path("stats/volunteering/by-unit/", views.VolunteeringByUnitView.as_view(), name="stats-volunteering-by-unit"),
    path("in-service-members/import/", import_views.MemberImportView.as_view(), name="in-service-member-import"),
    *router.urls,
]
