"""Pages of the grid network: the area page of every level, and the lists and forms of grids, buildings,
units, grid workers and chiefs."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from communities.choices import PartyOrganizationKind
from communities.models import PartyOrganization
from communities.services import person_get_or_create
from jilin_grid.aggregates import per_row
from jilin_grid.areas import AreaLevel
from jilin_grid.masking import shown_phone
from jilin_grid.scope import COMMUNITY_CODE_LENGTH
from jilin_grid.views import (
    AreaPageMixin,
    Column,
    ExportMixin,
    FilteredListView,
    ScopedCreateView,
    ScopedRetireView,
    ScopedUpdateView,
    status_label,
)

from . import services
from .choices import ChiefKind, Employment
from .filtersets import (
    BuildingFilterSet,
    ChiefAssignmentFilterSet,
    GridFilterSet,
    GridWorkerFilterSet,
    UnitFilterSet,
)
from .forms import BuildingForm, ChiefAssignmentForm, GridForm, GridWorkerForm, UnitForm
from .models import Building, ChiefAssignment, Grid, GridWorker, Unit
from .selectors import organization_network


def area_link(code: str) -> str:
    return reverse("grids:area_detail", args=[code])


# The table of an area's children: (key, label, value of a child row). Sorting uses the key.
CHILD_COLUMNS = [
    ("name", _("Name"), lambda row: row["area"]["name"]),
    ("code", _("Code"), lambda row: row["area"]["code"]),
    ("communities", _("Communities"), lambda row: row["communities"]),
    ("grids", _("Grids"), lambda row: row["grids"]),
    ("grid_workers", _("Grid workers"), lambda row: row["grid_workers"]),
    ("grid_workers_full_time", _("Full-time"), lambda row: row["grid_workers_full_time"]),
    ("grid_workers_part_time", _("Part-time"), lambda row: row["grid_workers_part_time"]),
    ("chiefs", _("Chiefs"), lambda row: sum(row["chiefs"].values())),
    ("grid_party_organizations", _("Grid party organizations"), lambda row: row["grid_party_organizations"]),
    ("party_organizations", _("Party organizations"), lambda row: sum(row["party_organizations"].values())),
    ("party_members", _("Party members"), lambda row: row["party_members"]),
]
# Series the chart can show, by key of a child row.
CHART_SERIES = ["grids", "grid_workers", "grid_party_organizations", "party_members"]


class AreaDetailView(AreaPageMixin, ExportMixin, TemplateView):
    """The page of one area (city to grid): figures, a chart and the table of its children."""

    template_name = "grids/network/area_detail.html"

    def child_columns(self, area):
        # A street's children are communities, a community's are grids: no count of either on them.
        return self.shown_columns(area, CHILD_COLUMNS)

    def get(self, request, *args, **kwargs):
        area = self.area = self.get_area()
        self.network = organization_network(area)
        columns = self.child_columns(area)
        children, self.sort = self.sorted_children(self.network["children"], columns)
        self.children = children
        fmt = self.requested_export()
        if fmt:
            return self.export_response(
                fmt=fmt,
                headers=[str(label) for _key, label, _getter in columns],
                rows=([getter(row) for _key, _label, getter in columns] for row in children),
                name=area.name,
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area, network, scope = self.area, self.network, self.scope
        columns = self.child_columns(area)
        rows = [
            {
                "url": area_link(row["area"]["code"]),
                "cells": [getter(row) for _key, _label, getter in columns],
            }
            for row in self.children
        ]
        chart = {
            "names": [row["area"]["name"] for row in self.children],
            "series": {key: [row[key] for row in self.children] for key in CHART_SERIES},
            "labels": {key: str(label) for key, label, _getter in CHILD_COLUMNS if key in CHART_SERIES},
        }
        context.update(
            {
                "area": area,
                "network": network,
                "breadcrumbs": [
                    {"name": name, "url": area_link(code) if scope.covers(code) else None}
                    for code, name in area.ancestors
                ],
                "shows_communities": area.level in (AreaLevel.CITY, AreaLevel.DISTRICT, AreaLevel.STREET),
                "shows_grids": area.level != AreaLevel.GRID,
                "chief_figures": [(label, network["chiefs"].get(value, 0)) for value, label in ChiefKind.choices],
                "party_figures": [
                    (label, network["party_organizations"].get(value, 0))
                    for value, label in PartyOrganizationKind.choices
                ],
                "child_headers": self.child_headers(columns),
                "child_rows": rows,
                "child_level_label": self.child_level_label(area),
                "chart_data": chart,
                "can_write": scope.can_write(area.code),
                "today": timezone.localdate(),
            }
        )
        if area.level == AreaLevel.GRID:
            context.update(self.grid_details(area.code))
        return context

    def grid_details(self, code: str) -> dict:
        """A grid's buildings, workers, chiefs and party organizations: four queries."""

        def phone(value):
            return shown_phone(self.scope, value, code)

        grid = Grid.objects.only("id", "households", "boundary").get(code=code)
        buildings = (
            Building.objects.filter(grid_id=grid.id, is_active=True)
            .select_related("compound")
            .annotate(unit_count=Count("units", filter=Q(units__is_active=True)))
            .order_by("compound__name", "name")
        )
        workers = GridWorker.objects.filter(grid_id=grid.id, is_active=True).select_related("person")
        chiefs = (
            ChiefAssignment.objects.filter(grid_id=grid.id, is_active=True)
            .select_related("person", "building__compound", "unit__building__compound", "grid")
            .order_by("kind", "id")
        )
        organizations = PartyOrganization.objects.filter(area_code=code, is_active=True).select_related("secretary")
        return {
            "grid": grid,
            "buildings": list(buildings),
            "workers": [{"object": w, "phone": phone(w.person.phone)} for w in workers],
            "chiefs": [{"object": c, "phone": phone(c.person.phone)} for c in chiefs],
            "organizations": [
                {"object": o, "phone": phone(o.secretary.phone) if o.secretary_id else ""} for o in organizations
            ],
        }


