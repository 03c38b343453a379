"""Pages of red-heart property (红心物业): the pilot communities of the user's areas, a community's
red-heart page, a compound's page with its modes and fee collection chart, and the forms that file
a company, a change of mode, an owners' committee, a month's fees, a cross-appointment, a meeting,
a resolution and its outcome.

Every page starts from ``visible_to(user)`` (outside the area: 404); red-heart property is kept by
communities, so a role whose areas are all grids is refused (403, and no menu entry); writing needs a
writing role over the community or an area above it (403 for read-only roles); every write calls
``alliances.property.services``, whose refusals are shown beside the field (400, input kept)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from communities.models import Community
from grids.network.models import ResidentialCompound
from jilin_grid.aggregates import per_row
from jilin_grid.scope import COMMUNITY_CODE_LENGTH
from jilin_grid.views import (
    CommunityUpMixin,
    PartCreateView,
    ScopedCreateView,
    ScopedQuerysetMixin,
)

from . import services
from .forms import (
    CompanyForm,
    CrossAppointmentForm,
    EndAppointmentForm,
    FeeCollectionForm,
    FeeCorrectionForm,
    MeetingForm,
    ModeChangeForm,
    OutcomeForm,
    OwnersCommitteeForm,
    ResolutionForm,
)
from .models import CompoundMode, CrossAppointment, DeliberationMeeting, FeeCollection, PropertyCompany, Resolution
from .selectors import community_page, compound_chart, rate_around_last_change


class PropertyPageMixin(CommunityUpMixin):
    """Red-heart property is kept by communities: a role whose areas are all grids is refused its
    pages, saying why (403), and has no menu entry for them."""

    denied_message = _("Red-heart property is kept by communities; your role works in a grid.")


def community_url(code: str) -> str:
    return reverse("alliances:property_community", args=[code])


def compound_url(compound) -> str:
    return reverse("alliances:property_compound", args=[compound.pk])


class PropertyHomeView(PropertyPageMixin, TemplateView):
    """The communities of the user's areas with red-heart property: their compounds with a recorded
    mode, their companies and meetings, 50 to a page."""

    template_name = "alliances/property/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        communities = (
            Community.objects.visible_to(user)
            .filter(
                Exists(CompoundMode.objects.filter(area_code=OuterRef("code")))
                | Exists(PropertyCompany.objects.filter(area_code=OuterRef("code")))
            )
            .select_related("street")
            .annotate(
                compound_count=per_row(
                    ResidentialCompound.objects.filter(Exists(CompoundMode.objects.filter(compound=OuterRef("pk")))),
                    Count("id"),
                    field="community",
                ),
                company_count=per_row(PropertyCompany.objects.all(), Count("id"), field="community"),
                meeting_count=per_row(DeliberationMeeting.objects.all(), Count("id"), field="community"),
            )
            .order_by("code")
        )
        page = Paginator(communities, 50).get_page(self.request.GET.get("page"))
        context.update(
            {
                "title": _("Red-heart property"),
                "page_obj": page,
                "communities": page.object_list,
                "can_add_company": self.scope.writes_at(COMMUNITY_CODE_LENGTH),
            }
        )
        return context


class CommunityPropertyView(PropertyPageMixin, TemplateView):
    """A community's red-heart page: its compounds and modes, the three parties, the meetings and
    their resolutions, the rate per compound and month, and its alliance's joint activities."""

    template_name = "alliances/property/community.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        community = get_object_or_404(
            Community.objects.visible_to(self.request.user).select_related("street__district"), code=self.kwargs["code"]
        )
        context.update(community_page(community))
        context.update(
            {
                "community": community,
                "title": _("Red-heart property of %(community)s") % {"community": community.name},
                "writable": self.scope.can_write(community.code),
            }
        )
        return context


class CompoundPropertyView(PropertyPageMixin, ScopedQuerysetMixin, TemplateView):
    """A compound's page: its modes over time, its owners' committees, its fee collection by month on
    a chart, and the rate before and after its last change of mode."""

    model = ResidentialCompound
    template_name = "alliances/property/compound.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        compound = get_object_or_404(self.get_queryset().select_related("community"), pk=self.kwargs["pk"])
        modes = list(
            compound.management_modes.select_related("company").prefetch_related("council_members").order_by("since")
        )
        collections = list(FeeCollection.objects.filter(compound=compound).order_by("month"))
        context.update(
            {
                "compound": compound,
                "title": _("Red-heart property of %(compound)s") % {"compound": compound.name},
                "modes": modes,
                "current_mode": modes[-1] if modes else None,
                "committees": list(compound.owners_committees.prefetch_related("members").order_by("-term_start")),
                "collections": collections,
                "around": rate_around_last_change(modes, collections),
                "chart_data": {**compound_chart(modes, collections), "label": _("Collection rate")},
                "writable": self.scope.can_write(compound.area_code),
            }
        )
        return context


# Forms -----------------------------------------------------------------------------------------


