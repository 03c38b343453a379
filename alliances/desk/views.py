"""Pages of the one-stop desk (全科社工: 一口清导办、一门式受理、一条龙服务).

The catalogue of matters is read by everyone from the communities up and edited by district staff
and above (``services.catalogue_editable``); the social workers, the cases and the figures are the
communities' and the areas' above them. Every page starts from ``visible_to(user)`` (outside the
area: 404); every write calls ``alliances.desk.services``, whose refusals are shown beside the
field (400, input kept). A case page offers its steps (next step, finish, turn into a resident's
problem) as ``jilin_grid.steps`` does: a refused step shows the page again with its form open.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from jilin_grid.aggregates import per_row
from jilin_grid.api.params import BAD_DATE, BAD_RANGE
from jilin_grid.areas import area_name_annotation
from jilin_grid.exports import iso_date
from jilin_grid.masking import shown_phone
from jilin_grid.scope import COMMUNITY_CODE_LENGTH, DISTRICT_CODE_LENGTH
from jilin_grid.steps import Step, StepPageMixin, StepView
from jilin_grid.views import (
    Column,
    CommunityUpMixin,
    FilteredListView,
    ScopedCreateView,
    ScopedQuerysetMixin,
    ScopedUpdateView,
    ServiceFormMixin,
    status_label,
    visible_area_or_404,
)

from . import services
from .choices import CaseStatus, ServiceMode
from .filtersets import CaseFilterSet, MatterFilterSet, SocialWorkerFilterSet
from .forms import (
    AdvanceForm,
    CaseForm,
    EscalateForm,
    FinishForm,
    MatterForm,
    SocialWorkerForm,
    SocialWorkerSkillsForm,
)
from .models import Case, Matter, MatterMaterial, MatterStep, SocialWorker
from .selectors import case_page, desk_figures, with_overdue, workers_page

# The social workers listed on a page of the desk's figures, most cases taken first.
WORKERS_PER_PAGE = 50


class DeskPageMixin(CommunityUpMixin):
    """The desk is the communities' (and the areas' above them): a role whose areas are all grids is
    refused its pages, saying why (403), and has no menu entry for them."""

    denied_message = _("The one-stop desk is kept by communities; your role works in a grid.")


def matter_url(matter) -> str:
    return reverse("alliances:desk_matter_detail", args=[matter.pk])


def case_url(case) -> str:
    return reverse("alliances:desk_case_detail", args=[case.pk])


def takes_cases(scope) -> bool:
    """Roles that take residents' matters at a community's desk: writing at a community or above."""
    return scope.writes_at(COMMUNITY_CODE_LENGTH)


# The catalogue -----------------------------------------------------------------------------------


class MatterListView(DeskPageMixin, FilteredListView):
    """The catalogue of service matters the user's communities offer: the district's and the city's."""

    model = Matter
    filterset_class = MatterFilterSet
    title = _("Service matters")
    create_url_name = "alliances:desk_matter_create"
    card_columns = ("name", "mode", "limit")
    columns = [
        Column(_("Matter"), lambda m: m.name, link=matter_url, name="name"),
        Column(_("Service mode"), lambda m: m.get_mode_display(), name="mode"),
        Column(_("Time limit (calendar days)"), lambda m: m.time_limit_days, name="limit"),
        Column(_("Materials"), lambda m: m.material_count),
        Column(_("Steps"), lambda m: m.step_count),
        Column(_("Catalogue of"), lambda m: m.catalogue_name),
        Column(_("Status"), status_label),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                material_count=per_row(MatterMaterial.objects.all(), Count("id"), field="matter"),
                step_count=per_row(MatterStep.objects.all(), Count("id"), field="matter"),
                catalogue_name=area_name_annotation("area_code"),
            )
            .order_by("mode", "name", "id")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for row in context["rows"]:
            row["edit_url"] = (
                reverse("alliances:desk_matter_edit", args=[row["object"].pk])
                if services.catalogue_editable(self.scope, row["object"].area_code)
                else None
            )
        return context


