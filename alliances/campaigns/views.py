"""Pages of the campaigns of the all-round grids (全能网格).

A campaign is seen from its own area, from the areas inside it and from above (a grid worker sees
the city's campaign); outside: 404. Its page shows the figures of an area (``?area=``, default the
campaign's own or the user's) and of its children; the visit page is a phone form kept in the
browser while there is no signal (``static/js/campaign_visits.js``) and sent through the API; the
donations' list is read by everyone who sees the campaign once published, before by the writers
over its area; the daily summary is HTML and Excel.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View

from grids.network.models import Unit
from jilin_grid.areas import AreaLevel
from jilin_grid.exports import export_filename, iso_date
from jilin_grid.scope import STREET_CODE_LENGTH, WRITE_ROLES
from jilin_grid.views import (
    Column,
    FilteredListView,
    ScopedCreateView,
    ScopedQuerysetMixin,
    ScopeMixin,
    ServiceFormMixin,
    visible_area_or_404,
)

from . import services
from .choices import QuestionKind, SupplyKind, TaskState
from .filtersets import CampaignFilterSet, DonationFilterSet
from .forms import CampaignForm, CampaignShiftForm, DonationForm, SupportTaskForm
from .models import Campaign, DailySummary, Donation, TeamMember
from .selectors import campaigns_reached
from .summary import summary_tables, summary_workbook


def campaign_url(campaign) -> str:
    return reverse("alliances:campaign_detail", args=[campaign.pk])


def writes_in(scope, code: str) -> bool:
    """True when the user writes somewhere inside the area ``code`` (or over it)."""
    if scope.is_superuser:
        return True
    return any(
        role in WRITE_ROLES and (granted.startswith(code) or code.startswith(granted)) for granted, role in scope.grants
    )


class CampaignReachMixin(ScopedQuerysetMixin):
    """Campaigns over the user's areas and over the areas above them."""

    def get_queryset(self):
        return campaigns_reached(self.request.user)


class CampaignListView(FilteredListView, CampaignReachMixin):
    """The campaigns the user takes part in or oversees."""

    model = Campaign
    filterset_class = CampaignFilterSet
    title = _("Campaigns of the all-round grids")
    create_url_name = "alliances:campaign_create"
    columns = [
        Column(_("Title"), lambda c: c.title, link=campaign_url, name="title"),
        Column(_("Kind"), lambda c: c.kind.name, name="kind"),
        Column(_("Area code"), lambda c: c.area_code),
        Column(_("Starts on"), lambda c: iso_date(c.starts_on)),
        Column(_("Ends on"), lambda c: iso_date(c.ends_on)),
        Column(_("Status"), lambda c: _("Closed") if c.is_closed else _("Running")),
    ]

    def get_queryset(self):
        return super().get_queryset().order_by("-starts_on", "-id")