class CompanyCreateView(PropertyPageMixin, ScopedCreateView):
    """Community staff (or staff of an area above) add a property company of a community."""

    model = PropertyCompany
    form_class = CompanyForm
    area_length = COMMUNITY_CODE_LENGTH
    success_message = _("Property company added.")
    success_url_name = "alliances:property_home"

    def perform(self, form):
        data = form.cleaned_data
        return services.company_add(
            community=data["community"], name=data["name"], party_organization=data["party_organization"]
        )

    def get_success_url(self):
        return community_url(self.object.area_code)


class PropertyPartCreateView(PropertyPageMixin, PartCreateView):
    """File something of the record named in the URL (a compound, a community, a meeting, a
    resolution) of the user's area: its form, saved by ``service(<parent>=..., **cleaned_data)``,
    given the record's community (``community_of``)."""

    services = services

    def community_of(self, obj):
        return obj.community

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["community"] = self.community_of(self.object)
        return kwargs

    def return_url(self, obj) -> str:
        return community_url(obj.area_code)


class CompoundPartCreateView(PropertyPartCreateView):
    model = ResidentialCompound
    queryset = ResidentialCompound.objects.select_related("community")
    parent_name = "compound"

    def return_url(self, obj) -> str:
        return compound_url(obj)


class FeeCollectionCreateView(CompoundPartCreateView):
    """File a compound's property fees for a month (once); its chart shows the new month."""

    form_class = FeeCollectionForm
    service_name = "fee_collection_file"
    success_message = _("Fee collection filed.")
    title_text = _("File a month's property fees of %(name)s")


class FeeCorrectionView(PropertyPartCreateView):
    """Correct a month's figures of a compound (the compound and the month stay); the chart follows."""

    model = FeeCollection
    queryset = FeeCollection.objects.select_related("compound__community")
    form_class = FeeCorrectionForm
    service_name = "fee_collection_correct"
    parent_name = "collection"
    success_message = _("Fee collection corrected.")
    title_text = _("Correct the property fees of %(name)s")

    def community_of(self, obj):
        return obj.compound.community

    def get_initial(self):
        return {"households_billed": self.object.households_billed, "households_paid": self.object.households_paid}

    def return_url(self, obj) -> str:
        return compound_url(obj.compound)


class ModeChangeCreateView(CompoundPartCreateView):
    """Change a compound's management mode from a day on."""

    form_class = ModeChangeForm
    service_name = "compound_mode_change"
    success_message = _("Management mode changed.")
    title_text = _("Change the management mode of %(name)s")


class OwnersCommitteeCreateView(CompoundPartCreateView):
    """File a compound's owners' committee for a term, with its members."""

    form_class = OwnersCommitteeForm
    service_name = "owners_committee_elect"
    success_message = _("Owners' committee filed.")
    title_text = _("File the owners' committee of %(name)s")


class CommunityPartCreateView(PropertyPartCreateView):
    model = Community
    parent_name = "community"

    def get_object(self):
        if not hasattr(self, "_object"):
            obj = get_object_or_404(self.get_queryset(), code=self.kwargs["code"])
            self.check_write(obj.code)
            self._object = obj
        return self._object

    def community_of(self, obj):
        return obj

    def return_url(self, obj) -> str:
        return community_url(obj.code)


class CrossAppointmentCreateView(CommunityPartCreateView):
    """File a cross-appointment between the community's party organization and one of its companies."""

    form_class = CrossAppointmentForm
    success_message = _("Cross-appointment filed.")
    title_text = _("File a cross-appointment in %(name)s")

    def perform(self, form):
        return services.cross_appointment_add(**form.cleaned_data)


class MeetingCreateView(CommunityPartCreateView):
    """File a residents' deliberation meeting of the three parties."""

    form_class = MeetingForm
    service_name = "meeting_hold"
    success_message = _("Meeting filed.")
    title_text = _("File a residents' deliberation meeting of %(name)s")


class ResolutionCreateView(PropertyPartCreateView):
    """Add a resolution to a meeting, assigned to a party with a deadline."""

    model = DeliberationMeeting
    queryset = DeliberationMeeting.objects.select_related("community")
    form_class = ResolutionForm
    service_name = "resolution_add"
    parent_name = "meeting"
    success_message = _("Resolution added.")
    title_text = _("Add a resolution of the meeting %(name)s")


class OutcomeCreateView(PropertyPartCreateView):
    """Record the outcome of a resolution."""

    model = Resolution
    queryset = Resolution.objects.select_related("meeting__community")
    form_class = OutcomeForm
    service_name = "resolution_record_outcome"
    parent_name = "resolution"
    success_message = _("Outcome recorded.")
    title_text = _("Record the outcome of “%(name)s”")

    def community_of(self, obj):
        return obj.meeting.community


class AppointmentEndView(PropertyPartCreateView):
    """End a cross-appointment that is still held."""

    model = CrossAppointment
    queryset = CrossAppointment.objects.select_related("company__community")
    form_class = EndAppointmentForm
    service_name = "cross_appointment_end"
    parent_name = "appointment"
    success_message = _("Cross-appointment ended.")
    title_text = _("End the cross-appointment %(name)s")

    def community_of(self, obj):
        return obj.company.community

    def return_url(self, obj) -> str:
        return community_url(obj.area_code)
