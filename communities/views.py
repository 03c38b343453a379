"""Pages of the communities app: the party organizations' list and forms."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from communities.choices import ApiTokenStatus
from communities.models import PartyOrganization
from jilin_grid.forms import apply_validation_error
from jilin_grid.views import (
    REFUSED_STATUS,
    Column,
    FilteredListView,
    PagedListView,
    ScopedCreateView,
    ScopedRetireView,
    ScopedUpdateView,
    ScopeMixin,
)

from . import selectors, services
from .filtersets import PartyOrganizationFilterSet
from .forms import ApiTokenForm, PartyOrganizationForm

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


# API tokens: the administrators' page (superusers and the city organization department) ----------


class ApiTokenAdminMixin(ScopeMixin):
    """Pages for the administrators of the portal's accounts; everyone else gets 403."""

    denied_message = _("Only administrators manage API tokens.")

    @classmethod
    def permits(cls, scope) -> bool:
        return scope.can_manage_api_tokens(settings.CITY_CODE)


class ApiTokenListView(ApiTokenAdminMixin, PagedListView):
    """The tokens in the administrator's purview, with their status today."""

    template_name = "communities/api_tokens/list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.api_tokens_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        context["rows"] = [{"token": token, "status": token.status_at(now)} for token in context["object_list"]]
        context["statuses"] = ApiTokenStatus
        return context


class ApiTokenCreateView(ApiTokenAdminMixin, FormView):
    """A new token: its key is shown on the answer to the form, once, and never again."""

    template_name = "portal/object_form.html"
    form_class = ApiTokenForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("New API token"), cancel_url=reverse("communities:api_token_list"))
        return context

    def form_valid(self, form):
        try:
            token, key = services.api_token_create(
                user=form.cleaned_data["user"],
                label=form.cleaned_data["label"],
                expires_at=form.expires_at(),
                created_by=self.request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error, {"expires_at": "expires_on"})
            return self.form_invalid(form)
        response = render(self.request, "communities/api_tokens/created.html", {"token": token, "key": key})
        response["Cache-Control"] = "no-store"  # the key must not stay in a cache
        return response

    def form_invalid(self, form):
        # Refused like every other form of the portal: shown again as typed, with its status.
        return self.render_to_response(self.get_context_data(form=form), status=REFUSED_STATUS)


class ApiTokenRevokeView(ApiTokenAdminMixin, TemplateView):
    """Revokes a token after a confirmation (POST): from then on it answers 401."""

    template_name = "communities/api_tokens/confirm_revoke.html"

    def get_token(self):
        return get_object_or_404(selectors.api_tokens_visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(token=self.get_token(), cancel_url=reverse("communities:api_token_list"))
        return context

    def post(self, request, *args, **kwargs):
        token = services.api_token_revoke(token=self.get_token(), revoked_by=request.user)
        messages.success(request, _("The token “%(label)s” is revoked.") % {"label": token.label})
        return redirect("communities:api_token_list")
