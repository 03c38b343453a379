"""Pages of the communities app: the party organizations' list and forms."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from communities.models import PartyOrganization
from jilin_grid.views import Column, FilteredListView, ScopedCreateView, ScopedRetireView, ScopedUpdateView

from . import services
from .filtersets import PartyOrganizationFilterSet
from .forms import PartyOrganizationForm

SECRETARY_ERRORS = {"secretary": "secretary_name", "phone": "secretary_phone", "name": "name"}


class PartyOrganizationListView(FilteredListView):
    model = PartyOrganization
    queryset = PartyOrganization.objects.select_related("parent", "secretary")
    filterset_class = PartyOrganizationFilterSet
    columns = [
        Column(_("Name"), lambda o: o.name),
        Column(_("Kind"), lambda o: o.get_kind_display()),
        Column(_("Area code"), lambda o: o.area_code),
        Column(_("Parent organization"), lambda o: o.parent.name if o.parent_id else ""),
        Column(_("Where it sits"), lambda o: o.host_unit_name or o.get_host_unit_kind_display()),
        Column(_("Secretary"), lambda o: o.secretary.name if o.secretary_id else ""),
        Column(_("Secretary's phone"), lambda o: o.secretary.phone if o.secretary_id else "", personal=True),
        Column(_("Party members"), lambda o: o.member_count),
        Column(_("Status"), lambda o: str(_("Active")) if o.is_active else str(_("Retired"))),
    ]
    create_url_name = "communities:party_organization_create"
    edit_url_name = "communities:party_organization_edit"
    retire_url_name = "communities:party_organization_retire"


class PartyOrganizationFormMixin:
    model = PartyOrganization
    form_class = PartyOrganizationForm
    success_url_name = "communities:party_organization_list"
    error_field_map = SECRETARY_ERRORS

    def service_fields(self, form) -> dict:
        data = dict(form.cleaned_data)
        name, phone = data.pop("secretary_name"), data.pop("secretary_phone")
        data["secretary"] = (
            services.person_get_or_create(name=name, phone=phone, area_code=data["area_code"], is_party_member=True)
            if name
            else None
        )
        return data


class PartyOrganizationCreateView(PartyOrganizationFormMixin, ScopedCreateView):
    success_message = _("Party organization added.")

    def perform(self, form):
        return services.party_organization_create(**self.service_fields(form))


class PartyOrganizationUpdateView(PartyOrganizationFormMixin, ScopedUpdateView):
    def perform(self, form):
        return services.party_organization_update(organization=self.object, **self.service_fields(form))


class PartyOrganizationRetireView(ScopedRetireView):
    model = PartyOrganization
    success_url_name = "communities:party_organization_list"

    def retire(self, obj):
        services.party_organization_retire(organization=obj)
