"""Celery tasks of the projects app, gathered from its domains so the worker's autodiscovery finds them."""

from projects.notifications.tasks import notify_event, send_reminders
from projects.reports.tasks import generate_report, schedule_monthly_reports, schedule_quarterly_reports
from projects.trends.tasks import take_trend_snapshots

__all__ = [
    "generate_report",
    "notify_event",
    "schedule_monthly_reports",
    "schedule_quarterly_reports",
    "send_reminders",
    "take_trend_snapshots",
]
