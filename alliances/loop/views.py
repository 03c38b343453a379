"""Pages of the party-building alliances (党建联盟) and their six-step loop.

Every page starts from ``visible_to(user)`` (outside the area: 404); writing needs a writing role
over the alliance's area (403 for read-only roles); every write calls ``alliances.loop.services`` and
its refusals are shown beside the form that was sent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from jilin_grid.exports import percent
from jilin_grid.forms import apply_validation_error
from jilin_grid.masking import shown_phone
from jilin_grid.scope import COMMUNITY_CODE_LENGTH
from jilin_grid.views import (
    REFUSED_STATUS,
    Column,
    CommunityUpMixin,
    FilteredListView,
    ScopedCreateView,
    ScopedQuerysetMixin,
    ScopedRetireView,
    ScopedUpdateView,
    WriteCheckMixin,
)

from . import services
from .choices import ProblemStep, SixStep
from .filtersets import AllianceFilterSet
from .forms import (
    ActivityForm,
    AllianceForm,
    DecisionFormSet,
    DecisionReportForm,
    EvaluationForm,
    MeetingForm,
    MemberUnitForm,
    ProblemCollectForm,
    SurveyForm,
    VenueForm,
    member_organizations,
)
from .models import Alliance, AllianceProblem, Decision, MemberUnit, Venue
from .selectors import alliance_loop, satisfaction_rate, with_figures


def alliance_url(alliance) -> str:
    return reverse("alliances:alliance_detail", args=[alliance.pk])


def rate_text(rate) -> str:
    return f"{rate}%" if rate is not None else "—"


# The list -----------------------------------------------------------------------------------------


class AllianceListView(CommunityUpMixin, FilteredListView):
    """Alliances of the user's area with their members, open venues, person-times and loop figures."""

    denied_message = _(
        "Party-building alliances are formed by communities and the areas above them; your role works in a grid."
    )
    model = Alliance
    queryset = with_figures(Alliance.objects.select_related("lead_organization"))
    filterset_class = AllianceFilterSet
    hidden_filters = ("lead_organization",)
    title = _("Party-building alliances")
    create_url_name = "alliances:alliance_create"
    edit_url_name = "alliances:alliance_edit"
    retire_url_name = "alliances:alliance_retire"
    columns = [
        Column(_("Name"), lambda a: a.name, link=alliance_url),
        Column(_("Area code"), lambda a: a.area_code),
        Column(_("Lead organization"), lambda a: a.lead_organization.name),
        Column(_("Founded on"), lambda a: a.founded_on or ""),
        Column(_("Member units"), lambda a: a.member_count),
        Column(_("Open venues"), lambda a: a.open_venue_count),
        Column(_("Activity person-times"), lambda a: a.activity_participants),
        Column(_("Problems found"), lambda a: a.loop_found),
        Column(_("Consulted"), lambda a: a.loop_consulted),
        Column(_("Solved"), lambda a: a.loop_solved),
        Column(_("Evaluated"), lambda a: a.loop_evaluated),
        Column(_("Satisfaction rate"), lambda a: percent(satisfaction_rate(a.loop_satisfied, a.loop_evaluations))),
        Column(_("Status"), lambda a: str(_("Active")) if a.is_active else str(_("Retired"))),
    ]


class AllianceFormMixin:
    model = Alliance
    form_class = AllianceForm
    success_url_name = "alliances:alliance_list"

    def get_success_url(self):
        return alliance_url(self.object)


class AllianceCreateView(AllianceFormMixin, ScopedCreateView):
    area_length = COMMUNITY_CODE_LENGTH  # an alliance belongs to a community or a street
    success_message = _("Alliance formed.")
    title = _("Form a party-building alliance")

    def perform(self, form):
        return services.alliance_create(**form.cleaned_data)


class AllianceUpdateView(AllianceFormMixin, ScopedUpdateView):
    def perform(self, form):
        # The form shows the area disabled: an alliance stays in its area.
        data = form.cleaned_data
        return services.alliance_update(
            alliance=self.object,
            name=data["name"],
            lead_organization=data["lead_organization"],
            charter=data["charter"],
            founded_on=data["founded_on"],
        )

    def get_cancel_url(self):
        return alliance_url(self.object)


class AllianceRetireView(ScopedRetireView):
    model = Alliance
    success_url_name = "alliances:alliance_list"

    def retire(self, obj):
        services.alliance_retire(alliance=obj)


# Member units (edit and retire on pages of their own; added on the alliance page) ----------------


