"""Pages of the rectification of weak and lax organizations (软弱涣散党组织整改晋位): the cases of the
user's areas (open and rectified, with their measures' progress, filtered, exported), the
identification form (from a candidate of the assessment, or an organization searched), and a case's
page with its steps: add a measure, complete one, report a month's progress, link the reporting
members, extend the deadline, accept the case as rectified."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from communities.models import PartyOrganization
from jilin_grid.forms import apply_validation_error
from jilin_grid.steps import Step, StepPageMixin, StepView, mark_errors
from jilin_grid.views import REFUSED_STATUS, Column, FilteredListView, ScopedQuerysetMixin, ScopeMixin
from projects.assessment.models import BranchScore

from . import services
from .choices import CaseSource, CaseStatus
from .filtersets import RectificationCaseFilterSet
from .forms import AcceptForm, CompleteForm, ExtendForm, IdentifyForm, MeasureForm, MembersForm, ProgressForm
from .models import RectificationCase
from .permissions import decides_anywhere, may_decide, may_work
from .selectors import case_list, case_page

# Organizations offered by the identification page's search, at most.
SEARCH_SHOWN = 30
STREET_CODE_LENGTH = 9


def case_url(case) -> str:
    return reverse("projects:rectification_case", args=[case.pk])


def stars_text(stars) -> str:
    return "★" * stars if stars else ""


class CaseListView(FilteredListView):
    """The cases of the user's areas, open and rectified, with their measures done of all and those
    overdue; filtered by area, status, year, source, problem and overdue; exported."""

    model = RectificationCase
    template_name = "projects/rectification/case_list.html"
    filterset_class = RectificationCaseFilterSet
    chipless_filters = ("status",)
    title = _("Rectification of weak and lax organizations")
    create_url_name = "projects:rectification_identify"
    columns = [
        Column(_("Party organization"), lambda c: c.organization_name, link=case_url, name="organization"),
        Column(_("Area"), lambda c: c.area_name, name="area"),
        Column(_("Year identified"), lambda c: c.year, name="year"),
        Column(_("Identified from"), lambda c: c.get_source_display()),
        Column(_("Status"), lambda c: c.get_status_display(), name="status"),
        Column(_("Measures done"), lambda c: f"{c.measures_done}/{c.measures_total}", name="measures"),
        Column(_("Overdue measures"), lambda c: c.measures_overdue, name="overdue"),
        Column(_("Deadline"), lambda c: c.deadline),
        Column(_("Guarantor"), lambda c: c.guarantor.name),
        Column(_("Helping department"), lambda c: c.department.name),
        Column(_("Paired community"), lambda c: c.paired_community_name),
        Column(_("Accepted on"), lambda c: c.accepted_on or ""),
    ]
    card_columns = ("organization", "area", "status", "measures", "overdue")

    def get_queryset(self):
        self.queryset = case_list(RectificationCase.objects.all())
        return super().get_queryset()

    def row_css(self, obj) -> str:
        return "table-warning" if obj.measures_overdue else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("status", None)
        base = query.urlencode()
        current = self.request.GET.get("status", "")
        context["status_tabs"] = [
            {"label": label, "url": "?" + "&".join(p for p in (base, f"status={value}" if value else "") if p),
             "active": current == value}
            for value, label in (("", _("All")), (CaseStatus.OPEN, CaseStatus.OPEN.label),
                                 (CaseStatus.RECTIFIED, CaseStatus.RECTIFIED.label))
        ]  # fmt: skip
        return context


class IdentifyView(ScopeMixin, TemplateView):
    """Identify an organization as weak and lax: the organization comes from a candidate's score
    (``?score=``), from a poor review or a search (``?organization=``, ``?q=``); then the form."""

    template_name = "projects/rectification/identify.html"
    denied_message = _("Only the district (or city) organization department identifies weak and lax organizations.")

    @classmethod
    def permits(cls, scope) -> bool:
        return decides_anywhere(scope)

    def organizations(self):
        return PartyOrganization.objects.visible_to(self.request.user).filter(
            area_code__length__gte=STREET_CODE_LENGTH, is_active=True
        )

    def chosen(self):
        """(organization, the score it comes from) named by the request, inside the user's area."""
        params = self.request.POST if self.request.method == "POST" else self.request.GET
        score = None
        if params.get("score", "").isdigit() and self.request.method == "GET":
            score = get_object_or_404(BranchScore.objects.visible_to(self.request.user), pk=params["score"])
            organization = get_object_or_404(self.organizations(), pk=score.organization_id)
        elif params.get("organization", "").isdigit():
            organization = get_object_or_404(self.organizations(), pk=params["organization"])
        else:
            return None, None
        if not may_decide(self.scope, organization.area_code):
            raise PermissionDenied(self.denied_message)
        return organization, score

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization, score = kwargs.get("organization"), None
        if organization is None:
            organization, score = self.chosen()
        form = kwargs.get("form")
        if organization is not None and form is None:
            initial = {"deadline": timezone.localdate().replace(month=12, day=31)}
            if score is not None:
                initial.update(source=CaseSource.SCORE, score=score.pk)
            form = IdentifyForm(organization=organization, user=self.request.user, initial=initial)
        text = self.request.GET.get("q", "").strip()
        found = []
        if organization is None and text:
            found = list(self.organizations().filter(name__icontains=text).order_by("area_code", "name")[:SEARCH_SHOWN])
        open_case = (
            RectificationCase.objects.filter(organization=organization, status=CaseStatus.OPEN).first()
            if organization is not None
            else None
        )
        context.update({"organization": organization, "form": form, "q": text, "found": found,
                        "open_case": open_case})  # fmt: skip
        return context

    def post(self, request, *args, **kwargs):
        organization, _score = self.chosen()
        if organization is None:
            raise Http404(_("Choose the organization to identify."))
        form = IdentifyForm(request.POST, organization=organization, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.case_identify(
                    organization=organization, source=data["source"], score=data["score"], review=data["review"],
                    reason=data["reason"], problems=data["problems"], problem_note=data["problem_note"],
                    guarantor=data["guarantor"], department=data["department"],
                    paired_community=data["paired_community"], deadline=data["deadline"], actor=request.user,
                )  # fmt: skip
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("%(name)s was identified for rectification.") % {"name": organization})
                return redirect(case_url(case))
        mark_errors(form)
        return self.render_to_response(
            self.get_context_data(organization=organization, form=form), status=REFUSED_STATUS
        )


