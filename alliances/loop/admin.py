"""Admin of the alliances: alliances with their member units, activities and problems inline,
meetings with their decisions inline, and every other model of the loop on its own page."""

from django.contrib import admin

from .models import Activity, Alliance, AllianceProblem, Decision, Meeting, MemberUnit, Venue


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
