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

# ---- 提案 / 社情民意 ------------------------------------------------------------------------

# (category name, title with {place} for a place name, content, the unit's progress, the reply)
PROPOSALS = [
    ("民生保障", "{place}小区路灯长期不亮",
     "小区门口和主干道有多盏路灯坏了一个多月，晚上出行不便，老人孩子容易摔倒，希望尽快修复。",
     "已联系供电所现场查看，确定为线路老化。",
     "已更换老化线路和灯具12盏，路灯全部恢复照明，并纳入每月巡查。"),
    ("民生保障", "{place}社区卫生服务站看病排队时间长",
     "社区卫生服务站上午只有一名医生坐诊，老年人排队要两三个小时。",
     "已调研服务站就诊量和人员配置情况。",
     "已从县人民医院派驻一名医生轮流坐诊，并开通预约挂号，平均候诊时间缩短到半小时以内。"),
    ("民生保障", "{place}学校门口上下学交通拥堵",
     "学校门口道路狭窄，接送学生车辆乱停，上下学时段经常堵塞，存在安全隐患。",
     "已会同交警大队现场勘查。",
     "已施划临时停车位，上下学时段安排交警和志愿者疏导，并增设减速带和警示标志。"),
    ("经济发展", "{place}农产品销售渠道不畅",
     "今年柑橘丰收但收购价低，农户卖果难，希望帮助对接销售渠道。",
     "已摸排滞销数量，联系电商服务中心。",
     "组织电商直播带货和商超对接，已帮助销售柑橘30余万斤，后续将建设冷链仓储。"),
    ("经济发展", "小微企业办理贷款手续繁琐",
     "{place}一带个体工商户反映申请贷款材料多、周期长，希望简化流程。",
     "已与县内三家银行座谈。",
     "推动银行推出线上信用贷款产品，材料由9项减为3项，审批时间缩短到5个工作日内。"),
    ("作风建设", "窗口单位工作人员服务态度差",
     "到{place}办事大厅办理业务时，个别工作人员态度生硬，一次性告知不到位，来回跑了三趟。",
     "已调取当日监控，约谈相关工作人员。",
     "对相关人员进行批评教育，落实首问负责和一次性告知制度，设置“办不成事”反映窗口。"),
    ("作风建设", "个别干部上班时间办私事",
     "反映{place}站所个别干部上班时间经常不在岗，群众找不到人办事。",
     "已开展明察暗访。",
     "经核查情况属实，已对相关人员诫勉谈话，建立在岗公示和去向登记制度。"),
    ("基层治理", "{place}村务公开不及时",
     "村里的低保评定、项目资金使用等没有及时公开，村民有意见。",
     "已督促村委会整理近两年公开事项。",
     "村务公开栏已补齐公开内容，今后每季度公开一次，并同步在村民微信群发布。"),
    ("基层治理", "{place}小区物业管理混乱",
     "小区物业收费不透明，垃圾清运不及时，业主多次反映无果。",
     "已召集物业公司和业主代表座谈。",
     "指导成立业主委员会，物业公司公示收费明细，垃圾改为每日清运。"),
    ("生态环境", "{place}河道有生活垃圾和污水排放",
     "河道两岸堆放生活垃圾，有污水直排，夏天气味很大。",
     "已会同生态环境部门采样检测。",
     "已清理河道垃圾，封堵直排口3处，落实河长巡河制度，每周巡查一次。"),
    ("生态环境", "{place}养殖场异味扰民",
     "附近养猪场粪污处理不到位，周边居民常年闻到异味。",
     "已责令养殖场限期整改。",
     "养殖场已建设粪污处理设施并通过验收，周边异味明显减轻，将持续监测。"),
    ("其他", "建议增加{place}到县城的公交班次",
     "{place}到县城的公交车每天只有四班，群众进城看病办事不方便。",
     "已与公交公司核算客流。",
     "已将班次增加到每天八班，并在早晚高峰各加开一班。"),
]
PROPOSAL_REJECT_REASONS = (
    "反映内容属于司法诉讼程序范围，请通过司法途径解决",
    "反映事项缺少具体时间地点，无法核实，欢迎补充后重新提交",
)
PROPOSAL_REFER_REASON = "所提建议很有参考价值，已转有关部门在制定明年工作计划时研究参考。"
PROPOSAL_OPINIONS = {  # a rating's comment, by value
    "satisfied": ("问题解决得很及时，谢谢！", "答复具体，办理认真，满意。", ""),
    "basic": ("问题基本解决，希望长期坚持。", "答复比较及时，但还有部分没落实。"),
    "unsatisfied": ("问题没有真正解决，路灯又坏了。", "答复内容空泛，没有具体措施。"),
}
