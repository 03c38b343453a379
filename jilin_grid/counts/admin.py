"""The kept counts' drift in the admin: what each recount found and repaired, read only."""

from django.contrib import admin

from .models import CountDrift


@admin.register(CountDrift)
class CountDriftAdmin(admin.ModelAdmin):
    list_display = ("found_at", "family", "area_code", "period", "figure", "kept", "counted")
    list_filter = ("family",)
    search_fields = ("area_code", "figure")
    date_hierarchy = "found_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