class CampaignCreateView(ScopedCreateView):
    """The city, a district or a street opens a campaign: every grid of its area becomes a team."""

    model = Campaign
    form_class = CampaignForm
    area_length = STREET_CODE_LENGTH
    success_url_name = "alliances:campaign_list"
    success_message = _("Campaign opened: every grid of its area is a team.")
    title = _("Open a campaign")

    def perform(self, form):
        data = form.cleaned_data
        return services.campaign_open(
            kind=data["kind"],
            title=data["title"],
            area_code=data["area_code"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            questions=data["questions"],
            post_names=data["posts"],
        )

    def get_success_url(self):
        return campaign_url(self.object)


class CampaignObjectMixin(ScopeMixin):
    """The campaign of the URL, among those the user reaches (404 otherwise)."""

    @cached_property
    def campaign(self) -> Campaign:
        return get_object_or_404(campaigns_reached(self.request.user), pk=self.kwargs["pk"])

    def get_area(self):
        code = self.request.GET.get("area") or None
        if code is None and self.scope.covers(self.campaign.area_code):
            code = self.campaign.area_code
        return visible_area_or_404(code, self.scope)


class CampaignPageView(CampaignObjectMixin, TemplateView):
    """A campaign in an area: households visited out of households (per child area), findings by
    question and answer, duty covered hour by hour, support tasks by state, supplies by kind and
    donations."""

    template_name = "alliances/campaigns/campaign_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = self.get_area()
        day = timezone.localdate()
        summary = summary_tables(self.campaign, area, day)
        figures = summary["figures"]
        for row in figures["children"]:
            row["rate"] = round(row["visited"] * 100 / row["households"], 1) if row["households"] else 0
        peak = max(figures["duty_by_hour"]) or 1
        context.update(
            {
                "campaign": self.campaign,
                "title": self.campaign.title,
                "area": area,
                "figures": figures,
                "totals": summary["totals"],
                "rate": round(figures["visited"] * 100 / figures["households"], 1) if figures["households"] else 0,
                "duty_hours": [
                    {"hour": f"{hour:02d}", "count": count, "width": round(count * 100 / peak)}
                    for hour, count in enumerate(figures["duty_by_hour"])
                ],
                "task_rows": [(TaskState(state).label, n) for state, n in figures["support_tasks"].items()],
                "supply_rows": [(SupplyKind(kind).label, n) for kind, n in figures["supplies"].items()],
                "team": self.team(area),
                "can_visit": not self.campaign.is_closed and writes_in(self.scope, self.campaign.area_code),
                "can_read_donations": self.campaign.donations_published
                or self.scope.can_write(self.campaign.area_code),
            }
        )
        return context

    def team(self, area) -> list | None:
        """A grid's team (its workers and chiefs, and the cadres and members who joined), on the
        grid's page; None above a grid, whose page counts its grids instead."""
        if area.level != AreaLevel.GRID:
            return None
        return list(
            TeamMember.objects.filter(campaign=self.campaign, area_code=area.code)
            .select_related("person")
            .order_by("role", "person__name", "id")
        )


class CampaignSummaryView(CampaignObjectMixin, TemplateView):
    """The daily summary of a campaign in an area for its organization department: HTML to print,
    ``?format=xlsx`` the same tables as a workbook."""

    template_name = "alliances/campaigns/campaign_summary.html"

    def get(self, request, *args, **kwargs):
        area = self.get_area()
        day = timezone.localdate()
        summary = summary_tables(self.campaign, area, day)
        if request.GET.get("format") == "xlsx":
            response = HttpResponse(
                summary_workbook(summary),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            name = export_filename(f"{self.campaign.title}-{area.name}", "xlsx", day)
            response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
            return response
        stored = (
            DailySummary.objects.visible_to(request.user)
            .filter(campaign=self.campaign)
            .only("id", "day", "area_code", "produced_at")
            .order_by("-day")[:31]
        )
        context = self.get_context_data(
            campaign=self.campaign,
            area=area,
            day=day,
            tables=summary["tables"],
            title=self.campaign.title,
            stored=list(stored),
        )
        return self.render_to_response(context)


class CampaignPartCreateView(CampaignObjectMixin, ServiceFormMixin, FormView):
    """Add something to an open campaign (a duty turn, a support task, a donation): its form,
    saved by the service; the user returns to the campaign's page. Offered to writing roles."""

    denied_message = _("Your role may only read records.")
    title_text = None
    # The form's field whose row's area the user must write in.
    area_source = ""

    @classmethod
    def permits(cls, scope) -> bool:
        return scope.can_write_anywhere()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user", None)
        if self.campaign.is_closed:
            raise PermissionDenied(_("The campaign is closed."))
        return {**kwargs, "campaign": self.campaign, "scope": self.scope}

    def perform(self, form):
        data = dict(form.cleaned_data)
        self.check_write(data[self.area_source].area_code)
        return self.save(data)

    def save(self, data: dict):
        raise NotImplementedError

    def get_success_url(self):
        return campaign_url(self.campaign)

    def get_cancel_url(self) -> str:
        return campaign_url(self.campaign)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title_text % {"campaign": self.campaign.title}
        return context


class ShiftCreateView(CampaignPartCreateView):
    """A turn of duty at a post of a team of the user's grids, by a member of the team."""

    form_class = CampaignShiftForm
    success_message = _("Duty turn added.")
    error_field_map = {"starts_at": "start", "ends_at": "end"}
    title_text = _("Add a duty turn to %(campaign)s")
    area_source = "post"

    def save(self, data):
        return services.shift_add(
            post=data["post"], person=data["person"], starts_at=data["starts_at"], ends_at=data["ends_at"]
        )


class SupportTaskCreateView(CampaignPartCreateView):
    """A support task for a member unit of an alliance of the user's areas."""

    form_class = SupportTaskForm
    success_message = _("Support task assigned.")
    title_text = _("Assign a support task of %(campaign)s")
    area_source = "member_unit"

    def save(self, data):
        return services.support_task_assign(campaign=self.campaign, **data)


class DonationCreateView(CampaignPartCreateView):
    """A member's donation to the campaign, by a party organization of the user's areas."""

    form_class = DonationForm
    success_message = _("Donation recorded.")
    title_text = _("Record a donation to %(campaign)s")
    area_source = "organization"

    def save(self, data):
        return services.donation_record(campaign=self.campaign, **data)


class DailySummaryView(ScopedQuerysetMixin, View):
    """A daily summary kept by the worker for an organization department: its page, or with
    ``?format=xlsx`` its workbook."""

    model = DailySummary

    def get(self, request, pk):
        summary = get_object_or_404(self.get_queryset().select_related("campaign"), pk=pk)
        if request.GET.get("format") == "xlsx":
            response = HttpResponse(
                bytes(summary.workbook),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            name = export_filename(summary.campaign.title, "xlsx", summary.day)
            response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
            return response
        return HttpResponse(summary.html)


class VisitPageView(CampaignObjectMixin, TemplateView):
    """The grid worker's phone form of a household visit: the units of their grids in the campaign,
    the door number and the checklist. Recorded without signal, a visit waits in the browser and is
    sent once when the phone is back online."""

    template_name = "alliances/campaigns/visit_form.html"

    @classmethod
    def permits(cls, scope) -> bool:
        return scope.can_write_anywhere()

    denied_message = _("Your role may only read records.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.campaign
        if campaign.is_closed:
            raise PermissionDenied(_("The campaign is closed."))
        units = (
            Unit.objects.visible_to(self.request.user)
            .filter(area_code__startswith=campaign.area_code, is_active=True, households__gt=0)
            .select_related("building__grid")
            .order_by("area_code", "building__name", "number")
        )
        units = [unit for unit in units if self.scope.can_write(unit.area_code)]
        if not units:
            raise PermissionDenied(_("You have no household of this campaign to visit."))
        questions = list(campaign.questions.order_by("position", "id"))
        for question in questions:
            question.options = (
                [("yes", _("Yes")), ("no", _("No"))]
                if question.kind == QuestionKind.YES_NO
                else [(choice, choice) for choice in question.choices]
            )
        context.update(
            {
                "campaign": campaign,
                "title": _("Household visit"),
                "units": units,
                "questions": questions,
                "today": timezone.localdate().isoformat(),
            }
        )
        return context


class DonationReachMixin(ScopedQuerysetMixin):
    """A campaign's donations: all of them once published, before only those of the user's areas
    and to the writers over the campaign's area."""

    def get_queryset(self):
        campaign = self.campaign
        queryset = Donation.objects.filter(campaign=campaign).select_related("organization")
        if campaign.donations_published:
            return queryset
        if not self.scope.can_write(campaign.area_code):
            raise PermissionDenied(_("The list of donations is not published yet."))
        return queryset.visible_to(self.request.user)


class DonationListView(FilteredListView, DonationReachMixin):
    """The list of a campaign's donations: donor, party organization, work unit, amount, day, receipt."""

    model = Donation
    template_name = "alliances/campaigns/donation_list.html"
    filterset_class = DonationFilterSet
    hidden_filters = ("campaign",)
    columns = [
        Column(_("Donor"), lambda d: d.donor_name, name="donor"),
        Column(_("Party organization"), lambda d: d.organization.name, name="organization"),
        Column(_("Work unit"), lambda d: d.unit_name, name="unit"),
        Column(_("Amount (yuan)"), lambda d: d.amount, name="amount"),
        Column(_("Donated on"), lambda d: iso_date(d.donated_on)),
        Column(_("Receipt number"), lambda d: d.receipt_number),
    ]

    @cached_property
    def campaign(self) -> Campaign:
        return get_object_or_404(campaigns_reached(self.request.user), pk=self.kwargs["pk"])

    def get_title(self):
        return _("Donations to %(campaign)s") % {"campaign": self.campaign.title}

    def get_queryset(self):
        return super().get_queryset().order_by("-amount", "receipt_number")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = self.object_list.order_by().aggregate(members=Count("id"), amount=Sum("amount"))
        context.update(
            {
                "campaign": self.campaign,
                "members": totals["members"],
                "amount": totals["amount"] or Decimal("0.00"),
            }
        )
        return context
