"""Admin of residents' problems: categories, and each problem with its photos and history inline."""

from django.contrib import admin

from .models import ProblemCategory, ProblemEvent, ProblemPhoto, ResidentProblem


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
