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


class PickerSelectMultiple(PickerSelect, forms.SelectMultiple):
    """The picker of a field that takes several records (a brand's No.1 projects): a list to
    choose several from, searched in the browser the same way; what is chosen stays chosen while
    the user searches for more."""


def use_picker(form: forms.BaseForm, name: str, picker: str, *, depends: dict[str, str] | None = None) -> None:
    """Put the picker ``picker`` on the form's model choice field ``name`` (one record, or several
    for a multiple choice field); ``depends`` maps the picker's filters to the form's fields they
    follow (``{"grid": "grid"}``)."""
    field = form.fields[name]
    widget_class = PickerSelectMultiple if isinstance(field, forms.ModelMultipleChoiceField) else PickerSelect
    widget = widget_class(picker, depends=depends, attrs=dict(field.widget.attrs))
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


class AreaPickerSelect(forms.Select):
    """The choice of an area of the user's, sending its code: every area as an indented tree when the
    user's areas are few (``PICKER_INLINE_LIMIT``), otherwise only the chosen one, the others searched
    by name or code through the picker ``area`` (each answer with its path, "丰满区 › 江南街道 ›
    南山社区"). A code outside the user's areas is kept as typed and never named."""

    def __init__(self, *, user=None, empty_label=None, attrs=None):
        super().__init__(attrs)
        self.user = user
        self.empty_label = empty_label if empty_label is not None else _("All my areas")
        self._tree: list | bool | None = False  # not read yet
        self._paths: dict[str, str | None] = {}

    def __deepcopy__(self, memo):
        clone = super().__deepcopy__(memo)
        clone._paths = {}
        return clone

    def tree(self):
        """The user's areas as an indented tree, or None when they are searched instead."""
        from .areas import tree_choices

        if self._tree is False:
            self._tree = tree_choices(self.user) if self.user is not None else None
        return self._tree

    def label_for(self, code: str) -> str:
        """The chosen area's path, or the code itself when it is not one of the user's areas."""
        from .areas import area_path

        if code not in self._paths:
            self._paths[code] = area_path(code, self.user) if self.user is not None else None
        return self._paths[code] or code

    def get_context(self, name, value, attrs):
        tree = self.tree()
        chosen = [item for item in self.format_value(value) if item]
        choices = [("", self.empty_label)]
        if tree is not None:
            listed = {code for code, _label in tree}
            choices += [(code, self.label_for(code)) for code in chosen if code not in listed] + list(tree)
        else:
            choices += [(code, self.label_for(code)) for code in chosen]
        self.choices = choices
        attrs = {**(attrs or {}), "data-picker-url": reverse("picker", args=["area"]), "data-picker-depends": "{}"}
        if tree is None:
            attrs["data-picker-search"] = "1"
            attrs["data-picker-placeholder"] = str(_("Type an area's name or code"))
            attrs["data-picker-more"] = str(_("More match: type more of the name"))
        return super().get_context(name, value, attrs)


def use_area_picker(form: forms.BaseForm, name: str, user, *, empty_label=None) -> None:
    """Put the area picker on the form's area code field ``name`` and refuse a code outside the
    user's areas beside it (the message names no area)."""
    from .areas import check_area

    field = form.fields[name]
    attrs = dict(field.widget.attrs)
    attrs.pop("list", None)
    if "class" in attrs:  # a text box's class, if the form was styled already
        attrs["class"] = " ".join(
            ["form-select"] + [c for c in attrs["class"].split() if c not in ("form-control", "form-select")]
        )
    widget = AreaPickerSelect(user=user, empty_label=empty_label, attrs=attrs)
    widget.is_required = field.required
    field.widget = widget
    field.validators = [*field.validators, lambda code: check_area(code, user)]
