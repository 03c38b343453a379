"""The demo volunteering and sunk cadres: the document's 18,000 reported members, 17,427 claimed
posts and 44,526 person-times, and 72 departments sending 3,432 cadres to 95 communities and 190
checkpoints — exactly, consistent with the rules, idempotent and deterministic.

The city is built once for the module with the fixture of the city's own tests (which sends
every demo builder, so the alliances and the volunteering come with it); the counts are plain
queries, and the statistics selectors must agree with them.
"""

import hashlib
from datetime import timedelta

from auditlog.context import disable_auditlog
from django.db.models import PROTECT, BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.db.models.functions import ExtractHour, Length, TruncDate
from django.utils import timezone

from alliances.cadres.demo import build_demo_cadres
from alliances.cadres.models import CadreAssignment, Checkpoint, Department, DutyShift
from alliances.cadres.selectors import cadres_figures
from alliances.stations.models import StationVolunteer
from alliances.volunteering.choices import MemberReportStatus
from alliances.volunteering.demo import build_demo_volunteering
from alliances.volunteering.models import InServiceMember, MemberReport, PostClaim, ServicePost, ServiceRecord
from alliances.volunteering.selectors import add_volunteering_figures, volunteering_figures
from communities.choices import HostUnitKind
from communities.models import District, PartyOrganization, Person


def today():
    return timezone.localdate()


def test_the_documents_figures_exactly(demo, db):
    confirmed = MemberReport.objects.filter(status=MemberReportStatus.CONFIRMED)
    assert confirmed.count() == 18_000
    assert confirmed.filter(ended_on__isnull=True, confirmed_on__lte=today()).count() == 18_000
    assert PostClaim.objects.filter(withdrawn_on__isnull=True).count() == 17_427
    verified = ServiceRecord.objects.filter(verified_at__isnull=False)
    assert verified.aggregate(n=Sum("person_times"))["n"] == 44_526
    sunk = CadreAssignment.objects.aggregate(
        departments=Count("department", distinct=True),
        cadres=Count("cadre", distinct=True),
        communities=Count("community", distinct=True),
        checkpoints=Count("checkpoint", distinct=True),
    )
    assert sunk == {"departments": 72, "cadres": 3432, "communities": 95, "checkpoints": 190}
    assert Department.objects.count() == 72
    assert Checkpoint.objects.count() == 190
    # Around them, history that does not count: reports awaiting confirmation, declined or
    # withdrawn, claims withdrawn from closed posts, service awaiting verification.
    assert MemberReport.objects.filter(status=MemberReportStatus.REPORTED).count() > 100
    assert MemberReport.objects.filter(status=MemberReportStatus.DECLINED).exists()
    assert MemberReport.objects.filter(status=MemberReportStatus.ENDED).exists()
    assert PostClaim.objects.filter(withdrawn_on__isnull=False).exists()
    assert ServiceRecord.objects.filter(verified_at__isnull=True).count() > 1000


def test_the_statistics_selectors_give_the_same_figures(demo, db):
    districts = volunteering_figures(prefix="2202", length=6)
    assert set(districts) <= set(District.objects.values_list("code", flat=True))
    city = add_volunteering_figures(districts.values())
    assert (city["members_reported"], city["posts_claimed"], city["service_person_times"]) == (18_000, 17_427, 44_526)
    assert city["places_taken"] == 17_427
    assert cadres_figures(prefix="2202") == {
        "2202": {"departments": 72, "cadres": 3432, "communities": 95, "checkpoints": 190}
    }


