"""The tree of areas, from the city down to the grids, as every app sees it.

The levels and the lengths of their statistical division codes, the ``Area`` value the pages,
statistics and reports pass around, and the look-ups of an area, its ancestors' names and its
children. Each app registers the models holding its areas when it is ready (communities: city to
community; grids: the grids), so this module finds an area of any level without importing an app.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .scope import LEVEL_CODE_LENGTHS, ancestor_codes, prefix_q

if TYPE_CHECKING:
    from .scope import Scope


class AreaLevel(models.TextChoices):
    """Levels of the tree, each with the length of its statistical division code."""

    CITY = "city", _("City")
    DISTRICT = "district", _("District or county")
    STREET = "street", _("Street or town")
    COMMUNITY = "community", _("Community")
    GRID = "grid", _("Grid")


CODE_LENGTHS = dict(zip(AreaLevel, LEVEL_CODE_LENGTHS, strict=True))
LEVEL_BY_LENGTH = {length: level for level, length in CODE_LENGTHS.items()}
LEVEL_ORDER = list(CODE_LENGTHS)


def level_of(code: str) -> AreaLevel | None:
    return LEVEL_BY_LENGTH.get(len(code)) if code.isdigit() else None


def child_level(level: AreaLevel) -> AreaLevel | None:
    index = LEVEL_ORDER.index(level)
    return LEVEL_ORDER[index + 1] if index + 1 < len(LEVEL_ORDER) else None


@dataclass(frozen=True)
class Area:
    """One node of the tree, whatever its level, with its ancestors (nearest last)."""

    code: str
    name: str
    level: AreaLevel
    ancestors: tuple[tuple[str, str], ...] = field(default=())
    is_active: bool = True
    # The level a statistic of the area lists as its children: the next one down, unless the area
    # is looked at from further up (``looking_down``).
    children_level: AreaLevel | None = None

    @property
    def level_label(self) -> str:
        return str(self.level.label)

    @property
    def child_code_length(self) -> int | None:
        below = self.children_level or child_level(self.level)
        return CODE_LENGTHS[below] if below else None

    def looking_down(self, level: AreaLevel) -> Area:
        """The same area whose statistics list every active area of ``level`` below it as its
        children: one read answers a whole level of the subtree (the communities of the city)
        where reading each parent would take one read per street. Every statistic builds its
        children from ``child_code_length`` and ``area_children``, which both follow it."""
        if LEVEL_ORDER.index(level) <= LEVEL_ORDER.index(self.level):
            raise ValueError(f"{level} is not below {self.level}")
        return replace(self, children_level=level)

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "level": self.level.value}


class AreaNotFound(Exception):
    """No area with this code, or the user may not see it."""


# The registry: which model holds the areas of each code length.

_MODELS_BY_LENGTH: dict[int, type[models.Model]] = {}


def register_area_model(model: type[models.Model], code_length: int) -> None:
    _MODELS_BY_LENGTH[code_length] = model


def area_exists(code: str) -> bool:
    """True when ``code`` is the code of a city, district, street, community or grid on record."""
    model = _MODELS_BY_LENGTH.get(len(code or ""))
    return model is not None and model._default_manager.filter(code=code).exists()


def child_area_model(code: str) -> type[models.Model] | None:
    """The model holding the direct children of the area ``code`` (None below the grids)."""
    longer = sorted(length for length in _MODELS_BY_LENGTH if length > len(code))
    return _MODELS_BY_LENGTH[longer[0]] if longer else None


def area_has_children(code: str) -> bool:
    """True when any area on record lies directly below ``code`` (the city has its districts)."""
    model = child_area_model(code)
    return model is not None and model._default_manager.filter(prefix_q("code", code)).exists()


def first_leaf_code() -> str | None:
    """The code of the first active area of the deepest level on record (a grid), or None."""
    if not _MODELS_BY_LENGTH:
        return None
    model = _MODELS_BY_LENGTH[max(_MODELS_BY_LENGTH)]
    return model._default_manager.filter(is_active=True).order_by("code").values_list("code", flat=True).first()


# Look-ups.


def area_names(codes: list[str]) -> dict[str, str]:
    """Names of areas by code, in one query whatever their levels."""
    by_length: dict[int, list[str]] = defaultdict(list)
    for code in codes:
        if level_of(code) is not None and len(code) in _MODELS_BY_LENGTH:
            by_length[len(code)].append(code)
    querysets = [
        _MODELS_BY_LENGTH[length]._default_manager.filter(code__in=level_codes).order_by().values_list("code", "name")
        for length, level_codes in by_length.items()
    ]
    if not querysets:
        return {}
    return dict(querysets[0].union(*querysets[1:], all=True))


def area_get(code: str) -> Area | None:
    """Any area of the tree by its code, from the city down to a grid, or None."""
    level = level_of(code)
    model = _MODELS_BY_LENGTH.get(len(code)) if level is not None else None
    if model is None:
        return None
    row = model._default_manager.filter(code=code).values("name", "is_active").first()
    if row is None:
        return None
    ancestors = ancestor_codes(code)
    names = area_names(ancestors)
    return Area(
        code=code,
        name=row["name"],
        level=level,
        ancestors=tuple((c, names.get(c, c)) for c in ancestors),
        is_active=row["is_active"],
    )


def area_get_visible(code: str | None, scope: Scope) -> Area:
    """The area a user asked for (default: their own), or AreaNotFound when it is outside their scope."""
    code = code or scope.home_code(settings.CITY_CODE)
    if scope.is_empty or not scope.covers(code):
        raise AreaNotFound(code)
    area = area_get(code)
    if area is None:
        raise AreaNotFound(code)
    return area


def area_children(area: Area) -> list[tuple[str, str]]:
    """(code, name) of an area's active direct children, by code; a community's children are its
    grids. Looked at from further up (``Area.looking_down``), every active area of that level below
    it, whatever the state of the areas between."""
    key = (area.code, area.children_level)
    remembered = _children_memo.get()
    if remembered is not None and key in remembered:
        return remembered[key]
    if area.children_level is None:
        model = child_area_model(area.code)
    else:
        model = _MODELS_BY_LENGTH.get(CODE_LENGTHS[area.children_level])
    if model is None:
        return []
    children = model._default_manager.filter(prefix_q("code", area.code), is_active=True)
    answer = list(children.order_by("code").values_list("code", "name"))
    if remembered is not None:
        remembered[key] = answer
    return answer


_children_memo: ContextVar[dict | None] = ContextVar("area_children_memo", default=None)


@contextmanager
def children_remembered():
    """Inside it, ``area_children`` reads each area's children once: for a long read of many
    statistics of the same areas (the monthly trends read every family of every parent), where the
    tree does not change meanwhile."""
    token = _children_memo.set({})
    try:
        yield
    finally:
        _children_memo.reset(token)


def area_statistics(area: Area, own: dict, child_figures, *, children: bool = True, **head) -> dict:
    """The payload every statistic of an area answers: the area, ``head`` (its period, its year),
    its own figures, and one row per direct child with ``child_figures(code)`` (none when
    ``children`` is False). One query for the children, whatever the figures."""
    rows = [
        {"area": {"code": code, "name": name, "level": level_of(code).value}, **child_figures(code)}
        for code, name in (area_children(area) if children else [])
    ]
    return {"area": area.as_dict(), **head, **own, "children": rows}


def area_name_annotation(field: str = "area_code", *, levels=None, fallback: bool = True):
    """The name of the area whose code is in ``field``, for ``annotate()``: one subquery per level
    (only those of ``levels`` when given), so a list shows its rows' places in the same query. Where
    no area has the code, the code itself (``fallback``) or None."""
    lengths = [CODE_LENGTHS[level] for level in levels] if levels else sorted(_MODELS_BY_LENGTH)
    subqueries = [
        Subquery(_MODELS_BY_LENGTH[length]._default_manager.filter(code=OuterRef(field)).values("name")[:1])
        for length in lengths
    ]
    if fallback:
        subqueries.append(field)
    if len(subqueries) == 1:
        return subqueries[0]
    return Coalesce(*subqueries, output_field=CharField())
