"""What red-heart property adds to the kept counts.

- ``property.modes``: a compound (the counted row, with its history of modes) adds, in the month of
  each change of mode, one compound to its new mode and takes one from the mode it left
  (``mode:<mode>``): the compounds by mode on a day are the changes of the months before it added
  up, and those of its own month counted from the rows (``alliances/property/selectors.py``).
- ``property.red``: the same changes for the red-heart modes only, counted in the compound's
  community (``red:<community code>``): read only for the communities a day's changes touch.
- ``property.pilots``: a community (the counted row, with its compounds' modes) is a pilot from the
  month it has a compound in a red-heart mode until the month it has none (``pilots``): an area's
  pilot communities on a day are one sum, whatever the number of its communities.
- ``property.meetings``: a deliberation meeting, in the month it was held.
- ``property.resolutions``: a resolution, in the month its meeting was held: taken, done, and the
  resolutions not done by the month of their deadline (``open_due_YYYY-MM``): overdue on a day are
  those due in the months before it, and those due earlier in its month counted from the rows.
- ``property.fees``: the households billed and paid of a compound's month, kept in that month under
  its name (``YYYY-MM:billed``, ``YYYY-MM:paid``), so a period reads its months one by one; the rate
  is their quotient.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

from jilin_grid.counts.registry import register_counter
from jilin_grid.scope import COMMUNITY_CODE_LENGTH

from .choices import RED_HEART_MODES

OPEN_DUE = "open_due_"
RED = "red:"
PILOTS = "pilots"


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


def red_figures(code: str, mode: str) -> list[str]:
    """The figure a compound of area ``code`` managed in ``mode`` counts in among the red-heart
    compounds: its community's, in a red-heart mode; none otherwise."""
    return [f"{RED}{code[:COMMUNITY_CODE_LENGTH]}"] if mode in RED_HEART_MODES else []


def _mode_changes(row: dict, figures_of) -> list:
    """In the month of each change of a compound's mode, -1 to the figures of the mode it left and
    +1 to those of its new one (``figures_of(area code, mode)``)."""
    answer, previous = [], None
    for code, mode, since in row.get("modes", ()):
        month = since.replace(day=1)
        if previous is not None:
            answer += [(previous[0], month, figure, -1) for figure in figures_of(*previous)]
        answer += [(code, month, figure, 1) for figure in figures_of(code, mode)]
        previous = (code, mode)
    return answer


def compound(row: dict):
    return _mode_changes(row, lambda _code, mode: [f"mode:{mode}"])


def compound_red(row: dict):
    return _mode_changes(row, red_figures)


def community_rows(queryset):
    """The communities of ``queryset`` with, by month, how many compounds entered a red-heart mode
    there less those that left one (``"red"``), as ``property.red`` counts them: one query besides
    the communities'."""
    from .models import CompoundMode

    rows = {code: {"pk": pk, "code": code, "red": {}} for pk, code in queryset.values_list("pk", "code")}
    if not rows:
        return []
    modes = CompoundMode._base_manager.db_manager(queryset.db)
    history = modes.order_by("compound_id", "since")
    if queryset.query.where:
        # The whole history of each compound with a change of mode in these communities.
        inside = Q()
        for code in rows:
            inside |= Q(area_code__startswith=code)
        history = history.filter(compound_id__in=modes.filter(inside).values("compound_id"))
    by_compound: dict[int, list] = defaultdict(list)
    for compound_id, code, mode, since in history.values_list("compound_id", "area_code", "mode", "since"):
        by_compound[compound_id].append((code, mode, since))
    for changes in by_compound.values():
        for _code, month, figure, amount in compound_red({"modes": changes}):
            row = rows.get(figure.removeprefix(RED))
            if row is not None:
                row["red"][month] = row["red"].get(month, 0) + amount
    return list(rows.values())


def community_pilot(row: dict):
    """``pilots`` +1 in the month a community's red-heart compounds go from none to some, -1 when
    they go back to none."""
    answer, red = [], 0
    for month, change in sorted(row.get("red", {}).items()):
        before, red = red, red + change
        if (before > 0) != (red > 0):
            answer.append((row["code"], month, PILOTS, 1 if red > 0 else -1))
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
    from communities.models import Community
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
        family="property.red",
        model=ResidentialCompound,
        fields=(),
        contribute=compound_red,
        rows=compound_rows,
        depends_on=((CompoundMode, "compound_id"),),
    )
    register_counter(
        family="property.pilots",
        model=Community,
        fields=("code",),  # a community that moves takes its pilot months to its new code
        contribute=community_pilot,
        rows=community_rows,
        depends_on=((CompoundMode, "compound__community_id"),),
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
