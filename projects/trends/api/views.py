"""The trends' API: one figure of an area by month, from the monthly snapshots."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from jilin_grid.api.params import AREA_PARAMETER, requested_area
from jilin_grid.figures import figure_keys

from ..params import TrendRequest
from ..selectors import trend_series
from . import serializers

MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


def _parameters():
    return [
        AREA_PARAMETER,
        OpenApiParameter(
            "figure",
            {"type": "string", "enum": figure_keys()},
            OpenApiParameter.QUERY,
            required=False,
            description="The figure, family.figure (problems.overdue). Default: the first registered.",
        ),
        OpenApiParameter(
            "from",
            {"type": "string", "pattern": MONTH_PATTERN},
            OpenApiParameter.QUERY,
            required=False,
            description="First month (YYYY-MM). Default: eleven months before `to`.",
        ),
        OpenApiParameter(
            "to",
            {"type": "string", "pattern": MONTH_PATTERN},
            OpenApiParameter.QUERY,
            required=False,
            description="Last month (YYYY-MM), at most 120 months after `from`. Default: the current month.",
        ),
        OpenApiParameter(
            "children",
            {"type": "boolean"},
            OpenApiParameter.QUERY,
            required=False,
            description=(
                "Also each direct child's values (a district's streets, a street's communities). Default: false."
            ),
        ),
    ]


class TrendView(APIView):
    """One figure of one area (and of its direct children) by month, as the monthly snapshots kept it."""

    @extend_schema(
        operation_id="trends",
        summary="One figure of an area by month",
        description=(
            "The values of one cockpit figure (`family.figure`, as `/api/cockpit/` names them) for each "
            "month from `from` to `to` (default: the last 12 months), read from the monthly snapshots "
            "kept for the city, districts, streets and communities (a month not kept, or a state not "
            "recorded for a past month, is null). With `children=true`, the same for each direct child. "
            "Authenticate with `Authorization: Token <key>`."
        ),
        parameters=_parameters(),
        responses={
            200: serializers.TrendSerializer,
            400: OpenApiResponse(description="Malformed area code, figure or month, or months reversed or too many."),
            401: OpenApiResponse(description="Not authenticated."),
            404: OpenApiResponse(description="No such area, or outside the caller's area."),
        },
        tags=["stats"],
    )
    def get(self, request):
        asked = TrendRequest.from_query(request.query_params)
        if asked.errors:
            raise exceptions.ValidationError(asked.errors)
        area = requested_area(request)
        return Response(trend_series(area, asked.family, asked.figure, asked.months, children=asked.children))
