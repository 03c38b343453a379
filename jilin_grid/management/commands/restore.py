"""Restore a backup written by ``manage.py backup`` into this portal's database and media folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jilin_grid.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Load a backup folder into the (empty) database and media folder, checking checksums before "
        "and every table's rows after. --force replaces a database and media folder that are not empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A backup folder (backup-YYYYmmdd-HHMMSS).")
        parser.add_argument("--force", action="store_true", help="Replace what the database and media folder hold.")

    def handle(self, *args, folder, force=False, **options):
        try:
            rows = backup_restore(folder=folder, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {folder}: {len(rows)} tables, {sum(rows.values())} rows."))
