"""The ``demo`` fixture, a pytest plugin every app's tests can use (registered in the root conftest).

``demo`` builds the whole demo city once for the test module that asks for it (about twenty
seconds at scale 1; without the trends of its year and the notifications, ``LEFT_OUT``), yields
the builder's summary, and flushes the database afterwards. Every account's password is
``DEMO_PASSWORD``.
"""

import pytest
from django.core.management import call_command
from django.test import override_settings

from jilin_grid.demo import build_demo

DEMO_PASSWORD = "demo-test-password"
# Left out of the tests' city: the trends of its year read every figure of every area for each month
# (about a minute), and the notifications' builder escalates a demo problem through the services,
# which would leave the problems' own demo no longer as their builder makes them; the trends' and
# the notifications' own tests take them on the city when they need them.
LEFT_OUT = ("projects.trends.demo.build_demo_step", "projects.notifications.demo.build_demo_step")
# The same fast hasher the tests check passwords with (see the root conftest).
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        summary = build_demo(scale=1, password=DEMO_PASSWORD, leave_out=LEFT_OUT)
        yield summary
        call_command("flush", interactive=False, verbosity=0)