def test_claimed_counts_on_posts_equal_the_claims_held(demo, db):
    posts = ServicePost.objects.annotate(held=Count("claims", filter=Q(claims__withdrawn_on__isnull=True)))
    assert not posts.exclude(claimed=F("held")).exists()
    assert not ServicePost.objects.filter(claimed__gt=F("places")).exists()
    assert ServicePost.objects.filter(claimed=F("places")).exists()  # some are full
    assert ServicePost.objects.filter(claimed__lt=F("places")).count() > ServicePost.objects.count() / 2
    assert not ServicePost.objects.filter(closed_on__isnull=False, claimed__gt=0).exists()
    # Every community publishes posts over several kinds; claims are made where the member reported.
    assert not PostClaim.objects.exclude(post__community=F("report__community")).exists()
    assert not PostClaim.objects.exclude(report__member=F("member")).exists()
    assert not PostClaim.objects.exclude(report__status=MemberReportStatus.CONFIRMED).exists()
    assert not PostClaim.objects.filter(claimed_on__lt=F("report__confirmed_on")).exists()
    assert not PostClaim.objects.filter(claimed_on__lt=F("post__published_on")).exists()
    assert not PostClaim.objects.filter(claimed_on__gt=today()).exists()
    kinds = ServicePost.objects.values("community").annotate(n=Count("kind", distinct=True))
    assert min(kinds.values_list("n", flat=True)) >= 4
    per_member = PostClaim.objects.filter(withdrawn_on__isnull=True).values("member").annotate(n=Count("id"))
    assert max(per_member.values_list("n", flat=True)) == 2


def test_service_falls_within_the_report_on_a_post_held_or_at_an_activity_of_the_area(demo, db):
    records = ServiceRecord.objects.all()
    assert not records.exclude(report__member=F("member")).exists()
    assert not records.exclude(report__status=MemberReportStatus.CONFIRMED).exists()
    assert not records.filter(served_on__lt=F("report__reported_on")).exists()
    assert not records.filter(served_on__gt=today()).exists()
    assert not records.exclude(area_code=F("report__community__code")).exists()
    # On a post: one the member held that day, in the past year.
    on_posts = records.filter(post__isnull=False)
    held = PostClaim.objects.filter(
        post=OuterRef("post"), member=OuterRef("member"), claimed_on__lte=OuterRef("served_on")
    ).exclude(withdrawn_on__lt=OuterRef("served_on"))
    assert not on_posts.exclude(Exists(held)).exists()
    assert not on_posts.exclude(kind=F("post__kind")).exists()
    assert not on_posts.filter(served_on__lt=today() - timedelta(days=364)).exists()
    assert on_posts.filter(verified_at__isnull=False, served_on__gte=today() - timedelta(days=31)).exists()
    # At an alliance activity of the member's community or street, on its day, confirmed by then.
    at_activities = records.filter(activity__isnull=False)
    assert at_activities.count() > 1000
    assert not at_activities.exclude(served_on=F("activity__held_on")).exists()
    assert not at_activities.filter(report__confirmed_on__gt=F("served_on")).exists()
    for activity_code, code in at_activities.values_list("activity__area_code", "area_code").distinct():
        assert code.startswith(activity_code)
    crowded = at_activities.values("activity").annotate(n=Count("id")).filter(n__gt=F("activity__participants"))
    assert not crowded.exists()
    # Verified after the service; the recent service awaits verification.
    assert not records.filter(verified_at__isnull=False, verified_at__date__lt=F("served_on")).exists()
    waiting = records.filter(verified_at__isnull=True)
    assert not waiting.filter(served_on__lt=today() - timedelta(days=13)).exists()


