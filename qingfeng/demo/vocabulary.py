"""The words invented records are made of, one copy each: the demo (`load_demo`), synthetic
regions (`synth`) and the benchmarks draw from here.

Only words live here; how often each is drawn, and which record gets which, stay with the
code that draws. Keys that name a problem source or an activity kind are the model's stored
values, so this module imports no app. Texts tied to one demo person's story stay with that story.
"""

# ---- people --------------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏"
    "肖田潘余杜叶任姚姜崔钟谭陆汪范金石廖夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
"""One character each; a name is a surname and one or two given-name characters."""

GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁浩凯健俊帆峰志国庆文海东林建洋彬宇帅旭龙晨"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀英玲桂兰萍红梅琳雪婷慧颖倩洁莉燕丹蓉佳欣悦晶月玉娥芬怡瑶"
"""Given-name characters, one character each, by gender."""

ETHNICITIES = {"汉族": 80, "蒙古族": 6, "回族": 5, "满族": 4, "壮族": 2, "朝鲜族": 2, "苗族": 1, "藏族": 1}
"""Ethnic groups with their weights in the invented population."""

PHONE_PREFIXES = ("130", "131", "132", "135", "136", "138", "139", "150", "151", "152",
                  "155", "158", "159", "180", "181", "186", "187", "189")
"""Mobile number prefixes; eight random digits follow."""

_BUREAU = ("科员", "科员", "副主任科员", "股长", "办公室主任")
POSITIONS = {
    "party_office": ("科员", "科员", "秘书", "副主任科员", "综合科科长"),
    "government_office": ("科员", "秘书", "督查专员", "信息科科长"),
    "education_bureau": (*_BUREAU, "督学"),
    "health_bureau": (*_BUREAU, "疾控科科长"),
    "agriculture_bureau": _BUREAU,
    "secondary_school": ("教师", "教师", "教师", "班主任", "教研组长", "教务处干事"),
    "primary_school": ("教师", "教师", "班主任", "少先队大队辅导员", "教导主任"),
    "hospital": ("医生", "医生", "主治医师", "护士", "护士长", "药剂师", "检验师"),
    "tcm_hospital": ("中医师", "医生", "护士", "针灸推拿师", "财务科科长"),
    "agritech_center": ("农艺师", "技术员", "畜牧兽医师", "植保站站长"),
    "village_team": ("驻村第一书记", "驻村工作队员", "驻村工作队员", "村支书", "村支书", "村委会主任"),
    "other": ("职员", "站长", "主任", "村民", "退休"),  # units the demo county has none of (synth)
}
"""Ordinary (not leading-cadre) posts by kind of unit; a post listed twice is drawn twice as often."""

ALL_POSITIONS = tuple(dict.fromkeys(post for posts in POSITIONS.values() for post in posts))
"""Every post once, for generators that do not say what kind of unit a member works in."""

# ---- organizations -------------------------------------------------------------------------

PLACES = "东西南北中新安和平兴华阳泉河山湖溪桥林城"
"""Characters that make up invented place names, two at a time."""

UNITS = ("中学", "小学", "卫生院", "社区", "村", "街道办", "税务所", "供电所", "派出所", "农技站", "水务站", "医院")
"""Kinds of unit a synthetic sub-committee or general branch is named after."""

# ---- the campaign ----------------------------------------------------------------------------

COMMITMENT = (
    "本人郑重承诺：坚决贯彻落实中央八项规定及其实施细则精神，"
    "不违规收送礼品礼金，不违规吃喝，不搞形式主义、官僚主义，"
    "自觉接受组织和群众监督。"
)
"""The pledge members sign (承诺书); the caller marks it as demo or synthetic text."""

KEY_TASKS = ("开展集中学习和专题研讨", "逐人对照问题清单查摆", "建立整改台账并逐项销号")
"""The required key tasks (规定动作) of an invented campaign."""

STUDY_TOPICS = {"group_study": "学习中央八项规定及其实施细则精神", "warning": "观看警示教育片并开展讨论"}
STUDY_SUMMARY = "支部书记领学，党员逐一交流发言。"
# 民主评议党员: a member's 个人总结
SELF_EVALUATION = ("一年来，认真学习党的创新理论，按时参加组织生活、交纳党费，立足岗位完成各项工作。"
                   "对照党员标准，理论学习还不够系统，联系群众还不够经常，今后加以改进。")
"""A study activity's topic by its kind (StudyActivity.Kind), and the summary every one gets."""

ABSENCE_REASONS = ("出差", "病假", "外出培训")
"""Why a member asked for leave from a study activity (请假)."""

REFLECTION_TITLE = "学习心得体会"
REFLECTION_OPENINGS = ("通过这次集中学习，", "参加专题研讨后，", "认真学习有关文件精神，", "结合本职工作反思，")
REFLECTION_MIDDLES = (
    "我深刻认识到作风建设永远在路上，",
    "我体会到联系群众、服务群众是做好工作的根本，",
    "我认识到自己在工作标准上还有差距，",
    "我更加明白了守纪律、讲规矩的重要性，",
)
REFLECTION_ENDINGS = (
    "今后要把学习成果转化为改进工作的实际行动。",
    "我将对照问题清单逐项查摆，立行立改。",
    "要从小事做起，从自身做起，时时处处严格要求自己。",
    "在教学和管理中坚持以学生为本，多办实事。",
)
"""A reflection's body is one opening, one middle and one ending."""

REFLECTION_ACCEPTED = "认识较深刻，同意。"
REFLECTION_RETURNED = "联系自身实际不够，请结合具体事例修改。"
"""The reviewer's comment on accepting or returning a reflection."""

