"""Admin of the No.1 projects: projects with their milestones, progress and history inline,
progress with its attachments."""

from django.contrib import admin

from .models import Milestone, ProgressAttachment, ProgressReport, ProgressRevision, Project, ProjectEvent


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class ProgressReportInline(admin.TabularInline):
    model = ProgressReport
    extra = 0
    fields = ("month", "percent_complete", "done", "submitted_by", "submitted_at")
    raw_id_fields = ("submitted_by",)
    show_change_link = True


class ProjectEventInline(admin.TabularInline):
    model = ProjectEvent
    extra = 0
    fields = ("at", "kind", "actor", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "organization", "year", "area_code", "status", "showcased")
    list_filter = ("year", "status", "showcased")
    search_fields = ("title", "organization__name", "area_code", "responsible")
    list_select_related = ("organization",)
    raw_id_fields = ("organization", "claimed_by")
    readonly_fields = ("area_code", "created_at", "updated_at")
    inlines = [MilestoneInline, ProgressReportInline, ProjectEventInline]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("project", "month", "description")
    search_fields = ("project__title", "description")
    list_select_related = ("project",)
    raw_id_fields = ("project",)


class ProgressAttachmentInline(admin.TabularInline):
    model = ProgressAttachment
    extra = 0
    fields = ("file", "original_name", "content_type", "size")


class ProgressRevisionInline(admin.TabularInline):
    """The month's earlier versions, as they were replaced: history, never edited."""

    model = ProgressRevision
    extra = 0
    fields = ("percent_complete", "done", "submitted_by", "submitted_at", "replaced_by", "replaced_at", "reason")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ("project", "month", "percent_complete", "submitted_by", "submitted_at")
    list_filter = ("month", "project__year")
    search_fields = ("project__title", "project__area_code", "done")
    list_select_related = ("project", "submitted_by")
    raw_id_fields = ("project", "submitted_by")
    inlines = [ProgressAttachmentInline, ProgressRevisionInline]


@admin.register(ProgressAttachment)
class ProgressAttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "progress", "content_type", "size", "created_at")
    search_fields = ("original_name", "progress__project__title")
    list_select_related = ("progress__project",)
    raw_id_fields = ("progress",)


@admin.register(ProjectEvent)
class ProjectEventAdmin(admin.ModelAdmin):
    list_display = ("project", "kind", "actor", "at")
    list_filter = ("kind",)
    search_fields = ("project__title", "note")
    list_select_related = ("project", "actor")
    raw_id_fields = ("project", "actor")
