"""Forms of the rectification: identification (the organization carried from the candidate or the
search), a measure, a measure done, a month's progress, the members reporting, an extension and the
acceptance. The services' refusals land beside the field they name."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alliances.cadres.models import Department
from alliances.volunteering.choices import OPEN_REPORT_STATUSES
from alliances.volunteering.models import MemberReport
from communities.models import Community, PartyOrganization, Person
from jilin_grid.forms import DateInput, StepForm, StyledForm
from jilin_grid.scope import get_scope, prefix_q
from projects.assessment.choices import ReviewGrade, ScoreStatus
from projects.assessment.models import BranchScore, SecretaryReport

from .choices import CaseSource
from .models import ProblemKind
from .services import DISTRICT_CODE_LENGTH, case_community_prefix


class IdentifyForm(StyledForm):
    """Identify an organization (chosen before the form) as weak and lax."""

    source = forms.ChoiceField(label=_("Identified from"), choices=CaseSource.choices)
    score = forms.ModelChoiceField(label=_("Low score"), queryset=BranchScore.objects.none(), required=False)
    review = forms.ModelChoiceField(
        label=_("Poor report-and-review"), queryset=SecretaryReport.objects.none(), required=False
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("The district's reason, when it decided."))  # fmt: skip
    problems = forms.ModelMultipleChoiceField(
        label=_("Problems found"), queryset=ProblemKind.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple, required=False,
    )  # fmt: skip
    problem_note = forms.CharField(label=_("Problems in detail"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    guarantor = forms.ModelChoiceField(
        label=_("County standing-committee guarantor"), queryset=Person.objects.none(),
        help_text=_("A standing-committee member, kept among the people of the organization's district."),
    )  # fmt: skip
    department = forms.ModelChoiceField(label=_("Helping department"), queryset=Department.objects.none())
    paired_community = forms.ModelChoiceField(
        label=_("Paired excellent community"), queryset=Community.objects.none(),
        help_text=_("Its latest confirmed score must have four stars or more."),
    )  # fmt: skip
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())

    def __init__(self, *args, organization: PartyOrganization, user, **kwargs):
        super().__init__(*args, **kwargs)
        district = organization.area_code[:DISTRICT_CODE_LENGTH]
        self.fields["score"].queryset = BranchScore.objects.filter(
            organization=organization, status=ScoreStatus.CONFIRMED,
            confirmed_total__lt=settings.ASSESSMENT_RECTIFICATION_BELOW,
        ).order_by("-year")  # fmt: skip
        self.fields["score"].label_from_instance = lambda s: f"{s.year} · {s.confirmed_total}"
        self.fields["review"].queryset = SecretaryReport.objects.filter(
            organization=organization, result=ReviewGrade.POOR
        ).order_by("-year")
        self.fields["review"].label_from_instance = lambda r: f"{r.year} · {r.get_result_display()}"
        # The district's own people (its leaders are kept at the district's code).
        self.fields["guarantor"].queryset = Person.objects.filter(area_code=district).order_by("name")
        self.fields["department"].queryset = Department.objects.filter(
            area_code__in=[settings.CITY_CODE, district], is_active=True
        ).order_by("area_code", "name")
        self.fields["paired_community"].queryset = (
            Community.objects.filter(get_scope(user).reach_q("code") | prefix_q("code", district))
            .exclude(code=organization.area_code[:12])
            .order_by("code")
        )


class MeasureForm(StepForm):
    title = forms.CharField(label=_("Measure"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())


class CompleteForm(StepForm):
    measure = forms.TypedChoiceField(label=_("Measure"), coerce=int)
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [(m.pk, f"{m.title} ({m.due_on})") for m in measures if m.done_on is None]


class ProgressForm(StepForm):
    month = forms.DateField(label=_("Month"), widget=DateInput(), help_text=_("Any day of the month reported on."))
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MembersForm(StepForm):
    member_reports = forms.ModelMultipleChoiceField(
        label=_("In-service members reporting"), queryset=MemberReport.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            field = self.fields["member_reports"]
            field.queryset = (
                MemberReport.objects.filter(
                    Q(prefix_q("area_code", case_community_prefix(case.organization)), status__in=OPEN_REPORT_STATUSES)
                    | Q(pk__in=case.member_reports.values("pk"))
                )
                .select_related("member__person", "community")
                .order_by("member__person__name")
            )
            field.label_from_instance = lambda r: f"{r.member.person.name} · {r.member.unit_name} · {r.community.name}"
            field.initial = list(case.member_reports.values_list("pk", flat=True))


class ExtendForm(StepForm):
    new_deadline = forms.DateField(label=_("New deadline"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AcceptForm(StepForm):
    accepted_on = forms.DateField(label=_("Accepted on"), widget=DateInput())
    note = forms.CharField(label=_("Acceptance note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    open_measures_reason = forms.CharField(
        label=_("Why open measures are left"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only when measures are still open: acceptance is otherwise refused."),
    )  # fmt: skip
