"""Saves and deletes of counted models change the kept counts in their own transaction.

Before the write, the row's counted fields are read from the database (locked where the database
can); after it, they are read again, and the difference of what the two contribute is added to
the counts. Reading the row, rather than trusting the instance, counts what was really stored,
even when the instance was loaded long before or with deferred fields.

A save or delete of a row that a counted row depends on (a progress report of a project) counts
the change of the counted row it points to, the same way.

Links of a many-to-many field that a counter names (``many_to_many``) added, removed or cleared,
from either side, count the change of the counted rows linked, read before and after the same way
(``m2m_changed``: ``.set()`` and ``.add()`` write their links in bulk, with no save signal).

A delete reads every row it touches once, before anything is deleted (Django signals every
``pre_delete`` of a delete and its cascade first; a queryset's delete reads its rows at once),
and counts the change when its last row has gone, keyed by the delete's origin: deleting a
project with its reports, or several reports of one project, counts the project once, and ten
thousand rows cost a few reads and one write of the counts, not ten thousand.
"""

from __future__ import annotations

import threading

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

_CONNECTED: set[type] = set()
_CONNECTED_DEPENDENTS: set[type] = set()
_BEFORE = "_kept_count_rows_before"
# A model may be both counted and depended on (a service record): each side keeps its own.
_POINTED_BEFORE = "_kept_count_pointed_before"
_POINTED = "_kept_count_pointed"
_LINKED_BEFORE = "_kept_count_linked_before"
_CONNECTED_LINKS: set[tuple[type, str]] = set()
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


def connect_many_to_many(model, name: str) -> None:
    if (model, name) in _CONNECTED_LINKS:
        return
    _CONNECTED_LINKS.add((model, name))
    field = model._meta.get_field(name)

    def changed(sender, instance, action, reverse, pk_set, using=None, **kwargs):
        _links_changed(model, field, sender, instance, action, reverse, pk_set, using)

    uid = f"kept-counts-links-{model._meta.label_lower}-{name}"
    m2m_changed.connect(changed, sender=field.remote_field.through, dispatch_uid=uid, weak=False)


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

    model = type(instance)
    links = dependents_of(model)
    # A reverse relation (an organization's members) is read from the database, before a delete too.
    reverse = any(not _is_own_field(model, field) for _counted, field in links)
    pointed = pointed_to(model, [instance.pk], using=using) if (stored or reverse) and instance.pk is not None else {}
    for counted, field in links:
        value = getattr(instance, field, None) if _is_own_field(model, field) else _follow(instance, field)
        if value is not None:
            pointed.setdefault(counted, set()).add(value)
    return pointed


def _follow(instance, path: str):
    """The value at the end of a path of the instance's own relations (``"member__organization_id"``:
    a new row's member's organization), or None (a reverse relation, or a relation not set)."""
    *relations, name = path.split("__")
    if not relations:  # a reverse relation: read from the database
        return None
    target = instance
    for relation in relations:
        field = next((f for f in type(target)._meta.concrete_fields if f.name == relation and f.is_relation), None)
        if field is None or getattr(target, field.attname, None) is None:
            return None
        target = getattr(target, relation)
    return getattr(target, name, None)


def _is_own_field(model, name: str) -> bool:
    """Whether ``name`` is a column of ``model``'s own rows (``"project_id"``), not a relation path."""
    return any(name in (field.name, field.attname) for field in model._meta.concrete_fields)


def _before_dependent_save(sender, instance, using=None, raw=False, **kwargs):
    from .services import read_rows

    if raw:
        return
    pointed = _pointed(instance, using=using, stored=True)
    setattr(instance, _POINTED, pointed)
    setattr(
        instance,
        _POINTED_BEFORE,
        {model: read_rows(model, pks, using=using, lock=True) for model, pks in pointed.items()},
    )


def _after_dependent_save(sender, instance, using=None, raw=False, **kwargs):
    from .services import count_change, read_rows

    if raw:
        return
    pointed = getattr(instance, _POINTED, None)
    if pointed is None:
        return
    before = getattr(instance, _POINTED_BEFORE, {})
    for model, pks in pointed.items():
        count_change(model, before.get(model, {}), read_rows(model, pks, using=using), using=using)
    _forget(instance, _POINTED_BEFORE)
    _forget(instance, _POINTED)


# Links of a many-to-many field.


