"""Admin of the service brands: rounds with their judges, applications with their scores inline,
and the showcase column."""

from django.contrib import admin

from .models import BrandApplication, BrandScore, SelectionRound, ShowcaseArticle


@admin.register(SelectionRound)
class SelectionRoundAdmin(admin.ModelAdmin):
    list_display = ("year", "theme", "area_code", "status")
    list_filter = ("year", "status")
    search_fields = ("theme",)
    filter_horizontal = ("judges",)
    raw_id_fields = ("opened_by",)


class BrandScoreInline(admin.TabularInline):
    model = BrandScore
    extra = 0
    raw_id_fields = ("judge",)


@admin.register(BrandApplication)
class BrandApplicationAdmin(admin.ModelAdmin):
    list_display = ("name", "community", "round", "area_code", "is_winner", "province_outcome")
    list_filter = ("round__year", "is_winner", "province_outcome")
    search_fields = ("name", "community__name", "area_code")
    list_select_related = ("community", "round")
    raw_id_fields = ("community", "projects", "submitted_by")
    readonly_fields = ("area_code", "created_at", "updated_at")
    inlines = [BrandScoreInline]


@admin.register(ShowcaseArticle)
class ShowcaseArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "published_on", "brand", "project")
    search_fields = ("title", "body")
    date_hierarchy = "published_on"
    raw_id_fields = ("brand", "project", "published_by")
