"""Pages of the service brands (服务品牌): the rounds and a round's ranked applications, a
community's application form, a judge's scoring form, and the showcase column (择优晾晒).

Every page starts from ``visible_to(user)`` (outside the area: 404); who may do what comes from
``projects.brands.permissions``; every write calls a service in ``projects.brands.services``,
whose refusals (ValidationError) are shown beside the field, with the input kept (400).
"""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from jilin_grid.views import Column, FilteredListView, ScopedCreateView, ScopedQuerysetMixin, ServiceFormMixin

from . import services
from .choices import RoundStatus
from .filtersets import SelectionRoundFilterSet, ShowcaseArticleFilterSet
from .forms import ApplicationForm, ScoreForm
from .models import BrandApplication, BrandScore, SelectionRound, ShowcaseArticle
from .permissions import is_judge, may_apply_anywhere
from .selectors import round_applications

COLUMN_TITLE = _("Showcase column")


def round_url(selection_round) -> str:
    return reverse("projects:brand_round_detail", args=[selection_round.pk])


def article_url(article) -> str:
    return reverse("projects:showcase_detail", args=[article.pk])


class RoundListView(FilteredListView):
    """The brand selection rounds of the city above the user."""

    model = SelectionRound
    template_name = "projects/brands/round_list.html"
    filterset_class = SelectionRoundFilterSet
    hidden_filters = ("area",)
    title = _("Service brands")
    create_url_name = "projects:brand_apply"
    columns = [
        Column(_("Year"), lambda r: r.year),
        Column(_("Theme"), lambda r: r.theme, link=round_url),
        Column(_("Status"), lambda r: r.get_status_display()),
    ]


class RoundDetailView(ScopedQuerysetMixin, TemplateView):
    """A round: its applications ranked by their judges' average, the winners and the province's
    outcome; a judge finds their own score or a link to give it."""

    model = SelectionRound
    template_name = "projects/brands/round_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        selection_round = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        judging = is_judge(user, selection_round)
        applications = list(round_applications(selection_round, user))
        mine = dict(
            BrandScore.objects.filter(application__round=selection_round, judge=user).values_list(
                "application_id", "score"
            )
        )
        for rank, application in enumerate(applications, start=1):
            application.rank = rank if application.average is not None else None
            application.my_score = mine.get(application.pk)
            application.score_url = (
                reverse("projects:brand_score", args=[application.pk])
                if judging and selection_round.status == RoundStatus.CLOSED and application.pk not in mine
                else None
            )
        context.update(
            {
                "round": selection_round,
                "applications": applications,
                "judging": judging,
                "judge_count": selection_round.judges.count(),
                "apply_url": reverse("projects:brand_apply")
                if selection_round.status == RoundStatus.OPEN and may_apply_anywhere(self.scope)
                else None,
            }
        )
        return context


class ApplicationCreateView(ScopedCreateView):
    """A community applies with its brand to an open round."""

    model = BrandApplication
    form_class = ApplicationForm
    area_length = 12
    success_url_name = "projects:brand_round_list"
    success_message = _("Application sent. The judges score it once the round closes.")
    title = _("Apply with a service brand")

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("round", "").isdigit():
            initial["round"] = self.request.GET["round"]
        return initial

    def perform(self, form):
        data = form.cleaned_data
        return services.application_submit(
            selection_round=data["round"],
            community=data["community"],
            name=data["name"],
            description=data["description"],
            evidence=data["evidence"],
            projects=list(data["projects"]),
            actor=self.request.user,
        )

    def get_success_url(self):
        return round_url(self.object.round)


class ScoreView(ServiceFormMixin, FormView):
    """A judge scores one application of their round (0-100, once) with a comment."""

    form_class = ScoreForm
    success_message = _("Score recorded.")
    title = _("Score the application")
    error_field_map = {"__all__": "score"}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.application = get_object_or_404(
                BrandApplication.objects.select_related("round", "community"), pk=kwargs["pk"]
            )
            if not is_judge(request.user, self.application.round):
                if not BrandApplication.objects.visible_to(request.user).filter(pk=self.application.pk).exists():
                    raise Http404
                raise PermissionDenied(_("Only the judges the city appointed to this round score its applications."))
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.score_record(
            application=self.application,
            judge=self.request.user,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"{self.title}: {self.application}"
        return context

    def get_success_url(self):
        return round_url(self.application.round)

    def get_cancel_url(self):
        return round_url(self.application.round)


class ShowcaseListView(FilteredListView):
    """The showcase column (择优晾晒): the city's articles, newest first."""

    model = ShowcaseArticle
    queryset = ShowcaseArticle.objects.select_related("brand", "project")
    template_name = "projects/brands/showcase_list.html"
    filterset_class = ShowcaseArticleFilterSet
    hidden_filters = ("area",)
    title = COLUMN_TITLE
    columns = [
        Column(_("Published on"), lambda a: a.published_on.isoformat()),
        Column(_("Title"), lambda a: a.title, link=article_url),
        Column(_("Showcased"), lambda a: a.brand.name if a.brand_id else a.project.title if a.project_id else ""),
    ]


class ShowcaseDetailView(ScopedQuerysetMixin, TemplateView):
    """One article of the showcase column."""

    model = ShowcaseArticle
    template_name = "projects/brands/article_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = get_object_or_404(
            self.get_queryset().select_related("brand__community", "brand__round", "project"), pk=self.kwargs["pk"]
        )
        context["article"] = article
        return context


class ShowcaseFeed(Feed):
    """The showcase column as an Atom feed, newest first, for the user who is signed in."""

    feed_type = Atom1Feed
    title = _("Showcase column of the city's party building")
    subtitle = _("Good practice of the No.1 projects and the service brands (择优晾晒).")

    def __call__(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return request.user  # the reader: the feed holds the articles they see

    def link(self):
        return reverse("projects:showcase_list")

    def items(self, reader):
        return ShowcaseArticle.objects.visible_to(reader).order_by("-published_on", "-id")[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body

    def item_link(self, item):
        return article_url(item)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.published_on, time(9)))
