"""Pages of in-service party members (在职党员): their reports to the community they live in (双报到),
the service posts communities publish and members claim (认领), and their volunteer service,
verified by community staff before it counts.

Every page starts from ``visible_to(user)`` (outside the area: 404); writing needs a writing role
over the record's area (403 for read-only roles); every write calls ``alliances.services``, whose
refusals are shown beside the form or as the step's message, and nothing is written then.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Q, Subquery
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from communities.choices import AreaLevel
from communities.models import Community
from grids.network.selectors import area_children
from grids.network.views import AreaDetailView
from grids.problems.views import HtmlCell, Step
from jilin_grid.forms import apply_validation_error
from jilin_grid.masking import shown_phone
from jilin_grid.scope import get_scope
from jilin_grid.views import (
    Column,
    ExportMixin,
    FilteredListView,
    ScopedCreateView,
    ScopedQuerysetMixin,
    ScopedUpdateView,
    StepView,
    WriteCheckMixin,
)

from . import services
from .choices import ReportStatus
from .filtersets import (
    InServiceMemberFilterSet,
    MemberReportFilterSet,
    ServicePostFilterSet,
    ServiceRecordFilterSet,
)
from .models import Activity, InServiceMember, MemberReport, PostClaim, ServicePost, ServiceRecord
from .selectors import (
    area_volunteering,
    empty_volunteering_figures,
    hours_value,
    member_service_by_month,
    service_kind_names,
)
from .volunteer_forms import (
    AttendanceForm,
    ClaimForm,
    ConfirmForm,
    DeclineForm,
    EndReportForm,
    LogServiceForm,
    MemberEditForm,
    MemberReportForm,
    PeriodForm,
    ServicePostForm,
)

# A member offered as a choice (a claim, an attendance list) without loading the whole record.
Choice = namedtuple("Choice", "pk name")

MEMBERS_PER_PAGE = 20
PENDING_LIMIT = 50
MEMBER_RECORDS_LIMIT = 50

STATUS_CSS = {
    ReportStatus.REPORTED: "text-bg-warning",
    ReportStatus.CONFIRMED: "text-bg-success",
    ReportStatus.DECLINED: "text-bg-secondary",
    ReportStatus.ENDED: "text-bg-light border",
}


def area_url(code: str) -> str:
    return reverse("alliances:volunteering_area", args=[code])


def member_url(member_id: int) -> str:
    return reverse("alliances:member_detail", args=[member_id])


def report_status_cell(report) -> HtmlCell:
    label = report.get_status_display()
    css = STATUS_CSS.get(report.status, "text-bg-secondary")
    return HtmlCell(label, format_html('<span class="badge {}" data-status="{}">{}</span>', css, report.status, label))


def post_state(post) -> tuple[str, Any, str]:
    """(state, label, badge class) of a post: closed, full, or open with places left."""
    if not post.is_open:
        return "closed", _("Closed"), "text-bg-secondary"
    if post.places_left == 0:
        return "full", _("Full"), "text-bg-warning"
    return "open", _("Open"), "text-bg-success"


def post_state_cell(post) -> HtmlCell:
    state, label, css = post_state(post)
    return HtmlCell(label, format_html('<span class="badge {}" data-post-state="{}">{}</span>', css, state, label))


def service_on(record) -> str:
    """What the service was given on: the post's title or the activity's."""
    if record.post_id:
        return record.post.title
    return record.activity.title if record.activity_id else ""


# Steps: each an object page's button or small form, POSTed to a StepView ---------------------------


def _claim(post, data, actor):
    member = data["member"]
    # Only members whose latest report is to this community are offered; refuse any other
    # without naming them (they may lie outside the user's area).
    if member.area_code != post.area_code:
        raise ValidationError(_("Choose a member whose report to this community is confirmed."))
    services.post_claim(post=post, member=member)


def _log(claim, data, actor):
    services.service_record_log(
        member=claim.member,
        post=claim.post,
        served_on=data["served_on"],
        hours=data["hours"],
        person_times=data["person_times"],
        note=data["note"],
        actor=actor,
    )


REPORT_STEPS = {
    "confirm": Step(
        _("Confirm"),
        ConfirmForm,
        lambda report, data, actor: services.member_report_confirm(report=report, actor=actor),
        _("Report confirmed: the member may now claim the community's service posts."),
        "btn-success",
    ),
    "decline": Step(
        _("Decline"),
        DeclineForm,
        lambda report, data, actor: services.member_report_decline(report=report, reason=data["reason"]),
        _("Report declined."),
        "btn-outline-secondary",
    ),
    "end": Step(
        _("End the report"),
        EndReportForm,
        lambda report, data, actor: services.member_report_end(
            report=report, reason=data["reason"], ended_on=data["ended_on"]
        ),
        _("Report ended; the places the member held are free again."),
        "btn-outline-danger",
    ),
}
POST_STEPS = {
    "claim": Step(_("Claim"), ClaimForm, _claim, _("Place claimed."), "btn-outline-danger"),
    "close": Step(
        _("Close the post"),
        ConfirmForm,
        lambda post, data, actor: services.service_post_close(post=post),
        _("Post closed to new claims; its members keep their places."),
        "btn-outline-secondary",
    ),
}
CLAIM_STEPS = {
    "log": Step(_("Log service"), LogServiceForm, _log, _("Service logged; it counts once verified."), "btn-danger"),
    "withdraw": Step(
        _("Withdraw the claim"),
        ConfirmForm,
        lambda claim, data, actor: services.post_claim_withdraw(claim=claim),
        _("Claim withdrawn; the place is free for another member."),
        "btn-outline-secondary",
    ),
}
RECORD_STEPS = {
    "verify": Step(
        _("Verify"),
        ConfirmForm,
        lambda record, data, actor: services.service_record_verify(record=record, actor=actor),
        _("Service verified: it now counts."),
        "btn-success",
    ),
}
ACTIVITY_STEPS = {
    "verify": Step(
        _("Verify all"),
        ConfirmForm,
        lambda activity, data, actor: services.activity_service_verify(activity=activity, actor=actor),
        _("The activity's service is verified: it now counts."),
        "btn-success",
    ),
}


class VolunteeringStepView(StepView):
    """A step on a report, post, claim, service record or activity: writers of the record's area
    take it (others 403, outside 404), then return to the page it was taken on."""

    def may_take(self, obj, name, step) -> bool:
        return self.scope.can_write(obj.area_code)

    def object_url(self, obj) -> str:
        target = self.request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return self.default_url(obj)

    def default_url(self, obj) -> str:
        return area_url(obj.area_code)


class MemberReportStepView(VolunteeringStepView):
    model = MemberReport
    steps = REPORT_STEPS

    def default_url(self, obj):
        return member_url(obj.member_id)


class ServicePostStepView(VolunteeringStepView):
    model = ServicePost
    queryset = ServicePost.objects.select_related("community")
    steps = POST_STEPS


class PostClaimStepView(VolunteeringStepView):
    model = PostClaim
    queryset = PostClaim.objects.select_related("member__person", "post__community")
    steps = CLAIM_STEPS

    def default_url(self, obj):
        return member_url(obj.member_id)


class ServiceRecordStepView(VolunteeringStepView):
    model = ServiceRecord
    steps = RECORD_STEPS

    def default_url(self, obj):
        return member_url(obj.member_id)


class ActivityStepView(VolunteeringStepView):
    model = Activity
    steps = ACTIVITY_STEPS

    def default_url(self, obj):
        return reverse("alliances:activity_attendance", args=[obj.pk])


def step_form(steps: dict, name: str, url_name: str, pk: int, back: str, **kwargs) -> dict:
    """A step's button or form on a page: the URL it posts to, its label, style and form."""
    step = steps[name]
    return {
        "name": f"{name}-{pk}",
        "label": step.label,
        "css": step.css,
        "url": reverse(url_name, args=[pk, name]),
        "form": step.form_class(initial={"next": back}, auto_id=f"id_{name}{pk}_%s", **kwargs),
        "has_fields": len(step.form_class.base_fields) > 1 or bool(kwargs),
    }


