"""Forms of the branch assessment: the three steps' scoring form (a points field and a reason field
per task), evidence, a task of the standard, and the year a standard is copied to."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import District
from jilin_grid.areas import area_names
from jilin_grid.forms import StepForm, StyledForm, style_fields
from jilin_grid.scope import WRITE_ROLES, get_scope
from projects.projects.forms import MultipleFileField

from .choices import Aspect, Figure, ReviewGrade, ScoreStep
from .models import YEAR_VALIDATORS
from .permissions import may_run_round

OWN_POINTS = {ScoreStep.SELF: "self_points", ScoreStep.REVIEW: "review_points", ScoreStep.CONFIRM: "confirmed_points"}
PREVIOUS_POINTS = {ScoreStep.SELF: "self_points", ScoreStep.REVIEW: "self_points", ScoreStep.CONFIRM: "review_points"}


class ScoreForm(StepForm):
    """One step of a branch's score: ``points_<task id>`` and ``reason_<task id>`` for each task,
    starting from the previous step's points (a reason is needed where they differ)."""

    def __init__(self, *args, tasks=(), items=None, step: str = ScoreStep.SELF, **kwargs):
        super().__init__(*args, **kwargs)
        self.tasks = list(tasks)
        items = items or {}
        own = OWN_POINTS[step]
        for task in self.tasks:
            item = items.get(task.pk)
            start = None
            if item is not None:
                start = getattr(item, own)
                if start is None:
                    start = getattr(item, PREVIOUS_POINTS[step])
            self.fields[f"points_{task.pk}"] = forms.IntegerField(
                label=_("Points of task %(number)s") % {"number": task.number},
                min_value=0,
                max_value=task.points,
                initial=start,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "inputmode": "numeric"}),
            )
            reason = getattr(item, own.replace("_points", "_reason")) if item is not None else ""
            self.fields[f"reason_{task.pk}"] = forms.CharField(
                initial=reason,
                label=_("Reason of task %(number)s") % {"number": task.number},
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self) -> list[dict]:
        """The task's fields side by side, for the scoring table."""
        return [
            {"task": task, "points": self[f"points_{task.pk}"], "reason": self[f"reason_{task.pk}"]}
            for task in self.tasks
        ]


class EvidenceForm(StepForm):
    """Evidence of a task: files and/or a note pointing at records the portal holds."""

    held_upload_fields = ("files",)

    task = forms.TypedChoiceField(label=_("Task"), coerce=int)
    files = MultipleFileField(label=_("Files"), required=False, help_text=_("Images, PDF and Office files."))
    note = forms.CharField(
        label=_("Note or link"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the evidence shows, or where the portal holds it (a meeting, an activity, a project)."),
    )

    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [
            (task.pk, f"{task.number}. {task.title}{' *' if task.evidence_required else ''}") for task in tasks
        ]


class TaskForm(StyledForm):
    """A task of the standard, as the city organization department edits it."""

    aspect = forms.ChoiceField(label=_("Aspect"), choices=Aspect.choices)
    title = forms.CharField(label=_("Task"), max_length=200)
    points = forms.IntegerField(label=_("Points"), min_value=1, max_value=100)
    description = forms.CharField(
        label=_("What earns the points"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence_required = forms.BooleanField(label=_("Evidence required"), required=False)
    figure = forms.ChoiceField(label=_("Portal figure shown"), choices=Figure.choices, required=False)


class CopyStandardForm(StyledForm):
    """The year a new standard starts in, as a copy of the latest before it."""

    year = forms.IntegerField(label=_("Year"), validators=YEAR_VALIDATORS)


# The annual report-and-review (述职评议) -------------------------------------------------------------

SECTION_FIELDS = 6  # the sections a report's form offers (a report has 3 or 4 as a rule)


def person_label(user) -> str:
    return user.get_full_name() or user.get_username()


class ReviewRoundForm(StyledForm):
    """A department opens its area's round of a year and appoints its reviewers."""

    area_code = forms.ChoiceField(label=_("Organization department"))
    year = forms.IntegerField(label=_("Year"), validators=YEAR_VALIDATORS)
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People granted the department's area or one above it."),
    )

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        scope = get_scope(user)
        codes = sorted(code for code, _role in scope.grants if may_run_round(scope, code))
        if scope.is_superuser:
            districts = District.objects.filter(code__startswith=settings.CITY_CODE).order_by("code")
            codes = [settings.CITY_CODE, *districts.values_list("code", flat=True)]
        names = area_names(codes)
        self.fields["area_code"].choices = [(code, names.get(code, code)) for code in codes]
        # Users with a writing grant of one of these areas or above them.
        prefixes = {code[:length] for code in codes for length in (4, 6) if length <= len(code)}
        reviewers = self.fields["reviewers"]
        reviewers.queryset = (
            get_user_model()
            .objects.filter(is_active=True, area_grants__area_code__in=prefixes, area_grants__role__in=WRITE_ROLES)
            .distinct()
            .order_by("username")
        )
        reviewers.label_from_instance = person_label


class SecretaryReportForm(StyledForm):
    """A secretary's report: up to six sections, each a heading and its text, in order."""

    def __init__(self, *args, user=None, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        sections = list(sections)
        for number in range(1, SECTION_FIELDS + 1):
            section = sections[number - 1] if number <= len(sections) else None
            self.fields[f"heading_{number}"] = forms.CharField(
                label=_("Heading of section %(number)s") % {"number": number},
                required=False,
                max_length=200,
                initial=section.heading if section else "",
            )
            self.fields[f"body_{number}"] = forms.CharField(
                label=_("Text of section %(number)s") % {"number": number},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=section.body if section else "",
            )
        style_fields(self)

    def sections(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [(data[f"heading_{n}"], data[f"body_{n}"]) for n in range(1, SECTION_FIELDS + 1)]


class VoteForm(StepForm):
    """A reviewer's grade and comment."""

    grade = forms.ChoiceField(label=_("Grade"), choices=ReviewGrade.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
