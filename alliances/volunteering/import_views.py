"""The page that imports in-service party members from an Excel workbook (双报到 in bulk), and the
page of a large import run by the worker.

Writers only: a read-only role gets 403. The upload is read by
``alliances.volunteering.import_jobs.member_import_start``: a small sheet is checked and written
there and then, and the page shows every bad row by number and reason, or how many members were
reported (awaiting their communities' confirmation); a sheet of more than
``MEMBER_IMPORT_SYNC_MAX_ROWS`` rows becomes a job, and the browser goes to the job's page, which
shows its status and progress and updates itself (htmx) until it is done, then its result and
the bad rows as a workbook. ``?template=xlsx`` downloads the workbook to fill in.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from jilin_grid.exports import CONTENT_TYPES, export_filename
from jilin_grid.forms import style_fields
from jilin_grid.scope import COMMUNITY_CODE_LENGTH
from jilin_grid.views import ScopedQuerysetMixin, WriteCheckMixin, job_status_badge

from .choices import MemberImportStatus, MemberReportStatus
from .import_jobs import member_import_start
from .imports import COLUMNS, import_template, row_errors_workbook
from .models import MemberImportJob


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
        limit = number_format(settings.MEMBER_IMPORT_MAX_BYTES / (1024 * 1024), decimal_pos=1)
        rows = number_format(settings.MEMBER_IMPORT_MAX_ROWS, force_grouping=True)
        self.fields["file"].help_text = _(
            "At most %(size)s MB and %(rows)s member rows. A sheet of more than %(sync)s rows is imported in "
            "the background, and its page shows how far it is."
        ) % {
            "size": limit,
            "rows": rows,
            "sync": number_format(settings.MEMBER_IMPORT_SYNC_MAX_ROWS, force_grouping=True),
        }


def awaiting_reports_url() -> str | None:
    """The list of reports awaiting confirmation, where the imported members now are."""
    try:
        return f"{reverse('alliances:member_report_list')}?status={MemberReportStatus.REPORTED}"
    except NoReverseMatch:
        return None


class MemberImportView(WriteCheckMixin, FormView):
    """Upload a workbook of members; see what was wrong in it, or how many were reported."""

    template_name = "alliances/volunteering/import_members.html"
    form_class = MemberImportForm

    @classmethod
    def permits(cls, scope) -> bool:
        # Members report to communities: a writing role over a community or above it.
        return scope.writes_at(COMMUNITY_CODE_LENGTH)

    def get_denied_message(self):
        if not self.scope.can_write_anywhere():
            return _("Your role may only read records.")
        return _("Members are imported by the staff of a community or of an area above it.")

    def get(self, request, *args, **kwargs):
        if request.GET.get("template") == "xlsx":
            response = HttpResponse(import_template(request.user), content_type=CONTENT_TYPES["xlsx"])
            name = export_filename(_("In-service members import template"), "xlsx")
            response["Content-Disposition"] = content_disposition_header(True, name)
            return response
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        started = member_import_start(file=form.cleaned_data["file"], actor=self.request.user)
        if started.job is not None:
            announce_job(self.request, started.job)
            return redirect(import_job_url(started.job))
        result = started.result
        if result.error:
            form.add_error("file", result.error)
        return self.render_to_response(self.get_context_data(form=form, result=result))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "title": _("Import in-service members"),
                "columns": COLUMNS,
                "template_url": f"{self.request.path}?template=xlsx",
                "reports_url": awaiting_reports_url(),
            }
        )
        return context


# Imports run by the worker ------------------------------------------------------------------------------


def import_job_url(job: MemberImportJob) -> str:
    return reverse("alliances:member_import_job", args=[job.pk])


def announce_job(request, job: MemberImportJob) -> None:
    """Say that the import runs in the background; or, when the queue could not be reached, that it waits."""
    job.refresh_from_db(fields=["status", "message"])
    if job.status == MemberImportStatus.WAITING:
        messages.warning(request, job.message)
    else:
        messages.success(
            request,
            _("The workbook has %(rows)s member rows: it is imported in the background. This page updates by itself.")
            % {"rows": number_format(job.rows_total, force_grouping=True)},
        )


def visible_job(request, pk) -> MemberImportJob:
    """The job, for whoever sees its area; 404 otherwise."""
    return get_object_or_404(
        MemberImportJob.objects.visible_to(request.user).select_related("requested_by").defer("rows"), pk=pk
    )


def job_context(job: MemberImportJob) -> dict:
    return {
        "job": job,
        "status_badge": job_status_badge(job),
        "in_progress": job.in_progress,
        "result": job.result,
        "row_errors": job.row_errors,
        "reports_url": awaiting_reports_url(),
    }


class MemberImportJobView(ScopedQuerysetMixin, TemplateView):
    """A large import's status and progress; its result once done; why it failed."""

    template_name = "alliances/volunteering/import_job.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(job_context(visible_job(self.request, self.kwargs["pk"])))
        context["title"] = _("Import in-service members")
        context["import_url"] = reverse("alliances:member_import")
        return context


class MemberImportJobStatusView(ScopedQuerysetMixin, View):
    """The status part of an import's page, polled by htmx while the import runs."""

    def get(self, request, pk):
        job = visible_job(request, pk)
        return render(request, "alliances/volunteering/_import_job_status.html", job_context(job))


class MemberImportJobErrorsView(ScopedQuerysetMixin, View):
    """The bad rows of a finished import, as an Excel workbook."""

    def get(self, request, pk):
        job = visible_job(request, pk)
        if job.status != MemberImportStatus.DONE or not job.row_errors:
            raise Http404(_("This import has no rows to correct."))
        response = HttpResponse(row_errors_workbook(job.row_errors), content_type=CONTENT_TYPES["xlsx"])
        name = export_filename(_("Member import rows to correct"), "xlsx")
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
