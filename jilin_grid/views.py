"""View mixins shared by every app's pages (the steps of an object's page are in ``jilin_grid.steps``).

The one scope rule is applied here: lists and object look-ups start from
``Model.objects.visible_to(user)`` (an object outside the user's area answers 404), and a
page that writes asks ``scope.can_write(code)`` (a read-only role inside its area gets 403).
A concrete page declares its model, FilterSet, columns, form and service in a few lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import resolve, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, TemplateView

from .areas import LEVEL_BY_LENGTH, LEVEL_ORDER, Area, AreaLevel, AreaNotFound, area_get_visible, child_level
from .exports import EXPORT_FORMATS, table_response
from .filters import AreaPrefixFilter
from .forms import apply_validation_error, scope_choice_fields, style_fields
from .masking import shown_phone, tel_url
from .paging import Paginator
from .pickers.widgets import use_area_picker, use_pickers
from .scope import COMMUNITY_CODE_LENGTH, GRID_CODE_LENGTH, get_scope
from .uploads import collect_held_uploads, hold_refused_uploads, perform_with_held_uploads


@login_required
def home(request):
    """The home page of the user's role (``ROLE_HOME_VIEWS``: a grid worker's), or their own area page."""
    scope = get_scope(request.user)
    code = scope.home_code(settings.CITY_CODE)
    view = None if scope.is_superuser else settings.ROLE_HOME_VIEWS.get(scope.role_for(code) or "")
    if view:
        return import_string(view)(request)
    return redirect(settings.AREA_PAGE_URL_NAME, code=code)


@dataclass(frozen=True)
class Column:
    """A column of a list page and of its export.

    ``value(obj)`` gives the cell; ``personal`` cells (phone numbers) are masked for roles that
    do not see personal data of the object's area, and a ``tel:`` link for the others;
    ``link(obj)`` makes the cell a link on screen. ``name`` lets a list choose the columns of its
    cards on a phone (``FilteredListView.card_columns``); ``sort`` makes its header sort the list.
    """

    label: Any
    value: Callable[[Any], Any]
    personal: bool = False
    link: Callable[[Any], str | None] | None = None
    name: str = ""
    # The value of the FilterSet's ``sort`` (an OrderingFilter) this column's header sorts by
    # ("-hours": most first): a click sorts by it, a second click the other way.
    sort: str = ""


class ScopeMixin(LoginRequiredMixin):
    """The signed-in user's scope; anonymous users are sent to the login page.

    ``permits(scope)`` answers whether the page is of use to a role at all, before any record is
    read: the menu and the lists' "Add" buttons ask it (``url_permits``), and ``dispatch`` answers
    403 with ``denied_message`` when it says no, so what is offered and what is allowed agree.
    """

    denied_message = _("Your role may not use this page.")

    @classmethod
    def permits(cls, scope) -> bool:
        return True

    def get_denied_message(self):
        return self.denied_message

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.permits(self.scope):
            raise PermissionDenied(self.get_denied_message())
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def scope(self):
        return get_scope(self.request.user)


class CommunityUpMixin(ScopeMixin):
    """A page of the work kept by communities and the areas above them (alliances, volunteering,
    cadres): a role whose areas are all grids has nothing there, so it is refused with the page's
    ``denied_message`` (403) rather than shown an empty page, and the menu does not offer it."""

    denied_message = _("This page is for communities and the areas above them; your role works in a grid.")

    @classmethod
    def permits(cls, scope) -> bool:
        return scope.reaches(COMMUNITY_CODE_LENGTH)


def view_class_of(url_name: str, args=(), kwargs=None):
    """The class-based view behind a URL name (None for a function view)."""
    match = resolve(reverse(url_name, args=args, kwargs=kwargs))
    return getattr(match.func, "view_class", None)


def url_permits(url_name: str, scope, args=(), kwargs=None) -> bool:
    """True when the page at ``url_name`` lets ``scope`` use it (its view's ``permits``)."""
    view_class = view_class_of(url_name, args, kwargs)
    permits = getattr(view_class, "permits", None)
    return permits(scope) if permits is not None else True


class ScopedQuerysetMixin(ScopeMixin):
    """``get_queryset()`` limited to the user's area."""

    model = None
    queryset = None

    def get_queryset(self):
        queryset = self.queryset if self.queryset is not None else self.model._default_manager.all()
        return queryset.all().visible_to(self.request.user)


class ExportMixin:
    """Answers ``?export=csv`` or ``?export=xlsx`` with the page's table."""

    export_param = "export"

    def requested_export(self) -> str | None:
        fmt = self.request.GET.get(self.export_param)
        return fmt if fmt in EXPORT_FORMATS else None

    def export_response(self, *, fmt: str, headers, rows, name: str):
        return table_response(headers=headers, rows=rows, name=name, fmt=fmt)


class WriteCheckMixin(ScopeMixin):
    """Writing needs a write role over the area: read-only roles get 403 (their own area only)."""

    def check_write(self, code: str) -> None:
        if not self.scope.can_write(code):
            raise PermissionDenied(_("Your role may only read records in this area."))


# The length up to which a list's cell is kept on one line.
SHORT_CELL = 12


class PagedListView(ListView):
    """A ``ListView`` whose first page, when it is not full, costs no count (``jilin_grid.paging``)."""

    paginator_class = Paginator


class FilteredListView(ScopedQuerysetMixin, ExportMixin, PagedListView):
    """A list of one model: FilterSet (the API's), pagination, masking, CSV/Excel export.

    Subclasses set ``model``, ``queryset`` (with its select_related), ``filterset_class``,
    ``columns`` and the URL names of the create/edit/retire pages.
    """

    template_name = "portal/object_list.html"
    paginate_by = 50
    filterset_class = None
    columns: list[Column] = []
    title = None
    create_url_name: str | None = None
    edit_url_name: str | None = None
    retire_url_name: str | None = None
    # Filters kept usable from links (``?building=12``) but not shown as a long drop-down.
    hidden_filters: tuple[str, ...] = ()
    # Filters whose FilterSet offers the areas above the user's too (``Scope.reach_q``): kept as they are.
    reach_filters: tuple[str, ...] = ()
    # Filters applied that show elsewhere on the page (as its tabs), not as chips.
    chipless_filters: tuple[str, ...] = ()
    # The pickers' filters that follow other filters: {"compound": {"grid": "grid"}}.
    picker_depends: dict[str, dict[str, str]] = {}
    # On a phone each row is a card: these columns (by ``Column.name``), the first as its title
    # (its link, if it has one, covers the card); by default every column, titled by the first.
    card_columns: tuple[str, ...] = ()

    def get_title(self):
        return self.title or self.model._meta.verbose_name_plural

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=super().get_queryset(), request=self.request
        )
        form = self.filterset.form
        for name in self.hidden_filters:
            if name in form.fields:
                form.fields[name].widget = forms.HiddenInput()
        scope_choice_fields(form, self.request.user, keep=self.reach_filters)
        use_pickers(form, depends=self.picker_depends)
        for name, filter_ in self.filterset.filters.items():
            if isinstance(filter_, AreaPrefixFilter) and name in form.fields:
                use_area_picker(form, name, self.request.user)
        style_fields(form)
        if self.filterset.is_bound and not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def row_css(self, obj) -> str:
        """Extra CSS classes of a row on screen (e.g. to flag an overdue record)."""
        return ""

    def cell(self, column: Column, obj) -> Any:
        value = column.value(obj)
        if column.personal and value:
            value = shown_phone(self.scope, str(value), obj.scope_code)
        return value

    def get(self, request, *args, **kwargs):
        fmt = self.requested_export()
        if fmt:
            queryset = self.get_queryset()
            rows = ([self.cell(column, obj) for column in self.columns] for obj in queryset.iterator(chunk_size=2000))
            return self.export_response(
                fmt=fmt, headers=[str(column.label) for column in self.columns], rows=rows, name=str(self.get_title())
            )
        return super().get(request, *args, **kwargs)

    def header_sorts(self) -> list[tuple[Any, dict | None]]:
        """Each header with its sort link (None when the column does not sort): the list sorted by
        the column, or the other way when it already is; the filters applied are kept."""
        current = self.request.GET.get("sort", "")
        sorts = []
        for column in self.columns:
            if not column.sort or "sort" not in self.filterset.filters:
                sorts.append((column.label, None))
                continue
            query = self.request.GET.copy()
            query.pop("page", None)
            key = column.sort.lstrip("-")
            reverse = column.sort[1:] if column.sort.startswith("-") else "-" + column.sort
            active = current.lstrip("-") == key
            query["sort"] = reverse if current == column.sort else column.sort
            sorts.append(
                (
                    column.label,
                    {
                        "url": "?" + query.urlencode(),
                        "active": active,
                        "descending": active and current.startswith("-"),
                        "key": key,
                    },
                )
            )
        return sorts

    def card_indexes(self) -> tuple[int, list[int]]:
        """The column of a card's title and those of its lines (indexes into ``columns``)."""
        if self.card_columns:
            by_name = {column.name: index for index, column in enumerate(self.columns) if column.name}
            indexes = [by_name[name] for name in self.card_columns]
            return indexes[0], indexes[1:]
        return 0, list(range(1, len(self.columns)))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        title_index, line_indexes = self.card_indexes()
        for obj in context["object_list"]:
            cells = []
            for column in self.columns:
                value = self.cell(column, obj)
                link = column.link(obj) if column.link else None
                if column.personal and value and link is None:
                    link = tel_url(str(value))
                cells.append(
                    {
                        "value": value,
                        "link": link,
                        "label": column.label,
                        "tel": bool(link and column.personal),
                        # A short cell (a name, a category, a level) is not broken one character a
                        # line, and a long text keeps room for a few words a line.
                        "width": "short" if len(str(value)) <= SHORT_CELL else "long" if len(str(value)) > 24 else "",
                    }
                )
            writable = self.scope.can_write(obj.scope_code)
            rows.append(
                {
                    "object": obj,
                    "cells": cells,
                    "card_title": cells[title_index] if cells else None,
                    "card_lines": [cells[index] for index in line_indexes],
                    "inactive": getattr(obj, "is_active", True) is False,
                    "css": self.row_css(obj),
                    "edit_url": reverse(self.edit_url_name, args=[obj.pk]) if writable and self.edit_url_name else None,
                    "retire_url": reverse(self.retire_url_name, args=[obj.pk])
                    if writable and self.retire_url_name and getattr(obj, "is_active", True)
                    else None,
                }
            )
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "title": self.get_title(),
                "filter": self.filterset,
                "headers": [column.label for column in self.columns],
                "header_sorts": self.header_sorts(),
                "rows": rows,
                "create_url": reverse(self.create_url_name)
                if self.create_url_name and url_permits(self.create_url_name, self.scope)
                else None,
                "query_without_page": query.urlencode(),
                "filters_applied": any(value for key, value in self.request.GET.items() if key != "page"),
            }
        )
        return context


