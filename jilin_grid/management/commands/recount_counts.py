"""Recount the kept counts from the rows: report (and by default repair) any drift."""

from django.core.management.base import BaseCommand, CommandError

from jilin_grid.counts.registry import COUNTERS
from jilin_grid.counts.services import count_everything, recount_and_record


class Command(BaseCommand):
    help = (
        "Compare every kept count with a recount of its rows; repair and record each difference "
        "(beat runs it every night). --check only reports, and exits 1 when anything drifted; "
        "--rebuild sets every count (of the families named) from the rows without recording drift (after a "
        "bulk load, or an upgrade that changed what a family counts)."
    )

    def add_arguments(self, parser):
        parser.add_argument("families", nargs="*", help=f"Families to recount (default: all of {sorted(COUNTERS)}).")
        parser.add_argument("--check", action="store_true", help="Report the drift, repair nothing.")
        parser.add_argument(
            "--rebuild", action="store_true", help="Set every count (of the families named) from the rows."
        )

    def handle(self, *args, families=(), check=False, rebuild=False, **options):
        unknown = sorted(set(families) - set(COUNTERS))
        if unknown:
            known = ", ".join(sorted(COUNTERS))
            raise CommandError(f"No such kept-count family: {', '.join(unknown)}. Known: {known}.")
        if rebuild:
            written = count_everything(families or None)
            self.stdout.write(self.style.SUCCESS(f"{written} kept counts written from the rows."))
            return
        drift = recount_and_record(families or None, repair=not check)
        for item in drift:
            where = f"{item.family} {item.area_code} {item.period or '*'} {item.figure}"
            self.stdout.write(f"{where}: kept {item.kept}, counted {item.counted}")
        verb = "found" if check else "found and repaired"
        self.stdout.write(f"{len(drift)} drifted kept counts {verb}.")
        if check and drift:
            raise CommandError("The kept counts drifted.", returncode=1)
