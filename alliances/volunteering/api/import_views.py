"""API endpoint importing in-service party members from an Excel workbook (双报到 in bulk).

``POST /api/in-service-members/import/`` with a multipart ``file``: 201 with the counts when every
row was good, 400 with every bad row (or why the whole file was refused) when nothing was written,
403 for read-only roles. The rows are checked and written by ``alliances.volunteering.imports.members_import``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from jilin_grid.api.exceptions import bilingual

from ..imports import members_import


class ImportCountsSerializer(serializers.Serializer):
    rows = serializers.IntegerField(help_text="Member rows read from the sheet.")
    reported = serializers.IntegerField(help_text="Reports submitted, awaiting the communities' confirmation.")
    new_members = serializers.IntegerField(help_text="Members added (their phone number was not on record).")
    existing_members = serializers.IntegerField(help_text="Members already on record who reported again.")
    communities = serializers.IntegerField(help_text="Communities reported to.")


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row's number as Excel shows it (the header is usually row 1).")
    errors = serializers.ListField(child=serializers.CharField(), help_text="What is wrong with the row.")


class ImportRefusedSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why nothing was imported.")
    rows = RowErrorSerializer(many=True, required=False, help_text="Every bad row, when rows were wrong.")
    missing_columns = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Required columns the header row lacks."
    )
    unknown_columns = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Headers that are not columns of the template."
    )


NO_FILE = bilingual("请以 file 字段上传 Excel 工作簿（.xlsx）。", "Upload an Excel workbook (.xlsx) as the field file.")


class MemberImportView(APIView):
    """Import in-service party members from an Excel workbook: every row good, or nothing written."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="in_service_members_import",
        summary="Import in-service party members from an Excel workbook",
        description=(
            "Reports in-service party members (在职党员) to the communities they live in (双报到), one "
            "member per row of the workbook's first sheet. The header row holds the columns 姓名 (name), "
            "手机号 (phone), 性别 (gender, optional), 工作单位 (unit_name, optional), 所在党组织 "
            "(organization: the name of the work unit's party organization within the caller's reach), "
            "居住社区代码 (community: the 12-digit code, or a name unique in the caller's area), 特长 "
            "(skills, optional), 服务时间 (availability, optional), 报到日期 (reported_on, optional; "
            "today when empty) — in Chinese or under the English names. Every row is checked; when one "
            "is bad nothing is written and the answer lists every bad row by its number in Excel with "
            "the reasons. Otherwise every member is reported in one transaction and the reports await "
            "the communities' confirmation. The caller needs a writing role over each community. Files "
            "over `MEMBER_IMPORT_MAX_BYTES` (5 MB) or with more than `MEMBER_IMPORT_MAX_ROWS` (2,000) "
            "member rows are refused. The page `/volunteering/import/?template=xlsx` gives a template."
        ),
        request={
            "multipart/form-data": inline_serializer(
                "MemberImportRequest", fields={"file": serializers.FileField(help_text="The .xlsx workbook.")}
            )
        },
        responses={
            201: ImportCountsSerializer,
            400: OpenApiResponse(
                ImportRefusedSerializer,
                description="Nothing was written: the bad rows, or why the file was refused.",
                examples=[
                    OpenApiExample(
                        "Bad rows",
                        value={
                            "detail": "没有导入任何数据：10 行中有 2 行需要更正。",
                            "rows": [
                                {"row": 3, "errors": ["姓名为必填项。"]},
                                {"row": 7, "errors": ["您的管辖范围内没有代码为 220211009001 的社区。"]},
                            ],
                        },
                    ),
                    OpenApiExample(
                        "Wrong columns",
                        value={
                            "detail": "表头与模板不符。缺少列：所在党组织。未知列：电话号。",
                            "missing_columns": ["所在党组织"],
                            "unknown_columns": ["电话号"],
                        },
                    ),
                ],
            ),
            401: OpenApiResponse(description="Not authenticated."),
            403: OpenApiResponse(description="The caller's role may only read."),
        },
    )
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"detail": NO_FILE}, status=status.HTTP_400_BAD_REQUEST)
        result = members_import(file=upload, actor=request.user)
        if result.ok:
            return Response(ImportCountsSerializer(result.counts()).data, status=status.HTTP_201_CREATED)
        if result.error:
            body: dict = {"detail": result.error}
            if result.missing_columns or result.unknown_columns:
                body.update({"missing_columns": result.missing_columns, "unknown_columns": result.unknown_columns})
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        detail = _("Nothing was imported: %(bad)s of %(rows)s rows need correcting.") % {
            "bad": len(result.row_errors),
            "rows": result.rows,
        }
        rows = [{"row": bad.row, "errors": bad.errors} for bad in result.row_errors]
        return Response({"detail": detail, "rows": rows}, status=status.HTTP_400_BAD_REQUEST)
