"""Import in-service party members from an Excel workbook, as a user of the portal (their area, their role).

    python manage.py import_members members.xlsx --user fengman

The same checks and the same rule as the page and the API (``alliances.volunteering.imports.members_import``):
every row good, or nothing written; each bad row is printed with its number and reasons.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from alliances.volunteering.imports import members_import
from jilin_grid.audit.context import acting_as


class Command(BaseCommand):
    help = _(
        "Import in-service party members from an Excel workbook (.xlsx) as a user of the portal: every row is "
        "checked within the user's area, and nothing is written unless all rows are good."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The .xlsx workbook (header row, then one member per row)."))
        parser.add_argument(
            "--user", required=True, help=_("The username the import is made as (their area and role apply).")
        )

    def handle(self, *args, file: str, user: str, **options):
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(_("No active user is named %(user)s.") % {"user": user})
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file at %(path)s.") % {"path": file})
        # The audit trail names the importer as the author of every row written.
        with path.open("rb") as handle, acting_as(actor):
            result = members_import(file=File(handle, name=path.name), actor=actor)
        if result.error:
            raise CommandError(result.error)
        if result.row_errors:
            for bad in result.row_errors:
                self.stderr.write(_("Row %(row)s: %(errors)s") % {"row": bad.row, "errors": "；".join(bad.errors)})
            raise CommandError(
                _("Nothing was imported: %(bad)s of %(rows)s rows need correcting.")
                % {"bad": len(result.row_errors), "rows": result.rows}
            )
        counts = result.counts()
        self.stdout.write(
            self.style.SUCCESS(
                _("%(reported)s members reported, awaiting their communities' confirmation.")
                % {"reported": counts["reported"]}
            )
        )
        self.stdout.write(
            _("New members: %(new)s; already on record: %(existing)s; communities: %(communities)s.")
            % {
                "new": counts["new_members"],
                "existing": counts["existing_members"],
                "communities": counts["communities"],
            }
        )
