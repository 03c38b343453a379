"""The kept counts' drift in the admin: what each recount found and repaired, read only."""

from django.contrib import admin

from jilin_grid.admin_mixins import ReadOnlyAdminMixin

from .models import CountDrift


@admin.register(CountDrift)
class CountDriftAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("found_at", "family", "area_code", "period", "figure", "kept", "counted")
    list_filter = ("family",)
    search_fields = ("area_code", "figure")
    date_hierarchy = "found_at"
