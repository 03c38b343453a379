"""Pages of the service brands (服务品牌): the rounds and a round's ranked applications, the city's
form opening a round and its steps on the round page (close it, name winners, put them forward to
the province), a community's application form, a judge's scoring form, and the showcase column
(择优晾晒) with the city's article form.

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

from jilin_grid.forms import ConfirmForm
from jilin_grid.steps import ReturnStepView, Step, StepPageMixin, record_step
from jilin_grid.views import (
    Column,
    FilteredListView,
    ScopedCreateView,
    ScopedQuerysetMixin,
    ScopeMixin,
    ServiceFormMixin,
    url_permits,
)

from . import services
from .choices import RoundStatus
from .filtersets import SelectionRoundFilterSet, ShowcaseArticleFilterSet
from .forms import ApplicationForm, ArticleForm, ForwardForm, RoundForm, ScoreForm
from .models import BrandApplication, BrandScore, SelectionRound, ShowcaseArticle
from .permissions import is_judge, may_apply_anywhere, may_organize
from .selectors import round_applications

COLUMN_TITLE = _("Showcase column")
ORGANIZERS_ONLY = _("Only the city organization department opens rounds, names winners and publishes in the column.")

ROUND_STEPS = {
    "close": Step(
        _("Close to applications"),
        ConfirmForm,
        lambda selection_round, data, actor: services.round_close(selection_round=selection_round),
        _("The round is closed to applications: its judges score from now on."),
        "btn-outline-danger",
    ),
}
APPLICATION_STEPS = {
    "winner": Step(
        _("Name a winner"),
        ConfirmForm,
        lambda application, data, actor: services.application_name_winner(application=application),
        _("Named among the winners."),
        "btn-outline-danger",
    ),
    "forward": Step(
        _("Province's selection"),
        ForwardForm,
        lambda application, data, actor: services.application_put_forward(
            application=application, outcome=data["province_outcome"]
        ),
        _("The province's selection is recorded."),
        "btn-outline-warning",
    ),
}


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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["open_url"] = (
            reverse("projects:brand_round_create") if url_permits("projects:brand_round_create", self.scope) else None
        )
        return context


class RoundDetailView(StepPageMixin, ScopedQuerysetMixin, TemplateView):
    """A round: its applications ranked by their judges' average, the winners and the province's
    outcome; a judge finds their own score or a link to give it; the city organization department
    closes the round, names the winners and records the province's selection here."""

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
        organizing = may_organize(self.scope)
        back = self.request.get_full_path()
        for application in applications:
            application.steps = self.application_steps(application, selection_round, back) if organizing else []
            application.step_panels = any(step["has_fields"] for step in application.steps)
        context.update(
            {
                "round": selection_round,
                "round_steps": [
                    record_step(self, ROUND_STEPS, "close", "projects:brand_round_step", selection_round.pk, back)
                ]
                if organizing and selection_round.status == RoundStatus.OPEN
                else [],
                "organizing": organizing,
                "applications": applications,
                "judging": judging,
                "judge_count": selection_round.judges.count(),
                "apply_url": reverse("projects:brand_apply")
                if selection_round.status == RoundStatus.OPEN and may_apply_anywhere(self.scope)
                else None,
            }
        )
        return context

    def application_steps(self, application, selection_round, back: str) -> list[dict]:
        """The city's steps on an application: name a scored one a winner; record a winner's
        outcome at the province."""
        if selection_round.status != RoundStatus.CLOSED:
            return []
        url = "projects:brand_application_step"
        if not application.is_winner:
            return (
                [record_step(self, APPLICATION_STEPS, "winner", url, application.pk, back)]
                if application.score_count
                else []
            )
        return [record_step(self, APPLICATION_STEPS, "forward", url, application.pk, back)]


class OrganizerMixin(ScopeMixin):
    """A page of the city organization department's (open a round, publish an article): others 403."""

    denied_message = ORGANIZERS_ONLY

    @classmethod
    def permits(cls, scope) -> bool:
        return may_organize(scope)


class RoundCreateView(OrganizerMixin, ServiceFormMixin, FormView):
    """The city opens a year's selection with its theme and judges."""

    form_class = RoundForm
    success_url_name = "projects:brand_round_list"
    success_message = _("Round opened: communities may apply with their brands.")
    title = _("Open a selection round")

    def perform(self, form):
        data = form.cleaned_data
        return services.round_open(
            year=data["year"], theme=data["theme"], judges=list(data["judges"]), actor=self.request.user
        )

    def get_success_url(self):
        return round_url(self.object)


class BrandStepView(ReturnStepView):
    """A step of the city's on a round or an application: the city organization department takes
    it (others 403, outside 404) and returns to the round page, where a refusal shows beside it."""

    denied_message = ORGANIZERS_ONLY

    def may_take(self, obj, name, step) -> bool:
        return may_organize(self.scope)


class RoundStepView(BrandStepView):
    model = SelectionRound
    steps = ROUND_STEPS

    def default_url(self, obj) -> str:
        return round_url(obj)


class ApplicationStepView(BrandStepView):
    model = BrandApplication
    steps = APPLICATION_STEPS

    def default_url(self, obj) -> str:
        return reverse("projects:brand_round_detail", args=[obj.round_id])


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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["publish_url"] = (
            reverse("projects:showcase_publish") if url_permits("projects:showcase_publish", self.scope) else None
        )
        return context


class ArticleCreateView(OrganizerMixin, ServiceFormMixin, FormView):
    """The city publishes an article in the showcase column on a winning brand or a No.1 project
    (``?brand=`` or ``?project=`` starts it from one)."""

    form_class = ArticleForm
    success_url_name = "projects:showcase_list"
    success_message = _("Published in the showcase column.")
    title = _("Publish in the showcase column")

    def get_initial(self):
        initial = super().get_initial()
        for name in ("brand", "project"):
            if self.request.GET.get(name, "").isdigit():
                initial[name] = self.request.GET[name]
        return initial

    def perform(self, form):
        data = form.cleaned_data
        return services.article_publish(
            title=data["title"],
            body=data["body"],
            published_on=data["published_on"],
            brand=data["brand"],
            project=data["project"],
            actor=self.request.user,
        )

    def get_success_url(self):
        return article_url(self.object)


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
