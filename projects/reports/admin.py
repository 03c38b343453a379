"""Admin of the dispatch report rows: kind, period, area, status and their files."""

from django.contrib import admin

from .models import ReportJob


@admin.register(ReportJob)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("area_name", "kind", "period", "area_code", "status", "attempts", "finished_at")
    list_filter = ("kind", "status")
    search_fields = ("area_name", "area_code", "period")
    raw_id_fields = ("requested_by",)
    readonly_fields = ("requested_at", "started_at", "finished_at", "attempts")