# Refusals: a refused POST shows the same form again, bound to what was typed, with each message
# beside the field it is about, and answers 400. Files sent with it are held for the next submit.

REFUSED_STATUS = 400


class ServiceFormMixin(WriteCheckMixin):
    """A form page whose record is saved by a service; its ValidationErrors land on the fields.

    A refused POST (the form's own checks or the service's) shows the bound form again with
    HTTP 400, and the files it carried stay attached for the next submit.
    """

    template_name = "portal/object_form.html"
    success_url_name: str | None = None
    error_field_map: dict[str, str] = {}
    success_message = _("Saved.")
    title = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def perform(self, form):
        """Call the service with ``form.cleaned_data``; return the saved record."""
        raise NotImplementedError

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.request.method == "POST":
            collect_held_uploads(self.request, form)
        return form

    def form_valid(self, form):
        try:
            self.object = perform_with_held_uploads(self.request, form, lambda: self.perform(form))
        except ValidationError as error:
            apply_validation_error(form, error, self.error_field_map)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        hold_refused_uploads(self.request, form)
        return self.render_to_response(self.get_context_data(form=form), status=REFUSED_STATUS)

    def get_success_message(self):
        return self.success_message

    def get_success_url(self):
        return reverse(self.success_url_name)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["cancel_url"] = self.get_cancel_url()
        return context

    def get_cancel_url(self) -> str:
        return reverse(self.success_url_name)