class MemberUnitUpdateView(ScopedUpdateView):
    model = MemberUnit
    queryset = MemberUnit.objects.select_related("alliance")
    form_class = MemberUnitForm
    success_url_name = "alliances:alliance_list"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["alliance"] = self.object.alliance
        kwargs["sees_phone"] = self.scope.sees_personal_data(self.object.area_code)
        return kwargs

    def perform(self, form):
        return services.member_unit_update(member=self.object, **form.cleaned_data)

    def get_success_url(self):
        return alliance_url(self.object.alliance)

    get_cancel_url = get_success_url


class MemberUnitRetireView(ScopedRetireView):
    model = MemberUnit
    queryset = MemberUnit.objects.select_related("alliance")
    success_url_name = "alliances:alliance_list"

    def retire(self, obj):
        services.member_unit_retire(member=obj)

    def get_success_url(self):
        return alliance_url(self.object.alliance)


# The alliance page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageForm:
    """A form of the alliance page: its form class, the service it calls, and whether it acts on
    one of the alliance's records (a decision, a problem) named in the URL."""

    label: Any
    done_message: Any
    target: str | None = None  # "decision" or "problem"


PAGE_FORMS = {
    "survey": PageForm(_("Record the survey"), _("Survey recorded.")),
    "member": PageForm(_("Add a member unit"), _("Member unit added.")),
    "venue": PageForm(_("Add a venue"), _("Venue added.")),
    "activity": PageForm(_("Record an activity"), _("Activity recorded.")),
    "problem": PageForm(_("Collect a problem"), _("Problem collected.")),
    "meeting": PageForm(_("Record a joint meeting"), _("Meeting and decisions recorded.")),
    "report": PageForm(_("Report what was done"), _("Report recorded."), target="decision"),
    "evaluate": PageForm(_("Record the residents' evaluation"), _("Evaluation recorded."), target="problem"),
}

# The ring of the six steps: each node's icon (its name is the step's label, in the reader's language).
STEP_ICONS = {
    SixStep.SURVEY: "bi-search",
    SixStep.FORM: "bi-people",
    SixStep.COLLECT: "bi-inbox",
    SixStep.CONSULT: "bi-chat-square-text",
    SixStep.IMPLEMENT: "bi-hammer",
    SixStep.EVALUATE: "bi-hand-thumbs-up",
}
PROBLEM_STEP_ORDER = [ProblemStep.COLLECTED, ProblemStep.CONSULTED, ProblemStep.IMPLEMENTED, ProblemStep.EVALUATED]
RING_CENTER, RING_RADIUS, NODE_RADIUS = 200, 140, 46


def ring_nodes(alliance: Alliance, loop: dict, member_count: int) -> list[dict]:
    """The six steps as nodes around a circle, each with its count and the arc to the next one."""
    counts = {
        SixStep.SURVEY: None,
        SixStep.FORM: member_count,
        SixStep.COLLECT: loop["by_step"][ProblemStep.COLLECTED],
        SixStep.CONSULT: loop["by_step"][ProblemStep.CONSULTED],
        SixStep.IMPLEMENT: loop["by_step"][ProblemStep.IMPLEMENTED],
        SixStep.EVALUATE: loop["by_step"][ProblemStep.EVALUATED],
    }
    notes = {
        SixStep.SURVEY: _("done") if alliance.surveyed_on else _("not yet"),
        SixStep.FORM: _("member units"),
        SixStep.COLLECT: _("waiting"),
        SixStep.CONSULT: _("decided"),
        SixStep.IMPLEMENT: _("carried out"),
        SixStep.EVALUATE: _("closed"),
    }
    steps = list(SixStep)
    nodes = []
    for index, step in enumerate(steps):
        angle = -math.pi / 2 + index * 2 * math.pi / len(steps)
        nodes.append(
            {
                "value": step.value,
                "label": step.label,
                "icon": STEP_ICONS[step],
                "count": counts[step],
                "note": notes[step],
                "done": bool(alliance.surveyed_on) if step == SixStep.SURVEY else None,
                "x": round(RING_CENTER + RING_RADIUS * math.cos(angle), 1),
                "y": round(RING_CENTER + RING_RADIUS * math.sin(angle), 1),
                "angle": angle,
            }
        )
    # Arcs from each node to the next along the ring, starting and ending outside the nodes.
    gap = math.asin(min(1.0, (NODE_RADIUS + 6) / RING_RADIUS))
    for index, node in enumerate(nodes):
        start = node["angle"] + gap
        end = nodes[(index + 1) % len(nodes)]["angle"] + (2 * math.pi if index == len(nodes) - 1 else 0) - gap
        node["arc"] = (
            f"M {RING_CENTER + RING_RADIUS * math.cos(start):.1f} {RING_CENTER + RING_RADIUS * math.sin(start):.1f} "
            f"A {RING_RADIUS} {RING_RADIUS} 0 0 1 "
            f"{RING_CENTER + RING_RADIUS * math.cos(end):.1f} {RING_CENTER + RING_RADIUS * math.sin(end):.1f}"
        )
        node["closes_loop"] = index == len(nodes) - 1
    return nodes


