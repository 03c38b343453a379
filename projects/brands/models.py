"""Service brands (服务品牌): the city's selection rounds, the communities' applications, the
judges' scores, and the showcase column (择优晾晒) where the city publishes good practice."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from jilin_grid.models import AreaCodeModel, OwnAreaCodeModel, ScopedQuerySet, TimeStampedModel
from jilin_grid.scope import ancestor_codes, get_scope, prefix_q

from .choices import ProvinceOutcome, RoundStatus


class CityWideQuerySet(ScopedQuerySet):
    """Rows the city (or a district) publishes for everyone below it: a user sees those placed
    in their areas and those placed above them (a community sees the city's rounds)."""

    def visible_to(self, user) -> CityWideQuerySet:
        scope = get_scope(user)
        if scope.is_superuser:
            return self.all()
        if scope.is_empty:
            return self.none()
        above = sorted({ancestor for code in scope.codes for ancestor in ancestor_codes(code)} | set(scope.codes))
        condition = Q(area_code__in=above)
        for code in scope.codes:
            condition |= prefix_q("area_code", code)
        return self.filter(condition)


CityWideManager = models.Manager.from_queryset(CityWideQuerySet)


class SelectionRound(OwnAreaCodeModel):
    """A year's selection of service brands (e.g. 党建引领聚民心，服务提升树品牌), opened by the city
    organization department, with the judges it appoints."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    theme = models.CharField(_("theme"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN, db_index=True
    )
    judges = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="judged_rounds", blank=True, verbose_name=_("judges")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("opened by"),
    )  # fmt: skip

    objects = CityWideManager()

    class Meta:
        verbose_name = _("brand selection round")
        verbose_name_plural = _("brand selection rounds")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["area_code", "year"], name="brand_round_once_per_area_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.theme}"


class BrandApplication(AreaCodeModel):
    """A community's service brand put up for a round: what it is, the evidence, and the No.1
    projects behind it; its score is the average of its judges' scores."""

    round = models.ForeignKey(
        SelectionRound, on_delete=models.PROTECT, related_name="applications", verbose_name=_("round")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="brand_applications", verbose_name=_("community")
    )
    name = models.CharField(_("brand name"), max_length=100)
    description = models.TextField(_("description"))
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("Facts, figures and links, one a line."))
    projects = models.ManyToManyField(
        "projects.Project", related_name="brand_applications", blank=True, verbose_name=_("No.1 projects behind it")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("submitted by"),
    )  # fmt: skip
    is_winner = models.BooleanField(_("winner"), default=False)
    province_outcome = models.CharField(
        _("province's selection"), max_length=10, choices=ProvinceOutcome.choices, blank=True
    )

    class Meta:
        verbose_name = _("brand application")
        verbose_name_plural = _("brand applications")
        ordering = ["round", "area_code", "id"]
        indexes = [models.Index(fields=["round", "area_code"], name="brand_application_round_area")]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "community"],
                name="brand_application_once_per_community",
                violation_error_message=_("This community has applied to this round already."),
            ),
            models.CheckConstraint(
                condition=Q(is_winner=True) | Q(province_outcome=""), name="brand_province_only_for_winners"
            ),
        ]

    def __str__(self) -> str:
        return f"“{self.name}” · {self.community.name}"

    def derive_area_code(self) -> str:
        return self.community.code


class BrandScore(TimeStampedModel):
    """One judge's score of one application (0-100) with their comment."""

    scope_field = "application__area_code"

    application = models.ForeignKey(
        BrandApplication, on_delete=models.CASCADE, related_name="scores", verbose_name=_("application")
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="brand_scores", verbose_name=_("judge")
    )
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(0), MaxValueValidator(100)])
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("judge's score")
        verbose_name_plural = _("judges' scores")
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "judge"],
                name="brand_score_once_per_judge",
                violation_error_message=_("You have scored this application already."),
            ),
            models.CheckConstraint(condition=Q(score__lte=100), name="brand_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.application.name}: {self.score}"


class ShowcaseArticle(OwnAreaCodeModel):
    """An article of the showcase column (择优晾晒) on a brand or a No.1 project, published by the
    city organization department for everyone below it to read."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    brand = models.ForeignKey(
        BrandApplication, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles",
        verbose_name=_("brand showcased"),
    )  # fmt: skip
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="articles",
        verbose_name=_("No.1 project showcased"),
    )  # fmt: skip
    published_on = models.DateField(_("published on"), db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("published by"),
    )  # fmt: skip

    objects = CityWideManager()

    class Meta:
        verbose_name = _("showcase article")
        verbose_name_plural = _("showcase articles")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title
