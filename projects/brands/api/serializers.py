"""Serializers of the service brands; every write goes through ``projects.brands.services``."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from communities.models import Community
from grids.network.api.serializers import AreaRefSerializer
from jilin_grid.api.fields import ScopedPrimaryKeyRelatedField
from jilin_grid.api.serializers import ModelSerializer, Serializer
from projects.projects.models import Project

from ..choices import ProvinceOutcome
from ..models import BrandApplication, BrandScore, SelectionRound, ShowcaseArticle


class SelectionRoundSerializer(ModelSerializer):
    judges = serializers.PrimaryKeyRelatedField(
        many=True, queryset=get_user_model().objects.filter(is_active=True), help_text=_("The judges' user ids")
    )

    class Meta:
        model = SelectionRound
        fields = ["id", "area_code", "year", "theme", "status", "judges", "created_at"]
        read_only_fields = ["id", "area_code", "status", "created_at"]


class BrandScoreSerializer(ModelSerializer):
    class Meta:
        model = BrandScore
        fields = ["id", "judge", "score", "comment", "created_at"]
        read_only_fields = fields


class BrandApplicationSerializer(ModelSerializer):
    round = serializers.PrimaryKeyRelatedField(queryset=SelectionRound.objects.all())
    community = ScopedPrimaryKeyRelatedField(queryset=Community.objects.all())
    projects = ScopedPrimaryKeyRelatedField(queryset=Project.objects.all(), many=True, required=False)
    average = serializers.FloatField(read_only=True, allow_null=True, help_text=_("The judges' average score"))
    score_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = BrandApplication
        fields = [
            "id",
            "round",
            "community",
            "area_code",
            "name",
            "description",
            "evidence",
            "projects",
            "average",
            "score_count",
            "is_winner",
            "province_outcome",
            "created_at",
        ]
        read_only_fields = ["id", "area_code", "is_winner", "province_outcome", "created_at"]
        # One application per community and round is the service's check, answered under ``community``.
        validators = []


class BrandApplicationDetailSerializer(BrandApplicationSerializer):
    scores = BrandScoreSerializer(many=True, read_only=True)

    class Meta(BrandApplicationSerializer.Meta):
        fields = [*BrandApplicationSerializer.Meta.fields, "scores"]


class ScoreInputSerializer(Serializer):
    score = serializers.IntegerField(min_value=0, max_value=100)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ProvinceOutcomeSerializer(Serializer):
    province_outcome = serializers.ChoiceField(choices=ProvinceOutcome.choices)


class ShowcaseArticleSerializer(ModelSerializer):
    brand = serializers.PrimaryKeyRelatedField(queryset=BrandApplication.objects.all(), required=False, allow_null=True)
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), required=False, allow_null=True)

    class Meta:
        model = ShowcaseArticle
        fields = ["id", "title", "body", "brand", "project", "published_on", "created_at"]
        read_only_fields = ["id", "created_at"]


class BrandFiguresSerializer(Serializer):
    area = AreaRefSerializer()
    rounds = serializers.IntegerField(help_text=_("Rounds the area took part in"))
    applications = serializers.IntegerField()
    scored = serializers.IntegerField(help_text=_("Applications with at least one judge's score"))
    winners = serializers.IntegerField()
    province_entries = serializers.IntegerField(help_text=_("Winners put forward to the province's selection"))
    best_cases = serializers.IntegerField(help_text=_("Named best cases by the province"))


class BrandStatsSerializer(BrandFiguresSerializer):
    year = serializers.IntegerField()
    children = BrandFiguresSerializer(many=True, help_text=_("The same figures for each direct child area"))
