"""The page that imports in-service party members from an Excel workbook (双报到 in bulk).

Writers only: a read-only role gets 403. The upload is checked and written by
``alliances.volunteering.imports.members_import``; the page shows every bad row by number and reason, or how
many members were reported (awaiting their communities' confirmation). ``?template=xlsx``
downloads the workbook to fill in.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from jilin_grid.exports import CONTENT_TYPES, export_filename
from jilin_grid.forms import style_fields
from jilin_grid.views import WriteCheckMixin

from .choices import MemberReportStatus
from .imports import COLUMNS, import_template, members_import


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
        self.fields["file"].help_text = _("At most %(size)s MB and %(rows)s member rows.") % {
            "size": limit,
            "rows": rows,
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

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.scope.can_write_anywhere():
            raise PermissionDenied(_("Your role may only read records."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("template") == "xlsx":
            response = HttpResponse(import_template(request.user), content_type=CONTENT_TYPES["xlsx"])
            name = export_filename(_("In-service members import template"), "xlsx")
            response["Content-Disposition"] = content_disposition_header(True, name)
            return response
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        result = members_import(file=form.cleaned_data["file"], actor=self.request.user)
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
