"""The one table of the audit trail: django-auditlog's entry, with the area, the role and a kind."""

from __future__ import annotations

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.conf import settings
from django.db import models
from django.utils.encoding import smart_str
from django.utils.translation import gettext_lazy as _

from jilin_grid.validators import area_code_validator


class AuditKind(models.TextChoices):
    """What happened: a change to a record, or an event of a person's session."""

    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    RETIRE = "retire", _("Retired")
    DELETE = "delete", _("Deleted")
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOCKOUT = "lockout", _("Locked out")
    LOGOUT = "logout", _("Signed out")
    EXPORT = "export", _("Exported")
    DOWNLOAD = "download", _("Downloaded")


# The role of a superuser, who holds no grant.
SUPERUSER_ROLE = "superuser"

ACTION_KINDS = {
    AbstractLogEntry.Action.CREATE: AuditKind.CREATE,
    AbstractLogEntry.Action.UPDATE: AuditKind.UPDATE,
    AbstractLogEntry.Action.DELETE: AuditKind.DELETE,
}


def hide_secret(value: str) -> str:
    """A password or token is recorded as changed, never with its value."""
    return "********" if value else ""


def audit_area_code(instance) -> str:
    """The area code of any object, without knowing its model: ``audit_area_code()`` if the model
    says, else its ``area_code`` column, else its ``scope_code`` (a parent's), else none."""
    method = getattr(instance, "audit_area_code", None)
    if callable(method):
        return method() or ""
    value = instance.__dict__.get("area_code")
    if isinstance(value, str):
        return value
    if getattr(type(instance), "scope_field", None):
        try:
            return instance.scope_code or ""
        except Exception:  # a parent already gone (a cascade delete)
            return ""
    return ""


def object_label(instance) -> str:
    """``str()`` of the object, or its type and id when that fails (a value not yet of its field's
    type, such as a date given as text, until the row is read again)."""
    try:
        return smart_str(instance)
    except Exception:
        return f"{instance._meta.verbose_name} #{instance.pk}"


def _entry_defaults(instance, kwargs: dict) -> dict:
    kwargs.setdefault("area_code", audit_area_code(instance))
    kwargs.setdefault("object_repr", object_label(instance))
    pk_name = instance._meta.pk.name
    if pk_name in settings.AUDITLOG_MASK_TRACKING_FIELDS:  # an API token: its key is its id
        kwargs.setdefault("object_pk", hide_secret(str(instance.pk)))
        owner = getattr(instance, "user", None)
        kwargs["object_repr"] = f"{instance._meta.verbose_name} ({owner})" if owner else ""
    return kwargs


class AuditEntryManager(LogEntryManager):
    """django-auditlog's manager; its entries carry the object's area code, and never a secret as an id."""

    def log_create(self, instance, force_log: bool = False, **kwargs):
        """django-auditlog's ``log_create``, naming the object even when its ``str()`` fails."""
        from auditlog.cid import get_cid
        from django.contrib.contenttypes.models import ContentType

        if kwargs.get("changes") is None and not force_log:
            return None
        kwargs = _entry_defaults(instance, kwargs)
        pk = self._get_pk_value(instance)
        kwargs.setdefault("content_type", ContentType.objects.get_for_model(instance))
        kwargs.setdefault("object_pk", pk)
        kwargs.setdefault("serialized_data", self._get_serialized_data_or_none(instance))
        if isinstance(pk, int):
            kwargs.setdefault("object_id", pk)
        get_additional_data = getattr(instance, "get_additional_data", None)
        if callable(get_additional_data):
            kwargs.setdefault("additional_data", get_additional_data())
        kwargs.setdefault("cid", get_cid())
        return self.create(**kwargs)

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        return super().log_m2m_changes(
            changed_queryset, instance, operation, field_name, **_entry_defaults(instance, kwargs)
        )


class AuditEntry(AbstractLogEntry):
    """One change or event of the audit trail. Written by the portal only: never edited, and
    deleted only by the retention (``jilin_grid.audit.archive``) once archived to a file."""

    # Events (a login, an export) may concern no single record.
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("content type"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AuditKind.choices, db_index=True)
    area_code = models.CharField(
        _("area code"), max_length=15, blank=True, db_index=True, validators=[area_code_validator]
    )
    actor_role = models.CharField(_("role"), max_length=30, blank=True)
    # The account's name as it was, kept when the account is deleted.
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)

    objects = AuditEntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["area_code", "timestamp"], name="audit_area_time")]

    def save(self, *args, **kwargs):
        from jilin_grid.audit.context import fill_entry

        fill_entry(self)
        super().save(*args, **kwargs)
