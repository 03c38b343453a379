"""API endpoint importing in-service party members from an Excel workbook (双报到 in bulk).

``POST /api/in-service-members/import/`` with a multipart ``file``: 201 with the counts when every
row was good, 400 with every bad row (or why the whole file was refused) when nothing was written,
403 for read-only roles. The rows are checked and written by ``alliances.volunteering.imports.members_import``.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse as page_reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from jilin_grid.api.exceptions import bilingual

from ..choices import MemberImportStatus
from ..import_jobs import member_import_start
from ..models import MemberImportJob


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


def job_api_url(request, job: MemberImportJob) -> str:
    return reverse("in-service-member-import-job", args=[job.pk], request=request)


class MemberImportJobSerializer(serializers.ModelSerializer):
    """A large import run by the worker: its status, progress and, once done, its result."""

    url = serializers.SerializerMethodField(help_text="This job, to ask again until it is done or failed.")
    page_url = serializers.SerializerMethodField(help_text="The job's page in the portal.")
    result = serializers.SerializerMethodField(
        help_text="Once done: the counts (rows, reported, new_members, existing_members, communities, skipped) "
        "and row_errors, every bad row with its reasons (then nothing was written)."
    )
    requested_by = serializers.CharField(source="requested_by.username", default="", read_only=True)

    class Meta:
        model = MemberImportJob
        fields = [
            "id", "url", "page_url", "status", "message", "file_name", "area_code", "rows_total", "rows_done",
            "result", "requested_by", "created_at", "started_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return job_api_url(self.context["request"], obj)

    def get_page_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(page_reverse("alliances:member_import_job", args=[obj.pk]))

    def get_result(self, obj) -> dict | None:
        return obj.result if obj.status == MemberImportStatus.DONE else None


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
            "member rows are refused. A sheet of more than `MEMBER_IMPORT_SYNC_MAX_ROWS` (300) member rows is "
            "imported by the worker: the answer is then 202 with the job, which the caller asks again "
            "(`GET /api/in-service-members/import/{id}/`) until it is done or failed; the job's result is "
            "what the answer would have been. The page `/volunteering/import/?template=xlsx` gives a template."
        ),
        request={
            "multipart/form-data": inline_serializer(
                "MemberImportRequest", fields={"file": serializers.FileField(help_text="The .xlsx workbook.")}
            )
        },
        responses={
            201: ImportCountsSerializer,
            202: OpenApiResponse(
                MemberImportJobSerializer,
                description="A sheet of more than `MEMBER_IMPORT_SYNC_MAX_ROWS` (300) member rows is imported by "
                "the worker: the answer is the job, and its `url` (also in `Location`) tells how it stands.",
            ),
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
        started = member_import_start(file=upload, actor=request.user)
        if started.job is not None:
            job = started.job
            job.refresh_from_db()
            return Response(
                MemberImportJobSerializer(job, context={"request": request}).data,
                status=status.HTTP_202_ACCEPTED,
                headers={"Location": job_api_url(request, job)},
            )
        result = started.result
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


class MemberImportJobView(APIView):
    """A large member import run by the worker: its status, progress and result (out of area: 404)."""

    @extend_schema(operation_id="in_service_members_import_job", responses={200: MemberImportJobSerializer})
    def get(self, request, pk: int):
        job = get_object_or_404(MemberImportJob.objects.visible_to(request.user).defer("rows"), pk=pk)
        return Response(MemberImportJobSerializer(job, context={"request": request}).data)
