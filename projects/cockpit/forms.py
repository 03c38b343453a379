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


def _blank_and_figures() -> list:
    return [("", "—"), *figure_choices()]


class IndicatorForm(forms.Form):
    """One indicator of the composite index. A row left blank adds nothing; a direction left
    blank is the figure's own."""

    figure = forms.ChoiceField(label=_("Figure"), choices=_blank_and_figures)
    better = forms.ChoiceField(label=_("Better"), choices=[("", "—"), *Direction.choices], required=False)
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=MAX_WEIGHT)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("figure") and not cleaned.get("better"):
            from jilin_grid.figures import figure_get

            cleaned["better"] = Direction.of(figure_get(cleaned["figure"])[1].better).value
        return cleaned

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
