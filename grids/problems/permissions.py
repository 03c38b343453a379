"""Residents' problems (群众诉求): the lifecycle, escalation up the four levels, and who may act.

Lifecycle: recorded → accepted → in progress → resolved → closed (by the resident's evaluation),
or returned with a reason. A dissatisfied evaluation reopens a resolved problem (back to in
progress). While open (recorded, accepted, in progress) a problem can be escalated one level at
a time, grid → community → street → district → city; the level holding it sees it in its queue.

Who may act: the holder (a writing role whose area covers the holding level's code) accepts,
starts, escalates, resolves and returns; staff with a writing role over the problem's grid record
it and record the resident's evaluation.
"""

from __future__ import annotations

from jilin_grid.scope import Scope

from .choices import HANDLING_CODE_LENGTHS, HANDLING_ORDER, HandlingLevel, ProblemStatus

# Which statuses each step may start from.
ALLOWED_FROM = {
    "accept": (ProblemStatus.RECORDED,),
    "start": (ProblemStatus.ACCEPTED,),
    "escalate": (ProblemStatus.RECORDED, ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS),
    "resolve": (ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS),
    "return": (ProblemStatus.RECORDED, ProblemStatus.ACCEPTED),
    "evaluate": (ProblemStatus.RESOLVED,),
}
HOLDER_STEPS = ("accept", "start", "escalate", "resolve", "return")


def holder_code(area_code: str, level: str) -> str:
    """The code of the level holding a problem of ``area_code`` (a grid code)."""
    return area_code[: HANDLING_CODE_LENGTHS[HandlingLevel(level)]]


def next_level(level: str) -> str | None:
    index = HANDLING_ORDER.index(HandlingLevel(level))
    return HANDLING_ORDER[index + 1].value if index + 1 < len(HANDLING_ORDER) else None


def step_allowed(status: str, step: str) -> bool:
    return status in ALLOWED_FROM[step]


def may_record(scope: Scope, grid_code: str) -> bool:
    return scope.can_write(grid_code)


def may_take_step(scope: Scope, problem, step: str) -> bool:
    """The role rule alone (the lifecycle is checked by the services)."""
    if step in HOLDER_STEPS:
        return scope.can_write(problem.holder_code)
    return scope.can_write(problem.area_code)  # evaluate


def available_steps(scope: Scope, problem) -> list[str]:
    """Steps this user may take on this problem now: the page's buttons, the API's hints."""
    steps = [
        step for step in ALLOWED_FROM if step_allowed(problem.status, step) and may_take_step(scope, problem, step)
    ]
    if "escalate" in steps and next_level(problem.level) is None:
        steps.remove("escalate")
    return steps
