"""Abstract base models every app builds on: timestamps, the area code and the scoped manager."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jilin_grid.scope import get_scope, prefix_q
from jilin_grid.validators import area_code_validator

models.CharField.register_lookup(Length)


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows the one scope rule of the portal."""

    def visible_to(self, user) -> ScopedQuerySet:
        """Objects inside the user's areas: the area code starts with one of their grants."""
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        if scope.is_empty:
            return self.none()
        return self.filter(scope.q(self.model.scope_field))

    def in_area(self, code: str) -> ScopedQuerySet:
        """Objects inside one area (a prefix of the area code)."""
        return self.filter(prefix_q(self.model.scope_field, code))


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class TimeStampedModel(models.Model):
    """Creation and modification times, aware and in UTC."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class ScopedModel(TimeStampedModel):
    """A model that belongs to an area. ``scope_field`` names the field holding its area code."""

    scope_field = "area_code"

    objects = ScopedManager()

    class Meta:
        abstract = True

    @property
    def scope_code(self) -> str:
        """The area code at ``scope_field``, following relations ("project__area_code")."""
        value = self
        for name in self.scope_field.split("__"):
            value = getattr(value, name)
        return value


def area_code_field(**kwargs) -> models.CharField:
    """The area code column of a row: validated and indexed (``editable=False`` where it is derived)."""
    kwargs.setdefault("db_index", True)
    return models.CharField(_("area code"), max_length=15, validators=[area_code_validator], **kwargs)


class OwnAreaCodeModel(ScopedModel):
    """A model that carries its own area code, chosen when the row is written (a person's area, the
    area of a party organization, an alliance or a department, the area a report is about).

    A subclass that wants to say more about its area redeclares the field with
    ``area_code_field(help_text=...)``.
    """

    area_code = area_code_field()

    class Meta:
        abstract = True


# Rows whose area code is derived from a parent's own area code, by the parent's model: moving
# the parent carries them along (``carry_area_code``). An app registers its models in its
# AppConfig.ready(), since the parent's app may not import it (the dependency direction).
AREA_DEPENDENTS: dict[type[models.Model], list[tuple[type[models.Model], str]]] = {}


def register_area_dependent(model: type[models.Model], *, via: str) -> None:
    """``model``'s area code is its ``via`` parent's area code: moving the parent moves it."""
    parent = model._meta.get_field(via).related_model
    entries = AREA_DEPENDENTS.setdefault(parent, [])
    if (model, via) not in entries:
        entries.append((model, via))


def carry_area_code(parent: models.Model) -> int:
    """Give every row registered as hanging on ``parent`` the parent's area code, in the caller's
    transaction; answers how many rows moved (each recorded in the audit trail)."""
    from jilin_grid.audit.services import audited_update

    moved = 0
    for model, via in AREA_DEPENDENTS.get(type(parent), []):
        moved += audited_update(
            model._base_manager.filter(**{via: parent}).exclude(area_code=parent.area_code),
            area_code=parent.area_code,
            updated_at=timezone.now(),
        )
    return moved


class AreaCodeModel(ScopedModel):
    """A model whose area code is stored on the row, derived from its place in the tree.

    Subclasses implement ``derive_area_code()``; the code is refreshed on every save, so
    statistics group on one indexed column of one table.
    """

    area_code = area_code_field(editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.area_code = self.derive_area_code()
        super().save(*args, **kwargs)

    def derive_area_code(self) -> str:
        raise NotImplementedError


class Heartbeat(models.Model):
    """The last time a background duty of the portal ran: beat sending its schedule, the report
    reaper, a backup. The status page reads them, so a beat or a worker that stopped is seen.

    One row per duty, written with ``Heartbeat.beat(name, detail)``.
    """

    name = models.CharField(_("name"), max_length=50, unique=True)
    at = models.DateTimeField(_("last run"))
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} · {self.at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def beat(cls, name: str, detail: str = "") -> None:
        """Record that ``name`` ran now."""
        cls.objects.update_or_create(name=name, defaults={"at": timezone.now(), "detail": detail[:2000]})


# The audit trail's table belongs to this app (its module is jilin_grid/audit/models.py).
from jilin_grid.audit.models import AuditEntry  # noqa: E402, F401
