"""The shared helpers of the services: UNCHANGED and model_update."""

import copy
import pickle

import pytest
from django.core.exceptions import FieldDoesNotExist, ValidationError

from communities.models import Person
from communities.tests.factories import PersonFactory
from jilin_grid.services import UNCHANGED, model_update

pytestmark = pytest.mark.django_db


def test_unchanged_reads_as_its_name_and_stays_one_object():
    assert repr(UNCHANGED) == "UNCHANGED"
    assert copy.deepcopy(UNCHANGED) is UNCHANGED
    assert pickle.loads(pickle.dumps(UNCHANGED)) is UNCHANGED  # noqa: S301 - our own object


def test_model_update_sets_only_the_values_given():
    person = PersonFactory(name="张三", phone="13900000001", gender="male")
    model_update(person, name="张三丰", phone=UNCHANGED, gender=UNCHANGED)
    person = Person.objects.get(pk=person.pk)
    assert (person.name, person.phone, person.gender) == ("张三丰", "13900000001", "male")


def test_model_update_takes_an_empty_value_as_a_change():
    person = PersonFactory(phone="13900000001", gender="male")
    model_update(person, phone="", gender="")
    person.refresh_from_db()
    assert (person.phone, person.gender) == ("", "")


def test_model_update_validates_before_it_saves():
    person = PersonFactory(phone="13900000001")
    with pytest.raises(ValidationError) as error:
        model_update(person, phone="12", name="李四")
    assert "phone" in error.value.message_dict
    person.refresh_from_db()
    assert person.phone == "13900000001"
    assert person.name != "李四"


def test_model_update_with_nothing_given_still_validates_and_saves():
    person = PersonFactory()
    before = person.updated_at
    model_update(person, name=UNCHANGED)
    person.refresh_from_db()
    assert person.updated_at > before


def test_model_update_refuses_a_name_that_is_no_field():
    person = PersonFactory()
    with pytest.raises(FieldDoesNotExist):
        model_update(person, nmae="王五")
