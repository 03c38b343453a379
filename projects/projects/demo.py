"""Demo No.1 projects (书记一号工程) of 2020 for the demo city.

The source document counts 713 claimed projects in 2020; at scale 1 the demo holds exactly that
many claims (every claim that holds its organization's place: all but the abandoned ones), and
``scale`` multiplies them. Claimants are party organizations across the city: every community's
own organization first, then every street's and district's, then the unit-hosted branches of the
communities (property companies first), and grid organizations only when a large scale needs
them. One claim per organization and year, as the database enforces.

Each project answers a practice of the document (红心物业, 十分钟便民服务圈, 防走失二维码, 红色驿站,
胡同治理, 在职党员报到, ...), has 3 to 5 milestones, is approved in January or February (a few
are returned and resubmitted first) and files its monthly progress (月调度) over the year: most
on time and on track, some after the deadline day, some with months missing (red), some behind
their milestones (yellow). About one in ten is completed with a closing summary, about twenty
are showcased (择优晾晒) with a write-up, and a handful are abandoned with a reason, their
organizations claiming a new project in their place. Every step is in the history.

The content is deterministic (its own seeded random generator) and written with ``bulk_create``
in one transaction. The builder is idempotent: it does nothing when 2020's demo projects exist.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.choices import GRID_ORGANIZATION_KINDS, HostUnitKind
from communities.demo import demo_scale
from communities.models import Community, District, PartyOrganization, Street
from jilin_grid.demo import DemoRun
from projects.projects.choices import ProjectEventKind, ProjectStatus
from projects.projects.models import Milestone, ProgressReport, Project, ProjectEvent

YEAR = 2020
CLAIMED = 713  # the document's figure for 2020, at scale 1
SEED = 713_2020
TZ = ZoneInfo("Asia/Shanghai")
BATCH_SIZE = 2000

COMPLETED_SHARE = 0.10
SHOWCASED = 20
RETURNED = 30
ABANDONED = 6


@dataclass(frozen=True)
class Theme:
    """A practice of the document, written as a project: what it answers and how it goes."""

    key: str
    titles: tuple[str, ...]
    problem: str
    goal: str
    measures: str
    milestones: tuple[str, ...]
    done: tuple[str, ...]
    problems: tuple[str, ...]
    next_steps: tuple[str, ...]
    closing: str
    writeup: str


THEMES: tuple[Theme, ...] = (
    Theme(
        "property",
        ("“红心物业”提质工程", "红心物业三方联动项目", "弃管小区协商自治工程"),
        "{place}辖区老旧小区多，部分小区物业弃管，居民对环境卫生、楼道照明和停车秩序反映集中，物业费收缴率不足七成。",
        "推行“红心物业”内嵌式管理，建立居委会、物业公司、业委会三方联动机制，年底物业费收缴率提高到90%以上，弃管小区全部实现协商自治。",
        "1. 社区党组织与物业企业党组织交叉任职；2. 每月召开一次三方联席会议；"
        "3. 弃管小区成立协商理事会；4. 党员楼长包保楼栋，收集居民诉求。",
        (
            "完成辖区小区物业状况摸底",
            "建立三方联席会议制度",
            "弃管小区成立协商理事会",
            "完成楼道照明和环境整治",
            "物业费收缴率达到90%",
            "开展居民满意度测评",
        ),
        (
            "召开三方联席会议，协调解决楼道堆物、停车等问题{n}件",
            "党员楼长入户走访{m}户，收集居民诉求{n}条",
            "完成{n}栋楼道照明更换，清理小广告和楼道杂物",
            "协商理事会议定环境整治方案，居民签字同意率超过八成",
        ),
        ("个别业主对收费标准有异议", "部分楼栋维修资金不足", "物业人员流动较大"),
        ("继续推进物业费收缴", "召开居民议事会通报收支情况", "组织党员志愿者开展环境整治"),
        "项目全面完成：三方联动机制运行规范，物业费收缴率由70%提高到96%，居民满意度明显提升。",
        "以党建引领物业服务，社区与物业党组织交叉任职，三方联动解决居民身边的操心事、烦心事，物业费收缴率由七成提高到九成以上。",
    ),
    Theme(
        "elderly",
        ("居家养老“暖心行动”", "党员结对空巢老人服务项目", "社区日间照料提升工程"),
        "{place}60岁以上老人占常住人口近三成，空巢、独居老人多，助餐、助医需求突出。",
        "建立党员结对帮扶空巢独居老人制度，实现结对全覆盖；开办老年助餐点，每月上门探访不少于两次。",
        "1. 摸清空巢独居老人底数，建立台账；2. 党员、志愿者一对一结对；"
        "3. 联合社会组织开办助餐点；4. 开展义诊和健康讲座。",
        (
            "完成空巢独居老人摸底建档",
            "党员与老人结对全覆盖",
            "老年助餐点开始运营",
            "开展季度义诊和健康讲座",
            "完成年度服务评估",
        ),
        (
            "党员志愿者上门探访老人{m}人次",
            "助餐点本月供餐{m}份",
            "联合社区卫生服务站开展义诊，服务老人{n}人",
            "为{n}户独居老人安装紧急呼叫设备",
        ),
        ("志愿者力量不足", "助餐点场地需要改造", "部分老人不愿登记信息"),
        ("扩大志愿者队伍", "完善助餐点运营方式", "开展防诈骗宣传"),
        "项目全面完成：结对帮扶覆盖全部空巢独居老人，助餐点常态运营，累计服务老人一万余人次。",
        "党员结对空巢老人，助餐、助医、助洁上门服务，老人有事找得到人、办得成事。",
    ),
    Theme(
        "circle",
        ("“十分钟便民服务圈”建设", "十分钟社区治理圈工程", "家门口便民服务提升项目"),
        "{place}便民服务网点分布不均，居民办事、购物、就医需要跑远路，诉求响应慢。",
        "绘制便民服务地图，建成十分钟便民服务圈，居民诉求在网格内受理、一般事项当日办结。",
        "1. 梳理辖区服务资源，绘制服务地图；2. 引入便民商户和社会组织；"
        "3. 依托信息平台受理居民诉求；4. 推行一口清、一门式、一条龙服务。",
        (
            "完成服务资源摸底和服务地图",
            "引入便民服务商户",
            "信息平台上线受理诉求",
            "服务圈覆盖全部网格",
            "开展居民满意度评价",
        ),
        (
            "平台受理居民诉求{n}件，办结率{p}%",
            "新引入便民服务网点{n}个",
            "网格员走访商户和居民{m}户，更新服务地图",
            "全科社工一门式受理事项{n}件",
        ),
        ("部分商户参与意愿不强", "平台数据录入不及时", "个别网格服务点覆盖不足"),
        ("继续引入便民商户", "加强网格员平台使用培训", "开展服务圈宣传"),
        "项目全面完成：十分钟便民服务圈覆盖全部网格，居民诉求平均办结时间缩短一半。",
        "以网格为单元绘制服务地图，信息平台受理诉求，居民出门十分钟内办事、购物、就医。",
    ),
    Theme(
        "qrcode",
        ("“防走失二维码”守护行动", "失智老人防走失关爱项目"),
        "{place}有失智、半失智老人和残障人员，走失事件时有发生，家属寻人难。",
        "为辖区失智老人和残障人员全部配发防走失二维码，联动警务室和网格员，走失人员当天找回。",
        "1. 排查需配发人员并建档；2. 制作并发放防走失二维码；"
        "3. 与警务室、出租车公司建立联动寻人机制；4. 开展应急演练。",
        (
            "完成需配发人员排查建档",
            "防走失二维码发放全覆盖",
            "建立联动寻人机制",
            "开展应急寻人演练",
            "总结推广经验",
        ),
        (
            "发放防走失二维码{n}个，登记家属联系方式",
            "联合警务室开展寻人演练，参与{m}人次",
            "通过二维码帮助{n}名走失老人当天回家",
            "网格员入户核实信息{m}户",
        ),
        ("部分家属担心信息泄露", "二维码佩戴不规范", "联动单位响应时间不一"),
        ("加强信息保护说明", "指导家属规范佩戴", "完善联动寻人流程"),
        "项目全面完成：二维码配发全覆盖，全年帮助走失人员当天回家，家属满意度高。",
        "一人一码、扫码即知，网格员、警务室和社会力量联动，让走失老人当天回家。",
    ),
    Theme(
        "alley",
        ("背街小巷“五长”共治工程", "胡同环境综合整治项目", "街(路)长胡同(巷)长履职提升工程"),
        "{place}背街小巷多，私搭乱建、占道经营和垃圾乱堆问题反复出现，五长制作用发挥不充分。",
        "落实街(路)长、胡同(巷)长、网格长、楼长、单元长五长制，整治背街小巷，年底问题复发率下降一半。",
        "1. 明确每条街巷的街(路)长、胡同(巷)长；2. 建立问题清单和销号制度；"
        "3. 联合城管、环卫开展集中整治；4. 每月评选文明街巷。",
        (
            "完成街巷问题排查和清单",
            "五长全部到岗履职",
            "开展集中整治行动",
            "建立长效管护机制",
            "评选文明街巷",
        ),
        (
            "胡同(巷)长巡查发现问题{n}件，已销号{n}件",
            "联合城管清理乱堆乱放{m}处",
            "组织党员志愿者清扫街巷{n}次",
            "拆除私搭乱建{n}处",
        ),
        ("个别商户占道经营反复", "冬季清雪任务重", "部分街巷缺少照明"),
        ("加强巡查频次", "落实门前三包责任", "推动增设路灯"),
        "项目全面完成：背街小巷问题清单全部销号，长效管护机制建立，问题复发率下降六成。",
        "五长制落到每条街巷，问题清单化、销号制管理，背街小巷由乱到治。",
    ),
    Theme(
        "station",
        ("“红色驿站”建设运营项目", "红色驿站便民服务工程"),
        "{place}缺少面向户外劳动者和居民的服务阵地，闲置岗亭长期无人使用。",
        "利用闲置岗亭建成红色驿站，提供休息、饮水、法律咨询等十项以上服务，每月开展活动不少于两次。",
        "1. 盘活闲置岗亭，完成改造；2. 引入社会组织和专家团队；"
        "3. 制定服务清单，开展义诊、法律援助；4. 招募志愿者轮值。",
        (
            "完成岗亭选址和改造方案",
            "红色驿站建成开放",
            "引入社会组织和专家团队",
            "服务清单全部落地",
            "开展服务成效评估",
        ),
        (
            "驿站接待户外劳动者和居民{m}人次",
            "专家团队开展法律咨询、义诊{n}场",
            "志愿者轮值{m}人次",
            "开展主题党日活动{n}次",
        ),
        ("改造资金需要协调", "冬季供暖问题", "志愿者排班不稳定"),
        ("丰富服务项目", "完善志愿者排班", "扩大驿站宣传"),
        "项目全面完成：红色驿站常态运营，提供服务项目30余项，服务群众近万人次。",
        "闲置岗亭变身红色驿站，专家、志愿者常驻服务，成为家门口的党群服务阵地。",
    ),
    Theme(
        "reporting",
        ("在职党员“双报到”服务项目", "在职党员认领服务岗位工程"),
        "{place}在职党员报到后参与活动不多，服务岗位与居民需求对接不够。",
        "在职党员全部到社区报到，认领服务岗位，全年人均参与志愿服务不少于四次。",
        "1. 梳理居民需求，设置服务岗位；2. 在职党员认领岗位；3. 建立服务积分制度；4. 年终评选优秀报到党员。",
        (
            "梳理需求，设置服务岗位",
            "在职党员报到认领岗位",
            "服务积分制度运行",
            "评选优秀报到党员",
        ),
        (
            "在职党员认领服务岗位{n}个",
            "开展政策宣传、法律援助等志愿服务{m}人次",
            "组织在职党员参与环境整治{n}次",
            "更新服务积分台账，{n}名党员积分达标",
        ),
        ("部分党员工作忙，参与时间少", "岗位设置与专业特长匹配不够"),
        ("优化岗位设置", "灵活安排服务时间", "开展积分兑换"),
        "项目全面完成：在职党员全部报到，认领岗位全部履职，全年志愿服务超过五千人次。",
        "在职党员回社区报到，按专长认领服务岗位，积分管理让服务常态化。",
    ),
    Theme(
        "alliance",
        ("“小组+联盟”党建联盟共建项目", "区域化党建联盟共驻共建工程"),
        "{place}驻区单位多，但资源各自为战，居民的揪心事缺少合力解决。",
        "组建党建联盟，成员单位开放场所资源，运用六步工作法解决居民难题不少于十件。",
        "1. 摸底驻区单位资源；2. 组建党建联盟，签订共建协议；3. 收集居民问题清单；4. 联盟会商、落实、评价，形成闭环。",
        (
            "完成驻区单位资源摸底",
            "党建联盟成立并签订共建协议",
            "形成居民问题清单",
            "联盟会商解决重点难题",
            "开展成效评价",
        ),
        (
            "联盟成员单位开放场所{n}处，参与活动{m}人次",
            "联盟会商解决居民难题{n}件",
            "收集居民操心事、烦心事{n}件",
            "联合开展志愿服务{n}场",
        ),
        ("个别成员单位参与不积极", "问题解决需要多部门协调"),
        ("完善联盟会商机制", "推动更多单位开放场所", "开展成效评价"),
        "项目全面完成：联盟成员单位增至20余家，解决居民难题15件，开放场所常态化服务居民。",
        "六步工作法闭环解决居民难题，联盟单位资源共享、事务共商，居民难事有人管。",
    ),
    Theme(
        "rectify",
        ("软弱涣散党组织整改晋位工程", "基层党组织“五好一满意”创建项目"),
        "{place}党组织活动不规范、班子战斗力不强，在年度星级评定中得分偏低。",
        "对照“五好一满意”34项任务逐项整改，年底星级评定提升一个等级。",
        "1. 对照标准查找差距；2. 与优秀社区结对帮带；3. 规范组织生活和三会一课；4. 交叉任职，配强班子。",
        (
            "对照标准完成问题查摆",
            "与优秀社区结对帮带",
            "组织生活规范化",
            "班子调整配强",
            "星级评定整改验收",
        ),
        (
            "规范召开支部委员会、党员大会{n}次",
            "结对社区来访指导{n}次，学习经验做法",
            "整改问题清单完成{n}项",
            "开展党员教育培训{m}人次",
        ),
        ("个别党员组织观念淡薄", "整改任务多、时间紧"),
        ("加强党员教育管理", "按时推进整改清单", "迎接星级评定"),
        "项目全面完成：34项任务逐项达标，星级评定提升一个等级，实现整改晋位。",
        "对标“五好一满意”逐项整改，结对帮带、交叉任职，软弱涣散党组织实现晋位。",
    ),
    Theme(
        "youth",
        ("“四点半课堂”关爱青少年项目", "校社共建青少年成长工程"),
        "{place}双职工家庭多，孩子放学后无人看护，课后托管需求强烈。",
        "开办四点半课堂，全年服务青少年不少于三千人次，家长满意度九成以上。",
        "1. 联合学校和社会组织开设课堂；2. 招募党员和大学生志愿者辅导；"
        "3. 开设安全、科普、阅读课程；4. 寒暑假开展特色活动。",
        (
            "完成课堂场地和师资准备",
            "四点半课堂开课",
            "开展暑期特色活动",
            "开展家长满意度调查",
        ),
        (
            "四点半课堂服务学生{m}人次",
            "志愿者辅导作业、开展科普活动{n}场",
            "开展安全教育和阅读活动{n}次",
        ),
        ("志愿者时间不固定", "场地容量有限"),
        ("扩充志愿者队伍", "丰富课程内容"),
        "项目全面完成：四点半课堂全年服务学生三千余人次，家长满意度达95%。",
        "校社共建四点半课堂，党员和大学生志愿者接力辅导，解决双职工家庭后顾之忧。",
    ),
    Theme(
        "epidemic",
        ("疫情防控网格化管理提升项目", "平安网格“吹哨报到”工程"),
        "{place}人员流动大，疫情防控和安全隐患排查任务重，网格力量不足。",
        "网格员、党员志愿者、下沉干部编组包保，隐患排查全覆盖，防控信息当日报送。",
        "1. 网格划分到楼栋，编组包保；2. 下沉干部和党员志愿者轮值；3. 建立隐患台账，限时整改；4. 开展应急演练。",
        (
            "完成网格编组包保",
            "卡口值守和入户排查全覆盖",
            "建立隐患排查台账",
            "开展应急演练",
            "总结网格化防控经验",
        ),
        (
            "党员志愿者值守卡口{m}人次",
            "入户排查{m}户，登记信息{n}条",
            "排查整改安全隐患{n}处",
            "开展应急演练{n}次",
        ),
        ("志愿者长期值守疲劳", "流动人员信息更新不及时"),
        ("完善轮值制度", "加强流动人员登记"),
        "项目全面完成：网格包保全覆盖，隐患台账全部销号，防控信息报送及时准确。",
        "网格编组包保，党员志愿者和下沉干部轮值值守，守牢家门口的防线。",
    ),
    Theme(
        "deliberation",
        ("居民议事会协商共治项目", "“家·党建”邻里共治工程"),
        "{place}居民参与社区事务的渠道少，加装电梯、停车等议题久议不决。",
        "每月召开居民议事会，议题办结率达到九成，培育一支居民自治骨干队伍。",
        "1. 建立居民议事会制度和议事规则；2. 网格收集议题；3. 议事会协商表决；4. 议定事项公示并跟踪落实。",
        (
            "建立居民议事会和议事规则",
            "网格议题收集机制运行",
            "重点议题协商解决",
            "议事成效评估",
        ),
        (
            "召开居民议事会{n}次，议定事项{n}件",
            "网格收集议题{n}条，已公示办理结果",
            "协调解决停车、加装电梯等难题{n}件",
        ),
        ("部分议题涉及多方利益，协商难度大", "年轻居民参与少"),
        ("扩大议事代表覆盖面", "跟踪议定事项落实"),
        "项目全面完成：全年召开议事会12次，议定事项办结率92%，居民自治骨干队伍初步形成。",
        "居民议事会让居民的事居民商量着办，停车、加装电梯等老大难问题逐一破解。",
    ),
)

# Themes that suit the claimant: its host unit, or its level.
UNIT_THEMES = {
    HostUnitKind.PROPERTY_COMPANY: ("property", "deliberation", "alley"),
    HostUnitKind.ENTERPRISE: ("reporting", "alliance", "elderly"),
    HostUnitKind.AGENCY: ("qrcode", "epidemic", "alley"),
    HostUnitKind.SOCIAL_ORGANIZATION: ("elderly", "youth", "station", "qrcode"),
    HostUnitKind.INSTITUTION: ("youth", "reporting"),
}
LEVEL_THEMES = {
    6: ("alliance", "circle", "station", "rectify"),
    9: ("circle", "station", "alley", "alliance", "epidemic", "rectify"),
    12: tuple(theme.key for theme in THEMES),
    15: ("epidemic", "deliberation", "alley", "elderly"),
}
THEMES_BY_KEY = {theme.key: theme for theme in THEMES}

RETURN_REASONS = (
    "目标不够具体，请细化可量化的年度指标后重新报送。",
    "措施与问题对应不够，请补充具体举措和责任分工。",
    "节点安排过于集中在年底，请按季度分解任务。",
    "项目与去年重复，请结合今年居民需求调整内容。",
)
REVISED_NOTES = ("已按意见细化指标和节点。", "已补充措施和责任分工。", "已调整节点安排。")
APPROVAL_NOTES = ("", "", "同意，请按节点推进。", "同意。注意做好月调度报送。", "同意，建议加强与驻区单位联动。")
ABANDON_REASONS = (
    "所在片区纳入棚户区改造征收范围，项目条件发生变化，改为认领新项目。",
    "合作单位退出，项目无法按计划实施，经研究改为认领新项目。",
    "与上级统一部署的工作重复，按区委组织部意见调整为新项目。",
    "项目场地被收回，无法继续实施，另行认领项目。",
)


@dataclass
class _Plan:
    """One demo project, decided before any row is written."""

    organization: PartyOrganization
    place: str  # who claims: the area's name, or the host unit's
    area: str  # where: the name of the organization's area
    theme: Theme
    title: str
    claimed_at: datetime
    approved_at: datetime
    start_month: int
    milestone_months: list[int]
    status: str = ProjectStatus.APPROVED
    returned: tuple[datetime, str, datetime] | None = None  # returned at, reason, revised at
    percents: dict[int, int] = field(default_factory=dict)
    late_months: set[int] = field(default_factory=set)
    closed_at: datetime | None = None
    closing: str = ""
    abandon_reason: str = ""
    showcased_at: datetime | None = None
    review_note: str = ""


def _at(rng: random.Random, year: int, month: int, day: int) -> datetime:
    """A working-hours moment of the day, in Shanghai time."""
    return datetime(year, month, day, rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59), tzinfo=TZ)


def _month_end(month: int) -> int:
    return 31 if month == 12 else (datetime(YEAR, month + 1, 1) - timedelta(days=1)).day


def _places() -> dict[str, str]:
    names = dict(District.objects.values_list("code", "name"))
    names.update(Street.objects.values_list("code", "name"))
    names.update(Community.objects.values_list("code", "name"))
    return names


def _claimants(count: int, rng: random.Random) -> list[PartyOrganization]:
    """``count`` organizations: communities', then streets' and districts', then unit-hosted, then grids'."""
    city = settings.CITY_CODE
    organizations = list(
        PartyOrganization.objects.filter(area_code__startswith=city)
        .exclude(area_code=city)
        .select_related("secretary")
        .order_by("area_code", "kind", "host_unit_kind", "name", "id")
    )
    area = [o for o in organizations if o.host_unit_kind == HostUnitKind.AREA and len(o.area_code) != 15]
    communities = [o for o in area if len(o.area_code) == 12]
    higher = [o for o in area if len(o.area_code) in (6, 9)]
    hosted = [o for o in organizations if o.host_unit_kind != HostUnitKind.AREA and len(o.area_code) == 12]
    hosted.sort(key=lambda o: (o.host_unit_kind != HostUnitKind.PROPERTY_COMPANY, rng.random()))
    grids = [o for o in organizations if len(o.area_code) == 15 and o.kind in GRID_ORGANIZATION_KINDS]
    rng.shuffle(grids)
    chosen = (communities + higher + hosted + grids)[:count]
    if len(chosen) < count:
        raise ValueError(f"the demo city has {len(chosen)} party organizations, fewer than {count} projects")
    return chosen


def _milestone_months(rng: random.Random, start: int, end: int) -> list[int]:
    count = min(rng.randint(3, 5), end - start + 1)
    return [*sorted(rng.sample(range(start, end), count - 1)), end]


def _expected(months: list[int], month: int) -> int:
    return sum(1 for m in months if m <= month) * 100 // len(months)


def _progress(rng: random.Random, plan: _Plan, end: int, profile: str) -> None:
    """Percent complete per month from the start month to ``end``, following the profile."""
    lag = {"behind": rng.randint(6, 25), "serious": rng.randint(35, 50)}.get(profile, 0)
    behind_from = rng.randint(plan.start_month, 5)
    span = end - plan.start_month + 1
    percent = 0
    for month in range(plan.start_month, end + 1):
        expected = _expected(plan.milestone_months, month)
        steady = round(100 * (month - plan.start_month + 1) / span)
        value = max(expected, min(100, steady + rng.randint(-5, 5)))
        if lag and month >= behind_from:
            value = max(0, expected - lag)
        percent = min(100, max(percent, value))
        plan.percents[month] = percent
    if plan.status == ProjectStatus.COMPLETED:
        plan.percents[end] = 100
    if profile == "missing":
        candidates = list(range(plan.start_month + 1, end + 1))
        missing = set(rng.sample(candidates, min(len(candidates), rng.randint(1, 3))))
        if rng.random() < 0.4:
            missing.add(6)  # the summer gap: June's progress never came
        for month in missing:
            plan.percents.pop(month, None)
    lateness = rng.choice((0.0,) * 14 + (0.2,) * 5 + (0.6,))
    plan.late_months = {m for m in plan.percents if m < 12 and rng.random() < lateness}


def _plan_projects(scale: int, rng: random.Random) -> list[_Plan]:
    count = CLAIMED * scale
    abandoned = ABANDONED * scale
    organizations = _claimants(count, rng)
    places = _places()
    returned = set(rng.sample(range(count), RETURNED * scale))
    completed = set(rng.sample(range(count), round(COMPLETED_SHARE * count)))
    abandoning = set(rng.sample([i for i in range(count) if i not in completed], abandoned))
    titles: set[str] = set()
    plans: list[_Plan] = []
    for index, organization in enumerate(organizations):
        code = organization.area_code
        if organization.host_unit_kind != HostUnitKind.AREA:
            keys = UNIT_THEMES.get(organization.host_unit_kind, LEVEL_THEMES[12])
            place = organization.host_unit_name or organization.name
        else:
            keys = LEVEL_THEMES[len(code)]
            place = places.get(code, organization.name)
        theme = THEMES_BY_KEY[rng.choice(keys)]
        title = f"{place}{rng.choice(theme.titles)}"
        if title in titles:
            title = f"{place}{theme.titles[0]}（{organization.name}）"
        titles.add(title)
        claimed_at = _at(rng, YEAR, 1, rng.randint(2, 15))
        plan = _Plan(
            organization=organization,
            place=place,
            area=places.get(code, place),
            theme=theme,
            title=title,
            claimed_at=claimed_at,
            approved_at=claimed_at,
            start_month=1,
            milestone_months=[],
        )
        if index in returned:
            returned_at = claimed_at + timedelta(days=rng.randint(4, 9), hours=rng.randint(0, 5))
            revised_at = returned_at + timedelta(days=rng.randint(3, 10), hours=rng.randint(0, 5))
            plan.returned = (returned_at, rng.choice(RETURN_REASONS), revised_at)
            plan.approved_at = revised_at + timedelta(days=rng.randint(3, 12), hours=rng.randint(0, 5))
            if plan.approved_at.month == 1:
                plan.approved_at = _at(rng, YEAR, 2, rng.randint(1, 10))
        else:
            approved_at = claimed_at + timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 6))
            plan.approved_at = approved_at
        plan.start_month = plan.approved_at.month
        profile = rng.choices(("track", "behind", "serious", "missing"), weights=(72, 14, 5, 9))[0]
        end = 12
        if index in completed:
            plan.status = ProjectStatus.COMPLETED
            end = rng.randint(8, 12)
            profile = "track"
        plan.milestone_months = _milestone_months(rng, plan.start_month, end)
        _progress(rng, plan, end, profile)
        if index in completed:
            plan.closed_at = _at(rng, YEAR, end, rng.randint(20, 28))
            plan.closing = theme.closing
        plans.append(plan)
        if index in abandoning:
            plans.append(_replacement(rng, plan))
    showcase = [p for p in plans if p.status != ProjectStatus.ABANDONED and len(p.percents) >= 6 and not p.late_months]
    showcase = [p for p in showcase if p.percents.get(6, 0) >= _expected(p.milestone_months, 6)]
    for plan in rng.sample(showcase, min(len(showcase), SHOWCASED * scale)):
        plan.showcased_at = _at(rng, YEAR, rng.randint(5, 11), rng.randint(10, 25))
        if plan.closed_at and plan.showcased_at > plan.closed_at:
            plan.showcased_at = plan.closed_at - timedelta(days=rng.randint(5, 30))
    return plans


def _replacement(rng: random.Random, first: _Plan) -> _Plan:
    """Abandon ``first`` in spring; its organization claims a new project (answered here)."""
    abandon_month = rng.randint(3, 4)
    first.status = ProjectStatus.ABANDONED
    first.abandon_reason = rng.choice(ABANDON_REASONS)
    first.closed_at = _at(rng, YEAR, abandon_month, rng.randint(8, 20))
    first.percents = {m: p for m, p in first.percents.items() if m < abandon_month}
    first.late_months &= set(first.percents)
    first.showcased_at = None
    keys = [t.key for t in THEMES if t.key != first.theme.key]
    theme = THEMES_BY_KEY[rng.choice(keys)]
    claimed_at = first.closed_at + timedelta(days=rng.randint(2, 8))
    approved_at = claimed_at + timedelta(days=rng.randint(3, 10))
    plan = _Plan(
        organization=first.organization,
        place=first.place,
        area=first.area,
        theme=theme,
        title=f"{first.place}{theme.titles[0]}",
        claimed_at=claimed_at,
        approved_at=approved_at,
        start_month=approved_at.month,
        milestone_months=[],
    )
    plan.milestone_months = _milestone_months(rng, plan.start_month, 12)
    _progress(rng, plan, 12, "track")
    return plan


def _fill(text: str, rng: random.Random, plan: _Plan) -> str:
    return text.format(place=plan.area, n=rng.randint(2, 15), m=rng.randint(20, 400), p=rng.randint(85, 100))


def _submitted_at(rng: random.Random, month: int, late: bool) -> datetime:
    deadline = settings.PROJECT_PROGRESS_DEADLINE_DAY
    if month == 12:
        return _at(rng, YEAR, 12, rng.randint(26, 31))
    if late:
        return _at(rng, YEAR, month + 1, rng.randint(deadline + 1, deadline + 10))
    if rng.random() < 0.5:
        return _at(rng, YEAR, month, rng.randint(25, _month_end(month)))
    return _at(rng, YEAR, month + 1, rng.randint(1, deadline))


def _users() -> dict[str, object]:
    """The demo accounts that act in the history where their area is concerned."""
    users = get_user_model().objects.filter(username__in=("nanshan", "jiangnan", "fengman", "city"))
    return {
        grant.area_code: user
        for user in users.prefetch_related("area_grants")
        for grant in user.area_grants.all()
        if grant.area_code != settings.CITY_CODE
    }


def _actor(users: dict[str, object], code: str, *, reviewer: bool = False):
    for length in (6,) if reviewer else (12, 9):
        user = users.get(code[:length])
        if user is not None:
            return user
    return None


def demo_projects_present(year: int = YEAR) -> bool:
    return Project.objects.filter(year=year, area_code__startswith=settings.CITY_CODE).exists()


@transaction.atomic
def build_demo_projects(scale: int | None = None, stdout: TextIO | None = None) -> dict[str, int]:
    """Add 2020's demo projects (713 × scale claims) unless they are there; answers their figures.

    Without ``scale``, the scale of the demo city in the database.
    """
    if demo_projects_present():
        projects = Project.objects.filter(year=YEAR, area_code__startswith=settings.CITY_CODE)
        return {
            "created": 0,
            "claimed": projects.exclude(status=ProjectStatus.ABANDONED).count(),
            "progress_reports": ProgressReport.objects.filter(project__in=projects).count(),
        }
    scale = scale or demo_scale()
    rng = random.Random(SEED + scale)
    plans = _plan_projects(scale, rng)
    users = _users()
    projects = []
    for plan in plans:
        theme = plan.theme
        secretary = plan.organization.secretary
        responsible = f"{secretary.name}（书记）" if secretary else plan.organization.name
        plan.review_note = rng.choice(APPROVAL_NOTES)
        projects.append(
            Project(
                organization=plan.organization,
                area_code=plan.organization.area_code,
                year=YEAR,
                title=plan.title[:200],
                problem=theme.problem.format(place=plan.area),
                goal=theme.goal,
                measures=theme.measures,
                responsible=responsible,
                start_month=plan.start_month,
                status=plan.status,
                claimed_by=_actor(users, plan.organization.area_code),
                review_note=plan.review_note,
                reviewed_at=plan.approved_at,
                showcased=plan.showcased_at is not None,
                showcase_writeup=theme.writeup if plan.showcased_at else "",
                showcased_at=plan.showcased_at,
                closing_summary=plan.closing,
                abandon_reason=plan.abandon_reason,
                closed_at=plan.closed_at,
            )
        )
    Project.objects.bulk_create(projects, batch_size=BATCH_SIZE)

    milestones, progress, events = [], [], []
    for plan, project in zip(plans, projects, strict=True):
        theme = plan.theme
        code = project.area_code
        claimant = project.claimed_by
        reviewer = _actor(users, code, reviewer=True)
        for position, month in enumerate(plan.milestone_months):
            description = theme.milestones[min(position, len(theme.milestones) - 1)]
            if position == len(plan.milestone_months) - 1:
                description = theme.milestones[-1]
            milestones.append(Milestone(project=project, month=month, description=description))
        events.append(ProjectEvent(project=project, kind=ProjectEventKind.CLAIMED, actor=claimant, at=plan.claimed_at))
        if plan.returned:
            returned_at, reason, revised_at = plan.returned
            events.append(
                ProjectEvent(
                    project=project, kind=ProjectEventKind.RETURNED, actor=reviewer, note=reason, at=returned_at
                )
            )
            events.append(
                ProjectEvent(
                    project=project,
                    kind=ProjectEventKind.REVISED,
                    actor=claimant,
                    note=rng.choice(REVISED_NOTES),
                    at=revised_at,
                )
            )
        events.append(
            ProjectEvent(
                project=project,
                kind=ProjectEventKind.APPROVED,
                actor=reviewer,
                note=plan.review_note,
                at=plan.approved_at,
            )
        )
        for month, percent in sorted(plan.percents.items()):
            submitted_at = _submitted_at(rng, month, month in plan.late_months)
            behind = percent < _expected(plan.milestone_months, month)
            progress.append(
                ProgressReport(
                    project=project,
                    month=month,
                    percent_complete=percent,
                    done=_fill(rng.choice(theme.done), rng, plan) + "。",
                    problems=rng.choice(theme.problems) if behind or rng.random() < 0.3 else "",
                    next_steps=rng.choice(theme.next_steps),
                    submitted_by=claimant,
                    submitted_at=submitted_at,
                )
            )
            events.append(
                ProjectEvent(
                    project=project,
                    kind=ProjectEventKind.PROGRESS,
                    actor=claimant,
                    note=f"{month}月 {percent}%",
                    at=submitted_at,
                )
            )
        if plan.showcased_at:
            events.append(
                ProjectEvent(
                    project=project,
                    kind=ProjectEventKind.SHOWCASED,
                    actor=reviewer,
                    note=theme.writeup,
                    at=plan.showcased_at,
                )
            )
        if plan.status == ProjectStatus.COMPLETED:
            events.append(
                ProjectEvent(
                    project=project,
                    kind=ProjectEventKind.COMPLETED,
                    actor=claimant,
                    note=plan.closing,
                    at=plan.closed_at,
                )
            )
        if plan.status == ProjectStatus.ABANDONED:
            events.append(
                ProjectEvent(
                    project=project,
                    kind=ProjectEventKind.ABANDONED,
                    actor=claimant,
                    note=plan.abandon_reason,
                    at=plan.closed_at,
                )
            )
    Milestone.objects.bulk_create(milestones, batch_size=BATCH_SIZE)
    ProgressReport.objects.bulk_create(progress, batch_size=BATCH_SIZE)
    ProjectEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
    figures = {
        "created": len(projects),
        "claimed": sum(1 for p in plans if p.status != ProjectStatus.ABANDONED),
        "milestones": len(milestones),
        "progress_reports": len(progress),
        "events": len(events),
    }
    if stdout is not None:
        stdout.write(
            _("  %(year)s No.1 projects: %(claimed)s claimed, %(progress)s monthly progress reports\n")
            % {"year": YEAR, "claimed": figures["claimed"], "progress": len(progress)}
        )
    return figures


def build_demo_step(run: DemoRun) -> list:
    """The demo builder of 2020's No.1 projects (see ``jilin_grid.demo``)."""
    figures = build_demo_projects(scale=run.content_scale, stdout=run.stdout)
    return [
        (figures["claimed"], gettext_lazy("No.1 projects claimed in 2020")),
        (figures["progress_reports"], gettext_lazy("monthly progress reports of 2020")),
    ]