class ScopedCreateView(ServiceFormMixin, FormView):
    """Adds a record inside the user's area. Read-only roles get 403, and so does a role whose
    areas all lie below the level where the record is placed (``area_length``: a community's 12
    digits for a checkpoint), rather than a form whose required list is empty."""

    model = None
    # The length of the code of the area the record is placed in: the user needs a writing grant
    # at that level or above it. A grid's by default (buildings, chiefs, residents' problems).
    area_length = GRID_CODE_LENGTH

    @classmethod
    def permits(cls, scope) -> bool:
        return scope.writes_at(cls.area_length)

    def get_denied_message(self):
        if not self.scope.can_write_anywhere():
            return _("Your role may only read records.")
        level = AreaLevel(LEVEL_BY_LENGTH[self.area_length]) if self.area_length in LEVEL_BY_LENGTH else None
        return _(
            "Your role may not add %(name)s: they are added by the staff of a %(level)s or of an area above it."
        ) % {"name": self.model._meta.verbose_name_plural, "level": level.label.lower() if level else ""}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.setdefault("instance", self.model())
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title or _("Add %(name)s") % {"name": self.model._meta.verbose_name}
        return context


class ScopedObjectMixin(ScopedQuerysetMixin, WriteCheckMixin):
    """The record named in the URL, looked up inside the user's area (404 outside), writable (403)."""

    def get_object(self):
        if not hasattr(self, "_object"):
            obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
            self.check_write(obj.scope_code)
            self._object = obj
        return self._object

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)


