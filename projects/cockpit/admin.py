"""The admin of the cockpit: a composite index with its indicators inline, validated as one set
(each figure registered and named once, weights from 1 to 100 summing to 100), as the city's edit
page is."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from .forms import figure_choices
from .models import CompositeIndex, CompositeIndicator
from .services import IndicatorInput, index_validate


class IndicatorAdminForm(forms.ModelForm):
    figure = forms.ChoiceField(choices=figure_choices)

    class Meta:
        model = CompositeIndicator
        fields = ["figure", "better", "weight", "position"]


class IndicatorInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        indicators = [
            IndicatorInput(form.cleaned_data["figure"], form.cleaned_data["better"], form.cleaned_data["weight"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            index_validate(indicators)
        except ValidationError as error:
            raise ValidationError(
                [message for messages in error.message_dict.values() for message in messages]
            ) from error


class IndicatorInline(admin.TabularInline):
    model = CompositeIndicator
    form = IndicatorAdminForm
    formset = IndicatorInlineFormSet
    extra = 1
    ordering = ["position", "id"]


@admin.register(CompositeIndex)
class CompositeIndexAdmin(admin.ModelAdmin):
    list_display = ["name", "area_code"]
    inlines = [IndicatorInline]
