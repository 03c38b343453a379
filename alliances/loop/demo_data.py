"""The words the demo alliances are written with: member units' names by kind, what they offer, venues,
activities, the residents' problems the alliances take up, their actions, reports and evaluations."""

from __future__ import annotations

from grids.problems.choices import Evaluation

from .choices import ActivityKind, MemberUnitKind

# Names of member units without a party organization in the demo city, per kind.
UNIT_NAMES = {
    MemberUnitKind.AGENCY: (
        "{street}派出所",
        "{street}司法所",
        "{street}市场监管所",
        "{street}供电所",
        "{district}税务局{street}税务所",
        "{district}城市管理执法局{street}中队",
        "{district}消防救援大队{street}消防站",
        "{area}警务室",
    ),
    MemberUnitKind.ENTERPRISE: (
        "吉林市{word}商贸有限公司",
        "{word}连锁超市",
        "中国工商银行吉林{word}支行",
        "吉林银行{word}支行",
        "中国邮政{street}支局",
        "吉林{word}建筑工程有限公司",
        "{word}大药房",
        "国网吉林供电公司{street}营业厅",
    ),
    MemberUnitKind.SCHOOL: (
        "吉林市{word}小学",
        "吉林市{word}中学",
        "{word}幼儿园",
        "吉林市{word}职业技术学校",
    ),
    MemberUnitKind.HOSPITAL: (
        "{street}社区卫生服务中心",
        "吉林市{word}医院",
        "{word}口腔门诊部",
        "{area}卫生服务站",
    ),
    MemberUnitKind.PROPERTY_COMPANY: ("{word}物业服务有限公司", "吉林市{word}物业管理有限公司"),
    MemberUnitKind.SOCIAL_ORGANIZATION: (
        "{word}社会工作服务中心",
        "{word}志愿者协会",
        "{word}居家养老服务中心",
        "{area}老年协会",
        "{word}青少年服务中心",
    ),
    MemberUnitKind.OTHER: ("{compound}业主委员会", "{compound}协商理事会"),
}
KIND_WEIGHTS = {
    MemberUnitKind.AGENCY: 22,
    MemberUnitKind.ENTERPRISE: 22,
    MemberUnitKind.SCHOOL: 13,
    MemberUnitKind.HOSPITAL: 12,
    MemberUnitKind.PROPERTY_COMPANY: 12,
    MemberUnitKind.SOCIAL_ORGANIZATION: 14,
    MemberUnitKind.OTHER: 5,
}
# (venue, funds, skills, volunteers), what it offers, what it commits to.
OFFERS = {
    MemberUnitKind.AGENCY: (
        (False, False, True, True),
        ("法治宣传、治安巡逻、政策咨询", "矛盾纠纷调解、安全隐患排查", "会议室、政策解读、业务指导"),
        (
            "每季度进社区开展一次法治宣传",
            "每月参加一次联盟联席会议，认领群众诉求",
            "在职党员到社区报到，每人每年服务不少于4次",
        ),
    ),
    MemberUnitKind.ENTERPRISE: (
        (False, True, False, True),
        ("活动资金、慰问物资、就业岗位", "便民服务、志愿者队伍", "职工之家活动场所、技能培训"),
        ("每年提供不少于10个就业岗位", "资助困难家庭和助老助餐", "组织职工志愿者参加小区环境整治"),
    ),
    MemberUnitKind.SCHOOL: (
        (True, False, True, True),
        ("操场、图书室、教室", "四点半课堂师资、家庭教育讲座", "学生志愿者、文体活动指导"),
        ("节假日向居民开放操场和图书室", "开办四点半课堂，解决双职工家庭后顾之忧", "每学期开展一次家庭教育讲座"),
    ),
    MemberUnitKind.HOSPITAL: (
        (False, False, True, True),
        ("义诊、健康讲座、家庭医生签约", "慢病管理、康复指导", "医护志愿者、急救培训"),
        ("每月进社区义诊一次", "为辖区独居老人签约家庭医生", "每年开展两次急救知识培训"),
    ),
    MemberUnitKind.PROPERTY_COMPANY: (
        (True, True, False, False),
        ("物业活动室、维修技工", "小区公共收益、停车场", "保洁、绿化、维修服务"),
        ("推行“红心物业”，参加三方联席会议", "接到居民报修24小时内上门", "物业服务事项和收支每季度公开"),
    ),
    MemberUnitKind.SOCIAL_ORGANIZATION: (
        (False, False, True, True),
        ("社工服务、心理疏导", "助老助残、青少年服务", "志愿者队伍、公益项目"),
        ("承接联盟公益项目，定期开展服务", "为困难群众提供个案帮扶", "组织志愿者每周开展一次服务"),
    ),
    MemberUnitKind.OTHER: (
        (False, False, False, True),
        ("业主代表、协商议事", "居民志愿者"),
        ("参加三方联席会议，反映业主诉求", "组织业主参与小区自治"),
    ),
}
VENUE_NAMES = {
    MemberUnitKind.AGENCY: ("会议室", "党员活动室"),
    MemberUnitKind.ENTERPRISE: ("职工之家", "党群活动室"),
    MemberUnitKind.SCHOOL: ("操场", "图书室", "多功能厅"),
    MemberUnitKind.HOSPITAL: ("健康教育室", "康复活动室"),
    MemberUnitKind.PROPERTY_COMPANY: ("物业活动室", "红心物业服务站"),
    MemberUnitKind.SOCIAL_ORGANIZATION: ("活动中心", "日间照料室"),
    MemberUnitKind.OTHER: ("议事室",),
}
VENUE_KINDS = (
    MemberUnitKind.SCHOOL,
    MemberUnitKind.PROPERTY_COMPANY,
    MemberUnitKind.ENTERPRISE,
    MemberUnitKind.AGENCY,
    MemberUnitKind.SOCIAL_ORGANIZATION,
    MemberUnitKind.HOSPITAL,
)
OPENING_HOURS = ("周一至周五 9:00-17:00", "每日 8:00-20:00", "周末 9:00-16:00", "工作日 14:00-18:00", "全天开放")
ACTIVITY_TITLES = {
    ActivityKind.VOLUNTEERING: ("“红心”志愿服务进小区", "学雷锋志愿服务日", "助老助残上门服务", "疫情防控志愿服务"),
    ActivityKind.STUDY: ("联盟成员单位党员联学", "主题党日共建活动", "党史学习共享课堂"),
    ActivityKind.CULTURE: ("邻里文化节", "社区广场舞展演", "“我们的节日”端午包粽子", "冬季冰雪运动会"),
    ActivityKind.HEALTH: ("义诊进社区", "健康知识讲座", "老年人免费体检"),
    ActivityKind.LEGAL: ("法律咨询进网格", "防范电信诈骗宣传", "民法典宣传"),
    ActivityKind.ENVIRONMENT: ("小区环境集中整治", "清理楼道堆物", "背街小巷清扫"),
    ActivityKind.OTHER: ("就业招聘会", "便民服务集市"),
}
SURVEY_NEEDS = (
    "老旧小区多，居民对停车、照明和环境卫生反映集中",
    "独居和空巢老人多，助餐、助浴和就医需求大",
    "双职工家庭多，孩子放学后无人看管",
    "部分小区物业弃管，公共设施失修",
    "就业困难人员和低保家庭需要帮扶",
    "居民文体活动场地不足",
)
ALLIANCE_PROBLEMS = (
    ("小区停车位不足", "高峰时段车辆乱停乱放，消防通道被占，居民多次反映。"),
    ("老旧小区无障碍设施缺失", "多栋楼没有扶手和坡道，坐轮椅的居民出行困难。"),
    ("双职工家庭孩子放学无人看管", "辖区小学放学早，家长下班晚，孩子放学后无处可去。"),
    ("背街小巷照明不足", "几条胡同路灯损坏或缺失，居民夜间出行不安全。"),
    ("弃管小区垃圾清运无人负责", "物业撤场后垃圾堆积，居民自行清运难以为继。"),
    ("老年人就餐难", "辖区高龄和独居老人多，附近没有老年食堂。"),
    ("社区缺少文体活动场地", "居民希望有室内活动场所，冬季没有去处。"),
    ("农贸市场周边占道经营", "早市摊位占用人行道，交通拥堵，垃圾遍地。"),
    ("小区供暖不达标", "部分楼栋冬季室温偏低，居民多次投诉供热公司。"),
    ("失业人员再就业难", "辖区大龄失业人员多，缺少合适岗位和技能培训。"),
)
ACTIONS = (
    "牵头协调{problem}，制定整改方案",
    "派出志愿者和技术人员参与{problem}的处理",
    "提供场地和资金，解决{problem}",
    "入户走访，摸清{problem}涉及的居民情况",
)
REPORTS = (
    "已按期完成，居民反映良好",
    "已完成整改，并建立长效机制",
    "已落实到位，相关照片和台账已存档",
    "已协调解决，后续将定期回访",
)
EVALUATION_COMMENTS = {
    Evaluation.SATISFIED: ("居民代表评议满意", "回访居民，问题已解决", "居民议事会评议通过"),
    Evaluation.BASICALLY_SATISFIED: ("基本满意，希望巩固成效", "基本满意，部分居民希望加快进度"),
    Evaluation.DISSATISFIED: ("居民认为问题没有根本解决，需重新会商",),
}
