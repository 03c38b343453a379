"""What the secretaries' courses add to the kept counts (``filing.training``): the hours of each
course, in its filing's area and every area above it, by the month the course starts. A filing
that moves (with its organization) carries its courses, which point to it (``depends_on``).

The secretaries filed are not kept: their ages and years in post depend on the day asked about
(``selectors.secretaries_filed`` groups them from their rows)."""

from __future__ import annotations

from jilin_grid.counts.registry import register_counter

TRAINING = "filing.training"


def training(row: dict):
    code = row.get("filing__area_code")
    if not code:
        return []
    return [(code, row["starts_on"], "hours", row["hours"] or 0)]


def register() -> None:
    from .models import SecretaryFiling, Training

    register_counter(
        family=TRAINING,
        model=Training,
        fields=("filing__area_code", "starts_on", "hours"),
        contribute=training,
        depends_on=((SecretaryFiling, "trainings"),),
    )
