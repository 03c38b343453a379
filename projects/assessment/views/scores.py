"""Pages of the branch assessment (五好一满意): an area's league table with its stars per child area
and its Excel export, the candidates for rectification, a branch's scorecard with its three steps
and evidence, and the city's standards (copied to a new year, tasks changed, put in force)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from jilin_grid.areas import area_children
from jilin_grid.forms import ConfirmForm, apply_validation_error
from jilin_grid.steps import Step, StepPageMixin, StepView, mark_errors
from jilin_grid.views import (
    REFUSED_STATUS,
    AreaPageMixin,
    ExportMixin,
    ScopeMixin,
    protected_file_response,
    url_permits,
)
from projects.rectification.selectors import open_case_of

from .. import services
from ..choices import Aspect, ScoreStatus, ScoreStep
from ..forms import CopyStandardForm, EvidenceForm, ScoreForm, TaskForm
from ..models import (
    ASPECT_FIELDS,
    AssessmentStandard,
    AssessmentTask,
    Evidence,
)
from ..permissions import (
    may_edit_standard,
    may_take_step,
)
from ..selectors import (
    latest_year,
    league_rows,
    rectification_candidates,
    scorecard,
    scored_organizations,
    star_chart,
    unscored_branches,
)

PAGE_SIZE = 50
# The branches without a score of the year listed under the league table (with their count).
UNSCORED_SHOWN = 50
STEP_OF = {"evidence": ScoreStep.SELF, "self-assess": ScoreStep.SELF, "review": ScoreStep.REVIEW,
           "confirm": ScoreStep.CONFIRM}  # fmt: skip
# The statuses each page step is offered in.
OFFERED_IN = {
    "evidence": (None, ScoreStatus.SELF_ASSESSED),
    "self-assess": (None, ScoreStatus.SELF_ASSESSED),
    "review": (ScoreStatus.SELF_ASSESSED, ScoreStatus.REVIEWED),
    "confirm": (ScoreStatus.REVIEWED,),
}


def stars_text(stars) -> str:
    return "★" * stars if stars else ""


def requested_year(request) -> int:
    """The ``?year=`` of a page (four digits), else the latest year with a standard in force."""
    text = request.GET.get("year", "")
    if text.isascii() and text.isdigit() and len(text) == 4:
        return int(text)
    return latest_year(timezone.localdate().year)


# The league table -----------------------------------------------------------------------------------


class LeagueTableView(AreaPageMixin, ExportMixin, TemplateView):
    """Every scored branch under the area in one year, sortable by total, stars and aspect, with the
    stars per child area as a chart; ``?export=xlsx`` the whole table as an Excel workbook."""

    template_name = "projects/assessment/league.html"

    def get_area(self):
        if "code" not in self.kwargs:
            self.kwargs["code"] = self.scope.home_code(settings.CITY_CODE)
        return super().get_area()

    def headers(self) -> list:
        return [_("Party organization"), _("Area"), _("Status"), _("Total"),
                *[aspect.label for aspect in Aspect], _("Confirmed total"), _("Stars")]  # fmt: skip

    def cells(self, row) -> list:
        return [row.organization_name, row.area_name, row.get_status_display(), row.total,
                *[getattr(row, field) for field in ASPECT_FIELDS.values()], row.confirmed_total,
                stars_text(row.stars)]  # fmt: skip

    def get(self, request, *args, **kwargs):
        area = self.get_area()
        year = requested_year(request)
        fmt = self.requested_export()
        sort = request.GET.get("sort", "-total")
        rows = league_rows(area.code, year, sort)
        if fmt:
            return self.export_response(
                fmt=fmt, headers=self.headers(), rows=(self.cells(row) for row in rows.iterator()),
                name=f"assessment-{area.code}-{year}",
            )  # fmt: skip
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        children = area_children(area)
        unscored = unscored_branches(area.code, year)
        query = request.GET.copy()
        query.pop("page", None)
        context = self.get_context_data(
            area=area,
            year=year,
            years=list(AssessmentStandard.objects.order_by("-year").values_list("year", flat=True)),
            rows=[{"score": row, "stars": stars_text(row.stars)} for row in page.object_list],
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.paginator.num_pages > 1,
            query_without_page=query.urlencode(),
            sort=sort,
            sorts=[("total", _("Total")), ("stars", _("Stars")), *[(a.value, a.label) for a in Aspect]],
            chart=star_chart(area, year, children) if children else None,
            rectification_below=settings.ASSESSMENT_RECTIFICATION_BELOW,
            unscored=list(unscored.values("pk", "name")[:UNSCORED_SHOWN]),
            unscored_count=unscored.count(),
        )
        return self.render_to_response(context)


class CandidatesView(AreaPageMixin, TemplateView):
    """The branches whose confirmed score of the year is below the rectification threshold: the
    candidates the rectification of weak and lax organizations starts from."""

    template_name = "projects/assessment/candidates.html"

    def get_area(self):
        if "code" not in self.kwargs:
            self.kwargs["code"] = self.scope.home_code(settings.CITY_CODE)
        return super().get_area()

    def get(self, request, *args, **kwargs):
        area = self.get_area()
        year = requested_year(request)
        # Each candidate with its open rectification case, if it has one (in the rows' query).
        candidates = rectification_candidates(area.code, year).annotate(open_case=open_case_of("organization"))
        page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return self.render_to_response(
            self.get_context_data(
                area=area,
                year=year,
                rows=page.object_list,
                page_obj=page,
                paginator=page.paginator,
                is_paginated=page.paginator.num_pages > 1,
                query_without_page=query.urlencode(),
                threshold=settings.ASSESSMENT_RECTIFICATION_BELOW,
                may_identify=url_permits("projects:rectification_identify", self.scope),
            )
        )


# A branch's scorecard and its steps -----------------------------------------------------------------

STEP_LABELS = {
    "evidence": _("Add evidence"),
    "self-assess": _("Self-assess"),
    "review": _("Review"),
    "confirm": _("Confirm"),
}


def scorecard_url(organization, year: int) -> str:
    return reverse("projects:assessment_scorecard", args=[organization.pk, year])


class ScorecardView(StepPageMixin, ScopeMixin, TemplateView):
    """A branch's scorecard of a year: the tasks grouped by aspect with the points at each step, the
    evidence, the changes and the portal's figures; the stars by year; the steps the user may take."""

    template_name = "projects/assessment/scorecard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = get_object_or_404(scored_organizations().visible_to(self.request.user), pk=self.kwargs["pk"])
        year = self.kwargs["year"]
        card = scorecard(organization, year)
        score = card["score"]
        status = score.status if score else None
        in_force = card["standard"] is not None and card["standard"].in_force
        forms = {}
        for name in ("evidence", "self-assess", "review", "confirm"):
            if (
                in_force
                and status in OFFERED_IN[name]
                and may_take_step(self.scope, STEP_OF[name], organization.area_code)
            ):
                kwargs = {"tasks": card["tasks"]}
                form_class = EvidenceForm
                if name != "evidence":
                    form_class, kwargs = ScoreForm, {**kwargs, "items": card["items"], "step": STEP_OF[name]}
                forms[name] = {
                    "label": STEP_LABELS[name],
                    "url": reverse("projects:assessment_step", args=[organization.pk, year, name]),
                    "form": self.step_form(name, form_class, **kwargs),
                }
        score_form = next((forms[n] | {"name": n} for n in ("self-assess", "review", "confirm") if n in forms), None)
        if score_form is not None:
            bound = score_form["form"]
            for aspect in card["aspects"]:
                for row in aspect["rows"]:
                    row["points_field"] = bound[f"points_{row['task'].pk}"]
                    row["reason_field"] = bound[f"reason_{row['task'].pk}"]
        context.update(
            {
                "organization": organization,
                "year": year,
                "years": list(AssessmentStandard.objects.order_by("-year").values_list("year", flat=True)),
                "card": card,
                "score": score,
                "stars": stars_text(score.stars) if score else "",
                "history": [
                    {"year": row.year, "total": row.confirmed_total, "stars": stars_text(row.stars)}
                    for row in card["history"]
                ],
                "step_forms": forms,
                "score_form": score_form,
            }
        )
        return context


