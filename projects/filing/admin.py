"""The admin of the secretaries' filing: the filings with their courses and entries (read there,
written through the pages and the API, whose services keep one current filing per organization)."""

from django.contrib import admin

from .models import FilingRecord, SecretaryFiling, Training


class TrainingInline(admin.TabularInline):
    model = Training
    extra = 0


class RecordInline(admin.TabularInline):
    model = FilingRecord
    extra = 0


@admin.register(SecretaryFiling)
class SecretaryFilingAdmin(admin.ModelAdmin):
    list_display = ["secretary", "organization", "selection", "selected_on", "ended_on"]
    list_filter = ["selection", "education"]
    search_fields = ["secretary__name", "organization__name", "area_code"]
    raw_id_fields = ["organization", "secretary", "filed_by"]
    inlines = [TrainingInline, RecordInline]
