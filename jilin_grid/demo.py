"""The demo city's shared layer: the order its builders run in, and the helpers they share.

``seed_demo`` (and the ``demo`` test fixture) call ``build_demo()``, which runs the builders of
``settings.DEMO_BUILDERS`` in their order: the tree and its grids first, then the accounts, then
each domain's content, each builder reading what the ones before it wrote. A builder takes the
``DemoRun`` and answers the (count, label) lines it adds to the summary; it adds nothing when its
content is already in the database, so running the command again keeps the city.

The helpers here need no app: a fictitious person's name, Chinese numerals, uneven splits of a
total, a day between two days, and ``bulk()``, which writes many rows at once with their area codes
from the models' own derivation. The builders run with the audit trail switched off, and on
PostgreSQL (as a superuser) with the foreign keys checked once at the end instead of row by row;
the kept counts are set from the rows once they are done. Nothing here
is imported by the web process.
"""

from __future__ import annotations

import itertools
import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TextIO

from django.conf import settings
from django.utils.module_loading import import_string

from jilin_grid.bulk import insert_many, references_checked_at_the_end, refresh_planner_statistics

DEFAULT_PASSWORD = "jilin-demo-2026"  # noqa: S105 (a published demo password, printed by the command)
BATCH_SIZE = 2000


@dataclass
class DemoRun:
    """One run of the builders: what was asked for, and the summary they fill in.

    ``built_city`` is set by the city's builder: True when this run built the city, so the later
    builders use ``scale``; on a city already there they read the scale it was built at.
    """

    scale: int = 1
    password: str = DEFAULT_PASSWORD
    stdout: TextIO | None = None
    built_city: bool = False
    summary: dict = field(default_factory=dict)

    @property
    def content_scale(self) -> int | None:
        """The scale a domain's content is built at: the one asked for when the city is new, else
        None (the builder reads the city's own)."""
        return self.scale if self.built_city else None


def build_demo(
    *, scale: int = 1, password: str = DEFAULT_PASSWORD, stdout: TextIO | None = None, leave_out: tuple[str, ...] = ()
) -> dict:
    """Run every demo builder in order (but those of ``leave_out``, dotted paths of
    ``settings.DEMO_BUILDERS``); answers the summary: the city's figures, ``created``, ``scale``,
    ``accounts``, ``api_token`` and ``more`` (the builders' (count, label) lines)."""
    from auditlog.context import disable_auditlog

    from jilin_grid import events
    from jilin_grid.counts.services import count_everything

    run = DemoRun(scale=scale, password=password, stdout=stdout)
    more = []
    # The demo city is no person's change: it is not written to the audit trail row by row.
    # Nor does it queue the events' messages for a worker: the notifications' builder runs their rules.
    with disable_auditlog(), without_query_log(), events.muted(), references_checked_at_the_end():
        counted = False
        for path in settings.DEMO_BUILDERS:
            if path in leave_out:
                continue
            builder = import_string(path)
            more.extend(builder(run) or ())
            # Counted by ``count_step``, and only builders that read the counts ran since.
            counted = builder is count_step or (counted and getattr(builder, "reads_kept_counts", False))
        if not counted:
            # The builders write in bulk, which the kept counts do not see: count them once.
            count_everything()
        refresh_planner_statistics()
    return {**run.summary, "scale": scale, "more": more}


def count_step(run: DemoRun) -> list:
    """A builder that sets the kept counts from every row written so far, for the builders after it
    that read them (the trends back-fill reads every figure through the statistics). Those mark
    themselves ``reads_kept_counts = True``; after any other builder the counts are set again at
    the end."""
    from jilin_grid.counts.services import count_everything

    count_everything()
    refresh_planner_statistics()  # the builders after it read through the statistics' queries
    return []


def reads_kept_counts(builder):
    """Mark a builder as one that reads the kept counts and writes no counted row: it runs after
    ``count_step`` without the counts being set again at the end."""
    builder.reads_kept_counts = True
    return builder


