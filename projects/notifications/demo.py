"""Demo notifications, produced by the portal's own rules, never written by hand.

The street of 丰满区 holding the oldest open problem escalates it to the district
(``problem_escalate``, whose event reaches ``fengman``), a claim of 南山社区's area is returned or
approved where one is waiting, and beat's morning run (``send_reminders``) delivers what is overdue
or awaiting someone: 南山社区's members' reports to confirm (``nanshan``), the problems overdue at each
level, alliances' decisions and rectification measures. Idempotent: a second run adds nothing
(the escalation is made once, the rest is keyed by its event).
"""

from __future__ import annotations

import time

from django.utils import timezone
from django.utils.translation import gettext_lazy

from grids.problems.choices import OPEN_PROBLEM_STATUSES, HandlingLevel
from grids.problems.models import ResidentProblem
from grids.problems.services import problem_escalate
from jilin_grid import events
from jilin_grid.demo import DemoRun

from . import rules
from .models import Notification
from .services import notifications_deliver

DISTRICT = "220211"  # 丰满区
ESCALATION_REASON = "涉及多个部门，街道协调不了，提请区里统筹解决。"


def build_demo_notifications(*, stdout=None) -> dict:
    started = time.monotonic()
    escalated = _escalate_to_the_district()
    before = Notification.objects.count()
    if escalated is not None:
        notifications_deliver(pending=rules.problem_escalated(problem_id=escalated.pk))
    notifications_deliver(pending=rules.reminders(timezone.localdate()))
    created = Notification.objects.count() - before
    if stdout is not None:
        stdout.write(f"  提醒：{created} 条（{time.monotonic() - started:.1f} 秒）\n")
    return {"notifications": Notification.objects.count()}


def _escalate_to_the_district():
    """A street of 丰满区 hands its oldest open problem to the district, once (the event's handler is
    not called: the demo delivers the rule's notifications itself, without a worker)."""
    if ResidentProblem.objects.filter(holder_code=DISTRICT, status__in=OPEN_PROBLEM_STATUSES).exists():
        return None
    problem = (
        ResidentProblem.objects.filter(
            level=HandlingLevel.STREET, holder_code__startswith=DISTRICT, status__in=OPEN_PROBLEM_STATUSES
        )
        .order_by("recorded_at", "id")
        .first()
    )
    if problem is None:
        return None
    with events.muted():
        return problem_escalate(problem=problem, reason=ESCALATION_REASON)


def build_demo_step(run: DemoRun) -> list:
    """The demo builder of the notifications (see ``jilin_grid.demo``)."""
    figures = build_demo_notifications(stdout=run.stdout)
    return [(figures["notifications"], gettext_lazy("notifications"))]
