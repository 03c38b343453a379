"""Pages of the cadres sunk to communities and checkpoints (机关党员干部下沉).

Departments of the city and the districts send cadres to communities and their checkpoints, each
with the post and duty fixed (设岗定责), and the cadres keep 24-hour duty in shifts. Every page
starts from ``visible_to(user)`` (outside the area: 404); writing needs a writing role over the
record's area (403 for read-only roles); every write calls ``alliances.cadres.services``, whose
refusals are shown beside the form that was sent. Each page runs a fixed number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from communities.models import Community
from communities.selectors import person_find_by_phone
from jilin_grid.areas import AreaLevel, area_children, area_name_annotation
from jilin_grid.exports import iso_date
from jilin_grid.forms import apply_validation_error
from jilin_grid.masking import shown_phone
from jilin_grid.scope import COMMUNITY_CODE_LENGTH, DISTRICT_CODE_LENGTH, prefix_q
from jilin_grid.views import (
    REFUSED_STATUS,
    AreaPageMixin,
    Column,
    CommunityUpMixin,
    ExportMixin,
    FilteredListView,
    ScopedCreateView,
    ScopedQuerysetMixin,
    ScopedRetireView,
    ScopedUpdateView,
    WriteCheckMixin,
    status_label,
)

from . import services
from .filtersets import CadreAssignmentFilterSet, CheckpointFilterSet, DepartmentFilterSet
from .forms import (
    AssignmentEndForm,
    CadreAssignmentForm,
    CheckpointForm,
    DateInput,
    DepartmentForm,
    DutyShiftForm,
    OnDayForm,
)
from .models import CadreAssignment, Checkpoint, Department
from .selectors import assignments_in_force, cadres_figures, duty_roster, empty_cadres_figures


def assignment_url(assignment) -> str:
    return reverse("alliances:cadre_assignment_detail", args=[assignment.pk])


def roster_url(community_code: str, checkpoint_id: int | None = None, week: datetime.date | None = None) -> str:
    query = {"community": community_code}
    if checkpoint_id:
        query["checkpoint"] = checkpoint_id
    if week:
        query["week"] = week.isoformat()
    return f"{reverse('alliances:cadre_roster')}?{urlencode(query)}"


def overview_url(code: str) -> str:
    return reverse("alliances:cadres_overview", args=[code])


def in_force_on(day: datetime.date, prefix: str = "") -> Q:
    """Assignments (through ``prefix``, e.g. "assignments__") in force on ``day``."""
    return Q(**{f"{prefix}start_on__lte": day}) & (
        Q(**{f"{prefix}end_on__isnull": True}) | Q(**{f"{prefix}end_on__gte": day})
    )


ASSIGNMENT_STATES = {"not_started": _("Not started"), "in_force": _("In force"), "ended": _("Ended")}


def assignment_state_key(assignment, today: datetime.date) -> str:
    if assignment.start_on > today:
        return "not_started"
    if assignment.end_on is not None and assignment.end_on < today:
        return "ended"
    return "in_force"


def assignment_state(assignment, today: datetime.date) -> str:
    return str(ASSIGNMENT_STATES[assignment_state_key(assignment, today)])


class CadresPageMixin(CommunityUpMixin):
    """Cadres are sent to communities: a role whose areas are all grids is refused the pages of the
    sinking, saying why (403), and has no menu entry for them."""

    denied_message = _("Cadres are sent to communities; your role works in a grid.")


# Departments -------------------------------------------------------------------------------------


class DepartmentListView(CadresPageMixin, FilteredListView):
    """Departments of the city and the districts, with the cadres and communities they serve today."""

    model = Department
    filterset_class = DepartmentFilterSet
    template_name = "alliances/cadres/object_list.html"
    title = _("Departments sending cadres")
    create_url_name = "alliances:department_create"
    edit_url_name = "alliances:department_edit"
    retire_url_name = "alliances:department_retire"
    columns = [
        Column(_("Name"), lambda d: d.name),
        Column(_("City or district"), lambda d: f"{d.area_name or ''} ({d.area_code})"),
        Column(_("Party organization"), lambda d: d.organization.name if d.organization_id else ""),
        Column(_("Cadres sunk today"), lambda d: d.cadres_today),
        Column(_("Communities served today"), lambda d: d.communities_today),
        Column(_("Status"), status_label),
    ]

    def get_queryset(self):
        today = timezone.localdate()
        return (
            super()
            .get_queryset()
            .select_related("organization")
            .annotate(
                area_name=area_name_annotation(levels=[AreaLevel.CITY, AreaLevel.DISTRICT], fallback=False),
                cadres_today=Count("assignments__cadre", filter=in_force_on(today, "assignments__"), distinct=True),
                communities_today=Count(
                    "assignments__community", filter=in_force_on(today, "assignments__"), distinct=True
                ),
            )
            .order_by("area_code", "name")
        )


class DepartmentFormMixin:
    model = Department
    form_class = DepartmentForm
    success_url_name = "alliances:department_list"


class DepartmentCreateView(DepartmentFormMixin, ScopedCreateView):
    area_length = DISTRICT_CODE_LENGTH  # a department of the city or of a district
    success_message = _("Department added.")

    def perform(self, form):
        return services.department_add(**form.cleaned_data)


class DepartmentUpdateView(DepartmentFormMixin, ScopedUpdateView):
    def perform(self, form):
        # The form shows the city or district disabled: a department stays where it is.
        data = form.cleaned_data
        return services.department_update(department=self.object, name=data["name"], organization=data["organization"])


class DepartmentRetireView(ScopedRetireView):
    model = Department
    success_url_name = "alliances:department_list"

    def retire(self, obj):
        services.department_retire(department=obj)


# Checkpoints -------------------------------------------------------------------------------------


class CheckpointListView(CadresPageMixin, FilteredListView):
    """Checkpoints of the user's communities, with the cadres posted there today and their roster."""

    model = Checkpoint
    filterset_class = CheckpointFilterSet
    template_name = "alliances/cadres/object_list.html"
    title = _("Checkpoints")
    create_url_name = "alliances:checkpoint_create"
    edit_url_name = "alliances:checkpoint_edit"
    retire_url_name = "alliances:checkpoint_retire"
    columns = [
        Column(_("Name"), lambda c: c.name, link=lambda c: roster_url(c.community.code, c.pk)),
        Column(_("Community"), lambda c: c.community.name),
        Column(_("Address"), lambda c: c.address),
        Column(_("Cadres posted today"), lambda c: c.cadres_today),
        Column(_("Status"), status_label),
    ]

    def get_queryset(self):
        today = timezone.localdate()
        return (
            super()
            .get_queryset()
            .select_related("community")
            .annotate(
                cadres_today=Count("assignments__cadre", filter=in_force_on(today, "assignments__"), distinct=True)
            )
            .order_by("area_code", "name")
        )


