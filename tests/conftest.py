"""Fixtures of the cross-cutting tests."""

import pytest


@pytest.fixture
def processes():
    """Processes a test starts (``tests/processes.py``), stopped when it ends, pass or fail."""
    started = []
    yield started
    for process in started:
        process.stop()