def test_members_their_reports_and_employers(demo, db):
    members = InServiceMember.objects.all()
    assert members.count() == 18_000 + MemberReport.objects.filter(status=MemberReportStatus.REPORTED).count()
    # One open report each, to the community the member's area code names.
    open_reports = MemberReport.objects.filter(status__in=(MemberReportStatus.REPORTED, MemberReportStatus.CONFIRMED))
    assert open_reports.count() == members.count()
    assert not open_reports.exclude(area_code=F("member__area_code")).exists()
    assert not members.exclude(person__area_code=F("area_code")).exists()
    # Declined and withdrawn reports came before the member's report in force, elsewhere, never confirmed.
    earlier = MemberReport.objects.filter(status__in=(MemberReportStatus.DECLINED, MemberReportStatus.ENDED))
    assert not earlier.filter(Q(confirmed_on__isnull=False) | Q(ended_on__isnull=True) | Q(end_reason="")).exists()
    in_force = MemberReport.objects.filter(member=OuterRef("member"), status=MemberReportStatus.CONFIRMED)
    assert not earlier.exclude(Exists(in_force.filter(reported_on__gt=OuterRef("ended_on")))).exists()
    # Awaiting members have neither claims nor service.
    waiting = members.filter(reports__status=MemberReportStatus.REPORTED)
    assert not PostClaim.objects.filter(member__in=waiting).exists()
    # Party members with fictitious numbers of their own block; realistic names.
    people = Person.objects.filter(in_service_member__isnull=False)
    assert not people.filter(is_party_member=False).exists()
    phones = list(people.values_list("phone", flat=True))
    assert all(phone.startswith("19905") and len(phone) == 11 for phone in phones)
    assert len(set(phones)) == len(phones) == Person.objects.filter(phone__in=phones).count()
    assert all(2 <= len(name) <= 3 for name in people.values_list("name", flat=True))
    # Employers: the departments' agencies and the city's enterprises and institutions, above the communities.
    employers = PartyOrganization.objects.filter(in_service_members__isnull=False).distinct()
    assert not employers.filter(host_unit_kind=HostUnitKind.AREA).exists()
    assert not employers.annotate(n=Length("area_code")).filter(n__gt=6).exists()
    assert {"国网吉林供电公司", "吉林化纤集团有限责任公司", "吉林市中心医院", "北华大学"} <= set(
        employers.values_list("host_unit_name", flat=True)
    )
    assert not members.exclude(unit_name=F("organization__host_unit_name")).exists()
    assert members.values("area_code").distinct().count() == 287
    counted = members.values("organization").annotate(n=Count("id")).filter(n__gt=F("organization__member_count"))
    assert not counted.exists()


def test_departments_send_cadres_to_checkpoints_around_the_clock(demo, db):
    departments = Department.objects.select_related("organization")
    names = set(departments.values_list("name", flat=True))
    assert {"市财政局", "市住建局", "市教育局"} <= names
    district_names = dict(District.objects.values_list("code", "name"))
    in_districts = departments.filter(area_code__length=6)
    assert in_districts.exists()
    for department in in_districts:
        assert department.name.startswith(district_names[department.area_code])
    for department in departments:
        assert department.organization.host_unit_kind == HostUnitKind.AGENCY
        assert department.organization.area_code == department.area_code
    assignments = CadreAssignment.objects.all()
    assert not assignments.filter(checkpoint__isnull=False).exclude(checkpoint__community=F("community")).exists()
    assert not assignments.exclude(area_code=F("community__code")).exists()
    for code, community in assignments.values_list("department__area_code", "community__code").distinct():
        assert community.startswith(code)  # a district's department serves its own district
    assert assignments.values("cadre").annotate(n=Count("id")).filter(n__gt=1).count() == 0
    assert not Checkpoint.objects.filter(assignments__isnull=True).exists()
    assert assignments.filter(checkpoint__isnull=True).exists()  # some serve the community itself
    assert not assignments.filter(Q(start_on__gt=today()) | Q(end_on__lt=today())).exists()  # in force now
    assert not assignments.exclude(cadre__area_code=F("department__area_code")).exists()
    assert not Person.objects.filter(cadre_assignments__isnull=False, is_party_member=False).exists()
    # Shifts of eight hours, a few days each, inside the assignment, one a day per cadre.
    shifts = DutyShift.objects.all()
    assert not shifts.exclude(ends_at=F("starts_at") + timedelta(hours=8)).exists()
    per_assignment = shifts.values("assignment").annotate(n=Count("id")).values_list("n", flat=True)
    assert len(per_assignment) == 3432 and min(per_assignment) >= 3
    local = shifts.annotate(day=TruncDate("starts_at", tzinfo=timezone.get_current_timezone()))
    assert not local.filter(Q(day__lt=F("assignment__start_on")) | Q(day__gt=F("assignment__end_on"))).exists()
    assert local.values("assignment", "day").distinct().count() == shifts.count()
    hours = set(
        shifts.annotate(hour=ExtractHour("starts_at", tzinfo=timezone.get_current_timezone())).values_list(
            "hour", flat=True
        )
    )
    assert hours == {0, 8, 16}


