"""Admin of the red stations: the functions a station may offer are data edited here; the stations
and what belongs to them are kept on the pages."""

from django.contrib import admin

from .models import FamilyStation, RedStation, StationFunction


@admin.register(StationFunction)
class StationFunctionAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "is_active")
    list_editable = ("position", "is_active")
    search_fields = ("name",)


@admin.register(RedStation)
class RedStationAdmin(admin.ModelAdmin):
    list_display = ("name", "community", "place", "opened_on", "is_active")
    list_filter = ("is_active", "functions")
    search_fields = ("name", "place", "community__name")
    readonly_fields = ("area_code",)
    raw_id_fields = ("community",)


@admin.register(FamilyStation)
class FamilyStationAdmin(admin.ModelAdmin):
    list_display = ("place", "host", "community", "opened_on", "is_active")
    list_filter = ("is_active",)
    search_fields = ("host", "place", "community__name")
    readonly_fields = ("area_code",)
    raw_id_fields = ("community",)
