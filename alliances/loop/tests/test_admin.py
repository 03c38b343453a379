"""The admin of the alliances opens for superusers, with the alliance's and the meeting's inlines."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from alliances.cadres import services as cadres_services
from alliances.campaigns.tests.factories import CampaignFactory
from alliances.desk.tests.factories import accept as desk_case_accept
from alliances.loop import services
from alliances.property.models import OwnersCommittee
from alliances.property.tests.factories import CompoundModeFactory
from alliances.stations.models import StationFunction
from alliances.stations.tests.factories import FamilyStationFactory, RedStationFactory
from alliances.tests.factories import (
    ActivityFactory,
    AllianceProblemFactory,
    CadreAssignmentFactory,
    CheckpointFactory,
    MemberImportJobFactory,
    MemberUnitFactory,
    PostClaimFactory,
    ServiceRecordFactory,
    VenueFactory,
)
from alliances.volunteering.models import MemberImportJob
from communities.tests.factories import UserFactory
from grids.tests.factories import CompoundFactory

pytestmark = pytest.mark.django_db


def test_every_alliances_admin_page_opens(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    unit = MemberUnitFactory(name="市第一医院")
    alliance = unit.alliance
    VenueFactory(member=unit)
    ActivityFactory(alliance=alliance, title="义诊进社区")
    problem = AllianceProblemFactory(alliance=alliance, title="小区停车难")
    meeting = services.meeting_record(
        alliance=alliance,
        held_on=datetime.date(2020, 6, 1),
        minutes="会商",
        decisions=[
            {"problem": problem, "assigned_to": unit, "action": "开放停车场", "deadline": datetime.date(2020, 6, 30)}
        ],
    )
    record = ServiceRecordFactory(report__member__person__name="李志愿")
    PostClaimFactory(report=record.report, post=record.post)
    checkpoint = CheckpointFactory(name="江湾路卡点")
    assignment = CadreAssignmentFactory(community=checkpoint.community, checkpoint=checkpoint)
    cadres_services.duty_shift_add(
        assignment=assignment,
        starts_at=datetime.datetime(2020, 2, 3, 8, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2020, 2, 3, 16, tzinfo=datetime.UTC),
    )
    MemberImportJobFactory()
    RedStationFactory()
    FamilyStationFactory()
    StationFunction.objects.get_or_create(name="党建宣传")
    CompoundModeFactory()
    OwnersCommittee.objects.create(
        compound=CompoundFactory(), term_start=datetime.date(2019, 6, 1), term_end=datetime.date(2024, 5, 31)
    )
    desk_case_accept(grid=None)
    CampaignFactory()
    models = [model for model in admin.site._registry if model._meta.app_label == "alliances"]
    assert len(models) == 29
    for model in models:
        opts = model._meta
        obj = model.objects.first()
        for view, args in (("changelist", []), ("add", []), ("change", [obj.pk])):
            response = client.get(reverse(f"admin:alliances_{opts.model_name}_{view}", args=args))
            # The worker and the reaper move the import jobs: none is added by hand.
            expected = 403 if (model, view) == (MemberImportJob, "add") else 200
            assert response.status_code == expected, (opts.label, view)
    page = client.get(reverse("admin:alliances_alliance_change", args=[alliance.pk])).content.decode()
    for inline in ("members-TOTAL_FORMS", "activities-TOTAL_FORMS", "problems-TOTAL_FORMS"):
        assert inline in page
    assert "市第一医院" in page and "义诊进社区" in page and "小区停车难" in page
    page = client.get(reverse("admin:alliances_meeting_change", args=[meeting.pk])).content.decode()
    assert "decisions-TOTAL_FORMS" in page
    assert "开放停车场" in page
    page = client.get(reverse("admin:alliances_inservicemember_change", args=[record.member.pk])).content.decode()
    assert "李志愿" in page and "reports-TOTAL_FORMS" in page
    page = client.get(reverse("admin:alliances_cadreassignment_change", args=[assignment.pk])).content.decode()
    assert "shifts-TOTAL_FORMS" in page
