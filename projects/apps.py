from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Secretary "No.1 projects" (书记一号工程) and their dispatch reports."""

    name = "projects"
    verbose_name = _("Secretary No.1 projects")
