"""The figures a map colours its areas by: a registry, so the cockpit's other figures join the
ten-minute circles' own without touching the map. A figure is a name, a label, a unit and one
function answering the values of the areas drawn, ``{code: value}`` (None: nothing to show), in a
fixed number of queries whatever their number."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from jilin_grid.areas import Area

from . import selectors


@dataclass(frozen=True)
class MapFigure:
    name: str
    label: str
    unit: str
    values: Callable[[Area, list[str]], dict[str, float | int | None]]
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


def map_figure(name: str | None) -> MapFigure | None:
    return FIGURES.get(name or DEFAULT_FIGURE)


def _coverage(key: str) -> Callable[[Area, list[str]], dict]:
    def values(area: Area, codes: list[str]) -> dict:
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
