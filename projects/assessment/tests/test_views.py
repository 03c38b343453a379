"""Pages of the branch assessment: the scorecard and its three steps (each refusal shown again beside
its field with HTTP 400, the role rule 403, another area 404), evidence, the league table (sorting,
the stars chart, the Excel export, a fixed number of queries), the candidates and the standards."""

from io import BytesIO
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook
from PIL import Image

from communities.tests.factories import CommunityFactory, user_with_grant
from grids.tests.factories import GridFactory
from jilin_grid import scope as roles
from projects.assessment.models import AssessmentTask, BranchScore, Evidence, ScoreChange

from .factories import community_branch, confirmed_score, grid_branch, make_standard, points_for

pytestmark = pytest.mark.django_db


def png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (2, 2), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def place(db):
    community = CommunityFactory()
    standard = make_standard(2020)
    return SimpleNamespace(
        community=community,
        grid=GridFactory(community=community),
        standard=standard,
        branch=community_branch(community),
        staff=user_with_grant(community.code, roles.COMMUNITY_STAFF),
        street=user_with_grant(community.code[:9], roles.STREET_STAFF),
        district=user_with_grant(community.code[:6], roles.DISTRICT_ORG_DEPT),
        city=user_with_grant("2202", roles.CITY_ORG_DEPT),
    )


def card_url(branch, year=2020):
    return reverse("projects:assessment_scorecard", args=[branch.pk, year])


def step_url(branch, step, year=2020):
    return reverse("projects:assessment_step", args=[branch.pk, year, step])


def form_data(standard, total, **extra):
    return {**{f"points_{task}": points for task, points in points_for(standard, total).items()}, **extra}


def test_the_three_steps_on_the_scorecard(client, place):
    task = place.standard.tasks.get(number=2)
    AssessmentTask.objects.filter(pk=task.pk).update(evidence_required=True)
    client.force_login(place.staff)
    page = client.get(card_url(place.branch))
    assert page.status_code == 200
    assert 'data-form="self-assess"' in page.content.decode()
    # Without evidence the task needing it is refused beside its field, the input kept.
    refused = client.post(step_url(place.branch, "self-assess"), form_data(place.standard, 88))
    assert refused.status_code == 400
    html = refused.content.decode()
    assert f'data-field="points_{task.pk}"' in html
    assert gettext("This task needs evidence: file it before self-assessing.") in html
    assert not BranchScore.objects.exists()
    upload = SimpleUploadedFile("述职.png", png(), content_type="image/png")
    added = client.post(
        step_url(place.branch, "evidence"), {"task": task.pk, "files": [upload], "note": "述职评议为好"}
    )
    assert added.status_code == 302
    assert Evidence.objects.get().original_name == "述职.png"
    filed = client.post(step_url(place.branch, "self-assess"), form_data(place.standard, 88))
    assert filed.status_code == 302
    # The community cannot review its own score.
    assert client.post(step_url(place.branch, "review"), form_data(place.standard, 88)).status_code == 403
    client.force_login(place.street)
    first = place.standard.tasks.get(number=1)
    lowered = form_data(place.standard, 88, **{f"points_{first.pk}": first.points - 1})
    refused = client.post(step_url(place.branch, "review"), lowered)
    assert refused.status_code == 400
    assert f'data-field="reason_{first.pk}"' in refused.content.decode()
    lowered[f"reason_{first.pk}"] = "会议记录不全"
    assert client.post(step_url(place.branch, "review"), lowered).status_code == 302
    assert client.post(step_url(place.branch, "confirm"), lowered).status_code == 403
    client.force_login(place.district)
    assert client.post(step_url(place.branch, "confirm"), lowered).status_code == 302
    score = BranchScore.objects.get()
    assert (score.confirmed_total, score.stars) == (87, 4)
    assert ScoreChange.objects.get().reason == "会议记录不全"
    html = client.get(card_url(place.branch)).content.decode()
    assert "★★★★" in html and "会议记录不全" in html and "述职.png" in html
    assert 'data-form="confirm"' not in html
    download = client.get(reverse("projects:assessment_evidence", args=[Evidence.objects.get().pk]))
    assert download.status_code == 200


def test_another_areas_branch_is_404_and_a_grid_worker_takes_no_step(client, place):
    outside = community_branch()
    client.force_login(place.staff)
    assert client.get(card_url(outside)).status_code == 404
    assert client.post(step_url(outside, "self-assess"), form_data(place.standard, 80)).status_code == 404
    worker = user_with_grant(place.grid.code, roles.GRID_WORKER)
    branch = grid_branch(place.community)
    branch.area_code = place.grid.code
    branch.save()
    client.force_login(worker)
    page = client.get(card_url(branch))
    assert page.status_code == 200
    assert "data-form=" not in page.content.decode()
    assert client.post(step_url(branch, "self-assess"), form_data(place.standard, 80)).status_code == 403


def league_url(code):
    return reverse("projects:assessment_league_area", args=[code])


