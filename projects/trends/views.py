"""The trends page: one figure of an area by month, chosen from every registered figure, with its
children's lines beside it (organization departments' menu; every role from the community up)."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from jilin_grid.areas import AreaLevel
from jilin_grid.views import CommunityUpMixin, visible_area_or_404

from .params import TrendRequest
from .selectors import KEPT_LEVELS, figure_choices, latest_kept_month, trend_series


def trends_link(code: str) -> str:
    return reverse("projects:trends_area", args=[code])


UNIT_SUFFIXES = {"%": "%", "h": " h", "d": " d"}


def shown(value, unit: str) -> str | None:
    """A value as the table shows it: one decimal at most, with its unit (None stays None)."""
    if value is None:
        return None
    number = round(value, 1)
    text = f"{int(number)}" if float(number).is_integer() else f"{number}"
    return f"{text}{UNIT_SUFFIXES.get(unit, '')}"


def table_rows(trend: dict) -> list[dict]:
    """The trend as a table, the newest month first: the month, the area's value, each child's."""
    unit = trend["figure"]["unit"]
    return [
        {
            "month": month,
            "value": shown(trend["values"][index], unit),
            "children": [shown(child["values"][index], unit) for child in trend["children"]],
        }
        for index, month in reversed(list(enumerate(trend["months"])))
    ]


class TrendsView(CommunityUpMixin, TemplateView):
    """The trend of one figure of an area over twelve months (or the months chosen)."""

    template_name = "projects/trends/trends.html"

    def get(self, request, *args, **kwargs):
        self.area = visible_area_or_404(self.kwargs["code"], self.scope)
        if self.area.level not in KEPT_LEVELS:
            # Trends are kept from the communities up: a grid's code is answered as an unknown one.
            raise Http404(_("No such area in your scope."))
        query = request.GET
        asked = TrendRequest.from_query(query)
        if asked.family is not None and not query.get("to"):
            # Without a month chosen, the page ends at the last month kept (the demo city's 2020).
            asked = TrendRequest.from_query(query, default_last=latest_kept_month(self.area.code, asked.family.name))
        self.asked = asked
        response = super().get(request, *args, **kwargs)
        if asked.errors:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area, asked, scope = self.area, self.asked, self.scope
        trend = None
        if not asked.errors:
            trend = trend_series(area, asked.family, asked.figure, asked.months, children=asked.children)
            for child in trend["children"]:
                child["url"] = f"{trends_link(child['area']['code'])}?{self.request.GET.urlencode()}"
        context.update(
            {
                "area": area,
                "asked": asked,
                "trend": trend,
                "rows": table_rows(trend) if trend else [],
                "choices": figure_choices(),
                "has_children": area.level != AreaLevel.COMMUNITY,
                "query": self.request.GET.urlencode(),
                "breadcrumbs": [
                    {"name": name, "url": trends_link(code) if scope.covers(code) else None}
                    for code, name in area.ancestors
                ],
            }
        )
        return context
