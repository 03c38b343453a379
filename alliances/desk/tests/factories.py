"""Factories of the one-stop desk: a matter of a district's catalogue (with its materials and steps), a
social worker of a community, and a case accepted through the service."""

import factory

from communities.tests.factories import CommunityFactory, DistrictFactory, PersonFactory

from .. import services
from ..choices import ServiceMode, WorkerPost
from ..models import Matter, MatterMaterial, MatterStep, SocialWorker


class MatterFactory(factory.django.DjangoModelFactory):
    """A matter with two required materials, one optional, and three steps."""

    class Meta:
        model = Matter
        skip_postgeneration_save = True

    area_code = factory.LazyFunction(lambda: DistrictFactory().code)
    name = factory.Sequence(lambda n: f"居住证明{n}")
    mode = ServiceMode.ONE_STOP
    time_limit_days = 5

    @factory.post_generation
    def contents(self, create, extracted, **kwargs):
        if not create:
            return
        materials = extracted or [("居民身份证", True), ("户口簿", True), ("租赁合同", False)]
        MatterMaterial.objects.bulk_create(
            MatterMaterial(matter=self, position=i, name=n, required=r) for i, (n, r) in enumerate(materials, start=1)
        )
        MatterStep.objects.bulk_create(
            MatterStep(matter=self, position=i, name=n) for i, n in enumerate(("受理", "核实", "出具证明"), start=1)
        )


class SocialWorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialWorker

    community = factory.SubFactory(CommunityFactory)
    person = factory.SubFactory(PersonFactory, area_code=factory.SelfAttribute("..community.code"))
    posts = factory.LazyFunction(lambda: [WorkerPost.CIVIL_AFFAIRS, WorkerPost.SOCIAL_SECURITY])


def matter_for(community, **kwargs) -> Matter:
    """A matter of the catalogue of ``community``'s district."""
    return MatterFactory(area_code=community.code[:6], **kwargs)


def accept(community=None, *, matter=None, worker=None, grid=None, accepted_on=None, **kwargs):
    """A case accepted at ``community``'s desk with every material checked."""
    community = community or (worker.community if worker else CommunityFactory())
    matter = matter or matter_for(community)
    worker = worker or SocialWorkerFactory(community=community)
    return services.case_accept(
        community=community,
        matter=matter,
        worker=worker,
        grid=grid,
        resident_name=kwargs.pop("resident_name", "王秀英"),
        resident_phone=kwargs.pop("resident_phone", "13912345678"),
        checked=list(matter.materials.all()),
        accepted_on=accepted_on,
        **kwargs,
    )
