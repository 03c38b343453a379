"""Forms of the No.1 project pages: choices inside the area, milestones, the report request."""

import pytest

from communities.tests.factories import PartyOrganizationFactory
from jilin_grid.testing.views import build_world
from projects.projects.forms import MilestoneFormSet, ProgressForm, ProjectForm
from projects.projects.models import Project


@pytest.fixture
def world(db):
    return build_world()


def project_data(organization, **overrides):
    data = {
        "organization": organization.pk,
        "year": 2020,
        "title": "党员示范家庭站点",
        "problem": "居民服务缺少阵地",
        "goal": "每栋楼一个站点",
        "measures": "楼栋长牵头",
        "responsible": "书记",
        "start_month": 2,
    }
    data.update(overrides)
    return data


def test_project_form_refuses_organizations_outside_the_area_and_read_only_roles(world):
    own = PartyOrganizationFactory(area_code=world.community.code)
    other = PartyOrganizationFactory(area_code=world.other_community.code)
    assert ProjectForm(project_data(own), instance=Project(), user=world.writer).is_valid()
    form = ProjectForm(project_data(other), instance=Project(), user=world.writer)
    assert not form.is_valid() and "organization" in form.errors
    reader_form = ProjectForm(project_data(own), instance=Project(), user=world.reader)
    assert list(reader_form.fields["organization"].queryset) == []
    assert not reader_form.is_valid()


def test_milestone_formset_needs_one_row_and_ignores_empty_ones():
    def data(rows):
        result = {"m-TOTAL_FORMS": "3", "m-INITIAL_FORMS": "0", "m-MIN_NUM_FORMS": "1", "m-MAX_NUM_FORMS": "24"}
        for index in range(3):
            month, text = rows[index] if index < len(rows) else ("", "")
            result[f"m-{index}-month"], result[f"m-{index}-description"] = str(month), text
        return result

    empty = MilestoneFormSet(data([]), prefix="m")
    assert not empty.is_valid()
    filled = MilestoneFormSet(data([(3, "动员"), (8, "验收")]), prefix="m")
    assert filled.is_valid(), filled.errors
    assert filled.milestones() == [{"month": 3, "description": "动员"}, {"month": 8, "description": "验收"}]
    half = MilestoneFormSet(data([(3, "")]), prefix="m")
    assert not half.is_valid()


def test_progress_form_bounds_the_percent():
    assert not ProgressForm({"month": 3, "percent_complete": 101, "done": "x"}).is_valid()
    form = ProgressForm({"month": 3, "percent_complete": 40, "done": "x"})
    assert form.is_valid()
    assert form.cleaned_data["attachments"] == []
