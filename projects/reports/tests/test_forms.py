"""The form requesting a dispatch report: the areas it offers and the periods it accepts."""

from communities.tests.factories import user_with_grant
from jilin_grid.scope import Role
from projects.reports.forms import ReportRequestForm, requestable_areas


def test_report_request_form_areas_and_checks(world):
    street = world.community.street
    district = street.district
    reviewer = user_with_grant(district.code, Role.DISTRICT_ORG_DEPT)
    codes = [code for code, _name in requestable_areas(reviewer)]
    assert codes == [district.code, street.code]
    assert requestable_areas(world.writer) == []
    form = ReportRequestForm(
        {"kind": "quarterly", "period": "2020-q2", "area_code": f"{street.code} 街道"}, user=reviewer
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"kind": "quarterly", "period": "2020-Q2", "area_code": street.code}
    community = ReportRequestForm(
        {"kind": "monthly", "period": "2020-06", "area_code": world.community.code}, user=reviewer
    )
    assert not community.is_valid() and "area_code" in community.errors
    wrong_period = ReportRequestForm(
        {"kind": "quarterly", "period": "2020-06", "area_code": district.code}, user=reviewer
    )
    assert not wrong_period.is_valid() and "period" in wrong_period.errors
