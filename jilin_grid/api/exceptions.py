"""Errors as clear, bilingual 4xx answers."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.http import Http404, JsonResponse
from django.views.defaults import page_not_found
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def bilingual(chinese: str, english: str) -> str:
    return f"{chinese} / {english}"


NOT_FOUND = bilingual("未找到，或不在您的管辖范围内。", "Not found, or outside your area.")


def exception_handler(exc, context):
    """DRF's handler, plus Django's validation and protected-delete errors."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, ProtectedError):
        return Response(
            {
                "detail": bilingual(
                    "仍有数据引用此对象，不能删除；请改为停用。",
                    "Other records still refer to this object; retire it instead of deleting it.",
                )
            },
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND)
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, list):
        # A refusal about no one field is an object too, as every 400 of the schema: its messages
        # under ``non_field_errors``.
        exc = exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.detail})
    return drf_exception_handler(exc, context)


def api_not_found(request, exception=None):
    """A 404 under ``/api/`` answers JSON, like every other answer of the API (an address that
    matches no route, such as ``/api/grids/abc/``); other addresses get the portal's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": NOT_FOUND}, status=404, json_dumps_params={"ensure_ascii": False})
    return page_not_found(request, exception)
