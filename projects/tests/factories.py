"""factory_boy factories of the projects app."""

import factory
from django.utils import timezone

from communities.tests.factories import PartyOrganizationFactory
from projects.projects.choices import ProjectStatus
from projects.projects.models import Milestone, ProgressReport, Project


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    organization = factory.SubFactory(PartyOrganizationFactory)
    year = 2020
    title = factory.Sequence(lambda n: f"书记项目{n}")
    problem = "老旧小区无物业管理"
    goal = "引入物业服务，居民满意"
    measures = "召开居民议事会，三方联动"
    responsible = "社区党委书记"
    status = ProjectStatus.APPROVED
    start_month = 1


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    month = 6
    description = "完成阶段目标"


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    project = factory.SubFactory(ProjectFactory)
    month = 1
    percent_complete = 10
    done = "召开动员会"
    submitted_at = factory.LazyFunction(timezone.now)


class SelectionRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.SelectionRound"
        django_get_or_create = ("area_code", "year")

    area_code = "2202"
    year = 2020
    theme = "党建引领聚民心，服务提升树品牌"
    status = "open"


class BrandApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.BrandApplication"

    round = factory.SubFactory(SelectionRoundFactory)
    community = factory.SubFactory("communities.tests.factories.CommunityFactory")
    name = factory.Sequence(lambda n: f"服务品牌{n}")
    description = "在家做党建，党建做到家"
    evidence = "https://example.org/brand"


class BrandScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.BrandScore"

    application = factory.SubFactory(BrandApplicationFactory)
    judge = factory.SubFactory("communities.tests.factories.UserFactory")
    score = 90
    comment = "特色鲜明"
