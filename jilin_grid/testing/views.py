"""Test mixins that give every model's pages the same tests, NetBox style.

A test class declares its URL names and how to make an object inside a grid, and inherits
the tests of its list, edit, create and retire pages, each as an anonymous visitor (sent to the
login page), as a permitted community worker, as a worker of another community (404), as the
read-only API client of the same community (403: it has no portal pages) and as a worker who sees
the community only through a read-only grant (no edit buttons):

    class TestGridViews(ViewTestCases.PrimaryObjectViewTests):
        model = Grid
        url_prefix = "grids:grid"

        def make_object(self, grid):
            return GridFactory(community=grid.community)

        def create_data(self):
            return {"community": self.world.community.pk, "code": ..., "name": "新网格"}

Every test starts from a fresh small world: one street with two communities, a grid in each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from communities.tests.factories import (
    CommunityFactory,
    StreetFactory,
    user_reading_through_api_grant,
    user_with_grant,
)
from grids.tests.factories import GridFactory
from jilin_grid.scope import Role


def page_count_query(response) -> int:
    """The queries a list page spent counting its rows: 1 when they fill more than its first page,
    0 when its first page holds them all (``jilin_grid.paging``) or it is no list. A pin of "as many
    queries at ten times the rows" compares the others."""
    page = response.context.get("page_obj") if response.context is not None else None
    return int(page is not None and (page.number > 1 or page.paginator.num_pages > 1))


@dataclass
class World:
    """Two communities of one street, a grid in each, and the users who look at them."""

    community: Any
    grid: Any
    other_community: Any
    other_grid: Any
    writer: Any  # community staff of ``community``
    outsider: Any  # community staff of ``other_community``
    reader: Any  # the read-only API client of ``community``: no portal pages (403)
    viewer: Any  # staff elsewhere who read ``community`` through an API client grant (no edit buttons)


def build_world() -> World:
    street = StreetFactory()
    community = CommunityFactory(street=street)
    other_community = CommunityFactory(street=street)
    return World(
        community=community,
        grid=GridFactory(community=community),
        other_community=other_community,
        other_grid=GridFactory(community=other_community),
        writer=user_with_grant(community.code, Role.COMMUNITY_STAFF),
        outsider=user_with_grant(other_community.code, Role.COMMUNITY_STAFF),
        reader=user_with_grant(community.code, Role.API_READER),
        viewer=user_reading_through_api_grant(community.code),
    )


def login_url_for(url: str) -> str:
    return f"{reverse('login')}?next={url}"


def table_html(response, testid: str = "object-table") -> str:
    """The HTML of the page's table (empty when the page shows none), without filters and menus."""
    content = response.content.decode()
    start = content.find(f'data-testid="{testid}"')
    if start == -1:
        return ""
    return content[start : content.find("</table>", start)]


