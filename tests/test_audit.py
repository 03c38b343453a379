"""The audit trail: every write through a service, a page, the API, the admin, an import and the
services' bulk writes is recorded with who (user, role, address), when, what (record, area) and
the fields before and after; so are logins, failed logins, lockouts, logouts, exports and report
downloads. Organization departments search the trail of their own area only; a record's history
is read by those who see the record; the admin cannot change or delete an entry."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from communities import services as communities_services
from communities.models import Person
from communities.tests.factories import (
    CommunityFactory,
    PartyOrganizationFactory,
    PersonFactory,
    UserFactory,
    user_with_grant,
)
from grids.network.models import Grid
from jilin_grid.audit.context import acting_as
from jilin_grid.audit.models import AuditEntry, AuditKind
from jilin_grid.scope import Role
from jilin_grid.testing.api import api_client
from jilin_grid.testing.views import build_world
from projects.projects.models import Project
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Jilin-2026-correct"


def entries_of(obj, kind=None):
    queryset = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_pk=str(obj.pk)
    ).order_by("pk")
    return queryset.filter(kind=kind) if kind else queryset


@pytest.fixture
def world():
    return build_world()


# Writes ---------------------------------------------------------------------------------------------


def test_a_service_write_records_the_fields_before_and_after_with_area_and_role(world):
    organization = PartyOrganizationFactory(area_code=world.community.code, name="旧名字党支部")
    with acting_as(world.writer):
        communities_services.party_organization_update(organization=organization, name="新名字党支部")
    entry = entries_of(organization, AuditKind.UPDATE).get()
    assert entry.changes["name"] == ["旧名字党支部", "新名字党支部"]
    assert "updated_at" not in entry.changes
    assert entry.actor == world.writer and entry.actor_name == world.writer.username
    assert entry.actor_role == Role.COMMUNITY_STAFF
    assert entry.area_code == world.community.code


def test_a_reverse_relation_in_an_entry_is_not_shown_as_a_change(world):
    from jilin_grid.audit.selectors import entry_summary
    from jilin_grid.scope import get_scope

    organization = PartyOrganizationFactory(area_code=world.community.code, name="红心党支部")
    entry = AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(organization),
        object_pk=str(organization.pk),
        action=AuditEntry.Action.CREATE,
        area_code=world.community.code,
        # What django-auditlog writes for a created row's reverse relation beside its fields.
        changes={"name": ["None", "红心党支部"], "children": ["None", "communities.PartyOrganization.None"]},
    )
    summary = entry_summary(entry, get_scope(world.writer))
    assert "红心党支部" in summary and ".None" not in summary


def test_the_trail_names_a_user_by_name_and_login(world):
    organization = PartyOrganizationFactory(area_code=world.community.code, name="旧名字党支部")
    world.writer.first_name = "刘晓燕"
    world.writer.save(update_fields=["first_name"])
    with acting_as(world.writer):
        communities_services.party_organization_update(organization=organization, name="新名字党支部")
    entry = entries_of(organization, AuditKind.UPDATE).get()
    assert entry.actor_name == f"刘晓燕（{world.writer.username}）"


def test_a_save_that_changes_nothing_writes_no_entry(world):
    organization = PartyOrganizationFactory(area_code=world.community.code)
    communities_services.party_organization_update(organization=organization, name=organization.name)
    assert not entries_of(organization, AuditKind.UPDATE).exists()


def test_a_form_write_records_the_user_role_and_address(client, world):
    client.force_login(world.writer)
    old_name = world.grid.name
    response = client.post(
        reverse("grids:grid_edit", args=[world.grid.pk]),
        {"name": "改过的网格", "households": 321, "boundary": "东至松江路"},
        REMOTE_ADDR="10.20.30.40",
    )
    assert response.status_code == 302
    entry = entries_of(world.grid, AuditKind.UPDATE).get()
    assert entry.changes["name"] == [old_name, "改过的网格"]
    assert entry.actor == world.writer and entry.actor_role == Role.COMMUNITY_STAFF
    assert entry.remote_addr == "10.20.30.40"
    assert entry.area_code == world.grid.code


def test_an_api_patch_of_a_phone_records_it_before_and_after(world):
    person = PersonFactory(area_code=world.community.code, phone="13912345678")
    district = user_with_grant(world.community.code[:6], Role.DISTRICT_ORG_DEPT)
    response = api_client(district).patch(
        reverse("person-detail", args=[person.pk]), {"phone": "13700001111"}, REMOTE_ADDR="10.9.8.7"
    )
    assert response.status_code == 200
    entry = entries_of(person, AuditKind.UPDATE).get()
    assert entry.changes["phone"] == ["13912345678", "13700001111"]  # stored whole, masked on display
    assert entry.actor == district and entry.actor_role == Role.DISTRICT_ORG_DEPT
    assert entry.remote_addr == "10.9.8.7"
    assert entry.area_code == world.community.code


def test_an_admin_delete_is_recorded(client, world):
    admin = UserFactory(is_staff=True, is_superuser=True)
    person = PersonFactory(area_code=world.community.code, name="要删除的人")
    client.force_login(admin)
    response = client.post(reverse("admin:communities_person_delete", args=[person.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    entry = AuditEntry.objects.get(kind=AuditKind.DELETE, object_pk=str(person.pk), object_repr__contains="要删除的人")
    assert entry.actor == admin and entry.actor_role == "superuser"
    assert entry.area_code == world.community.code


def test_retiring_is_recorded_as_retire(client, world):
    client.force_login(world.writer)
    response = client.post(reverse("grids:grid_retire", args=[world.grid.pk]))
    assert response.status_code == 302
    entry = entries_of(world.grid, AuditKind.RETIRE).get()
    assert entry.changes["is_active"] == ["True", "False"]


def test_a_member_import_records_every_row_it_writes_as_the_importer(client, world):
    from alliances.tests.factories import UnitOrganizationFactory
    from alliances.volunteering.models import MemberReport
    from alliances.volunteering.tests.test_imports import row, workbook

    world.organization = UnitOrganizationFactory(name="中共吉林市财政局机关委员会", host_unit_name="吉林市财政局")
    client.force_login(world.writer)
    response = client.post("/volunteering/import/", {"file": workbook([row(world, 1), row(world, 2)])})
    assert response.status_code == 200
    reports = list(MemberReport.objects.all())
    assert len(reports) == 2
    for report in reports:
        entry = entries_of(report, AuditKind.CREATE).get()
        assert entry.actor == world.writer and entry.area_code.startswith(world.community.code)
    people = AuditEntry.objects.filter(kind=AuditKind.CREATE, content_type__model="person", actor=world.writer)
    assert people.count() == 2


def test_moving_an_organization_records_the_bulk_move_of_its_projects(world):
    organization = PartyOrganizationFactory(area_code=world.community.code)
    project = ProjectFactory(organization=organization)
    old_code = Project.objects.get(pk=project.pk).area_code
    city = user_with_grant("2202", Role.CITY_ORG_DEPT)
    with acting_as(city):
        communities_services.party_organization_update(organization=organization, area_code=world.other_community.code)
    entry = entries_of(project, AuditKind.UPDATE).get()
    assert entry.changes["area_code"] == [old_code, world.other_community.code]
    assert entry.area_code == world.other_community.code
    assert entry.actor == city and entry.actor_role == Role.CITY_ORG_DEPT


def test_retiring_a_building_records_each_unit_it_retires_in_bulk(world):
    from grids.network.services import building_retire
    from grids.tests.factories import BuildingFactory, UnitFactory

    building = BuildingFactory(grid=world.grid)
    units = [UnitFactory(building=building, number=n) for n in (1, 2)]
    with acting_as(world.writer):
        building_retire(building=building)
    for unit in units:
        entry = entries_of(unit, AuditKind.RETIRE).get()
        assert entry.changes == {"is_active": ["True", "False"]}
        assert entry.actor == world.writer and entry.area_code == world.grid.code
    assert entries_of(building, AuditKind.RETIRE).exists()


def test_a_conditional_update_records_only_the_rows_it_changed(world):
    from jilin_grid.audit.services import audited_update

    grids = [world.grid, world.other_grid]
    changed = audited_update(Grid.objects.filter(pk__in=[g.pk for g in grids], households__lt=10**6), households=77)
    assert changed == 2
    assert AuditEntry.objects.filter(kind=AuditKind.UPDATE, content_type__model="grid").count() == 2
    again = audited_update(Grid.objects.filter(pk=world.grid.pk, households__lt=10), households=1)
    assert again == 0
    assert AuditEntry.objects.filter(kind=AuditKind.UPDATE, content_type__model="grid").count() == 2


# Sessions, exports, downloads ---------------------------------------------------------------------


@pytest.fixture
def signer(world):
    user = user_with_grant(world.community.code, Role.COMMUNITY_STAFF)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_login_failed_login_and_logout_are_recorded(client, signer, world):
    client.post("/login/", {"username": signer.username, "password": "wrong"}, REMOTE_ADDR="10.0.0.5")
    failed = AuditEntry.objects.get(kind=AuditKind.LOGIN_FAILED)
    assert failed.object_repr == signer.username and failed.remote_addr == "10.0.0.5"
    assert "wrong" not in str(failed.additional_data)
    client.post("/login/", {"username": signer.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.5")
    login = AuditEntry.objects.get(kind=AuditKind.LOGIN)
    assert login.actor == signer and login.area_code == world.community.code
    assert login.actor_role == Role.COMMUNITY_STAFF
    client.post("/logout/", REMOTE_ADDR="10.0.0.5")
    assert AuditEntry.objects.get(kind=AuditKind.LOGOUT).actor == signer


def test_a_lockout_is_recorded(client, signer):
    for _attempt in range(5):
        client.post("/login/", {"username": signer.username, "password": "wrong"}, REMOTE_ADDR="10.0.0.6")
    lockout = AuditEntry.objects.get(kind=AuditKind.LOCKOUT)
    assert lockout.object_repr == signer.username and lockout.remote_addr == "10.0.0.6"


def test_an_export_is_recorded_with_its_filters_and_rows(client, world):
    client.force_login(world.writer)
    response = client.get(reverse("grids:grid_list"), {"export": "csv", "q": world.grid.name})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(kind=AuditKind.EXPORT)
    assert entry.actor == world.writer
    assert entry.additional_data["rows"] == 1
    assert entry.additional_data["filters"] == {"q": world.grid.name}
    assert entry.area_code == world.community.code


def test_report_downloads_are_recorded_on_the_page_and_the_api(client, world):
    from projects.reports.tests.test_views import make_report

    district = world.community.street.district
    report = make_report(district)
    reader = user_with_grant(district.code, Role.DISTRICT_ORG_DEPT)
    client.force_login(reader)
    assert client.get(reverse("projects:report_download", args=[report.pk, "xlsx"])).status_code == 200
    assert api_client(reader).get(f"/api/reports/{report.pk}/download/html/").status_code == 200
    downloads = AuditEntry.objects.filter(kind=AuditKind.DOWNLOAD).order_by("pk")
    assert [entry.object_pk for entry in downloads] == [str(report.pk)] * 2
    assert all(entry.actor == reader and entry.area_code == district.code for entry in downloads)


# Reading the trail -------------------------------------------------------------------------------


def test_a_phone_change_is_masked_for_a_reader_who_may_not_see_phones(client, world):
    person = PersonFactory(area_code=world.community.code, phone="13912345678")
    api_client(world.writer).patch(reverse("person-detail", args=[person.pk]), {"phone": "13700001111"})
    url = reverse("audit:object_history", args=["communities", "person", person.pk])
    district = user_with_grant(world.community.code[:6], Role.DISTRICT_ORG_DEPT)
    client.force_login(district)
    page = client.get(url).content.decode()
    assert "139****5678" in page and "137****1111" in page
    assert "13912345678" not in page and "13700001111" not in page
    client.force_login(world.writer)  # community staff work with residents: whole numbers
    page = client.get(url).content.decode()
    assert "13912345678" in page and "13700001111" in page


def test_the_edit_page_has_a_history_section_and_another_area_gets_404(client, world):
    client.force_login(world.writer)
    client.post(reverse("grids:grid_edit", args=[world.grid.pk]), {"name": "历史网格", "households": 5, "boundary": ""})
    page = client.get(reverse("grids:grid_edit", args=[world.grid.pk])).content.decode()
    history_url = reverse("audit:object_history", args=["grids", "grid", world.grid.pk])
    assert 'data-testid="history-section"' in page and history_url in page
    partial = client.get(history_url, {"partial": 1}).content.decode()
    assert "历史网格" in partial and world.writer.username in partial
    client.force_login(world.outsider)
    assert client.get(history_url).status_code == 404
    assert client.get(reverse("audit:object_history", args=["grids", "nosuchmodel", 1])).status_code == 404


def test_a_detail_page_has_the_history_section(client, world):
    from projects.reports.tests.test_views import make_report

    report = make_report(world.community.street.district)
    client.force_login(user_with_grant(report.area_code, Role.DISTRICT_ORG_DEPT))
    page = client.get(reverse("projects:report_detail", args=[report.pk])).content.decode()
    assert reverse("audit:object_history", args=["projects", "reportjob", report.pk]) in page


def _fresh_trail():
    """Forget what building the test's world wrote, to count what the test writes."""
    AuditEntry.objects.all().delete()


