"""What forms pick among the No.1 projects (``jilin_grid/pickers``): a project by its title or its
organization's name, newest year first, or a community's projects (a brand's application)."""

from __future__ import annotations

from communities.models import Community
from jilin_grid.pickers.registry import register_picker
from jilin_grid.scope import prefix_q


def project_label(project) -> str:
    return f"{project.year} · {project.title} · {project.organization.name}"


def of_community(queryset, community_id: int):
    """The projects of the community ``community_id`` and its grids' branches (none if there is no such community)."""
    code = Community.objects.filter(pk=community_id).values_list("code", flat=True).first()
    return queryset.filter(prefix_q("area_code", code)) if code else queryset.none()


def register() -> None:
    from .models import Project

    register_picker(
        "project",
        Project,
        search=("title", "organization__name"),
        order=("-year", "area_code", "id"),
        label=project_label,
        related=("organization",),
        filters={"community": of_community},
    )
