"""The paginator of the portal's lists, pages and API alike.

Django's ``Paginator`` counts the rows (``SELECT COUNT(*)``) before it reads a page, to check the
page number. The first page needs no check, and when it is not full its rows are all there are:
``Paginator`` here reads the first page's rows (and one more) first and, when no more than a page
comes back, takes their number as the count. A small list (the districts of a city, a community's
grids) is then one query instead of two; a longer one is counted as before, when its page links ask.
"""

from __future__ import annotations

from django.core import paginator


class Paginator(paginator.Paginator):
    def page(self, number):
        if str(number) != "1" or "count" in self.__dict__:
            return super().page(number)
        whole = self.per_page + self.orphans  # what one page holds when it is the only one
        rows = list(self.object_list[: whole + 1])
        if len(rows) > whole:
            return self._get_page(rows[: self.per_page], 1, self)
        self.count = len(rows)  # every row there is: the cached property, set without a query
        self.validate_number(1)  # an empty list without an empty first page is refused as before
        return self._get_page(rows, 1, self)
