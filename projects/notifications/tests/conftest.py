import pytest

from projects.notifications import tasks


@pytest.fixture(autouse=True)
def worker_inline(monkeypatch):
    """The events' messages are run here, as the worker would run them."""
    monkeypatch.setattr(tasks.notify_event, "delay", lambda kind, ids: tasks.notify_event.apply(args=(kind, ids)))