def _entry(code, kind=AuditKind.UPDATE, **kwargs):
    return AuditEntry.objects.create(
        kind=kind, action=AuditEntry.Action.UPDATE, area_code=code, object_repr=f"记录{code}", **kwargs
    )


def test_the_search_page_shows_only_the_callers_districts_entries(client):
    mine, theirs = CommunityFactory(), CommunityFactory()
    assert mine.code[:6] != theirs.code[:6]
    district = user_with_grant(mine.code[:6], Role.DISTRICT_ORG_DEPT)
    client.force_login(district)
    _fresh_trail()
    _entry(mine.code)
    _entry(theirs.code)
    _entry("")  # an account's change: the superusers' only
    response = client.get(reverse("audit:audit_log"))
    page = response.content.decode()
    assert f"记录{mine.code}" in page and f"记录{theirs.code}" not in page
    assert response.context["paginator"].count == 1
    assert 'data-testid="nav-audit"' in page
    # Asking for the other district by filter widens nothing.
    response = client.get(reverse("audit:audit_log"), {"area": theirs.code[:6]})
    assert response.context["paginator"].count == 0


def test_community_staff_have_no_search_page_nor_its_menu(client, world):
    client.force_login(world.writer)
    assert client.get(reverse("audit:audit_log")).status_code == 403
    page = client.get(reverse("grids:grid_list")).content.decode()
    assert 'data-testid="nav-audit"' not in page


