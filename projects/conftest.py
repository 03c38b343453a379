"""Fixtures the tests of the projects app share: a community with its staff and district reviewer, and
a small world of areas with the people who act in it."""

import pytest

from communities.tests.factories import CommunityFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.scope import Role
from jilin_grid.testing.views import build_world

# Actions of the lifecycle.


@pytest.fixture
def community(db):
    return CommunityFactory()


@pytest.fixture
def district_dept(community):
    return user_with_grant(community.street.district.code, roles.DISTRICT_ORG_DEPT)


@pytest.fixture
def staff(community):
    return user_with_grant(community.code, roles.COMMUNITY_STAFF)


# Monthly progress.


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# The claim form ---------------------------------------------------------------------------------


@pytest.fixture
def world(db):
    return build_world()


# The project page and its steps -----------------------------------------------------------------


@pytest.fixture
def people(world):
    district = world.community.street.district
    return {
        "reviewer": user_with_grant(district.code, Role.DISTRICT_ORG_DEPT),
        "staff": world.writer,
        "outsider": world.outsider,
        "reader": world.viewer,
    }
