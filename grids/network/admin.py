"""Admin of the grid network: grids, compounds, buildings, units, grid workers, chiefs and snapshots."""

from django.contrib import admin

from .models import Building, ChiefAssignment, Grid, GridWorker, NetworkSnapshot, ResidentialCompound, Unit


@admin.register(Grid)
class GridAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "community", "households", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name")
    raw_id_fields = ("community",)
    list_select_related = ("community",)


@admin.register(ResidentialCompound)
class CompoundAdmin(admin.ModelAdmin):
    list_display = ("name", "community", "area_code", "is_active")
    search_fields = ("name", "area_code")
    raw_id_fields = ("community",)


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ("name", "grid", "compound", "floors", "is_active")
    search_fields = ("name", "area_code")
    raw_id_fields = ("grid", "compound")
    list_select_related = ("grid", "compound")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("building", "number", "households", "is_active")
    search_fields = ("area_code",)
    raw_id_fields = ("building",)
    list_select_related = ("building", "building__compound")


@admin.register(GridWorker)
class GridWorkerAdmin(admin.ModelAdmin):
    list_display = ("person", "grid", "employment", "is_active")
    list_filter = ("employment", "is_active")
    search_fields = ("person__name", "area_code")
    raw_id_fields = ("grid", "person")
    list_select_related = ("person", "grid")


@admin.register(ChiefAssignment)
class ChiefAssignmentAdmin(admin.ModelAdmin):
    list_display = ("person", "kind", "grid", "place_name", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("person__name", "area_code", "place_name")
    raw_id_fields = ("grid", "person", "building", "unit")
    list_select_related = ("person", "grid")


@admin.register(NetworkSnapshot)
class NetworkSnapshotAdmin(admin.ModelAdmin):
    list_display = ("area_code", "taken_on", "created_at")
    search_fields = ("area_code",)
