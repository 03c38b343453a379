from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Secretary "No.1 projects" (书记一号工程) and their dispatch reports."""

    name = "projects"
    verbose_name = _("Secretary No.1 projects")

    def ready(self) -> None:
        from jilin_grid.models import register_area_dependent

        from .projects.models import Project
        from .rectification.models import RectificationCase

        # A project's area is its organization's: moving the organization moves its projects; so
        # do its rectification cases (their measures, progress and extensions read the case's).
        register_area_dependent(Project, via="organization")
        from .filing.models import SecretaryFiling

        # A secretary's filing is kept where the organization is: moving it moves its filings.
        register_area_dependent(SecretaryFiling, via="organization")

        from .assessment.models import SecretaryReport

        # So is a secretary's report: it follows its organization (its round stays the one it was in).
        register_area_dependent(SecretaryReport, via="organization")

        from django.core.checks import register as register_check

        from .assessment.checks import review_rule_check

        register_check(review_rule_check)

        register_area_dependent(RectificationCase, via="organization")

        from jilin_grid.benchmarks import register_benchmark

        register_benchmark("projects", "projects.projects.benchmarks.projects")
        register_benchmark("reports", "projects.reports.benchmarks.reports")

        from .assessment.counts import register as register_assessment_counts
        from .filing.counts import register as register_filing_counts
        from .maps.counts import register as register_map_counts
        from .projects.counts import register as register_counts

        register_counts()
        register_assessment_counts()
        register_filing_counts()
        register_map_counts()

        from .assessment.figures import register as register_assessment_figures
        from .brands.figures import register as register_brand_figures
        from .projects.figures import register as register_project_figures

        register_project_figures()
        register_assessment_figures()
        register_brand_figures()

        from .projects.pickers import register as register_pickers

        register_pickers()

        # The maps: the figures they colour areas by, and the walks kept as places change.
        from .maps.figures import register as register_map_figures
        from .maps.signals import connect as connect_maps

        register_map_figures()
        connect_maps()
        from .maps.models import CompoundReach

        # A compound's walk is counted where the compound is: moving it moves its walk.
        register_area_dependent(CompoundReach, via="compound")
        from .maps.checks import walk_setting_check

        register_check(walk_setting_check)

        from projects.menus import register as register_menu

        register_menu()

        # Notifications: the events of every app reach the rules; every page's bell counts the unread.
        from jilin_grid.context_processors import register_unread_counter

        from .notifications.selectors import unread_count
        from .notifications.tasks import register as register_notifications

        register_notifications()
        register_unread_counter(unread_count)