class ScoreStepView(StepView):
    """POST a step of a branch's scorecard: evidence, self-assess, review, confirm."""

    denied_message = _("Your role may not take this step on this branch.")

    def get_queryset(self):
        return scored_organizations().visible_to(self.request.user)

    def post(self, request, pk, year, step):
        self.year = year
        return super().post(request, pk, step)

    @property
    def steps(self) -> dict:
        year = getattr(self, "year", None)

        def scored(step):
            def perform(organization, data, actor):
                points = {int(key[7:]): value for key, value in data.items() if key.startswith("points_")}
                reasons = {int(key[7:]): value for key, value in data.items() if key.startswith("reason_")}
                score = organization.assessment_scores.filter(year=year).first()
                if step == ScoreStep.SELF:
                    services.score_self_assess(organization=organization, year=year, points=points, reasons=reasons,
                                               actor=actor)  # fmt: skip
                elif score is None:
                    raise ValidationError(_("The branch has not self-assessed yet."))
                elif step == ScoreStep.REVIEW:
                    services.score_review(score=score, points=points, reasons=reasons, actor=actor)
                else:
                    services.score_confirm(score=score, points=points, reasons=reasons, actor=actor)

            return perform

        def evidence(organization, data, actor):
            task = AssessmentTask.objects.filter(pk=data["task"]).first()
            if task is None:
                raise ValidationError({"task": _("Choose a task of the standard of %(year)s.") % {"year": year}})
            services.evidence_add(organization=organization, year=year, task=task, note=data.get("note", ""),
                                  files=data.get("files"), actor=actor)  # fmt: skip

        return {
            "evidence": Step(STEP_LABELS["evidence"], EvidenceForm, evidence, _("The evidence was added.")),
            "self-assess": Step(
                STEP_LABELS["self-assess"], ScoreForm, scored(ScoreStep.SELF), _("The self-assessment was filed.")
            ),
            "review": Step(STEP_LABELS["review"], ScoreForm, scored(ScoreStep.REVIEW), _("The review was filed.")),
            "confirm": Step(
                STEP_LABELS["confirm"], ScoreForm, scored(ScoreStep.CONFIRM), _("The score was confirmed.")
            ),
        }

    def form_kwargs(self, obj, name: str) -> dict:
        card = scorecard_tasks(obj, self.year)
        if name == "evidence":
            return {"tasks": card[0]}
        return {"tasks": card[0], "items": card[1], "step": STEP_OF[name]}

    def may_take(self, obj, name: str, step) -> bool:
        return may_take_step(self.scope, STEP_OF[name], obj.area_code)

    def object_url(self, obj) -> str:
        return scorecard_url(obj, self.year)


