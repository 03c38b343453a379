"""What forms pick among the communities: a community by its name, its code or its street's name
(``jilin_grid/pickers``), so a list's community filter is a search once a city has more
communities than a drop-down holds."""

from __future__ import annotations

from jilin_grid.pickers.registry import register_picker


def community_label(community) -> str:
    return f"{community.street.name} · {community.name}"


def register() -> None:
    from .models import Community

    register_picker(
        "community",
        Community,
        search=("name", "code", "street__name"),
        order=("code",),
        label=community_label,
        related=("street",),
    )
