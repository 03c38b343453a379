"""The demo alliances: the document's 358 alliances, 1,972 member units, 243 open venues and
37,900 person-times, with the six-step loop running on their problems.

The city is built once for the module with the fixture of the city's own tests (which sends
every demo builder, so the problems and the alliances come with it); the checks are plain queries.
"""

import hashlib

from auditlog.context import disable_auditlog
from django.db.models import Count, F, Q, Sum

from alliances.campaigns.models import SupplyGift, SupportTask
from alliances.loop.choices import ProblemStep
from alliances.loop.demo import build_demo_alliances
from alliances.loop.models import Activity, Alliance, AllianceProblem, Decision, Meeting, MemberUnit, Venue
from alliances.loop.selectors import alliance_loop, alliance_stats
from alliances.volunteering.models import ServiceRecord
from communities.models import Community, Person
from jilin_grid.areas import area_get


def content_hash() -> str:
    digest = hashlib.sha256()
    for row in Alliance.objects.order_by("area_code", "name").values_list(
        "area_code", "name", "lead_organization__name", "survey_needs", "charter", "founded_on"
    ):
        digest.update(repr(row).encode())
    for row in MemberUnit.objects.order_by("area_code", "alliance__name", "name").values_list(
        "alliance__name", "name", "kind", "contact_phone", "offers_venue", "commitments"
    ):
        digest.update(repr(row).encode())
    for row in Activity.objects.order_by("area_code", "alliance__name", "held_on", "participants").values_list(
        "alliance__name", "title", "held_on", "participants"
    ):
        digest.update(repr(row).encode())
    for row in AllianceProblem.objects.order_by("area_code", "alliance__name", "collected_on", "title").values_list(
        "alliance__name", "title", "step", "evaluation", "resident_problem__resident_phone"
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def test_the_documents_figures_exactly(demo, db):
    assert Alliance.objects.filter(is_active=True).count() == 358
    assert MemberUnit.objects.filter(is_active=True).count() == 1972
    assert Venue.objects.filter(is_open=True).count() == 243
    assert Activity.objects.aggregate(n=Sum("participants"))["n"] == 37_900
    city = alliance_stats(area_get("2202"))
    assert (city["alliances"], city["member_units"], city["open_venues"], city["activity_participants"]) == (
        358,
        1972,
        243,
        37_900,
    )
    # In communities and streets, each led by the area's own party organization.
    assert Alliance.objects.filter(area_code__length=12).count() == Community.objects.count()
    assert Alliance.objects.filter(area_code__length=9).count() == 358 - Community.objects.count()
    assert Alliance.objects.filter(lead_organization__area_code=F("area_code")).count() == 358
    assert Alliance.objects.filter(name="南山社区党建联盟").exists()
    assert not Alliance.objects.filter(Q(charter="") | Q(survey_needs="") | Q(survey_resources="")).exists()
    assert not Alliance.objects.filter(surveyed_on__isnull=True).exists()


def test_member_units_venues_and_the_showcase_alliance(demo, db):
    members = MemberUnit.objects.all()
    assert min(members.values("alliance").annotate(n=Count("id")).values_list("n", flat=True)) >= 3
    assert len(set(members.values_list("kind", flat=True))) == 7
    # Units hosting a party organization of the area join with it.
    with_organization = members.filter(party_organization__isnull=False)
    assert with_organization.count() > 300
    assert with_organization.filter(party_organization__area_code=F("area_code")).count() == with_organization.count()
    phones = list(members.values_list("contact_phone", flat=True))
    assert all(phone.startswith("1997") for phone in phones) and len(set(phones)) == len(phones)
    assert not Person.objects.filter(phone__startswith="1997").exists()
    assert not members.filter(Q(resources="") | Q(commitments="") | Q(contact_name="")).exists()
    assert not Venue.objects.exclude(area_code=F("member__area_code")).exists()
    assert Venue.objects.filter(member__offers_venue=True).count() == Venue.objects.count()
    showcase = Alliance.objects.get(name="绿地·筑石红社区党建联盟")
    assert "三方联动" in showcase.charter
    assert showcase.members.filter(name__contains="业主委员会").exists()
    assert showcase.members.filter(kind="property_company").exists()
    assert showcase.activities.count() >= 100
    assert showcase.activities.aggregate(n=Sum("participants"))["n"] >= 20_000
    assert Activity.objects.filter(organizers__isnull=True).count() == 0


def test_the_six_steps_run_on_every_alliance(demo, db):
    problems = AllianceProblem.objects.all()
    steps = dict(problems.values_list("step").annotate(n=Count("id")).values_list("step", "n"))
    assert all(steps.get(step, 0) > 0.05 * problems.count() for step in ProblemStep.values)
    assert problems.values("alliance").distinct().count() == 358
    assert Meeting.objects.values("alliance").distinct().count() > 300
    # Many are the residents' problems escalated to the alliance's area.
    linked = problems.filter(resident_problem__isnull=False)
    assert linked.count() > 0.3 * problems.count()
    for area_code, grid_code in linked.values_list("area_code", "resident_problem__area_code"):
        assert grid_code.startswith(area_code)
    # Consulted or further: decided at a meeting; implemented or evaluated: every decision reported.
    beyond = problems.filter(step__in=(ProblemStep.CONSULTED, ProblemStep.IMPLEMENTED, ProblemStep.EVALUATED))
    assert not beyond.filter(decisions__isnull=True).exists()
    assert not beyond.filter(meetings__isnull=True).exists()
    done = problems.filter(step__in=(ProblemStep.IMPLEMENTED, ProblemStep.EVALUATED))
    assert not Decision.objects.filter(problem__in=done, reported_on__isnull=True).exists()
    consulted = problems.filter(step=ProblemStep.CONSULTED)
    assert consulted.filter(decisions__reported_on__isnull=True).distinct().count() == consulted.count()
    assert not problems.filter(step=ProblemStep.EVALUATED, evaluation="").exists()
    # Dissatisfied evaluations sent their problems back to be consulted again.
    assert problems.filter(step=ProblemStep.COLLECTED, evaluation="dissatisfied").exists()
    assert not Decision.objects.exclude(assigned_to__alliance=F("meeting__alliance")).exists()
    assert not Decision.objects.exclude(problem__alliance=F("meeting__alliance")).exists()
    assert not Decision.objects.filter(deadline__lt=F("meeting__held_on")).exists()
    attending = Meeting.attendees.through.objects.filter(meeting__decisions__assigned_to=F("memberunit"))
    assert attending.values("meeting").distinct().count() == Meeting.objects.count()
    loop = alliance_loop(Alliance.objects.get(name="南山社区党建联盟"))
    assert loop["found"] >= 2


def test_running_again_adds_nothing_and_the_same_alliances_come_back(demo, db):
    before = (Alliance.objects.count(), MemberUnit.objects.count(), Activity.objects.count())
    assert build_demo_alliances()["created"] == 0
    assert (Alliance.objects.count(), MemberUnit.objects.count(), Activity.objects.count()) == before
    digest = content_hash()
    with disable_auditlog():  # no person's change: not one audit entry a row, as the builder writes them
        Decision.objects.all().delete()  # decisions protect the units they are assigned to
        ServiceRecord.objects.filter(activity__isnull=False).delete()  # members' service protects its activities
        SupportTask.objects.all().delete()  # a campaign's support tasks and supplies protect their units
        SupplyGift.objects.all().delete()
        Alliance.objects.all().delete()
    assert build_demo_alliances()["created"] == 358
    assert content_hash() == digest
