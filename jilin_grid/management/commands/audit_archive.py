"""Archive the audit entries older than the retention to a gzip JSON-lines file, then delete them
(beat runs it every night)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jilin_grid.audit.archive import ArchiveError, audit_archive
from jilin_grid.audit.checks import retention_days


class Command(BaseCommand):
    help = (
        "Write the audit entries older than AUDIT_RETENTION_DAYS (at least 180) to gzip JSON-lines files "
        "in AUDIT_ARCHIVE_DIR, then delete them from the database. Nothing is deleted that was not archived."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="Folder of the archive (default: AUDIT_ARCHIVE_DIR).")

    def handle(self, *args, dir=None, **options):
        try:
            result = audit_archive(directory=dir)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        for path in result.files:
            self.stdout.write(str(path))
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.archived} audit entries older than {retention_days()} days archived and deleted."
            )
        )