# Grids ------------------------------------------------------------------------------------------


class GridListView(FilteredListView):
    model = Grid
    queryset = (
        Grid.objects.select_related("community")
        # Per grid, so a page of 50 counts 50 grids' workers and buildings, not the whole city's
        # joined and grouped before the page is cut.
        .annotate(
            worker_count=per_row(GridWorker.objects.filter(is_active=True), Count("id"), field="grid"),
            building_count=per_row(Building.objects.filter(is_active=True), Count("id"), field="grid"),
        )
        .order_by("code")
    )
    filterset_class = GridFilterSet
    columns = [
        Column(_("Code"), lambda g: g.code),
        Column(_("Name"), lambda g: g.name, link=lambda g: area_link(g.code)),
        Column(_("Community"), lambda g: g.community.name),
        Column(_("Households"), lambda g: g.households),
        Column(_("Buildings"), lambda g: g.building_count),
        Column(_("Grid workers"), lambda g: g.worker_count),
        Column(_("Status"), status_label),
    ]
    create_url_name = "grids:grid_create"
    edit_url_name = "grids:grid_edit"
    retire_url_name = "grids:grid_retire"


class GridCreateView(ScopedCreateView):
    model = Grid
    area_length = COMMUNITY_CODE_LENGTH  # a grid is added to a community
    form_class = GridForm
    success_url_name = "grids:grid_list"
    success_message = _("Grid added.")

    def perform(self, form):
        return services.grid_create(**form.cleaned_data)


class GridUpdateView(ScopedUpdateView):
    model = Grid
    form_class = GridForm
    success_url_name = "grids:grid_list"

    def perform(self, form):
        # The form shows the code and community disabled: they are fixed once the grid exists.
        data = form.cleaned_data
        return services.grid_update(
            grid=self.object, name=data["name"], households=data["households"], boundary=data["boundary"]
        )


class GridRetireView(ScopedRetireView):
    model = Grid
    success_url_name = "grids:grid_list"

    def retire(self, obj):
        services.grid_retire(grid=obj)


# Buildings and units ----------------------------------------------------------------------------


class BuildingListView(FilteredListView):
    model = Building
    queryset = (
        Building.objects.select_related("grid", "compound")
        # Per building, so a page of 50 counts 50 buildings' units, not the whole city's.
        .annotate(unit_count=per_row(Unit.objects.filter(is_active=True), Count("id"), field="building"))
        .order_by("area_code", "name")
    )
    filterset_class = BuildingFilterSet
    picker_depends = {"compound": {"grid": "grid"}}
    columns = [
        Column(_("Building"), lambda b: b.name),
        Column(_("Residential compound"), lambda b: b.compound.name if b.compound_id else ""),
        Column(_("Grid"), lambda b: b.grid.name, link=lambda b: area_link(b.grid.code)),
        Column(_("Floors"), lambda b: b.floors),
        Column(_("Units"), lambda b: b.unit_count),
        Column(_("Status"), status_label),
    ]
    create_url_name = "grids:building_create"
    edit_url_name = "grids:building_edit"
    retire_url_name = "grids:building_retire"


class BuildingCreateView(ScopedCreateView):
    model = Building
    form_class = BuildingForm
    success_url_name = "grids:building_list"
    success_message = _("Building added with its units.")

    def get_initial(self):
        return {"grid": self.request.GET.get("grid")}

    def perform(self, form):
        return services.building_create(**form.cleaned_data)


class BuildingUpdateView(ScopedUpdateView):
    model = Building
    form_class = BuildingForm
    success_url_name = "grids:building_list"

    def perform(self, form):
        return services.building_update(building=self.object, **form.cleaned_data)


class BuildingRetireView(ScopedRetireView):
    model = Building
    success_url_name = "grids:building_list"

    def retire(self, obj):
        services.building_retire(building=obj)


class UnitListView(FilteredListView):
    model = Unit
    queryset = Unit.objects.select_related("building__compound", "building__grid")
    filterset_class = UnitFilterSet
    columns = [
        Column(_("Building"), lambda u: str(u.building)),
        Column(_("Unit number"), lambda u: u.number),
        Column(_("Households"), lambda u: u.households),
        Column(_("Grid"), lambda u: u.building.grid.name, link=lambda u: area_link(u.building.grid.code)),
        Column(_("Status"), status_label),
    ]
    hidden_filters = ("building",)
    create_url_name = "grids:unit_create"
    edit_url_name = "grids:unit_edit"
    retire_url_name = "grids:unit_retire"


