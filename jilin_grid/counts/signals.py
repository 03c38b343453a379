"""Saves and deletes of counted models change the kept counts in their own transaction.

Before the write, the row's counted fields are read from the database (locked where the database
can); after it, they are read again, and the difference of what the two contribute is added to
the counts. Reading the row, rather than trusting the instance, counts what was really stored,
even when the instance was loaded long before or with deferred fields.

A save or delete of a row that a counted row depends on (a progress report of a project) counts
the change of the counted row it points to, the same way.

A delete reads every row it touches once, before anything is deleted (Django signals every
``pre_delete`` of a delete and its cascade first), and counts each row's change as the delete
goes, keyed by the delete's origin: deleting a project with its reports, or several reports of
one project, counts the project once, whatever the order the rows go in.
"""

from __future__ import annotations

import threading

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

_CONNECTED: set[type] = set()
_CONNECTED_DEPENDENTS: set[type] = set()
_BEFORE = "_kept_count_rows_before"
_POINTED = "_kept_count_pointed"
_deletes = threading.local()


def connect(model) -> None:
    if model not in _CONNECTED:
        _CONNECTED.add(model)
        _connect(model, "", (_before_save, _after_save, _before_delete, _after_delete))


def connect_dependent(model) -> None:
    if model not in _CONNECTED_DEPENDENTS:
        _CONNECTED_DEPENDENTS.add(model)
        handlers = (_before_dependent_save, _after_dependent_save, _before_dependent_delete, _after_dependent_delete)
        _connect(model, "dependent-", handlers)


def _connect(model, kind: str, handlers) -> None:
    uid = f"kept-counts-{kind}{model._meta.label_lower}"
    signals = {"pre-save": pre_save, "post-save": post_save, "pre-delete": pre_delete, "post-delete": post_delete}
    for (name, signal), handler in zip(signals.items(), handlers, strict=True):
        signal.connect(handler, sender=model, dispatch_uid=f"{uid}-{name}", weak=False)


# Saves of counted rows.


def _saved_counters(model) -> list:
    """The counters of ``model`` that a save of its rows can change: those naming its fields (a
    row counted once per area where other rows point to it changes with those rows)."""
    from .registry import counters_for

    return [counter for counter in counters_for(model) if counter.fields]


def _before_save(sender, instance, using=None, raw=False, **kwargs):
    from .services import read_rows

    counters = _saved_counters(sender)
    if raw or instance.pk is None or not counters:
        setattr(instance, _BEFORE, {})
        return
    setattr(instance, _BEFORE, read_rows(sender, [instance.pk], using=using, lock=True, counters=counters))


def _after_save(sender, instance, using=None, raw=False, **kwargs):
    from .services import count_change, read_rows

    counters = _saved_counters(sender)
    if raw or not counters:
        return
    before = getattr(instance, _BEFORE, {})
    after = read_rows(sender, [instance.pk], using=using, counters=counters)
    count_change(sender, before, after, using=using, counters=counters)
    _forget(instance, _BEFORE)


# Saves of rows that counted rows depend on.


def _pointed(instance, *, using, stored: bool) -> dict:
    """The counted rows ``instance`` points to: by its fields, and (``stored``) by its stored row."""
    from .registry import dependents_of
    from .services import pointed_to

    pointed = pointed_to(type(instance), [instance.pk], using=using) if stored and instance.pk is not None else {}
    for counted, field in dependents_of(type(instance)):
        value = getattr(instance, field, None)
        if value is not None:
            pointed.setdefault(counted, set()).add(value)
    return pointed


def _before_dependent_save(sender, instance, using=None, raw=False, **kwargs):
    from .services import read_rows

    if raw:
        return
    pointed = _pointed(instance, using=using, stored=True)
    setattr(instance, _POINTED, pointed)
    setattr(instance, _BEFORE, {model: read_rows(model, pks, using=using, lock=True) for model, pks in pointed.items()})


def _after_dependent_save(sender, instance, using=None, raw=False, **kwargs):
    from .services import count_change, read_rows

    if raw:
        return
    pointed = getattr(instance, _POINTED, None)
    if pointed is None:
        return
    before = getattr(instance, _BEFORE, {})
    for model, pks in pointed.items():
        count_change(model, before.get(model, {}), read_rows(model, pks, using=using), using=using)
    _forget(instance, _BEFORE)
    _forget(instance, _POINTED)


# Deletes, of counted rows and of rows they depend on.


def _before_delete(sender, instance, using=None, origin=None, **kwargs):
    _begin(origin, sender, [instance.pk], using)


def _after_delete(sender, instance, using=None, origin=None, **kwargs):
    _end(origin, sender, [instance.pk], using)


def _before_dependent_delete(sender, instance, using=None, origin=None, **kwargs):
    pointed = _pointed(instance, using=using, stored=False)
    setattr(instance, _POINTED, pointed)
    for model, pks in pointed.items():
        _begin(origin, model, pks, using)


def _after_dependent_delete(sender, instance, using=None, origin=None, **kwargs):
    for model, pks in getattr(instance, _POINTED, {}).items():
        _end(origin, model, pks, using)
    _forget(instance, _POINTED)


def _pending(origin) -> dict:
    """The rows a delete started by ``origin`` touches: ``{(model, pk): [row before, users]}``.
    The origin is held with them, so its id cannot stand for another object meanwhile."""
    by_origin = _deletes.__dict__.setdefault("by_origin", {})
    return by_origin.setdefault(id(origin), {"origin": origin, "rows": {}})["rows"]


def _begin(origin, model, pks, using) -> None:
    from .services import read_rows

    rows = _pending(origin)
    unread = [pk for pk in pks if (model, pk) not in rows]
    before = read_rows(model, unread, using=using, lock=True)
    for pk in pks:
        entry = rows.setdefault((model, pk), [before.get(pk), 0])
        entry[1] += 1


def _end(origin, model, pks, using) -> None:
    from .services import count_change, read_rows

    rows = _pending(origin)
    after = read_rows(model, pks, using=using)
    before = {pk: rows[(model, pk)][0] for pk in pks if rows.get((model, pk), [None])[0] is not None}
    count_change(model, before, after, using=using)
    for pk in pks:
        entry = rows.get((model, pk))
        if entry is None:
            continue
        entry[0] = after.get(pk)
        entry[1] -= 1
        if entry[1] <= 0:
            del rows[(model, pk)]
    if not rows:
        _deletes.by_origin.pop(id(origin), None)


def _forget(instance, name) -> None:
    if hasattr(instance, name):
        delattr(instance, name)
