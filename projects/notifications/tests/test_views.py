"""The inbox, its API and the bell: a notification is its recipient's alone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from communities.tests.factories import CityFactory, CommunityFactory, DistrictFactory, StreetFactory, user_with_grant
from jilin_grid.scope import Role
from jilin_grid.testing.api import api_client
from projects.notifications.choices import NotificationKind as Kind
from projects.notifications.models import Notification
from projects.notifications.services import Pending, notifications_deliver

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    city = CityFactory(code="2202")
    district = DistrictFactory(city=city, code="220211")
    community = CommunityFactory(street=StreetFactory(district=district, code="220211001"), code="220211001001")
    return {
        "fengman": user_with_grant(district.code, Role.DISTRICT_ORG_DEPT, username="fengman", password="x"),
        "nanshan": user_with_grant(community.code, Role.COMMUNITY_STAFF, username="nanshan", password="x"),
        "code": community.code,
    }


def deliver(user, count: int, code: str, kind=Kind.PROBLEM_ESCALATED) -> list[int]:
    return notifications_deliver(
        pending=[
            Pending(
                kind=kind,
                event_key=f"test:{user.pk}:{kind}:{n}",
                recipient_id=user.pk,
                subject=f"楼道灯不亮{n}",
                link="/problems/",
                area_code=code,
            )
            for n in range(count)
        ]
    )


def test_the_api_lists_the_callers_own_and_refuses_anothers(people):
    mine = deliver(people["fengman"], 2, people["code"])
    theirs = deliver(people["nanshan"], 1, people["code"])
    client = api_client(people["fengman"])
    body = client.get("/api/notifications/").json()
    assert {row["id"] for row in body["results"]} == set(mine)
    assert client.post(f"/api/notifications/{theirs[0]}/read/").status_code == 404
    assert client.post(f"/api/notifications/{mine[0]}/read/").json()["is_read"] is True
    assert {row["id"] for row in client.get("/api/notifications/?unread=true").json()["results"]} == {mine[1]}
    assert client.post("/api/notifications/read-all/").json() == {"marked_read": 1}
    assert Notification.objects.get(pk=theirs[0]).read_at is None
    assert api_client().get("/api/notifications/").status_code in {401, 403}


def test_the_api_keeps_the_e_mail_choices(people):
    client = api_client(people["nanshan"])
    answer = client.put("/api/notifications/preferences/", {"email_kinds": ["report_ready"]}, format="json")
    assert answer.json() == {"email_kinds": ["report_ready"]}
    assert (
        client.put("/api/notifications/preferences/", {"email_kinds": ["nonsense"]}, format="json").status_code == 400
    )
    assert client.get("/api/notifications/preferences/").json() == {"email_kinds": ["report_ready"]}


def test_the_inbox_opens_marks_read_and_answers_404_for_anothers(client, people):
    mine = deliver(people["fengman"], 1, people["code"])
    theirs = deliver(people["nanshan"], 1, people["code"])
    client.force_login(people["fengman"])
    page = client.get(reverse("projects:notification_list"))
    assert page.status_code == 200 and "楼道灯不亮0" in page.content.decode()
    assert 'data-testid="bell-count">1<' in page.content.decode()
    assert client.get(reverse("projects:notification_open", args=[theirs[0]])).status_code == 404
    opened = client.get(reverse("projects:notification_open", args=[mine[0]]))
    assert opened.status_code == 302 and opened["Location"] == "/problems/"
    assert Notification.objects.get(pk=mine[0]).read_at is not None
    assert client.get(reverse("projects:notification_list") + "?unread=maybe").status_code == 400
    refused = client.post(reverse("projects:notification_preferences"), {"email_kinds": ["nonsense"]})
    assert refused.status_code == 400


@pytest.mark.parametrize("count", [1, 10])
def test_the_bell_costs_one_query_whatever_the_count(client, people, count, django_assert_max_num_queries):
    deliver(people["nanshan"], count, people["code"])
    client.force_login(people["nanshan"])
    url = reverse("projects:notification_preferences")
    client.get(url)
    with django_assert_max_num_queries(9) as queries:
        page = client.get(url)
    assert f'data-testid="bell-count">{count}<' in page.content.decode()
    assert sum("projects_notification" in query["sql"] for query in queries.captured_queries) == 1


def test_an_anonymous_page_asks_nothing_of_the_notifications(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5) as queries:
        client.get(reverse("login"))
    assert not any("projects_notification" in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("count", [3, 30])
def test_the_inbox_and_its_api_cost_the_same_queries_at_ten_times_the_rows(client, people, count,
                                                                           django_assert_max_num_queries):  # fmt: skip
    deliver(people["nanshan"], count, people["code"])
    api = api_client(people["nanshan"])
    with django_assert_max_num_queries(6):
        assert len(api.get("/api/notifications/?kind=problem_escalated").json()["results"]) == count
    client.force_login(people["nanshan"])
    client.get(reverse("projects:notification_list"))
    with django_assert_max_num_queries(10):
        page = client.get(reverse("projects:notification_list"))
    assert page.content.decode().count('data-testid="notification"') == min(count, 20)
