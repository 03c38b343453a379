"""Serializers of the dispatch reports: the row with links to its files, and a request."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jilin_grid.api.serializers import ModelSerializer, Serializer
from projects.projects.api.serializers import _absolute, _path

from ..choices import ReportJobStatus, ReportKind
from ..models import ReportJob


class ReportSerializer(ModelSerializer):
    """A report row with links to its outputs: the portal page, the workbook and the PDF."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    html_url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    html_download_url = serializers.SerializerMethodField()
    max_attempts = serializers.IntegerField(
        read_only=True, help_text=_("Attempts made before the report fails for good.")
    )

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "kind",
            "kind_display",
            "period",
            "area_code",
            "area_name",
            "status",
            "status_display",
            "message",
            "requested_at",
            "started_at",
            "finished_at",
            "attempts",
            "max_attempts",
            "heartbeat_at",
            "html_url",
            "html_download_url",
            "xlsx_url",
            "pdf_url",
        ]
        read_only_fields = fields

    def get_html_url(self, obj) -> str:
        return _absolute(self.context, _path("projects:report_detail", [obj.pk], f"/reports/{obj.pk}/"))

    def _download(self, obj, fmt: str) -> str | None:
        """The file through the API: a token client downloads it with its token."""
        if obj.status != ReportJobStatus.DONE or (fmt != "html" and not getattr(obj, fmt)):
            return None
        return _absolute(self.context, reverse("report-download", args=[obj.pk, fmt]))

    def get_html_download_url(self, obj) -> str | None:
        return self._download(obj, "html")

    def get_xlsx_url(self, obj) -> str | None:
        return self._download(obj, "xlsx")

    def get_pdf_url(self, obj) -> str | None:
        return self._download(obj, "pdf")


class ReportRequestSerializer(Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    period = serializers.CharField(max_length=7, help_text=_("2020-06 for a month, 2020-Q2 for a quarter."))
    area = serializers.CharField(max_length=15, help_text=_("Code of the city, a district, street or community."))
