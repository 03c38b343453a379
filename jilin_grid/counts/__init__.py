"""Kept counts: the figures of every area, kept up to date as the rows change.

Every statistic of the portal adds up rows under an area. Instead of grouping every row at
request time, each counted model registers a ``Counter`` (``jilin_grid.counts.registry``) that
says what one of its rows contributes: ``(area code, month or None, figure, amount)``. Each
contribution is kept in ``KeptCount`` for the area and every area above it, for its month and
for all time, so an area's figures (and its children's) are read from a few dozen small rows
whatever the size of the city.

The counts change in the transaction of the write that changes them: ``save()`` and
``delete()`` of a counted model (through signals), and the bulk and conditional updates of
``jilin_grid.audit.services.audited_update``. Rows written with ``bulk_create`` (the demo city)
are counted once afterwards by ``recount()``, which the nightly task and ``manage.py
recount_counts`` also run to find, repair and record any drift.

Figures that cannot be added up (distinct members, figures that depend on today's date) are not
kept: their selectors compute them from the rows and say so.
"""
