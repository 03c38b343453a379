"""``GET /api/cockpit/?area=&period=``: an area's cockpit in one document."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from jilin_grid.api.params import AREA_PARAMETER, requested_area
from jilin_grid.figures import BAD_PERIOD, MONTH, PERIOD_PATTERN, current_period, parse_period

from ..selectors import cockpit
from .serializers import CockpitSerializer

PERIOD_PARAMETER = OpenApiParameter(
    "period",
    {"type": "string", "pattern": PERIOD_PATTERN},
    OpenApiParameter.QUERY,
    required=False,
    description="2020-06 (a month), 2020-Q2 (a quarter) or 2020 (a year). Default: the current month.",
)


def requested_cockpit_period(request):
    text = request.query_params.get("period")
    if text is None:
        return current_period(MONTH)
    try:
        return parse_period(text)
    except ValueError as error:
        raise exceptions.ValidationError({"period": [BAD_PERIOD]}) from error


class CockpitView(APIView):
    """An area's cockpit: every card, every ranking and the composite index."""

    @extend_schema(
        operation_id="cockpit",
        summary="An area's cockpit (驾驶舱)",
        description=(
            "The organization departments' cockpit of one area for one period: a card per family of "
            "figures (the area's own figures, the previous period's, the change and whether it is "
            "better), the direct children ranked on every figure (1 the best), and the composite "
            "index of the children (each indicator normalised between the siblings' least and "
            "greatest, reversed where less is better, weighted), the worst five marked with their "
            "reasons. Authenticate with `Authorization: Token <key>`."
        ),
        parameters=[AREA_PARAMETER, PERIOD_PARAMETER],
        responses={
            200: CockpitSerializer,
            400: OpenApiResponse(description="Malformed area code or period."),
            401: OpenApiResponse(description="Not authenticated."),
            404: OpenApiResponse(description="No such area, or outside the caller's area."),
        },
        tags=["stats"],
    )
    def get(self, request):
        area = requested_area(request)
        period = requested_cockpit_period(request)
        return Response(CockpitSerializer(cockpit(area, period)).data)
