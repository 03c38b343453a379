"""The Jilin grid party-building portal: settings, URLs, Celery and the shared layer."""

from .celery import app as celery_app

__all__ = ("celery_app",)
