"""Writes of the cockpit: the composite index's indicators, replaced as a whole."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jilin_grid.figures import figure_keys

from .choices import Direction
from .models import MAX_WEIGHT, CompositeIndex, CompositeIndicator

WEIGHTS_TOTAL = 100


@dataclass(frozen=True)
class IndicatorInput:
    """One indicator as the editor sends it."""

    figure: str
    better: str
    weight: int


def index_validate(indicators: list[IndicatorInput]) -> None:
    """Refuse a set of indicators that is not a valid index: no indicator, a figure no family
    registers or named twice, a direction that is not one, a weight not a whole number from 1 to 100,
    or weights not summing to 100. The errors are by field (``figure``, ``better``, ``weight``) and
    for the whole set (``__all__``)."""
    errors: dict[str, list] = {}
    registered = set(figure_keys())
    if not indicators:
        errors.setdefault("__all__", []).append(_("Give the index at least one indicator."))
    seen = set()
    for indicator in indicators:
        if indicator.figure not in registered:
            errors.setdefault("figure", []).append(
                _("%(figure)s is not a registered figure.") % {"figure": indicator.figure}
            )
        elif indicator.figure in seen:
            errors.setdefault("figure", []).append(
                _("%(figure)s is an indicator twice.") % {"figure": indicator.figure}
            )
        seen.add(indicator.figure)
        if indicator.better not in Direction.values:
            errors.setdefault("better", []).append(_("Choose whether higher or lower is better."))
        if (
            not isinstance(indicator.weight, int)
            or isinstance(indicator.weight, bool)
            or not (0 < indicator.weight <= MAX_WEIGHT)
        ):
            errors.setdefault("weight", []).append(_("A weight is a whole number from 1 to 100."))
    total = sum(indicator.weight for indicator in indicators if isinstance(indicator.weight, int))
    if indicators and total != WEIGHTS_TOTAL:
        errors.setdefault("__all__", []).append(
            _("The weights sum to %(total)s; they must sum to 100.") % {"total": total}
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def index_set(*, index: CompositeIndex, indicators: list[IndicatorInput]) -> list[CompositeIndicator]:
    """Replace the indicators of ``index`` with ``indicators`` (in their order), after
    ``index_validate``: an invalid set changes nothing."""
    index_validate(indicators)
    index.indicators.all().delete()
    saved = []
    for position, indicator in enumerate(indicators):
        row = CompositeIndicator(
            index=index, figure=indicator.figure, better=indicator.better, weight=indicator.weight, position=position
        )
        row.full_clean()
        row.save()
        saved.append(row)
    return saved
