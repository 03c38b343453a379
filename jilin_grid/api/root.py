"""The API's front door: ``/api/`` lists every endpoint, and the schema and its docs are read by
signed-in callers (or by anyone, with ``API_SCHEMA_PUBLIC``)."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, get_resolver, reverse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import permissions
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView


class SchemaPermission(permissions.BasePermission):
    """The schema and docs: for signed-in callers, unless ``API_SCHEMA_PUBLIC`` opens them."""

    def has_permission(self, request, view) -> bool:
        return settings.API_SCHEMA_PUBLIC or bool(request.user and request.user.is_authenticated)


class SchemaView(SpectacularAPIView):
    permission_classes = [SchemaPermission]


class DocsView(SpectacularSwaggerView):
    permission_classes = [SchemaPermission]


def api_endpoints() -> dict[str, str]:
    """Every endpoint of the API without parameters, by its URL name: the lists, the statistics,
    the import, the schema and the docs."""
    endpoints = {}
    for name in get_resolver().reverse_dict:
        if not isinstance(name, str):
            continue
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue  # needs an id: a detail or an action, reached from its list
        if path.startswith("/api/") and path != "/api/":
            endpoints[name] = path
    return dict(sorted(endpoints.items(), key=lambda item: item[1]))


class ApiRootView(APIView):
    """Every endpoint of the API, by name, with its address (authenticate with ``Authorization:
    Token <key>``; every list answers only the caller's area)."""

    @extend_schema(responses={200: {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}}})
    def get(self, request):
        return Response({name: request.build_absolute_uri(path) for name, path in api_endpoints().items()})


class FileRenderer(BaseRenderer):
    """Lets a download answer whatever the client accepts; the view hands back the file itself."""

    media_type = "*/*"
    format = "download"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict):  # an error (404): answered in JSON, as everywhere in the API
            response = (renderer_context or {}).get("response")
            if response is not None:
                response["Content-Type"] = "application/json"
            return JSONRenderer().render(data)
        return data
