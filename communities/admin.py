from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from communities.models import ApiToken, AreaGrant, City, Community, District, PartyOrganization, Person, Street
from communities.services import api_token_revoke
from jilin_grid.security import DEMO_GROUP


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
    list_display = ("username", "first_name", "last_name", "is_staff", "is_superuser", "is_active", "is_demo")

    def get_queryset(self, request):
        demo = Group.objects.filter(name=DEMO_GROUP, user=OuterRef("pk"))
        return super().get_queryset(request).annotate(in_demo_group=Exists(demo))

    @admin.display(boolean=True, description=_("Demo account"), ordering="in_demo_group")
    def is_demo(self, user) -> bool:
        """A demo account, whose password is published (group "Demo accounts")."""
        return user.in_demo_group


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created on the page /api-tokens/ or with manage.py api_token (which show the key
    once); here they are looked up, and revoked with the action."""

    list_display = ("label", "user", "key_prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at", "expires_at")
    search_fields = ("label", "user__username", "key_prefix")
    list_select_related = ("user",)
    readonly_fields = ("user", "key_prefix", "created_by", "created_at", "last_used_at", "revoked_at", "revoked_by")
    fields = ("label", *readonly_fields, "expires_at")
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token, revoked_by=request.user)