class ViewTestCases:
    """Namespace of the mixins (not collected by pytest: their names do not start with Test)."""

    class Base:
        model: Any = None
        url_prefix: str = ""  # "grids:grid" gives grids:grid_list, _create, _edit, _retire

        @pytest.fixture(autouse=True)
        def _world(self, db, client):
            self.world = build_world()
            self.client = client

        def url(self, action: str, obj=None) -> str:
            name = f"{self.url_prefix}_{action}"
            return reverse(name, args=[obj.pk]) if obj is not None else reverse(name)

        def make_object(self, grid):
            """An object of the model inside ``grid`` (and so inside its community)."""
            raise NotImplementedError

        def label(self, obj) -> str:
            """The text a user finds in the list row of ``obj``."""
            return obj.name

    class ListViewTests(Base):
        def test_list_sends_anonymous_visitors_to_login(self):
            url = self.url("list")
            response = self.client.get(url)
            assert response.status_code == 302
            assert response["Location"] == login_url_for(url)

        def test_list_shows_own_area_and_hides_others(self):
            own = self.make_object(self.world.grid)
            other = self.make_object(self.world.other_grid)
            self.client.force_login(self.world.writer)
            response = self.client.get(self.url("list"))
            assert response.status_code == 200
            table = table_html(response)
            assert self.label(own) in table
            assert self.label(other) not in response.content.decode()
            assert self.url("edit", own) in table

        def test_list_and_export_are_forbidden_to_the_api_client_account(self):
            own = self.make_object(self.world.grid)
            self.client.force_login(self.world.reader)
            for response in (self.client.get(self.url("list")), self.client.get(self.url("list"), {"export": "csv"})):
                assert response.status_code == 403
                assert self.label(own) not in response.content.decode()

        def test_list_hides_edit_buttons_from_a_read_only_grant(self):
            own = self.make_object(self.world.grid)
            self.client.force_login(self.world.viewer)
            response = self.client.get(self.url("list"))
            assert response.status_code == 200
            assert self.label(own) in table_html(response)
            assert self.url("edit", own) not in response.content.decode()

        def test_list_exports_csv_of_own_area(self):
            own = self.make_object(self.world.grid)
            other = self.make_object(self.world.other_grid)
            self.client.force_login(self.world.writer)
            response = self.client.get(self.url("list"), {"export": "csv"})
            assert response.status_code == 200
            assert response["Content-Type"].startswith("text/csv")
            text = response.content.decode("utf-8-sig")
            assert self.label(own) in text
            assert self.label(other) not in text

        def test_list_explains_an_empty_result(self):
            self.make_object(self.world.grid)
            self.client.force_login(self.world.writer)
            response = self.client.get(self.url("list"), {"q": "无此记录zzz"})
            assert response.status_code == 200
            assert b'data-testid="empty-state"' in response.content
            assert not table_html(response)

    class EditViewTests(Base):
        def update_data(self, obj) -> dict:
            """Valid POST data for the edit form of ``obj``."""
            raise NotImplementedError

        def assert_updated(self, obj) -> None:
            """Checks that the POST of ``update_data`` changed ``obj`` (reloaded)."""
            raise NotImplementedError

        def test_edit_sends_anonymous_visitors_to_login(self):
            obj = self.make_object(self.world.grid)
            url = self.url("edit", obj)
            response = self.client.get(url)
            assert response.status_code == 302
            assert response["Location"] == login_url_for(url)

        def test_edit_form_opens_and_saves_for_a_permitted_user(self):
            obj = self.make_object(self.world.grid)
            self.client.force_login(self.world.writer)
            assert self.client.get(self.url("edit", obj)).status_code == 200
            response = self.client.post(self.url("edit", obj), self.update_data(obj))
            assert response.status_code == 302, response.context["form"].errors if response.context else response
            assert response["Location"] == self.url("list")
            obj.refresh_from_db()
            self.assert_updated(obj)

        def test_edit_outside_the_area_is_not_found(self):
            obj = self.make_object(self.world.grid)
            self.client.force_login(self.world.outsider)
            assert self.client.get(self.url("edit", obj)).status_code == 404
            assert self.client.post(self.url("edit", obj), self.update_data(obj)).status_code == 404

        def test_edit_is_forbidden_to_a_read_only_role(self):
            obj = self.make_object(self.world.grid)
            self.client.force_login(self.world.reader)
            assert self.client.get(self.url("edit", obj)).status_code == 403
            assert self.client.post(self.url("edit", obj), self.update_data(obj)).status_code == 403

    class CreateViewTests(Base):
        def create_data(self) -> dict:
            """Valid POST data for a new object inside ``self.world.grid``."""
            raise NotImplementedError

        def created(self):
            """The queryset of objects the POST of ``create_data`` should have made."""
            raise NotImplementedError

        def test_create_sends_anonymous_visitors_to_login(self):
            url = self.url("create")
            response = self.client.get(url)
            assert response.status_code == 302
            assert response["Location"] == login_url_for(url)

        def test_create_saves_for_a_permitted_user(self):
            self.client.force_login(self.world.writer)
            assert self.client.get(self.url("create")).status_code == 200
            response = self.client.post(self.url("create"), self.create_data(), follow=True)
            assert response.redirect_chain, response.context["form"].errors
            assert response.redirect_chain[-1][0] == self.url("list")
            assert self.created().count() == 1
            assert b"alert-success" in response.content

        def test_create_refuses_a_place_outside_the_area(self):
            self.client.force_login(self.world.outsider)
            response = self.client.post(self.url("create"), self.create_data())
            assert response.status_code == 400
            errors = response.context["form"].errors
            assert errors
            # The refusal names no place outside the user's area.
            assert self.world.community.name not in str(errors)
            assert not self.created().exists()

        def test_create_is_forbidden_to_a_read_only_role(self):
            self.client.force_login(self.world.reader)
            assert self.client.get(self.url("create")).status_code == 403
            assert self.client.post(self.url("create"), self.create_data()).status_code == 403
            assert not self.created().exists()

    class RetireViewTests(Base):
        def test_retire_sends_anonymous_visitors_to_login(self):
            obj = self.make_object(self.world.grid)
            url = self.url("retire", obj)
            response = self.client.post(url)
            assert response.status_code == 302
            assert response["Location"] == login_url_for(url)
            obj.refresh_from_db()
            assert obj.is_active

        def test_retire_asks_for_confirmation_then_retires(self):
            obj = self.make_object(self.world.grid)
            self.client.force_login(self.world.writer)
            confirmation = self.client.get(self.url("retire", obj))
            assert confirmation.status_code == 200
            assert b'method="post"' in confirmation.content
            obj.refresh_from_db()
            assert obj.is_active
            response = self.client.post(self.url("retire", obj))
            assert response.status_code == 302
            obj.refresh_from_db()
            assert not obj.is_active

        def test_retire_outside_the_area_is_not_found(self):
            obj = self.make_object(self.world.grid)
            self.client.force_login(self.world.outsider)
            assert self.client.post(self.url("retire", obj)).status_code == 404
            obj.refresh_from_db()
            assert obj.is_active

        def test_retire_is_forbidden_to_a_read_only_role(self):
            obj = self.make_object(self.world.grid)
            self.client.force_login(self.world.reader)
            assert self.client.post(self.url("retire", obj)).status_code == 403
            obj.refresh_from_db()
            assert obj.is_active

    class PrimaryObjectViewTests(ListViewTests, EditViewTests, CreateViewTests, RetireViewTests):
        """List, edit, create and retire: about twenty tests for a few lines."""
