"""Serializers of the secretaries' filing; every write goes through ``projects.filing.services``.
The birth date is masked to its year for roles that do not need it (``permissions.sees_birth_date``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from communities.choices import Gender
from communities.models import PartyOrganization
from jilin_grid.api.fields import ScopedPrimaryKeyRelatedField
from jilin_grid.api.serializers import ModelSerializer, Serializer
from jilin_grid.masking import shown_date
from jilin_grid.scope import get_scope
from jilin_grid.validators import phone_validator
from projects.assessment.choices import ReviewGrade

from ..choices import Education, SelectionMethod
from ..models import FilingRecord, SecretaryFiling, Training, age_on
from ..permissions import sees_birth_date
from ..selectors import years_between


@extend_schema_field(
    {"type": "string", "pattern": r"^\d{4}-(\d{2}|\*\*)-(\d{2}|\*\*)$", "example": "1975-03-08",
     "description": "YYYY-MM-DD, or YYYY-**-** for roles that do not need the birth date."}
)  # fmt: skip
class MaskedBirthDateField(serializers.DateField):
    """A secretary's birth date: written as a date, read whole or masked to its year by role."""

    def get_attribute(self, instance):
        return (super().get_attribute(instance), getattr(instance, "area_code", ""))

    def to_representation(self, value):
        day, code = value
        user = self.context.get("request").user if self.context.get("request") else None
        return shown_date(day, whole=sees_birth_date(get_scope(user), code))


class TrainingSerializer(ModelSerializer):
    """A training course (``add-training``): title, organizer, days and hours."""

    class Meta:
        model = Training
        fields = ["id", "title", "organizer", "starts_on", "ends_on", "hours"]


class RecordSerializer(ModelSerializer):
    """A reward, a discipline or a promotion (``add-record``): kind, date and what."""

    class Meta:
        model = FilingRecord
        fields = ["id", "kind", "on", "text"]


class CommunityOrganizationField(ScopedPrimaryKeyRelatedField):
    def get_queryset(self):
        return super().get_queryset().filter(is_active=True)


class SecretaryFilingSerializer(ModelSerializer):
    """A secretary's filing with its figures. ``POST`` files the current secretary of a community party
    organization (the district or county organization department)."""

    organization = CommunityOrganizationField(queryset=PartyOrganization.objects.all())
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    secretary_name = serializers.CharField(source="secretary.name", read_only=True)
    birth_date = MaskedBirthDateField()
    age = serializers.SerializerMethodField(help_text=_("Whole years today"))
    years_in_post = serializers.SerializerMethodField(help_text=_("Whole years in post today (or when it ended)"))
    training_hours = serializers.IntegerField(
        read_only=True, default=0, help_text=_("Hours of training started in the year asked (training_year)")
    )
    last_review = serializers.ChoiceField(
        choices=ReviewGrade.choices, read_only=True, allow_null=True, default=None,
        help_text=_("The latest published result of the secretary's report-and-review"),
    )  # fmt: skip
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = SecretaryFiling
        fields = ["id", "organization", "organization_name", "area_code", "secretary", "secretary_name",
                  "selection", "selected_on", "term_start", "term_end", "education", "birth_date", "age",
                  "years_in_post", "training_hours", "last_review", "is_current", "ended_on", "end_reason"]  # fmt: skip
        read_only_fields = ["area_code", "secretary", "ended_on", "end_reason"]

    def get_age(self, filing) -> int:
        return age_on(filing.birth_date, timezone.localdate())

    def get_years_in_post(self, filing) -> int:
        return years_between(filing.selected_on, filing.ended_on or timezone.localdate())


class SecretaryFilingDetailSerializer(SecretaryFilingSerializer):
    trainings = TrainingSerializer(many=True, read_only=True)
    records = RecordSerializer(many=True, read_only=True)

    class Meta(SecretaryFilingSerializer.Meta):
        fields = [*SecretaryFilingSerializer.Meta.fields, "trainings", "records"]


class ChangeSecretarySerializer(Serializer):
    """``change-secretary``: the current secretary leaves (day and reason), the new one is filed."""

    ended_on = serializers.DateField(help_text=_("The day the current secretary leaves the post"))
    end_reason = serializers.CharField(max_length=200)
    secretary_name = serializers.CharField(max_length=50)
    secretary_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="",
                                            validators=[phone_validator])  # fmt: skip
    secretary_gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True, default="")
    selection = serializers.ChoiceField(choices=SelectionMethod.choices)
    selected_on = serializers.DateField()
    term_start = serializers.DateField()
    term_end = serializers.DateField(required=False, allow_null=True, default=None)
    education = serializers.ChoiceField(choices=Education.choices)
    birth_date = serializers.DateField()


class SecretariesFiledSerializer(Serializer):
    filed = serializers.IntegerField(
        help_text=_("Secretaries filed in post at the end of the year (today for this year)")
    )
    average_age = serializers.FloatField(allow_null=True)
    average_years_in_post = serializers.FloatField(allow_null=True)
    training_hours = serializers.IntegerField(help_text=_("Hours of the courses started in the year"))
