"""Every filter that chooses objects by id refuses an id no database column can hold with a 400,
where it used to reach the database and answer 500 (SQLite: OverflowError)."""

import django_filters
import pytest
from django.urls import reverse

from communities.tests.factories import CityFactory, DistrictFactory, user_with_grant
from jilin_grid.filters import BoundedFilterSet, ScopedFilterSet
from jilin_grid.scope import Role
from jilin_grid.testing.api import api_client

HUGE = "9" * 20


def _filtersets() -> list[type[ScopedFilterSet]]:
    import jilin_grid.urls  # noqa: F401 (imports every app's views, and with them their FilterSets)

    found, todo = [], list(ScopedFilterSet.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls._meta.model is not None:
            found.append(cls)
    return found


def _choice_filters():
    for filterset in _filtersets():
        for name, filter_ in filterset.base_filters.items():
            if isinstance(filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
                yield pytest.param(filterset, name, id=f"{filterset.__name__}.{name}")


@pytest.mark.django_db
@pytest.mark.parametrize(("filterset", "name"), list(_choice_filters()))
def test_an_id_out_of_range_is_not_one_of_the_choices(filterset, name, rf):
    request = rf.get("/", {name: HUGE})
    request.user = user_with_grant(CityFactory().code, Role.CITY_ORG_DEPT)  # choices that depend on the reader
    found = filterset(data=request.GET, queryset=filterset._meta.model.objects.all(), request=request)
    assert not found.is_valid()
    assert name in found.errors
    list(found.qs)  # and asking for the rows does not reach the database with it


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["service-post-list", "service-record-list", "problem-list"])
def test_the_api_answers_400_for_an_id_out_of_range(path):
    client = api_client(user_with_grant(CityFactory().code, Role.CITY_ORG_DEPT))
    name = {"service-post-list": "kind", "service-record-list": "kind", "problem-list": "category"}[path]
    response = client.get(reverse(path), {name: HUGE})
    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.django_db
def test_a_parameter_of_one_value_given_several_is_refused():
    """``?age_max=40&age_max=50`` names the parameter (400) instead of reading the last value; a
    parameter of several values takes them all."""
    client = api_client(user_with_grant(CityFactory().code, Role.CITY_ORG_DEPT))
    response = client.get("/api/secretary-filings/", {"age_max": ["40", "50"]})
    assert response.status_code == 400
    assert list(response.json()) == ["age_max"]
    assert client.get("/api/secretary-filings/", {"age_max": "40"}).status_code == 200
    several = client.get("/api/secretary-filings/", {"selection": ["election", "appointment"]})
    assert several.status_code == 200


@pytest.mark.django_db
def test_a_list_asked_for_no_filter_builds_no_filterset_and_answers_the_same(monkeypatch):
    """With only its page, order or format asked for, a list skips its FilterSet (which would apply
    nothing); a filter's parameter, even empty, builds it; a FilterSet that changes the rows unasked
    (the projects' lights) is always built."""
    built = []
    construct = BoundedFilterSet.__init__

    def counted(self, *args, **kwargs):
        built.append(type(self).__name__)
        construct(self, *args, **kwargs)

    monkeypatch.setattr(BoundedFilterSet, "__init__", counted)
    city = CityFactory(code="2202")
    for _ in range(3):
        DistrictFactory(city=city)
    client = api_client(user_with_grant(city.code, Role.CITY_ORG_DEPT))
    plain = client.get("/api/districts/", {"ordering": "-code", "page_size": "5", "format": "json"})
    assert plain.status_code == 200 and built == []
    filtered = client.get("/api/districts/", {"ordering": "-code", "page_size": "5", "format": "json", "area": ""})
    assert filtered.status_code == 200 and built == ["DistrictFilterSet"]
    assert plain.json() == filtered.json()
    assert [row["code"] for row in plain.json()["results"]] == sorted(
        (row["code"] for row in plain.json()["results"]), reverse=True
    )
    assert client.get("/api/projects/").status_code == 200
    assert built[-1] == "ProjectFilterSet"
