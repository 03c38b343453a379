"""Admin of the notifications: read to answer "why did I (not) get it?"; delivered by the rules only."""

from django.contrib import admin

from .models import EmailPreference, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "kind", "subject", "area_code", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("recipient__username", "subject", "event_key", "area_code")
    list_select_related = ("recipient",)
    raw_id_fields = ("recipient",)
    readonly_fields = ("event_key", "created_at", "updated_at")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind")
    list_filter = ("kind",)
    search_fields = ("user__username",)
    raw_id_fields = ("user",)
