"""Admin of the alliances: alliances with their member units, activities and problems inline,
meetings with their decisions inline, and every other model on its own page.

The service kinds are data edited here. The counts that services keep (a post's places taken,
a claim's withdrawal, a record's verification) are shown, not edited: they change on the pages."""

from django.contrib import admin

from .models import (
    Activity,
    Alliance,
    AllianceProblem,
    CadreAssignment,
    Checkpoint,
    Decision,
    Department,
    DutyShift,
    InServiceMember,
    Meeting,
    MemberReport,
    MemberUnit,
    PostClaim,
    ServiceKind,
    ServicePost,
    ServiceRecord,
    Venue,
)


class MemberUnitInline(admin.TabularInline):
    model = MemberUnit
    extra = 0
    fields = ("name", "kind", "contact_name", "contact_phone", "is_active")
    show_change_link = True


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ("held_on", "title", "kind", "place", "participants")
    show_change_link = True


class AllianceProblemInline(admin.TabularInline):
    model = AllianceProblem
    fk_name = "alliance"
    extra = 0
    fields = ("title", "collected_on", "step", "evaluation")
    readonly_fields = ("step", "evaluation")
    show_change_link = True


@admin.register(Alliance)
class AllianceAdmin(admin.ModelAdmin):
    list_display = ("name", "area_code", "lead_organization", "founded_on", "surveyed_on", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "area_code", "lead_organization__name")
    list_select_related = ("lead_organization",)
    raw_id_fields = ("lead_organization",)
    readonly_fields = ("created_at", "updated_at")
    inlines = [MemberUnitInline, ActivityInline, AllianceProblemInline]


@admin.register(MemberUnit)
class MemberUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "alliance", "kind", "area_code", "contact_name", "is_active")
    list_filter = ("kind", "is_active", "offers_venue", "offers_funds", "offers_skills", "offers_volunteers")
    search_fields = ("name", "alliance__name", "area_code", "contact_name")
    list_select_related = ("alliance",)
    raw_id_fields = ("alliance", "party_organization")
    readonly_fields = ("area_code", "created_at", "updated_at")


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name", "member", "area_code", "opening_hours", "capacity", "is_open")
    list_filter = ("is_open",)
    search_fields = ("name", "address", "member__name", "area_code")
    list_select_related = ("member",)
    raw_id_fields = ("member",)
    readonly_fields = ("area_code", "created_at", "updated_at")


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "alliance", "kind", "held_on", "participants", "area_code")
    list_filter = ("kind", "held_on")
    search_fields = ("title", "place", "alliance__name", "area_code")
    list_select_related = ("alliance",)
    raw_id_fields = ("alliance", "organizers")
    readonly_fields = ("area_code", "created_at", "updated_at")
    date_hierarchy = "held_on"


@admin.register(AllianceProblem)
class AllianceProblemAdmin(admin.ModelAdmin):
    list_display = ("title", "alliance", "collected_on", "step", "evaluation", "area_code")
    list_filter = ("step", "evaluation")
    search_fields = ("title", "description", "alliance__name", "area_code")
    list_select_related = ("alliance",)
    raw_id_fields = ("alliance", "resident_problem")
    readonly_fields = ("area_code", "created_at", "updated_at")


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    fields = ("problem", "assigned_to", "action", "deadline", "report", "reported_on")
    raw_id_fields = ("problem", "assigned_to")
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "alliance", "held_on", "area_code")
    list_filter = ("held_on",)
    search_fields = ("alliance__name", "minutes", "area_code")
    list_select_related = ("alliance",)
    raw_id_fields = ("alliance", "attendees", "problems")
    readonly_fields = ("area_code", "created_at", "updated_at")
    date_hierarchy = "held_on"
    inlines = [DecisionInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "meeting", "problem", "assigned_to", "deadline", "reported_on")
    list_filter = ("deadline", "reported_on")
    search_fields = ("action", "report", "problem__title", "assigned_to__name", "area_code")
    list_select_related = ("meeting__alliance", "problem", "assigned_to")
    raw_id_fields = ("meeting", "problem", "assigned_to", "reported_by")
    readonly_fields = ("area_code", "created_at", "updated_at")


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


# Cadres sunk to communities.


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "area_code", "organization", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "area_code")
    raw_id_fields = ("organization",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Checkpoint)
class CheckpointAdmin(admin.ModelAdmin):
    list_display = ("__str__", "address", "area_code", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "address", "community__name", "area_code")
    list_select_related = ("community",)
    raw_id_fields = ("community",)
    readonly_fields = ("area_code", "created_at", "updated_at")


class DutyShiftInline(admin.TabularInline):
    model = DutyShift
    extra = 0
    fields = ("starts_at", "ends_at")


@admin.register(CadreAssignment)
class CadreAssignmentAdmin(admin.ModelAdmin):
    list_display = ("cadre", "department", "community", "checkpoint", "duty", "start_on", "end_on")
    list_filter = ("start_on",)
    search_fields = ("cadre__name", "department__name", "community__name", "duty", "area_code")
    list_select_related = ("cadre", "department", "community", "checkpoint")
    raw_id_fields = ("cadre", "department", "community", "checkpoint")
    readonly_fields = ("area_code", "created_at", "updated_at")
    inlines = [DutyShiftInline]


@admin.register(DutyShift)
class DutyShiftAdmin(admin.ModelAdmin):
    list_display = ("__str__", "starts_at", "ends_at", "area_code")
    list_select_related = ("assignment__cadre",)
    raw_id_fields = ("assignment",)
    readonly_fields = ("area_code", "created_at", "updated_at")
