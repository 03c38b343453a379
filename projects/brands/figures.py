"""Service brands' figures for the cockpit (``jilin_grid/figures.py``): those of
``/api/stats/brands/`` for the period's year (``period.year``: a round of the selection is of a
year)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jilin_grid.figures import HIGHER, NEUTRAL, Family, Figure, Period, register_family

from .selectors import brand_stats


def read(area, period: Period) -> dict:
    """The brands of the period's year."""
    return brand_stats(area, period.year)


FAMILY = Family(
    name="brands",
    label=_("Service brands"),
    read="projects.brands.figures.read",
    order=100,
    figures=(
        Figure("applications", _("Brand applications"), ("applications",), better=HIGHER),
        Figure("scored", _("Applications scored"), ("scored",), better=NEUTRAL),
        Figure("winners", _("Brands selected"), ("winners",), better=HIGHER),
        Figure("province_entries", _("Put forward to the province"), ("province_entries",), better=HIGHER),
        Figure("best_cases", _("Best cases"), ("best_cases",), better=HIGHER),
    ),
)


def register() -> None:
    register_family(FAMILY)
