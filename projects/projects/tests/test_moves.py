"""Moving a party organization to another area carries its No.1 projects along, and with them
their progress and events: the old area no longer reads them, the new one does; in the same
transaction as the move."""

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import services as communities_services
from communities.tests.factories import CommunityFactory, PartyOrganizationFactory, user_with_grant
from jilin_grid import scope as roles
from jilin_grid.models import AREA_DEPENDENTS
from jilin_grid.testing.api import api_client, result_ids
from projects.projects.models import Project, ProjectEvent
from projects.tests.factories import ProgressReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved():
    old, new = CommunityFactory(), CommunityFactory()
    organization = PartyOrganizationFactory(area_code=old.code, name="中共红光社区委员会")
    project = ProjectFactory(organization=organization, title="红心物业进小区")
    progress = ProgressReportFactory(project=project, month=3)
    ProjectEvent.objects.create(project=project, kind="progress", note="三月进度", at=timezone.now())
    return old, new, organization, project, progress


def test_the_api_move_carries_the_projects_progress_and_events(moved):
    old, new, organization, project, progress = moved
    city = api_client(user_with_grant("2202", roles.CITY_ORG_DEPT))

    response = city.patch(reverse("party-organization-detail", args=[organization.pk]), {"area_code": new.code})

    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert project.area_code == new.code
    old_reader = api_client(user_with_grant(old.code, roles.COMMUNITY_STAFF))
    new_reader = api_client(user_with_grant(new.code, roles.COMMUNITY_STAFF))
    for name, row in (("project-list", project), ("progress-report-list", progress)):
        assert row.pk not in result_ids(old_reader.get(reverse(name))), name
        assert row.pk in result_ids(new_reader.get(reverse(name))), name
    assert result_ids(new_reader.get(reverse("project-event-list"), {"project": project.pk}))
    assert not result_ids(old_reader.get(reverse("project-event-list")))


def test_a_refused_move_moves_nothing(moved):
    old, _new, organization, project, _progress = moved
    with pytest.raises(Exception):  # noqa: B017 (the model's validation refuses a malformed code)
        communities_services.party_organization_update(organization=organization, area_code="99")
    project.refresh_from_db()
    organization.refresh_from_db()
    assert project.area_code == old.code == organization.area_code


def test_every_model_that_derives_its_area_from_a_party_organization_moves_with_it():
    from communities.models import PartyOrganization

    assert any(d.model is Project and d.via == "organization" for d in AREA_DEPENDENTS[PartyOrganization])
