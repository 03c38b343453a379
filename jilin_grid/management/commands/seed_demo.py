"""Build the demo city (吉林市): its tree, grids, organizations, people and accounts, then each domain's
content, by the builders of ``settings.DEMO_BUILDERS`` in their order (``jilin_grid.demo``)."""

from time import monotonic

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jilin_grid.areas import area_has_children
from jilin_grid.demo import DEFAULT_PASSWORD, build_demo


class Command(BaseCommand):
    help = _(
        "Build the demo city of Jilin (吉林市, 2202) at the scale of the source document: 9 districts and "
        "counties, 287 communities, 2,766 grids, 1,560 grid party organizations and 4,300 grid workers, "
        "with compounds, buildings, units, chiefs and demo accounts. The same data comes out every run; "
        "run again, it keeps the city and only resets the demo accounts' passwords. Every person and "
        "phone number in it is fictitious (phone numbers are taken from the series 199 0000 xxxx)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help=_("Multiply every count by this factor (default 1)."))
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=_("Password of every demo account (default %(default)s; for demonstrations only)."),
        )

    def handle(self, *args, scale: int, password: str, **options):
        if scale < 1:
            raise CommandError(_("The scale must be at least 1."))
        if not password:
            raise CommandError(_("The password must not be empty."))
        self.stdout.write(
            _("Demo accounts' password (for demonstrations only, never in production): %(password)s")
            % {"password": password}
        )
        if not area_has_children(settings.CITY_CODE):
            self.stdout.write(_("Building the demo city at scale %(scale)s...") % {"scale": scale})
        started = monotonic()
        summary = build_demo(scale=scale, password=password, stdout=self.stdout)
        if summary["created"]:
            self.stdout.write(
                self.style.SUCCESS(_("Demo city built in %(seconds).1f s.") % {"seconds": monotonic() - started})
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "The demo city is already in this database; nothing was added (the scale is ignored). "
                        "The demo accounts' passwords were reset."
                    )
                )
            )
        figures = (
            ("districts", _("districts and counties")),
            ("streets", _("streets and towns")),
            ("communities", _("communities")),
            ("grids", _("grids")),
            ("grid_party_organizations", _("grid party organizations")),
            ("party_organizations", _("party organizations in all")),
            ("grid_workers", _("grid workers")),
            ("grid_workers_full_time", _("of them full-time")),
            ("compounds", _("residential compounds")),
            ("buildings", _("buildings")),
            ("units", _("units")),
            ("chiefs", _("chiefs")),
            ("people", _("people")),
        )
        for key, label in figures:
            self.stdout.write(f"  {summary[key]:>9,}  {label}")
        for count, label in summary.get("more", ()):
            self.stdout.write(f"  {count:>9,}  {label}")
        self.stdout.write("")
        self.stdout.write(f"  {_('username'):<12} {_('role'):<20} {_('area')}")
        for row in summary["accounts"]:
            self.stdout.write(f"  {row['username']:<12} {row['role']:<20} {row['area_name']} ({row['area_code']})")
        if summary["api_token"]:
            self.stdout.write("")
            self.stdout.write(_("API token of the account 'api': %(token)s") % {"token": summary["api_token"]})
