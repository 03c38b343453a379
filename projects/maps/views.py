"""The area map (地图): the figure chooser, the choropleth of the area's children with its legend, the
points with a toggle per kind (the drawing is the include ``projects/maps/_map.html`` and the module
``static/js/area_map.js``, which the cockpit embeds too), the children's ten-minute circles and the
compounds outside them."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from jilin_grid.views import AreaPageMixin, CommunityUpMixin

from .figures import DEFAULT_FIGURE, map_figure
from .selectors import OUTSIDE_LIMIT, compounds_outside, coverage

# The compounds outside the circle listed below the map; the map draws up to ``OUTSIDE_LIMIT``.
LISTED_OUTSIDE = 50


def map_url(code: str, figure: str = "") -> str:
    url = reverse("projects:map_area", args=[code])
    return f"{url}?figure={figure}" if figure and figure != DEFAULT_FIGURE else url


class MapView(CommunityUpMixin, AreaPageMixin, TemplateView):
    """An area's map and its ten-minute circles: the user's own area at ``/maps/``; another area
    outside theirs answers 404."""

    template_name = "projects/maps/map.html"
    denied_message = _("The maps are for communities and the areas above them; your role works in a grid.")

    def get(self, request, *args, **kwargs):
        if not kwargs.get("code"):
            return redirect(map_url(self.scope.home_code(settings.CITY_CODE)))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = self.get_area()
        figure = self.request.GET.get("figure", DEFAULT_FIGURE)
        if map_figure(figure) is None:
            figure = DEFAULT_FIGURE
        figures = coverage(area)
        outside = compounds_outside(area.code, limit=LISTED_OUTSIDE + 1)
        context.update(
            {
                "title": _("Map of %(area)s") % {"area": area.name},
                "area": area,
                "figure": figure,
                "figures": figures,
                "children": figures["children"],
                "outside": outside[:LISTED_OUTSIDE],
                "outside_more": len(outside) > LISTED_OUTSIDE,
                "listed_outside": LISTED_OUTSIDE,
                "drawn_limit": OUTSIDE_LIMIT,
                "breadcrumbs": [
                    {"code": code, "name": name, "url": map_url(code, figure)} for code, name in area.ancestors
                ],
                "child_level_label": self.child_level_label(area),
            }
        )
        return context
