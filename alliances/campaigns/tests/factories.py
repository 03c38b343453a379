"""Factories and small builders of the campaigns' tests."""

from __future__ import annotations

import datetime
import itertools
import uuid

import factory
from django.utils import timezone

from alliances.campaigns import services
from alliances.campaigns.choices import QuestionKind
from alliances.campaigns.models import Campaign, CampaignKind, HouseholdVisit

QUESTIONS = [
    {"text": "家中人数是否齐全", "kind": QuestionKind.YES_NO},
    {"text": "是否有外地返回人员", "kind": QuestionKind.YES_NO},
    {"text": "是否有独居老人", "kind": QuestionKind.YES_NO},
    {"text": "需要的帮助", "kind": QuestionKind.CHOICE, "choices": ["无", "代购", "就医", "其他"]},
]
POSTS = ["小区大门卡点", "楼栋值守点"]


def campaign_kind(name: str = "疫情防控") -> CampaignKind:
    return CampaignKind.objects.get_or_create(name=name, defaults={"position": 1})[0]


class CampaignFactory(factory.django.DjangoModelFactory):
    """A bare campaign (no checklist, no teams); ``open_campaign`` opens one as the service does."""

    class Meta:
        model = Campaign

    kind = factory.LazyFunction(campaign_kind)
    title = factory.Sequence(lambda n: f"疫情防控{n}")
    area_code = "2202"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))


def open_campaign(area_code: str, *, title: str = "疫情防控", days_before: int = 10, days_after: int = 20, **extra):
    today = timezone.localdate()
    return services.campaign_open(
        kind=extra.pop("kind", None) or campaign_kind(),
        title=title,
        area_code=area_code,
        starts_on=today - datetime.timedelta(days=days_before),
        ends_on=today + datetime.timedelta(days=days_after),
        questions=extra.pop("questions", QUESTIONS),
        post_names=extra.pop("post_names", POSTS),
    )


def answers_for(campaign: Campaign, **by_text) -> dict[str, str]:
    """Answers to every question: ``no`` (the first choice for a choice), or as given by text."""
    answers = {}
    for question in campaign.questions.all():
        default = "no" if question.kind == QuestionKind.YES_NO else question.choices[0]
        answers[str(question.pk)] = by_text.get(question.text, default)
    return answers


_doors = itertools.count(1)


def visit(campaign: Campaign, unit, *, door: int | None = None, day: datetime.date | None = None, **by_text):
    """A recorded visit through the service."""
    made, _created = services.visit_record(
        campaign=campaign,
        unit=unit,
        door=door if door is not None else (next(_doors) % unit.households) + 1,
        visited_on=day or timezone.localdate(),
        answers=answers_for(campaign, **by_text),
        key=uuid.uuid4(),
    )
    return made


def visits_of(campaign: Campaign) -> int:
    return HouseholdVisit.objects.filter(campaign=campaign).count()
