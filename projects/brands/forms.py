"""Forms of the service brand pages: the city's round, a community's application, a judge's score,
the city's steps on an application, and a showcase article. Choices stay inside the user's area;
services save the records."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from jilin_grid import scope as roles
from jilin_grid.forms import DateInput, ScopedModelForm, StepForm, StyledForm
from jilin_grid.pickers.widgets import use_picker
from projects.projects.models import Project

from .choices import ProvinceOutcome, RoundStatus
from .models import BrandApplication, SelectionRound
from .permissions import may_apply

# Who the city may appoint as judges: the people of the city's and the districts' organization
# departments.
JUDGE_ROLES = (roles.CITY_ORG_DEPT, roles.DISTRICT_ORG_DEPT)


def judge_label(user) -> str:
    return user.get_full_name() or user.get_username()


class ApplicationForm(ScopedModelForm):
    """A community's brand for an open round, with the No.1 projects behind it."""

    area_field = "community"

    class Meta:
        model = BrandApplication
        fields = ["round", "community", "name", "description", "evidence", "projects"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "evidence": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["round"].queryset = SelectionRound.objects.visible_to(user).filter(status=RoundStatus.OPEN)
        self.fields["round"].empty_label = None
        communities = Community.objects.visible_to(user).order_by("code")
        self.fields["community"].queryset = communities.filter(
            pk__in=[c.pk for c in communities.only("pk", "code") if may_apply(self.scope, c.code)]
        )
        self.fields["projects"].required = False
        self.fields["projects"].help_text = _(
            "The community's No.1 projects the brand grew from (choose the community first; "
            "hold Ctrl or ⌘ to choose several)."
        )
        use_picker(self, "projects", "project", depends={"community": "community"})

    def _get_validation_exclusions(self):
        # One application per community and round is the service's check, which says so beside
        # the community (the constraint's own message would stand at the top of the form).
        exclude = super()._get_validation_exclusions()
        exclude.add("round")
        return exclude

    def target_area_code(self) -> str | None:
        community = self.cleaned_data.get("community")
        return community.code if community else None


class ScoreForm(StyledForm):
    """A judge's score of one application (0-100) and comment."""

    score = forms.IntegerField(label=_("Score"), validators=[MinValueValidator(0), MaxValueValidator(100)])
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class RoundForm(StyledForm):
    """The city opens a year's selection: its theme and the judges it appoints."""

    year = forms.IntegerField(label=_("Year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    theme = forms.CharField(
        label=_("Theme"), max_length=200, help_text=_("For example 党建引领聚民心，服务提升树品牌.")
    )
    judges = forms.ModelMultipleChoiceField(
        label=_("Judges"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People of the city's and the districts' organization departments."),
    )

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        judges = self.fields["judges"]
        judges.queryset = (
            get_user_model()
            .objects.filter(is_active=True, area_grants__role__in=JUDGE_ROLES)
            .distinct()
            .order_by("username")
        )
        judges.label_from_instance = judge_label


class ForwardForm(StepForm):
    """A winner put forward to the province's selection, with what became of it there."""

    province_outcome = forms.ChoiceField(label=_("Province's selection"), choices=ProvinceOutcome.choices)


class ArticleForm(StyledForm):
    """An article of the showcase column on a winning brand or a No.1 project of the city."""

    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 8}))
    published_on = forms.DateField(label=_("Published on"), widget=DateInput(), initial=timezone.localdate)
    brand = forms.ModelChoiceField(label=_("Brand showcased"), queryset=BrandApplication.objects.none(), required=False)
    project = forms.ModelChoiceField(
        label=_("No.1 project showcased"),
        queryset=Project.objects.none(),
        required=False,
        help_text=_("Name the brand, the No.1 project, or both."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brand"].queryset = (
            BrandApplication.objects.visible_to(user)
            .filter(is_winner=True)
            .select_related("community", "round")
            .order_by("-round__year", "name")
        )
        self.fields["project"].queryset = Project.objects.visible_to(user).order_by("-year", "area_code", "id")
        use_picker(self, "project", "project")
