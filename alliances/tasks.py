"""Celery tasks of the alliances app, gathered from its domains so the worker's autodiscovery finds them."""

from alliances.campaigns.tasks import produce_campaign_summaries
from alliances.volunteering.tasks import reap_member_imports, run_member_import

__all__ = ["produce_campaign_summaries", "reap_member_imports", "run_member_import"]
