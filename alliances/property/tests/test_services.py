"""The rules of red-heart property's records: a derived rate with no more paid than billed and one
row per compound and month, modes with their councils, cross-appointments' dates, and resolutions'
deadlines and status."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from alliances.property import services
from alliances.property.choices import AppointmentDirection, ManagementMode, Party, ResolutionStatus
from alliances.property.models import CompoundMode, FeeCollection
from alliances.property.selectors import rate_around_last_change
from grids.tests.factories import CompoundFactory, GridFactory, ResidentProblemFactory

from .factories import CrossAppointmentFactory, MeetingFactory, PropertyCompanyFactory, ResolutionFactory

pytestmark = pytest.mark.django_db
JAN = datetime.date(2020, 1, 1)


def test_the_rate_is_derived_and_paid_stays_within_billed():
    compound = CompoundFactory()
    row = services.fee_collection_file(compound=compound, month=JAN, households_billed=400, households_paid=388)
    assert row.rate == 97.0
    with pytest.raises(ValidationError) as refused:
        services.fee_collection_file(
            compound=compound, month=datetime.date(2020, 2, 1), households_billed=100, households_paid=101
        )
    assert "households_paid" in refused.value.error_dict
    with transaction.atomic(), pytest.raises(IntegrityError):
        FeeCollection.objects.filter(pk=row.pk).update(households_paid=401)


def test_one_row_per_compound_and_month_on_the_first_day():
    compound = CompoundFactory()
    services.fee_collection_file(compound=compound, month=JAN, households_billed=10, households_paid=7)
    with pytest.raises(ValidationError) as refused:
        services.fee_collection_file(compound=compound, month=JAN, households_billed=10, households_paid=8)
    assert "2020-01" in refused.value.error_dict["month"][0].messages[0]
    with pytest.raises(ValidationError) as refused:
        services.fee_collection_file(
            compound=compound, month=datetime.date(2020, 2, 15), households_billed=10, households_paid=8
        )
    assert "month" in refused.value.error_dict
    future = (datetime.date.today() + datetime.timedelta(days=40)).replace(day=1)
    with pytest.raises(ValidationError):
        services.fee_collection_file(compound=compound, month=future, households_billed=10, households_paid=8)
    assert FeeCollection.objects.count() == 1


def test_an_abandoned_compound_needs_a_council_with_members_and_no_company():
    compound = CompoundFactory()
    company = PropertyCompanyFactory(community=compound.community)
    with pytest.raises(ValidationError) as refused:
        services.compound_mode_change(
            compound=compound, mode=ManagementMode.ABANDONED, since=JAN, council_name="理事会"
        )
    assert "council_members" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.compound_mode_change(
            compound=compound, mode=ManagementMode.ABANDONED, since=JAN, council_members=[("王强", "理事长")]
        )
    assert "council_name" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.compound_mode_change(
            compound=compound,
            mode=ManagementMode.ABANDONED,
            since=JAN,
            company=company,
            council_name="理事会",
            council_members=[("王强", "理事长")],
        )
    assert "company" in refused.value.error_dict
    mode = services.compound_mode_change(
        compound=compound,
        mode=ManagementMode.ABANDONED,
        since=JAN,
        council_name="幸福小区协商理事会",
        council_members=[("王强", "理事长"), ("李梅", "理事")],
    )
    assert [m.name for m in mode.council_members.all()] == ["王强", "李梅"]
    assert CompoundMode.objects.count() == 1


def test_a_company_mode_needs_a_company_of_the_compounds_community_and_no_council():
    compound = CompoundFactory()
    elsewhere = PropertyCompanyFactory()
    with pytest.raises(ValidationError) as refused:
        services.compound_mode_change(compound=compound, mode=ManagementMode.THREE_PARTY, since=JAN)
    assert "company" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.compound_mode_change(compound=compound, mode=ManagementMode.THREE_PARTY, since=JAN, company=elsewhere)
    assert "company" in refused.value.error_dict
    company = PropertyCompanyFactory(community=compound.community)
    with pytest.raises(ValidationError) as refused:
        services.compound_mode_change(
            compound=compound, mode=ManagementMode.EMBEDDED, since=JAN, company=company, council_name="理事会"
        )
    assert "council_name" in refused.value.error_dict
    services.compound_mode_change(compound=compound, mode=ManagementMode.COMPANY, since=JAN, company=company)
    # A change is dated after the last one, and changes something.
    with pytest.raises(ValidationError) as refused:
        services.compound_mode_change(compound=compound, mode=ManagementMode.THREE_PARTY, since=JAN, company=company)
    assert "since" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.compound_mode_change(
            compound=compound, mode=ManagementMode.COMPANY, since=datetime.date(2020, 6, 1), company=company
        )
    assert "mode" in refused.value.error_dict
    # Three-society linkage is run by the community, a social organization and social workers.
    services.compound_mode_change(compound=compound, mode=ManagementMode.THREE_SOCIETY, since=datetime.date(2020, 6, 1))


def test_the_rate_before_and_after_the_last_change():
    compound = CompoundFactory()
    company = PropertyCompanyFactory(community=compound.community)
    services.compound_mode_change(
        compound=compound, mode=ManagementMode.COMPANY, since=datetime.date(2019, 1, 1), company=company
    )
    services.compound_mode_change(compound=compound, mode=ManagementMode.THREE_PARTY, since=JAN, company=company)
    for month, paid in (
        (datetime.date(2019, 11, 1), 69),
        (datetime.date(2019, 12, 1), 71),
        (JAN, 96),
        (datetime.date(2020, 2, 1), 98),
    ):
        services.fee_collection_file(compound=compound, month=month, households_billed=100, households_paid=paid)
    modes = list(compound.management_modes.order_by("since"))
    around = rate_around_last_change(modes, list(compound.fee_collections.order_by("month")))
    assert (around.before, around.after, around.months_before, around.months_after) == (70.0, 97.0, 2, 2)
    assert around.change.mode == ManagementMode.THREE_PARTY
    assert rate_around_last_change(modes[:1], []) is None


def test_cross_appointments_end_after_they_start_and_do_not_overlap():
    company = PropertyCompanyFactory()
    kwargs = {
        "company": company,
        "person_name": "刘洋",
        "direction": AppointmentDirection.COMMUNITY_TO_COMPANY,
        "post": "副书记",
    }
    with pytest.raises(ValidationError) as refused:
        services.cross_appointment_add(**kwargs, started_on=JAN, ended_on=JAN)
    assert "ended_on" in refused.value.error_dict
    services.cross_appointment_add(**kwargs, started_on=JAN, ended_on=datetime.date(2020, 12, 31))
    with pytest.raises(ValidationError) as refused:
        services.cross_appointment_add(**kwargs, started_on=datetime.date(2020, 6, 1))
    assert "started_on" in refused.value.error_dict
    # After the first ends, or the other way round, it is a new appointment.
    services.cross_appointment_add(**kwargs, started_on=datetime.date(2020, 12, 31))
    services.cross_appointment_add(
        **{**kwargs, "direction": AppointmentDirection.COMPANY_TO_COMMUNITY}, started_on=datetime.date(2020, 6, 1)
    )
    assert company.cross_appointments.count() == 3
    with transaction.atomic(), pytest.raises(IntegrityError):
        CrossAppointmentFactory(started_on=JAN, ended_on=datetime.date(2019, 1, 1))


def test_resolutions_deadlines_and_derived_status():
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as refused:
        services.resolution_add(
            meeting=meeting, text="修缮", party=Party.OWNERS_COMMITTEE, deadline=datetime.date(2020, 3, 1)
        )
    assert "2020-03-10" in refused.value.error_dict["deadline"][0].messages[0]
    resolution = services.resolution_add(
        meeting=meeting, text="修缮", party=Party.OWNERS_COMMITTEE, deadline=datetime.date(2020, 4, 10)
    )
    assert resolution.status_on(datetime.date(2020, 4, 10)) == ResolutionStatus.OPEN
    assert resolution.status_on(datetime.date(2020, 4, 11)) == ResolutionStatus.OVERDUE
    with pytest.raises(ValidationError) as refused:
        services.resolution_record_outcome(resolution=resolution, done_on=datetime.date(2020, 3, 1), outcome="已修")
    assert "done_on" in refused.value.error_dict
    services.resolution_record_outcome(resolution=resolution, done_on=datetime.date(2020, 4, 20), outcome="已修缮")
    assert resolution.status == ResolutionStatus.DONE_LATE
    with pytest.raises(ValidationError):
        services.resolution_record_outcome(resolution=resolution, done_on=datetime.date(2020, 4, 21), outcome="再修")
    on_time = ResolutionFactory(meeting=meeting, done_on=datetime.date(2020, 4, 1), outcome="已划线")
    assert on_time.status == ResolutionStatus.DONE


def test_a_meeting_takes_up_problems_of_its_community_only():
    meeting_community = GridFactory().community
    own = ResidentProblemFactory(grid=GridFactory(community=meeting_community))
    other = ResidentProblemFactory()
    kwargs = {
        "community": meeting_community,
        "held_on": datetime.date(2020, 3, 1),
        "topics": "停车",
        "residents_committee_attendees": 2,
        "property_company_attendees": 1,
        "owners_committee_attendees": 3,
    }
    with pytest.raises(ValidationError) as refused:
        services.meeting_hold(**kwargs, problems=[own, other])
    assert "problems" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.meeting_hold(
            **{
                **kwargs,
                "residents_committee_attendees": 0,
                "property_company_attendees": 0,
                "owners_committee_attendees": 0,
            }
        )
    assert "residents_committee_attendees" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.meeting_hold(**kwargs, compound=CompoundFactory())
    assert "compound" in refused.value.error_dict
    meeting = services.meeting_hold(**kwargs, problems=[own])
    assert list(meeting.problems.all()) == [own]
    assert meeting.attendees == 6