class MatterPageView(DeskPageMixin, ScopedQuerysetMixin, TemplateView):
    """A matter: what it is, its service mode and time limit, the materials to bring (一口清), its
    steps, and the social workers of the user's areas skilled in it."""

    model = Matter
    template_name = "alliances/desk/matter_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        matter = get_object_or_404(self.get_queryset().prefetch_related("materials", "steps"), pk=self.kwargs["pk"])
        workers = (
            matter.skilled_workers.visible_to(self.request.user)
            .filter(is_active=True)
            .select_related("person", "community")
        )
        context.update(
            {
                "matter": matter,
                "title": matter.name,
                "workers": list(workers),
                "editable": services.catalogue_editable(self.scope, matter.area_code),
                "takes_cases": matter.is_active and takes_cases(self.scope),
            }
        )
        return context


class CatalogueEditMixin(DeskPageMixin):
    """Writing the catalogue: district staff and above."""

    model = Matter
    form_class = MatterForm
    success_url_name = "alliances:desk_matter_list"
    denied_message = _("The catalogue is edited by the staff of a district or of the city; your role reads it.")

    @classmethod
    def permits(cls, scope) -> bool:
        return scope.writes_at(DISTRICT_CODE_LENGTH)

    def get_denied_message(self):
        return self.denied_message


class MatterCreateView(CatalogueEditMixin, ScopedCreateView):
    """District staff (or the city's) add a matter to their catalogue."""

    area_length = DISTRICT_CODE_LENGTH
    success_message = _("Matter added to the catalogue.")

    def perform(self, form):
        return services.matter_add(area_code=form.cleaned_data["area_code"], **form.service_data())

    def get_success_url(self):
        return matter_url(self.object)


class MatterUpdateView(CatalogueEditMixin, ScopedUpdateView):
    """Change a matter of the catalogue; cases already taken keep what they were accepted with."""

    def check_write(self, code: str) -> None:
        if not services.catalogue_editable(self.scope, code):
            raise PermissionDenied(self.denied_message)

    def get_cancel_url(self) -> str:
        return matter_url(self.object)

    def get_success_url(self):
        return matter_url(self.object)

    def perform(self, form):
        return services.matter_update(matter=self.object, **form.service_data())


# Social workers ----------------------------------------------------------------------------------


def worker_skills(worker) -> str:
    return "、".join(matter.name for matter in worker.matters.all())


class SocialWorkerListView(DeskPageMixin, FilteredListView):
    """The all-round social workers of the user's areas: who holds which posts and takes what."""

    model = SocialWorker
    queryset = SocialWorker.objects.select_related("person", "community").prefetch_related("matters")
    filterset_class = SocialWorkerFilterSet
    title = _("All-round social workers")
    create_url_name = "alliances:desk_worker_create"
    edit_url_name = "alliances:desk_worker_edit"
    columns = [
        Column(_("Name"), lambda w: w.person.name, name="name"),
        Column(_("Community"), lambda w: w.community.name, name="community"),
        Column(_("Phone"), lambda w: w.person.phone, personal=True),
        Column(_("Posts"), lambda w: "、".join(w.post_labels()), name="posts"),
        Column(_("Skilled in"), worker_skills, name="skills"),
        Column(_("Cases in hand"), lambda w: w.in_hand),
        Column(_("Status"), status_label),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(in_hand=per_row(Case.objects.filter(status=CaseStatus.OPEN), Count("id"), field="worker"))
            .order_by("area_code", "id")
        )