# The volunteering page of an area -----------------------------------------------------------------

# The table of an area's children: (key, label, value of a child row), sorted like the area page's.
CHILD_COLUMNS = [
    ("name", _("Name"), lambda row: row["name"]),
    ("code", _("Code"), lambda row: row["code"]),
    ("members_reported", _("Members reported"), lambda row: row["members_reported"]),
    ("posts", _("Service posts"), lambda row: row["posts"]),
    ("places", _("Places"), lambda row: row["places"]),
    ("places_left", _("Places left"), lambda row: row["places"] - row["places_taken"]),
    ("posts_claimed", _("Posts claimed"), lambda row: row["posts_claimed"]),
    ("service_person_times", _("Service person-times"), lambda row: row["service_person_times"]),
    ("service_hours", _("Service hours"), lambda row: hours_value(row["service_hours"])),
]
KIND_COLUMNS = [
    (_("Kind of service"), lambda row: row["name"]),
    (_("Service posts"), lambda row: row["posts"]),
    (_("Posts claimed"), lambda row: row["posts_claimed"]),
    (_("Service person-times"), lambda row: row["service_person_times"]),
    (_("Service hours"), lambda row: hours_value(row["service_hours"])),
]

PAGE_FORMS = {
    "report": (_("Report a member"), _("Report recorded; it awaits the community's confirmation.")),
    "post": (_("Publish a service post"), _("Service post published.")),
}