class PartCreateView(CommunityUpMixin, ScopedObjectMixin, ServiceFormMixin, FormView):
    """Add something to the record of the user's area the URL names (a red station's event, a
    compound's month of fees, a meeting's resolution): the form is saved by the function
    ``service_name`` of the domain's ``services``, given the record as ``parent_name``, and the user
    returns to the record's page (``return_url``). Offered only to roles writing at a community or
    above (403 saying why otherwise, and for a reading role over the record's area)."""

    services = None  # the domain's services module
    service_name = ""
    parent_name = ""
    # The page's title, naming the record as "%(name)s" ("Log an event of %(name)s").
    title_text = None

    @classmethod
    def permits(cls, scope) -> bool:
        return super().permits(scope) and scope.writes_at(COMMUNITY_CODE_LENGTH)

    def get_denied_message(self):
        if self.scope.reaches(COMMUNITY_CODE_LENGTH):
            return _("Your role may only read records.")
        return super().get_denied_message()

    def perform(self, form):
        service = getattr(self.services, self.service_name)
        return service(**{self.parent_name: self.object}, **form.cleaned_data)

    def form_valid(self, form):
        # ``form_valid`` puts the saved row in ``self.object``: the page returns to the record.
        self.parent = self.object
        return super().form_valid(form)

    def return_url(self, record) -> str:
        raise NotImplementedError

    def record_name(self) -> str:
        return str(self.object)

    def get_success_url(self):
        return self.return_url(self.parent)

    def get_cancel_url(self) -> str:
        return self.return_url(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title_text % {"name": self.record_name()}
        return context


class ScopedUpdateView(ScopedObjectMixin, ServiceFormMixin, FormView):
    """Edits a record of the user's area."""

    success_message = _("Changes saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["title"] = self.title or _("Edit %(name)s") % {"name": self.model._meta.verbose_name}
        return context


class ScopedRetireView(ScopedObjectMixin, TemplateView):
    """Retires a record after a confirmation (POST); it stays in history as inactive."""

    template_name = "portal/confirm_retire.html"
    success_url_name: str | None = None

    def retire(self, obj) -> None:
        raise NotImplementedError

    def get_success_url(self) -> str:
        """Where to go after retiring, or cancelling (a page of its own, such as the parent's)."""
        return reverse(self.success_url_name)

    def post(self, request, *args, **kwargs):
        try:
            self.retire(self.object)
        except ValidationError as error:
            context = self.get_context_data(refusals=error.messages)
            return self.render_to_response(context, status=REFUSED_STATUS)
        messages.success(request, _("“%(name)s” has been retired.") % {"name": self.object})
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["verbose_name"] = self.model._meta.verbose_name
        context["cancel_url"] = self.get_success_url()
        return context


def protected_file_response(
    field_file, *, filename: str, content_type: str | None = None, as_attachment: bool = False, record=None
):
    """A stored file for a user who passed the scope check, or 404 when the file is gone.

    With ``record`` (the object the file belongs to: a report, an attachment), the download is
    written to the audit trail.
    """
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("The file is missing.")) from error
    if record is not None:
        record_download(record, filename)
    kwargs = {"content_type": content_type} if content_type else {}
    return FileResponse(handle, as_attachment=as_attachment, filename=filename, **kwargs)


def record_download(obj, filename: str) -> None:
    """Write the download of ``obj``'s file (``filename``) to the audit trail."""
    from jilin_grid.audit.models import AuditKind
    from jilin_grid.audit.services import record_event

    record_event(AuditKind.DOWNLOAD, obj=obj, data={"file": filename})


# Cells of the pages.


class HtmlCell(str):
    """A cell shown as HTML on screen and as its plain text in exports (``str()`` of it).

    A ``str`` subclass, so that templates keep it as it is and use its ``__html__``.
    """

    def __new__(cls, text, html: str):
        cell = super().__new__(cls, str(text))
        cell.html = html
        return cell

    def __html__(self) -> str:
        return self.html


def badge_cell(label, css: str, value: str = "", *, data: str = "value") -> HtmlCell:
    """A coloured badge on screen (``data-<data>`` carries ``value``), its plain label in exports."""
    return HtmlCell(label, format_html('<span class="badge {}" data-{}="{}">{}</span>', css, data, value, label))


# The colour of a background job's status (jilin_grid.jobs), the same for every kind of job.
JOB_STATUS_CSS = {
    "pending": "text-bg-secondary",
    "waiting": "text-bg-warning",
    "running": "text-bg-info",
    "done": "text-bg-success",
    "failed": "text-bg-danger",
}


def job_status_badge(job) -> HtmlCell:
    """A background job's status as a coloured badge (``data-value`` is the status)."""
    return badge_cell(job.get_status_display(), JOB_STATUS_CSS.get(job.status, "text-bg-secondary"), job.status)


def status_label(obj) -> str:
    """ "Active" or "Retired", as a list shows an object that can be retired."""
    return str(_("Active")) if obj.is_active else str(_("Retired"))


# The page of an area.

CHILD_LEVEL_LABELS = {
    AreaLevel.CITY: _("Districts and counties"),
    AreaLevel.DISTRICT: _("Streets and towns"),
    AreaLevel.STREET: _("Communities"),
    AreaLevel.COMMUNITY: _("Grids"),
}


# Columns of a children table that count the areas of one level: on rows of that level or a lower
# one they say nothing (a grid holds one grid, a community no community).
LEVEL_COUNT_COLUMNS = {
    "districts": AreaLevel.DISTRICT,
    "streets": AreaLevel.STREET,
    "communities": AreaLevel.COMMUNITY,
    "grids": AreaLevel.GRID,
}


def visible_area_or_404(code: str | None, scope) -> Area:
    """The area ``code`` (None: the user's own) when the user's scope holds it; 404 otherwise, as
    if it did not exist."""
    try:
        return area_get_visible(code, scope)
    except AreaNotFound as error:
        raise Http404(_("No such area in your scope.")) from error


class AreaPageMixin(ScopeMixin):
    """The page of the area named by the URL's ``code``: the area (404 outside the user's scope,
    as if it did not exist) and the table of its children, sorted by ``?sort=`` (``-`` descending).

    A table's ``columns`` are ``(key, label, value_of_a_child_row)``.
    """

    sort = ""

    def get_area(self) -> Area:
        return visible_area_or_404(self.kwargs.get("code"), self.scope)

    @staticmethod
    def shown_columns(area: Area, columns: list) -> list:
        """The columns of ``area``'s children table that vary from row to row: a count of the areas of
        the children's own level or of one above it (a community's grids counted on its grid rows,
        always 1) is left out. Columns are tuples whose first item is the key."""
        below = child_level(area.level)
        if below is None:
            return list(columns)
        depth = LEVEL_ORDER.index(below)
        return [
            column
            for column in columns
            if column[0] not in LEVEL_COUNT_COLUMNS or LEVEL_ORDER.index(LEVEL_COUNT_COLUMNS[column[0]]) > depth
        ]

    def sorted_children(self, children: list, columns) -> tuple[list, str]:
        """The children sorted by the requested column, and the sort kept (``""`` when none applies)."""
        sort = self.request.GET.get("sort", "")
        getters = {key: getter for key, _label, getter in columns}
        if sort.lstrip("-") not in getters:
            return children, ""
        return sorted(children, key=getters[sort.lstrip("-")], reverse=sort.startswith("-")), sort

    def child_headers(self, columns, text_columns=("name", "code")) -> list[dict]:
        """The headers of the children table: each links to sorting by it (again: descending)."""
        return [
            {
                "key": key,
                "label": label,
                "sort": "-" + key if self.sort == key else key,
                "active": self.sort.lstrip("-") == key,
                "descending": self.sort == "-" + key,
                "numeric": key not in text_columns,
            }
            for key, label, _getter in columns
        ]

    @staticmethod
    def child_level_label(area: Area):
        return CHILD_LEVEL_LABELS.get(area.level, "")
