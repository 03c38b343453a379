"""Whether this process's dependencies answer: the database, the broker, the media storage and,
with ``--worker``, a Celery worker through the queue. Exit status 0 when all do, 1 otherwise,
so docker-compose's healthcheck of the worker can run it."""

from django.core.management.base import BaseCommand, CommandError

from jilin_grid.health import check_worker, readiness


class Command(BaseCommand):
    help = "Check the database, the broker, the media storage and, with --worker, that worker's answer."

    def add_arguments(self, parser):
        parser.add_argument("--worker", metavar="NAME", help="A worker's node name (celery@host) that must answer.")

    def handle(self, *args, worker=None, **options):
        extra = {"worker": lambda: check_worker(worker)} if worker else {}
        checks = readiness(extra)
        for name, check in checks.items():
            outcome = "ok" if check["ok"] else f"FAILED: {check['error']}"
            self.stdout.write(f"{name}: {outcome} ({check['ms']} ms)")
        if not all(check["ok"] for check in checks.values()):
            raise CommandError("Not ready.")