class VolunteeringAreaView(WriteCheckMixin, ExportMixin, TemplateView):
    """The volunteering of an area (city, district, street or community): the figures of a period,
    service by kind, and the children's figures; a community's page also holds its members,
    reports awaiting confirmation, posts, service awaiting verification and the forms to add them."""

    template_name = "alliances/volunteering/area_detail.html"

    # The area page's own look-up (404 outside the scope), sorting of children and their level names.
    get_area = AreaDetailView.get_area
    sorted_children = AreaDetailView.sorted_children
    child_level_label = staticmethod(AreaDetailView.child_level_label)

    def load_area(self):
        area = self.area = self.get_area()
        if area.level == AreaLevel.GRID:
            raise Http404(_("Volunteering is followed from the community up."))
        self.is_community = area.level == AreaLevel.COMMUNITY

    def load_figures(self):
        """The figures of the period asked for: the area's, by kind and its children's (six queries at most)."""
        area = self.area
        self.period_form = PeriodForm(self.request.GET if {"from", "to"} & set(self.request.GET) else None)
        start, end = self.period_form.period()
        length = len(area.code) if self.is_community else area.child_code_length
        self.totals, figures = area_volunteering(code=area.code, length=length, start=start, end=end)
        if self.is_community:
            self.children, self.sort = [], ""
        else:
            children = [
                {"code": code, "name": name, **(figures.get(code) or empty_volunteering_figures())}
                for code, name in area_children(area)
            ]
            self.children, self.sort = self.sorted_children(children, CHILD_COLUMNS)
        # Service by kind, in the kinds' own order (position, name).
        by_kind = self.totals["by_kind"]
        self.kinds = [
            {"name": name, **by_kind[kind_id]} for kind_id, name in service_kind_names().items() if kind_id in by_kind
        ]

    def get(self, request, *args, **kwargs):
        self.load_area()
        self.load_figures()
        fmt = self.requested_export()
        if fmt:
            if self.children or not self.is_community:
                headers = [str(label) for _key, label, _getter in CHILD_COLUMNS]
                rows = ([getter(row) for _key, _label, getter in CHILD_COLUMNS] for row in self.children)
            else:
                headers = [str(label) for label, _getter in KIND_COLUMNS]
                rows = ([getter(row) for _label, getter in KIND_COLUMNS] for row in self.kinds)
            return self.export_response(
                fmt=fmt, headers=headers, rows=rows, name=f"{self.area.name} {_('Volunteering')}"
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, bound: dict | None = None, **kwargs):
        context = super().get_context_data(**kwargs)
        area, totals, scope = self.area, self.totals, self.scope
        headers = []
        for key, label, _getter in CHILD_COLUMNS:
            headers.append(
                {
                    "key": key,
                    "label": label,
                    "sort": "-" + key if self.sort == key else key,
                    "active": self.sort.lstrip("-") == key,
                    "descending": self.sort == "-" + key,
                    "numeric": key not in ("name", "code"),
                }
            )
        context.update(
            {
                "area": area,
                "is_community": self.is_community,
                "period_form": self.period_form,
                "totals": totals,
                "service_hours": hours_value(totals["service_hours"]),
                "places_left": totals["places"] - totals["places_taken"],
                "kinds": [[getter(row) for _label, getter in KIND_COLUMNS] for row in self.kinds],
                "kind_headers": [label for label, _getter in KIND_COLUMNS],
                "kind_chart": {
                    "categories": [row["name"] for row in self.kinds],
                    "two_axes": True,
                    "axis_names": [str(_("Hours")), str(_("Person-times"))],
                    "series": [
                        {
                            "name": str(_("Service hours")),
                            "data": [hours_value(r["service_hours"]) for r in self.kinds],
                        },
                        {
                            "name": str(_("Service person-times")),
                            "data": [r["service_person_times"] for r in self.kinds],
                            "axis": 1,
                        },
                    ],
                },
                "child_level_label": "" if self.is_community else self.child_level_label(area),
                "child_headers": headers,
                "child_rows": [
                    {"url": area_url(row["code"]), "cells": [getter(row) for _key, _label, getter in CHILD_COLUMNS]}
                    for row in self.children
                ],
                "breadcrumbs": [
                    {"name": name, "url": area_url(code) if scope.covers(code) else None}
                    for code, name in area.ancestors
                ],
                "writable": scope.can_write(area.code),
            }
        )
        if self.is_community:
            context.update(self.community_context(bound or {}))
        return context

    def community_context(self, bound: dict) -> dict:
        """A community's members, reports awaiting confirmation, posts, service awaiting
        verification and, for writers, the forms and steps. A fixed number of queries."""
        code, scope, user = self.area.code, self.scope, self.request.user
        writable = scope.can_write(code)
        back = self.request.get_full_path()
        confirmed = (
            MemberReport.objects.filter(area_code=code, status=ReportStatus.CONFIRMED)
            .select_related("member__person", "member__organization")
            .order_by("member__person__name", "id")
        )
        members_page = Paginator(confirmed, MEMBERS_PER_PAGE).get_page(self.request.GET.get("page"))
        for report in members_page.object_list:
            report.shown_phone = shown_phone(scope, report.member.person.phone, code)
        awaiting = list(
            MemberReport.objects.filter(area_code=code, status=ReportStatus.REPORTED)
            .select_related("member__person", "member__organization")
            .order_by("reported_on", "id")
        )
        for report in awaiting:
            report.shown_phone = shown_phone(scope, report.member.person.phone, code)
        # Open posts, and closed ones still held by members (who keep serving on them).
        posts = list(
            ServicePost.objects.filter(area_code=code)
            .filter(Q(closed_on__isnull=True) | Q(claimed__gt=0))
            .select_related("kind")
            .order_by(F("closed_on").desc(nulls_first=True), "-published_on", "id")
        )
        pending = list(
            ServiceRecord.objects.filter(area_code=code, verified_at__isnull=True)
            .select_related("member__person", "kind", "post", "activity")
            .order_by("served_on", "id")[: PENDING_LIMIT + 1]
        )
        claimants = []
        if writable:
            claimants = [
                Choice(*row)
                for row in confirmed.order_by("member__person__name", "member_id").values_list(
                    "member_id", "member__person__name"
                )
            ]
        for report in awaiting:
            report.steps = (
                [
                    step_form(REPORT_STEPS, "confirm", "alliances:member_report_step", report.pk, back),
                    step_form(REPORT_STEPS, "decline", "alliances:member_report_step", report.pk, back),
                ]
                if writable
                else []
            )
        for post in posts:
            post.state, post.state_label, post.state_css = post_state(post)
            post.steps = []
            if writable and post.state == "open" and claimants:
                post.steps.append(
                    step_form(POST_STEPS, "claim", "alliances:service_post_step", post.pk, back, members=claimants)
                )
            if writable and post.is_open:
                post.steps.append(step_form(POST_STEPS, "close", "alliances:service_post_step", post.pk, back))
        for record in pending:
            record.on = service_on(record)
            record.steps = (
                [step_form(RECORD_STEPS, "verify", "alliances:service_record_step", record.pk, back)]
                if writable
                else []
            )
        forms = {}
        if writable:
            forms = {
                "report": MemberReportForm(user=user, community=self.community_stub(), auto_id="id_report_%s"),
                "post": ServicePostForm(user=user, community=self.community_stub(), auto_id="id_post_%s"),
            }
            forms.update(bound)
        return {
            "members_page": members_page,
            "awaiting": awaiting,
            "posts": posts,
            "pending": pending[:PENDING_LIMIT],
            "more_pending": len(pending) > PENDING_LIMIT,
            "forms": forms,
            "open_form": next(iter(bound), None),
            "member_list_url": f"{reverse('alliances:member_report_list')}?area={code}&status=confirmed",
            "pending_list_url": f"{reverse('alliances:service_record_list')}?area={code}&verified=false",
            "posts_list_url": f"{reverse('alliances:service_post_list')}?area={code}",
        }

    def community_stub(self) -> Community:
        """The community as the forms need it (its code), without a query; a POST loads the row."""
        return getattr(self, "community", None) or Community(code=self.area.code, name=self.area.name)


