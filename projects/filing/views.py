"""Pages of the secretaries' filing (社区党组织书记备案管理): the list of the area's community party
secretaries with its filters, sort and export; a secretary's filing page (selection, term, education,
age, training by year, review results by year, rewards and discipline, promotions, the organization's
previous secretaries); and the forms to file, change the secretary, add a course, a reward or
discipline, a promotion.

Every page starts from ``visible_to(user)`` (outside the area: 404); who may do what comes from
``projects.filing.permissions`` (403 with the reason); every write calls a service whose refusals are
shown beside the field, with the input kept (400)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from jilin_grid.masking import shown_date
from jilin_grid.views import Column, CommunityUpMixin, FilteredListView, PartCreateView, ServiceFormMixin
from projects.assessment.choices import ReviewGrade
from projects.assessment.selectors import scored_organizations

from . import services
from .filtersets import SecretaryFilingFilterSet, training_year_of
from .forms import ChangeSecretaryForm, ConductForm, FilingForm, PromotionForm, TrainingForm
from .models import SecretaryFiling, age_on
from .permissions import keeps_anywhere, may_add_training, may_keep, sees_birth_date, trains_anywhere
from .selectors import filing_page, filings_with_figures, years_between

KEEPERS_ONLY = _(
    "Only the district or county organization department files secretaries, changes them and records rewards, "
    "discipline and promotions."
)
TRAINERS_ONLY = _(
    "Only the district or county organization department and the street and community staff record training."
)


def filing_url(filing) -> str:
    return reverse("projects:filing_detail", args=[filing.pk])


def _review(filing) -> str:
    return ReviewGrade(filing.last_review).label if filing.last_review else ""


def _age(filing) -> int:
    return age_on(filing.birth_date, timezone.localdate())


def _years(filing) -> int:
    return years_between(filing.selected_on, filing.ended_on or timezone.localdate())


class FilingListView(CommunityUpMixin, FilteredListView):
    """The community party secretaries of the user's area in post (their current filings), filtered
    by age, years in post, training hours in a year, last review result and selection; sortable,
    exported to CSV and Excel."""

    model = SecretaryFiling
    filterset_class = SecretaryFilingFilterSet
    hidden_filters = ("current",)
    title = _("Community party secretaries")
    create_url_name = "projects:filing_create"
    columns = [
        Column(_("Secretary"), lambda f: f.secretary.name, link=filing_url, name="secretary", sort="name"),
        Column(_("Party organization"), lambda f: f.organization.name, name="organization"),
        Column(_("Area"), lambda f: f.area_name, name="area", sort="area"),
        Column(_("How selected"), lambda f: f.get_selection_display(), name="selection"),
        Column(_("Age"), _age, name="age"),
        Column(_("Birth date"), lambda f: f.birth_date, name="birth_date", sort="birth_date"),
        Column(_("Years in post"), _years, name="years", sort="-selected_on"),
        Column(_("Education"), lambda f: f.get_education_display(), name="education"),
        Column(_("Training hours"), lambda f: f.training_hours, name="training_hours", sort="-training_hours"),
        Column(_("Last review result"), _review, name="last_review"),
    ]
    card_columns = ("secretary", "organization", "age", "years", "training_hours", "last_review")

    def get_queryset(self):
        self.queryset = filings_with_figures(training_year_of(self.request.GET)).filter(ended_on__isnull=True)
        queryset = super().get_queryset()
        # The sort chosen (the FilterSet's ``sort``) orders the rows; by default, by area.
        return queryset if self.request.GET.get("sort") else queryset.order_by("area_code", "organization__name")

    def cell(self, column, obj):
        if column.name == "birth_date":
            return shown_date(obj.birth_date, whole=sees_birth_date(self.scope, obj.area_code))
        return super().cell(column, obj)


class FilingDetailView(CommunityUpMixin, TemplateView):
    """A secretary's filing: everything filed, the training by year, the review results by year, the
    rewards and discipline, the promotions and the organization's previous secretaries; the steps the
    user may take."""

    template_name = "projects/filing/filing_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filing = get_object_or_404(
            SecretaryFiling.objects.visible_to(self.request.user).select_related("organization", "secretary"),
            pk=self.kwargs["pk"],
        )
        keeps = may_keep(self.scope, filing.area_code)
        context.update(filing_page(filing))
        context.update(
            {
                "filing": filing,
                "title": str(filing),
                "age": _age(filing),
                "years_in_post": _years(filing),
                "birth_date": shown_date(filing.birth_date, whole=sees_birth_date(self.scope, filing.area_code)),
                "keeps": keeps and filing.is_current,
                "trains": may_add_training(self.scope, filing.area_code) and filing.is_current,
                "current": SecretaryFiling.objects.filter(organization_id=filing.organization_id, ended_on__isnull=True)
                .select_related("secretary")
                .first()
                if not filing.is_current
                else filing,
            }
        )
        return context


class FilingCreateView(CommunityUpMixin, ServiceFormMixin, FormView):
    """The district or county organization department files the current secretary of a community
    party organization of its area not filed yet (``?organization=`` chooses it)."""

    form_class = FilingForm
    success_url_name = "projects:filing_list"
    success_message = _("Secretary filed.")
    title = _("File a community party secretary")
    error_field_map = {"secretary": "organization"}

    @classmethod
    def permits(cls, scope) -> bool:
        return keeps_anywhere(scope)

    def get_denied_message(self):
        return KEEPERS_ONLY

    def organizations(self):
        codes = [code for code, role in self.scope.grants if may_keep(self.scope, code)]
        queryset = scored_organizations().filter(area_code__length=12).visible_to(self.request.user)
        if not self.scope.is_superuser:
            condition = Q()
            for code in codes:
                condition |= Q(area_code__startswith=code)
            queryset = queryset.filter(condition)
        return (
            queryset.exclude(pk__in=SecretaryFiling.objects.filter(ended_on__isnull=True).values("organization"))
            .select_related("secretary")
            .order_by("area_code", "name")
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organizations"] = self.organizations()
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("organization", "").isdigit():
            initial["organization"] = self.request.GET["organization"]
        return initial

    def perform(self, form):
        data = dict(form.cleaned_data)
        return services.filing_create(actor=self.request.user, **data)

    def get_success_url(self):
        return filing_url(self.object)


class FilingPartView(PartCreateView):
    """A form on a current filing of the user's area (404 outside it), for the roles ``allowed``
    (403 with ``denied_message`` for the others, and for an ended filing)."""

    model = SecretaryFiling
    services = services
    parent_name = "filing"

    @staticmethod
    def allowed(scope, code) -> bool:
        return may_keep(scope, code)

    @classmethod
    def permits(cls, scope) -> bool:
        return keeps_anywhere(scope)

    def get_denied_message(self):
        return KEEPERS_ONLY

    def get_object(self):
        obj = super().get_object()
        if not self.allowed(self.scope, obj.area_code):
            raise PermissionDenied(self.get_denied_message())
        if not obj.is_current:
            raise PermissionDenied(_("This filing has ended: the organization's current filing is kept instead."))
        return obj

    def return_url(self, record) -> str:
        return filing_url(record)


class ChangeSecretaryView(FilingPartView):
    """The current secretary leaves and a new one is filed, made the organization's secretary."""

    form_class = ChangeSecretaryForm
    success_message = _("Secretary changed: the new filing is open and the previous one kept.")
    title_text = _("Change the secretary of %(name)s")

    def record_name(self) -> str:
        return self.object.organization.name

    def perform(self, form):
        return services.filing_change_secretary(filing=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return filing_url(self.object)


class TrainingAddView(FilingPartView):
    form_class = TrainingForm
    service_name = "training_add"
    success_message = _("Training course recorded.")
    title_text = _("Record a training course of %(name)s")

    @staticmethod
    def allowed(scope, code) -> bool:
        return may_add_training(scope, code)

    @classmethod
    def permits(cls, scope) -> bool:
        return trains_anywhere(scope)

    def get_denied_message(self):
        return TRAINERS_ONLY


class ConductAddView(FilingPartView):
    form_class = ConductForm
    service_name = "record_add"
    success_message = _("Entry recorded.")
    title_text = _("Record a reward or discipline of %(name)s")


class PromotionAddView(FilingPartView):
    form_class = PromotionForm
    service_name = "record_add"
    success_message = _("Promotion recorded.")
    title_text = _("Record a promotion of %(name)s")