class CheckpointFormMixin:
    model = Checkpoint
    form_class = CheckpointForm
    success_url_name = "alliances:checkpoint_list"


class CheckpointCreateView(CheckpointFormMixin, ScopedCreateView):
    area_length = COMMUNITY_CODE_LENGTH  # a checkpoint of a community
    success_message = _("Checkpoint added.")

    def perform(self, form):
        return services.checkpoint_add(**form.cleaned_data)


class CheckpointUpdateView(CheckpointFormMixin, ScopedUpdateView):
    queryset = Checkpoint.objects.select_related("community")

    def perform(self, form):
        # The form shows the community disabled: a checkpoint stays in its community.
        data = form.cleaned_data
        return services.checkpoint_update(
            checkpoint=self.object,
            name=data["name"],
            address=data["address"],
            latitude=data["latitude"],
            longitude=data["longitude"],
        )


class CheckpointRetireView(ScopedRetireView):
    model = Checkpoint
    queryset = Checkpoint.objects.select_related("community")
    success_url_name = "alliances:checkpoint_list"

    def retire(self, obj):
        services.checkpoint_retire(checkpoint=obj)


# Assignments -------------------------------------------------------------------------------------


class CadreAssignmentListView(CadresPageMixin, FilteredListView):
    """Cadres sent to the user's communities: by department, checkpoint, or in force on a day."""

    model = CadreAssignment
    queryset = CadreAssignment.objects.select_related("cadre", "department", "community", "checkpoint")
    filterset_class = CadreAssignmentFilterSet
    template_name = "alliances/cadres/object_list.html"
    title = _("Sunk cadres")
    create_url_name = "alliances:cadre_assignment_create"
    reach_filters = ("department",)
    columns = [
        Column(_("Cadre"), lambda a: a.cadre.name, link=assignment_url),
        Column(_("Phone"), lambda a: a.cadre.phone, personal=True),
        Column(_("Department"), lambda a: a.department.name),
        Column(_("Community"), lambda a: a.community.name),
        Column(_("Checkpoint"), lambda a: a.checkpoint.name if a.checkpoint_id else ""),
        Column(_("Post and duty"), lambda a: a.duty),
        Column(_("From"), lambda a: iso_date(a.start_on)),
        Column(_("Until"), lambda a: iso_date(a.end_on)),
        Column(_("State"), lambda a: assignment_state(a, timezone.localdate())),
    ]

    def get_queryset(self):
        queryset = super().get_queryset()
        form = self.filterset.form
        # The drop-downs name each checkpoint with its community, fetched with it.
        form.fields["checkpoint"].queryset = form.fields["checkpoint"].queryset.select_related("community")
        form.fields["checkpoint"].label_from_instance = lambda c: f"{c.community.name} · {c.name}"
        form.fields["department"].queryset = form.fields["department"].queryset.order_by("area_code", "name")
        form.fields["on"].widget = DateInput(attrs={"class": "form-control"})
        return queryset


