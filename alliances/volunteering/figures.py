"""In-service party members' volunteering figures for the cockpit (``jilin_grid/figures.py``):
those of ``/api/stats/volunteering/`` for the period (members reported and in force during it,
posts claimed during it and still held, verified service given during it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jilin_grid.figures import HIGHER, Family, Figure, Period, list_link, register_family

from .selectors import volunteering_stats


def read(area, period: Period) -> dict:
    return volunteering_stats(area, period.start, period.end)


def _service():
    return list_link("alliances:service_record_list", start="served_from", end="served_to", verified="true")


FAMILY = Family(
    name="volunteering",
    label=_("Volunteering"),
    read="alliances.volunteering.figures.read",
    order=50,
    figures=(
        Figure("members_reported", _("Members reported"), ("members_reported",), better=HIGHER),
        Figure("service_hours", _("Service hours"), ("service_hours",), unit="h", better=HIGHER, link=_service()),
        Figure("person_times", _("Service person-times"), ("service_person_times",), better=HIGHER, link=_service()),
        Figure("posts_claimed", _("Posts claimed"), ("posts_claimed",), better=HIGHER),
    ),
)


def register() -> None:
    register_family(FAMILY)
