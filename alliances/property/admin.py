"""Admin of red-heart property: the companies, the compounds' modes with their councils, and the
owners' committees with their members, for corrections; the rest is kept on the pages."""

from django.contrib import admin

from .models import CompoundMode, CouncilMember, OwnersCommittee, OwnersCommitteeMember, PropertyCompany


@admin.register(PropertyCompany)
class PropertyCompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "community", "party_organization", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "community__name")
    readonly_fields = ("area_code",)
    raw_id_fields = ("community", "party_organization")


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0


@admin.register(CompoundMode)
class CompoundModeAdmin(admin.ModelAdmin):
    list_display = ("compound", "mode", "since", "company", "council_name")
    list_filter = ("mode",)
    search_fields = ("compound__name", "council_name")
    readonly_fields = ("area_code",)
    raw_id_fields = ("compound", "company")
    inlines = [CouncilMemberInline]


class OwnersCommitteeMemberInline(admin.TabularInline):
    model = OwnersCommitteeMember
    extra = 0


@admin.register(OwnersCommittee)
class OwnersCommitteeAdmin(admin.ModelAdmin):
    list_display = ("compound", "term_start", "term_end")
    search_fields = ("compound__name",)
    readonly_fields = ("area_code",)
    raw_id_fields = ("compound",)
    inlines = [OwnersCommitteeMemberInline]
