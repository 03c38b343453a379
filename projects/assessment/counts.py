"""What the standardized branches' confirmed scores add to the kept counts, per area and year
(kept in the month of January of the score's year, period "YYYY-01", as the No.1 projects' are).

``assessment.scores``: a confirmed score adds ``n`` (one branch scored), ``total`` (its confirmed
points), ``stars:S``, each aspect's points (``aspect:<key>``) and ``points:P`` (one branch at its
confirmed points P), so the branches below the rectification line are read for the line as it is
set when read (``ASSESSMENT_RECTIFICATION_BELOW``). A score not confirmed adds nothing.
"""

from __future__ import annotations

from datetime import date

from jilin_grid.counts.registry import register_counter

from .choices import ScoreStatus
from .models import ASPECT_FIELDS

FAMILY = "assessment.scores"
POINTS = "points:"
STARS = "stars:"
ASPECT = "aspect:"
FIELDS = ("area_code", "year", "status", "confirmed_total", "stars", *ASPECT_FIELDS.values())


def score(row: dict):
    if row["status"] != ScoreStatus.CONFIRMED or row["confirmed_total"] is None:
        return []
    code, month, points = row["area_code"], date(row["year"], 1, 1), row["confirmed_total"]
    answer = [(code, month, "n", 1), (code, month, "total", points), (code, month, f"{POINTS}{points}", 1)]
    if row["stars"] is not None:
        answer.append((code, month, f"{STARS}{row['stars']}", 1))
    answer += [(code, month, f"{ASPECT}{aspect.value}", row[field]) for aspect, field in ASPECT_FIELDS.items()]
    return answer


def register() -> None:
    from .models import BranchScore

    register_counter(family=FAMILY, model=BranchScore, fields=FIELDS, contribute=score)
