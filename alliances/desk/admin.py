"""Admin of the one-stop desk: the catalogue with its materials and steps, the social workers and
the cases (read here; they are kept on the pages and through the API)."""

from django.contrib import admin

from .models import Case, CaseMaterial, CaseStep, Matter, MatterMaterial, MatterStep, SocialWorker


class MatterMaterialInline(admin.TabularInline):
    model = MatterMaterial
    extra = 0


class MatterStepInline(admin.TabularInline):
    model = MatterStep
    extra = 0


@admin.register(Matter)
class MatterAdmin(admin.ModelAdmin):
    list_display = ("name", "mode", "time_limit_days", "area_code", "is_active")
    list_filter = ("mode", "is_active")
    search_fields = ("name",)
    inlines = [MatterMaterialInline, MatterStepInline]


@admin.register(SocialWorker)
class SocialWorkerAdmin(admin.ModelAdmin):
    list_display = ("person", "community", "is_active")
    list_filter = ("is_active",)
    search_fields = ("person__name", "community__name")
    readonly_fields = ("area_code",)
    raw_id_fields = ("community", "person", "user")
    filter_horizontal = ("matters",)


class CaseMaterialInline(admin.TabularInline):
    model = CaseMaterial
    extra = 0


class CaseStepInline(admin.TabularInline):
    model = CaseStep
    extra = 0


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("matter", "community", "worker", "status", "accepted_on", "due_on", "finished_on")
    list_filter = ("status", "matter__mode")
    search_fields = ("matter__name", "community__name")
    readonly_fields = ("area_code", "due_on", "days_taken")
    raw_id_fields = ("community", "grid", "matter", "worker", "problem", "accepted_by")
    inlines = [CaseMaterialInline, CaseStepInline]