def _links_changed(model, field, through, instance, action, reverse, pk_set, using) -> None:
    """Before links change, read the counted rows they touch (locked); after, count their change.
    From the counted side (a station's ``functions.set()``) that is the instance; from the other
    (a function's ``stations.add()``) the rows named, or for a clear, every row linked to it."""
    from .registry import counters_for
    from .services import count_change, read_rows

    counters = [counter for counter in counters_for(model) if field.name in counter.many_to_many]
    if not counters:
        return
    if action.startswith("pre_"):
        if not reverse:
            pks = [instance.pk]
        elif pk_set is not None:
            pks = list(pk_set)
        else:
            links = through._base_manager.db_manager(using).filter(**{field.m2m_reverse_field_name(): instance.pk})
            pks = list(links.values_list(f"{field.m2m_field_name()}_id", flat=True))
        before = read_rows(model, pks, using=using, lock=True, counters=counters)
        setattr(instance, _LINKED_BEFORE, (pks, before))
    elif action.startswith("post_"):
        pending = getattr(instance, _LINKED_BEFORE, None)
        if pending is None:
            return
        pks, before = pending
        after = read_rows(model, pks, using=using, counters=counters)
        count_change(model, before, after, using=using, counters=counters)
        _forget(instance, _LINKED_BEFORE)


# Deletes, of counted rows and of rows they depend on.


def _before_delete(sender, instance, using=None, origin=None, **kwargs):
    _begin(origin, sender, [instance.pk], using)


def _after_delete(sender, instance, using=None, origin=None, **kwargs):
    _end(origin, sender, [instance.pk], using)


def _before_dependent_delete(sender, instance, using=None, origin=None, **kwargs):
    pointed = _pointed(instance, using=using, stored=False)
    setattr(instance, _POINTED, pointed)
    delete = _delete(origin)
    for model, pks in pointed.items():
        delete.read(model, pks, using)
    delete.waiting += 1


def _after_dependent_delete(sender, instance, using=None, origin=None, **kwargs):
    _forget(instance, _POINTED)
    _end(origin, sender, [], using)


class _Delete:
    """What one delete (started by ``origin``, with its cascade) touches: every counted row's
    values before it (read once, for a whole queryset at a time where the delete started from
    one), and how many of the delete's rows are still to go. When the last has gone, the rows
    are read again, all at once, and the difference counted in one write."""

    def __init__(self, origin):
        self.origin = origin  # held, so its id cannot stand for another object meanwhile
        self.before: dict = {}  # {model: {pk: row values, or None}}
        self.waiting = 0

    def read(self, model, pks, using) -> None:
        from .registry import dependents_of
        from .services import pointed_to, read_rows

        known = self.before.setdefault(model, {})
        unread = [pk for pk in pks if pk not in known]
        if not unread:
            return
        origin = self.origin
        if isinstance(origin, QuerySet) and not known:
            # A queryset's delete: read every row it will touch now, not one by one.
            if origin.model is model:
                unread = list({*unread, *origin.order_by().values_list("pk", flat=True)})
            elif any(counted is model for counted, _field in dependents_of(origin.model)):
                ids = list(origin.order_by().values_list("pk", flat=True))
                unread = list({*unread, *pointed_to(origin.model, ids, using=using).get(model, ())})
        rows = read_rows(model, unread, using=using, lock=True)
        for pk in unread:
            known[pk] = rows.get(pk)

    def count(self, using) -> None:
        from .services import count_change, read_rows

        for model, before in self.before.items():
            after = read_rows(model, list(before), using=using)
            count_change(model, {pk: row for pk, row in before.items() if row is not None}, after, using=using)


def _delete(origin) -> _Delete:
    by_origin = _deletes.__dict__.setdefault("by_origin", {})
    delete = by_origin.get(id(origin))
    if delete is None:
        delete = by_origin[id(origin)] = _Delete(origin)
    return delete


def _begin(origin, model, pks, using) -> None:
    delete = _delete(origin)
    delete.read(model, pks, using)
    delete.waiting += 1


def _end(origin, model, pks, using) -> None:
    delete = _delete(origin)
    delete.waiting -= 1
    if delete.waiting <= 0:
        _deletes.by_origin.pop(id(origin), None)
        delete.count(using)


def _forget(instance, name) -> None:
    if hasattr(instance, name):
        delattr(instance, name)
