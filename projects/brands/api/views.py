"""API endpoints of the service brands, the showcase column and their statistics.

Every queryset is limited to the caller's area (rounds and articles of the city above them too;
a round's judges read all its applications); an object outside answers 404. The steps are
explicit actions: a role that may not take one answers 403, a step the rules refuse 400.
"""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from jilin_grid.api.exceptions import bilingual
from jilin_grid.api.params import AREA_PARAMETER, YEAR_PARAMETER, requested_area, requested_year
from jilin_grid.api.serializers import run_service
from jilin_grid.api.viewsets import ScopedReadOnlyViewSet
from jilin_grid.scope import get_scope
from projects.projects.selectors import today

from .. import services
from ..filtersets import BrandApplicationFilterSet, SelectionRoundFilterSet, ShowcaseArticleFilterSet
from ..models import BrandApplication, SelectionRound, ShowcaseArticle
from ..permissions import is_judge, may_apply, may_organize
from ..selectors import brand_stats, with_scores
from . import serializers

MAY_NOT_ORGANIZE = bilingual(
    "只有市委组织部可以组织品牌评选、确定获奖和发布晾晒文章。",
    "Only the city organization department runs the brand selection, names winners and publishes the column.",
)
MAY_NOT_APPLY = bilingual("您的角色不能为该社区申报品牌。", "Your role may not apply for this community.")
NOT_A_JUDGE = bilingual(
    "只有市委组织部为本轮评选指定的评委可以打分。",
    "Only the judges the city appointed to this round score its applications.",
)


def _require_organizer(request) -> None:
    if not may_organize(get_scope(request.user)):
        raise exceptions.PermissionDenied(MAY_NOT_ORGANIZE)


class SelectionRoundViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Brand selection rounds. ``POST`` opens one (city organization department), ``close``
    closes it to applications so that its judges score."""

    queryset = SelectionRound.objects.prefetch_related("judges")
    serializer_class = serializers.SelectionRoundSerializer
    filterset_class = SelectionRoundFilterSet
    ordering_fields = ["year", "id"]
    ordering = ["-year", "id"]

    def create(self, request, *args, **kwargs):
        _require_organizer(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        selection_round = run_service(
            services.round_open, year=data["year"], theme=data["theme"], judges=data["judges"], actor=request.user
        )
        return Response(self.get_serializer(selection_round).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=serializers.SelectionRoundSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the round to applications: its judges score from now on."""
        selection_round = self.get_object()
        _require_organizer(request)
        run_service(services.round_close, selection_round=selection_round)
        return Response(self.get_serializer(selection_round).data)


class BrandApplicationViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Communities' brand applications with their average score. ``POST`` applies (a writing
    role over the community, while the round is open); ``score`` is a judge's, ``winner`` and
    ``province`` the city organization department's."""

    queryset = BrandApplication.objects.select_related("community", "round").prefetch_related("projects")
    serializer_class = serializers.BrandApplicationSerializer
    filterset_class = BrandApplicationFilterSet
    ordering_fields = ["area_code", "id", "average", "created_at"]
    ordering = ["round_id", "area_code", "id"]

    def get_queryset(self):
        user = self.request.user
        queryset = self.queryset.all()
        scope = get_scope(user)
        if not scope.is_superuser:
            # A round's judges read all its applications; anyone else those of their area.
            queryset = queryset.filter(Q(pk__in=queryset.visible_to(user).values("pk")) | Q(round__judges=user))
        queryset = with_scores(queryset)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("scores")
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.BrandApplicationDetailSerializer
        return serializers.BrandApplicationSerializer

    def _fresh(self, application) -> Response:
        application = self.get_queryset().prefetch_related("scores").get(pk=application.pk)
        context = self.get_serializer_context()
        return Response(serializers.BrandApplicationDetailSerializer(application, context=context).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not may_apply(get_scope(request.user), data["community"].code):
            raise exceptions.PermissionDenied(MAY_NOT_APPLY)
        application = run_service(
            services.application_submit,
            selection_round=data["round"],
            community=data["community"],
            name=data["name"],
            description=data["description"],
            evidence=data.get("evidence", ""),
            projects=data.get("projects", []),
            actor=request.user,
        )
        response = self._fresh(application)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=serializers.ScoreInputSerializer, responses=serializers.BrandApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        """A judge of the round scores the application once (0-100) with a comment. A judge need
        not hold a writing role over the community: being appointed to the round is what counts."""
        application = get_object_or_404(self.get_queryset(), pk=pk)
        if not is_judge(request.user, application.round):
            raise exceptions.PermissionDenied(NOT_A_JUDGE)
        payload = serializers.ScoreInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_service(services.score_record, application=application, judge=request.user, **payload.validated_data)
        return self._fresh(application)

    @extend_schema(request=None, responses=serializers.BrandApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def winner(self, request, pk=None):
        """Name the application among the winners (only a scored one)."""
        application = self.get_object()
        _require_organizer(request)
        run_service(services.application_name_winner, application=application)
        return self._fresh(application)

    @extend_schema(
        request=serializers.ProvinceOutcomeSerializer, responses=serializers.BrandApplicationDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def province(self, request, pk=None):
        """Record a winner put forward to the province's selection and its outcome there."""
        application = self.get_object()
        _require_organizer(request)
        payload = serializers.ProvinceOutcomeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        run_service(
            services.application_put_forward,
            application=application,
            outcome=payload.validated_data["province_outcome"],
        )
        return self._fresh(application)


class ShowcaseArticleViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """The showcase column (择优晾晒), newest first. ``POST`` publishes an article (city
    organization department)."""

    queryset = ShowcaseArticle.objects.all()
    serializer_class = serializers.ShowcaseArticleSerializer
    filterset_class = ShowcaseArticleFilterSet
    ordering_fields = ["published_on", "id"]
    ordering = ["-published_on", "-id"]

    def create(self, request, *args, **kwargs):
        _require_organizer(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        article = run_service(
            services.article_publish,
            title=data["title"],
            body=data["body"],
            published_on=data["published_on"],
            brand=data.get("brand"),
            project=data.get("project"),
            actor=request.user,
        )
        return Response(self.get_serializer(article).data, status=status.HTTP_201_CREATED)


class BrandStatsView(APIView):
    """The service brand figures of one area and year, and of its direct children."""

    @extend_schema(
        operation_id="stats_brands",
        summary="Service brand figures of an area and year",
        description=(
            "Service brands (服务品牌) of one area and year: the selection rounds it took part in, its "
            "communities' applications, those scored by the judges, the winners, the winners put forward "
            "to the province's selection and those named best cases there; with the same figures for "
            "each direct child area. Authenticate with `Authorization: Token <key>`."
        ),
        parameters=[
            AREA_PARAMETER,
            YEAR_PARAMETER,
        ],
        responses={
            200: serializers.BrandStatsSerializer,
            400: OpenApiResponse(description="Malformed area code or year."),
            401: OpenApiResponse(description="Not authenticated."),
            404: OpenApiResponse(description="No such area, or outside the caller's area."),
        },
        tags=["stats"],
    )
    def get(self, request):
        area = requested_area(request)
        year = requested_year(request, default=today().year)
        return Response(brand_stats(area, year))
