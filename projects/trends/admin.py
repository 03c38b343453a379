"""Admin of the trends: the kept months, to read (the task and the back-fill write them)."""

from django.contrib import admin

from .models import TrendSnapshot


@admin.register(TrendSnapshot)
class TrendSnapshotAdmin(admin.ModelAdmin):
    list_display = ("area_code", "month", "family", "source", "state_on", "taken_at")
    list_filter = ("family", "source")
    search_fields = ("area_code", "month")
    readonly_fields = ("area_code", "month", "family", "figures", "source", "state_on", "taken_at")

    def has_add_permission(self, request):
        return False
