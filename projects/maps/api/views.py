"""The maps' API: an area's map as GeoJSON (``GET /api/geo/<code>/``) and the ten-minute circles'
figures (``GET /api/stats/maps/``)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from jilin_grid import areas
from jilin_grid.api.exceptions import NOT_FOUND, bilingual
from jilin_grid.api.params import AREA_PARAMETER, requested_area
from jilin_grid.figures import BAD_PERIOD, PERIOD_PATTERN, figure_keys, parse_period
from jilin_grid.scope import get_scope

from ..figures import DEFAULT_FIGURE, FIGURES, map_figure, map_figures
from ..selectors import coverage, geo_collection
from . import serializers

UNKNOWN_FIGURE = bilingual("没有这项指标。", "No such figure.")


class GeoView(APIView):
    """An area's map: its children's shapes coloured by a figure, and the points on it."""

    @extend_schema(
        operation_id="geo_area",
        summary="The map of an area as GeoJSON",
        description=(
            "A GeoJSON FeatureCollection of the area's direct children (a grid: itself), each with its "
            "shape (longitude, latitude; `illustrative` when drawn for the demo, not a survey boundary) "
            "and the value of the figure asked for; `points` holds the red stations, the community "
            "service centres (one-stop desks), the open venues, the family stations, the checkpoints and "
            "the compounds outside the ten-minute circle (十分钟服务圈) as Point features with their `kind`. "
            "Authenticate with `Authorization: Token <key>`."
        ),
        parameters=[
            OpenApiParameter(
                "code",
                {"type": "string", "pattern": r"^\d{4}(\d{2}(\d{3}(\d{3}(\d{3})?)?)?)?$"},
                OpenApiParameter.PATH,
                description="Code of the city (2202), a district, street, community or grid.",
            ),
            OpenApiParameter(
                "figure",
                {"type": "string", "enum": [*sorted(FIGURES), *figure_keys()]},
                OpenApiParameter.QUERY,
                required=False,
                description=(
                    f"The figure the areas are coloured by: {', '.join(sorted(FIGURES))} (the ten-minute "
                    "circles), or any figure of the cockpit, `family.figure` (`problems.overdue`; "
                    f"`figures` in the answer lists them). Default: {DEFAULT_FIGURE}."
                ),
            ),
            OpenApiParameter(
                "period",
                {"type": "string", "pattern": PERIOD_PATTERN},
                OpenApiParameter.QUERY,
                required=False,
                description="The period of a cockpit's figure: 2020-06, 2020-Q2 or 2020. Default: the current month.",
            ),
        ],
        responses={
            200: serializers.GeoCollectionSerializer,
            400: OpenApiResponse(description="No such figure."),
            401: OpenApiResponse(description="Not authenticated."),
            404: OpenApiResponse(description="No such area, or outside the caller's area."),
        },
        tags=["maps"],
    )
    def get(self, request, code: str):
        figure = map_figure(request.query_params.get("figure"))
        if figure is None:
            raise exceptions.ValidationError({"figure": [UNKNOWN_FIGURE]})
        period = None
        if "period" in request.query_params:
            try:
                period = parse_period(request.query_params["period"])
            except ValueError as exc:
                raise exceptions.ValidationError({"period": [BAD_PERIOD]}) from exc
        try:
            area = areas.area_get_visible(code, get_scope(request.user))
        except areas.AreaNotFound as exc:
            raise exceptions.NotFound(NOT_FOUND) from exc
        return Response(
            {**geo_collection(area, figure, period), "figures": [entry.as_dict() for entry in map_figures()]}
        )


class MapStatsView(APIView):
    """The ten-minute circles' figures of one area and of its direct children."""

    @extend_schema(
        operation_id="stats_maps",
        summary="Ten-minute circle figures of an area",
        description=(
            "The ten-minute circles (十分钟社区治理圈 / 十分钟便民服务圈) of one area: its residential "
            "compounds, those located, those with a service point (red station, community service centre "
            "with its one-stop desk, open venue, family station) within the ten-minute walk, those outside, "
            "and the share covered; with the same figures for each direct child area. "
            "Authenticate with `Authorization: Token <key>`."
        ),
        parameters=[AREA_PARAMETER],
        responses={
            200: serializers.CoverageSerializer,
            400: OpenApiResponse(description="Malformed area code."),
            401: OpenApiResponse(description="Not authenticated."),
            404: OpenApiResponse(description="No such area, or outside the caller's area."),
        },
        tags=["stats"],
    )
    def get(self, request):
        return Response(coverage(requested_area(request)))
