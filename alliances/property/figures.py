"""Red-heart property's figures for the cockpit (``jilin_grid/figures.py``): those of
``/api/stats/property/`` for the period (pilots and compounds on its last day, meetings held in
it, their resolutions, the fee collection of its months)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jilin_grid.figures import HIGHER, LOWER, NEUTRAL, Family, Figure, Period, register_family

from .selectors import property_figures


def read(area, period: Period) -> dict:
    return property_figures(area, start=period.start, end=period.end)


FAMILY = Family(
    name="property",
    label=_("Red-heart property"),
    read="alliances.property.figures.read",
    order=70,
    figures=(
        Figure("pilots", _("Pilot communities"), ("pilots",), better=NEUTRAL),
        Figure("compounds", _("Compounds"), ("compounds",), better=NEUTRAL),
        Figure("fee_rate", _("Fee collection rate"), ("fee_collection", "rate"), unit="%", better=HIGHER),
        Figure("meetings", _("Deliberation meetings"), ("meetings",), better=HIGHER),
        Figure("resolutions", _("Resolutions"), ("resolutions",), better=NEUTRAL),
        Figure("resolutions_done", _("Resolutions done"), ("resolutions_done",), better=HIGHER),
        Figure("resolutions_overdue", _("Resolutions overdue"), ("resolutions_overdue",), better=LOWER),
    ),
)


def register() -> None:
    register_family(FAMILY)
