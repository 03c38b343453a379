"""The demo desks: a catalogue of realistic matters across the five service modes in every district
with a desk, social workers in 20 communities (南山社区 and 华西社区 among them; the demo account of
南山社区 is one of them), a year of cases in every state, some overdue and some turned into residents'
problems; consistent with the services' rules, and idempotent."""

from django.db.models import F

from alliances.desk.choices import CaseStatus, ServiceMode
from alliances.desk.demo import CATALOGUE
from alliances.desk.models import Case, CaseStep, Matter, SocialWorker
from alliances.desk.selectors import desk_figures
from jilin_grid.areas import area_get
from jilin_grid.demo import build_demo


def test_the_demo_desks(demo, db):
    assert 15 <= len(CATALOGUE) <= 30
    assert {mode for _name, mode, *_rest in CATALOGUE} == set(ServiceMode.values)
    communities = SocialWorker.objects.values("community").distinct().count()
    assert communities == 20
    assert SocialWorker.objects.filter(community__name="南山社区", user__username="nanshan").exists()
    assert SocialWorker.objects.filter(community__name="华西社区").exists()
    # Every case's matter is in its community's district catalogue; its steps follow the rules.
    for case in Case.objects.select_related("matter", "community")[:300]:
        assert case.community.code.startswith(case.matter.area_code)
    assert not Case.objects.filter(due_on__lt=F("accepted_on")).exists()
    assert not CaseStep.objects.filter(done_on__lt=F("case__accepted_on")).exists()
    assert not Case.objects.filter(status=CaseStatus.FINISHED, steps__done_on__isnull=True).exists()
    assert not Case.objects.filter(status=CaseStatus.ESCALATED, problem__isnull=True).exists()
    figures = desk_figures(area_get("2202"))
    assert figures["taken"] == Case.objects.count() > 2000
    assert figures["escalated"] > 0 and figures["overdue"] > 0
    assert 0 < figures["finished_in_time"] < figures["finished"]
    assert sum(row["taken"] for row in figures["children"]) == figures["taken"]
    counts = (Matter.objects.count(), SocialWorker.objects.count(), Case.objects.count())
    build_demo(scale=1)  # a second run adds nothing
    assert (Matter.objects.count(), SocialWorker.objects.count(), Case.objects.count()) == counts


def test_the_demo_desks_counts_have_no_drift(demo, db):
    """The demo's cases, written in bulk and counted once at the end, are kept as a recount finds
    them, and the city's figures read from the counts are those grouped from its cases."""
    from jilin_grid.counts.services import find_drift

    from .test_counts import FAMILIES, grouped_desk_figures

    assert find_drift(FAMILIES) == []
    for code in ("2202", "220202"):
        assert desk_figures(area_get(code)) == grouped_desk_figures(area_get(code))
