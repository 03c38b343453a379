"""What the red stations' forms pick: in-service party members of the user's area, by name or work
unit (``jilin_grid/pickers``), for a station's volunteer."""

from __future__ import annotations

from jilin_grid.pickers.registry import register_picker

MEMBER_PICKER = "in_service_member"


def register() -> None:
    from alliances.volunteering.models import InServiceMember

    register_picker(
        MEMBER_PICKER,
        InServiceMember,
        search=("person__name", "unit_name"),
        order=("area_code", "person__name", "id"),
        related=("person",),
    )
