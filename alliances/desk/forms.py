"""Forms of the one-stop desk: a matter of the catalogue (district staff and above), a social worker
of a community, a new case at the desk (its matter's materials as a checklist), and the steps of a
case page (next step, finish, turn into a resident's problem). Each is saved by
``alliances.desk.services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alliances.cadres.forms import CommunityChoiceField, department_areas
from communities.models import Community
from grids.network.models import Grid
from grids.problems.models import ProblemCategory
from jilin_grid.forms import DateInput, ScopedModelForm, StyledForm, choosable, style_fields
from jilin_grid.scope import get_scope

from .choices import WorkerPost
from .models import Matter, MatterMaterial, SocialWorker
from .services import catalogue_editable

LINES_HELP = _("One a line.")


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class MatterForm(ScopedModelForm):
    """A matter of a district's (or the city's) catalogue: its service mode, its time limit in calendar
    days, its materials (required and optional, one a line) and its steps (in order, one a line)."""

    area_code = forms.ChoiceField(label=_("Catalogue of"))
    required_materials = forms.CharField(label=_("Required materials"), widget=forms.Textarea(attrs={"rows": 4}),
                                         help_text=LINES_HELP)  # fmt: skip
    optional_materials = forms.CharField(
        label=_("Optional materials"), widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text=LINES_HELP
    )
    steps = forms.CharField(label=_("Steps"), widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("In order, one a line."))  # fmt: skip

    class Meta:
        model = Matter
        fields = ["area_code", "name", "mode", "time_limit_days", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = get_scope(self.user)
        field = self.fields["area_code"]
        field.choices = [("", "---------")] + [
            (code, name) for code, name in department_areas(self.user) if catalogue_editable(scope, code)
        ]
        if self.instance.pk:
            field.disabled = True
            field.required = False
            field.choices = [(self.instance.area_code, self.instance.area_code)]
            materials = list(self.instance.materials.all())
            self.initial.update(
                {
                    "required_materials": "\n".join(m.name for m in materials if m.required),
                    "optional_materials": "\n".join(m.name for m in materials if not m.required),
                    "steps": "\n".join(s.name for s in self.instance.steps.all()),
                }
            )

    def target_area_code(self):
        return self.instance.area_code if self.instance.pk else self.cleaned_data.get("area_code")

    def _post_clean(self):
        # The service validates the model and saves it.
        pass

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "mode": data["mode"],
            "time_limit_days": data["time_limit_days"],
            "description": data["description"],
            "materials": [(name, True) for name in split_lines(data["required_materials"])]
            + [(name, False) for name in split_lines(data["optional_materials"])],
            "steps": split_lines(data["steps"]),
        }


class SocialWorkerForm(StyledForm):
    """An all-round social worker of a community: their name and phone, the posts they hold and the
    matters they are skilled in."""

    community = CommunityChoiceField(queryset=Community.objects.order_by("code"), label=_("Community"))
    name = forms.CharField(label=_("Name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    posts = forms.MultipleChoiceField(label=_("Posts"), choices=WorkerPost.choices, widget=forms.CheckboxSelectMultiple)
    matters = forms.ModelMultipleChoiceField(
        label=_("Skilled in"), queryset=Matter.objects.filter(is_active=True), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = choosable(Community.objects.order_by("code"), user)
        self.fields["matters"].queryset = choosable(Matter.objects.order_by("mode", "name"), user)
        style_fields(self)


class SocialWorkerSkillsForm(StyledForm):
    """The posts a social worker holds and the matters they are skilled in."""

    posts = forms.MultipleChoiceField(label=_("Posts"), choices=WorkerPost.choices, widget=forms.CheckboxSelectMultiple)
    matters = forms.ModelMultipleChoiceField(
        label=_("Skilled in"), queryset=Matter.objects.filter(is_active=True), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, user=None, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {"posts": instance.posts, "matters": list(instance.matters.all())})
        super().__init__(*args, **kwargs)
        self.fields["matters"].queryset = choosable(Matter.objects.order_by("mode", "name"), user)
        style_fields(self)


class CaseForm(StyledForm):
    """A resident's matter taken at the desk: the community, the worker, the resident, the grid if the
    case is handled in one, and the matter's materials as a checklist."""

    community = CommunityChoiceField(queryset=Community.objects.order_by("code"), label=_("Community"))
    worker = forms.ModelChoiceField(queryset=SocialWorker.objects.all(), label=_("Social worker"))
    resident_name = forms.CharField(label=_("Resident's name"), max_length=50)
    resident_phone = forms.CharField(label=_("Resident's phone"), max_length=20, required=False)
    grid = forms.ModelChoiceField(
        queryset=Grid.objects.all(), required=False, label=_("Grid"),
        help_text=_("The resident's grid, where the case is handled if it can be."),
    )  # fmt: skip
    materials = forms.ModelMultipleChoiceField(
        queryset=MatterMaterial.objects.none(), required=False, label=_("Materials checked"),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, user=None, matter: Matter, **kwargs):
        super().__init__(*args, **kwargs)
        self.matter = matter
        communities = choosable(Community.objects.order_by("code"), user)
        self.fields["community"].queryset = communities
        if not self.is_bound and "community" not in self.initial and len(communities[:2]) == 1:
            self.initial["community"] = communities[0].pk
        self.fields["worker"].queryset = choosable(
            SocialWorker.objects.select_related("person", "community").order_by("area_code", "id"), user
        )
        self.fields["worker"].label_from_instance = lambda w: f"{w.person.name} · {w.community.name}"
        self.fields["grid"].queryset = choosable(Grid.objects.order_by("code"), user)
        materials = self.fields["materials"]
        materials.queryset = matter.materials.order_by("position")
        materials.label_from_instance = lambda m: m.name if m.required else _("%(name)s (optional)") % {"name": m.name}
        style_fields(self)


class AdvanceForm(StyledForm):
    """The case's next step: the day it was done (today if left empty) and a note."""

    done_on = forms.DateField(label=_("Done on"), required=False, widget=DateInput(), help_text=_("Today if empty."))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class FinishForm(StyledForm):
    """Close the case once every step is done."""

    finished_on = forms.DateField(
        label=_("Finished on"), required=False, widget=DateInput(), help_text=_("Today if empty.")
    )


class EscalateForm(StyledForm):
    """Turn the case into a resident's problem of a grid."""

    category = forms.ModelChoiceField(queryset=ProblemCategory.objects.filter(is_active=True), label=_("Category"))
    grid = forms.ModelChoiceField(
        queryset=Grid.objects.all(), required=False, label=_("Grid"),
        help_text=_("Only when the case has no grid."),
    )  # fmt: skip
    description = forms.CharField(label=_("What the problem is"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None and case.grid_id:
            del self.fields["grid"]  # the problem goes to the case's grid
        elif case is not None:
            self.fields["grid"].queryset = Grid.objects.filter(community_id=case.community_id).order_by("code")
