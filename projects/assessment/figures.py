"""The standardized branches' assessment, the report-and-review and the rectification of weak and
lax organizations, for the cockpit (``jilin_grid/figures.py``): those of ``/api/stats/assessment/``
for the period's year (``period.year``: scores, reviews and cases are of a year)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jilin_grid.figures import HIGHER, LOWER, NEUTRAL, Family, Figure, Period, list_link, register_family

from .selectors import assessment_figures


def read(area, period: Period) -> dict:
    """The scores, reviews and rectification of the period's year."""
    return assessment_figures(area, period.year)


def _identified(code: str, period: Period) -> str:
    return list_link("projects:rectification_list", year=period.year)(code, period)


FAMILY = Family(
    name="assessment",
    label=_("Assessment and rectification"),
    read="projects.assessment.figures.read",
    order=60,
    figures=(
        Figure("branches_scored", _("Branches scored"), ("branches_scored",), better=NEUTRAL),
        Figure("average_score", _("Average score"), ("average_score",), unit="score", better=HIGHER),
        Figure("five_stars", _("Five stars"), ("stars", "5"), better=HIGHER),
        Figure("four_stars", _("Four stars"), ("stars", "4"), better=HIGHER),
        Figure("three_stars", _("Three stars"), ("stars", "3"), better=NEUTRAL),
        Figure("two_stars", _("Two stars"), ("stars", "2"), better=LOWER),
        Figure("one_star", _("One star"), ("stars", "1"), better=LOWER),
        Figure("below_threshold", _("Below the line"), ("below_threshold",), better=LOWER),
        Figure("review_good", _("Reviewed good"), ("reviews", "grades", "good"), better=HIGHER),
        Figure("review_fairly_good", _("Reviewed fairly good"), ("reviews", "grades", "fairly_good"), better=HIGHER),
        Figure("review_average", _("Reviewed average"), ("reviews", "grades", "average"), better=LOWER),
        Figure("review_poor", _("Reviewed poor"), ("reviews", "grades", "poor"), better=LOWER),
        Figure("not_reported", _("Secretaries not reported"), ("reviews", "not_reported"), better=LOWER),
        Figure(
            "rectification_identified",
            _("Weak and lax organizations identified"),
            ("rectification", "identified"),
            better=NEUTRAL,
            link=_identified,
        ),
        Figure("rectification_open", _("Under rectification"), ("rectification", "open"), better=LOWER),
        Figure("rectified", _("Rectified"), ("rectification", "rectified"), better=HIGHER),
        Figure(
            "overdue_measures", _("Rectification measures overdue"), ("rectification", "overdue_measures"), better=LOWER
        ),
    ),
)


def register() -> None:
    register_family(FAMILY)
