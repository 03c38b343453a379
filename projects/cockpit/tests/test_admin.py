"""The admin edits an index with its indicators inline, by the editor's rules: a set whose weights do
not sum to 100 is refused and nothing is saved."""

import pytest
from django.urls import reverse

from communities.tests.factories import UserFactory

from ..models import CompositeIndex

pytestmark = pytest.mark.django_db


def inline(*rows):
    data = {"indicators-TOTAL_FORMS": str(len(rows)), "indicators-INITIAL_FORMS": "0",
            "indicators-MIN_NUM_FORMS": "0", "indicators-MAX_NUM_FORMS": "1000"}  # fmt: skip
    for number, (figure, better, weight) in enumerate(rows):
        prefix = f"indicators-{number}-"
        data.update({prefix + "figure": figure, prefix + "better": better, prefix + "weight": str(weight),
                     prefix + "position": str(number)})  # fmt: skip
    return data


@pytest.fixture
def admin_client_(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_admin_refuses_weights_not_summing_to_100(admin_client_):
    url = reverse("admin:projects_compositeindex_add")
    data = {"area_code": "220211", "name": "丰满区综合指数",
            **inline(("problems.overdue", "lower", 50), ("problems.resolved", "higher", 30))}  # fmt: skip
    response = admin_client_.post(url, data)
    assert response.status_code == 200
    assert "100" in response.content.decode()
    assert not CompositeIndex.objects.filter(area_code="220211").exists()
    data.update(inline(("problems.overdue", "lower", 70), ("problems.resolved", "higher", 30)))
    assert admin_client_.post(url, data).status_code == 302
    index = CompositeIndex.objects.get(area_code="220211")
    assert sorted(index.indicators.values_list("figure", "weight")) == [
        ("problems.overdue", 70),
        ("problems.resolved", 30),
    ]
