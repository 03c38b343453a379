"""Admin of the rectification of weak and lax organizations: the problem kinds (data kept here), and
the cases with their measures, monthly progress and extensions inline."""

from django.contrib import admin

from .models import CaseExtension, CaseProgress, Measure, ProblemKind, RectificationCase


@admin.register(ProblemKind)
class ProblemKindAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "is_active")
    list_editable = ("position", "is_active")
    search_fields = ("name",)


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0
    raw_id_fields = ("added_by",)


class ProgressInline(admin.TabularInline):
    model = CaseProgress
    extra = 0
    raw_id_fields = ("reported_by",)


class ExtensionInline(admin.TabularInline):
    model = CaseExtension
    extra = 0
    raw_id_fields = ("extended_by",)


@admin.register(RectificationCase)
class RectificationCaseAdmin(admin.ModelAdmin):
    list_display = ("organization", "year", "source", "status", "deadline", "accepted_on", "area_code")
    list_filter = ("status", "year", "source")
    search_fields = ("organization__name", "area_code")
    list_select_related = ("organization",)
    raw_id_fields = ("organization", "score", "review", "guarantor", "department", "paired_community",
                     "member_reports", "identified_by", "accepted_by", "rerating")  # fmt: skip
    filter_horizontal = ("problems",)
    readonly_fields = ("area_code", "created_at", "updated_at")
    inlines = [MeasureInline, ProgressInline, ExtensionInline]
