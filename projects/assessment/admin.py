"""The admin of the branch assessment: the standards with their tasks, and the scores (read there,
written through the pages' steps); the report-and-review's rounds and reports."""

from django.contrib import admin

from .models import (
    AssessmentStandard,
    AssessmentTask,
    BranchScore,
    ReportSection,
    ReviewRound,
    ReviewVote,
    SecretaryReport,
)


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


class ReportSectionInline(admin.StackedInline):
    model = ReportSection
    extra = 0


class ReviewVoteInline(admin.TabularInline):
    model = ReviewVote
    extra = 0
    raw_id_fields = ["reviewer"]


@admin.register(ReviewRound)
class ReviewRoundAdmin(admin.ModelAdmin):
    """The rounds of the report-and-review (opened and published through the pages' steps)."""

    list_display = ["year", "area_code", "status", "published_at"]
    list_filter = ["year", "status"]
    search_fields = ["area_code"]
    filter_horizontal = ["reviewers"]
    raw_id_fields = ["published_by", "opened_by"]


@admin.register(SecretaryReport)
class SecretaryReportAdmin(admin.ModelAdmin):
    """The secretaries' reports with their sections and grades (written through the pages' steps)."""

    list_display = ["organization", "year", "status", "result", "rank"]
    list_filter = ["year", "status", "result"]
    search_fields = ["organization__name", "area_code"]
    raw_id_fields = ["round", "organization", "secretary", "written_by"]
    inlines = [ReportSectionInline, ReviewVoteInline]