def test_the_search_filters_by_who_what_when_kind_and_area(client):
    community = CommunityFactory()
    someone = UserFactory(username="zhangsan")
    city = user_with_grant("2202", Role.CITY_ORG_DEPT)
    client.force_login(city)
    _fresh_trail()
    grid_type = ContentType.objects.get_for_model(Grid)
    person_type = ContentType.objects.get_for_model(Person)
    login = _entry(community.code, kind=AuditKind.LOGIN, actor_name="zhangsan", actor=someone)
    grid_change = _entry(community.code, content_type=grid_type, actor_name="lisi")
    old = _entry(community.code[:9], content_type=person_type)
    AuditEntry.objects.filter(pk=old.pk).update(timestamp="2020-01-01T00:00:00Z")

    def found(**params):
        response = client.get(reverse("audit:audit_log"), params)
        assert response.status_code == 200
        return {row["entry"].pk for row in response.context["rows"]}

    assert found() == {login.pk, grid_change.pk, old.pk}
    assert found(actor="zhang") == {login.pk}
    assert found(kind="login") == {login.pk}
    assert found(model=grid_type.pk) == {grid_change.pk}
    assert found(until="2020-01-31") == {old.pk}
    assert found(since="2021-01-01") == {login.pk, grid_change.pk}
    assert found(area=community.code) == {login.pk, grid_change.pk}
    with translation.override("en"):
        response = client.get(reverse("audit:audit_log"), {"area": "abc"})
    assert response.status_code == 200 and response.context["filter"].errors["area"]