class VolunteeringFormView(VolunteeringAreaView):
    """POST one form of a community's page; on errors the page is shown again with the form open."""

    http_method_names = ["post"]

    def post(self, request, code, form):
        if form not in PAGE_FORMS:
            raise Http404(_("No such form."))
        self.load_area()
        if not self.is_community:
            raise Http404(_("Members report to a community, and communities publish the posts."))
        self.check_write(code)
        self.community = get_object_or_404(Community, code=code)
        if form == "report":
            bound = MemberReportForm(request.POST, user=request.user, community=self.community, auto_id="id_report_%s")
        else:
            bound = ServicePostForm(request.POST, user=request.user, community=self.community, auto_id="id_post_%s")
        if bound.is_valid():
            try:
                if form == "report":
                    services.member_report_submit(**bound.service_kwargs())
                else:
                    services.service_post_publish(community=self.community, **bound.service_kwargs())
            except ValidationError as error:
                apply_validation_error(bound, error)
            else:
                messages.success(request, PAGE_FORMS[form][1])
                return redirect(area_url(code))
        self.load_figures()
        return self.render_to_response(self.get_context_data(bound={form: bound}))


@login_required
def volunteering_home(request):
    """The volunteering page of the user's own area."""
    return redirect(area_url(get_scope(request.user).home_code(settings.CITY_CODE)))


