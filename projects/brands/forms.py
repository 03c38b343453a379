"""Forms of the service brand pages: a community's application and a judge's score. Choices stay
inside the user's area; services save the records."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from jilin_grid.forms import ScopedModelForm, StyledForm

from .choices import RoundStatus
from .models import BrandApplication, SelectionRound
from .permissions import may_apply


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
        self.fields["projects"].help_text = _("The community's No.1 projects the brand grew from.")

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
