"""Saves and deletes of counted models change the kept counts in their own transaction.

Before the write, the row's counted fields are read from the database (locked where the database
can); after it, they are read again, and the difference of what the two contribute is added to
the counts. Reading the row, rather than trusting the instance, counts what was really stored,
even when the instance was loaded long before or with deferred fields.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

_CONNECTED: set[type] = set()
_BEFORE = "_kept_count_rows_before"


def connect(model) -> None:
    if model in _CONNECTED:
        return
    _CONNECTED.add(model)
    uid = f"kept-counts-{model._meta.label_lower}"
    pre_save.connect(_before_write, sender=model, dispatch_uid=f"{uid}-pre-save", weak=False)
    post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}-post-save", weak=False)
    pre_delete.connect(_before_write, sender=model, dispatch_uid=f"{uid}-pre-delete", weak=False)
    post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}-post-delete", weak=False)


def _before_write(sender, instance, using=None, raw=False, **kwargs):
    from .services import read_rows

    if raw or instance.pk is None:
        setattr(instance, _BEFORE, {})
        return
    setattr(instance, _BEFORE, read_rows(sender, [instance.pk], using=using, lock=True))


def _after_save(sender, instance, using=None, raw=False, **kwargs):
    from .services import count_change, read_rows

    if raw:
        return
    before = getattr(instance, _BEFORE, {})
    after = read_rows(sender, [instance.pk], using=using)
    count_change(sender, before, after, using=using)
    _forget(instance)


def _after_delete(sender, instance, using=None, **kwargs):
    from .services import count_change

    before = getattr(instance, _BEFORE, {})
    count_change(sender, before, {}, using=using)
    _forget(instance)


def _forget(instance) -> None:
    if hasattr(instance, _BEFORE):
        delattr(instance, _BEFORE)
