"""Pages of the dispatch reports: the list with its request form, a report's page, its status
(polled while it is produced), retry and downloads.

Every page starts from ``visible_to(user)`` (outside the area: 404); who may request comes from
``projects.projects.permissions``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from jilin_grid.forms import apply_validation_error
from jilin_grid.views import (
    REFUSED_STATUS,
    Column,
    FilteredListView,
    ScopedQuerysetMixin,
    job_status_badge,
    protected_file_response,
    record_download,
)
from projects.projects.permissions import may_request_report, may_see_report_production

from . import selectors, services
from .choices import ReportJobStatus
from .documents.html import html_document
from .filtersets import ReportFilterSet
from .forms import ReportRequestForm
from .models import REPORT_CONTENT_TYPES, ReportJob

# Reports ------------------------------------------------------------------------------------------


def report_url(report) -> str:
    return reverse("projects:report_detail", args=[report.pk])


# A report's status as a coloured badge, as every background job shows it.
report_status_badge = job_status_badge


class ReportListView(FilteredListView):
    """Reports of the areas the user sees, and the form to ask for one."""

    model = ReportJob
    queryset = ReportJob.objects.order_by("-period", "kind", "area_code")
    filterset_class = ReportFilterSet
    template_name = "projects/reports/report_list.html"
    title = _("Reports")
    columns = [
        Column(_("Area"), lambda r: r.area_name, link=report_url),
        Column(_("Kind"), lambda r: r.get_kind_display()),
        Column(_("Period"), lambda r: r.period),
        Column(_("Status"), report_status_badge),
        Column(_("Finished at"), lambda r: timezone.localtime(r.finished_at) if r.finished_at else ""),
    ]

    def request_form(self, data=None):
        form = ReportRequestForm(data, user=self.request.user)
        return form if form.areas or self.scope.is_superuser else None

    def post(self, request, *args, **kwargs):
        form = self.request_form(request.POST)
        if form is None:
            raise PermissionDenied(_("Your role may not ask for reports."))
        if form.is_valid():
            try:
                report = services.report_request(**form.cleaned_data, actor=request.user)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                announce_request(request, report, _("Report requested. It is being prepared."))
                return redirect(report_url(report))
        self.form = form
        response = self.get(request, *args, **kwargs)
        response.status_code = REFUSED_STATUS
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = getattr(self, "form", None) or self.request_form()
        context["request_form"] = form
        context["may_see_production"] = may_see_report_production(self.scope)
        return context


def announce_request(request, report: ReportJob, success: str) -> None:
    """Say that a report was requested; or, when the queue could not be reached, that it waits."""
    report.refresh_from_db(fields=["status", "message"])
    if report.status == ReportJobStatus.WAITING:
        messages.warning(request, report.message)
    else:
        messages.success(request, success)


def visible_report(request, pk) -> ReportJob:
    return get_object_or_404(ReportJob.objects.visible_to(request.user), pk=pk)


class ReportProductionView(ScopedQuerysetMixin, TemplateView):
    """How the production of the reports stands: the database, broker and storage, the queues,
    the oldest report waiting, those running with their heartbeat, beat's last run, the backups."""

    template_name = "projects/reports/report_production.html"
    denied_message = _("Only the city organization department and administrators see this page.")

    @classmethod
    def permits(cls, scope) -> bool:
        return may_see_report_production(scope)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.report_production_status())
        context["title"] = _("Report production")
        return context


class ReportDetailView(ScopedQuerysetMixin, TemplateView):
    """A report's status; its document and downloads once done; why it failed, and a retry."""

    template_name = "projects/reports/report_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = visible_report(self.request, self.kwargs["pk"])
        context.update(report_context(report, self.scope))
        return context


def report_context(report: ReportJob, scope) -> dict:
    return {
        "report": report,
        "job": report,  # the name the shared status part (portal/_job_status.html) reads
        "status_badge": report_status_badge(report),
        "in_progress": report.in_progress,
        "may_request": may_request_report(scope, report.area_code),
    }


class ReportStatusView(ScopedQuerysetMixin, View):
    """The status part of a report's page, polled by htmx while the report is being prepared."""

    def get(self, request, pk):
        report = visible_report(request, pk)
        return render(request, "projects/reports/report_status.html", report_context(report, self.scope))


class ReportRetryView(ScopedQuerysetMixin, View):
    """Ask again for a report (after a failure, or to refresh it)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        report = visible_report(request, pk)
        if not may_request_report(self.scope, report.area_code):
            raise PermissionDenied(_("Your role may not ask for reports of this area."))
        try:
            report = services.report_request(
                kind=report.kind, period=report.period, area_code=report.area_code, actor=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            announce_request(request, report, _("Report requested again."))
        return redirect(report_url(report))


REPORT_FILES = {"xlsx": "xlsx", "pdf": "pdf"}


def html_download_response(report: ReportJob) -> HttpResponse:
    """The report's HTML as a file to keep (styles inlined, nothing to load), recorded as a download."""
    filename = report.download_filename("html")
    response = HttpResponse(html_document(report), content_type=REPORT_CONTENT_TYPES["html"])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    record_download(report, filename)
    return response


class ReportDownloadView(ScopedQuerysetMixin, View):
    """A report's Excel workbook, PDF or HTML file, for those who see its area."""

    def get(self, request, pk, fmt):
        if fmt not in (*REPORT_FILES, "html"):
            raise Http404(_("No such format."))
        report = visible_report(request, pk)
        if fmt == "html":
            if report.status != ReportJobStatus.DONE or not report.html:
                raise Http404(_("This report has no such file yet."))
            return html_download_response(report)
        field = getattr(report, REPORT_FILES[fmt])
        if report.status != ReportJobStatus.DONE or not field:
            raise Http404(_("This report has no such file yet."))
        return protected_file_response(
            field,
            filename=report.download_filename(fmt),
            content_type=REPORT_CONTENT_TYPES[fmt],
            as_attachment=True,
            record=report,
        )
