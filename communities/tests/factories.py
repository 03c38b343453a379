"""factory_boy factories of the communities app. Codes follow the tree: each extends its parent's."""

import factory
from django.contrib.auth import get_user_model

from communities.choices import PartyOrganizationKind
from communities.models import AreaGrant, City, Community, District, PartyOrganization, Person, Street
from jilin_grid.scope import Role


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("code",)

    code = "2202"
    name = "吉林市"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    city = factory.SubFactory(CityFactory)
    code = factory.Sequence(lambda n: f"2202{(n % 89) + 10:02d}")
    name = factory.Sequence(lambda n: f"测试区{n}")


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.district.code}{(n % 999) + 1:03d}")
    name = factory.Sequence(lambda n: f"测试街道{n}")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    street = factory.SubFactory(StreetFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.street.code}{(n % 999) + 1:03d}")
    name = factory.Sequence(lambda n: f"测试社区{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"测试人员{n}")
    phone = factory.Sequence(lambda n: f"139{n % 100000000:08d}")
    area_code = factory.LazyFunction(lambda: CommunityFactory().code)


class PartyOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrganization

    name = factory.Sequence(lambda n: f"测试党支部{n}")
    kind = PartyOrganizationKind.BRANCH
    area_code = factory.LazyFunction(lambda: CommunityFactory().code)
    member_count = 12


# The password of every user the factories make (the browser tests sign in with it).
PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class AreaGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaGrant

    user = factory.SubFactory(UserFactory)
    area_code = factory.LazyFunction(lambda: CommunityFactory().code)
    role = Role.COMMUNITY_STAFF


def user_with_grant(area_code: str, role: str, **kwargs):
    """A user holding one grant of ``role`` over ``area_code``."""
    user = UserFactory(**kwargs)
    AreaGrantFactory(user=user, area_code=area_code, role=role)
    return user


def user_reading_through_api_grant(area_code: str, **kwargs):
    """A portal user who sees ``area_code`` only through a read-only API client grant: they work as
    community staff in a community elsewhere, so they have portal pages but may not write here.
    (An account whose only role is the API client's has no portal pages at all.)"""
    user = user_with_grant(CommunityFactory().code, Role.COMMUNITY_STAFF, **kwargs)
    AreaGrantFactory(user=user, area_code=area_code, role=Role.API_READER)
    return user
