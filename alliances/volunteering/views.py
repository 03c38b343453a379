"""Pages of one in-service party member, post and activity: the member's page with their history and
service by month, the member and post forms, and an activity's attendance list; and the steps
(report, post, claim, service, activity) each page POSTs.

Every page starts from ``visible_to(user)`` (outside the area: 404); writing needs a writing role
over the record's area (403 for read-only roles); every write calls
``alliances.volunteering.services``, whose refusals are shown beside the form or as the step's
message, and nothing is written then.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from alliances.loop.models import Activity
from jilin_grid.forms import ConfirmForm, apply_validation_error
from jilin_grid.masking import shown_phone
from jilin_grid.scope import COMMUNITY_CODE_LENGTH
from jilin_grid.steps import ReturnStepView, Step, StepPageMixin, record_step
from jilin_grid.views import (
    REFUSED_STATUS,
    CommunityUpMixin,
    HtmlCell,
    ScopedCreateView,
    ScopedQuerysetMixin,
    ScopedUpdateView,
    WriteCheckMixin,
    badge_cell,
)

from . import services
from .choices import MemberReportStatus
from .forms import (
    AttendanceForm,
    ClaimForm,
    DeclineForm,
    EndReportForm,
    LogServiceForm,
    MemberEditForm,
    MemberReportForm,
    ServicePostForm,
)
from .models import InServiceMember, MemberReport, PostClaim, ServicePost, ServiceRecord
from .selectors import (
    hours_value,
    member_service_by_month,
)

# A member offered as a choice (a claim, an attendance list) without loading the whole record.
Choice = namedtuple("Choice", "pk name")

MEMBERS_PER_PAGE = 20
PENDING_LIMIT = 50
MEMBER_RECORDS_LIMIT = 50

STATUS_CSS = {
    MemberReportStatus.REPORTED: "text-bg-warning",
    MemberReportStatus.CONFIRMED: "text-bg-success",
    MemberReportStatus.DECLINED: "text-bg-secondary",
    MemberReportStatus.ENDED: "text-bg-light border",
}


class VolunteeringPageMixin(CommunityUpMixin):
    """Volunteering is kept by communities and the areas above them: a role whose areas are all
    grids is refused its pages, saying why (403), and has no menu entry for them."""

    denied_message = _("Volunteering is followed from the community up; your role works in a grid.")


def area_url(code: str) -> str:
    return reverse("alliances:volunteering_area", args=[code])


def member_url(member_id: int) -> str:
    return reverse("alliances:member_detail", args=[member_id])


def report_status_cell(report) -> HtmlCell:
    label = report.get_status_display()
    css = STATUS_CSS.get(report.status, "text-bg-secondary")
    return badge_cell(label, css, report.status, data="status")


def post_state(post) -> tuple[str, Any, str]:
    """(state, label, badge class) of a post: closed, full, or open with places left."""
    if not post.is_open:
        return "closed", _("Closed"), "text-bg-secondary"
    if post.places_left == 0:
        return "full", _("Full"), "text-bg-warning"
    return "open", _("Open"), "text-bg-success"


def post_state_cell(post) -> HtmlCell:
    state, label, css = post_state(post)
    return badge_cell(label, css, state, data="post-state")


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
        {"end_reason": "reason"},
    ),
    "end": Step(
        _("End the report"),
        EndReportForm,
        lambda report, data, actor: services.member_report_end(
            report=report, reason=data["reason"], ended_on=data["ended_on"]
        ),
        _("Report ended; the places the member held are free again."),
        "btn-outline-danger",
        {"end_reason": "reason"},
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
    "verify_all": Step(
        _("Verify all"),
        ConfirmForm,
        lambda activity, data, actor: services.activity_service_verify(activity=activity, actor=actor),
        _("The activity's service is verified: it now counts."),
        "btn-success",
    ),
}


class VolunteeringStepView(ReturnStepView):
    """A step on a report, post, claim, service record or activity: writers of the record's area
    take it (others 403, outside 404), then return to the page it was taken on (``next``), which
    shows a refusal beside the form of that record's step."""

    def may_take(self, obj, name, step) -> bool:
        return self.scope.can_write(obj.area_code)

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

    def form_kwargs(self, obj, name):
        # The members offered, as on the community's page (a refused claim shows the same list).
        return {"members": confirmed_members(obj.area_code)} if name == "claim" else {}


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


def confirmed_members(code: str) -> list[Choice]:
    """The members whose report to the community ``code`` is confirmed: those who may claim its posts."""
    rows = (
        MemberReport.objects.filter(area_code=code, status=MemberReportStatus.CONFIRMED)
        .order_by("member__person__name", "member_id")
        .values_list("member_id", "member__person__name")
    )
    return [Choice(*row) for row in rows]


# The member page ------------------------------------------------------------------------------------


class MemberPageView(StepPageMixin, ScopedQuerysetMixin, TemplateView):
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
                names = ["confirm", "decline"] if report.status == MemberReportStatus.REPORTED else []
                names += ["end"] if report.is_open else []
                report.steps = [
                    record_step(self, REPORT_STEPS, name, "alliances:member_report_step", report.pk, back)
                    for name in names
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
                    record_step(self, CLAIM_STEPS, "log", "alliances:post_claim_step", claim.pk, back),
                    record_step(self, CLAIM_STEPS, "withdraw", "alliances:post_claim_step", claim.pk, back),
                ]
        records = list(
            member.service_records.select_related("kind", "post", "activity", "report__community").order_by(
                "-served_on", "-id"
            )[: MEMBER_RECORDS_LIMIT + 1]
        )
        for record in records:
            record.on = service_on(record)
            record.steps = (
                [record_step(self, RECORD_STEPS, "verify", "alliances:service_record_step", record.pk, back)]
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
    area_length = COMMUNITY_CODE_LENGTH  # members report to communities
    success_url_name = "alliances:member_list"
    success_message = _("Report recorded; it awaits the community's confirmation.")
    title = _("Report an in-service party member")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def perform(self, form):
        return services.member_report_submit(**form.service_kwargs(), actor=self.request.user)


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
    area_length = COMMUNITY_CODE_LENGTH  # a community publishes its posts
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


class ActivityAttendanceView(StepPageMixin, ScopedQuerysetMixin, WriteCheckMixin, TemplateView):
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
        reported = MemberReport.objects.filter(status=MemberReportStatus.CONFIRMED).in_area(activity.area_code)
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
                [record_step(self, RECORD_STEPS, "verify", "alliances:service_record_step", record.pk, back)]
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
                "verify_all": record_step(
                    self, ACTIVITY_STEPS, "verify_all", "alliances:activity_step", activity.pk, back
                )
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
        return self.render_to_response(self.get_context_data(form=form), status=REFUSED_STATUS)
