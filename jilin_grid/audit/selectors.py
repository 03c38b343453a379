"""Reads of the audit trail, always inside the reader's areas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from jilin_grid.masking import shown_birth_date_text, shown_phone
from jilin_grid.scope import get_scope, prefix_q

from .models import AuditEntry, AuditKind


def entries_for_auditor(user) -> models.QuerySet[AuditEntry]:
    """The entries an organization department reads: those whose area lies in its grants of an
    audit role (superusers: all). Entries of no area (accounts) are the superusers' only."""
    scope = get_scope(user)
    queryset = AuditEntry.objects.select_related("content_type", "actor")
    if scope.is_superuser:
        return queryset
    codes = scope.audit_codes
    if not codes:
        return queryset.none()
    condition = Q()
    for code in codes:
        condition |= prefix_q("area_code", code)
    return queryset.filter(condition)


def history_model(app_label: str, model_name: str) -> type[models.Model] | None:
    """A tracked model by its label, or None."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    return model if auditlog.contains(model) else None


def object_history(obj: models.Model) -> models.QuerySet[AuditEntry]:
    """Every entry about one object, newest first."""
    content_type = ContentType.objects.get_for_model(type(obj))
    return (
        AuditEntry.objects.filter(content_type=content_type, object_pk=str(obj.pk))
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )


def tracked_content_types() -> models.QuerySet[ContentType]:
    """The models of the trail, for the search page's choice of "what"."""
    tracked = [model for model in auditlog.get_models() if not model._meta.auto_created]
    content_types = ContentType.objects.get_for_models(*tracked).values()
    return ContentType.objects.filter(pk__in=[content_type.pk for content_type in content_types]).order_by(
        "app_label", "model"
    )


def is_personal_field(name: str) -> bool:
    """Phone numbers of residents and members: masked for roles that do not work with them."""
    return name == "phone" or name.endswith("_phone")


@dataclass
class Change:
    """One field of an entry as the reader may see it."""

    field: str
    label: Any
    before: str
    after: str


def entry_changes(entry: AuditEntry, scope) -> list[Change]:
    """The fields an entry changed, labelled, phone numbers and birth dates masked for a reader who may
    not see them (``jilin_grid.masking``: the rule of the pages and the API)."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    changes = []
    for name, values in (entry.changes or {}).items():
        if not isinstance(values, list | tuple) or len(values) != 2:
            continue  # a many-to-many change: {"type": "m2m", ...}
        if model is not None and _is_reverse_relation(model, name):
            continue  # django-auditlog also diffs a created row's reverse relations ("alliances.PostClaim.None")
        before, after = (_display(value) for value in values)
        if is_personal_field(name):
            before = shown_phone(scope, before, entry.area_code) if before != "None" else before
            after = shown_phone(scope, after, entry.area_code) if after != "None" else after
        elif name == "birth_date":
            before = shown_birth_date_text(scope, before, entry.area_code)
            after = shown_birth_date_text(scope, after, entry.area_code)
        label = name
        if model is not None:
            try:
                label = model._meta.get_field(name).verbose_name
            except Exception:  # a field since removed
                label = name
        changes.append(Change(field=name, label=label, before=before, after=after))
    return changes


def _is_reverse_relation(model, name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except Exception:  # a field since removed: shown under its name
        return False
    return field.auto_created and not field.concrete


def _display(value) -> str:
    return "" if value in (None, "None") else str(value)


def entry_summary(entry: AuditEntry, scope) -> str:
    """The changes of an entry on one line ("phone: 139****0001 → 139****0002"), or the event's details."""
    if entry.kind in (AuditKind.EXPORT, AuditKind.DOWNLOAD):
        data = entry.additional_data or {}
        parts = []
        if "rows" in data:
            parts.append(_("%(rows)s rows") % {"rows": data["rows"]})
        filters = data.get("filters") or {}
        if filters:
            parts.append(", ".join(f"{key}={value}" for key, value in filters.items()))
        if data.get("file"):
            parts.append(str(data["file"]))
        return "; ".join(parts)
    return "; ".join(f"{change.label}: {change.before} → {change.after}" for change in entry_changes(entry, scope))
