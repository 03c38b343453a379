"""The data the demo city is built from: its nine districts and counties with their streets and
towns (the real names, the source document's counts), and the words its communities, compounds
and host units are named with."""

from __future__ import annotations

from dataclasses import dataclass

from communities.choices import DistrictKind, HostUnitKind
from jilin_grid.demo import words


@dataclass(frozen=True)
class DistrictSpec:
    """A district or county with its streets and its share of the city (scale 1)."""

    code: str
    name: str
    kind: str
    streets: tuple[str, ...]
    towns: tuple[str, ...]
    communities: int
    grids: int
    compounds: int
    buildings: int
    # Buildings outside any compound (散居楼) are only found where the document gives no figure.
    scattered_buildings: bool = True


DISTRICTS: tuple[DistrictSpec, ...] = (
    DistrictSpec(
        "220202",
        "昌邑区",
        DistrictKind.DISTRICT,
        (
            "兴华街道",
            "文庙街道",
            "东局子街道",
            "新地号街道",
            "站前街道",
            "民主街道",
            "延安街道",
            "通江街道",
            "哈达湾街道",
            "延江街道",
            "双吉街道",
        ),
        ("左家镇", "孤店子镇"),
        62,
        620,
        430,
        6900,
    ),
    DistrictSpec(
        "220203",
        "龙潭区",
        DistrictKind.DISTRICT,
        (
            "新安街道",
            "遵义街道",
            "榆树街道",
            "湘潭街道",
            "铁东街道",
            "山前街道",
            "泡子沿街道",
            "龙华街道",
            "东城街道",
            "承德街道",
        ),
        ("乌拉街满族镇", "金珠镇"),
        42,
        400,
        270,
        4300,
    ),
    DistrictSpec(
        "220204",
        "船营区",
        DistrictKind.DISTRICT,
        (
            "北京路街道",
            "致和街道",
            "南京街道",
            "大东街道",
            "德胜街道",
            "临江街道",
            "北山街道",
            "向阳街道",
            "黄旗街道",
            "长春路街道",
        ),
        ("搜登站镇", "越北镇"),
        58,
        560,
        390,
        6300,
    ),
    DistrictSpec(
        "220211",
        "丰满区",
        DistrictKind.DISTRICT,
        ("江南街道", "沿丰街道", "泰山街道", "红旗街道", "丰满街道", "石井街道"),
        ("旺起镇",),
        40,
        420,
        300,
        4700,
    ),
    DistrictSpec(
        "220221",
        "永吉县",
        DistrictKind.COUNTY,
        (),
        ("口前镇", "岔路河镇", "万昌镇", "北大湖镇"),
        10,
        80,
        54,
        925,
        scattered_buildings=False,
    ),
    DistrictSpec(
        "220281",
        "蛟河市",
        DistrictKind.COUNTY_CITY,
        ("民主街道", "河南街道", "长安街道", "拉法街道"),
        ("新站镇", "天岗镇"),
        18,
        170,
        110,
        1800,
    ),
    DistrictSpec(
        "220282",
        "桦甸市",
        DistrictKind.COUNTY_CITY,
        ("明桦街道", "永吉街道", "胜利街道", "新华街道", "启新街道"),
        ("夹皮沟镇",),
        20,
        180,
        120,
        1900,
    ),
    DistrictSpec(
        "220283",
        "舒兰市",
        DistrictKind.COUNTY_CITY,
        ("北城街道", "南城街道", "环城街道", "吉舒街道"),
        ("平安镇", "水曲柳镇"),
        19,
        166,
        110,
        1750,
    ),
    DistrictSpec(
        "220284",
        "磐石市",
        DistrictKind.COUNTY_CITY,
        ("东宁街道", "福安街道", "河南街道", "河北街道"),
        ("明城镇", "烟筒山镇"),
        18,
        170,
        115,
        1800,
    ),
)


# Communities the document names, and where they are: (district code, street name, community name).
NAMED_COMMUNITIES = (
    ("220211", "江南街道", "南山社区"),
    ("220211", "江南街道", "田园社区"),
    ("220211", "沿丰街道", "吉钢社区"),
    ("220211", "泰山街道", "华西社区"),
    ("220204", "德胜街道", "绿地·筑石红社区"),
)

COMMUNITY_WORDS = words(
    "新华 光明 胜利 和平 建设 解放 繁荣 兴华 幸福 阳光 福安 丰华 永安 长安 富民 昌盛 通江 江城 学府 春光 "
    "明珠 锦江 滨江 世纪 龙华 新安 湘潭 遵义 榆树 铁东 山前 延安 站前 文庙 东局子 新地号 哈达湾 延江 双吉 "
    "北京路 致和 南京 大东 德胜 临江 北山 向阳 黄旗 江湾 松江 东山 西山 龙山 凤凰 翠园 桃源 金珠 银河 红星 "
    "红光 朝阳 东风 东盛 西安 中兴 振兴 复兴 团结 友谊 民主 民生 民安 安居 康宁 康乐 吉祥 如意 太平 长青 "
    "青松 松花 松园 桦林 柳荫 丁香 玫瑰 牡丹 梧桐 紫荆 金桥 新桥 石桥 河畔 湖滨 江北 曙光 晨光 黎明 启明 "
    "春华 秋实 华山 泰和 恒山 嵩山 雾凇 北华 吉化 电力 铁路 化工 纺织 水电 丰泽 丰盛 丰源 吉丰 越山 珲春 "
    "重庆 天津 深圳 长春 青岛 江畔 碧水 清源 天河 锦绣 和顺 安康 宏达 永丰 永昌 兴隆 隆华 福源 福泽 "
    "聚贤 育才 文化 科技 公园 花园 东华 西华 南华 中华 华侨 光华 光荣 前进 新兴 新风 新城 新村"
    "长白 松山 江源 江滨 江景 滨河 沿江 东站 西站 北站 火车站 学院 大学 电厂 化纤 碳素 铁合金 造纸 机车 江机 东光 "
    "兴业 永兴 广泽 金城 凯旋 胜景 恒通 荣华 富强 民康 安和 平安 新民 新生 新立 新开 新丰 北安 东安 南关 北关 "
    "东关 西关 头道 二道 三道 桃园 梨园 杏林 松林 枫林 柳林 白山 清华 东升 西岭 南岭 北岭 高新 经开 德胜门 "
    "临江门 通天 牛马行 粮米行 天德 仁和 福寿 义和 钢城 电机 化建 电业 石化 矿山 林业 粮库 农机 龙潭山 小白山"
)
COMMUNITY_VARIANTS = (
    "",
    "东",
    "西",
    "南",
    "北",
    "中",
    "新",
    "前",
    "后",
    "上",
    "下",
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
)
COMPOUND_SUFFIXES = ("小区", "花园", "家园", "佳苑", "雅居", "新城", "公寓", "华府", "名苑", "一期", "二期", "三期")

HOST_UNITS = (
    (HostUnitKind.PROPERTY_COMPANY, "{word}物业服务有限公司", 5),
    (HostUnitKind.ENTERPRISE, "吉林市{word}商贸有限公司", 2),
    (HostUnitKind.AGENCY, "{community}警务室", 1),
    (HostUnitKind.SOCIAL_ORGANIZATION, "{word}社会工作服务中心", 2),
    (HostUnitKind.INSTITUTION, "吉林市{word}小学", 1),
)
