"""Pages of the No.1 projects (书记一号工程): the list, claiming and revising, the project page and its steps.

Every page starts from ``visible_to(user)`` (outside the area: 404); who may do what comes from
``projects.projects.permissions``; every write calls a service in ``projects.projects.services``,
whose refusals (ValidationError) are shown to the user as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from jilin_grid.areas import area_name_annotation
from jilin_grid.exports import percent
from jilin_grid.steps import StepPageMixin, StepView
from jilin_grid.users import display_name
from jilin_grid.views import (
    Column,
    FilteredListView,
    HtmlCell,
    ScopedCreateView,
    ScopedQuerysetMixin,
    ScopedUpdateView,
    badge_cell,
    protected_file_response,
)

from . import services
from .choices import Light
from .filtersets import ProjectFilterSet
from .forms import (
    AbandonForm,
    ApproveForm,
    CompleteForm,
    MilestoneFormSet,
    ProgressForm,
    ProjectForm,
    ReturnForm,
    ShowcaseForm,
)
from .models import Milestone, ProgressAttachment, ProgressReport, ProgressRevision, Project, ProjectEvent
from .permissions import may_claim, may_report, may_review
from .selectors import expected_percent, reported_in, with_light

LIGHT_CSS = {Light.GREEN: "text-bg-success", Light.YELLOW: "text-bg-warning", Light.RED: "text-bg-danger"}


def light_badge(value: str) -> HtmlCell | str:
    if not value:
        return ""
    return badge_cell(Light(value).label, LIGHT_CSS[value], value)


def yes_no(value: bool) -> str:
    return str(_("Yes")) if value else str(_("No"))


def project_url(project) -> str:
    return reverse("projects:project_detail", args=[project.pk])


def parse_as_of(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


# The list -----------------------------------------------------------------------------------------


class ProjectListView(FilteredListView):
    """Projects within the user's area with their light, latest percent and this month's filing."""

    model = Project
    filterset_class = ProjectFilterSet
    hidden_filters = ("organization", "as_of")
    title = _("No.1 projects")
    create_url_name = "projects:project_create"
    edit_url_name = "projects:project_edit"
    columns = [
        Column(_("Party organization"), lambda p: p.organization.name),
        Column(_("Area"), lambda p: p.area_name),
        Column(_("Year"), lambda p: p.year),
        Column(_("Title"), lambda p: p.title, link=project_url),
        Column(_("Status"), lambda p: p.get_status_display()),
        Column(_("Light"), lambda p: light_badge(p.light)),
        Column(_("Latest percent"), lambda p: percent(p.latest_percent)),
        Column(_("Reported this month"), lambda p: yes_no(p.reported)),
        Column(_("Showcased"), lambda p: yes_no(p.showcased)),
    ]

    def get_queryset(self):
        today = timezone.localdate()
        latest = ProgressReport.objects.filter(project=OuterRef("pk")).order_by("-month").values("percent_complete")[:1]
        queryset = with_light(
            Project.objects.select_related("organization").annotate(
                area_name=area_name_annotation(), latest_percent=Coalesce(Subquery(latest), 0)
            ),
            parse_as_of(self.request.GET.get("as_of")) or today,
        )
        self.queryset = reported_in(queryset, today.year, today.month)
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for row in context["rows"]:
            if row["object"].status not in services.ALLOWED_FROM["revise"]:
                row["edit_url"] = None
        return context


# Claim and revise ---------------------------------------------------------------------------------


class MilestoneFormsetMixin:
    template_name = "projects/projects/project_form.html"

    def milestone_initial(self) -> list[dict]:
        return []

    def get_formset(self):
        if self.request.method == "POST":
            return MilestoneFormSet(self.request.POST, prefix="milestones")
        return MilestoneFormSet(initial=self.milestone_initial(), prefix="milestones")

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        self.formset = self.get_formset()
        form_ok = form.is_valid()
        if form_ok and self.formset.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["formset"] = getattr(self, "formset", None) or self.get_formset()
        return context

    def get_success_url(self):
        return project_url(self.object)


class ProjectCreateView(MilestoneFormsetMixin, ScopedCreateView):
    """The claim form: an organization of the user's area claims its project of the year."""

    model = Project
    form_class = ProjectForm
    success_url_name = "projects:project_list"
    success_message = _("Project claimed. It now awaits review.")
    title = _("Claim a No.1 project")

    def perform(self, form):
        return services.project_claim(
            **form.cleaned_data, milestones=self.formset.milestones(), actor=self.request.user
        )


