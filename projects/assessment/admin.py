"""The admin of the branch assessment: the standards with their tasks, and the scores (read there,
written through the pages' steps)."""

from django.contrib import admin

from .models import AssessmentStandard, AssessmentTask, BranchScore


class TaskInline(admin.TabularInline):
    model = AssessmentTask
    extra = 0


@admin.register(AssessmentStandard)
class AssessmentStandardAdmin(admin.ModelAdmin):
    list_display = ["year", "in_force_at"]
    inlines = [TaskInline]


@admin.register(BranchScore)
class BranchScoreAdmin(admin.ModelAdmin):
    list_display = ["organization", "year", "status", "total", "confirmed_total", "stars"]
    list_filter = ["year", "status", "stars"]
    search_fields = ["organization__name", "area_code"]
    raw_id_fields = ["organization", "standard", "self_assessed_by", "reviewed_by", "confirmed_by"]
