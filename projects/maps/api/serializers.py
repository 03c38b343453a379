"""The answers of the maps' API, described for the OpenAPI schema (the selectors build them)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from grids.network.api.serializers import AreaRefSerializer
from jilin_grid.api.serializers import Serializer

from ..choices import PointKind


class CoverageFiguresSerializer(Serializer):
    area = AreaRefSerializer()
    compounds = serializers.IntegerField(help_text=_("Active residential compounds"))
    compounds_located = serializers.IntegerField(help_text=_("Compounds whose location is entered"))
    compounds_covered = serializers.IntegerField(
        help_text=_("Located compounds with a service point within the ten-minute walk")
    )
    compounds_outside = serializers.IntegerField(help_text=_("Located compounds outside the ten-minute circle"))
    ten_minute_share = serializers.FloatField(
        allow_null=True, help_text=_("Covered compounds per hundred located ones (none while none is located)")
    )


class CoverageSerializer(CoverageFiguresSerializer):
    walk_metres = serializers.IntegerField(help_text=_("The ten-minute walk, in metres"))
    children = CoverageFiguresSerializer(many=True, help_text=_("The same figures for each direct child area"))


class FigureSerializer(Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    higher_is_better = serializers.BooleanField()


class AreaPropertiesSerializer(Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=["city", "district", "street", "community", "grid"])
    illustrative = serializers.BooleanField(help_text=_("Drawn for illustration, not a survey boundary (示意图)"))
    value = serializers.FloatField(allow_null=True, help_text=_("The figure asked for"))


class AreaFeatureSerializer(Serializer):
    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.CharField()
    geometry = serializers.JSONField(
        allow_null=True, help_text=_("A GeoJSON Polygon or MultiPolygon (longitude, latitude), or none yet")
    )
    properties = AreaPropertiesSerializer()


class PointGeometrySerializer(Serializer):
    type = serializers.ChoiceField(choices=["Point"])
    coordinates = serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2)


class PointPropertiesSerializer(Serializer):
    kind = serializers.ChoiceField(choices=PointKind.values)
    id = serializers.IntegerField()
    name = serializers.CharField()
    area_code = serializers.CharField()
    metres = serializers.FloatField(
        allow_null=True,
        help_text=_("A compound outside the circle: metres to its nearest service point, if near at all"),
    )


class PointFeatureSerializer(Serializer):
    type = serializers.ChoiceField(choices=["Feature"])
    geometry = PointGeometrySerializer()
    properties = PointPropertiesSerializer()


class GeoCollectionSerializer(Serializer):
    type = serializers.ChoiceField(choices=["FeatureCollection"])
    area = AreaRefSerializer()
    figure = FigureSerializer()
    period = serializers.CharField(help_text=_("The period a cockpit's figure is read for (2020-06, 2020-Q2, 2020)"))
    figures = FigureSerializer(many=True, help_text=_("Every figure a map may be coloured by"))
    walk_metres = serializers.IntegerField()
    illustrative = serializers.BooleanField(help_text=_("Some shapes are illustrative, not survey boundaries"))
    features = AreaFeatureSerializer(many=True)
    points = PointFeatureSerializer(many=True)
    points_truncated = serializers.BooleanField(help_text=_("More compounds lie outside the circle than are drawn"))
