from django.contrib import admin

from .models import (
    Building,
    ChiefAssignment,
    Grid,
    GridWorker,
    NetworkSnapshot,
    ProblemCategory,
    ProblemEvent,
    ProblemPhoto,
    ResidentialCompound,
    ResidentProblem,
    Unit,
)


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


@admin.register(ProblemCategory)
class ProblemCategoryAdmin(admin.ModelAdmin):
    """The categories of residents' problems and their response deadlines (data, not code)."""

    list_display = ("name", "response_days", "position", "is_active")
    list_editable = ("response_days", "position", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)


class ProblemPhotoInline(admin.TabularInline):
    model = ProblemPhoto
    extra = 0
    fields = ("image", "original_name", "uploaded_at")
    readonly_fields = ("uploaded_at",)


class ProblemEventInline(admin.TabularInline):
    """The timeline, read-only: it is written by the lifecycle's services."""

    model = ProblemEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "level", "actor", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ResidentProblem)
class ResidentProblemAdmin(admin.ModelAdmin):
    """Residents' problems; the lifecycle fields are read-only (they move through the services)."""

    list_display = ("__str__", "grid", "category", "urgency", "status", "level", "recorded_at", "due_at")
    list_filter = ("status", "level", "urgency", "category")
    search_fields = ("area_code", "description", "resident_name")
    date_hierarchy = "recorded_at"
    raw_id_fields = ("grid", "compound", "building", "unit", "recorded_by")
    list_select_related = ("grid", "category")
    readonly_fields = (
        "area_code",
        "status",
        "level",
        "holder_code",
        "escalations",
        "recorded_at",
        "due_at",
        "resolved_at",
        "minutes_to_resolve",
        "closed_at",
        "resolution",
        "return_reason",
        "evaluation",
        "evaluation_comment",
    )
    inlines = (ProblemPhotoInline, ProblemEventInline)

    def has_add_permission(self, request) -> bool:
        return False  # recorded through the portal's pages and the API (problem_record)