def test_the_league_table_sorts_charts_and_exports(client, place):
    low = community_branch(CommunityFactory(street=place.community.street))
    confirmed_score(place.branch, place.standard, 93)
    confirmed_score(low, place.standard, 55)
    client.force_login(place.city)
    page = client.get(league_url(place.community.code[:6]), {"year": 2020})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index(place.branch.name) < html.index(low.name)
    assert "★★★★★" in html and 'id="star-chart"' in html
    ascending = client.get(league_url(place.community.code[:6]), {"year": 2020, "sort": "total"}).content.decode()
    assert ascending.index(low.name) < ascending.index(place.branch.name)
    export = client.get(league_url(place.community.code[:6]), {"year": 2020, "export": "xlsx"})
    assert export.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(export.streaming_content) if export.streaming else export.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in values[1:]] == [place.branch.name, low.name]
    assert values[1][-1] == "★★★★★"
    # A branch without a score of the year is listed below, leading to its scorecard.
    waiting = grid_branch(place.community)
    unscored = client.get(league_url(place.community.code[:6]), {"year": 2020}).content.decode()
    assert reverse("projects:assessment_scorecard", args=[waiting.pk, 2020]) in unscored
    assert reverse("projects:assessment_scorecard", args=[low.pk, 2020]) in unscored  # in the table
    candidates = client.get(reverse("projects:assessment_candidates_area", args=["2202"]), {"year": 2020})
    assert low.name in candidates.content.decode() and place.branch.name not in candidates.content.decode()


def test_the_league_table_is_scoped(client, place):
    other = community_branch()
    confirmed_score(other, place.standard, 80)
    client.force_login(place.staff)
    assert client.get(league_url(other.area_code)).status_code == 404
    assert other.name not in client.get(reverse("projects:assessment_league"), {"year": 2020}).content.decode()


def test_the_league_table_and_scorecard_run_a_fixed_number_of_queries(client, place, django_assert_num_queries):
    client.force_login(place.city)
    confirmed_score(place.branch, place.standard, 91)
    url = league_url("2202")
    client.get(url, {"year": 2020})  # the session warmed
    # Each page's count includes the navbar bell's unread notifications (one query).
    with django_assert_num_queries(12) as small:
        client.get(url, {"year": 2020})
    with django_assert_num_queries(22) as card_small:
        client.get(card_url(place.branch))
    for index in range(10):
        community = CommunityFactory()
        confirmed_score(community_branch(community), place.standard, 50 + 5 * (index % 10))
        confirmed_score(grid_branch(community), place.standard, 60 + 4 * (index % 10))
    with django_assert_num_queries(len(small)):
        client.get(url, {"year": 2020})
    with django_assert_num_queries(len(card_small)):
        client.get(card_url(place.branch))


def test_the_standards_pages(client, place):
    client.force_login(place.city)
    page = client.get(reverse("projects:assessment_standard_list"))
    assert page.status_code == 200 and 'data-form="copy"' in page.content.decode()
    twice = client.post(reverse("projects:assessment_standard_list"), {"year": 2020})
    assert twice.status_code == 400
    assert 'data-field="year"' in twice.content.decode()
    assert client.post(reverse("projects:assessment_standard_list"), {"year": 2021}).status_code == 302
    copy = place.standard.__class__.objects.get(year=2021)
    task = copy.tasks.get(number=1)
    edit = reverse("projects:assessment_task", args=[task.pk])
    data = {"aspect": task.aspect, "title": task.title, "points": task.points + 1, "description": "", "figure": ""}
    assert client.post(edit, data).status_code == 302
    refused = client.post(reverse("projects:assessment_standard", args=[2021]))
    assert refused.status_code == 400
    assert "101" in refused.content.decode()
    client.force_login(place.district)
    assert client.get(edit).status_code == 403
    assert client.post(reverse("projects:assessment_standard_list"), {"year": 2022}).status_code == 403


def test_the_scorecard_shows_the_portals_figures_beside_their_tasks(client, place):
    from datetime import datetime

    from django.utils import timezone

    from grids.tests.factories import ResidentProblemFactory
    from projects.tests.factories import ProjectFactory

    recorded = timezone.make_aware(datetime(2020, 5, 1))
    for evaluation, resolved in (("satisfied", True), ("dissatisfied", True), ("", False)):
        ResidentProblemFactory(
            grid=place.grid, recorded_at=recorded, resolved_at=recorded if resolved else None, evaluation=evaluation
        )
    ResidentProblemFactory(grid=place.grid, recorded_at=timezone.make_aware(datetime(2019, 5, 1)))
    ProjectFactory(organization=place.branch, year=2020, title="老旧小区引入物业")
    client.force_login(place.staff)
    html = client.get(card_url(place.branch)).content.decode()
    solved = html[html.index('data-task="31"') :]
    assert "2 / 3" in solved[: solved.index("</tr>")]
    satisfaction = html[html.index('data-task="32"') :]
    assert "50.0%" in satisfaction[: satisfaction.index("</tr>")]
    project = html[html.index('data-task="6"') :]
    assert "老旧小区引入物业 · 0%" in project[: project.index("</tr>")]


@pytest.mark.parametrize(
    ("role", "level"),
    [
        (roles.CITY_ORG_DEPT, 4),
        (roles.DISTRICT_ORG_DEPT, 6),
        (roles.STREET_STAFF, 9),
        (roles.COMMUNITY_STAFF, 12),
        (roles.GRID_WORKER, 15),
    ],
)
def test_every_role_sees_the_branches_of_its_own_areas(client, place, role, level):
    branch = grid_branch(place.community)
    branch.area_code = place.grid.code
    branch.save()
    confirmed_score(branch, place.standard, 75)
    confirmed_score(place.branch, place.standard, 85)
    elsewhere = community_branch()
    confirmed_score(elsewhere, place.standard, 65)
    client.force_login(user_with_grant(place.grid.code[:level], role))
    html = client.get(reverse("projects:assessment_league"), {"year": 2020}).content.decode()
    assert branch.name in html
    assert (place.branch.name in html) is (level <= 12)
    assert (elsewhere.name in html) is (level == 4)
    assert client.get(card_url(place.branch)).status_code == (200 if level <= 12 else 404)
    assert client.get(card_url(elsewhere)).status_code == (200 if level == 4 else 404)
