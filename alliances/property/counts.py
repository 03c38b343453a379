"""What red-heart property adds to the kept counts.

- ``property.modes``: a compound (the counted row, with its history of modes) adds, in the month of
  each change of mode, one compound to its new mode and takes one from the mode it left
  (``mode:<mode>``): the compounds by mode on a day are the changes of the months before it added
  up, and those of its own month counted from the rows (``alliances/property/selectors.py``).
- ``property.meetings``: a deliberation meeting, in the month it was held.
- ``property.resolutions``: a resolution, in the month its meeting was held: taken, done, and the
  resolutions not done by the month of their deadline (``open_due_YYYY-MM``): overdue on a day are
  those due in the months before it, and those due earlier in its month counted from the rows.
- ``property.fees``: the households billed and paid of a compound's month, kept in that month under
  its name (``YYYY-MM:billed``, ``YYYY-MM:paid``), so a period reads its months one by one; the rate
  is their quotient.
"""

from __future__ import annotations

from jilin_grid.counts.registry import register_counter
from jilin_grid.scope import COMMUNITY_CODE_LENGTH

from .choices import RED_HEART_MODES

OPEN_DUE = "open_due_"
RED = "red:"


def compound_rows(queryset):
    """The compounds of ``queryset`` with their modes in order (area code, mode, since): one query
    besides the compounds'."""
    from .models import CompoundMode

    pks = list(queryset.order_by().values_list("pk", flat=True))
    if not pks:
        return []
    modes = CompoundMode._base_manager.db_manager(queryset.db).order_by("compound_id", "since")
    if queryset.query.where:
        modes = modes.filter(compound_id__in=pks)
    rows: dict = {pk: {"pk": pk, "modes": []} for pk in pks}
    for compound_id, code, mode, since in modes.values_list("compound_id", "area_code", "mode", "since"):
        if compound_id in rows:
            rows[compound_id]["modes"].append((code, mode, since))
    return list(rows.values())


def mode_figures(code: str, mode: str) -> list[str]:
    """The figures a compound of area ``code`` managed in ``mode`` counts in: its mode, and, in a
    red-heart mode, its community's red-heart compounds."""
    figures = [f"mode:{mode}"]
    if mode in RED_HEART_MODES:
        figures.append(f"{RED}{code[:COMMUNITY_CODE_LENGTH]}")
    return figures


def compound(row: dict):
    answer, previous = [], None
    for code, mode, since in row.get("modes", ()):
        month = since.replace(day=1)
        if previous is not None:
            answer += [(previous[0], month, figure, -1) for figure in mode_figures(*previous)]
        answer += [(code, month, figure, 1) for figure in mode_figures(code, mode)]
        previous = (code, mode)
    return answer


def meeting(row: dict):
    return [(row["area_code"], row["held_on"].replace(day=1), "meetings", 1)]


def resolution(row: dict):
    code, month = row["area_code"], row["meeting__held_on"].replace(day=1)
    answer = [(code, month, "resolutions", 1)]
    if row["done_on"] is not None:
        answer.append((code, month, "resolutions_done", 1))
    else:
        answer.append((code, month, f"{OPEN_DUE}{row['deadline']:%Y-%m}", 1))
    return answer


def fees(row: dict):
    code, month = row["area_code"], row["month"].replace(day=1)
    return [
        (code, month, f"{month:%Y-%m}:billed", row["households_billed"]),
        (code, month, f"{month:%Y-%m}:paid", row["households_paid"]),
    ]


def register() -> None:
    from grids.network.models import ResidentialCompound

    from .models import CompoundMode, DeliberationMeeting, FeeCollection, Resolution

    register_counter(
        family="property.modes",
        model=ResidentialCompound,
        fields=(),
        contribute=compound,
        rows=compound_rows,
        depends_on=((CompoundMode, "compound_id"),),
    )
    register_counter(
        family="property.meetings", model=DeliberationMeeting, fields=("area_code", "held_on"), contribute=meeting
    )
    register_counter(
        family="property.resolutions",
        model=Resolution,
        fields=("area_code", "done_on", "deadline", "meeting__held_on"),
        contribute=resolution,
        depends_on=((DeliberationMeeting, "resolutions"),),
    )
    register_counter(
        family="property.fees",
        model=FeeCollection,
        fields=("area_code", "month", "households_billed", "households_paid"),
        contribute=fees,
    )
