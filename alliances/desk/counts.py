"""What the cases taken at the desk add to the kept counts, by the month each was accepted.

``desk.cases``: taken, finished, finished in time, the days finished cases took (the average is
their quotient), turned into problems, in hand, and the cases in hand by the month they are due
(``open_due_YYYY-MM``); the same taken, finished and finished in time by service mode
(``mode:<mode>:<figure>``). Overdue depends on the day asked: the cases in hand due in the months
before it are read from the counts, and those due earlier in its own month are counted from the
rows (``alliances/desk/selectors.py``).

``desk.workers``: taken, finished, finished in time and days by social worker
(``<worker id>:<figure>``), in the case's area and every area above it.

A case's mode is its matter's: a matter whose mode changes carries its cases' figures with it.
"""

from __future__ import annotations

from jilin_grid.counts.registry import register_counter

from .choices import CaseStatus

CASE_FIELDS = (
    "area_code",
    "accepted_on",
    "status",
    "due_on",
    "finished_on",
    "days_taken",
    "matter__mode",
)
WORKER_FIELDS = ("area_code", "accepted_on", "status", "due_on", "finished_on", "days_taken", "worker_id")
OPEN_DUE = "open_due_"
MODE_FIGURES = ("taken", "finished", "finished_in_time")
WORKER_FIGURES = ("taken", "finished", "finished_in_time", "days")


def _figures(row: dict) -> dict[str, int]:
    finished = row["status"] == CaseStatus.FINISHED
    return {
        "taken": 1,
        "finished": int(finished),
        "finished_in_time": int(finished and row["finished_on"] <= row["due_on"]),
        "days": (row["days_taken"] or 0) if finished else 0,
        "escalated": int(row["status"] == CaseStatus.ESCALATED),
        "in_hand": int(row["status"] == CaseStatus.OPEN),
    }


def case(row: dict):
    code, month = row["area_code"], row["accepted_on"].replace(day=1)
    figures = _figures(row)
    answer = [(code, month, name, value) for name, value in figures.items() if value]
    mode = row["matter__mode"]
    answer += [(code, month, f"mode:{mode}:{name}", figures[name]) for name in MODE_FIGURES if figures[name]]
    if row["status"] == CaseStatus.OPEN:
        answer.append((code, month, f"{OPEN_DUE}{row['due_on']:%Y-%m}", 1))
    return answer


def worker(row: dict):
    code, month = row["area_code"], row["accepted_on"].replace(day=1)
    figures = _figures(row)
    return [(code, month, f"{row['worker_id']}:{name}", figures[name]) for name in WORKER_FIGURES if figures[name]]


def register() -> None:
    from .models import Case, Matter

    register_counter(
        family="desk.cases",
        model=Case,
        fields=CASE_FIELDS,
        contribute=case,
        depends_on=((Matter, "cases"),),
    )
    register_counter(family="desk.workers", model=Case, fields=WORKER_FIELDS, contribute=worker)