class CadreAssignmentCreateView(ScopedCreateView):
    """Send a cadre: the same person (found by phone in the department's area) or a new one."""

    model = CadreAssignment
    form_class = CadreAssignmentForm
    area_length = COMMUNITY_CODE_LENGTH  # cadres are sent to communities
    success_url_name = "alliances:cadre_assignment_list"
    success_message = _("Cadre assigned.")
    title = _("Assign a cadre")

    def perform(self, form):
        data = dict(form.cleaned_data)
        name, phone, gender = data.pop("name"), data.pop("phone"), data.pop("gender")
        cadre = person_find_by_phone(area_code=data["department"].area_code, phone=phone)
        if cadre is not None:
            return services.cadre_assign(cadre=cadre, **data)
        return services.cadre_assign(name=name, phone=phone, gender=gender, **data)

    def get_success_url(self):
        return assignment_url(self.object)


# The assignment page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PageForm:
    form_class: Any
    done_message: Any
    field_map: dict


ASSIGNMENT_FORMS = {
    "shift": PageForm(DutyShiftForm, _("Duty shift added."), {"starts_at": "day", "ends_at": "end"}),
    "end": PageForm(AssignmentEndForm, _("The assignment has ended: the cadre returns to their department."), {}),
}


class CadreAssignmentPageView(ScopedQuerysetMixin, WriteCheckMixin, TemplateView):
    """One cadre's assignment: department, community, checkpoint, post and duty, period, its duty
    shifts, and for writers the forms to add a shift and to end the assignment."""

    template_name = "alliances/cadres/assignment_detail.html"

    def get_assignment(self) -> CadreAssignment:
        if not hasattr(self, "assignment"):
            self.assignment = get_object_or_404(
                CadreAssignment.objects.visible_to(self.request.user).select_related(
                    "cadre", "department", "community", "checkpoint"
                ),
                pk=self.kwargs["pk"],
            )
        return self.assignment

    def get_context_data(self, bound: dict | None = None, **kwargs):
        context = super().get_context_data(**kwargs)
        assignment = self.get_assignment()
        today = timezone.localdate()
        writable = self.scope.can_write(assignment.area_code)
        phone = shown_phone(self.scope, assignment.cadre.phone, assignment.area_code)
        shifts = list(assignment.shifts.order_by("starts_at", "id"))
        hours = sum((shift.ends_at - shift.starts_at).total_seconds() for shift in shifts) / 3600
        forms: dict = {}
        if writable:
            forms["shift"] = DutyShiftForm(auto_id="id_shift_%s", initial={"day": today})
            if assignment.end_on is None or assignment.end_on > today:
                forms["end"] = AssignmentEndForm(auto_id="id_end_%s")
            forms.update(bound or {})
        week = today - datetime.timedelta(days=today.weekday())
        context.update(
            {
                "assignment": assignment,
                "title": str(assignment),
                "phone": phone,
                "state": assignment_state(assignment, today),
                "state_key": assignment_state_key(assignment, today),
                "shifts": [
                    {
                        "object": shift,
                        "hours": round((shift.ends_at - shift.starts_at).total_seconds() / 3600, 1),
                    }
                    for shift in shifts
                ],
                "shift_hours": round(hours, 1),
                "writable": writable,
                "forms": forms,
                "roster_url": roster_url(assignment.community.code, assignment.checkpoint_id, week),
            }
        )
        return context


