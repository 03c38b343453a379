"""Generated API tests, in the manner of NetBox's ``utilities/testing/api.py``.

A test class names its model, the URL base name of its router entry, how to build an area and an
object inside it, and the payloads to create and update; it inherits the tests of list, detail,
create, update and delete, each as an anonymous client (401), as a permitted user of area A,
as a user of another area B (404, and absent from lists) and as a read-only API client (reads
work, writes answer 403). The list's query count is pinned and must not grow with the data::

    class TestGridAPI(APITestCases.ReadWrite):
        model = Grid
        basename = "grid"

        def make_object(self, area): ...
        def create_payload(self, area): ...
        def update_payload(self, obj, area): ...

Areas: ``build_area(which)`` returns a namespace with at least ``code`` (the code granted to the
users of that area); the default builds a community with its street, district and city.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db.models import Model
from django.urls import reverse
from rest_framework.test import APIClient

from jilin_grid import scope as roles
from jilin_grid.areas import child_area_model

# The districts of the two sides of the generated tests: codes the district factory never gives
# (it counts from 10 to 98), so they do not meet the districts other rows of a test are given.
SIDE_DISTRICTS = {"a": ("220299", "甲测试区"), "b": ("220200", "乙测试区")}


def api_token_key(user, *, used_now: bool = True, **options) -> str:
    """The key of a new API token of ``user`` (``options``: label, expires_at, created_by).

    ``used_now`` records it as used a moment ago, like the token of a client in steady use: its
    last use is written at most once a minute, so the requests a test measures write nothing.
    """
    from django.utils import timezone

    from communities.models import ApiToken
    from communities.services import api_token_create

    token, key = api_token_create(user=user, label=options.pop("label", "test client"), **options)
    if used_now:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return key


def api_client(user=None) -> APIClient:
    """A client that authenticates as ``user`` with a token header, or an anonymous one."""
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_key(user)}")
    return client


def schema_response():
    """The OpenAPI schema as a signed-in caller reads it (it is not public by default)."""
    import uuid

    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.create_user(username=f"schema-reader-{uuid.uuid4().hex[:8]}"))
    return client.get("/api/schema/")


def result_ids(response) -> set[int]:
    """Ids of the objects on a (paginated) list answer."""
    return {row["id"] for row in response.data["results"]}


class APITestCases:
    """Namespace of the mixins; subclass one of them in a ``Test...`` class."""

    class Base:
        model: type[Model]
        basename: str
        # Role and code the users of an area are granted (see grant_code()).
        grant_role: str = roles.COMMUNITY_STAFF
        # Most queries a list may take: token, grants, count, rows (+ whatever the model needs).
        max_list_queries: int = 4
        # Rows added before the list is measured again; None when the model cannot grow in an area.
        grown_rows: int | None = 30

        # Hooks a test class implements or overrides.

        def build_area(self, which: str) -> SimpleNamespace:
            """A new community of its own street, in the district of its side (``a`` or ``b``): the
            two sides never share a district, and the data set of every endpoint at once (two
            areas each) does not run out of the factories' district codes."""
            from communities.models import District
            from communities.tests.factories import CityFactory, CommunityFactory, StreetFactory

            code, name = SIDE_DISTRICTS[which]
            district, _created = District.objects.get_or_create(
                code=code, defaults={"name": name, "city": CityFactory()}
            )
            community = CommunityFactory(street=StreetFactory(district=district))
            street = community.street
            return SimpleNamespace(
                code=community.code,
                community=community,
                street=street,
                district=street.district,
                city=street.district.city,
            )

        def grant_code(self, area) -> str:
            return area.code

        def make_object(self, area) -> Model:
            raise NotImplementedError

        def make_rows(self, area, count: int) -> None:
            for _ in range(count):
                self.make_object(area)

        # Fixtures.

        @pytest.fixture(autouse=True)
        def _db(self, db):
            return db

        @pytest.fixture
        def area_a(self):
            return self.build_area("a")

        @pytest.fixture
        def area_b(self):
            return self.build_area("b")

        @pytest.fixture
        def obj_a(self, area_a):
            return self.make_object(area_a)

        @pytest.fixture
        def obj_b(self, area_b):
            return self.make_object(area_b)

        @pytest.fixture
        def user_a(self, area_a):
            from communities.tests.factories import user_with_grant

            return user_with_grant(self.grant_code(area_a), self.grant_role)

        @pytest.fixture
        def user_b(self, area_b):
            from communities.tests.factories import user_with_grant

            return user_with_grant(self.grant_code(area_b), self.grant_role)

        @pytest.fixture
        def reader_a(self, area_a):
            from communities.tests.factories import user_with_grant

            return user_with_grant(self.grant_code(area_a), roles.API_READER)

        # Helpers.

        def list_url(self) -> str:
            return reverse(f"{self.basename}-list")

        def detail_url(self, obj) -> str:
            return reverse(f"{self.basename}-detail", args=[obj.pk])

    class Read(Base):
        def test_list_anonymous_is_401(self, obj_a):
            assert api_client().get(self.list_url()).status_code == 401

        def test_detail_anonymous_is_401(self, obj_a):
            assert api_client().get(self.detail_url(obj_a)).status_code == 401

        def test_list_shows_own_area_only(self, obj_a, obj_b, user_a):
            response = api_client(user_a).get(self.list_url())
            assert response.status_code == 200
            ids = result_ids(response)
            assert obj_a.pk in ids
            assert obj_b.pk not in ids

        def test_list_of_other_area_user_hides_area_a(self, obj_a, obj_b, user_b):
            ids = result_ids(api_client(user_b).get(self.list_url()))
            assert obj_b.pk in ids
            assert obj_a.pk not in ids

        def test_detail_permitted(self, obj_a, user_a):
            response = api_client(user_a).get(self.detail_url(obj_a))
            assert response.status_code == 200
            assert response.data["id"] == obj_a.pk

        def test_detail_other_area_is_404(self, obj_a, user_b):
            response = api_client(user_b).get(self.detail_url(obj_a))
            assert response.status_code == 404
            assert "outside your area" in str(response.data["detail"])

        def test_reader_reads(self, obj_a, reader_a):
            client = api_client(reader_a)
            assert obj_a.pk in result_ids(client.get(self.list_url()))
            assert client.get(self.detail_url(obj_a)).status_code == 200

        def test_list_query_count_does_not_grow(self, obj_a, obj_b, area_a, user_a, django_assert_max_num_queries):
            client = api_client(user_a)
            client.get(self.list_url())  # the token row is created on first use
            self.make_rows(area_a, 2)
            with django_assert_max_num_queries(self.max_list_queries) as small:
                response = client.get(self.list_url())
            assert response.status_code == 200
            rows_before = response.data["count"]
            if self.grown_rows is None:
                return
            self.make_rows(area_a, self.grown_rows)
            with django_assert_max_num_queries(self.max_list_queries) as large:
                response = client.get(self.list_url())
            assert response.data["count"] >= rows_before + self.grown_rows
            assert len(large.captured_queries) == len(small.captured_queries)

    class Create(Base):
        def create_payload(self, area) -> dict:
            raise NotImplementedError

        def test_create_anonymous_is_401(self, area_a):
            response = api_client().post(self.list_url(), self.create_payload(area_a), format="json")
            assert response.status_code == 401

        def test_create_permitted(self, area_a, user_a):
            payload = self.create_payload(area_a)
            before = self.model.objects.count()
            response = api_client(user_a).post(self.list_url(), payload, format="json")
            assert response.status_code == 201, response.data
            assert self.model.objects.count() == before + 1
            created = self.model.objects.get(pk=response.data["id"])
            assert created.scope_code.startswith(self.grant_code(area_a))
            for key, value in payload.items():
                if key in response.data and not isinstance(response.data[key], dict):
                    assert response.data[key] == value, key

        def test_create_in_other_area_is_refused(self, area_a, user_b):
            before = self.model.objects.count()
            response = api_client(user_b).post(self.list_url(), self.create_payload(area_a), format="json")
            assert response.status_code == 400
            assert self.model.objects.count() == before

        def test_create_by_reader_is_403(self, area_a, reader_a):
            before = self.model.objects.count()
            response = api_client(reader_a).post(self.list_url(), self.create_payload(area_a), format="json")
            assert response.status_code == 403
            assert self.model.objects.count() == before

    class Update(Base):
        def update_payload(self, obj, area) -> dict:
            raise NotImplementedError

        def update_write_only(self, obj, area) -> dict:
            """Fields an update sends that are not read back (a reason for the change, say)."""
            return {}

        def test_update_anonymous_is_401(self, obj_a, area_a):
            response = api_client().patch(self.detail_url(obj_a), self.update_payload(obj_a, area_a), format="json")
            assert response.status_code == 401

        def test_update_permitted(self, obj_a, area_a, user_a):
            payload = self.update_payload(obj_a, area_a)
            sent = {**payload, **self.update_write_only(obj_a, area_a)}
            response = api_client(user_a).patch(self.detail_url(obj_a), sent, format="json")
            assert response.status_code == 200, response.data
            fresh = api_client(user_a).get(self.detail_url(obj_a)).data
            for key, value in payload.items():
                assert fresh[key] == value, key

        def test_update_other_area_is_404(self, obj_a, area_a, user_b):
            payload = self.update_payload(obj_a, area_a)
            before = self.model.objects.filter(pk=obj_a.pk).values(*payload).get()
            sent = {**payload, **self.update_write_only(obj_a, area_a)}
            response = api_client(user_b).patch(self.detail_url(obj_a), sent, format="json")
            assert response.status_code == 404
            assert self.model.objects.filter(pk=obj_a.pk).values(*payload).get() == before

        def test_update_by_reader_is_403(self, obj_a, area_a, reader_a):
            response = api_client(reader_a).patch(
                self.detail_url(obj_a), self.update_payload(obj_a, area_a), format="json"
            )
            assert response.status_code == 403

    class Delete(Base):
        """``DELETE`` retires: the object stays, readable, with ``is_active: false``."""

        def test_delete_anonymous_is_401(self, obj_a):
            assert api_client().delete(self.detail_url(obj_a)).status_code == 401

        def test_delete_permitted_retires(self, obj_a, user_a):
            client = api_client(user_a)
            assert client.delete(self.detail_url(obj_a)).status_code == 204
            obj_a.refresh_from_db()
            assert obj_a.is_active is False
            response = client.get(self.detail_url(obj_a))
            assert response.status_code == 200
            assert response.data["is_active"] is False

        def test_delete_other_area_is_404(self, obj_a, user_b):
            assert api_client(user_b).delete(self.detail_url(obj_a)).status_code == 404
            obj_a.refresh_from_db()
            assert obj_a.is_active is True

        def test_delete_by_reader_is_403(self, obj_a, reader_a):
            assert api_client(reader_a).delete(self.detail_url(obj_a)).status_code == 403
            obj_a.refresh_from_db()
            assert obj_a.is_active is True

    class NoDelete(Base):
        """Objects that cannot be retired: ``DELETE`` is not offered."""

        def test_delete_anonymous_is_401(self, obj_a):
            assert api_client().delete(self.detail_url(obj_a)).status_code == 401

        def test_delete_is_not_allowed(self, obj_a, user_a):
            assert api_client(user_a).delete(self.detail_url(obj_a)).status_code == 405
            assert self.model.objects.filter(pk=obj_a.pk).exists()

    class NoWrite(Base):
        """Read-only endpoints: writing is not offered (405), and refused earlier to others."""

        def test_write_anonymous_is_401(self, obj_a):
            client = api_client()
            assert client.post(self.list_url(), {}, format="json").status_code == 401
            assert client.patch(self.detail_url(obj_a), {}, format="json").status_code == 401
            assert client.delete(self.detail_url(obj_a)).status_code == 401

        def test_write_is_not_allowed(self, obj_a, user_a):
            client = api_client(user_a)
            assert client.post(self.list_url(), {"name": "x"}, format="json").status_code == 405
            assert client.patch(self.detail_url(obj_a), {"name": "x"}, format="json").status_code == 405
            assert client.delete(self.detail_url(obj_a)).status_code == 405
            # Unchanged: still there, with its name where it has one.
            unchanged = {"name": obj_a.name} if hasattr(obj_a, "name") else {}
            assert self.model.objects.filter(pk=obj_a.pk, **unchanged).exists()

        def test_write_by_reader_is_403(self, obj_a, reader_a):
            client = api_client(reader_a)
            assert client.post(self.list_url(), {"name": "x"}, format="json").status_code == 403
            assert client.delete(self.detail_url(obj_a)).status_code == 403

    class ReadOnly(Read, NoWrite):
        """A read-only endpoint (the administrative tree)."""

    class ReadWrite(Read, Create, Update, Delete):
        """A full endpoint whose ``DELETE`` retires."""


def child_area_codes(code: str) -> set[str]:
    """Codes of the active direct children of an area, found independently of the selectors."""
    model = child_area_model(code)
    if model is None:
        return set()
    return set(model.objects.filter(code__startswith=code, is_active=True).values_list("code", flat=True))
