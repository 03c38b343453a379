"""The base form every page form builds on: choices limited to the user's area, Bootstrap classes."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .scope import get_scope
from .security import API_CLIENT_ONLY_MESSAGE

OUTSIDE_AREA_MESSAGE = _("You may not add or change records in this area.")
# Beside a field whose code (or chosen record) lies outside the user's area. It names no place:
# a refusal never tells what lies outside the caller's area.
OUTSIDE_AREA_CODE_MESSAGE = _("This code is not in your area. Enter the code of an area you look after.")
READ_ONLY_AREA_MESSAGE = _("Your role may only read records in this area: choose an area where you may make changes.")


def style_fields(form: forms.BaseForm) -> None:
    """Give every widget the Bootstrap class it needs."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput) or getattr(widget, "input_type", "") in ("radio", "checkbox"):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        existing = widget.attrs.get("class", "")
        widget.attrs["class"] = f"{existing} {css}".strip()


def choosable(queryset, user):
    """The records of ``queryset`` a user may choose: inside their area, active ones only."""
    queryset = queryset.visible_to(user)
    if any(f.name == "is_active" for f in queryset.model._meta.get_fields()):
        queryset = queryset.filter(is_active=True)
    return queryset


def scope_choice_fields(form: forms.BaseForm, user, *, keep: tuple[str, ...] = ()) -> None:
    """Limit every model choice to the objects inside the user's area (active ones only); the
    fields named in ``keep`` are already limited otherwise (to the areas above the user's too)."""
    for name, field in form.fields.items():
        if name in keep:
            continue
        queryset = getattr(field, "queryset", None)
        if queryset is None or not hasattr(queryset, "visible_to"):
            continue
        field.queryset = choosable(queryset, user)


def apply_validation_error(form: forms.BaseForm, error: ValidationError, field_map: dict | None = None) -> None:
    """Put a ValidationError raised by a service next to the form fields it is about.

    ``field_map`` renames model fields to form fields (``{"person": "name"}``); errors about
    fields the form does not show go to the top of the form.
    """
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = field_map.get(field, field)
        if target not in form.fields:
            target = None
        form.add_error(target, errors)


class ScopedModelForm(forms.ModelForm):
    """A model form for one user: choices inside their area, and a check that they may write there.

    Subclasses implement ``target_area_code()``: the area code the record will belong to once saved.
    A refusal of that area is shown beside the field it comes from (``area_field``; by default the
    form's ``area_code`` field when it has one), else at the top of the form.
    The record itself is saved by the view through the app's service, never by ``form.save()``.
    """

    area_field: str | None = None

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.scope = get_scope(user)
        scope_choice_fields(self, user)
        style_fields(self)

    def target_area_code(self) -> str | None:
        raise NotImplementedError

    def target_area_field(self) -> str | None:
        """The field the target area comes from, if the form shows it and it can be changed."""
        name = self.area_field or ("area_code" if "area_code" in self.fields else None)
        if name is None or name not in self.fields or self.fields[name].disabled:
            return None
        return name

    def clean(self):
        cleaned_data = super().clean()
        code = self.target_area_code()
        if code and not self.scope.can_write(code):
            field = self.target_area_field()
            if field is None:
                raise ValidationError(OUTSIDE_AREA_MESSAGE)
            in_area = self.scope.is_superuser or self.scope.covers(code)
            self.add_error(
                field,
                ValidationError(
                    READ_ONLY_AREA_MESSAGE if in_area else OUTSIDE_AREA_CODE_MESSAGE,
                    code="read_only_area" if in_area else "outside_area",
                ),
            )
        return cleaned_data


class StyledForm(forms.Form):
    """A plain form with the portal's Bootstrap classes on its fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class StepForm(StyledForm):
    """A step's form; ``next`` is the page to return to (the page the step was taken on)."""

    next = forms.CharField(widget=forms.HiddenInput, required=False)


class ConfirmForm(StepForm):
    """A step without fields (confirm, close, verify, name a winner)."""


class DateInput(forms.DateInput):
    """The browser's date picker, with the value written as ISO dates (YYYY-MM-DD)."""

    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class PortalAuthenticationForm(AuthenticationForm):
    """The portal's login: refuses an account whose only role is the read-only API client."""

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if get_scope(user).is_api_client_only:
            raise ValidationError(API_CLIENT_ONLY_MESSAGE, code="api_client_only")


def location_form_fields() -> tuple[forms.DecimalField, forms.DecimalField]:
    """The latitude and longitude of a place for a plain form, validated as the located models are
    (``jilin_grid.geo``); both optional, and refused one without the other by the model's check."""
    from .geo import latitude_field, longitude_field

    return latitude_field().formfield(), longitude_field().formfield()
