"""Celery tasks of the alliances app, gathered from its domains so the worker's autodiscovery finds them."""

from alliances.volunteering.tasks import reap_member_imports, run_member_import

__all__ = ["reap_member_imports", "run_member_import"]