def content_hash() -> str:
    digest = hashlib.sha256()
    for row in InServiceMember.objects.order_by("person__phone").values_list(
        "person__phone", "person__name", "organization__name", "area_code", "skills"
    ):
        digest.update(repr(row).encode())
    for row in MemberReport.objects.order_by("member__person__phone", "reported_on").values_list(
        "member__person__phone", "area_code", "reported_on", "status", "confirmed_on"
    ):
        digest.update(repr(row).encode())
    for row in ServicePost.objects.order_by("area_code", "title").values_list(
        "area_code", "title", "places", "claimed", "published_on", "closed_on"
    ):
        digest.update(repr(row).encode())
    verified = ExpressionWrapper(Q(verified_at__isnull=False), output_field=BooleanField())
    for row in (
        ServiceRecord.objects.annotate(verified=verified)
        .order_by("member__person__phone", "served_on", "post__title", "activity_id")
        .values_list("member__person__phone", "served_on", "post__title", "activity__title", "hours", "verified")
    ):
        digest.update(repr(row).encode())
    for row in CadreAssignment.objects.order_by("cadre__phone").values_list(
        "cadre__phone", "cadre__name", "department__name", "community__code", "checkpoint__name", "duty"
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def test_running_again_adds_nothing_and_the_same_rows_come_back(demo, db):
    models = (InServiceMember, MemberReport, ServicePost, PostClaim, ServiceRecord, Department, CadreAssignment)
    before = {model: model.objects.count() for model in models}
    people = Person.objects.count()
    assert build_demo_cadres()["created"] is False
    again = build_demo_volunteering()
    assert again["created"] is False
    assert {model: model.objects.count() for model in models} == before
    assert Person.objects.count() == people
    assert (again["members_reported"], again["posts_claimed"], again["service_person_times"]) == (
        18_000,
        17_427,
        44_526,
    )

    # Removed (inside the test's transaction) and built again: the same rows, names and numbers.
    digest = content_hash()
    added_people = list(
        Person.objects.filter(Q(phone__startswith="19905") | Q(phone__startswith="19908")).values_list("pk", flat=True)
    )
    with disable_auditlog():  # no person's change: not one audit entry a row, as the builder writes them
        DutyShift.objects.all().delete()
        CadreAssignment.objects.all().delete()
        Checkpoint.objects.all().delete()
        # Rows of later domains that keep a department (a rectification case's helping one) go first.
        for relation in Department._meta.related_objects:
            if relation.on_delete is PROTECT and relation.related_model is not CadreAssignment:
                relation.related_model._base_manager.all().delete()
        Department.objects.all().delete()
        ServiceRecord.objects.all().delete()
        PostClaim.objects.all().delete()
        ServicePost.objects.all().delete()
        MemberReport.objects.all().delete()
        # The demo's red stations link some of the members as their volunteers.
        StationVolunteer.objects.filter(member__isnull=False).delete()
        InServiceMember.objects.all().delete()
        PartyOrganization.objects.filter(secretary_id__in=added_people).delete()
        Person.objects.filter(pk__in=added_people).delete()
    assert build_demo_cadres()["created"] is True
    rebuilt = build_demo_volunteering()
    assert rebuilt["created"] is True
    assert content_hash() == digest
