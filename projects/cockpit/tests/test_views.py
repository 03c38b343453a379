"""The cockpit's pages as each role sees them: the cards, the ranking chosen, drill-down keeping the
period, the breadcrumb, refusals (another area 404, a grid worker 403, a bad period 400 beside the
period), the big screen and its data part, the PDF and the workbook; the index editor's validation;
and the page's and the API's query counts, the families' own reads plus a fixed number, at 1× and 10×."""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from communities.tests.factories import user_with_grant
from jilin_grid.areas import area_get, children_remembered
from jilin_grid.figures import BAD_PERIOD, families, parse_period
from jilin_grid.scope import Role
from jilin_grid.testing.api import api_client

from ..models import CompositeIndicator
from .factories import problems, set_index, small_city

pytestmark = pytest.mark.django_db

API = reverse("cockpit")


def page(code: str) -> str:
    return reverse("projects:cockpit_area", args=[code])


@pytest.fixture
def city():
    city = small_city()
    set_index(("problems.overdue", "lower", 70), ("problems.resolved", "higher", 30))
    return city


@pytest.fixture
def fengman(client, city):
    client.force_login(user_with_grant("220211", Role.DISTRICT_ORG_DEPT))
    return client


def test_the_district_sees_its_cards_ranking_and_index(fengman):
    response = fengman.get(page("220211"), {"period": "2020-06", "rank": "problems.overdue"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-family="problems"' in html and 'data-family="network"' in html
    table = html[
        html.index('data-testid="ranking-table"') : html.index("</table>", html.index('data-testid="ranking-table"'))
    ]
    # 江南街道 has 4 overdue in June, 沿丰街道 2: 沿丰 first, 江南 the worst.
    assert table.index("沿丰街道") < table.index("江南街道")
    worst = re.search(r'data-testid="worst-row" data-code="(\d+)"', html).group(1)
    assert worst == "220211001"
    # Drill-down keeps the period and the figure ranked; the figure's list is filtered to the child
    # and the period.
    assert f'href="{page("220211001")}?period=2020-06&amp;rank=problems.overdue"' in html
    assert "area=220211001&amp;recorded_from=2020-06-01&amp;recorded_to=2020-06-30&amp;overdue=true" in html
    assert 'data-cockpit-slot="trend"' in html and 'data-cockpit-slot="map"' in html


def test_the_breadcrumb_goes_back_up_within_the_users_area(fengman):
    html = fengman.get(page("220211001001"), {"period": "2020-06"}).content.decode()
    crumbs = html[html.index('data-testid="breadcrumbs"') : html.index("</ol>")]
    assert f'href="{page("220211")}?period=2020-06"' in crumbs
    assert f'href="{page("220211001")}?period=2020-06"' in crumbs
    assert page("2202") not in crumbs  # the city is above the district: named, not linked


def test_own_cockpit_and_outside_the_area(fengman):
    assert fengman.get(reverse("projects:cockpit")).status_code == 200
    assert fengman.get(page("220202")).status_code == 404
    assert fengman.get(page("2202")).status_code == 404


def test_a_grid_worker_is_refused(client, city):
    client.force_login(user_with_grant("220211001001001", Role.GRID_WORKER))
    assert client.get(page("220211001001001")).status_code == 403


def test_a_bad_period_is_refused_beside_the_period(fengman):
    response = fengman.get(page("220211"), {"period": "2020-13"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="period-error"' in html and "期间应写作" in html


def test_an_empty_period_offers_the_latest_with_records(fengman):
    html = fengman.get(page("220211"), {"period": "2021-03"}).content.decode()
    assert 'data-testid="empty-period"' in html
    assert f'href="{page("220211")}?period=2020-06"' in html


def test_the_big_screen_refreshes_its_data_alone(fengman):
    html = fengman.get(reverse("projects:cockpit_screen", args=["220211"]), {"period": "2020-06"}).content.decode()
    assert 'data-bs-theme="dark"' in html and 'hx-trigger="every 300s"' in html
    assert "period=2020-06&amp;partial=1" in html
    part = fengman.get(reverse("projects:cockpit_screen", args=["220211"]), {"period": "2020-06", "partial": "1"})
    assert part.status_code == 200
    assert "<html" not in part.content.decode() and 'id="screen-data"' in part.content.decode()
    assert fengman.get(reverse("projects:cockpit_screen", args=["220202"])).status_code == 404


def test_the_workbook_holds_every_table(fengman):
    from openpyxl import load_workbook

    response = fengman.get(page("220211"), {"period": "2020-06", "export": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 4
    cards, children, index, indicators = (workbook[name] for name in workbook.sheetnames)
    # 丰满区: 6 overdue in June, 3 in May.
    assert any(row[2:5] == (6, 3, 3) for row in cards.iter_rows(min_row=2, values_only=True))
    names = [row[1] for row in index.iter_rows(min_row=2, values_only=True)]
    assert set(names) == {"江南街道", "沿丰街道"}
    assert [row[0] for row in children.iter_rows(min_row=2, values_only=True)] == ["江南街道", "沿丰街道"]
    assert indicators.max_row == 3


def test_the_pdf_is_a_page_of_the_cockpit(fengman):
    response = fengman.get(page("220211"), {"period": "2020-06", "export": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and b"NotoSansSC" in response.content


# The index editor --------------------------------------------------------------------------------


def formset_data(*rows):
    data = {"indicators-TOTAL_FORMS": str(len(rows)), "indicators-INITIAL_FORMS": "0",
            "indicators-MIN_NUM_FORMS": "0", "indicators-MAX_NUM_FORMS": "1000"}  # fmt: skip
    for number, (figure, better, weight) in enumerate(rows):
        data.update({f"indicators-{number}-figure": figure, f"indicators-{number}-better": better,
                     f"indicators-{number}-weight": str(weight)})  # fmt: skip
    return data


@pytest.fixture
def city_department(client, city):
    client.force_login(user_with_grant("2202", Role.CITY_ORG_DEPT))
    return client


def saved():
    return list(CompositeIndicator.objects.order_by("position").values_list("figure", "better", "weight"))


def test_the_city_edits_the_index(city_department):
    url = reverse("projects:cockpit_index")
    assert city_department.get(url).status_code == 200
    response = city_department.post(
        url, formset_data(("problems.overdue", "lower", 40), ("problems.satisfaction_rate", "higher", 60))
    )
    assert response.status_code == 302
    assert saved() == [("problems.overdue", "lower", 40), ("problems.satisfaction_rate", "higher", 60)]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("problems.overdue", "lower", 40), ("problems.resolved", "higher", 50)],
         "The weights sum to %(total)s; they must sum to 100."),
        ([("problems.overdue", "lower", 50), ("problems.overdue", "higher", 50)], "%(figure)s is an indicator twice."),
    ],
)  # fmt: skip
def test_an_invalid_index_is_refused_in_chinese_and_nothing_is_saved(city_department, rows, message):
    before = saved()
    response = city_department.post(reverse("projects:cockpit_index"), formset_data(*rows))
    assert response.status_code == 400
    with translation.override("zh-hans"):
        expected = gettext(message) % {"total": 90, "figure": "problems.overdue"}
    assert expected in response.content.decode()
    assert saved() == before
    # What was typed is kept.
    assert 'value="problems.overdue" selected' in response.content.decode()


def test_a_weight_out_of_range_and_an_unknown_figure_are_refused_beside_their_field(city_department):
    before = saved()
    response = city_department.post(
        reverse("projects:cockpit_index"),
        formset_data(("problems.overdue", "lower", 0), ("nothing.here", "higher", 100)),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("invalid-feedback") >= 2
    assert saved() == before


def test_only_the_city_edits_the_index(fengman):
    assert fengman.get(reverse("projects:cockpit_index")).status_code == 403
    assert (
        fengman.post(reverse("projects:cockpit_index"), formset_data(("problems.overdue", "lower", 100))).status_code
        == 403
    )


# The API ------------------------------------------------------------------------------------------


def test_the_api_document(city):
    user = user_with_grant("220211", Role.DISTRICT_ORG_DEPT)
    response = api_client(user).get(API, {"area": "220211", "period": "2020-06"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"area", "period", "previous_period", "has_data", "latest_period", "cards", "children",
                         "rankings", "index"}  # fmt: skip
    assert data["period"] == {"label": "2020-06", "kind": "month", "start": "2020-06-01", "end": "2020-06-30"}
    assert data["previous_period"]["label"] == "2020-05"
    overdue = next(f for c in data["cards"] for f in c["figures"] if f["key"] == "problems.overdue")
    assert (overdue["value"], overdue["previous"], overdue["change"], overdue["change_is"]) == (6, 3, 3, "worse")
    assert {r["figure"] for r in data["rankings"]} >= {"problems.overdue", "network.grids"}
    assert [i["weight"] for i in data["index"]["indicators"]] == [70, 30]
    assert {row["code"] for row in data["index"]["rows"]} == {"220211001", "220211002"}


@pytest.mark.parametrize("period", ["2020-13", "20", "2020-Q0", ""])
def test_the_api_refuses_a_bad_period_beside_it(city, period):
    user = user_with_grant("220211", Role.DISTRICT_ORG_DEPT)
    response = api_client(user).get(API, {"period": period})
    assert response.status_code == 400
    assert response.json() == {"period": [BAD_PERIOD]}


def test_the_api_scope(city):
    user = user_with_grant("220211", Role.DISTRICT_ORG_DEPT)
    assert api_client(user).get(API, {"area": "220202"}).status_code == 404
    assert api_client().get(API).status_code == 401
    reader = user_with_grant("220211", Role.API_READER)
    assert api_client(reader).get(API, {"period": "2020"}).json()["area"]["code"] == "220211"


# Query counts -------------------------------------------------------------------------------------


def family_reads(code: str, period: str) -> int:
    """The queries of the registered families' own reads for the cockpit of ``code``: each once
    for the period, and once more for the previous one when its figures belong to a period, the
    area's children read once for them all (as the cockpit reads them)."""
    area, chosen = area_get(code), parse_period(period)
    total = 0
    with children_remembered():
        for family in families():
            for when in (chosen, chosen.previous()) if family.in_period else (chosen,):
                with CaptureQueriesContext(connection) as queries:
                    family.read_area(area, when)
                total += len(queries.captured_queries)
    return total


# Beyond the families' reads: the session, the user, the grants, the navbar's unread notifications,
# the city (no ancestors to name), the index's indicators. The API: the token and its user, the
# grants, the city, the index.
PAGE_EXTRA = 6
API_EXTRA = 4


def test_the_page_and_the_api_cost_the_families_reads_plus_a_fixed_number(client, django_assert_num_queries):
    city = small_city()
    set_index(("problems.overdue", "lower", 70), ("problems.resolved", "higher", 30))
    user = user_with_grant("2202", Role.CITY_ORG_DEPT)
    client.force_login(user)
    reader = api_client(user)
    reader.get(API)  # the token row is made on first use
    params = {"period": "2020-06"}
    client.get(page("2202"), params)
    reads = family_reads("2202", "2020-06")
    with django_assert_num_queries(reads + PAGE_EXTRA):
        small = client.get(page("2202"), params)
    with django_assert_num_queries(reads + API_EXTRA):
        first = reader.get(API, params).json()
    for grid in city.grids.values():
        problems(grid, 6, open_=9, resolved=9)
    assert family_reads("2202", "2020-06") == reads
    with django_assert_num_queries(reads + PAGE_EXTRA):
        large = client.get(page("2202"), params)
    with django_assert_num_queries(reads + API_EXTRA):
        second = reader.get(API, params).json()
    assert small.status_code == large.status_code == 200
    recorded = [next(f["value"] for c in doc["cards"] for f in c["figures"] if f["key"] == "problems.recorded")
                for doc in (first, second)]  # fmt: skip
    assert recorded[1] == recorded[0] + 5 * 18


def test_no_child_is_marked_worst_where_all_share_the_first_rank(fengman):
    html = fengman.get(page("220211"), {"period": "2021-06", "rank": "problems.overdue"}).content.decode()
    assert 'data-testid="ranking-table"' in html and 'data-testid="worst-row"' not in html


def test_blank_rows_add_nothing_and_a_blank_direction_is_the_figures(city_department):
    data = formset_data(("problems.overdue", "", 60), ("problems.resolved", "higher", 40))
    data.update({"indicators-TOTAL_FORMS": "3", "indicators-2-figure": "", "indicators-2-better": "",
                 "indicators-2-weight": ""})  # fmt: skip
    response = city_department.post(reverse("projects:cockpit_index"), data)
    assert response.status_code == 302
    assert saved() == [("problems.overdue", "lower", 60), ("problems.resolved", "higher", 40)]


def test_the_first_save_makes_the_citys_index_where_none_is_on_record(city_department):
    from ..models import CompositeIndex

    CompositeIndex.objects.all().delete()
    assert city_department.get(reverse("projects:cockpit_index")).status_code == 200
    assert not CompositeIndex.objects.exists()  # reading writes nothing
    response = city_department.post(reverse("projects:cockpit_index"), formset_data(("problems.overdue", "lower", 100)))
    assert response.status_code == 302
    assert CompositeIndex.objects.get().area_code == "2202" and saved() == [("problems.overdue", "lower", 100)]


def test_the_area_page_and_the_menu_offer_the_cockpit(fengman):
    html = fengman.get(reverse("grids:area_detail", args=["220211001"])).content.decode()
    assert f'href="{page("220211001")}" data-testid="cockpit-link"' in html
    assert f'href="{reverse("projects:cockpit")}"' in html  # the menu's icon
