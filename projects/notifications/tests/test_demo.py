"""The demo's notifications come from the rules: 丰满区's department finds a problem the street
escalated to it, 南山社区's staff the members' reports awaiting them; a second run adds nothing."""

import pytest

from projects.notifications.choices import NotificationKind as Kind
from projects.notifications.demo import build_demo_notifications
from projects.notifications.models import Notification


@pytest.fixture(autouse=True)
def worker_inline():  # the demo runs without a worker and delivers itself
    yield


def kinds(username: str) -> set[str]:
    return set(Notification.objects.filter(recipient__username=username).values_list("kind", flat=True))


def test_the_demo_accounts_find_what_concerns_them_and_nothing_from_elsewhere(demo, db):
    # The tests' city leaves the notifications out (jilin_grid/testing/demo.py): make them as seed_demo does.
    build_demo_notifications()
    assert Kind.PROBLEM_ESCALATED in kinds("fengman")
    assert Kind.MEMBER_REPORT_PENDING in kinds("nanshan")
    for notification in Notification.objects.filter(recipient__username__in=["fengman", "nanshan", "jiangnan"]):
        codes = notification.recipient.area_grants.values_list("area_code", flat=True)
        assert any(notification.area_code.startswith(code) for code in codes), notification
    count = Notification.objects.count()
    build_demo_notifications()
    assert Notification.objects.count() == count
