"""The area picker: the tree of a user's areas (their district, streets, communities, grids),
searched by name or code, answering codes. The list filters' ``area`` and the forms' area codes
use it, so nobody types a 12-digit code. Registered as the picker ``area``."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q

from jilin_grid.api.exceptions import bilingual
from jilin_grid.areas import _MODELS_BY_LENGTH, area_names
from jilin_grid.scope import ancestor_codes, get_scope

# Between the names of an area's path: "丰满区 › 江南街道 › 南山社区".
PATH_SEPARATOR = " › "

# Refusing a code outside the user's areas, in both languages (as the API's refusals), naming no area.
OUTSIDE_MESSAGE = bilingual("请选择您管辖范围内的区域。", "Choose an area inside your own.")


def area_rows(user, *, q: str = "", limit: int) -> tuple[list[tuple[str, str]], bool]:
    """(code, name) of the active areas inside ``user``'s, whose name or code matches every word of
    ``q``, in the tree's order (an area before the ones below it), at most ``limit``; and whether
    more match. One query, whatever the levels."""
    scope = get_scope(user)
    if scope.is_empty:
        return [], False
    condition = scope.q("code")
    for word in q.split()[:5]:
        word = word[:50]
        condition &= Q(name__icontains=word) | Q(code__startswith=word)
    querysets = [
        model._default_manager.filter(condition, is_active=True).order_by().values_list("code", "name")
        for _length, model in sorted(_MODELS_BY_LENGTH.items())
    ]
    if not querysets:
        return [], False
    rows = list(querysets[0].union(*querysets[1:], all=True).order_by("code")[: limit + 1])
    return rows[:limit], len(rows) > limit


def path_labels(rows: list[tuple[str, str]], *, below: str | None = None) -> dict[str, str]:
    """Each area's name after the names of the areas above it, "丰满区 › 江南街道 › 南山社区" (the
    city, the same for everyone, left out): one query for the names above."""
    city_length = min(_MODELS_BY_LENGTH, default=4)
    above = sorted({code for code, _name in rows for code in ancestor_codes(code) if len(code) > city_length})
    names = area_names(above) if above else {}
    return {
        code: PATH_SEPARATOR.join([names.get(c, c) for c in ancestor_codes(code) if len(c) > city_length] + [name])
        for code, name in rows
    }


def area_path(code: str, user) -> str | None:
    """The path label of the area ``code`` if it lies inside ``user``'s areas (None otherwise): one
    query for its name and those above it."""
    if not code or not get_scope(user).covers(code) or len(code) not in _MODELS_BY_LENGTH:
        return None
    city_length = min(_MODELS_BY_LENGTH)
    above = [c for c in ancestor_codes(code) if len(c) > city_length]
    names = area_names([*above, code])
    if code not in names:
        return None
    return PATH_SEPARATOR.join([names.get(c, c) for c in above] + [names[code]])


def tree_choices(user) -> list[tuple[str, str]] | None:
    """Every area of the user's as an indented tree (an area's children below it, set in by their
    depth), or None when there are more than ``PICKER_INLINE_LIMIT`` (then they are searched)."""
    rows, more = area_rows(user, limit=settings.PICKER_INLINE_LIMIT)
    if more:
        return None
    top = min((len(ancestor_codes(code)) for code, _name in rows), default=0)
    return [(code, "\u3000" * (len(ancestor_codes(code)) - top) + name) for code, name in rows]


def check_area(code: str, user) -> None:
    """Refuse (ValidationError) a code that is not one of ``user``'s areas, without naming it."""
    if code and not get_scope(user).covers(code):
        raise ValidationError(OUTSIDE_MESSAGE, code="outside")


def answer(user, params: Mapping[str, str], size: int) -> tuple[list[dict], bool]:
    """The picker's answer: the areas matching ``q`` with their paths; with ``code``, that one area
    (refused beside ``code`` when it is not the user's)."""
    code = (params.get("code") or "").strip()
    if code:
        label = area_path(code, user)
        if label is None:
            raise ValidationError({"code": OUTSIDE_MESSAGE})
        return [{"id": code, "text": label}], False
    rows, more = area_rows(user, q=params.get("q") or "", limit=size)
    labels = path_labels(rows)
    return [{"id": code, "text": labels[code]} for code, _name in rows], more