def scorecard_tasks(organization, year: int) -> tuple[list, dict]:
    """The tasks of the year's standard and the organization's task scores (by task id)."""
    standard = AssessmentStandard.objects.filter(year=year).first()
    tasks = list(standard.tasks.order_by("number")) if standard else []
    score = organization.assessment_scores.filter(year=year).first()
    items = {item.task_id: item for item in score.items.all()} if score else {}
    return tasks, items


class EvidenceDownloadView(ScopeMixin, View):
    """A file of a branch's evidence, for those who see the branch."""

    def get(self, request, pk):
        evidence = get_object_or_404(Evidence.objects.visible_to(request.user).exclude(file=""), pk=pk)
        return protected_file_response(
            evidence.file, filename=evidence.original_name, content_type=evidence.content_type, as_attachment=True,
            record=evidence,
        )  # fmt: skip


# The standards --------------------------------------------------------------------------------------


class StandardListView(ScopeMixin, TemplateView):
    """The standards by year; the city organization department starts a new year as a copy."""

    template_name = "projects/assessment/standard_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        standards = list(AssessmentStandard.objects.order_by("-year"))
        editing = may_edit_standard(self.scope)
        next_year = (standards[0].year + 1) if standards else timezone.localdate().year
        context.update(
            {
                "standards": standards,
                "editing": editing,
                "copy_form": kwargs.get("copy_form")
                or (CopyStandardForm(initial={"year": next_year}) if editing else None),
            }
        )
        return context

    def post(self, request):
        if not may_edit_standard(self.scope):
            raise PermissionDenied(_("Only the city organization department edits the standard."))
        form = CopyStandardForm(request.POST)
        if form.is_valid():
            try:
                standard = services.standard_copy(year=form.cleaned_data["year"])
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request, _("The standard of %(year)s was started as a copy.") % {"year": standard.year}
                )
                return redirect("projects:assessment_standard", year=standard.year)
        mark_errors(form)
        return self.render_to_response(self.get_context_data(copy_form=form), status=REFUSED_STATUS)


class StandardDetailView(ScopeMixin, TemplateView):
    """A year's standard: its tasks grouped by aspect, their sum; the city puts it in force."""

    template_name = "projects/assessment/standard_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        standard = get_object_or_404(AssessmentStandard, year=self.kwargs["year"])
        tasks = list(standard.tasks.order_by("number"))
        has_scores = standard.scores.exists()
        editing = may_edit_standard(self.scope) and not has_scores
        context.update(
            {
                "standard": standard,
                "aspects": [
                    {
                        "label": aspect.label,
                        "tasks": [t for t in tasks if t.aspect == aspect],
                        "points": sum(t.points for t in tasks if t.aspect == aspect),
                    }
                    for aspect in Aspect
                ],
                "total": sum(task.points for task in tasks),
                "task_count": len(tasks),
                "editing": editing,
                "has_scores": has_scores,
                "force_form": ConfirmForm() if editing and not standard.in_force else None,
                "refusal": kwargs.get("refusal"),
            }
        )
        return context

    def post(self, request, year):
        if not may_edit_standard(self.scope):
            raise PermissionDenied(_("Only the city organization department edits the standard."))
        standard = get_object_or_404(AssessmentStandard, year=year)
        try:
            services.standard_put_in_force(standard=standard)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(refusal=error.messages), status=REFUSED_STATUS)
        messages.success(request, _("The standard of %(year)s is in force.") % {"year": year})
        return redirect("projects:assessment_standard", year=year)


class TaskUpdateView(ScopeMixin, TemplateView):
    """Change a task of a standard (the city organization department, until a score is filed)."""

    template_name = "projects/assessment/task_form.html"

    @classmethod
    def permits(cls, scope) -> bool:
        return may_edit_standard(scope)

    def get_task(self) -> AssessmentTask:
        return get_object_or_404(AssessmentTask.objects.select_related("standard"), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task = kwargs.get("task") or self.get_task()
        context["task"] = task
        context["form"] = kwargs.get("form") or TaskForm(
            initial={name: getattr(task, name) for name in services.TASK_FIELDS}
        )
        return context

    def post(self, request, pk):
        task = self.get_task()
        form = TaskForm(request.POST)
        if form.is_valid():
            try:
                services.task_update(task=task, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The task was saved."))
                return redirect("projects:assessment_standard", year=task.standard.year)
        mark_errors(form)
        return self.render_to_response(self.get_context_data(task=task, form=form), status=REFUSED_STATUS)
