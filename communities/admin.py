from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from communities.models import AreaGrant, City, Community, District, PartyOrganization, Person, Street


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_active")


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "district", "kind", "is_active")
    list_filter = ("kind", "is_active", "district")
    search_fields = ("code", "name")
    list_select_related = ("district",)


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "street", "is_active")
    list_filter = ("is_active", "street__district")
    search_fields = ("code", "name")
    list_select_related = ("street",)
    raw_id_fields = ("street",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "phone", "area_code", "is_party_member")
    search_fields = ("name", "phone", "area_code")
    list_filter = ("is_party_member",)


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "area_code", "host_unit_kind", "member_count", "is_active")
    list_filter = ("kind", "host_unit_kind", "is_active")
    search_fields = ("name", "area_code", "host_unit_name")
    raw_id_fields = ("parent", "secretary")


@admin.register(AreaGrant)
class AreaGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "area_code")
    list_filter = ("role",)
    search_fields = ("user__username", "area_code")
    raw_id_fields = ("user",)


class AreaGrantInline(admin.TabularInline):
    """A user's areas and roles, edited on the user's own page."""

    model = AreaGrant
    extra = 1


admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    inlines = [AreaGrantInline]
    list_display = ("username", "first_name", "last_name", "is_staff", "is_superuser", "is_active")
