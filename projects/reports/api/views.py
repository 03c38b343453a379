"""API endpoints of the dispatch reports: read them, and request one (202 with the row).

Every queryset is limited to the caller's area (an object outside it answers 404).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from jilin_grid import areas
from jilin_grid.api.exceptions import NOT_FOUND, bilingual
from jilin_grid.api.params import MALFORMED_AREA
from jilin_grid.api.root import FileRenderer
from jilin_grid.api.serializers import run_service
from jilin_grid.api.viewsets import ScopedReadOnlyViewSet
from jilin_grid.scope import get_scope
from jilin_grid.validators import area_code_validator
from jilin_grid.views import protected_file_response
from projects.projects import permissions

from .. import services
from ..choices import ReportJobStatus
from ..filtersets import ReportFilterSet
from ..models import REPORT_CONTENT_TYPES, ReportJob
from ..periods import parse_period
from ..views import html_download_response
from . import serializers

MAY_NOT_REQUEST = bilingual(
    "只有市、区委组织部和街道工作人员可以申请本区域的通报。",
    "Only the city and district organization departments and street staff of this area may request its reports.",
)


class ReportViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Monthly dispatch reports and quarterly circulars of the areas the caller sees, with links
    to their outputs. ``POST`` asks for one (it is produced by the worker): 202 with the row."""

    queryset = ReportJob.objects.all()
    serializer_class = serializers.ReportSerializer
    filterset_class = ReportFilterSet
    ordering_fields = ["period", "kind", "area_code", "requested_at", "id"]
    ordering = ["-period", "kind", "area_code"]

    @extend_schema(
        request=serializers.ReportRequestSerializer,
        responses={
            202: OpenApiResponse(
                serializers.ReportSerializer,
                description=(
                    "The report is recorded and queued (status pending). If the task queue cannot be "
                    "reached, it is recorded all the same with status waiting and a message: it is queued "
                    "automatically once the queue is back."
                ),
            ),
            400: OpenApiResponse(description="Unknown kind, malformed area code or period."),
            403: OpenApiResponse(description="The caller's role may not request reports of this area."),
            404: OpenApiResponse(description="No such area, or outside the caller's area."),
        },
    )
    def create(self, request, *args, **kwargs):
        asked = serializers.ReportRequestSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        kind, period, code = (asked.validated_data[key] for key in ("kind", "period", "area"))
        try:
            area_code_validator(code)
        except DjangoValidationError as exc:
            raise exceptions.ValidationError({"area": [MALFORMED_AREA]}) from exc
        scope = get_scope(request.user)
        try:
            areas.area_get_visible(code, scope)
        except areas.AreaNotFound as exc:
            raise exceptions.NotFound(NOT_FOUND) from exc
        if not permissions.may_request_report(scope, code):
            raise exceptions.PermissionDenied(MAY_NOT_REQUEST)
        try:
            parse_period(kind, period)
        except ValueError as exc:
            raise exceptions.ValidationError({"period": [str(exc)]}) from exc
        report = run_service(services.report_request, kind=kind, period=period, area_code=code, actor=request.user)
        # Queued after commit; if the broker could not be reached, the row says it waits for the queue.
        report.refresh_from_db()
        data = self.get_serializer(report).data
        return Response(data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        # The choice of the URL's pattern, spelled as an enum (derived from the pattern, it would read
        # ``^xlsx|pdf|html$``, which lets "pdfx" through).
        parameters=[OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=["xlsx", "pdf", "html"])],
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "text/html"): OpenApiTypes.STR,
            404: OpenApiResponse(description="No such report in the caller's area, or not produced yet."),
        },
    )
    # JSON first: an error (404) is answered in JSON; the file itself is answered as it is, whatever
    # the client accepts (FileRenderer: no 406 for an Accept of the file's type).
    @action(detail=True, url_path=r"download/(?P<fmt>xlsx|pdf|html)", renderer_classes=[JSONRenderer, FileRenderer])
    def download(self, request, pk=None, fmt=None):
        """The report's Excel workbook, PDF or HTML document, as a file: with the token, as the
        links of ``xlsx_url``, ``pdf_url`` and ``html_download_url`` give it."""
        report = self.get_object()
        if report.status != ReportJobStatus.DONE:
            raise exceptions.NotFound(bilingual("该通报尚未生成。", "This report has not been produced yet."))
        if fmt == "html":
            return html_download_response(report)  # the file the report's page offers
        field = getattr(report, fmt)
        if not field:
            raise exceptions.NotFound(bilingual("该通报没有此文件。", "This report has no such file."))
        return protected_file_response(
            field,
            filename=report.download_filename(fmt),
            content_type=REPORT_CONTENT_TYPES[fmt],
            as_attachment=True,
            record=report,
        )
