"""Demo filings of the community party secretaries (社区党组织书记备案).

Every community party organization of the demo city with a secretary of record has its secretary
filed: a realistic mix of selection methods (most elected, then appointed, recruited as street civil
servants, publicly selected, sent from agencies, a few re-employed after retirement), ages 30 to 58
at the end of 2020, terms of five years, education, 1 to 4 training courses a year in 2019 and 2020,
some rewards, a little discipline, a few promotions; and about one community in ten with a previous
secretary (an ended filing, with the day and the reason they left).

Deterministic (its own seeded random generator), idempotent (nothing is added when the city has
filings) and written in bulk (``jilin_grid.bulk``); it follows the city's size (its organizations are filed).
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.demo import People
from communities.models import Person
from jilin_grid.bulk import insert_many
from jilin_grid.demo import DemoRun, between, bulk
from jilin_grid.scope import COMMUNITY_CODE_LENGTH
from projects.assessment.selectors import scored_organizations

from .choices import Education, RecordKind, SelectionMethod
from .models import FilingRecord, SecretaryFiling, Training

SEED = 2021_03_01
# The previous secretaries' numbers of the reserved series (199 0780 0000 on).
PHONE_START = 7_800_000
FIGURES_DAY = date(2020, 12, 31)
TRAINING_YEARS = (2019, 2020)
SELECTIONS = (
    (SelectionMethod.ELECTION, 45),
    (SelectionMethod.APPOINTMENT, 15),
    (SelectionMethod.DIRECTED_RECRUITMENT, 14),
    (SelectionMethod.PUBLIC_RECRUITMENT, 12),
    (SelectionMethod.SENT_CADRE, 8),
    (SelectionMethod.REEMPLOYMENT, 6),
)
EDUCATIONS = (
    (Education.HIGH_SCHOOL, 10),
    (Education.JUNIOR_COLLEGE, 35),
    (Education.BACHELOR, 48),
    (Education.POSTGRADUATE, 7),
)
# The general elections of the community party organizations (换届): terms of five years.
ELECTIONS = (date(2011, 3, 1), date(2016, 3, 1), date(2021, 3, 1))
COURSES = (
    ("社区党组织书记示范培训班", "吉林市委组织部", 40),
    ("城市基层党建网格化管理专题培训", "吉林市委组织部", 24),
    ("社区书记轮训班", "区委组织部", 16),
    ("基层治理能力提升专题研讨", "区委党校", 32),
    ("全省社区党组织书记培训班", "吉林省委组织部", 40),
    ("“小巷总理”履职能力培训", "区委组织部", 8),
    ("党务工作者业务培训", "街道党工委", 12),
    ("疫情防控与应急处置培训", "市委党校", 8),
    ("党史学习教育专题班", "市委党校", 24),
)
REWARDS = (
    "获评全市优秀社区党组织书记",
    "获评区级优秀共产党员",
    "所在社区获评全省“五好一满意”示范社区",
    "获评全市疫情防控先进个人",
    "获评全区“小巷总理”",
)
DISCIPLINES = ("因社区台账管理不规范被诫勉谈话", "因网格巡查不到位被通报批评")
PROMOTIONS = (
    (RecordKind.STREET_POST, "提拔为街道党工委副书记（兼任社区党委书记）"),
    (RecordKind.CIVIL_SERVANT, "通过定向考录成为街道公务员"),
    (RecordKind.CAREER_STAFF, "招聘为街道事业编制人员"),
)
LEAVING = ("任期届满，换届选举", "提拔到街道任职", "退休", "工作调动", "因身体原因辞去职务")


def _pick(rng: random.Random, weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years, day=min(day.day, 28))


def _term(selected_on: date) -> tuple[date, date]:
    """The five-year term a secretary selected on ``selected_on`` serves in."""
    start = max([election for election in ELECTIONS if election <= selected_on] or [ELECTIONS[0]])
    start = max(start, selected_on)
    return start, _years_before(start, -5) - timedelta(days=1)


def _filing(rng: random.Random, organization_id: int, secretary_id: int, *, earliest: date, latest: date,
            ages=(30, 58)) -> SecretaryFiling:  # fmt: skip
    selection = _pick(rng, SELECTIONS)
    if selection == SelectionMethod.REEMPLOYMENT:
        ages = (max(ages[0], 55), ages[1])
    age = rng.randint(*ages)
    birth_date = between(rng, _years_before(FIGURES_DAY, age + 1) + timedelta(days=1), _years_before(FIGURES_DAY, age))
    selected_on = between(rng, max(earliest, _years_before(FIGURES_DAY, age - 25)), latest)
    term_start, term_end = _term(selected_on)
    return SecretaryFiling(
        organization_id=organization_id, secretary_id=secretary_id, selection=selection, selected_on=selected_on,
        term_start=term_start, term_end=term_end, education=_pick(rng, EDUCATIONS), birth_date=birth_date,
    )  # fmt: skip


def _build(rng: random.Random, organizations: list[tuple[int, str, int]]) -> None:
    people = People(rng, start=PHONE_START)
    current, previous_people, previous_orgs = [], [], []
    for organization_id, code, secretary_id in organizations:
        # Most secretaries have been in post since before the report-and-review's first demo year
        # (2015); about one in ten took over from a predecessor since, who reported the years before.
        with_previous = rng.random() < 0.1
        if with_previous:
            earliest, latest = date(2015, 3, 1), date(2020, 9, 30)
        else:
            earliest, latest = date(2006, 1, 1), date(2014, 12, 31)
        current.append(_filing(rng, organization_id, secretary_id, earliest=earliest, latest=latest))
        if with_previous:
            previous_people.append(people.new(code, party_share=1.0))
            previous_orgs.append((organization_id, current[-1]))
    bulk(Person, previous_people)
    previous = []
    for person, (organization_id, successor) in zip(previous_people, previous_orgs, strict=True):
        ended_on = successor.selected_on - timedelta(days=1)
        filing = _filing(rng, organization_id, person.pk, earliest=date(2004, 1, 1),
                         latest=_years_before(ended_on, 2), ages=(45, 60))  # fmt: skip
        filing.ended_on, filing.end_reason = ended_on, rng.choice(LEAVING)
        previous.append(filing)
    # The organizations' area codes come from their rows (``derive_area_code`` would read each one).
    codes = {organization_id: code for organization_id, code, _secretary in organizations}
    for filing in [*current, *previous]:
        filing.area_code = codes[filing.organization_id]
    insert_many(SecretaryFiling, [*previous, *current], batch_size=2000)
    trainings, records = [], []
    for filing in current:
        for year in TRAINING_YEARS:
            first_day = max(date(year, 1, 1), filing.selected_on)
            if first_day > date(year, 11, 30):
                continue
            for title, organizer, hours in rng.sample(COURSES, rng.randint(1, 4)):
                starts_on = between(rng, first_day, date(year, 11, 30))
                days = max(1, hours // 8)
                trainings.append(Training(filing_id=filing.pk, title=title, organizer=organizer, starts_on=starts_on,
                                          ends_on=starts_on + timedelta(days=days - 1), hours=hours))  # fmt: skip
        draw = rng.random()
        if draw < 0.25:
            records.append(FilingRecord(filing_id=filing.pk, kind=RecordKind.REWARD, text=rng.choice(REWARDS),
                                        on=between(rng, filing.selected_on, FIGURES_DAY)))  # fmt: skip
        elif draw < 0.28:
            records.append(FilingRecord(filing_id=filing.pk, kind=RecordKind.DISCIPLINE, text=rng.choice(DISCIPLINES),
                                        on=between(rng, filing.selected_on, FIGURES_DAY)))  # fmt: skip
        if rng.random() < 0.05 and filing.selected_on < date(2018, 1, 1):
            kind, text = rng.choice(PROMOTIONS)
            records.append(FilingRecord(filing_id=filing.pk, kind=kind, text=text,
                                        on=between(rng, date(2018, 1, 1), FIGURES_DAY)))  # fmt: skip
    insert_many(Training, trainings, batch_size=5000)
    insert_many(FilingRecord, records, batch_size=5000)


def community_organizations():
    """The community party organizations of the demo city with a secretary of record."""
    return scored_organizations().filter(
        area_code__length=COMMUNITY_CODE_LENGTH, area_code__startswith=settings.CITY_CODE, secretary__isnull=False
    )


def demo_filing_figures() -> dict[str, int]:
    filings = SecretaryFiling.objects.filter(area_code__startswith=settings.CITY_CODE)
    return {
        "filings": filings.count(),
        "current": filings.filter(ended_on__isnull=True).count(),
        "trainings": Training.objects.filter(filing__area_code__startswith=settings.CITY_CODE).count(),
    }


def build_demo_filing(stdout: TextIO | None = None) -> dict:
    """Add the demo filings, unless the city has filings. Answers the figures as the database holds
    them, with ``created`` and ``seconds``."""
    started = time.monotonic()
    created = False
    with transaction.atomic():
        if not SecretaryFiling.objects.filter(area_code__startswith=settings.CITY_CODE).exists():
            organizations = list(
                community_organizations().order_by("area_code", "id").values_list("id", "area_code", "secretary_id")
            )
            if organizations:
                _build(random.Random(SEED), organizations)
                created = True
    figures = {"created": created, "seconds": round(time.monotonic() - started, 1), **demo_filing_figures()}
    if stdout is not None and created:
        stdout.write(
            _("  Secretaries' filing: %(filings)s filings in %(seconds)s s\n")
            % {"filings": figures["filings"], "seconds": figures["seconds"]}
        )
    return figures


def build_demo_step(run: DemoRun) -> list:
    """The demo builder of the community party secretaries' filings (see ``jilin_grid.demo``)."""
    figures = build_demo_filing(stdout=run.stdout)
    return [
        (figures["current"], gettext_lazy("community party secretaries filed")),
        (figures["trainings"], gettext_lazy("secretaries' training courses")),
    ]
