"""Every form the city's staff can open costs the same number of queries whatever the size of the
city: its choices come from pickers that hold only the chosen record, never a list of every row.

The forms are found as the menu walk finds them (every "Add" link of every page of the city's
menu), counted on the role city, then counted again once the city holds ten times the records.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.menus import add_links, build_role_city, grow_role_city, menu_links

pytestmark = pytest.mark.django_db


def form_costs(client) -> dict[str, int]:
    home = client.get(reverse("home"), follow=True).content.decode()
    costs = {}
    for link in menu_links(home):
        page = client.get(link, follow=True).content.decode()
        for form in add_links(page):
            if form in costs:
                continue
            with CaptureQueriesContext(connection) as queries:
                response = client.get(form)
            assert response.status_code == 200, form
            costs[form] = len(queries)
    return costs


def test_every_form_costs_the_same_at_ten_times_the_records():
    city = build_role_city()
    client = Client()
    client.force_login(city["users"]["city"])
    before = form_costs(client)
    assert len(before) >= 10, before  # the walk reaches the portal's forms, not a handful
    grow_role_city(city, copies=10)
    after = form_costs(client)
    assert after == before
