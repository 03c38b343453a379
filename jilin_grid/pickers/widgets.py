"""The picker's widget and the helper forms use to put it on a model choice field."""

from __future__ import annotations

import copy
import json

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PickerSelect(forms.Select):
    """A drop-down of a model choice field that renders every choice when the user's area holds
    few, and only the chosen one (searched for in the browser) when it holds more than
    ``PICKER_INLINE_LIMIT``."""

    def __init__(self, picker: str, *, depends: dict[str, str] | None = None, attrs=None):
        super().__init__(attrs)
        self.picker = picker
        self.depends = depends or {}

    def __deepcopy__(self, memo):
        clone = super().__deepcopy__(memo)
        clone.depends = dict(self.depends)
        return clone

    def is_searched(self) -> bool:
        queryset = getattr(self.choices, "queryset", None)
        return queryset is not None and queryset.count() > settings.PICKER_INLINE_LIMIT

    def get_context(self, name, value, attrs):
        searched = self.is_searched()
        attrs = {
            **(attrs or {}),
            "data-picker-url": reverse("picker", args=[self.picker]),
            "data-picker-depends": json.dumps(self.depends),
        }
        if searched:
            attrs["data-picker-search"] = "1"
            attrs["data-picker-placeholder"] = str(_("Type a name to search"))
            attrs["data-picker-more"] = str(_("More match: type more of the name"))
        choices = self.choices
        if searched:
            selected = [item for item in self.format_value(value) if item]
            narrowed = copy.copy(choices)
            narrowed.queryset = choices.queryset.filter(pk__in=[item for item in selected if item.isdigit()])
            self.choices = narrowed
        try:
            return super().get_context(name, value, attrs)
        finally:
            self.choices = choices


def use_picker(form: forms.BaseForm, name: str, picker: str, *, depends: dict[str, str] | None = None) -> None:
    """Put the picker ``picker`` on the form's model choice field ``name``; ``depends`` maps the
    picker's filters to the form's fields they follow (``{"grid": "grid"}``)."""
    field = form.fields[name]
    widget = PickerSelect(picker, depends=depends, attrs=dict(field.widget.attrs))
    widget.is_required = field.widget.is_required
    field.widget = widget
    field.queryset = field.queryset  # hands the choices to the new widget


def use_pickers(form: forms.BaseForm, *, depends: dict[str, dict[str, str]] | None = None) -> None:
    """Put its model's picker on every model choice field of ``form`` whose model has one (a
    filter form's grid, compound, building); ``depends`` gives a field's ``depends``."""
    from .registry import picker_for

    for name, field in list(form.fields.items()):
        if not isinstance(field, forms.ModelChoiceField) or isinstance(field.widget, forms.HiddenInput):
            continue
        picker = picker_for(field.queryset.model)
        if picker and not isinstance(field.widget, PickerSelect):
            use_picker(form, name, picker, depends=(depends or {}).get(name))
