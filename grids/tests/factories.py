"""factory_boy factories of the grids app."""

from datetime import timedelta

import factory
from django.utils import timezone

from communities.tests.factories import CommunityFactory, PersonFactory
from grids.network.choices import ChiefKind, Employment
from grids.network.models import Building, ChiefAssignment, Grid, GridWorker, ResidentialCompound, Unit
from grids.problems.models import ProblemCategory, ResidentProblem


class GridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grid

    community = factory.SubFactory(CommunityFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.community.code}{(n % 999) + 1:03d}")
    name = factory.Sequence(lambda n: f"第{n}网格")
    households = 300


class CompoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidentialCompound

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"测试小区{n}")


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    grid = factory.SubFactory(GridFactory)
    name = factory.Sequence(lambda n: f"{n}号楼")
    floors = 6


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    building = factory.SubFactory(BuildingFactory)
    number = factory.Sequence(lambda n: (n % 30) + 1)
    households = 12


class GridWorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GridWorker

    grid = factory.SubFactory(GridFactory)
    person = factory.LazyAttribute(lambda o: PersonFactory(area_code=o.grid.code))
    employment = Employment.FULL_TIME


class ChiefAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChiefAssignment

    grid = factory.SubFactory(GridFactory)
    kind = ChiefKind.GRID
    person = factory.LazyAttribute(lambda o: PersonFactory(area_code=o.grid.code))


class ProblemCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProblemCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试类别{n}")
    response_days = 7


class ResidentProblemFactory(factory.django.DjangoModelFactory):
    """A problem recorded now in a grid (use grids.problems.services.problem_record for the full lifecycle)."""

    class Meta:
        model = ResidentProblem

    grid = factory.SubFactory(GridFactory)
    category = factory.SubFactory(ProblemCategoryFactory)
    description = "楼道灯不亮"
    resident_name = "王大妈"
    resident_phone = factory.Sequence(lambda n: f"138{n % 100000000:08d}")
    holder_code = factory.LazyAttribute(lambda o: o.grid.code)
    recorded_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyAttribute(lambda o: o.recorded_at + timedelta(days=o.category.response_days))