def problem_badges(problem: AllianceProblem) -> list[dict]:
    """One badge per step of a problem: done, current or still ahead."""
    position = PROBLEM_STEP_ORDER.index(problem.step)
    return [
        {
            "value": step.value,
            "label": step.label,
            "state": "current" if i == position else "done" if i < position else "ahead",
        }
        for i, step in enumerate(PROBLEM_STEP_ORDER)
    ]


class AlliancePageView(ScopedQuerysetMixin, WriteCheckMixin, TemplateView):
    """An alliance: the six-step ring and the loop's figures, survey, charter and members with their
    venues, activities, meetings, and each problem with its step and decisions; forms for writers."""

    template_name = "alliances/loop/alliance_detail.html"

    def get_alliance(self) -> Alliance:
        if not hasattr(self, "alliance"):
            self.alliance = get_object_or_404(
                Alliance.objects.visible_to(self.request.user).select_related("lead_organization"),
                pk=self.kwargs["pk"],
            )
        return self.alliance

    def page_forms(self, bound: dict, members: list, problems: list, organizations) -> dict:
        """The forms of the page, unbound, except the one sent (kept with its errors)."""
        alliance, user = self.alliance, self.request.user
        open_problems = [p for p in problems if p.step != ProblemStep.EVALUATED]
        choices = {"alliance": alliance, "members": members}
        forms = {
            "survey": SurveyForm(alliance=alliance, auto_id="id_survey_%s"),
            "member": MemberUnitForm(alliance=alliance, user=user, organizations=organizations, auto_id="id_member_%s"),
            "venue": VenueForm(**choices, auto_id="id_venue_%s"),
            "activity": ActivityForm(**choices, auto_id="id_activity_%s"),
            "problem": ProblemCollectForm(alliance=alliance, user=user, auto_id="id_problem_%s"),
            "meeting": MeetingForm(**choices, auto_id="id_meeting_%s"),
            "decisions": DecisionFormSet(
                prefix="decisions", form_kwargs={**choices, "problems": open_problems}, auto_id="id_%s"
            ),
        }
        forms.update({name: form for name, form in bound.items() if name in forms})
        return forms

    def get_context_data(self, bound: dict | None = None, bound_target: Any = None, **kwargs):
        context = super().get_context_data(**kwargs)
        bound = bound or {}
        alliance = self.get_alliance()
        today = timezone.localdate()
        writable = self.scope.can_write(alliance.area_code)
        loop = alliance_loop(alliance)
        members = list(
            alliance.members.select_related("party_organization")
            .prefetch_related(Prefetch("venues", queryset=Venue.objects.order_by("-is_open", "name")))
            .order_by("-is_active", "name")
        )
        active_members = [m for m in members if m.is_active]
        for member in members:
            member.shown_phone = shown_phone(self.scope, member.contact_phone, alliance.area_code)
            member.open_venues = [v for v in member.venues.all() if v.is_open]
        activities = list(
            alliance.activities.prefetch_related(Prefetch("organizers", queryset=MemberUnit.objects.order_by("name")))
        )
        meetings = list(
            alliance.meetings.prefetch_related(Prefetch("attendees", queryset=MemberUnit.objects.order_by("name")))
        )
        problems = list(
            alliance.problems.select_related("resident_problem__category").prefetch_related(
                Prefetch(
                    "decisions",
                    queryset=Decision.objects.select_related("assigned_to", "meeting").order_by("deadline", "id"),
                )
            )
        )
        for problem in problems:
            problem.badges = problem_badges(problem)
            problem.decision_rows = []
            for decision in problem.decisions.all():
                report_form = None
                if writable and decision.reported_on is None and problem.step != ProblemStep.EVALUATED:
                    report_form = (
                        bound["report"]
                        if bound_target == ("report", decision.pk)
                        else DecisionReportForm(auto_id=f"id_report{decision.pk}_%s")
                    )
                problem.decision_rows.append(
                    {"decision": decision, "form": report_form, "name": f"report-{decision.pk}"}
                )
            problem.evaluation_form, problem.evaluation_name = None, f"evaluate-{problem.pk}"
            if writable and problem.step == ProblemStep.IMPLEMENTED:
                problem.evaluation_form = (
                    bound["evaluate"]
                    if bound_target == ("evaluate", problem.pk)
                    else EvaluationForm(auto_id=f"id_evaluate{problem.pk}_%s")
                )
        forms = (
            self.page_forms(bound, active_members, problems, member_organizations(self.request.user, alliance))
            if writable
            else {}
        )
        context.update(
            {
                "alliance": alliance,
                "loop": loop,
                "satisfaction": rate_text(loop["satisfaction_rate"]),
                "ring": ring_nodes(alliance, loop, len(active_members)),
                "members": members,
                "active_member_count": len(active_members),
                "open_venue_count": sum(len(m.open_venues) for m in active_members),
                "activities": activities,
                "participants": sum(a.participants for a in activities),
                "meetings": meetings,
                "problems": problems,
                "writable": writable,
                "forms": forms,
                "open_form": next(iter(bound), None) if bound_target is None else None,
                "edit_url": reverse("alliances:alliance_edit", args=[alliance.pk]) if writable else None,
                "retire_url": reverse("alliances:alliance_retire", args=[alliance.pk])
                if writable and alliance.is_active
                else None,
                "today": today,
            }
        )
        return context