INSPECTION_STUDY_SUMMARY = "通过学习，进一步提高了思想认识。"
ROOT_CAUSE = "理论学习不够深入，宗旨意识有所淡化，自我要求有所放松。"
INSPECTION_MEASURES_SUMMARY = "加强学习，改进作风，逐项整改。"
"""A self-inspection's study summary, root cause (also a problem's) and planned measures."""

FINDING = "对照“{item}”，自身存在一定差距"
FINDING_EXAMPLE = "比如：有时满足于完成任务，主动作为不够。"
"""A self-found problem: its description (`item`: the checklist item's first words) and example."""
FINDING_QUOTE_MAX = 30  # characters of the checklist item quoted in a finding
PHRASE_BREAKS = "，、；。：,;"


def finding(item: str) -> str:
    """A self-found problem's description quoting `item`, cut only where a phrase ends.

    Cut at a fixed length, 「服务意识不强，接待办事群众时态度生硬、解释不耐心」 became 「…态度生硬、解」.
    """
    quote = item.strip().rstrip(PHRASE_BREAKS)
    if len(quote) > FINDING_QUOTE_MAX:
        head = quote[:FINDING_QUOTE_MAX + 1]
        # A clause (，；) before a list item (、): 「开会、发文、表态上」 stays whole.
        ends = [i for i, char in enumerate(head) if char in PHRASE_BREAKS and char != "、"] or [
            i for i, char in enumerate(head) if char == "、"]
        quote = quote[:ends[-1]] if ends else quote
    return FINDING.format(item=quote)

PROBLEMS = {
    "superior": ("调查研究不够深入，了解基层情况多靠听汇报",),
    "criticism": ("批评与自我批评开展不够经常，存在“好人主义”",),
    "public": ("办事流程繁琐，群众反映跑腿次数多",),
    "inspection_tour": ("会议多、文件多，部分会议内容重复",),
    "petition": ("群众反映其在服务中收取不合理费用",),
    "discipline": ("违规接受服务对象宴请",),
}
"""Descriptions of problems not found against a checklist item, by source (Problem.Source)."""

MEASURES = (
    "制定个人学习计划，每周集中学习一次并记录",
    "建立工作台账，逐项明确完成时限",
    "深入基层走访，每月不少于两次并形成记录",
    "精简会议文件，合并同类会议",
    "公开办事流程和时限，接受群众监督",
    "开展谈心谈话，听取群众意见并反馈",
    "对照岗位职责逐项自查，形成问题清单",
)
"""Rectification measures (整改措施)."""

PROGRESS_STARTED = "已制定计划，正在逐项落实。"
PROGRESS_DONE = "已按计划完成整改。"
"""The owner's progress report while working on a rectification, and when done."""

EVIDENCE_NOTE = "整改落实情况说明"
"""The note on a rectification's evidence; the caller says what is attached."""

RECTIFICATION_ACCEPTED = "整改到位，同意销号。"
RECTIFICATION_RETURNED = "佐证材料不充分，请补充会议记录。"
"""The reviewer's comment on accepting (销号) or returning a rectification."""

# The county committee's 总结报告 texts (reports.SummaryText); the branches' are left unwritten, so their
# reports show 「（未填写）」 where a person still has to write.
SUMMARY_OVERVIEW = ("按照上级统一部署，县委印发专项整治实施方案，成立工作专班，"
                    "组织全县各级党组织和党员对照问题清单逐项查摆、逐项整改。")
SUMMARY_PRACTICES = (
    "（一）以学促查，打牢思想基础。各支部开展集中学习和专题研讨，组织观看警示教育片，党员逐一交流发言、撰写心得体会。\n"
    "（二）对照清单，逐人查摆问题。党员逐条对照问题清单开展自查，支部书记审阅把关，"
    "上级点评、巡视巡察和群众意见一并纳入问题台账。\n"
    "（三）建立台账，逐项整改销号。每个问题明确整改措施、责任人、责任领导和整改时限，"
    "佐证材料齐全后验收销号，逾期事项自动提醒、催办、督办。")
SUMMARY_SHORTCOMINGS = ("一是个别支部学习研讨联系实际不够紧密，心得体会存在泛泛而谈的情况；"
                        "二是部分整改措施针对性不强，少数事项逾期未完成；三是回头看工作还需持续跟进。")
SUMMARY_NEXT_STEPS = ("（一）紧盯逾期事项。对逾期未销号的整改措施逐项督办，限期完成。\n"
                      "（二）巩固整改成果。适时开展回头看，防止问题反弹回潮。\n"
                      "（三）建立长效机制。把专项整治中的好做法固化为制度，推动作风建设常态化长效化。")

# 谈心谈话: kind (Talk.Kind), summary, follow-ups, months ago
TALKS = [
    ("secretary_committee", "交流支委分工落实情况，听取对支部工作的意见建议。", "下季度前完成分管工作小结", 9),
    ("committee_member", "了解思想和工作状况，谈学习体会和存在的不足。", "", 6),
    ("members", "相互交流岗位履职体会，坦诚指出对方不足。", "", 4),
    ("reminder", "对参加组织生活不够经常提出提醒，本人表示接受。", "一个月后回访", 2),
]

# 组织生活会上的批评意见: (自我批评, 相互批评)
CRITICISMS = [
    ("理论学习满足于读原文、记笔记，联系实际思考不够", "布置工作多、督促落实少，有时放松了对自己的要求"),
    ("参加组织生活有时请假，带头作用发挥不够", "对身边同志的问题提醒不够及时，存在“好人主义”"),
]
# 组织生活会 会前征求意见情况
LIFE_OPINIONS = "通过座谈会和意见箱征求党员群众意见 6 条，主要是加强家校沟通、改进服务作风，已在会上逐条回应。"
