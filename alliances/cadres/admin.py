"""Admin of the sunk cadres: departments, checkpoints, and assignments with their duty shifts inline."""

from django.contrib import admin

from .models import CadreAssignment, Checkpoint, Department, DutyShift

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