@contextmanager
def without_query_log():
    """Build without keeping each query's SQL. A development portal runs with DEBUG on, where Django
    keeps the text of every query; on SQLite that costs a second query per bulk insert, to quote its
    thousands of parameters, and about half the statements the build sends."""
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


# Names and numbers of the demo city.


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


COMPOUND_WORDS = words(
    "阳光 江南 世纪 松江 丰泽 锦绣 金色 明珠 滨江 恒大 万科 碧桂 绿地 中海 华润 保利 东方 紫金 龙华 金桥 "
    "翠湖 雾凇 北华 吉化 丰满 江湾 春城 学府 御景 铂悦 泰和 锦江 银河 龙潭 凤凰 天河 紫荆 丁香 梧桐 青松 "
    "长青 嘉禾 和园 福苑 康宁 怡景 逸景 富力 鸿福 润泽"
)

ROADS = words(
    "松江东路 松江中路 松江西路 解放北路 解放中路 解放东路 北京路 重庆路 天津街 吉林大街 越山路 珲春街 长春路 "
    "华山路 泰山路 延安路 遵义东路 深圳街 光华路 河南街 致和街 中康路 青岛街 江湾路 大东街 新华街 东昌街 "
    "吉丰东路 吉丰西路 滨江东路 滨江西路 威海街 世纪大路 红旗街 丰满路 沿江路 合肥路 南京街 徐州路 九站街"
)
ALLEYS = words(
    "北京胡同 德胜胡同 牛马行胡同 通天胡同 粮米行胡同 财神庙胡同 东市场胡同 临江门胡同 西关胡同 河南胡同 "
    "四经胡同 五经胡同 仁和胡同 福寿胡同 松花胡同 义和胡同 头道码头胡同 二道码头胡同 三道码头胡同 天德胡同 "
    "北大街巷 东局子巷 新地号巷 双吉巷 和平巷"
)

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜"
    "戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文关佟那单"
)
# Common surnames come up more often: the first 20 of the list take about half of the draws.
SURNAME_CUM_WEIGHTS = tuple(itertools.accumulate(6 if index < 20 else 1 for index in range(len(SURNAMES))))
GIVEN_MALE = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"  # noqa: E501
GIVEN_FEMALE = "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"  # noqa: E501

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """A small positive integer in Chinese numerals (1 → 一, 12 → 十二, 105 → 一百零五)."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = CN_DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + CN_DIGITS[rest]
        return head + (CN_DIGITS[rest // 10] + "十" + (CN_DIGITS[rest % 10] if rest % 10 else ""))
    return str(n)


def split(total: int, parts: int, rng: random.Random, *, minimum: int = 1, spread: float = 0.5) -> list[int]:
    """``total`` cut into ``parts`` uneven positive pieces of at least ``minimum``, summing exactly."""
    if parts <= 0:
        return []
    if total < parts * minimum:
        raise ValueError(f"cannot split {total} into {parts} parts of at least {minimum}")
    weights = [rng.lognormvariate(0, spread) for _ in range(parts)]
    weight_sum = sum(weights)
    rest = total - parts * minimum
    shares = [rest * w / weight_sum for w in weights]
    pieces = [int(share) for share in shares]
    short = rest - sum(pieces)
    by_remainder = sorted(range(parts), key=lambda i: shares[i] - pieces[i], reverse=True)
    for i in by_remainder[:short]:
        pieces[i] += 1
    return [minimum + piece for piece in pieces]


def bulk(model, objects: list, *, batch_size: int = BATCH_SIZE) -> None:
    """Insert the objects (``insert_many``: ``bulk_create``'s rows for less), the way every builder
    writes its many rows. An object that derives its area code from its place in the tree
    (``AreaCodeModel``) gets it from that one derivation, since a bulk insert does not call
    ``save()``."""
    if not objects:
        return
    if hasattr(model, "derive_area_code"):
        for obj in objects:
            obj.area_code = obj.derive_area_code()
    insert_many(model, objects, batch_size=batch_size)


def between(rng: random.Random, start: date, end: date) -> date:
    """A day from ``start`` to ``end``, both included (``start`` when the span is empty)."""
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))
