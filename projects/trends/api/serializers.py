"""Documentation of the trends' answer (the OpenAPI schema); the selector builds the answer."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.serializers import Serializer


class TrendAreaSerializer(Serializer):
    code = serializers.CharField(help_text=_("Statistical division code (4 to 15 digits)."))
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=["city", "district", "street", "community", "grid"])


class TrendFigureSerializer(Serializer):
    key = serializers.CharField(help_text=_("The figure, family.figure (problems.overdue)."))
    family = serializers.CharField()
    family_label = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField(help_text=_('"" a count, "%", "h" hours, "d" days, "score".'))
    better = serializers.ChoiceField(choices=["higher", "lower", "neutral"], help_text=_("Which direction is better."))


class TrendValuesField(serializers.ListField):
    child = serializers.FloatField(allow_null=True)


class TrendChildSerializer(Serializer):
    area = TrendAreaSerializer()
    values = TrendValuesField(help_text=_("One value per month of months; null where the month is not kept."))


class TrendSerializer(Serializer):
    area = TrendAreaSerializer()
    figure = TrendFigureSerializer()
    months = serializers.ListField(child=serializers.CharField(), help_text=_("The months, YYYY-MM, oldest first."))
    values = TrendValuesField(help_text=_("One value per month of months; null where the month is not kept."))
    children = TrendChildSerializer(
        many=True, help_text=_("With children=true, each direct child's values (none below the communities).")
    )
