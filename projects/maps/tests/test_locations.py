"""Locations: the API and the forms take them, refuse one out of range or half given beside the
field, and the database holds the range whatever writes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from alliances.tests.factories import CheckpointFactory
from communities.tests.factories import CommunityFactory, user_with_grant
from grids.network.models import ResidentialCompound
from jilin_grid import scope as roles
from jilin_grid.testing.api import api_client

pytestmark = pytest.mark.django_db


def test_the_compounds_api_takes_a_location_and_refuses_a_bad_one_beside_its_field():
    community = CommunityFactory()
    client = api_client(user_with_grant(community.code, roles.COMMUNITY_STAFF))
    url = reverse("compound-list")
    made = client.post(
        url, {"community": community.pk, "name": "江南小区", "latitude": "43.812345", "longitude": "126.561234"}
    )
    assert made.status_code == 201, made.json()
    assert made.json()["latitude"] == "43.812345"
    out_of_range = client.post(
        url, {"community": community.pk, "name": "北极小区", "latitude": "95", "longitude": "126.5"}
    )
    assert out_of_range.status_code == 400 and set(out_of_range.json()) == {"latitude"}
    half = client.post(url, {"community": community.pk, "name": "半个小区", "latitude": "43.8"})
    assert half.status_code == 400 and "longitude" in half.json()
    assert ResidentialCompound.objects.count() == 1


def test_the_checkpoint_form_keeps_a_refused_location(client):
    community = CommunityFactory()
    client.force_login(user_with_grant(community.code, roles.COMMUNITY_STAFF))
    response = client.post(
        reverse("alliances:checkpoint_create"),
        {"community": community.pk, "name": "北门卡点", "address": "北门", "latitude": "43.8", "longitude": "200"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["longitude"]
    assert 'value="43.8"' in response.content.decode()


def test_the_database_refuses_a_location_out_of_range_or_half_given():
    checkpoint = CheckpointFactory()
    for latitude, longitude in ((Decimal("91"), Decimal("126")), (Decimal("43.8"), None)):
        with pytest.raises(IntegrityError), transaction.atomic():
            type(checkpoint).objects.filter(pk=checkpoint.pk).update(latitude=latitude, longitude=longitude)
