"""The daily summary of a campaign for an area's organization department: the same tables as HTML
and as an Excel workbook (``jilin_grid.exports.write_workbook``), built from the campaign's figures
(``selectors.campaign_figures``) and its donations' totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from jilin_grid.areas import Area
from jilin_grid.exports import percent, write_workbook
from jilin_grid.scope import prefix_q

from .choices import SupplyKind, TaskState
from .models import Campaign, Donation
from .selectors import campaign_figures, campaign_prefix, donation_totals


def _rate(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else Decimal(0)


def summary_tables(campaign: Campaign, area: Area, day: date) -> dict:
    """``{"figures", "tables": [(title, headers, rows)]}`` of the campaign in ``area`` on ``day``."""
    figures = campaign_figures(campaign, area)
    prefix = campaign_prefix(campaign, area)
    donations = Donation.objects.filter(prefix_q("area_code", prefix)) if prefix else Donation.objects.none()
    totals = donation_totals(campaign, donations)
    head = [
        (_("Campaign"), campaign.title),
        (_("Area"), area.name),
        (_("Day"), day.isoformat()),
        (_("Households"), figures["households"]),
        (_("Households visited"), figures["visited"]),
        (_("Visited"), percent(_rate(figures["visited"], figures["households"]))),
        (_("Post-hours of duty covered"), figures["duty_hours_covered"]),
        (_("Donations by members"), figures["donations"]["members"]),
        (_("Amount (yuan)"), figures["donations"]["amount"]),
    ]
    tables = [
        (_("Summary"), [_("Figure"), _("Value")], head),
        (
            _("By area"),
            [
                _("Area"),
                _("Households"),
                _("Households visited"),
                _("Visited"),
                _("Post-hours of duty covered"),
                _("Support tasks still open"),
                _("Donations by members"),
            ],
            [
                [
                    row["area"]["name"],
                    row["households"],
                    row["visited"],
                    percent(_rate(row["visited"], row["households"])),
                    row["duty_hours_covered"],
                    row["support_tasks_open"],
                    row["donation_members"],
                ]
                for row in figures["children"]
            ],
        ),
        (
            _("Findings"),
            [_("Question"), _("Answer"), _("Households")],
            [
                [finding["text"], answer["label"], answer["count"]]
                for finding in figures["findings"]
                for answer in finding["answers"]
            ],
        ),
        (
            _("Duty by hour"),
            [_("Hour"), _("Post-hours of duty covered")],
            [[f"{hour:02d}:00", count] for hour, count in enumerate(figures["duty_by_hour"])],
        ),
        (
            _("Support tasks"),
            [_("State"), _("Support tasks")],
            [[TaskState(state).label, count] for state, count in figures["support_tasks"].items()],
        ),
        (
            _("Supplies"),
            [_("Kind"), _("Quantity")],
            [[SupplyKind(kind).label, count] for kind, count in figures["supplies"].items()],
        ),
        (
            _("Donations by organization"),
            [_("Party organization"), _("Donations by members"), _("Amount (yuan)")],
            [[row["name"], row["members"], row["amount"]] for row in totals["organizations"]],
        ),
        (
            _("Donations by work unit"),
            [_("Work unit"), _("Donations by members"), _("Amount (yuan)")],
            [[row["name"], row["members"], row["amount"]] for row in totals["units"]],
        ),
    ]
    return {"figures": figures, "totals": totals, "tables": tables}


def summary_html(campaign: Campaign, area: Area, day: date, summary: dict) -> str:
    """The summary's tables as a page of its own (kept by ``DailySummary``)."""
    from django.template.loader import render_to_string

    return render_to_string(
        "alliances/campaigns/summary_document.html",
        {"campaign": campaign, "area": area, "day": day, "tables": summary["tables"]},
    )


def summary_workbook(summary: dict) -> bytes:
    """The summary's tables as one workbook, a sheet each."""
    return write_workbook([(str(title), [str(h) for h in headers], rows) for title, headers, rows in summary["tables"]])