def test_the_search_exports_the_filtered_trail_and_records_the_export(client):
    community = CommunityFactory()
    city = user_with_grant("2202", Role.CITY_ORG_DEPT)
    client.force_login(city)
    _fresh_trail()
    _entry(community.code, kind=AuditKind.LOGIN, actor_name="zhangsan")
    _entry(community.code, kind=AuditKind.UPDATE, actor_name="lisi")
    response = client.get(reverse("audit:audit_log"), {"kind": "login", "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == "zhangsan"
    response = client.get(reverse("audit:audit_log"), {"export": "csv"})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(lines) == 4  # the header, the two entries and the first export
    export = AuditEntry.objects.filter(kind=AuditKind.EXPORT, actor=city).order_by("pk").first()
    assert export.additional_data["filters"] == {"kind": "login"}


def test_the_admin_reads_entries_but_cannot_add_change_or_delete(client, world):
    admin = UserFactory(is_staff=True, is_superuser=True)
    entry = _entry(world.community.code)
    client.force_login(admin)
    assert client.get(reverse("admin:jilin_grid_auditentry_changelist")).status_code == 200
    change_url = reverse("admin:jilin_grid_auditentry_change", args=[entry.pk])
    assert client.get(change_url).status_code == 200
    client.post(change_url, {"area_code": "2201", "kind": "login"})
    entry.refresh_from_db()
    assert entry.area_code == world.community.code and entry.kind == AuditKind.UPDATE
    delete_url = reverse("admin:jilin_grid_auditentry_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:jilin_grid_auditentry_add")).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_no_api_endpoint_writes_the_trail():
    from jilin_grid.api.root import api_endpoints

    assert not [path for path in api_endpoints().values() if "audit" in path]


def test_the_demo_city_is_not_written_to_the_trail(settings):
    from jilin_grid.demo import build_demo

    settings.DEMO_BUILDERS = ["tests.test_audit.tiny_builder"]
    before = AuditEntry.objects.count()
    build_demo(scale=1)
    assert get_user_model().objects.filter(username="demo-audit").exists()
    assert AuditEntry.objects.count() == before


def tiny_builder(run):
    CommunityFactory()
    UserFactory(username="demo-audit")
    return []


def test_an_api_token_is_recorded_when_made_and_revoked_but_never_its_key_or_hash(world):
    from communities.models import ApiToken

    with acting_as(world.writer):
        token, key = communities_services.api_token_create(user=UserFactory(), label="统计大屏")
        communities_services.api_token_revoke(token=token, revoked_by=world.writer)
    created, revoked = entries_of(token)
    assert created.action == AuditEntry.Action.CREATE and revoked.action == AuditEntry.Action.UPDATE
    assert "revoked_at" in revoked.changes
    recorded = f"{created.changes} {revoked.changes}"
    stored_hash = ApiToken.objects.get(pk=token.pk).key_hash
    assert key not in recorded and stored_hash not in recorded
    assert "key_hash" in created.changes  # recorded as set, with its value hidden


# Background jobs (jilin_grid.jobs) ----------------------------------------------------------------


def _report_job(world):
    from projects.reports.models import ReportJob

    return ReportJob.objects.create(kind="monthly", period="2020-06", area_code=world.grid.code, area_name="网格")


def _import_job(world):
    from alliances.volunteering.models import MemberImportJob

    return MemberImportJob.objects.create(
        area_code=world.grid.code, file_name="members.xlsx", rows=[{"name": "张三"}], rows_total=1
    )


@pytest.mark.parametrize("make_job", [_report_job, _import_job], ids=["report", "member import"])
def test_a_jobs_status_changes_are_recorded_but_not_its_lease_heartbeat_or_rows(world, make_job):
    from unittest import mock

    from alliances.volunteering.import_jobs import MEMBER_IMPORT_JOBS
    from jilin_grid import jobs
    from projects.reports.services import REPORT_JOBS

    job = make_job(world)
    kind = REPORT_JOBS if job._meta.model_name == "reportjob" else MEMBER_IMPORT_JOBS
    task = kind.task()
    with mock.patch.object(task, "apply_async", side_effect=ConnectionRefusedError("broker away")):
        assert jobs.job_enqueue(kind, job.pk) is False
    with mock.patch.object(task, "apply_async"):
        assert jobs.job_enqueue(kind, job.pk) is True
    claimed, token = jobs.job_claim(kind, job.pk)
    type(job).objects.filter(pk=job.pk).update(heartbeat_at=claimed.heartbeat_at)  # the heartbeat's own write
    assert jobs.job_fail(kind, job.pk, token, "disk full") == 1
    statuses = [entry.changes["status"] for entry in entries_of(job, AuditKind.UPDATE) if "status" in entry.changes]
    assert statuses == [["pending", "waiting"], ["waiting", "pending"], ["pending", "running"], ["running", "failed"]]
    for entry in entries_of(job):
        assert not {"lease_token", "heartbeat_at", "enqueued_at", "rows", "rows_done"} & set(entry.changes)