class AllianceFormView(AlliancePageView):
    """POST one form of the alliance page; on errors the page is shown again with the form open."""

    http_method_names = ["post"]

    def post(self, request, pk, form, target=None):
        alliance = self.get_alliance()
        spec = PAGE_FORMS.get(form)
        if spec is None or (spec.target is None) != (target is None):
            raise Http404(_("No such form."))
        self.check_write(alliance.area_code)
        record = None
        if spec.target == "decision":
            record = get_object_or_404(
                Decision.objects.select_related("problem").filter(meeting__alliance=alliance), pk=target
            )
        elif spec.target == "problem":
            record = get_object_or_404(alliance.problems.all(), pk=target)
        bound, formset = self.bind(form, request.POST)
        valid = bound.is_valid() & (formset.is_valid() if formset is not None else True)
        if valid:
            try:
                self.perform(form, bound, formset, record)
            except ValidationError as error:
                apply_validation_error(bound, error, {"survey_needs": "needs", "survey_resources": "resources"})
            else:
                messages.success(request, spec.done_message)
                return redirect(alliance_url(alliance))
        if record is not None and not self.shows_form(form, record):
            # The record has moved on (reported, evaluated): its form is no longer on the page.
            for errors in bound.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(alliance_url(alliance))
        forms = {form: bound}
        if formset is not None:
            forms["decisions"] = formset
        context = self.get_context_data(bound=forms, bound_target=(form, target) if target is not None else None)
        return self.render_to_response(context, status=REFUSED_STATUS)

    @staticmethod
    def shows_form(name: str, record) -> bool:
        """Whether the page shows the form of ``record`` (an unreported decision, an implemented problem)."""
        if name == "report":
            return record.reported_on is None and record.problem.step != ProblemStep.EVALUATED
        return record.step == ProblemStep.IMPLEMENTED

    def bind(self, name: str, data):
        alliance, user = self.alliance, self.request.user
        if name == "survey":
            return SurveyForm(data, alliance=alliance, auto_id="id_survey_%s"), None
        if name == "member":
            return MemberUnitForm(data, alliance=alliance, user=user, auto_id="id_member_%s"), None
        if name == "venue":
            return VenueForm(data, alliance=alliance, auto_id="id_venue_%s"), None
        if name == "activity":
            return ActivityForm(data, alliance=alliance, auto_id="id_activity_%s"), None
        if name == "problem":
            return ProblemCollectForm(data, alliance=alliance, user=user, auto_id="id_problem_%s"), None
        if name == "meeting":
            formset = DecisionFormSet(data, prefix="decisions", form_kwargs={"alliance": alliance}, auto_id="id_%s")
            return MeetingForm(data, alliance=alliance, auto_id="id_meeting_%s"), formset
        if name == "report":
            return DecisionReportForm(data, auto_id=f"id_report{self.kwargs['target']}_%s"), None
        return EvaluationForm(data, auto_id=f"id_evaluate{self.kwargs['target']}_%s"), None

    def perform(self, name: str, form, formset, record) -> None:
        alliance, data = self.alliance, form.cleaned_data
        if name == "survey":
            services.alliance_survey_record(
                alliance=alliance, needs=data["needs"], resources=data["resources"], surveyed_on=data["surveyed_on"]
            )
        elif name == "member":
            services.member_unit_add(alliance=alliance, **data)
        elif name == "venue":
            services.venue_add(**data)
        elif name == "activity":
            services.activity_record(alliance=alliance, **data)
        elif name == "problem":
            services.alliance_problem_collect(alliance=alliance, **data)
        elif name == "meeting":
            services.meeting_record(alliance=alliance, decisions=formset.decisions(), **data)
        elif name == "report":
            services.decision_report(
                decision=record, report=data["report"], reported_on=data["reported_on"], actor=self.request.user
            )
        else:
            services.alliance_problem_evaluate(
                problem=record,
                evaluation=data["evaluation"],
                comment=data["comment"],
                evaluated_on=data["evaluated_on"],
            )
