"""The scope matrix: every list endpoint of the OpenAPI schema, as every role, with two areas of data.

A user granted area A finds A's object on the list and in its detail, never B's (404 on its detail,
absent from the list); an anonymous caller is refused. The endpoints come from the schema, so a new
one is walked without a line of test; ``tests/api_endpoints.py`` says how to get data for it.
"""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from communities.tests.factories import user_with_grant
from jilin_grid.scope import Role
from jilin_grid.testing.api import api_client
from tests.api_endpoints import CATALOGUES, DETAILS, SCOPED, list_endpoints, schema_document

ENDPOINTS = list_endpoints(schema_document())


def all_ids(client, path: str) -> set[int]:
    """Ids of every row of a list, following its pages."""
    ids, url = set(), f"{path}?page_size=500"
    while url:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        ids |= {row["id"] for row in rows}
        url = body.get("next") if isinstance(body, dict) else None
    return ids


def test_the_schema_has_the_lists_of_the_api():
    # The walk is only as good as its list of endpoints: the schema's lists are all found.
    assert {"grid", "person", "project", "report", "service-kind"} <= set(ENDPOINTS)
    assert len(ENDPOINTS) >= 35


@pytest.mark.django_db
@pytest.mark.parametrize("basename", sorted(set(ENDPOINTS) - set(CATALOGUES)))  # catalogues: below
def test_every_role_sees_its_own_area_only(basename):
    if basename not in SCOPED:
        pytest.fail(f"{ENDPOINTS[basename]} ({basename}) has no data for the walks: add it to tests/api_endpoints.py")
    case = SCOPED[basename]()
    area_a, area_b = case.build_area("a"), case.build_area("b")
    obj_a, obj_b = case.make_object(area_a), case.make_object(area_b)
    path = ENDPOINTS[basename]
    detail_a = reverse(f"{basename}-detail", args=[obj_a.pk])
    detail_b = reverse(f"{basename}-detail", args=[obj_b.pk])

    anonymous = api_client()
    assert anonymous.get(path).status_code in {401, 403}
    assert anonymous.get(detail_a).status_code in {401, 403}

    for role in Role.values:
        client = api_client(user_with_grant(case.grant_code(area_a), role))
        ids = all_ids(client, path)
        assert obj_a.pk in ids, (role, "misses its own area's row")
        assert obj_b.pk not in ids, (role, "sees another area's row")
        assert client.get(detail_a).status_code == 200, role
        assert client.get(detail_b).status_code == 404, role


@pytest.mark.django_db
@pytest.mark.parametrize("basename", sorted(CATALOGUES))
def test_catalogues_are_read_by_every_signed_in_role(basename):
    row = CATALOGUES[basename]()
    path = ENDPOINTS[basename]
    assert api_client().get(path).status_code in {401, 403}
    for role in Role.values:
        client = api_client(user_with_grant("2202", role))
        assert row.pk in all_ids(client, path), role
        assert client.get(reverse(f"{basename}-detail", args=[row.pk])).status_code == 200, role


def _detail_paths() -> dict[str, str]:
    """The schema's details without a list (an import's job), by the basename of the path before ``{id}``."""
    found = {}
    for path in schema_document()["paths"]:
        if path.endswith("{id}/") and "get" in schema_document()["paths"][path]:
            basename = resolve(path.removesuffix("{id}/")).url_name
            if basename not in ENDPOINTS and not basename.endswith("-list"):
                found[basename] = path
    return found


DETAIL_PATHS = _detail_paths()


def test_every_detail_without_a_list_has_data_for_the_walk():
    assert set(DETAIL_PATHS) == set(DETAILS)


@pytest.mark.django_db
@pytest.mark.parametrize("basename", sorted(DETAILS))
def test_every_role_reads_its_own_areas_details_without_a_list_only(basename):
    case = SCOPED["community"]()
    area_a, area_b = case.build_area("a"), case.build_area("b")
    obj_a, obj_b = DETAILS[basename](area_a), DETAILS[basename](area_b)
    path = DETAIL_PATHS[basename]
    detail_a, detail_b = path.replace("{id}", str(obj_a.pk)), path.replace("{id}", str(obj_b.pk))
    assert api_client().get(detail_a).status_code in {401, 403}
    for role in Role.values:
        client = api_client(user_with_grant(case.grant_code(area_a), role))
        assert client.get(detail_a).status_code == 200, role
        assert client.get(detail_b).status_code == 404, role
