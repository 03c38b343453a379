"""The audit trail's pages: the search of the organization departments (``/audit/``) and the
history of one record (``/audit/history/<app>/<model>/<pk>/``), loaded into every detail and
edit page's "History" section."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jilin_grid.forms import style_fields
from jilin_grid.pickers.widgets import use_area_picker
from jilin_grid.scope import Role
from jilin_grid.views import ExportMixin, PagedListView, ScopeMixin

from . import selectors
from .filters import AuditEntryFilterSet
from .models import SUPERUSER_ROLE, AuditKind


def role_label(role: str) -> str:
    if role == SUPERUSER_ROLE:
        return str(_("Administrator"))
    return str(Role(role).label) if role in Role.values else role


def entry_row(entry, scope) -> dict:
    """An entry as the pages and the export show it."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    return {
        "entry": entry,
        "when": timezone.localtime(entry.timestamp),
        "who": entry.actor_name or "",
        "role": role_label(entry.actor_role),
        "address": entry.remote_addr or "",
        "kind": AuditKind(entry.kind).label if entry.kind in AuditKind.values else entry.kind,
        "kind_value": entry.kind,
        "model": model._meta.verbose_name if model is not None else "",
        "object": entry.object_repr,
        "object_pk": entry.object_pk,
        "area_code": entry.area_code,
        "changes": selectors.entry_changes(entry, scope),
        "summary": selectors.entry_summary(entry, scope),
    }


EXPORT_HEADERS = (
    _("Time"),
    _("User"),
    _("Role"),
    _("Address"),
    _("Kind"),
    _("Record type"),
    _("Record"),
    _("Id"),
    _("Area code"),
    _("Changes"),
)
EXPORT_KEYS = ("when", "who", "role", "address", "kind", "model", "object", "object_pk", "area_code", "summary")


class AuditLogView(ScopeMixin, ExportMixin, PagedListView):
    """Who changed what, for the city's and districts' organization departments, in their areas."""

    template_name = "portal/audit/audit_log.html"
    paginate_by = 50

    denied_message = _("Only organization departments read the audit trail.")

    @classmethod
    def permits(cls, scope) -> bool:
        return scope.reads_audit

    def get_queryset(self):
        self.filterset = AuditEntryFilterSet(
            self.request.GET or None,
            queryset=selectors.entries_for_auditor(self.request.user).order_by("-timestamp", "-pk"),
        )
        use_area_picker(self.filterset.form, "area", self.request.user)
        style_fields(self.filterset.form)
        if self.filterset.is_bound and not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get(self, request, *args, **kwargs):
        fmt = self.requested_export()
        if fmt:
            rows = (
                [entry_row(entry, self.scope)[key] for key in EXPORT_KEYS]
                for entry in self.get_queryset().iterator(chunk_size=2000)
            )
            return self.export_response(
                fmt=fmt, headers=[str(header) for header in EXPORT_HEADERS], rows=rows, name=str(_("Audit trail"))
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "title": _("Audit trail"),
                "filter": self.filterset,
                "rows": [entry_row(entry, self.scope) for entry in context["object_list"]],
                "query_without_page": query.urlencode(),
                "filters_applied": any(value for key, value in self.request.GET.items() if key != "page"),
            }
        )
        return context


class ObjectHistoryView(ScopeMixin, PagedListView):
    """The history of one record, for those who see the record (404 outside their area)."""

    paginate_by = 20

    def get_template_names(self):
        if self.request.GET.get("partial") or self.request.headers.get("HX-Request"):
            return ["portal/audit/_history.html"]
        return ["portal/audit/object_history.html"]

    def get_object(self):
        model = selectors.history_model(self.kwargs["app_label"], self.kwargs["model_name"])
        if model is None:
            raise Http404(_("No such record in your scope."))
        manager = model._default_manager
        if hasattr(manager.all(), "visible_to"):
            queryset = manager.all().visible_to(self.request.user)
        elif self.scope.is_superuser:
            queryset = manager.all()
        else:
            raise Http404(_("No such record in your scope."))
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_queryset(self):
        self.object = self.get_object()
        return selectors.object_history(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "object": self.object,
                "verbose_name": self.object._meta.verbose_name,
                "title": _("History of %(object)s") % {"object": self.object},
                "rows": [entry_row(entry, self.scope) for entry in context["object_list"]],
            }
        )
        return context