class UnitCreateView(ScopedCreateView):
    model = Unit
    form_class = UnitForm
    success_url_name = "grids:unit_list"
    success_message = _("Unit added.")

    def get_initial(self):
        return {"building": self.request.GET.get("building")}

    def perform(self, form):
        return services.unit_create(**form.cleaned_data)


class UnitUpdateView(ScopedUpdateView):
    model = Unit
    form_class = UnitForm
    success_url_name = "grids:unit_list"

    def perform(self, form):
        # The form shows the building disabled: a unit stays in its building.
        data = form.cleaned_data
        return services.unit_update(unit=self.object, number=data["number"], households=data["households"])


class UnitRetireView(ScopedRetireView):
    model = Unit
    success_url_name = "grids:unit_list"

    def retire(self, obj):
        services.unit_retire(unit=obj)


# Grid workers and chiefs ------------------------------------------------------------------------

PERSON_ERRORS = {"person": "name", "phone": "phone", "name": "name"}


class GridWorkerListView(FilteredListView):
    model = GridWorker
    queryset = GridWorker.objects.select_related("person", "grid")
    filterset_class = GridWorkerFilterSet
    columns = [
        Column(_("Full name"), lambda w: w.person.name),
        Column(_("Phone"), lambda w: w.person.phone, personal=True),
        Column(_("Employment"), lambda w: w.get_employment_display()),
        Column(_("Grid"), lambda w: w.grid.name, link=lambda w: area_link(w.grid.code)),
        Column(_("Started on"), lambda w: w.started_on or ""),
        Column(_("Status"), status_label),
    ]
    title = _("Grid workers")
    create_url_name = "grids:grid_worker_create"
    edit_url_name = "grids:grid_worker_edit"
    retire_url_name = "grids:grid_worker_retire"


class GridWorkerCreateView(ScopedCreateView):
    model = GridWorker
    form_class = GridWorkerForm
    success_url_name = "grids:grid_worker_list"
    error_field_map = PERSON_ERRORS
    success_message = _("Grid worker added.")

    def get_initial(self):
        return {"grid": self.request.GET.get("grid"), "employment": Employment.FULL_TIME}

    def perform(self, form):
        return services.grid_worker_create(**form.cleaned_data)


class GridWorkerUpdateView(ScopedUpdateView):
    model = GridWorker
    form_class = GridWorkerForm
    success_url_name = "grids:grid_worker_list"
    error_field_map = PERSON_ERRORS

    def perform(self, form):
        data = dict(form.cleaned_data)
        person = person_get_or_create(name=data.pop("name"), phone=data.pop("phone"), area_code=data["grid"].code)
        return services.grid_worker_update(worker=self.object, person=person, **data)


class GridWorkerRetireView(ScopedRetireView):
    model = GridWorker
    success_url_name = "grids:grid_worker_list"

    def retire(self, obj):
        services.grid_worker_retire(worker=obj)


class ChiefListView(FilteredListView):
    model = ChiefAssignment
    queryset = ChiefAssignment.objects.select_related(
        "person", "grid", "building__compound", "unit__building__compound"
    )
    filterset_class = ChiefAssignmentFilterSet
    columns = [
        Column(_("Kind"), lambda c: c.get_kind_display()),
        Column(_("Full name"), lambda c: c.person.name),
        Column(_("Phone"), lambda c: c.person.phone, personal=True),
        Column(_("Responsible for"), lambda c: c.place),
        Column(_("Grid"), lambda c: c.grid.name, link=lambda c: area_link(c.grid.code)),
        Column(_("Status"), status_label),
    ]
    title = _("Chiefs (five-chief system)")
    hidden_filters = ("building", "unit")
    create_url_name = "grids:chief_create"
    edit_url_name = "grids:chief_edit"
    retire_url_name = "grids:chief_retire"


class ChiefCreateView(ScopedCreateView):
    model = ChiefAssignment
    form_class = ChiefAssignmentForm
    success_url_name = "grids:chief_list"
    error_field_map = PERSON_ERRORS
    title = _("Appoint a chief")
    success_message = _("Chief appointed.")

    def get_initial(self):
        return {"grid": self.request.GET.get("grid")}

    def perform(self, form):
        return services.chief_assign(**form.cleaned_data)


class ChiefUpdateView(ScopedUpdateView):
    model = ChiefAssignment
    form_class = ChiefAssignmentForm
    success_url_name = "grids:chief_list"
    error_field_map = PERSON_ERRORS

    def perform(self, form):
        data = dict(form.cleaned_data)
        person = person_get_or_create(name=data.pop("name"), phone=data.pop("phone"), area_code=data["grid"].code)
        return services.chief_update(chief=self.object, person=person, **data)


class ChiefRetireView(ScopedRetireView):
    model = ChiefAssignment
    success_url_name = "grids:chief_list"

    def retire(self, obj):
        services.chief_retire(chief=obj)