class CadreAssignmentFormView(CadreAssignmentPageView):
    """POST a form of the assignment page; a refusal shows the page again with the form and its errors."""

    http_method_names = ["post"]

    def post(self, request, pk, form):
        assignment = self.get_assignment()
        spec = ASSIGNMENT_FORMS.get(form)
        if spec is None:
            raise Http404(_("No such form."))
        self.check_write(assignment.area_code)
        bound = spec.form_class(request.POST, auto_id=f"id_{form}_%s")
        if bound.is_valid():
            try:
                if form == "shift":
                    services.duty_shift_add(
                        assignment=assignment,
                        starts_at=bound.cleaned_data["starts_at"],
                        ends_at=bound.cleaned_data["ends_at"],
                    )
                else:
                    services.cadre_assignment_end(assignment=assignment, end_on=bound.cleaned_data["end_on"])
            except ValidationError as error:
                apply_validation_error(bound, error, spec.field_map)
                # Nothing was written; the page shows the assignment as it stands.
                assignment.refresh_from_db(fields=["end_on"])
            else:
                messages.success(request, spec.done_message)
                return redirect(assignment_url(assignment))
        return self.render_to_response(self.get_context_data(bound={form: bound}), status=REFUSED_STATUS)


# The duty roster ---------------------------------------------------------------------------------


def week_start_of(value: str | None, today: datetime.date) -> tuple[datetime.date, bool]:
    """The Monday of the week holding ``value`` (YYYY-MM-DD), or of this week; and whether ``value`` was good."""
    day = today
    valid = True
    if value:
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            valid = False
    return day - datetime.timedelta(days=day.weekday()), valid


class CadreRosterView(CadresPageMixin, TemplateView):
    """The week at a glance of a community or a checkpoint: who is on duty, which shift, each day.
    ``?community=<code>&checkpoint=<id>&week=YYYY-MM-DD``; outside the user's area: 404."""

    template_name = "alliances/cadres/roster.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        week, week_valid = week_start_of(self.request.GET.get("week"), today)
        communities = list(
            Community.objects.visible_to(user).filter(is_active=True).order_by("code").values_list("code", "name")
        )
        code = self.request.GET.get("community") or ""
        if not code and len(communities) == 1:
            code = communities[0][0]
        context.update(
            {
                "communities": communities,
                "week": week,
                "week_valid": week_valid,
                "bad_week": self.request.GET.get("week") if not week_valid else "",
                "title": _("Duty roster"),
            }
        )
        if not code:
            return context
        community = get_object_or_404(Community.objects.visible_to(user), code=code)
        checkpoints = list(Checkpoint.objects.filter(community=community).order_by("-is_active", "name"))
        checkpoint = None
        checkpoint_id = self.request.GET.get("checkpoint")
        if checkpoint_id:
            checkpoint = next((c for c in checkpoints if str(c.pk) == checkpoint_id), None)
            if checkpoint is None:
                raise Http404(_("No such checkpoint in this community."))
        roster = duty_roster(community=community, checkpoint=checkpoint, week=week, checkpoints=checkpoints)
        for place in roster["places"]:
            for row in place["rows"]:
                row["url"] = assignment_url(row["assignment"])
                row["phone"] = shown_phone(self.scope, row["assignment"].cadre.phone, community.code)
        context.update(
            {
                "community": community,
                "checkpoint": checkpoint,
                "checkpoints": checkpoints,
                "roster": roster,
                "today": today,
                "previous_url": roster_url(community.code, checkpoint_id, week - datetime.timedelta(days=7)),
                "next_url": roster_url(community.code, checkpoint_id, week + datetime.timedelta(days=7)),
                "this_week_url": roster_url(community.code, checkpoint_id),
                "overview_url": overview_url(community.code),
                "title": _("Duty roster of %(place)s")
                % {"place": f"{community.name} · {checkpoint.name}" if checkpoint else community.name},
            }
        )
        return context


# The sinking overview ----------------------------------------------------------------------------

CADRES_KEYS = ("departments", "cadres", "communities", "checkpoints")
CADRES_LABELS = {
    "departments": _("Departments"),
    "cadres": _("Cadres"),
    "communities": _("Communities"),
    "checkpoints": _("Checkpoints"),
}


