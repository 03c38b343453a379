"""Lists of in-service members' volunteering with their filters and exports: members, reports, posts,
service records, and the report by employer unit."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from jilin_grid.areas import AreaLevel, AreaNotFound, area_get_visible, area_name_annotation
from jilin_grid.pickers.widgets import use_area_picker
from jilin_grid.views import (
    Column,
    ExportMixin,
    FilteredListView,
    HtmlCell,
)

from .filtersets import (
    InServiceMemberFilterSet,
    MemberReportFilterSet,
    ServicePostFilterSet,
    ServiceRecordFilterSet,
)
from .forms import UnitReportForm
from .models import InServiceMember, MemberReport, ServicePost, ServiceRecord
from .selectors import volunteering_by_unit
from .views import (
    RECORD_STEPS,
    VolunteeringPageMixin,
    area_url,
    member_url,
    post_state_cell,
    report_status_cell,
    service_on,
)

# The volunteering report by employer unit --------------------------------------------------------

UNIT_COLUMNS = [
    ("organization", _("Party organization of the work unit")),
    ("unit", _("Work unit")),
    ("area_code", _("Area code")),
    ("members_reported", _("Members reported")),
    ("posts_claimed", _("Posts claimed")),
    ("service_person_times", _("Service person-times")),
    ("service_hours", _("Service hours")),
    ("communities_served", _("Communities served")),
]
UNIT_TEXT_COLUMNS = ("organization", "unit", "area_code")
UNIT_TOTALS = ("members_reported", "posts_claimed", "service_person_times", "service_hours")


class VolunteeringByUnitView(VolunteeringPageMixin, ExportMixin, TemplateView):
    """In-service members' volunteering by the party organization of their work unit (双报到 by unit):
    one row per employer organization under the area, whatever community the service was given in.
    ``?area=<code>&from=YYYY-MM-DD&to=YYYY-MM-DD``; an area the user does not cover answers 404."""

    template_name = "alliances/volunteering/by_unit.html"
    paginate_by = 100

    def get(self, request, *args, **kwargs):
        self.form = UnitReportForm(request.GET or None, initial={"area": self.scope.home_code(settings.CITY_CODE)})
        use_area_picker(self.form, "area", request.user)
        data: dict = {}
        if self.form.is_bound:
            self.form.is_valid()
            # The fields that are valid apply; the others show their errors.
            data = self.form.cleaned_data
        if "area" in self.form.errors:
            # Not an area code at all: no such area, as for a code outside the user's areas.
            raise Http404(_("No such area in your scope."))
        try:
            self.area = area_get_visible(data.get("area") or None, self.scope)
        except AreaNotFound as error:
            raise Http404(_("No such area in your scope.")) from error
        self.start, self.end = data.get("from"), data.get("to")
        self.report = volunteering_by_unit(prefix=self.area.code, start=self.start, end=self.end)
        fmt = self.requested_export()
        if fmt:
            return self.export_response(
                fmt=fmt,
                headers=[str(label) for _key, label in UNIT_COLUMNS],
                rows=([row.get(key, "") for key, _label in UNIT_COLUMNS] for row in self.report.rows()),
                name=str(_("Volunteering by work unit")) + f" {self.area.name}",
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Only the page's units are read row by row: the count, order and totals come from the kept counts.
        report = self.report
        page = Paginator(range(report.count), self.paginate_by).get_page(self.request.GET.get("page"))
        self.rows = report.rows(page.start_index() - 1 if report.count else 0, self.paginate_by)
        totals = {key: report.totals[key] for key in UNIT_TOTALS}
        totals["service_hours"] = round(totals["service_hours"], 1)
        top = self.rows[:15] if page.number == 1 else []
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "form": self.form,
                "area": self.area,
                "start": self.start,
                "end": self.end,
                "headers": [{"label": label, "numeric": key not in UNIT_TEXT_COLUMNS} for key, label in UNIT_COLUMNS],
                "page_obj": page,
                "rows": [[row.get(key, "") for key, _label in UNIT_COLUMNS] for row in self.rows],
                "unit_count": report.count,
                "totals": totals,
                "chart_data": {
                    "names": [row["unit"] for row in reversed(top)],
                    "hours": [row["service_hours"] for row in reversed(top)],
                    "times": [row["service_person_times"] for row in reversed(top)],
                    "labels": {"hours": str(_("Service hours")), "times": str(_("Service person-times"))},
                },
                "query_without_page": query.urlencode(),
                "is_paginated": page.has_other_pages(),
                "paginator": page.paginator,
                "title": _("Volunteering by work unit"),
            }
        )
        return context


# Lists ------------------------------------------------------------------------------------------------


class InServiceMemberListView(VolunteeringPageMixin, FilteredListView):
    model = InServiceMember
    queryset = InServiceMember.objects.select_related("person", "organization").annotate(
        community_name=area_name_annotation(levels=[AreaLevel.COMMUNITY], fallback=False)
    )
    filterset_class = InServiceMemberFilterSet
    hidden_filters = ("organization",)
    # The employer's organization may sit above the user's area (a city agency's branch).
    reach_filters = ("organization",)
    title = _("In-service party members")
    create_url_name = "alliances:member_create"
    edit_url_name = "alliances:member_edit"
    columns = [
        Column(_("Member"), lambda m: m.person.name, link=lambda m: member_url(m.pk)),
        Column(_("Phone"), lambda m: m.person.phone, personal=True),
        Column(_("Gender"), lambda m: m.person.get_gender_display()),
        Column(_("Work unit"), lambda m: m.unit_name),
        Column(_("Party organization of the work unit"), lambda m: m.organization.name),
        Column(_("Community"), lambda m: m.community_name or m.area_code, link=lambda m: area_url(m.area_code)),
        Column(_("Skills"), lambda m: m.skills),
        Column(_("Availability"), lambda m: m.availability),
    ]


class MemberReportListView(VolunteeringPageMixin, FilteredListView):
    model = MemberReport
    queryset = MemberReport.objects.select_related("member__person", "community")
    filterset_class = MemberReportFilterSet
    hidden_filters = ("member",)
    title = _("Members' reports (双报到)")
    create_url_name = "alliances:member_create"
    columns = [
        Column(_("Member"), lambda r: r.member.person.name, link=lambda r: member_url(r.member_id)),
        Column(_("Phone"), lambda r: r.member.person.phone, personal=True),
        Column(_("Work unit"), lambda r: r.member.unit_name),
        Column(_("Community"), lambda r: r.community.name, link=lambda r: area_url(r.area_code)),
        Column(_("Date reported"), lambda r: r.reported_on),
        Column(_("Status"), report_status_cell),
        Column(_("Confirmed on"), lambda r: r.confirmed_on or ""),
        Column(_("Ended on"), lambda r: r.ended_on or ""),
        Column(_("Reason"), lambda r: r.end_reason),
    ]


class ServicePostListView(VolunteeringPageMixin, FilteredListView):
    model = ServicePost
    queryset = ServicePost.objects.select_related("community", "kind")
    filterset_class = ServicePostFilterSet
    title = _("Service posts")
    create_url_name = "alliances:service_post_create"
    edit_url_name = "alliances:service_post_edit"
    columns = [
        Column(_("Post title"), lambda p: p.title),
        Column(_("Community"), lambda p: p.community.name, link=lambda p: area_url(p.area_code)),
        Column(_("Kind of service"), lambda p: p.kind.name),
        Column(_("Service place"), lambda p: p.place),
        Column(_("Schedule"), lambda p: p.schedule),
        Column(_("Places"), lambda p: p.places),
        Column(_("Places taken"), lambda p: p.claimed),
        Column(_("Places left"), lambda p: p.places_left),
        Column(_("Published on"), lambda p: p.published_on),
        Column(_("Status"), post_state_cell),
    ]


def verification_label(record) -> str:
    if record.is_verified:
        return str(_("Verified"))
    return str(_("Awaiting verification"))


VERIFIED_COLUMN = Column(_("Verification"), verification_label)


class ServiceRecordListView(VolunteeringPageMixin, FilteredListView):
    """Service records; writers verify the waiting ones row by row."""

    model = ServiceRecord
    queryset = ServiceRecord.objects.select_related("member__person", "kind", "post", "activity", "report__community")
    filterset_class = ServiceRecordFilterSet
    hidden_filters = ("member", "post", "activity")
    title = _("Service records")
    columns = [
        Column(_("Served on"), lambda r: r.served_on),
        Column(_("Member"), lambda r: r.member.person.name, link=lambda r: member_url(r.member_id)),
        Column(_("Community"), lambda r: r.report.community.name, link=lambda r: area_url(r.area_code)),
        Column(_("Kind of service"), lambda r: r.kind.name),
        Column(_("Post or activity"), service_on),
        Column(_("Hours"), lambda r: float(r.hours)),
        Column(_("Person-times"), lambda r: r.person_times),
        Column(_("Note"), lambda r: r.note),
        VERIFIED_COLUMN,
    ]

    def get(self, request, *args, **kwargs):
        self.exporting = bool(self.requested_export())
        return super().get(request, *args, **kwargs)

    def cell(self, column, obj):
        value = super().cell(column, obj)
        if column is not VERIFIED_COLUMN or self.exporting:
            return value
        if obj.is_verified:
            return HtmlCell(
                value, format_html('<span class="badge text-bg-success" data-verified="1">{}</span>', value)
            )
        if not self.scope.can_write(obj.area_code):
            return HtmlCell(
                value, format_html('<span class="badge text-bg-warning" data-verified="0">{}</span>', value)
            )
        return HtmlCell(
            value,
            format_html(
                '<form method="post" action="{}" class="d-inline" data-verify="{}">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<input type="hidden" name="next" value="{}">'
                '<button type="submit" class="btn btn-sm btn-success py-0">{}</button></form>',
                reverse("alliances:service_record_step", args=[obj.pk, "verify"]),
                obj.pk,
                get_token(self.request),
                self.request.get_full_path(),
                RECORD_STEPS["verify"].label,
            ),
        )
