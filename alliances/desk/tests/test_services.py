"""The desk's rules: materials checked before a case starts (一口清), steps one at a time in order
(一条龙), due days and overdue derived from the time limit, who may edit the catalogue, and a case
turned into a resident's problem (linked both ways)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from alliances.desk import services
from alliances.desk.choices import CaseStatus, ServiceMode, WorkerPost
from alliances.desk.models import Case, Matter
from alliances.desk.selectors import with_overdue
from communities.tests.factories import CommunityFactory
from grids.problems.choices import ProblemStatus
from grids.tests.factories import GridFactory, ProblemCategoryFactory
from jilin_grid import scope as roles
from jilin_grid.scope import Scope

from .factories import MatterFactory, SocialWorkerFactory, accept, matter_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    community = CommunityFactory()
    return community, matter_for(community), SocialWorkerFactory(community=community)


def take(community, matter, worker, checked, **kwargs):
    return services.case_accept(
        community=community, matter=matter, worker=worker, resident_name="李大姐", checked=checked, **kwargs
    )


def test_a_case_cannot_start_until_every_required_material_is_checked(desk):
    community, matter, worker = desk
    required = [m for m in matter.materials.all() if m.required]
    with pytest.raises(ValidationError) as refused:
        take(community, matter, worker, required[:1])
    assert "户口簿" in refused.value.message_dict["materials"][0]
    assert not Case.objects.exists()
    case = take(community, matter, worker, required)  # the optional one may be missing
    assert [(m.name, m.checked) for m in case.materials.all()] == [
        ("居民身份证", True),
        ("户口簿", True),
        ("租赁合同", False),
    ]


def test_materials_of_another_matter_are_refused(desk):
    community, matter, worker = desk
    other = matter_for(community)
    with pytest.raises(ValidationError) as refused:
        take(community, matter, worker, list(matter.materials.all()) + list(other.materials.all()[:1]))
    assert "materials" in refused.value.message_dict


def test_any_worker_of_the_community_takes_any_matter_of_its_catalogue(desk):
    community, matter, worker = desk
    assert not worker.matters.exists()  # skills tell who knows best; they do not limit the desk
    take(community, matter, worker, list(matter.materials.all()))
    elsewhere = MatterFactory()  # another district's catalogue
    with pytest.raises(ValidationError) as refused:
        take(community, elsewhere, worker, list(elsewhere.materials.all()))
    assert "matter" in refused.value.message_dict
    stranger = SocialWorkerFactory()
    with pytest.raises(ValidationError) as refused:
        take(community, matter, stranger, list(matter.materials.all()))
    assert "worker" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        take(community, matter, worker, list(matter.materials.all()), grid=GridFactory())
    assert "grid" in refused.value.message_dict


def test_a_retired_matter_is_not_taken(desk):
    community, matter, worker = desk
    services.matter_retire(matter=matter)
    with pytest.raises(ValidationError) as refused:
        take(community, matter, worker, list(matter.materials.all()))
    assert "matter" in refused.value.message_dict


def test_the_due_day_follows_from_the_time_limit_in_calendar_days(desk):
    community, matter, worker = desk
    accepted_on = timezone.localdate() - timedelta(days=2)
    case = take(community, matter, worker, list(matter.materials.all()), accepted_on=accepted_on)
    assert case.time_limit_days == 5
    assert case.due_on == accepted_on + timedelta(days=5)
    # The catalogue changes later; the case keeps what it was accepted with.
    services.matter_update(matter=matter, time_limit_days=30, steps=["受理", "办结"])
    case.refresh_from_db()
    assert case.due_on == accepted_on + timedelta(days=5)
    assert [s.name for s in case.steps.all()] == ["受理", "核实", "出具证明"]


def test_steps_are_done_one_at_a_time_in_order_then_the_case_finishes(desk):
    community, matter, worker = desk
    start = timezone.localdate() - timedelta(days=3)
    case = take(community, matter, worker, list(matter.materials.all()), accepted_on=start)
    with pytest.raises(ValidationError, match=r"受理|not done"):
        services.case_finish(case=case)
    first = services.case_advance(case=case, done_on=start + timedelta(days=1))
    assert first.name == "受理"
    with pytest.raises(ValidationError) as refused:
        services.case_advance(case=case, done_on=start)  # before the last step
    assert "done_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.case_advance(case=case, done_on=timezone.localdate() + timedelta(days=1))
    assert "done_on" in refused.value.message_dict
    assert services.case_advance(case=case, done_on=start + timedelta(days=2)).name == "核实"
    assert services.case_advance(case=case).name == "出具证明"
    with pytest.raises(ValidationError):
        services.case_advance(case=case)  # every step is done
    services.case_finish(case=case)
    case.refresh_from_db()
    assert case.status == CaseStatus.FINISHED
    assert case.days_taken == 3
    assert not case.is_overdue(timezone.localdate())
    with pytest.raises(ValidationError):
        services.case_advance(case=case)


def finish_all(case, day):
    for _ in range(case.steps.count()):
        services.case_advance(case=case, done_on=day)
    return services.case_finish(case=case, finished_on=day)


def test_overdue_is_derived_from_the_due_day(desk):
    community, matter, worker = desk
    today = timezone.localdate()
    late_open = accept(community, matter=matter, worker=worker, accepted_on=today - timedelta(days=6))
    fresh = accept(community, matter=matter, worker=worker, accepted_on=today - timedelta(days=5))
    on_time = accept(community, matter=matter, worker=worker, accepted_on=today - timedelta(days=20))
    finish_all(on_time, on_time.due_on)
    late_finished = accept(community, matter=matter, worker=worker, accepted_on=today - timedelta(days=20))
    finish_all(late_finished, late_finished.due_on + timedelta(days=1))
    flags = {c.pk: c.overdue for c in with_overdue(Case.objects.all())}
    assert flags == {late_open.pk: True, fresh.pk: False, on_time.pk: False, late_finished.pk: True}
    for case in Case.objects.all():
        assert case.is_overdue(today) == flags[case.pk]


def test_the_database_holds_the_case_rules(desk):
    community, matter, worker = desk
    case = accept(community, matter=matter, worker=worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.FINISHED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(due_on=case.accepted_on - timedelta(days=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        case.materials.filter(required=True).update(checked=False)


def test_only_district_staff_and_above_edit_the_catalogue():
    district, city = "220211", "2202"
    assert services.catalogue_editable(Scope(grants=((city, roles.CITY_ORG_DEPT),)), district)
    assert services.catalogue_editable(Scope(grants=((district, roles.DISTRICT_ORG_DEPT),)), district)
    assert not services.catalogue_editable(Scope(grants=((district, roles.DISTRICT_ORG_DEPT),)), city)
    assert not services.catalogue_editable(Scope(grants=(("220212", roles.DISTRICT_ORG_DEPT),)), district)
    assert not services.catalogue_editable(Scope(grants=(("220211001", roles.STREET_STAFF),)), district)
    assert not services.catalogue_editable(Scope(grants=(("220211001001", roles.COMMUNITY_STAFF),)), district)
    assert not services.catalogue_editable(Scope(grants=((district, roles.API_READER),)), district)


def test_a_matter_needs_required_materials_and_steps():
    with pytest.raises(ValidationError) as refused:
        services.matter_add(
            area_code="220211", name="居住证明", mode=ServiceMode.ONE_STOP, time_limit_days=3,
            materials=[("照片", False)], steps=[],
        )  # fmt: skip
    assert set(refused.value.message_dict) == {"materials", "steps"}
    with pytest.raises(ValidationError) as refused:
        services.matter_add(
            area_code="220211001", name="居住证明", mode=ServiceMode.ONE_STOP, time_limit_days=3,
            materials=[("身份证", True)], steps=["受理"],
        )  # fmt: skip
    assert "area_code" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.matter_add(
            area_code="220211", name="居住证明", mode=ServiceMode.ONE_STOP, time_limit_days=0,
            materials=[("身份证", True)], steps=["受理"],
        )  # fmt: skip
    assert "time_limit_days" in refused.value.message_dict
    assert not Matter.objects.exists()


def test_a_case_turned_into_a_problem_is_linked_both_ways(desk):
    community, matter, worker = desk
    grid = GridFactory(community=community)
    case = accept(community, matter=matter, worker=worker)
    category = ProblemCategoryFactory()
    with pytest.raises(ValidationError) as refused:
        services.case_escalate(case=case, category=category, description="楼道漏水")
    assert "grid" in refused.value.message_dict  # the case has no grid: one must be named
    with pytest.raises(ValidationError) as refused:
        services.case_escalate(case=case, category=category, description="楼道漏水", grid=GridFactory())
    assert "grid" in refused.value.message_dict
    services.case_escalate(case=case, category=category, description="楼道漏水", grid=grid)
    case.refresh_from_db()
    problem = case.problem
    assert case.status == CaseStatus.ESCALATED and case.grid == grid and case.area_code == grid.code
    assert problem.desk_case == case
    assert (problem.grid, problem.resident_name, problem.resident_phone) == (grid, "王秀英", "13912345678")
    assert problem.status == ProblemStatus.RECORDED
    with pytest.raises(ValidationError):
        services.case_advance(case=case)
    with pytest.raises(ValidationError):
        services.case_escalate(case=case, category=category, description="再次")


def test_a_worker_holds_posts_and_skills_of_the_community_catalogue():
    community = CommunityFactory()
    matter = matter_for(community)
    worker = services.social_worker_add(
        community=community, name="张丽", phone="13800001111", posts=[WorkerPost.CIVIL_AFFAIRS], matters=[matter]
    )
    assert worker.person.area_code == community.code and list(worker.matters.all()) == [matter]
    with pytest.raises(ValidationError) as refused:
        services.social_worker_add(community=community, name="张丽", phone="13800001111", posts=["civil_affairs"])
    assert "name" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.social_worker_update(worker=worker, posts=[])
    assert "posts" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.social_worker_update(worker=worker, matters=[MatterFactory()])
    assert "matters" in refused.value.message_dict
