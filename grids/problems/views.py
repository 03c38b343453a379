"""Pages of residents' problems (群众诉求): the staff queues, recording, and the problem page.

Every page starts from ``visible_to(user)`` (outside the area: 404). Who may take a step comes
from ``grids.problems.permissions`` (a role that may not: 403); every write calls a service in
``grids.problems.services``, whose refusals (ValidationError) are shown as they are.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from grids.network.models import Grid
from jilin_grid.masking import shown_phone
from jilin_grid.scope import GRID_WORKER
from jilin_grid.steps import Step, StepPageMixin, StepView
from jilin_grid.views import (
    Column,
    FilteredListView,
    HtmlCell,
    ScopedCreateView,
    ScopedQuerysetMixin,
    ScopeMixin,
    badge_cell,
    protected_file_response,
)

from . import permissions as problem_rules
from . import services
from .choices import HANDLING_ORDER, OPEN_PROBLEM_STATUSES, HandlingLevel, ProblemStatus, Urgency
from .filtersets import ResidentProblemFilterSet
from .forms import EscalateForm, EvaluateForm, NoteForm, ProblemRecordForm, ResolveForm, ReturnForm
from .models import ProblemEvent, ProblemPhoto, ResidentProblem
from .selectors import problem_queue, problem_todo_counts, with_overdue

STATUS_CSS = {
    ProblemStatus.RECORDED: "text-bg-secondary",
    ProblemStatus.ACCEPTED: "text-bg-info",
    ProblemStatus.IN_PROGRESS: "text-bg-primary",
    ProblemStatus.RESOLVED: "text-bg-warning",
    ProblemStatus.CLOSED: "text-bg-success",
    ProblemStatus.RETURNED: "text-bg-dark",
}
URGENCY_CSS = {Urgency.NORMAL: "", Urgency.URGENT: "text-warning-emphasis", Urgency.CRITICAL: "text-danger fw-semibold"}

# The queue tabs, in the order staff read them.
QUEUE_TABS = [
    ("mine", _("Mine")),
    ("area", _("My area")),
    ("holding", _("Held at my level")),
    ("overdue", _("Overdue")),
    ("escalated", _("Escalated to us")),
]
DEFAULT_QUEUE = "area"


def problem_url(problem) -> str:
    return reverse("grids:problem_detail", args=[problem.pk])


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def status_cell(problem) -> HtmlCell:
    label = problem.get_status_display()
    css = STATUS_CSS.get(problem.status, "text-bg-secondary")
    return badge_cell(label, css, problem.status, data="status")


def due_cell(problem) -> HtmlCell:
    """The deadline, with a red “overdue” badge while the problem is open past it."""
    due = local(problem.due_at)
    if not getattr(problem, "is_overdue", False):
        return HtmlCell(due, format_html('<span class="text-nowrap">{}</span>', due))
    label = _("Overdue")
    return HtmlCell(
        f"{due} {label}",
        format_html(
            '<span class="text-nowrap text-danger">{}</span> <span class="badge text-bg-danger" '
            'data-testid="overdue">{}</span>',
            due,
            label,
        ),
    )


def urgency_cell(problem) -> HtmlCell:
    label = problem.get_urgency_display()
    return HtmlCell(label, format_html('<span class="{}">{}</span>', URGENCY_CSS.get(problem.urgency, ""), label))


def place(problem) -> str:
    """Where in the grid: the compound (the building's when none was chosen), building and unit."""
    compound = problem.compound or (problem.building.compound if problem.building_id else None)
    parts = [compound.name if compound else "", problem.building.name if problem.building_id else ""]
    where = " ".join(part for part in parts if part)
    if problem.unit_id:
        unit = _("unit %(number)s") % {"number": problem.unit.number}
        where = f"{where} · {unit}" if where else str(unit)
    return where


def short(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# The queues ---------------------------------------------------------------------------------------


class ProblemListView(FilteredListView):
    """The staff queues (mine, my area's, held at my level, overdue, escalated to us) as tabs.

    The tab is the FilterSet's ``queue`` filter, kept through the other filters; each tab shows
    how many problems it holds. Overdue rows carry a red badge beside their deadline in every tab.
    """

    model = ResidentProblem
    filterset_class = ResidentProblemFilterSet
    template_name = "grids/problems/problem_list.html"
    title = _("Residents' problems")
    create_url_name = "grids:problem_create"
    hidden_filters = ("queue", "grid")
    chipless_filters = ("queue",)  # the tabs show it
    paginate_by = 30
    columns = [
        Column(_("No."), lambda p: p.pk, link=problem_url),
        Column(_("Recorded at"), lambda p: local(p.recorded_at)),
        Column(_("Place"), lambda p: " · ".join(part for part in (p.grid.name, place(p)) if part), name="place"),
        Column(_("Category"), lambda p: p.category.name),
        Column(_("Description"), lambda p: short(p.description), link=problem_url, name="description"),
        Column(_("Resident"), lambda p: p.resident_name, name="resident"),
        Column(_("Resident's phone"), lambda p: p.resident_phone, personal=True, name="phone"),
        Column(_("Urgency"), urgency_cell, name="urgency"),
        Column(_("Status"), status_cell, name="status"),
        Column(_("Held at"), lambda p: p.get_level_display()),
        Column(_("Due by"), due_cell, name="due"),
    ]
    # On a phone: what it is, how it stands, by when, where, and whom to call.
    card_columns = ("description", "status", "due", "urgency", "place", "resident", "phone")

    def current_queue(self) -> str:
        queue = self.request.GET.get("queue") or DEFAULT_QUEUE
        return queue if queue in dict(QUEUE_TABS) else DEFAULT_QUEUE

    def get_queryset(self):
        self.queryset = with_overdue(
            ResidentProblem.objects.select_related("grid", "category", "compound", "building__compound", "unit")
        )
        return super().get_queryset()

    def row_css(self, obj) -> str:
        return "table-danger" if getattr(obj, "is_overdue", False) else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        current = self.current_queue()
        query = self.request.GET.copy()
        for key in ("page", "export"):
            query.pop(key, None)
        tabs = []
        for key, label in QUEUE_TABS:
            query["queue"] = key
            tabs.append(
                {
                    "key": key,
                    "label": label,
                    "count": problem_queue(self.request.user, key).count(),
                    "url": f"?{query.urlencode()}",
                    "active": key == current,
                }
            )
        context["tabs"] = tabs
        context["current_queue"] = current
        return context


# The grid worker's home page ----------------------------------------------------------------------


class WorkerHomeView(ScopeMixin, TemplateView):
    """Where a grid worker lands (``/``, settings.ROLE_HOME_VIEWS): three big buttons a thumb finds
    on a phone — record a problem, their to-do (with its count and the overdue among it) and their
    grid's page. Two queries whatever the number of problems."""

    template_name = "grids/problems/worker_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        codes = [code for code, role in self.scope.grants if role == GRID_WORKER]
        grids = list(Grid.objects.filter(code__in=codes).order_by("code").values("code", "name"))
        list_url = reverse("grids:problem_list")
        context.update(
            {
                "title": _("My work"),
                "counts": problem_todo_counts(self.request.user),
                "create_url": reverse("grids:problem_create"),
                "todo_url": f"{list_url}?queue=holding",
                "mine_url": f"{list_url}?queue=mine",
                "grids": [
                    {"name": grid["name"], "url": reverse(settings.AREA_PAGE_URL_NAME, args=[grid["code"]])}
                    for grid in grids
                ],
            }
        )
        return context


worker_home = WorkerHomeView.as_view()


# Recording ----------------------------------------------------------------------------------------


class ProblemCreateView(ScopedCreateView):
    """Record a resident's problem in a grid of the user's area."""

    model = ResidentProblem
    form_class = ProblemRecordForm
    template_name = "grids/problems/problem_form.html"
    success_url_name = "grids:problem_list"
    success_message = _("Problem recorded. It is due by its category's deadline.")
    title = _("Record a resident's problem")

    def perform(self, form):
        data = form.cleaned_data
        if not problem_rules.may_record(self.scope, data["grid"].code):
            raise PermissionDenied(_("Your role may not record problems in this grid."))
        return services.problem_record(**data, actor=self.request.user)

    def get_success_url(self):
        return problem_url(self.object)


STEPS = {
    "accept": Step(
        _("Accept"),
        NoteForm,
        lambda p, d, actor: services.problem_accept(problem=p, note=d["note"], actor=actor),
        _("Problem accepted."),
        "btn-primary",
    ),
    "start": Step(
        _("Start work"),
        NoteForm,
        lambda p, d, actor: services.problem_start(problem=p, note=d["note"], actor=actor),
        _("Work on the problem has started."),
        "btn-outline-primary",
    ),
    "escalate": Step(
        _("Escalate one level"),
        EscalateForm,
        lambda p, d, actor: services.problem_escalate(problem=p, reason=d["reason"], actor=actor),
        _("Problem escalated: the level above now holds it."),
        "btn-outline-danger",
        {"note": "reason"},
    ),
    "resolve": Step(
        _("Resolve"),
        ResolveForm,
        lambda p, d, actor: services.problem_resolve(problem=p, resolution=d["resolution"], actor=actor),
        _("Problem resolved. It now awaits the resident's evaluation."),
        "btn-success",
    ),
    "return": Step(
        _("Return with a reason"),
        ReturnForm,
        lambda p, d, actor: services.problem_return(problem=p, reason=d["reason"], actor=actor),
        _("Problem returned."),
        "btn-outline-secondary",
        {"return_reason": "reason"},
    ),
    "evaluate": Step(
        _("Record the resident's evaluation"),
        EvaluateForm,
        lambda p, d, actor: services.problem_evaluate(
            problem=p, evaluation=d["evaluation"], comment=d["comment"], actor=actor
        ),
        _("Evaluation recorded."),
        "btn-danger",
    ),
}


def visible_problem(user, pk) -> ResidentProblem:
    queryset = with_overdue(
        ResidentProblem.objects.visible_to(user).select_related(
            "grid__community__street__district__city",
            "category",
            "compound",
            "building__compound",
            "unit",
            "recorded_by",
        )
    )
    return get_object_or_404(queryset, pk=pk)


def level_areas(problem) -> dict[str, Any]:
    """The area of each level above the problem's grid, by level (grid, community, ... city)."""
    grid = problem.grid
    community = grid.community
    street = community.street
    district = street.district
    return {
        HandlingLevel.GRID: grid,
        HandlingLevel.COMMUNITY: community,
        HandlingLevel.STREET: street,
        HandlingLevel.DISTRICT: district,
        HandlingLevel.CITY: district.city,
    }


def level_stepper(problem) -> list[dict]:
    """The four-level ladder drawn on the page: each level, its area, and where the problem is."""
    areas = level_areas(problem)
    current = HANDLING_ORDER.index(HandlingLevel(problem.level))
    return [
        {
            "level": level.value,
            "label": level.label,
            "area": areas[level].name,
            "state": "current" if index == current else ("passed" if index < current else "ahead"),
        }
        for index, level in enumerate(HANDLING_ORDER)
    ]


class ProblemDetailView(StepPageMixin, ScopedQuerysetMixin, TemplateView):
    """A problem: what, where, who; its deadline, level, photos, timeline and the steps allowed."""

    template_name = "grids/problems/problem_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        problem = visible_problem(self.request.user, self.kwargs["pk"])
        scope = self.scope
        phone = shown_phone(scope, problem.resident_phone, problem.area_code)
        events = list(ProblemEvent.objects.filter(problem=problem).select_related("actor").order_by("at", "id"))
        steps = [
            {
                "name": name,
                "label": STEPS[name].label,
                "css": STEPS[name].css,
                "form": self.step_form(name, STEPS[name].form_class),
                "url": reverse("grids:problem_step", args=[problem.pk, name]),
            }
            for name in problem_rules.available_steps(scope, problem)
            if name in STEPS
        ]
        context.update(
            {
                "problem": problem,
                "title": str(problem),
                "resident_phone": phone,
                "place": place(problem),
                "status_badge": status_cell(problem),
                "due": due_cell(problem),
                "is_open": problem.status in OPEN_PROBLEM_STATUSES,
                "levels": level_stepper(problem),
                "photos": list(problem.photos.all()),
                "events": events,
                "steps": steps,
            }
        )
        return context


class ProblemStepView(StepView):
    """POST one step of the problem page; the service decides whether the lifecycle allows it."""

    model = ResidentProblem
    steps = STEPS
    page_view = ProblemDetailView
    denied_message = _("Your role may not take this step on this problem.")

    def may_take(self, obj, name, step) -> bool:
        return problem_rules.may_take_step(self.scope, obj, name)

    def object_url(self, obj) -> str:
        return problem_url(obj)


class ProblemPhotoView(ScopedQuerysetMixin, View):
    """A photo of a problem, for those who see the problem."""

    def get(self, request, pk):
        photo = get_object_or_404(
            ProblemPhoto.objects.filter(problem__in=ResidentProblem.objects.visible_to(request.user)), pk=pk
        )
        return protected_file_response(photo.image, filename=photo.original_name)
