"""Pages of the annual report-and-review of party building (党建述职评议): a department's rounds,
a round with its reports and, once published, its ranked results and their export, a secretary's
report with its sections and grades, and the forms and steps of each."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from jilin_grid.areas import area_name_annotation, area_names
from jilin_grid.forms import ConfirmForm
from jilin_grid.steps import ReturnStepView, Step, StepPageMixin, record_step
from jilin_grid.views import (
    Column,
    ExportMixin,
    FilteredListView,
    ScopedQuerysetMixin,
    ServiceFormMixin,
)

from .. import services
from ..choices import ReportStatus, ReviewGrade, ReviewRoundStatus
from ..filtersets import ReviewRoundFilterSet
from ..forms import ReviewRoundForm, SecretaryReportForm, VoteForm
from ..models import (
    ReviewRound,
    ReviewVote,
    SecretaryReport,
)
from ..permissions import (
    may_run_round,
    may_write_report,
    reads_comments,
    runs_any_round,
)
from ..selectors import (
    grade_distribution,
    report_page,
    reporting_organizations,
    round_not_reported,
    round_reports,
)

NOT_THE_DEPARTMENT = _("Only the organization department of the round's area opens it and publishes its results.")
NOT_A_WRITER = _("Only the organization's own staff write and submit its report.")
NOT_A_REVIEWER = _("Only the reviewers appointed to this round grade its reports.")


def review_round_url(review_round) -> str:
    return reverse("projects:review_round_detail", args=[review_round.pk])


def secretary_report_url(report) -> str:
    return reverse("projects:secretary_report_detail", args=[report.pk])


def grade_label(value: str) -> str:
    return str(ReviewGrade(value).label) if value else ""


ROUND_STEPS = {
    "publish": Step(
        _("Publish the results"),
        ConfirmForm,
        lambda review_round, data, actor: services.review_round_publish(review_round=review_round, actor=actor),
        _("The results are published, ranked."),
        "btn-danger",
    ),
}
REPORT_STEPS = {
    "submit": Step(
        _("Submit the report"),
        ConfirmForm,
        lambda report, data, actor: services.secretary_report_submit(report=report, actor=actor),
        _("The report is submitted: its reviewers grade it now."),
        "btn-danger",
    ),
    "vote": Step(
        _("Grade"),
        VoteForm,
        lambda report, data, actor: services.review_vote_cast(
            report=report, reviewer=actor, grade=data["grade"], comment=data["comment"]
        ),
        _("Your grade is recorded."),
        "btn-primary",
    ),
    "change-vote": Step(
        _("Change your grade"),
        VoteForm,
        lambda report, data, actor: services.review_vote_change(
            report=report, reviewer=actor, grade=data["grade"], comment=data["comment"]
        ),
        _("Your grade is changed."),
        "btn-outline-primary",
    ),
}


class ReviewRoundListView(FilteredListView):
    """The report-and-review rounds of the user's areas and of those above them, by area and year."""

    model = ReviewRound
    queryset = ReviewRound.objects.annotate(
        area_name=area_name_annotation(),
        submitted=Count("reports", filter=Q(reports__status=ReportStatus.SUBMITTED)),
    ).order_by("-year", "area_code", "id")
    template_name = "projects/assessment/review_round_list.html"
    filterset_class = ReviewRoundFilterSet
    title = _("Report-and-review of party building")
    columns = [
        Column(_("Year"), lambda r: r.year),
        Column(_("Organization department"), lambda r: r.area_name, link=review_round_url),
        Column(_("Status"), lambda r: r.get_status_display()),
        Column(_("Reports submitted"), lambda r: r.submitted),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["open_url"] = reverse("projects:review_round_create") if runs_any_round(self.scope) else None
        return context


class ReviewRoundCreateView(ServiceFormMixin, FormView):
    """A department (the city's or a district's) opens its area's round of a year with its reviewers."""

    form_class = ReviewRoundForm
    success_url_name = "projects:review_round_list"
    success_message = _("The round is open: the secretaries write their reports.")
    title = _("Open a report-and-review round")
    denied_message = _("Only the city's and the districts' organization departments open a round.")

    @classmethod
    def permits(cls, scope) -> bool:
        return runs_any_round(scope)

    def perform(self, form):
        data = form.cleaned_data
        if not may_run_round(self.scope, data["area_code"]):
            raise ValidationError({"area_code": NOT_THE_DEPARTMENT})
        return services.review_round_open(
            area_code=data["area_code"], year=data["year"], reviewers=list(data["reviewers"]), actor=self.request.user
        )

    def get_success_url(self):
        return review_round_url(self.object)


class ReviewRoundDetailView(StepPageMixin, ScopedQuerysetMixin, ExportMixin, TemplateView):
    """A round: its reports with their status and grades so far; once published the ranked results
    with the distribution of the grades as a chart (``?export=xlsx``), and the organizations that did
    not report. The department publishes here."""

    model = ReviewRound
    template_name = "projects/assessment/review_round_detail.html"

    def get_round(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        fmt = self.requested_export()
        if fmt:
            review_round = self.get_round()
            if review_round.status != ReviewRoundStatus.PUBLISHED:
                raise Http404(_("The results are not published yet."))
            rows = round_reports(review_round, request.user).filter(status=ReportStatus.SUBMITTED)
            headers = [_("Rank"), _("Party organization"), _("Secretary"), _("Area"), _("Result"), _("Share of 好"),
                       *[grade.label for grade in ReviewGrade]]  # fmt: skip
            cells = (
                [row.rank, row.organization_name, row.secretary_name, row.area_name, grade_label(row.result),
                 f"{row.good_share * 100:.1f}%" if row.good_share is not None else "",
                 *[getattr(row, f"votes_{grade.value}") for grade in ReviewGrade]]
                for row in rows
            )  # fmt: skip
            return self.export_response(
                fmt=fmt, headers=headers, rows=cells, name=f"review-{review_round.area_code}-{review_round.year}"
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        review_round = self.get_round()
        reviewers = list(review_round.reviewers.order_by("username"))
        reviewer_ids = {reviewer.pk for reviewer in reviewers}
        published = review_round.status == ReviewRoundStatus.PUBLISHED
        reports = list(round_reports(review_round, user))
        mine = (
            dict(ReviewVote.objects.filter(report__round=review_round, reviewer=user).values_list("report_id", "grade"))
            if user.pk in reviewer_ids
            else {}
        )
        for report in reports:
            report.grade_counts = [(grade.label, getattr(report, f"votes_{grade.value}")) for grade in ReviewGrade]
            report.my_grade = grade_label(mine.get(report.pk, ""))
        department = may_run_round(self.scope, review_round.area_code)
        not_reported = list(round_not_reported(review_round, user))
        for organization in not_reported:
            organization.writable = not published and may_write_report(self.scope, organization.area_code)
        back = self.request.get_full_path()
        context.update(
            {
                "round": review_round,
                "area_name": area_names([review_round.area_code]).get(review_round.area_code, review_round.area_code),
                "published": published,
                "reports": reports,
                "not_reported": not_reported,
                "reviewers": reviewers,
                "is_reviewer": user.pk in reviewer_ids,
                "department": department,
                "chart": grade_distribution(reports) if published else None,
                "round_steps": [
                    record_step(self, ROUND_STEPS, "publish", "projects:review_round_step", review_round.pk, back)
                ]
                if department and not published
                else [],
                "rule": settings.ASSESSMENT_REVIEW_RULE,
            }
        )
        return context


class ReviewRoundStepView(ReturnStepView):
    """The department publishes its round's results (others 403, outside 404)."""

    model = ReviewRound
    steps = ROUND_STEPS
    denied_message = NOT_THE_DEPARTMENT

    def may_take(self, obj, name, step) -> bool:
        return may_run_round(self.scope, obj.area_code)

    def default_url(self, obj) -> str:
        return review_round_url(obj)


class SecretaryReportWriteView(ServiceFormMixin, FormView):
    """The organization's own staff write (or rewrite) its draft report of a round, section by section."""

    form_class = SecretaryReportForm
    title = _("Write the secretary's report")
    success_message = _("The report is saved as a draft: submit it once it is complete.")
    error_field_map = {"organization": "__all__", "sections": "__all__"}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.review_round = get_object_or_404(ReviewRound.objects.visible_to(request.user), pk=kwargs["pk"])
            self.organization = get_object_or_404(
                reporting_organizations(self.review_round.area_code)
                .visible_to(request.user)
                .select_related("secretary"),
                pk=kwargs["organization"],
            )
            if not may_write_report(self.scope, self.organization.area_code):
                raise PermissionDenied(NOT_A_WRITER)
            self.report = SecretaryReport.objects.filter(
                round=self.review_round, organization=self.organization
            ).first()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["sections"] = list(self.report.sections.order_by("number")) if self.report else []
        return kwargs

    def perform(self, form):
        return services.secretary_report_write(
            review_round=self.review_round, organization=self.organization, sections=form.sections(),
            actor=self.request.user,
        )  # fmt: skip

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"{self.title}: {self.organization.name} · {self.review_round.year}"
        return context

    def get_success_url(self):
        return secretary_report_url(self.object)

    def get_cancel_url(self):
        return secretary_report_url(self.report) if self.report else review_round_url(self.review_round)


class SecretaryReportDetailView(StepPageMixin, ScopedQuerysetMixin, TemplateView):
    """A secretary's report: its sections; the grades and comments (for the round's department and
    reviewers); the result and rank once published; the steps the user may take."""

    model = SecretaryReport
    template_name = "projects/assessment/secretary_report_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        report = get_object_or_404(
            self.get_queryset().select_related("round", "organization", "secretary"), pk=self.kwargs["pk"]
        )
        review_round = report.round
        reviewer_ids = set(review_round.reviewers.values_list("pk", flat=True))
        page = report_page(report)
        votes = page["votes"]
        is_open = review_round.status == ReviewRoundStatus.OPEN
        submitted = report.status == ReportStatus.SUBMITTED
        mine = next((vote for vote in votes if vote.reviewer_id == user.pk), None)
        back = self.request.get_full_path()
        url = "projects:secretary_report_step"
        steps = []
        writer = may_write_report(self.scope, report.area_code)
        if writer and is_open and not submitted:
            steps.append(record_step(self, REPORT_STEPS, "submit", url, report.pk, back))
        if user.pk in reviewer_ids and is_open and submitted:
            if mine is None:
                steps.append(record_step(self, REPORT_STEPS, "vote", url, report.pk, back))
            else:
                step = record_step(self, REPORT_STEPS, "change-vote", url, report.pk, back)
                if not step["form"].is_bound:
                    step["form"].initial.update({"grade": mine.grade, "comment": mine.comment})
                steps.append(step)
        counts = {grade.value: 0 for grade in ReviewGrade}
        for vote in votes:
            counts[vote.grade] += 1
        context.update(
            {
                "report": report,
                "round": review_round,
                "sections": page["sections"],
                "votes": votes,
                "vote_count": len(votes),
                "grade_counts": [(grade.label, counts[grade.value]) for grade in ReviewGrade],
                "reads_comments": reads_comments(self.scope, user, review_round, reviewer_ids),
                "published": not is_open,
                "my_vote": mine,
                "steps": steps,
                "write_url": reverse("projects:secretary_report_write", args=[review_round.pk, report.organization_id])
                if writer and is_open and not submitted
                else None,
            }
        )
        return context


class SecretaryReportStepView(ReturnStepView):
    """Submit a report (its own staff), grade it or change the grade (an appointed reviewer)."""

    model = SecretaryReport
    steps = REPORT_STEPS

    def get_queryset(self):
        return super().get_queryset().select_related("round")

    def may_take(self, obj, name, step) -> bool:
        if name == "submit":
            self.denied_message = NOT_A_WRITER
            return may_write_report(self.scope, obj.area_code)
        self.denied_message = NOT_A_REVIEWER
        return obj.round.reviewers.filter(pk=self.request.user.pk).exists()

    def default_url(self, obj) -> str:
        return secretary_report_url(obj)
