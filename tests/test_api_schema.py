"""The OpenAPI schema is true to every answer: every GET of the schema (lists, details, statistics,
the root), on a small data set of every endpoint, as community staff (phone numbers whole) and as
the read-only API client (phone numbers masked), answers a status the operation declares with a
body its schema for that status describes. Validated by schemathesis, the fuzzer of CI
(tests/fuzz_api.sh), so both read the schema alike.
"""

from __future__ import annotations

import re

import pytest
import requests
import schemathesis
from django.urls import resolve
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.transport import Response

from jilin_grid.testing.api import api_client
from tests.api_endpoints import build_data_set, schema_document

# GET operations with a path parameter besides the object's id, and the value the walk gives it (or
# a function of the data set answering it).
OTHER_PATH_PARAMETERS = {
    "/api/reports/{id}/download/{fmt}/": {"fmt": "html"},
    # An area's map: a community of area A, which both callers see.
    "/api/geo/{code}/": {"code": lambda data: data.codes["community"][0]},
}


def get_paths(schema: dict) -> list[str]:
    return sorted(path for path, operations in schema["paths"].items() if "get" in operations)


@pytest.fixture
def data_set(db):
    return build_data_set()


def as_schemathesis_response(response, url: str) -> Response:
    return Response(
        status_code=response.status_code,
        headers={name.lower(): [value] for name, value in response.headers.items()},
        content=response.content,
        request=requests.Request("GET", f"http://testserver{url}").prepare(),
        elapsed=0.0,
        verify=False,
    )


def url_for(path: str, data) -> str:
    """The path with the id of an object of area A, the endpoint's own (its list's basename), and its
    other parameters."""
    url = path
    if "{id}" in path:
        basename = re.sub(r"-list$", "", resolve(re.sub(r"\{id\}/.*", "", path)).url_name)
        url = path.replace("{id}", str(data.in_a[basename][0].pk))
    for name, value in OTHER_PATH_PARAMETERS.get(path, {}).items():
        url = url.replace(f"{{{name}}}", value(data) if callable(value) else value)
    return url


def test_every_path_parameter_is_given():
    for path in get_paths(schema_document()):
        others = set(re.findall(r"\{(\w+)\}", path)) - {"id"}
        assert others == set(OTHER_PATH_PARAMETERS.get(path, {})), f"{path}: give {others} in OTHER_PATH_PARAMETERS"


@pytest.mark.parametrize("caller", ["staff", "reader"])
def test_every_get_answers_as_the_schema_says(data_set, caller):
    schema = schemathesis.openapi.from_dict(schema_document())
    client = api_client(getattr(data_set, caller))
    failures, answered = [], {}
    for path in get_paths(schema_document()):
        operation = schema[path]["GET"]
        url = url_for(path, data_set)
        response = client.get(url)
        answered[path] = response.status_code
        declared = set(operation.definition.raw["responses"])
        if str(response.status_code) not in declared:
            failures.append(f"GET {url}: {response.status_code}, not one of {sorted(declared)}")
            continue
        try:
            operation.validate_response(as_schemathesis_response(response, url))
        except FailureGroup as group:
            failures.extend(
                f"GET {url} ({response.status_code}): {failure.message[:400]}" for failure in group.exceptions
            )
        except Failure as failure:
            failures.append(f"GET {url} ({response.status_code}): {failure.message[:400]}")
    assert not failures, "\n".join(failures)
    # The walk read real answers: the lists and details of area A answer 200 (the report of area A
    # is not produced yet, so its download answers 404).
    refused = {path: status for path, status in answered.items() if status != 200}
    assert set(refused) <= {"/api/reports/{id}/download/{fmt}/"} | (
        {path for path in answered if caller == "staff" and re.match(r"/api/(cities|districts)/\{id\}/", path)}
    ), refused
