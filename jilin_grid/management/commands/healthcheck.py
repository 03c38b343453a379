"""Whether this process's dependencies answer: the database, the broker, the media storage and,
with ``--worker``, a Celery worker through the queue, with ``--beat``, beat's last run. Exit
status 0 when all do, 1 otherwise, so docker-compose's healthchecks of the worker and beat can
run it."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jilin_grid.health import check_worker, readiness


def check_beat() -> str | None:
    """Beat has sent something lately: it sends the report reaper every REPORT_REAPER_SECONDS."""
    from jilin_grid.models import Heartbeat

    allowed = timedelta(seconds=max(3 * settings.REPORT_REAPER_SECONDS, 180))
    last = Heartbeat.objects.filter(name="beat").values_list("at", flat=True).first()
    if last is None:
        return "beat has not run yet"
    if timezone.now() - last > allowed:
        return f"beat last ran at {last.isoformat()}, more than {allowed.total_seconds():.0f} s ago"
    return None


class Command(BaseCommand):
    help = "Check the database, the broker, the media storage and, with --worker or --beat, that process."

    def add_arguments(self, parser):
        parser.add_argument("--worker", metavar="NAME", help="A worker's node name (celery@host) that must answer.")
        parser.add_argument("--beat", action="store_true", help="Beat must have run within three reaper periods.")

    def handle(self, *args, worker=None, beat=False, **options):
        extra = {}
        if worker:
            extra["worker"] = lambda: check_worker(worker)
        if beat:
            extra["beat"] = check_beat
        checks = readiness(extra)
        for name, check in checks.items():
            outcome = "ok" if check["ok"] else f"FAILED: {check['error']}"
            self.stdout.write(f"{name}: {outcome} ({check['ms']} ms)")
        if not all(check["ok"] for check in checks.values()):
            raise CommandError("Not ready.")
