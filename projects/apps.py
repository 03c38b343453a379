from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def add_demo_projects(sender, *, city=None, scale: int = 1, stdout=None, **kwargs):
    """After ``seed_demo``: 2020's demo No.1 projects, unless they are there (see projects.demo)."""
    from projects.projects.demo import build_demo_projects

    # A city built now has the scale asked for; a city already there keeps the scale it was built at.
    figures = build_demo_projects(scale=scale if city is not None else None, stdout=stdout)
    return [
        (figures["claimed"], _("No.1 projects claimed in 2020")),
        (figures["progress_reports"], _("monthly progress reports of 2020")),
    ]


class ProjectsConfig(AppConfig):
    """Secretary "No.1 projects" (书记一号工程) and their dispatch reports."""

    name = "projects"
    verbose_name = _("Secretary No.1 projects")

    def ready(self):
        from grids.network.demo import demo_city_built

        demo_city_built.connect(add_demo_projects, dispatch_uid="projects.add_demo_projects")