# The member page ------------------------------------------------------------------------------------


class MemberPageView(ScopedQuerysetMixin, TemplateView):
    """A member: who, where they work, their reports, the posts they hold and held, their service by
    month and their service records; steps for writers (end the report, withdraw, log, verify)."""

    template_name = "alliances/volunteering/member_detail.html"
    model = InServiceMember
    queryset = InServiceMember.objects.select_related("person", "organization")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        scope = self.scope
        back = self.request.get_full_path()
        reports = list(member.reports.select_related("community").order_by("-reported_on", "-id"))
        for report in reports:
            report.status_badge = report_status_cell(report)
            report.steps = []
            if scope.can_write(report.area_code):
                names = ["confirm", "decline"] if report.status == ReportStatus.REPORTED else []
                names += ["end"] if report.is_open else []
                report.steps = [
                    step_form(REPORT_STEPS, name, "alliances:member_report_step", report.pk, back) for name in names
                ]
        claims = list(
            member.claims.select_related("post__kind", "post__community").order_by(
                F("withdrawn_on").desc(nulls_first=True), "-claimed_on", "-id"
            )
        )
        for claim in claims:
            claim.steps = []
            if claim.is_active and scope.can_write(claim.area_code):
                claim.steps = [
                    step_form(CLAIM_STEPS, "log", "alliances:post_claim_step", claim.pk, back),
                    step_form(CLAIM_STEPS, "withdraw", "alliances:post_claim_step", claim.pk, back),
                ]
        records = list(
            member.service_records.select_related("kind", "post", "activity", "report__community").order_by(
                "-served_on", "-id"
            )[: MEMBER_RECORDS_LIMIT + 1]
        )
        for record in records:
            record.on = service_on(record)
            record.steps = (
                [step_form(RECORD_STEPS, "verify", "alliances:service_record_step", record.pk, back)]
                if not record.is_verified and scope.can_write(record.area_code)
                else []
            )
        months = member_service_by_month(member)
        context.update(
            {
                "member": member,
                "title": member.person.name,
                "phone": shown_phone(scope, member.person.phone, member.area_code),
                "reports": reports,
                "open_report": next((report for report in reports if report.is_open), None),
                "claims": claims,
                "held_count": sum(1 for claim in claims if claim.is_active),
                "records": records[:MEMBER_RECORDS_LIMIT],
                "more_records": len(records) > MEMBER_RECORDS_LIMIT,
                "records_url": f"{reverse('alliances:service_record_list')}?member={member.pk}",
                "months": months,
                "verified_hours": hours_value(sum(month["hours"] for month in months)),
                "pending_hours": hours_value(sum(month["pending_hours"] for month in months)),
                "person_times": sum(month["person_times"] for month in months),
                "month_chart": {
                    "axis_names": [str(_("Hours"))],
                    "colors": ["#d4242c", "#adb5bd"],
                    "categories": [month["month"].strftime("%Y-%m") for month in months],
                    "series": [
                        {"name": str(_("Verified hours")), "data": [m["hours"] for m in months], "stack": "hours"},
                        {
                            "name": str(_("Hours awaiting verification")),
                            "data": [m["pending_hours"] for m in months],
                            "stack": "hours",
                        },
                    ],
                },
                "edit_url": reverse("alliances:member_edit", args=[member.pk])
                if scope.can_write(member.area_code)
                else None,
            }
        )
        return context


