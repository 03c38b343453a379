"""The shared layer: its pieces behave as the apps rely on, and the layout keeps its rules.

The layout checks read the source as text, as a reviewer would: the shared layer imports no app,
no module imports another package's views, and the web process loads none of the demo builders.
"""

import ast
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils import timezone
from django.utils.module_loading import import_string

from communities.models import PartyOrganization
from communities.tests.factories import CommunityFactory, DistrictFactory, PartyOrganizationFactory
from grids.network.models import Building
from grids.tests.factories import BuildingFactory, GridFactory
from jilin_grid.areas import AreaLevel, area_has_children, area_name_annotation, first_leaf_code
from jilin_grid.demo import bulk
from jilin_grid.views import AreaPageMixin, badge_cell

ROOT = Path(settings.BASE_DIR)
APPS = ("communities", "grids", "projects", "alliances")


def python_files(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts)
        if not parts & {"migrations", "tests", "testing", "node_modules", ".venv"}:
            yield path


def imported_modules(path: Path) -> list[str]:
    """Absolute module names a file imports (relative imports resolved against its package)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            names.append(base)
            names.extend(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def test_the_shared_layer_imports_no_app():
    offending = [
        (str(path.relative_to(ROOT)), name)
        for path in python_files(ROOT / "jilin_grid")
        for name in imported_modules(path)
        if name.split(".")[0] in APPS
    ]
    assert offending == []


def test_no_module_imports_the_views_of_another_package():
    offending = []
    for app in (*APPS, "jilin_grid"):
        for path in python_files(ROOT / app):
            own = ".".join(path.relative_to(ROOT).parts[:2]) if len(path.relative_to(ROOT).parts) > 2 else app
            for name in imported_modules(path):
                parts = name.split(".")
                if parts[0] not in APPS or not ({"views", "area_views", "list_views"} & set(parts)):
                    continue
                if not name.startswith(own + ".") and path.name != "urls.py":
                    offending.append((str(path.relative_to(ROOT)), name))
    assert offending == []


def test_the_web_process_loads_no_demo_builder():
    """The URLs, every app and the WSGI application load without a single demo module."""
    code = (
        "import sys, django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'jilin_grid.settings');"
        "django.setup(); from django.urls import get_resolver; get_resolver().url_patterns;"
        "import jilin_grid.wsgi;"
        "print(sorted(m for m in sys.modules if m.split('.')[-1] == 'demo'))"
    )
    output = subprocess.run(  # noqa: S603 (a fixed command line)
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "[]"


def test_every_demo_builder_is_importable_and_the_city_comes_first():
    builders = [import_string(path) for path in settings.DEMO_BUILDERS]
    assert all(callable(builder) for builder in builders)
    assert settings.DEMO_BUILDERS[0] == "grids.network.demo.build_demo_city"
    assert settings.DEMO_BUILDERS.index("alliances.cadres.demo.build_demo_step") < settings.DEMO_BUILDERS.index(
        "alliances.volunteering.demo.build_demo_step"
    )


@pytest.mark.django_db
def test_area_name_annotation_names_a_row_of_any_level_and_keeps_an_unknown_code():
    community = CommunityFactory(name="南山社区")
    district = community.street.district
    grid = GridFactory(community=community, name="第一网格")
    for code in (district.code, community.code, grid.code, "220299999"):
        PartyOrganizationFactory(area_code=code)
    named = dict(PartyOrganization.objects.annotate(place=area_name_annotation()).values_list("area_code", "place"))
    assert named == {
        district.code: district.name,
        community.code: "南山社区",
        grid.code: "第一网格",
        "220299999": "220299999",
    }
    only_communities = dict(
        PartyOrganization.objects.annotate(
            place=area_name_annotation(levels=[AreaLevel.COMMUNITY], fallback=False)
        ).values_list("area_code", "place")
    )
    assert only_communities == {district.code: None, community.code: "南山社区", grid.code: None, "220299999": None}


@pytest.mark.django_db
def test_the_tree_is_found_through_the_registry():
    assert first_leaf_code() is None
    district = DistrictFactory()
    assert area_has_children(settings.CITY_CODE)
    assert not area_has_children(district.code)
    grids = sorted(GridFactory.create_batch(2), key=lambda grid: grid.code)
    assert first_leaf_code() == grids[0].code


@pytest.mark.django_db
def test_bulk_writes_derive_the_area_code_from_the_tree():
    grid = GridFactory()
    buildings = [Building(grid=grid, name=f"{n}号楼", floors=6, area_code="") for n in (1, 2)]
    bulk(Building, buildings)
    assert set(Building.objects.values_list("area_code", flat=True)) == {grid.code}
    BuildingFactory(grid=grid)  # a saved one derives it the same way
    assert set(Building.objects.values_list("area_code", flat=True)) == {grid.code}


def test_a_badge_is_html_on_screen_and_its_label_in_exports():
    cell = badge_cell("已办结", "text-bg-success", "closed", data="status")
    assert str(cell) == "已办结"
    assert cell.__html__() == '<span class="badge text-bg-success" data-status="closed">已办结</span>'
    assert badge_cell("<b>", "x").__html__() == '<span class="badge x" data-value="">&lt;b&gt;</span>'


def test_the_children_table_sorts_by_a_column_and_reverses_on_a_second_click():
    columns = [("name", "名称", lambda row: row["name"]), ("grids", "网格", lambda row: row["grids"])]
    children = [{"name": "乙", "grids": 3}, {"name": "甲", "grids": 9}, {"name": "丙", "grids": 1}]
    page = AreaPageMixin()
    page.request = RequestFactory().get("/", {"sort": "-grids"})
    rows, page.sort = page.sorted_children(children, columns)
    assert [row["grids"] for row in rows] == [9, 3, 1]
    headers = {header["key"]: header for header in page.child_headers(columns)}
    assert headers["grids"] == {
        "key": "grids",
        "label": "网格",
        "sort": "grids",
        "active": True,
        "descending": True,
        "numeric": True,
    }
    assert headers["name"]["sort"] == "name" and not headers["name"]["numeric"]
    page.request = RequestFactory().get("/", {"sort": "unknown"})
    assert page.sorted_children(children, columns) == (children, "")


@pytest.mark.django_db
def test_a_decision_is_overdue_by_one_rule_on_the_page_and_in_the_filter():
    from alliances.loop.models import Decision, Meeting
    from alliances.tests.factories import AllianceProblemFactory, MemberUnitFactory

    problem = AllianceProblemFactory()
    meeting = Meeting.objects.create(alliance=problem.alliance, held_on=date(2020, 5, 1), minutes="会商")
    unit = MemberUnitFactory(alliance=problem.alliance)
    today = timezone.localdate()
    late = Decision.objects.create(
        meeting=meeting, problem=problem, assigned_to=unit, action="修路灯", deadline=today - timedelta(days=1)
    )
    due_today = Decision.objects.create(
        meeting=meeting, problem=problem, assigned_to=unit, action="清理楼道", deadline=today
    )
    reported = Decision.objects.create(
        meeting=meeting,
        problem=problem,
        assigned_to=unit,
        action="加装扶手",
        deadline=today - timedelta(days=9),
        reported_on=today - timedelta(days=10),
    )
    assert [late.is_overdue, due_today.is_overdue, reported.is_overdue] == [True, False, False]
    assert list(Decision.objects.filter(Decision.overdue_q(today)).values_list("pk", flat=True)) == [late.pk]


def test_people_are_named_by_name_and_by_login_only_without_one(db):
    from django.contrib.auth import get_user_model
    from django.template import Context, Template

    from jilin_grid.users import accountable_name, display_name

    User = get_user_model()
    named = User(username="gridworker", first_name="张建国")
    unnamed = User(username="shequ")
    template = Template("{% load portal_tags %}{{ a|display_name }}/{{ b|display_name }}/{{ c|display_name }}")
    assert template.render(Context({"a": named, "b": unnamed, "c": None})) == "张建国/shequ/"
    assert (display_name(named), accountable_name(named), accountable_name(unnamed)) == (
        "张建国",
        "张建国（gridworker）",
        "shequ",
    )
