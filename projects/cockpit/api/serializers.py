"""The cockpit's document as the API answers it: stable English field names, every card, every
ranking and the composite index."""

from __future__ import annotations

from rest_framework import serializers

from jilin_grid.api.serializers import Serializer

BETTER = ["higher", "lower", "neutral"]
CHANGE_IS = ["better", "worse", "same", "neutral"]


class Number(serializers.FloatField):
    """A figure: a count or a rate; null where the area has none (a rate of nothing)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)


class CockpitAreaSerializer(Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()


class CockpitPeriodSerializer(Serializer):
    label = serializers.CharField(help_text="2020-06 (a month), 2020-Q2 (a quarter) or 2020 (a year)")
    kind = serializers.ChoiceField(choices=["month", "quarter", "year"])
    start = serializers.DateField()
    end = serializers.DateField()


class CockpitFigureSerializer(Serializer):
    key = serializers.CharField(help_text="family.figure, as the rankings and the index name it")
    figure = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField(help_text='"" a count, "%", "h" hours, "d" days, "score"')
    better = serializers.ChoiceField(choices=BETTER)
    value = Number()
    previous = Number(help_text="The previous period's value; null for a state (today's network)")
    change = Number(help_text="value - previous")
    change_is = serializers.ChoiceField(choices=CHANGE_IS, allow_null=True)
    link = serializers.CharField(allow_null=True, help_text="The list behind the figure, filtered")


class CockpitCardSerializer(Serializer):
    family = serializers.CharField()
    label = serializers.CharField()
    in_period = serializers.BooleanField(help_text="False: a state, the same whatever the period")
    figures = CockpitFigureSerializer(many=True)


class CockpitChildSerializer(CockpitAreaSerializer):
    pass


class CockpitRankingRowSerializer(CockpitAreaSerializer):
    rank = serializers.IntegerField(allow_null=True, help_text="1 is the best; ties share a rank")
    value = Number()
    previous = Number()
    change = Number()
    change_is = serializers.ChoiceField(choices=CHANGE_IS, allow_null=True)


class CockpitRankingSerializer(Serializer):
    figure = serializers.CharField()
    label = serializers.CharField()
    family_label = serializers.CharField()
    unit = serializers.CharField()
    better = serializers.ChoiceField(choices=BETTER)
    rows = CockpitRankingRowSerializer(many=True)


class CockpitIndicatorSerializer(Serializer):
    figure = serializers.CharField()
    label = serializers.CharField()
    better = serializers.ChoiceField(choices=BETTER)
    weight = serializers.IntegerField()


class CockpitReasonSerializer(Serializer):
    figure = serializers.CharField()
    value = Number()
    average = Number(help_text="The siblings' average")
    text = serializers.CharField()


class CockpitIndexRowSerializer(CockpitAreaSerializer):
    rank = serializers.IntegerField(allow_null=True)
    index = Number(help_text="0 to 100")
    scores = serializers.DictField(child=serializers.FloatField(), help_text="Each indicator normalised, 0 to 1")
    worst = serializers.BooleanField(help_text="Among the worst five of the siblings")
    reasons = CockpitReasonSerializer(many=True)


class CockpitIndexSerializer(Serializer):
    indicators = CockpitIndicatorSerializer(many=True)
    rows = CockpitIndexRowSerializer(many=True)


class CockpitSerializer(Serializer):
    area = CockpitAreaSerializer()
    period = CockpitPeriodSerializer()
    previous_period = CockpitPeriodSerializer()
    has_data = serializers.BooleanField()
    latest_period = serializers.CharField(
        allow_null=True, help_text="Where the period is empty: the latest period of its kind that is not"
    )
    cards = CockpitCardSerializer(many=True)
    children = CockpitChildSerializer(many=True)
    rankings = CockpitRankingSerializer(many=True)
    index = CockpitIndexSerializer()
