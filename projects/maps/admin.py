"""Admin of the maps: the shapes (imported with ``manage.py import_area_shapes``) and the kept walks,
read here; neither is typed in by hand."""

from django.contrib import admin

from .models import AreaShape, CompoundReach


@admin.register(AreaShape)
class AreaShapeAdmin(admin.ModelAdmin):
    list_display = ("code", "source", "updated_at")
    list_filter = ("source",)
    search_fields = ("code",)
    readonly_fields = ("code", "geometry", "source", "created_at", "updated_at")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(CompoundReach)
class CompoundReachAdmin(admin.ModelAdmin):
    list_display = ("compound", "area_code", "metres", "point_kind", "point_name")
    list_filter = ("point_kind",)
    search_fields = ("compound__name", "area_code", "point_name")
    readonly_fields = ("compound", "area_code", "metres", "point_kind", "point_id", "point_name")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
