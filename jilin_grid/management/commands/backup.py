"""Back up the database and the uploaded files together (beat runs it every night)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jilin_grid.backups import BackupError, backup_create, backups


class Command(BaseCommand):
    help = "Write a backup of the database and the uploaded files to BACKUP_DIR, keeping the newest BACKUP_KEEP."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="Folder of the backups (default: BACKUP_DIR).")
        parser.add_argument("--keep", type=int, help="How many backups to keep (default: BACKUP_KEEP).")
        parser.add_argument("--list", action="store_true", help="List the backups instead of writing one.")

    def handle(self, *args, dir=None, keep=None, list=False, **options):
        if list:
            for folder in backups(dir):
                self.stdout.write(str(folder))
            return
        try:
            folder = backup_create(directory=dir, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written: {folder}"))
