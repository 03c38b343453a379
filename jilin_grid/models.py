"""Abstract base models every app builds on: timestamps, the area code and the scoped manager."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, router, transaction
from django.db.models.functions import Left, Length
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jilin_grid.counts.registry import counters_for, dependents_of
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

    def save(self, *args, **kwargs):
        # A counted model's row (or a row counted ones depend on) and its kept counts are written
        # in one transaction.
        if counters_for(type(self)) or dependents_of(type(self)):
            using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
            with transaction.atomic(using=using, savepoint=False):
                return super().save(*args, **kwargs)
        return super().save(*args, **kwargs)

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


# Rows whose place is derived from a parent's place, by the parent's model: moving the parent
# carries them along (``carry_area_code``), in the transaction of the move. An app registers its
# models in its AppConfig.ready(), since the parent's app may not import it (the dependency
# direction).
@dataclass(frozen=True)
class AreaDependent:
    """``model`` hangs on a parent through the lookup ``via`` (``"building"``, ``"unit__building"``);
    moving the parent gives each such row the parent's area code and copies the parent's place
    fields named in ``follow`` (child field -> parent field) where the row has one, e.g. a problem's
    grid from its building.

    ``codes`` names fields that hold the code of the row's area or of one above it (who holds a
    problem: its grid, or the community or street it was escalated to); they move to the area of
    the same level above the new place."""

    model: type[models.Model]
    via: str
    follow: tuple[tuple[str, str], ...] = ()
    codes: tuple[str, ...] = ()


AREA_DEPENDENTS: dict[type[models.Model], list[AreaDependent]] = {}


def _related_model(model: type[models.Model], path: str) -> type[models.Model]:
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def register_area_dependent(
    model: type[models.Model], *, via: str, follow: dict[str, str] | None = None, codes: tuple[str, ...] = ()
) -> None:
    """``model``'s place is its ``via`` parent's: moving the parent moves it (see ``AreaDependent``)."""
    dependent = AreaDependent(model, via, tuple(sorted((follow or {}).items())), tuple(codes))
    entries = AREA_DEPENDENTS.setdefault(_related_model(model, via), [])
    if dependent not in entries:
        entries.append(dependent)


def carry_area_code(parent: models.Model) -> int:
    """Give every row registered as hanging on ``parent`` the parent's area code (and the place
    fields it follows), in the caller's transaction; answers how many rows moved (each recorded in
    the audit trail)."""
    from jilin_grid.audit.services import audited_update

    moved = 0
    for dependent in AREA_DEPENDENTS.get(type(parent), []):
        values = {"area_code": parent.area_code}
        followed = {child: getattr(parent, f"{parent_field}_id") for child, parent_field in dependent.follow}
        # Evaluated by the UPDATE against the row's old area code.
        moved_codes = {
            field: models.Case(
                models.When(
                    **{field: Left("area_code", Length(field))},
                    then=Left(models.Value(parent.area_code), Length(field)),
                ),
                default=models.F(field),
            )
            for field in dependent.codes
        }
        stale = ~models.Q(area_code=parent.area_code)
        for field, value in followed.items():
            stale |= models.Q(**{f"{field}__isnull": False}) & ~models.Q(**{field: value})
        # A followed field left empty on a row stays empty (a problem reported without its compound).
        followed_values = {
            field: models.Case(models.When(**{f"{field}__isnull": True}, then=None), default=models.Value(value))
            for field, value in followed.items()
        }
        moved += audited_update(
            dependent.model._base_manager.filter(**{dependent.via: parent}).filter(stale),
            **moved_codes,
            **followed_values,
            **values,
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

# So are the kept counts' (jilin_grid/counts/models.py).
from jilin_grid.counts.models import CountDrift, KeptCount  # noqa: E402, F401
