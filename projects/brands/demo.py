"""The demo's service brands (服务品牌) of 2020 and the showcase column (择优晾晒).

The source document: a city-wide selection themed "党建引领聚民心，服务提升树品牌" chose 20 brands
and model communities (e.g. "家·党建", 防走失二维码, 三方联动); 6 went on to the province's "新时代吉林
小巷总理" selection and 2 were named best cases. At scale 1 the demo holds exactly those figures
(20 winners, 6 put forward, 2 best cases), among 48 applications scored by the two judges the city
appointed; ``scale`` multiplies the applications, winners, entries and articles. The communities
the document names carry its brands (吉钢社区 "家·党建", 绿地·筑石红社区 三方联动, 田园社区 全能网格,
华西社区 全科社工); each application links the No.1 projects its community claimed in 2020.

Deterministic (a seeded generator), written in bulk (``jilin_grid.bulk``) in one transaction, and idempotent:
it does nothing when 2020's round exists.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy

from communities.demo import demo_scale
from communities.models import Community
from jilin_grid.demo import DemoRun, bulk
from projects.projects.models import Project

from .choices import ProvinceOutcome, RoundStatus
from .models import BrandApplication, BrandScore, SelectionRound, ShowcaseArticle

YEAR = 2020
THEME = "党建引领聚民心，服务提升树品牌"
APPLICATIONS = 48
WINNERS = 20  # the document's figures, at scale 1
PROVINCE_ENTRIES = 6
BEST_CASES = 2
ARTICLES = 6
SEED = 20_2020
JUDGES = ("city", "fengman")

# (brand, the community the document names or None, what it is).
BRANDS = (
    ("家·党建", "吉钢社区", "在家做党建，党建做到家：楼院党员示范活动家庭站点，学习有场所、活动有载体、服务有特色。"),
    ("三方联动", "绿地·筑石红社区", "居委会、物业公司、业委会三方联动，物业费收取率由70%提升到97%。"),
    ("全能网格", "田园社区", "八个全能网格化身八支疫情防控队，网格员入户排查、轮岗值守。"),
    ("全科社工", "华西社区", "一人多岗、一专多能，一口清导办、一门式受理、一条龙服务。"),
    ("防走失二维码", None, "为失智老人配发防走失二维码，扫码即联系家属和网格员。"),
    ("红色驿站", None, "废旧警务岗亭改造的小区党群服务站，植入便民服务项目。"),
    ("红心物业", None, "物业党建引领，内嵌式管理解决物业矛盾。"),
    ("十分钟便民服务圈", None, "步行十分钟内办成居民日常事。"),
    ("小巷管家", None, "胡同长、楼栋长组成小巷管家队，巡查环境、调解纠纷。"),
    ("邻里议事厅", None, "居民议事会与业委会共商共治。"),
    ("暖心食堂", None, "为高龄独居老人提供助餐服务。"),
    ("四点半课堂", None, "在职党员和大学生志愿者为双职工子女课后托管辅导。"),
    ("红色物业", None, "社区党组织与物业企业党组织交叉任职。"),
    ("党员中心户", None, "党员家庭亮身份，联系服务周边住户。"),
    ("楼院微治理", None, "楼栋长、单元长带领居民自管楼院。"),
    ("法律明白人", None, "律师志愿者定期坐班，提供法律援助。"),
    ("老兵志愿队", None, "退役军人党员组成志愿服务队。"),
    ("共享工具屋", None, "驻区单位捐赠工具，居民免费借用。"),
    ("弃管小区自治", None, "协商理事会带领弃管小区居民自治。"),
    ("银龄互助", None, "低龄老人结对帮扶高龄老人。"),
)


def _communities(rng: random.Random, count: int) -> list[tuple[Community, str, str]]:
    """``count`` communities of the city with their brand and its description: the document's
    named communities first (with its brands), then others, each with a brand of the list (made
    distinct by the community's name once the list has gone round)."""
    carried = {name: (brand, description) for brand, name, description in BRANDS if name}
    named = list(Community.objects.filter(name__in=list(carried)).order_by("code"))
    others = list(
        Community.objects.filter(code__startswith=settings.CITY_CODE)
        .exclude(pk__in=[c.pk for c in named])
        .order_by("code")
    )
    rng.shuffle(others)
    free = [(brand, description) for brand, name, description in BRANDS if name not in {c.name for c in named}]
    chosen = [(community, *carried[community.name]) for community in named]
    for index, community in enumerate(others[: max(0, count - len(chosen))]):
        brand, description = free[index % len(free)]
        chosen.append((community, brand if index < len(free) else f"{brand}·{community.name}", description))
    return chosen[:count]


@transaction.atomic
def build_demo_brands(*, scale: int | None = None) -> dict:
    """Build 2020's round, its applications and scores, the winners and the column (idempotent)."""
    city = settings.CITY_CODE
    if SelectionRound.objects.filter(area_code=city, year=YEAR).exists():
        return {
            "applications": BrandApplication.objects.filter(round__year=YEAR).count(),
            "winners": BrandApplication.objects.filter(round__year=YEAR, is_winner=True).count(),
        }
    scale = scale or demo_scale()
    rng = random.Random(SEED)
    judges = list(get_user_model().objects.filter(username__in=JUDGES))
    selection_round = SelectionRound.objects.create(area_code=city, year=YEAR, theme=THEME, status=RoundStatus.CLOSED)
    selection_round.judges.set(judges)

    chosen = _communities(rng, APPLICATIONS * scale)
    winners = min(WINNERS * scale, len(chosen))
    applications = [
        BrandApplication(
            round=selection_round,
            community=community,
            area_code=community.code,
            name=brand,
            description=description,
            evidence=f"https://jcdj.example.org/brands/{YEAR}/{community.code}",
            is_winner=index < winners,
            province_outcome=(
                ProvinceOutcome.BEST_CASE
                if index < BEST_CASES * scale
                else ProvinceOutcome.ENTERED
                if index < PROVINCE_ENTRIES * scale
                else ""
            ),
        )
        for index, (community, brand, description) in enumerate(chosen)
    ]
    bulk(BrandApplication, applications)
    applications = list(
        BrandApplication.objects.filter(round=selection_round).select_related("community").order_by("id")
    )

    # Winners score higher than the rest: the ranking of the round page names them first.
    scores = [
        BrandScore(
            application=application,
            judge=judge,
            score=rng.randint(88, 98) if application.is_winner else rng.randint(60, 86),
            comment="特色鲜明，可复制推广。" if application.is_winner else "有一定特色，建议持续打磨。",
        )
        for application in applications
        for judge in judges
    ]
    bulk(BrandScore, scores)

    projects_by_code: dict[str, list[int]] = {}
    for pk, code in Project.objects.filter(year=YEAR, area_code__startswith=city).values_list("pk", "area_code"):
        projects_by_code.setdefault(code[:12], []).append(pk)
    links = [
        BrandApplication.projects.through(brandapplication_id=application.pk, project_id=project_id)
        for application in applications
        for project_id in projects_by_code.get(application.area_code, [])[:2]
    ]
    bulk(BrandApplication.projects.through, links)

    showcased = [a for a in applications if a.is_winner][: ARTICLES * scale]
    articles = [
        ShowcaseArticle(
            area_code=city,
            title=f"择优晾晒｜{application.name}：{application.community.name}的服务品牌",
            body=f"{application.description}\n\n{application.community.name}以“{application.name}”为抓手，"
            f"把党建引领贯穿服务群众全过程，入选全市城市基层党建服务品牌示范。",
            brand=application,
            published_on=date(YEAR, 12, 1) + timedelta(days=7 * index),
        )
        for index, application in enumerate(showcased)
    ]
    bulk(ShowcaseArticle, articles)
    return {"applications": len(applications), "winners": winners}


def build_demo_step(run: DemoRun) -> list:
    """The demo builder of 2020's service brands (see ``jilin_grid.demo``)."""
    figures = build_demo_brands(scale=run.content_scale)
    return [
        (figures["applications"], gettext_lazy("service brand applications of 2020")),
        (figures["winners"], gettext_lazy("service brands named in 2020")),
    ]