class SocialWorkerCreateView(DeskPageMixin, ScopedCreateView):
    """Community staff (or staff above) put a social worker at their community's desk."""

    model = SocialWorker
    form_class = SocialWorkerForm
    success_url_name = "alliances:desk_worker_list"
    area_length = COMMUNITY_CODE_LENGTH
    success_message = _("Social worker added.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        self.check_write(data["community"].code)
        return services.social_worker_add(
            community=data["community"], name=data["name"], phone=data["phone"], posts=data["posts"],
            matters=data["matters"],
        )  # fmt: skip


class SocialWorkerUpdateView(DeskPageMixin, ScopedUpdateView):
    """Change the posts a social worker holds and the matters they are skilled in."""

    model = SocialWorker
    queryset = SocialWorker.objects.select_related("person", "community")
    form_class = SocialWorkerSkillsForm
    success_url_name = "alliances:desk_worker_list"

    def perform(self, form):
        data = form.cleaned_data
        return services.social_worker_update(worker=self.object, posts=data["posts"], matters=data["matters"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Posts and skills of %(name)s") % {"name": self.object.person.name}
        return context


# Cases -------------------------------------------------------------------------------------------


def overdue_label(case) -> str:
    return str(_("Overdue")) if case.overdue else ""


class CaseListView(DeskPageMixin, FilteredListView):
    """The cases of the user's areas, newest first, by state, service mode, worker and overdue."""

    model = Case
    filterset_class = CaseFilterSet
    title = _("One-stop desk")
    create_url_name = "alliances:desk_case_create"
    card_columns = ("matter", "status", "due", "worker")
    columns = [
        Column(_("Matter"), lambda c: c.matter.name, link=case_url, name="matter"),
        Column(_("Resident"), lambda c: c.resident_name, name="resident"),
        Column(_("Resident's phone"), lambda c: c.resident_phone, personal=True),
        Column(_("Social worker"), lambda c: c.worker.person.name, name="worker"),
        Column(_("Community"), lambda c: c.community.name),
        Column(_("Grid"), lambda c: c.grid.name if c.grid_id else ""),
        Column(_("Accepted on"), lambda c: iso_date(c.accepted_on)),
        Column(_("Due on"), lambda c: iso_date(c.due_on), name="due"),
        Column(_("Status"), lambda c: c.get_status_display(), name="status"),
        Column(_("Overdue"), overdue_label),
    ]

    def get_queryset(self):
        queryset = super().get_queryset().select_related("matter", "worker__person", "community", "grid")
        return with_overdue(queryset).order_by("-accepted_on", "-id")

    def row_css(self, obj) -> str:
        return "table-danger" if obj.overdue else ""


class CaseCreateView(DeskPageMixin, ServiceFormMixin, FormView):
    """Take a resident's matter at the desk (一门式). Without a matter the page is the matter picker
    (the catalogue by service mode); with ``?matter=`` it shows exactly what the matter needs as a
    checklist (一口清), and the case starts only when every required material is checked."""

    template_name = "alliances/desk/case_form.html"
    success_message = _("Case accepted.")
    denied_message = _("Cases are taken by the staff of a community's desk; your role reads them.")

    @classmethod
    def permits(cls, scope) -> bool:
        return takes_cases(scope)

    def get_denied_message(self):
        if self.scope.reaches(COMMUNITY_CODE_LENGTH):
            return self.denied_message
        return super().get_denied_message()

    def matter(self) -> Matter | None:
        if not hasattr(self, "_matter"):
            raw = self.request.POST.get("matter") or self.request.GET.get("matter")
            queryset = Matter.objects.visible_to(self.request.user).filter(is_active=True)
            self._matter = None
            if raw:
                if not str(raw).isdigit():
                    raise Http404(_("No such matter."))
                self._matter = get_object_or_404(queryset.prefetch_related("materials", "steps"), pk=raw)
        return self._matter

    def get_form(self, form_class=None):
        if self.matter() is None:
            return None
        return super().get_form(form_class)

    def get_form_class(self):
        return CaseForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["matter"] = self.matter()
        initial = kwargs.setdefault("initial", {})
        own = SocialWorker.objects.filter(user=self.request.user, is_active=True).select_related("community").first()
        if own is not None:
            initial.update({"worker": own.pk, "community": own.community_id})
        return kwargs

    def post(self, request, *args, **kwargs):
        if self.matter() is None:
            raise Http404(_("No such matter."))
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        self.check_write(data["community"].code)
        return services.case_accept(
            community=data["community"], matter=self.matter(), worker=data["worker"],
            resident_name=data["resident_name"], resident_phone=data["resident_phone"],
            checked=data["materials"], grid=data["grid"], actor=self.request.user,
        )  # fmt: skip

    def get_success_url(self):
        return case_url(self.object)

    def get_cancel_url(self) -> str:
        return reverse("alliances:desk_case_list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        matter = self.matter()
        context["matter"] = matter
        if matter is None:
            matters = list(Matter.objects.visible_to(self.request.user).filter(is_active=True).order_by("mode", "name"))
            labels = dict(ServiceMode.choices)
            context["modes"] = [
                {"label": labels[mode], "matters": [m for m in matters if m.mode == mode]}
                for mode in ServiceMode.values
                if any(m.mode == mode for m in matters)
            ]
        context["title"] = _("Take a matter at the desk") if matter is None else matter.name
        return context


STEPS = {
    "advance": Step(
        _("Next step"),
        AdvanceForm,
        lambda c, d, actor: services.case_advance(case=c, done_on=d["done_on"], note=d["note"]),
        _("Step done."),
        "btn-primary",
    ),
    "finish": Step(
        _("Finish"),
        FinishForm,
        lambda c, d, actor: services.case_finish(case=c, finished_on=d["finished_on"]),
        _("Case finished."),
        "btn-success",
    ),
    "escalate": Step(
        _("Turn into a resident's problem"),
        EscalateForm,
        lambda c, d, actor: services.case_escalate(
            case=c, category=d["category"], description=d["description"], grid=d.get("grid"), actor=actor
        ),
        _("The case is now a resident's problem of the grid."),
        "btn-outline-danger",
    ),
}


def available_steps(scope, case) -> list[str]:
    """The steps the case page offers: while in hand, to a writing role over its area."""
    if case.status != CaseStatus.OPEN or not scope.can_write(case.area_code):
        return []
    remaining = any(step.done_on is None for step in case.steps.all())
    return ["advance" if remaining else "finish", "escalate"]


class CasePageView(DeskPageMixin, StepPageMixin, ScopedQuerysetMixin, TemplateView):
    """A case: the resident, the matter, the materials checked, its steps in order with their days,
    its due day and whether it is overdue, and the steps it offers."""

    model = Case
    template_name = "alliances/desk/case_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            case = case_page(self.get_queryset(), self.kwargs["pk"])
        except Case.DoesNotExist as exc:
            raise Http404 from exc
        steps = list(case.steps.all())
        current = next((step for step in steps if step.done_on is None), None)
        offered = [
            {
                "name": name,
                "label": STEPS[name].label,
                "css": STEPS[name].css,
                "form": self.step_form(name, STEPS[name].form_class, **({"case": case} if name == "escalate" else {})),
                "url": reverse("alliances:desk_case_step", args=[case.pk, name]),
            }
            for name in available_steps(self.scope, case)
        ]
        context.update(
            {
                "case": case,
                "title": str(case),
                "resident_phone": shown_phone(self.scope, case.resident_phone, case.area_code),
                "materials": list(case.materials.all()),
                "steps": steps,
                "current": current,
                "overdue": case.is_overdue(timezone.localdate()),
                "offered": offered,
                "problem_visible": case.problem_id is not None and self.scope.covers(case.problem.area_code),
            }
        )
        return context


class CaseStepView(DeskPageMixin, StepView):
    """POST one step of a case page; the service decides whether the case allows it."""

    model = Case
    steps = STEPS
    page_view = CasePageView
    denied_message = _("Your role may not take this step on this case.")

    def may_take(self, obj, name, step) -> bool:
        return self.scope.can_write(obj.area_code)

    def form_kwargs(self, obj, name: str) -> dict:
        return {"case": obj} if name == "escalate" else {}

    def object_url(self, obj) -> str:
        return case_url(obj)


# Figures -----------------------------------------------------------------------------------------


class DeskFiguresView(DeskPageMixin, TemplateView):
    """The desk's figures of an area (``?area=``, default the user's) for a period (``?from=&to=``):
    matters taken, finished, finished within the time limit, by service mode, by worker and by child
    area, and the average days a case took."""

    template_name = "alliances/desk/figures.html"

    def period(self):
        errors, days = [], {}
        for name in ("from", "to"):
            text = self.request.GET.get(name, "").strip()
            days[name] = None
            if text:
                try:
                    days[name] = date.fromisoformat(text)
                except ValueError:
                    errors.append(f"{name}: {BAD_DATE}")
        if days["from"] and days["to"] and days["from"] > days["to"]:
            errors.append(f"from: {BAD_RANGE}")
            days = {"from": None, "to": None}
        return days["from"], days["to"], errors

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = visible_area_or_404(self.request.GET.get("area") or None, self.scope)
        start, end, errors = self.period()
        number = self.request.GET.get("page") or 1
        figures = desk_figures(area, start, end, workers_page=(number, WORKERS_PER_PAGE))
        page = workers_page(figures["workers_count"], number, WORKERS_PER_PAGE)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "page_obj": page,
                "paginator": page.paginator,
                "is_paginated": page.has_other_pages(),
                "query_without_page": query.urlencode(),
                "title": _("Desk figures"),
                "area": area,
                "figures": figures,
                "start": start,
                "end": end,
                "period_errors": errors,
                "in_time_rate": round(100 * figures["finished_in_time"] / figures["finished"])
                if figures["finished"]
                else None,
            }
        )
        return context
