"""Forms of the cockpit: the period chooser's choices and the composite index's editor (one row per
indicator; the set is validated by ``services.index_validate``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jilin_grid.figures import families

from .choices import Direction
from .models import MAX_WEIGHT


def figure_choices() -> list:
    """Every registered figure, grouped by family: ``[(family label, [(key, label), ...]), ...]``."""
    return [
        (str(family.label), [(f"{family.name}.{figure.key}", str(figure.label)) for figure in family.figures])
        for family in families()
    ]


class IndicatorForm(forms.Form):
    """One indicator of the composite index."""

    figure = forms.ChoiceField(label=_("Figure"), choices=figure_choices)
    better = forms.ChoiceField(label=_("Better"), choices=Direction.choices)
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=MAX_WEIGHT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"


class BaseIndicatorFormSet(forms.BaseFormSet):
    def indicators(self):
        from .services import IndicatorInput

        return [
            IndicatorInput(form.cleaned_data["figure"], form.cleaned_data["better"], form.cleaned_data["weight"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


IndicatorFormSet = forms.formset_factory(
    IndicatorForm, formset=BaseIndicatorFormSet, extra=2, can_delete=True, max_num=30, validate_max=True
)
