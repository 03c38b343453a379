"""Admin of in-service members' volunteering.

The service kinds are data edited here. The counts that services keep (a post's places taken,
a claim's withdrawal, a record's verification) are shown, not edited: they change on the pages.
"""

from django.contrib import admin

from .models import (
    InServiceMember,
    MemberImportJob,
    MemberReport,
    PostClaim,
    ServiceKind,
    ServicePost,
    ServiceRecord,
)

# In-service members and volunteer service.


@admin.register(ServiceKind)
class ServiceKindAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "is_active")
    list_editable = ("position", "is_active")
    search_fields = ("name",)


class MemberReportInline(admin.TabularInline):
    model = MemberReport
    extra = 0
    fields = ("community", "reported_on", "status", "confirmed_on", "ended_on", "end_reason")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(InServiceMember)
class InServiceMemberAdmin(admin.ModelAdmin):
    list_display = ("person", "unit_name", "organization", "area_code")
    search_fields = ("person__name", "unit_name", "organization__name", "area_code")
    list_select_related = ("person", "organization")
    raw_id_fields = ("person", "organization")
    readonly_fields = ("area_code", "created_at", "updated_at")
    inlines = [MemberReportInline]


@admin.register(MemberReport)
class MemberReportAdmin(admin.ModelAdmin):
    list_display = ("__str__", "community", "reported_on", "status", "confirmed_on", "ended_on", "area_code")
    list_filter = ("status", "reported_on")
    search_fields = ("member__person__name", "community__name", "area_code")
    list_select_related = ("member__person", "community")
    raw_id_fields = ("member", "community", "confirmed_by")
    readonly_fields = ("area_code", "created_at", "updated_at")


@admin.register(ServicePost)
class ServicePostAdmin(admin.ModelAdmin):
    list_display = ("title", "community", "kind", "places", "claimed", "published_on", "closed_on", "area_code")
    list_filter = ("kind", "published_on")
    search_fields = ("title", "description", "community__name", "area_code")
    list_select_related = ("community", "kind")
    raw_id_fields = ("community",)
    readonly_fields = ("claimed", "area_code", "created_at", "updated_at")


@admin.register(PostClaim)
class PostClaimAdmin(admin.ModelAdmin):
    list_display = ("__str__", "claimed_on", "withdrawn_on", "area_code")
    list_filter = ("claimed_on",)
    search_fields = ("member__person__name", "post__title", "area_code")
    list_select_related = ("member__person", "post")
    raw_id_fields = ("post", "member", "report")
    readonly_fields = (
        "post",
        "member",
        "report",
        "claimed_on",
        "withdrawn_on",
        "area_code",
        "created_at",
        "updated_at",
    )


@admin.register(ServiceRecord)
class ServiceRecordAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "post", "activity", "hours", "person_times", "verified_at", "area_code")
    list_filter = ("kind", "served_on")
    search_fields = ("member__person__name", "note", "area_code")
    list_select_related = ("member__person", "kind", "post", "activity")
    raw_id_fields = ("member", "report", "post", "activity", "recorded_by", "verified_by")
    readonly_fields = ("verified_at", "verified_by", "area_code", "created_at", "updated_at")
    date_hierarchy = "served_on"


@admin.register(MemberImportJob)
class MemberImportJobAdmin(admin.ModelAdmin):
    """Large imports run by the worker: seen here, not edited (the worker and the reaper move them)."""

    list_display = ("id", "file_name", "area_code", "status", "rows_done", "rows_total", "requested_by", "created_at")
    list_filter = ("status",)
    search_fields = ("file_name", "area_code")
    exclude = ("rows",)
    readonly_fields = [
        "file_name", "area_code", "status", "message", "requested_by", "rows_total", "rows_done", "result",
        "language", "started_at", "finished_at", "attempts", "enqueued_at", "heartbeat_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False
