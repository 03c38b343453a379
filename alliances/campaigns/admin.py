"""Admin of the campaigns: the kinds of campaign are data the city edits here; a campaign's
checklist can be read and corrected here too. Visits, duty, tasks and donations are kept on the
pages and through the API."""

from django.contrib import admin

from .models import Campaign, CampaignKind, ChecklistQuestion


@admin.register(CampaignKind)
class CampaignKindAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "is_active")
    list_editable = ("position", "is_active")
    search_fields = ("name",)


class ChecklistQuestionInline(admin.TabularInline):
    model = ChecklistQuestion
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "area_code", "starts_on", "ends_on", "is_closed", "donations_published")
    list_filter = ("kind", "is_closed", "donations_published")
    search_fields = ("title", "area_code")
    inlines = [ChecklistQuestionInline]
