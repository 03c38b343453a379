"""The figures a map colours its areas by: the ten-minute circles' own, and every figure of the
cockpit's registry (``jilin_grid/figures.py``, named ``family.figure``, for a period). A figure is a
name, a label, a unit and one function answering the values of the areas drawn for a period,
``{code: value}`` (None: nothing to show), in a fixed number of queries whatever their number."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from jilin_grid.areas import Area
from jilin_grid.figures import Family, Figure, Period, figure_get, figure_keys

from . import selectors


@dataclass(frozen=True)
class MapFigure:
    name: str
    label: str
    unit: str
    values: Callable[[Area, list[str], Period], dict[str, float | int | None]]
    # Higher is better (the colours run from red to green), or worse (green to red).
    higher_is_better: bool = True

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "label": str(self.label),
            "unit": self.unit,
            "higher_is_better": self.higher_is_better,
        }


FIGURES: dict[str, MapFigure] = {}
DEFAULT_FIGURE = "ten_minute_share"


def register_map_figure(figure: MapFigure) -> None:
    """Offer a figure on every map (its name is the API's ``?figure=``)."""
    FIGURES[figure.name] = figure


def _cockpit_values(family: Family, figure: Figure) -> Callable[[Area, list[str], Period], dict]:
    def values(area: Area, codes: list[str], period: Period) -> dict:
        payload = family.read_area(area, period)
        found = {row["area"]["code"]: figure.value(row) for row in payload.get("children", [])}
        found[area.code] = figure.value(payload)
        return {code: found.get(code) for code in codes}

    return values


def cockpit_map_figure(key: str) -> MapFigure | None:
    """The cockpit's figure ``family.figure`` as a map's figure (None where none is registered)."""
    try:
        family, figure = figure_get(key)
    except KeyError:
        return None
    return MapFigure(
        key,
        f"{family.label} · {figure.label}",
        figure.unit,
        _cockpit_values(family, figure),
        higher_is_better=figure.better >= 0,
    )


def map_figure(name: str | None) -> MapFigure | None:
    """The map's figure of that name (default the ten-minute circles' coverage), or the cockpit's."""
    return FIGURES.get(name or DEFAULT_FIGURE) or cockpit_map_figure(name)


def map_figures() -> list[MapFigure]:
    """Every figure a map offers: the ten-minute circles' own, then the cockpit's."""
    return [*FIGURES.values(), *(cockpit_map_figure(key) for key in figure_keys())]


def _coverage(key: str) -> Callable[[Area, list[str], Period], dict]:
    def values(area: Area, codes: list[str], period: Period) -> dict:
        return {code: figures[key] for code, figures in selectors.child_coverage(area, codes).items()}

    return values


def register() -> None:
    register_map_figure(
        MapFigure("ten_minute_share", _("Ten-minute circle coverage"), "%", _coverage("ten_minute_share"))
    )
    register_map_figure(MapFigure("compounds", _("Residential compounds"), "", _coverage("compounds")))
    register_map_figure(
        MapFigure(
            "compounds_outside",
            _("Compounds outside the ten-minute circle"),
            "",
            _coverage("compounds_outside"),
            higher_is_better=False,
        )
    )