class MemberCreateView(ScopedCreateView):
    """Report a member to one of the user's communities (双报到), from the members' list."""

    model = MemberReport
    form_class = MemberReportForm
    success_url_name = "alliances:member_list"
    success_message = _("Report recorded; it awaits the community's confirmation.")
    title = _("Report an in-service party member")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def perform(self, form):
        return services.member_report_submit(**form.service_kwargs())


class MemberUpdateView(ScopedUpdateView):
    model = InServiceMember
    queryset = InServiceMember.objects.select_related("person", "organization")
    form_class = MemberEditForm
    success_url_name = "alliances:member_list"
    title = _("Edit the member")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["sees_phone"] = self.scope.sees_personal_data(self.object.area_code)
        return kwargs

    def perform(self, form):
        return services.member_update(member=self.object, **form.cleaned_data)

    def get_success_url(self):
        return member_url(self.object.pk)

    get_cancel_url = get_success_url


# Service posts ----------------------------------------------------------------------------------


class ServicePostCreateView(ScopedCreateView):
    model = ServicePost
    form_class = ServicePostForm
    success_url_name = "alliances:service_post_list"
    success_message = _("Service post published.")
    title = _("Publish a service post")

    def perform(self, form):
        return services.service_post_publish(community=form.cleaned_data["community"], **form.service_kwargs())


