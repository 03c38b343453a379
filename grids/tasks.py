"""Celery tasks of the grids app, gathered from its domains so the worker's autodiscovery finds them."""

from grids.network.tasks import take_network_snapshots

__all__ = ["take_network_snapshots"]
