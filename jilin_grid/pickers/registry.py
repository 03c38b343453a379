"""What can be picked: the pickers the domains register, and the records a user may pick from."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jilin_grid.forms import choosable


@dataclass(frozen=True)
class Picker:
    name: str
    model: type[models.Model] | None
    search: tuple[str, ...]
    order: tuple = ()
    label: Callable[[models.Model], str] = str
    related: tuple[str, ...] = ()
    # query parameter -> lookup: ("grid", "grid_id") picks the buildings of the grid given; or ->
    # a function (queryset, the record's id) -> queryset, for what no lookup says (a community's
    # No.1 projects: those whose area code starts with the community's).
    filters: Mapping[str, str | Callable] = field(default_factory=dict)
    # What answers instead of a model's records: (user, query parameters, size) -> (results, more),
    # refusing a parameter with a ValidationError; the area picker's tree.
    answer: Callable | None = None


PICKERS: dict[str, Picker] = {}


def register_picker(
    name: str,
    model: type[models.Model],
    *,
    search: Iterable[str],
    order: Iterable = (),
    label: Callable[[models.Model], str] = str,
    related: Iterable[str] = (),
    filters: Mapping[str, str | Callable] | None = None,
) -> Picker:
    """Let forms pick records of ``model`` by name (see the package's docstring)."""
    picker = Picker(name, model, tuple(search), tuple(order), label, tuple(related), dict(filters or {}))
    PICKERS[name] = picker
    return picker


def register_answer(name: str, answer: Callable) -> Picker:
    """A picker whose choices are not one model's records: ``answer(user, params, size)`` gives the
    ``[{"id", "text"}]`` and whether more match."""
    picker = Picker(name, None, (), answer=answer)
    PICKERS[name] = picker
    return picker


def picker_get(name: str) -> Picker | None:
    return PICKERS.get(name)


def picker_for(model: type[models.Model]) -> str | None:
    """The name of the picker of ``model``, if a domain registered one."""
    return next((picker.name for picker in PICKERS.values() if model is not None and picker.model is model), None)


def choices_for(picker: Picker, user) -> QuerySet:
    """The records ``user`` may pick: inside their area, active ones only, in the picker's order."""
    queryset = choosable(picker.model.objects.all(), user)
    if picker.related:
        queryset = queryset.select_related(*picker.related)
    return queryset.order_by(*picker.order) if picker.order else queryset


def search(picker: Picker, queryset: QuerySet, params: Mapping[str, str]) -> QuerySet:
    """``queryset`` narrowed by the query parameters: ``q`` (every word in one of the searched
    fields) and the picker's filters (a record's id each). A filter that is not an id is refused
    with a message naming it."""
    for param, lookup in picker.filters.items():
        value = (params.get(param) or "").strip()
        if not value:
            continue
        if not value.isascii() or not value.isdigit():
            raise ValidationError(
                {param: _("“%(value)s” is not the number of a record.") % {"value": value[:50]}}, code="invalid"
            )
        queryset = lookup(queryset, int(value)) if callable(lookup) else queryset.filter(**{lookup: int(value)})
    for word in (params.get("q") or "").split()[:5]:
        condition = Q()
        for name in picker.search:
            condition |= Q(**{f"{name}__icontains": word[:50]})
        queryset = queryset.filter(condition)
    return queryset