class ProjectUpdateView(MilestoneFormsetMixin, ScopedUpdateView):
    """Revise a claim awaiting review or returned: it goes back for review."""

    model = Project
    form_class = ProjectForm
    success_url_name = "projects:project_list"
    success_message = _("Project revised and submitted for review again.")
    title = _("Revise the project")

    def get_object(self):
        obj = super().get_object()
        if not may_claim(self.scope, obj.area_code):
            raise PermissionDenied(_("Your role may not revise this project."))
        return obj

    def milestone_initial(self):
        return [{"month": m.month, "description": m.description} for m in self.object.milestones.all()]

    def perform(self, form):
        # The organization and the year are those of the claim: the revision takes the rest.
        data = form.cleaned_data
        return services.project_revise(
            project=self.object,
            title=data["title"],
            problem=data["problem"],
            goal=data["goal"],
            measures=data["measures"],
            responsible=data["responsible"],
            start_month=data["start_month"],
            milestones=self.formset.milestones(),
            actor=self.request.user,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = project_url(self.object)
        return context


# The project page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """A step on the project page: who may take it, its form, and the service it calls."""

    label: Any
    allowed: Any  # permission function (scope, area_code) -> bool
    step: str  # key of services.ALLOWED_FROM
    form_class: Any
    perform: Any  # (project, cleaned_data, actor) -> None
    done_message: Any
    css: str = "btn-outline-primary"
    error_field_map: dict | None = None


ACTIONS = {
    "approve": Action(
        _("Approve"),
        may_review,
        "approve",
        ApproveForm,
        lambda p, d, actor: services.project_approve(project=p, note=d["note"], actor=actor),
        _("Project approved."),
        "btn-success",
    ),
    "return": Action(
        _("Return with a reason"),
        may_review,
        "return",
        ReturnForm,
        lambda p, d, actor: services.project_return(project=p, reason=d["reason"], actor=actor),
        _("Project returned to its secretary."),
        "btn-outline-warning",
        {"review_note": "reason"},
    ),
    "showcase": Action(
        _("Showcase"),
        may_review,
        "showcase",
        ShowcaseForm,
        lambda p, d, actor: services.project_showcase(project=p, writeup=d["writeup"], actor=actor),
        _("Project showcased."),
        "btn-outline-danger",
        {"showcase_writeup": "writeup"},
    ),
    "progress": Action(
        _("File the month's progress"),
        may_report,
        "progress",
        ProgressForm,
        lambda p, d, actor: services.progress_report_submit(project=p, actor=actor, **d),
        _("Progress filed."),
        "btn-danger",
    ),
    "complete": Action(
        _("Complete"),
        may_claim,
        "complete",
        CompleteForm,
        lambda p, d, actor: services.project_complete(project=p, summary=d["summary"], actor=actor),
        _("Project completed."),
        "btn-outline-success",
        {"closing_summary": "summary"},
    ),
    "abandon": Action(
        _("Abandon"),
        may_claim,
        "abandon",
        AbandonForm,
        lambda p, d, actor: services.project_abandon(project=p, reason=d["reason"], actor=actor),
        _("Project abandoned."),
        "btn-outline-secondary",
        {"abandon_reason": "reason"},
    ),
}


def project_queryset(user):
    return with_light(
        Project.objects.visible_to(user)
        .select_related("organization", "claimed_by")
        .annotate(area_name=area_name_annotation())
    )


def next_month_to_file(project: Project, filed: list[ProgressReport]) -> int:
    """The first month from the project's first month of progress that has no progress yet."""
    months = {report.month for report in filed}
    for month in range(project.start_month, 13):
        if month not in months:
            return month
    return 12


def chart_data(project: Project, milestones: list[Milestone], filed: list[ProgressReport]) -> dict:
    """Percent filed and percent expected (milestones planned so far) per month of the year."""
    by_month = {report.month: report.percent_complete for report in filed}
    total = len(milestones)
    expected = []
    for month in range(1, 13):
        due = sum(1 for m in milestones if m.month <= month)
        expected.append(expected_percent(milestones_due=due, milestones_total=total, month=month))
    return {
        "months": [str(_("Month %(month)s") % {"month": month}) for month in range(1, 13)],
        "progress": [by_month.get(month) for month in range(1, 13)],
        "expected": expected,
        "labels": {"progress": str(_("Percent complete")), "expected": str(_("Expected by the milestones"))},
    }


def filed_months(project: Project) -> dict[int, ProgressReport]:
    """The project's months already filed, by month."""
    return {report.month: report for report in project.progress_reports.select_related("submitted_by")}


def filed_figures(filed: dict[int, ProgressReport]) -> dict[str, dict]:
    """The current figures of each filed month, for the progress form (it shows those of the chosen month)."""
    return {
        str(month): {
            "percent": report.percent_complete,
            "done": report.done,
            "by": display_name(report.submitted_by),
            "at": timezone.localtime(report.submitted_at).strftime("%Y-%m-%d %H:%M"),
        }
        for month, report in filed.items()
    }


class ProjectDetailView(StepPageMixin, ScopedQuerysetMixin, TemplateView):
    """A project: the claim, milestones, chart, monthly progress (with each month's earlier
    versions), history and the allowed steps; a refused step's form is shown again, open."""

    template_name = "projects/projects/project_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        project = get_object_or_404(project_queryset(user), pk=self.kwargs["pk"])
        milestones = list(project.milestones.all())
        filed = list(
            project.progress_reports.select_related("submitted_by").prefetch_related(
                Prefetch("attachments", queryset=ProgressAttachment.objects.order_by("id")),
                Prefetch(
                    "revisions",
                    queryset=ProgressRevision.objects.select_related("submitted_by", "replaced_by").order_by(
                        "-replaced_at", "-id"
                    ),
                ),
            )
        )
        by_month = {report.month: report for report in filed}
        events = list(ProjectEvent.objects.filter(project=project).select_related("actor").order_by("at", "id"))
        scope = self.scope
        actions = []
        for name, action in ACTIONS.items():
            if project.status not in services.ALLOWED_FROM[action.step] or not action.allowed(scope, project.area_code):
                continue
            initial = {"month": next_month_to_file(project, filed)} if name == "progress" else None
            if name == "showcase" and project.showcased:
                initial = {"writeup": project.showcase_writeup}
            extra = {"filed": by_month} if name == "progress" else {}
            actions.append(
                {
                    "name": name,
                    "label": action.label,
                    "css": action.css,
                    "form": self.step_form(name, action.form_class, initial=initial, **extra),
                    "url": reverse("projects:project_action", args=[project.pk, name]),
                    "multipart": name == "progress",
                }
            )
        can_revise = project.status in services.ALLOWED_FROM["revise"] and may_claim(scope, project.area_code)
        context.update(
            {
                "project": project,
                "light": light_badge(project.light),
                "milestones": milestones,
                "progress_reports": list(reversed(filed)),
                "events": list(reversed(events)),
                "actions": actions,
                "revise_url": reverse("projects:project_edit", args=[project.pk]) if can_revise else None,
                "chart_data": chart_data(project, milestones, filed),
                "filed_figures": filed_figures(by_month),
            }
        )
        return context


class ProjectActionView(StepView):
    """POST one step of the project page; the service decides whether the project may take it."""

    model = Project
    steps = ACTIONS
    page_view = ProjectDetailView

    def form_kwargs(self, obj, name: str) -> dict:
        return {"filed": filed_months(obj)} if name == "progress" else {}

    def may_take(self, obj, name, step) -> bool:
        return step.allowed(self.scope, obj.area_code)

    def object_url(self, obj) -> str:
        return project_url(obj)


class AttachmentDownloadView(ScopedQuerysetMixin, View):
    """An attachment of a month's progress, for those who see the project."""

    def get(self, request, pk):
        attachment = get_object_or_404(
            ProgressAttachment.objects.filter(progress__in=ProgressReport.objects.visible_to(request.user)), pk=pk
        )
        return protected_file_response(
            attachment.file,
            filename=attachment.original_name,
            content_type=attachment.content_type,
            as_attachment=True,
            record=attachment,
        )
