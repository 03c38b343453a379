"""Fixtures of the dispatch reports' tests: a district with a project's progress, and the broker mocked."""

from unittest import mock

import pytest

from communities.tests.factories import (
    CityFactory,
    CommunityFactory,
    DistrictFactory,
    PartyOrganizationFactory,
    StreetFactory,
)
from projects.reports.tasks import generate_report
from projects.tests.factories import ProgressReportFactory, ProjectFactory


@pytest.fixture
def district():
    """丰满区, with a community whose party organization reported June's progress of a project."""
    city = CityFactory()
    district = DistrictFactory(city=city, name="丰满区")
    community = CommunityFactory(street=StreetFactory(district=district))
    organization = PartyOrganizationFactory(area_code=community.code, name="江南社区党委")
    project = ProjectFactory(organization=organization, title="红心物业进小区")
    ProgressReportFactory(project=project, month=6, percent_complete=50)
    return district


@pytest.fixture
def queued():
    """The tasks handed to the broker (after commit), without a broker."""
    with mock.patch.object(generate_report, "apply_async") as apply_async:
        yield apply_async
