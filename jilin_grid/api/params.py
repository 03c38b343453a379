"""The query parameters and answers the statistics and step endpoints of every app share.

``requested_area(request)``: the area of ``?area=`` (default: the caller's own); a malformed code
answers 400, an unknown area or one outside the caller's scope 404. ``requested_period(request)``:
the days of ``?from=`` and ``?to=``. Their OpenAPI parameters go beside them.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions

from .. import areas
from ..scope import get_scope
from ..validators import area_code_validator
from .exceptions import NOT_FOUND, bilingual

MALFORMED_AREA = bilingual(
    "区域代码应为4位（市）、6位（区县）、9位（街道）、12位（社区）或15位（网格）数字。",
    "An area code has 4 (city), 6 (district), 9 (street), 12 (community) or 15 (grid) digits.",
)


# The ``area`` parameter of every statistics endpoint.
AREA_PARAMETER = OpenApiParameter(
    "area",
    {"type": "string", "pattern": r"^(\d{4}(\d{2}(\d{3}(\d{3}(\d{3})?)?)?)?)?$"},
    OpenApiParameter.QUERY,
    required=False,
    description=(
        "Code of the city (2202), a district (6 digits), street (9), community (12) or "
        "grid (15). Default: the caller's own area."
    ),
)


def requested_area(request) -> areas.Area:
    """The area named by ``?area=`` (default: the caller's own).

    A malformed code answers 400; an unknown area, or one outside the caller's scope, 404.
    """
    code = request.query_params.get("area", "") or None  # as sent: " 2202" is not a code
    if code is not None:
        try:
            area_code_validator(code)
        except DjangoValidationError as exc:
            raise exceptions.ValidationError({"area": [MALFORMED_AREA]}) from exc
    try:
        return areas.area_get_visible(code, get_scope(request.user))
    except areas.AreaNotFound as exc:
        raise exceptions.NotFound(NOT_FOUND) from exc


BAD_DATE = bilingual("日期格式应为 YYYY-MM-DD，如 2020-06-30。", "A date is written YYYY-MM-DD, like 2020-06-30.")
DATE_FORMAT = re.compile(r"\d{4}-\d{2}-\d{2}")
BAD_RANGE = bilingual("开始日期不能晚于结束日期。", "The start date is after the end date.")


def _parse_date(request, name: str) -> date | None:
    text = request.query_params.get(name, "")  # as sent: a blank of spaces or tabs is not a day
    if not text:
        return None
    if not DATE_FORMAT.fullmatch(text):
        raise exceptions.ValidationError({name: [BAD_DATE]})
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise exceptions.ValidationError({name: [BAD_DATE]}) from exc


def requested_period(request) -> tuple[date | None, date | None]:
    """The days named by ``?from=`` and ``?to=`` (both included; either may be left out).

    A date not written YYYY-MM-DD, or not a real day, answers 400 under its parameter; a start
    after the end answers 400 under ``from``. Every statistics endpoint with a period uses it.
    """
    start = _parse_date(request, "from")
    end = _parse_date(request, "to")
    if start and end and start > end:
        raise exceptions.ValidationError({"from": [BAD_RANGE]})
    return start, end


# The period of the statistics that have one.

PERIOD_PARAMETERS = [
    OpenApiParameter(
        "from",
        OpenApiTypes.DATE,
        OpenApiParameter.QUERY,
        required=False,
        description="First day counted (YYYY-MM-DD). Default: no lower bound.",
    ),
    OpenApiParameter(
        "to",
        OpenApiTypes.DATE,
        OpenApiParameter.QUERY,
        required=False,
        description="Last day counted (YYYY-MM-DD). Default: no upper bound.",
    ),
]


# The year of the statistics that count by year.

YEAR_PARAMETER = OpenApiParameter(
    "year",
    {"type": "integer", "minimum": 1000, "maximum": 9999},
    OpenApiParameter.QUERY,
    required=False,
    description="Four digits. Default: this year.",
)

BAD_YEAR = bilingual("年份应为四位数字，如 2020。", "A year is written with four digits, like 2020.")


def requested_year(request, default: int) -> int:
    """The ``year`` a request asks for (``default`` when it names none); 400 unless four digits,
    as sent: "year=" with nothing is not a year."""
    text = request.query_params.get("year")
    if text is None:
        return default
    if text.isascii() and text.isdigit() and len(text) == 4:
        return int(text)
    raise exceptions.ValidationError({"year": [BAD_YEAR]})


# The pages of an answer whose rows are not a queryset (``pagination.requested_page``).

PAGE_PARAMETERS = [
    OpenApiParameter(
        "page",
        OpenApiTypes.INT,
        OpenApiParameter.QUERY,
        required=False,
        description="The page (from 1, or `last`). Default: 1.",
    ),
    OpenApiParameter(
        "page_size",
        OpenApiTypes.INT,
        OpenApiParameter.QUERY,
        required=False,
        description="Rows per page. Default: 50; at most 500.",
    ),
]


# The answers of an endpoint that takes a step through a service.

ACTION_RESPONSES = {
    400: OpenApiResponse(description="The step is not allowed now; the answer says why."),
    403: OpenApiResponse(description="The caller's role may not write in this area."),
    404: OpenApiResponse(description="No such object, or outside the caller's area."),
}

SERVICE_RESPONSES = {
    **ACTION_RESPONSES,
    400: OpenApiResponse(description="Refused: the answer says why (post full, not reported here, already verified)."),
}