STEP_LABELS = {
    "add-measure": _("Add a measure"),
    "complete-measure": _("Complete a measure"),
    "report-progress": _("Report this month's progress"),
    "members": _("Members reporting"),
    "extend": _("Extend the deadline"),
    "accept": _("Accept as rectified"),
}
DECIDING_STEPS = ("extend", "accept")


def _form_kwargs(case, name: str, measures=None) -> dict:
    if name == "complete-measure":
        return {"measures": measures if measures is not None else list(case.measures.all())}
    if name == "members":
        return {"case": case}
    return {}


def _may_role(scope, case, name: str) -> bool:
    return may_decide(scope, case.area_code) if name in DECIDING_STEPS else may_work(scope, case.area_code)


def _may_take(scope, case, name: str) -> bool:
    """The page offers a step of an open case to the roles that take it."""
    return case.is_open and _may_role(scope, case, name)


class CaseDetailView(StepPageMixin, ScopedQuerysetMixin, TemplateView):
    """A case: the problems, what it was identified from, the guarantor, the helping department, the
    paired community and its stars, the reporting members, the measures (overdue flagged), the
    monthly progress, the extensions and the acceptance; the steps the user's role may take."""

    model = RectificationCase
    template_name = "projects/rectification/case_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = get_object_or_404(
            self.get_queryset().select_related(
                "organization", "guarantor", "department", "paired_community", "score", "review", "rerating",
                "identified_by", "accepted_by",
            ),
            pk=self.kwargs["pk"],
        )  # fmt: skip
        page = case_page(case)
        steps = []
        for name in STEP_LABELS:
            if _may_take(self.scope, case, name):
                form_class = CaseStepView.step_forms[name]
                steps.append({
                    "name": name, "label": STEP_LABELS[name],
                    "url": reverse("projects:rectification_step", args=[case.pk, name]),
                    "form": self.step_form(name, form_class, **_form_kwargs(case, name, page["measures"])),
                    "open": self.is_refused_step(name), "has_fields": True,
                })  # fmt: skip
        context.update(
            {
                "case": case,
                "page": page,
                "paired_stars": stars_text(page["paired_stars"][1]) if page["paired_stars"] else "",
                "paired_year": page["paired_stars"][0] if page["paired_stars"] else None,
                "steps": steps,
                "rerating_stars": stars_text(case.rerating.stars) if case.rerating else "",
            }
        )
        return context


class CaseStepView(StepView):
    """POST a step of a case's page."""

    model = RectificationCase
    page_view = CaseDetailView
    denied_message = _("Your role may not take this step on this case.")
    step_forms = {
        "add-measure": MeasureForm,
        "complete-measure": CompleteForm,
        "report-progress": ProgressForm,
        "members": MembersForm,
        "extend": ExtendForm,
        "accept": AcceptForm,
    }

    @property
    def steps(self) -> dict:
        def add_measure(case, data, actor):
            services.measure_add(case=case, title=data["title"], due_on=data["due_on"], actor=actor)

        def complete_measure(case, data, actor):
            measure = case.measures.filter(pk=data["measure"]).first()
            if measure is None:
                raise ValidationError({"measure": _("Not a measure of this case.")})
            services.measure_complete(measure=measure, done_on=data["done_on"], note=data["note"], actor=actor)

        def report_progress(case, data, actor):
            services.progress_report(case=case, month=data["month"], text=data["text"], actor=actor)

        def members(case, data, actor):
            services.case_members_set(case=case, member_reports=data["member_reports"])

        def extend(case, data, actor):
            services.case_extend(case=case, new_deadline=data["new_deadline"], reason=data["reason"], actor=actor)

        def accept(case, data, actor):
            services.case_accept(case=case, accepted_on=data["accepted_on"], note=data["note"],
                                 open_measures_reason=data["open_measures_reason"], actor=actor)  # fmt: skip

        performs = {"add-measure": (add_measure, _("The measure was added.")),
                    "complete-measure": (complete_measure, _("The measure was recorded as done.")),
                    "report-progress": (report_progress, _("The month's progress was reported.")),
                    "members": (members, _("The members reporting were saved.")),
                    "extend": (extend, _("The deadline was extended.")),
                    "accept": (accept, _("The case was accepted as rectified."))}  # fmt: skip
        return {
            name: Step(STEP_LABELS[name], self.step_forms[name], perform, message)
            for name, (perform, message) in performs.items()
        }

    def form_kwargs(self, obj, name: str) -> dict:
        return _form_kwargs(obj, name)

    def may_take(self, obj, name: str, step) -> bool:
        # A closed case's step is refused by the service (400, saying why), a role's by 403.
        return _may_role(self.scope, obj, name)

    def object_url(self, obj) -> str:
        return case_url(obj)