class CadresOverviewView(CadresPageMixin, AreaPageMixin, ExportMixin, TemplateView):
    """Cadres sunk to an area on a day: departments, cadres, communities and checkpoints, each counted
    once, for the area and for each of its children (a community's children are its checkpoints);
    the departments that sent the most; the children table exports as CSV or Excel."""

    template_name = "alliances/cadres/overview.html"

    def get_area(self):
        area = super().get_area()
        if area.level == AreaLevel.GRID:
            raise Http404(_("Cadres are sent to communities, not to grids."))
        return area

    def get(self, request, *args, **kwargs):
        if not kwargs.get("code"):
            # The user's own area; a grid worker's is the community of their grid.
            return redirect(overview_url(self.scope.home_code(settings.CITY_CODE)[:12]))
        self.area = area = self.get_area()
        today = timezone.localdate()
        self.day_form = (
            OnDayForm({"on": request.GET["on"]}) if request.GET.get("on") else OnDayForm(initial={"on": today})
        )
        self.day = self.day_form.cleaned_data["on"] if self.day_form.is_bound and self.day_form.is_valid() else today
        self.figures = cadres_figures(prefix=area.code, start=self.day, end=self.day)[area.code]
        self.columns, self.children = self.child_rows(area)
        fmt = self.requested_export()
        if fmt:
            return self.export_response(
                fmt=fmt,
                headers=[str(label) for _key, label in self.columns],
                rows=([row[key] for key, _label in self.columns] for row in self.children),
                name=f"{area.name} {self.day.isoformat()}",
            )
        return super().get(request, *args, **kwargs)

    def child_rows(self, area) -> tuple[list, list[dict]]:
        """The table below the cards: one row per child area, or per checkpoint of a community."""
        if area.level == AreaLevel.COMMUNITY:
            columns = [("name", _("Checkpoint")), ("departments", _("Departments")), ("cadres", _("Cadres"))]
            figures = {
                row["checkpoint_id"]: row
                for row in assignments_in_force(self.day, self.day)
                .filter(area_code=area.code)
                .order_by()
                .values("checkpoint_id")
                .annotate(departments=Count("department_id", distinct=True), cadres=Count("cadre_id", distinct=True))
            }
            checkpoints = Checkpoint.objects.filter(area_code=area.code).order_by("-is_active", "name")
            rows = [
                {
                    "name": checkpoint.name,
                    "code": "",
                    "url": roster_url(area.code, checkpoint.pk, self.day - datetime.timedelta(days=self.day.weekday())),
                    "departments": figures.get(checkpoint.pk, {}).get("departments", 0),
                    "cadres": figures.get(checkpoint.pk, {}).get("cadres", 0),
                }
                for checkpoint in checkpoints
                if checkpoint.is_active or checkpoint.pk in figures
            ]
            if None in figures:
                rows.append(
                    {
                        "name": str(_("In the community, at no checkpoint")),
                        "code": "",
                        "url": roster_url(area.code, None, self.day - datetime.timedelta(days=self.day.weekday())),
                        "departments": figures[None]["departments"],
                        "cadres": figures[None]["cadres"],
                    }
                )
            return columns, rows
        columns = [("name", _("Name")), ("code", _("Code"))] + [(key, CADRES_LABELS[key]) for key in CADRES_KEYS]
        figures = cadres_figures(prefix=area.code, length=area.child_code_length, start=self.day, end=self.day)
        rows = [
            {
                "name": name,
                "code": code,
                "url": overview_url(code) + f"?on={self.day.isoformat()}",
                **(figures.get(code) or empty_cadres_figures()),
            }
            for code, name in area_children(area)
        ]
        return columns, rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area, day = self.area, self.day
        departments = list(
            assignments_in_force(day, day)
            .filter(prefix_q("area_code", area.code))
            .order_by()
            .values("department_id", "department__name")
            .annotate(cadres=Count("cadre_id", distinct=True), communities=Count("community_id", distinct=True))
            .order_by("-cadres", "department__name")[:10]
        )
        numeric = [key for key, _label in self.columns if key not in ("name", "code")]
        chart_keys = [key for key in ("cadres", "checkpoints", "departments") if key in numeric]
        context.update(
            {
                "area": area,
                "day": day,
                "day_form": self.day_form,
                "figures": [
                    {"key": key, "label": CADRES_LABELS[key], "value": self.figures[key]} for key in CADRES_KEYS
                ],
                "breadcrumbs": [
                    {"name": name, "url": overview_url(code) if self.scope.covers(code) else None}
                    for code, name in area.ancestors
                ],
                "headers": [{"label": label, "numeric": key in numeric} for key, label in self.columns],
                "rows": [
                    {"url": row["url"], "cells": [row[key] for key, _label in self.columns]} for row in self.children
                ],
                "chart_data": {
                    "names": [row["name"] for row in self.children],
                    "series": [
                        {"name": str(CADRES_LABELS[key]), "data": [row[key] for row in self.children]}
                        for key in chart_keys
                    ],
                },
                "departments": departments,
                "is_community": area.level == AreaLevel.COMMUNITY,
                "roster_url": roster_url(area.code, None, day - datetime.timedelta(days=day.weekday()))
                if area.level == AreaLevel.COMMUNITY
                else None,
                "assignments_url": f"{reverse('alliances:cadre_assignment_list')}?"
                + urlencode({"area": area.code, "on": day.isoformat()}),
                "title": _("Cadres sunk to %(area)s") % {"area": area.name},
            }
        )
        return context
