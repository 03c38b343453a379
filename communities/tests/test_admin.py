"""The Django admin works for superusers: every changelist and add page of the portal's models."""

import pytest
from django.contrib import admin
from django.urls import reverse

from communities.tests.factories import PartyOrganizationFactory, UserFactory
from grids.tests.factories import ChiefAssignmentFactory, GridWorkerFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_every_changelist_and_add_page_opens(superuser_client):
    PartyOrganizationFactory()
    UnitFactory()
    GridWorkerFactory()
    ChiefAssignmentFactory()
    models = [m for m in admin.site._registry if m._meta.app_label in {"communities", "grids", "auth"}]
    assert len(models) >= 12
    for model in models:
        opts = model._meta
        for view in ("changelist", "add"):
            response = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}"))
            assert response.status_code == 200, (opts.label, view)


def test_user_page_edits_area_grants(superuser_client):
    user = UserFactory()
    response = superuser_client.get(reverse("admin:auth_user_change", args=[user.pk]))
    assert response.status_code == 200
    assert b"area_grants" in response.content


def test_staff_without_superuser_cannot_open_admin_models(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("admin:grids_grid_changelist"))
    assert response.status_code == 403