class ServicePostUpdateView(ScopedUpdateView):
    model = ServicePost
    queryset = ServicePost.objects.select_related("community")
    form_class = ServicePostForm
    success_url_name = "alliances:service_post_list"

    def perform(self, form):
        return services.service_post_update(post=self.object, **form.service_kwargs())


# Activity attendance ----------------------------------------------------------------------------------


class ActivityAttendanceView(ScopedQuerysetMixin, WriteCheckMixin, TemplateView):
    """The attendance list of an alliance activity: confirmed members reported in its area, logged
    as service (hours, kind) and verified at once."""

    template_name = "alliances/volunteering/activity_attendance.html"

    def get_activity(self) -> Activity:
        if not hasattr(self, "activity"):
            self.activity = get_object_or_404(
                Activity.objects.visible_to(self.request.user).select_related("alliance"), pk=self.kwargs["pk"]
            )
        return self.activity

    def candidates(self, activity):
        """Members whose confirmed report is to a community in the activity's area, not yet on its list."""
        reported = MemberReport.objects.filter(status=ReportStatus.CONFIRMED).in_area(activity.area_code)
        return (
            InServiceMember.objects.visible_to(self.request.user)
            .filter(pk__in=reported.values("member_id"))
            .exclude(pk__in=ServiceRecord.objects.filter(activity=activity).values("member_id"))
            .select_related("person")
            .order_by("person__name", "id")
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.get_activity()
        writable = self.scope.can_write(activity.area_code)
        back = self.request.get_full_path()
        records = list(
            ServiceRecord.objects.filter(activity=activity)
            .select_related("member__person", "kind", "report__community")
            .order_by("member__person__name", "id")
        )
        for record in records:
            record.steps = (
                [step_form(RECORD_STEPS, "verify", "alliances:service_record_step", record.pk, back)]
                if writable and not record.is_verified
                else []
            )
        waiting = [record for record in records if not record.is_verified]
        if writable and form is None:
            members = [Choice(member.pk, member.person.name) for member in self.candidates(activity)]
            if members:
                form = AttendanceForm(
                    candidates=self.candidates(activity),
                    members=members,
                    initial={"served_on": activity.held_on},
                    auto_id="id_attendance_%s",
                )
        context.update(
            {
                "activity": activity,
                "title": activity.title,
                "alliance_url": reverse("alliances:alliance_detail", args=[activity.alliance_id]),
                "records": records,
                "waiting": len(waiting),
                "hours": hours_value(sum(record.hours for record in records if record.is_verified)),
                "writable": writable,
                "form": form if writable else None,
                "verify_all": step_form(ACTIVITY_STEPS, "verify", "alliances:activity_step", activity.pk, back)
                if writable and waiting
                else None,
            }
        )
        return context

    def post(self, request, pk):
        activity = self.get_activity()
        self.check_write(activity.area_code)
        form = AttendanceForm(request.POST, candidates=self.candidates(activity), auto_id="id_attendance_%s")
        if form.is_valid():
            data = form.cleaned_data
            try:
                records = services.activity_attendance_record(
                    activity=activity,
                    members=data["members"],
                    hours=data["hours"],
                    kind=data["kind"],
                    served_on=data["served_on"],
                    actor=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("Attendance recorded: %(n)s members. It counts once verified.") % {"n": len(records)},
                )
                return redirect(reverse("alliances:activity_attendance", args=[activity.pk]))
        return self.render_to_response(self.get_context_data(form=form))


# Lists ------------------------------------------------------------------------------------------------


def community_name_subquery(field: str = "area_code"):
    return Subquery(Community.objects.filter(code=OuterRef(field)).values("name")[:1])


class InServiceMemberListView(FilteredListView):
    model = InServiceMember
    queryset = InServiceMember.objects.select_related("person", "organization").annotate(
        community_name=community_name_subquery()
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


class MemberReportListView(FilteredListView):
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


class ServicePostListView(FilteredListView):
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


class ServiceRecordListView(FilteredListView):
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
