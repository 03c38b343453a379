"""Writes of the audit trail that signals do not see: bulk and conditional updates, and events
(logins, lockouts, exports, downloads).

``audited_update(queryset, **values)`` is ``queryset.update(**values)`` that also records, for
every row it changed, an entry with the changed fields before and after. The services call it
wherever they write with ``QuerySet.update``; deletes through ``QuerySet.delete()`` send Django's
delete signals and are recorded by django-auditlog already.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.encoding import smart_str

from jilin_grid.audit.context import current_request, fill_entry, request_actor
from jilin_grid.audit.models import AuditEntry, AuditKind, audit_area_code, object_label
from jilin_grid.counts.registry import counters_for, dependents_of
from jilin_grid.counts.services import counted_rows, pointed_to


def audit_enabled(model: type[models.Model] | None = None) -> bool:
    """False inside django-auditlog's ``disable_auditlog()`` (the demo city), or for a model not tracked."""
    if auditlog_disabled.get():
        return False
    return model is None or auditlog.contains(model)


def audited_update(queryset: models.QuerySet, **values: Any) -> int:
    """``queryset.update(**values)``, with an audit entry for each row whose fields changed.

    The rows are read (locked where the database can) before and after the update, inside one
    transaction, so a conditional update records exactly the rows it changed.
    """
    model = queryset.model
    counted = counts_touched(model, values)
    if not audit_enabled(model):
        if not counted:
            return queryset.update(**values)
        with transaction.atomic(using=queryset.db):
            pks = list(queryset.select_for_update(of=("self",)).values_list("pk", flat=True))
            return _counted_update(queryset, pks, values)
    with transaction.atomic(using=queryset.db):
        before = {obj.pk: obj for obj in queryset.select_for_update(of=("self",))}
        if not before:
            return 0
        if counted:
            count = _counted_update(queryset, list(before), values)
        else:
            count = queryset.filter(pk__in=list(before)).update(**values)
        after = model._base_manager.using(queryset.db).filter(pk__in=list(before))
        fields = list(values)
        content_type = ContentType.objects.db_manager(queryset.db).get_for_model(model)
        entries = []
        for obj in after:
            changes = model_instance_diff(before[obj.pk], obj, fields_to_check=fields)
            if not changes:
                continue
            entry = AuditEntry(
                content_type=content_type,
                object_pk=smart_str(obj.pk),
                object_id=obj.pk if isinstance(obj.pk, int) else None,
                object_repr=object_label(obj),
                action=AuditEntry.Action.UPDATE,
                changes=changes,
                area_code=audit_area_code(obj),
            )
            fill_entry(entry)
            entries.append(entry)
        AuditEntry.objects.using(queryset.db).bulk_create(entries)
    return count


def counts_touched(model, values) -> bool:
    """Whether updating ``values`` of ``model`` may change what its rows add to the kept counts."""
    return bool(dependents_of(model)) or any(set(values) & counter.local_fields for counter in counters_for(model))


def _counted_update(queryset, pks: list, values) -> int:
    """Update the rows ``pks`` of ``queryset`` and add the change of their contributions to the
    kept counts, in the caller's transaction."""
    if not pks:
        return 0
    model, using = queryset.model, queryset.db
    pointed = pointed_to(model, pks, using=using)
    for counted, field in dependents_of(model):  # the rows pointed to after the update, too
        for name in {field, field.removesuffix("_id")} & set(values):
            value = values[name]
            value = value.pk if isinstance(value, models.Model) else value
            if isinstance(value, int):
                pointed[counted].add(value)
    with ExitStack() as counting:
        for counted, pointed_pks in pointed.items():
            counting.enter_context(counted_rows(counted, pointed_pks, using=using))
        counting.enter_context(counted_rows(model, pks, using=using))
        return queryset.filter(pk__in=pks).update(**values)


def record_event(
    kind: str,
    *,
    request=None,
    user=None,
    obj: models.Model | None = None,
    area_code: str | None = None,
    description: str = "",
    data: dict | None = None,
) -> AuditEntry | None:
    """Record an event of a person's session (a login, a lockout, an export, a download).

    ``user`` is the person (else the request's user); ``obj`` the record concerned, if one;
    ``area_code`` the area the event concerns (else the object's, else the user's widest grant:
    an account has no area of its own);
    ``data`` what else tells the event apart (the filters of an export, the attempted user name).
    """
    if auditlog_disabled.get():
        return None
    request = request if request is not None else current_request.get()
    actor = user if user is not None and getattr(user, "pk", None) else request_actor(request)
    if area_code is None:
        area_code = (audit_area_code(obj) if obj is not None else "") or _home_code(actor)
    entry = AuditEntry(
        kind=kind,
        action=AuditEntry.Action.ACCESS,
        actor=actor,
        area_code=area_code,
        object_repr=description or (object_label(obj) if obj is not None else ""),
        additional_data=data or None,
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj)
        entry.object_pk = smart_str(obj.pk)
        entry.object_id = obj.pk if isinstance(obj.pk, int) else None
    if request is not None:
        from jilin_grid.security import client_ip

        entry.remote_addr = client_ip(request)
    entry.save()
    return entry


def _home_code(user) -> str:
    """The widest area of the user's grants: where an event of theirs (a login) is seen."""
    if user is None:
        return ""
    from jilin_grid.scope import get_scope

    scope = get_scope(user)
    return min(scope.codes, key=len) if scope.grants else ""


__all__ = ["AuditKind", "audit_enabled", "audited_update", "record_event"]
