"""The problem form and the problem page's steps keep what was typed after a refusal: the form
again with the message beside its field (400), and the photos sent stay attached."""

import re

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grids.problems.models import ProblemPhoto, ResidentProblem
from grids.problems.tests.test_views import PNG, form_data, place, record  # noqa: F401 (the fixture)


def held_ids(content: str) -> list[str]:
    return re.findall(r'name="photos_held" value="([0-9a-f]{32})"', content)


def test_photos_survive_a_refused_problem_form(client, place):  # noqa: F811
    client.force_login(place["community_staff"])
    photo = SimpleUploadedFile("楼道照片.png", PNG, "image/png")
    response = client.post(reverse("grids:problem_create"), form_data(place, description="", photos=[photo]))
    assert response.status_code == 400
    content = response.content.decode()
    assert 'data-field="description"' in content
    assert "赵阿姨" in content  # the resident's name typed stays
    assert 'data-testid="held-upload"' in content and "楼道照片.png" in content
    ids = held_ids(content)
    assert len(ids) == 1

    response = client.post(reverse("grids:problem_create"), form_data(place, description="楼道灯坏了", photos_held=ids))
    assert response.status_code == 302
    problem = ResidentProblem.objects.get(description="楼道灯坏了")
    photo = ProblemPhoto.objects.get(problem=problem)
    assert photo.original_name == "楼道照片.png"
    assert not default_storage.listdir("held")[1]


def test_a_second_refusal_keeps_the_held_photos_and_adds_new_ones(client, place):  # noqa: F811
    client.force_login(place["community_staff"])
    first = SimpleUploadedFile("一.png", PNG, "image/png")
    response = client.post(reverse("grids:problem_create"), form_data(place, description="", photos=[first]))
    ids = held_ids(response.content.decode())
    second = SimpleUploadedFile("二.png", PNG, "image/png")
    response = client.post(
        reverse("grids:problem_create"), form_data(place, resident_name="", photos_held=ids, photos=[second])
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "一.png" in content and "二.png" in content and len(held_ids(content)) == 2
    response = client.post(reverse("grids:problem_create"), form_data(place, photos_held=held_ids(content)))
    assert response.status_code == 302
    assert sorted(ProblemPhoto.objects.values_list("original_name", flat=True)) == ["一.png", "二.png"]


def test_a_refused_step_shows_the_page_again_with_the_form_open(client, place):  # noqa: F811
    problem = record(place["grid"], actor=place["worker"])
    client.force_login(place["worker"])
    url = reverse("grids:problem_step", args=[problem.pk, "escalate"])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="collapse mt-3 show" id="step-escalate"' in content
    assert re.search(r'data-step-form="escalate".*?data-field="reason"', content, re.S)


def test_a_session_holds_only_a_few_files(client, place, settings):  # noqa: F811
    settings.HELD_UPLOAD_MAX_FILES = 1
    client.force_login(place["community_staff"])
    photos = [SimpleUploadedFile(name, PNG, "image/png") for name in ("一.png", "二.png")]
    response = client.post(reverse("grids:problem_create"), form_data(place, description="", photos=photos))
    assert response.status_code == 400
    assert len(held_ids(response.content.decode())) == 1
    assert len(default_storage.listdir("held")[1]) == 1
