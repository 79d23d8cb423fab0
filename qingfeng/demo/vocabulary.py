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


# ---- essays: 心得体会 and 对照检查材料 for the 查重 demo and bench/originality.py (demo/essays.py) ----------

def _essay_words(text: str) -> list[str]:
    return text.split()


# Official vocabulary that every text uses: learnt as stock phrases, not evidence of copying.
ESSAY_STOCK = _essay_words(
    "以习近平新时代中国特色社会主义思想为指导 深入学习贯彻党的二十大精神 "
    "增强“四个意识”、坚定“四个自信”、做到“两个维护” 不忘初心、牢记使命 "
    "深刻领悟“两个确立”的决定性意义 坚定不移推进全面从严治党 坚持以人民为中心的发展思想 "
    "学思想、强党性、重实践、建新功 以学铸魂、以学增智、以学正风、以学促干 "
    "严格落实中央八项规定及其实施细则精神 树立和践行正确政绩观 把党的政治建设摆在首位 "
    "在思想上政治上行动上同以习近平同志为核心的党中央保持高度一致 发扬斗争精神、增强斗争本领 "
    "坚持守正创新 推动高质量发展 以中国式现代化全面推进中华民族伟大复兴 坚持和加强党的全面领导 "
    "践行全心全意为人民服务的根本宗旨 理论联系实际、密切联系群众、批评和自我批评 "
    "严格落实“三会一课”制度 按照“一岗双责”要求 坚决反对形式主义、官僚主义 "
    "为中国人民谋幸福、为中华民族谋复兴 牢记“三个务必” 以钉钉子精神抓好落实 "
    "把学习成果转化为推动工作的实际成效 "
    "自觉做习近平新时代中国特色社会主义思想的坚定信仰者和忠实实践者 "
    "坚持问题导向、目标导向、结果导向 深入开展调查研究 坚持把纪律和规矩挺在前面 "
    "筑牢拒腐防变的思想防线 时刻保持解决大党独有难题的清醒和坚定 "
    "切实把“两个确立”的政治成果转化为做到“两个维护”的政治自觉 办好群众急难愁盼的实事 "
    "以党建引领基层治理 坚持自我革命 对党忠诚、为党分忧、为党尽职、为民造福 "
    "始终同人民想在一起、干在一起 不断提高政治判断力、政治领悟力、政治执行力"
)

ESSAY_TOPICS = ["二十大精神", "主题教育", "作风建设", "为民服务", "廉洁自律", "组织生活", "基层治理", "乡村振兴"]

ESSAY_PLACE_HEAD = list("青石东西南北清河枫桃柳松龙凤金银白马云山泉岭林湖安平和兴新福永长康宁丰盛华阳明德双三")
ESSAY_PLACE_TAIL = list("溪桥坪岗川塘湾坝源营店庄冲洲堡口关峰坡垭沟田园港桥林川")
ESSAY_PLACE_KIND = _essay_words("镇 乡 街道 社区 村 片区")
ESSAY_UNIT_KIND = _essay_words(
    "党支部 党委 便民服务中心 卫生院 中心学校 派出所 司法所 网格工作站 新时代文明实践站 "
    "党群服务中心 综合执法队 供销社 养老服务站 农技站 财政所 文化站"
)
ESSAY_DEPARTMENTS = _essay_words(
    "县委组织部 县财政局 县住建局 县民政局 县人社局 县自然资源局 县农业农村局 县教体局 "
    "县卫健委 县市场监管局 县交通运输局 县水利局 县应急管理局 县医保局 县司法局 县信访局 "
    "县委宣传部 县委政法委 县纪委监委 县生态环境分局 县商务局 县文旅局 县统计局 县审计局 "
    "县委社会工作部 县退役军人事务局 县数据局 县城管局 县林业局 县供电公司"
)
ESSAY_SURNAMES = SURNAMES
ESSAY_GIVEN = GIVEN_MALE + GIVEN_FEMALE
ESSAY_ROLES = _essay_words(
    "老党员 网格员 村支书 驻村第一书记 社区主任 退休教师 种植大户 志愿者 党小组长 "
    "返乡大学生 退役军人 个体工商户 楼栋长 调解员 乡村医生"
)
ESSAY_ISSUES = _essay_words(
    "道路硬化 路灯安装 污水管网改造 老旧小区加装电梯 停车位紧张 农村饮水安全 医保报销 "
    "居家养老 留守儿童看护 垃圾分类 雨污分流 背街小巷整治 农产品销售 就业技能培训 危房改造 "
    "村集体经济增收 邻里矛盾纠纷 物业管理 学生上下学交通 农贸市场改造 燃气管道老化 "
    "小区充电桩建设 河道清淤 高标准农田建设 电动车充电难 公厕改造 低保动态调整 困难群众救助 "
    "社区食堂 校园周边安全 不动产登记 农民工工资 独居老人照护 防汛排涝 宅基地审批 "
    "产业路修建 冷链仓储 村卫生室建设"
)
ESSAY_MATERIALS = _essay_words(
    "《习近平谈治国理政》第四卷 党的二十大报告 《习近平新时代中国特色社会主义思想专题摘编》 "
    "新修订的党章 《中国共产党纪律处分条例》 《习近平著作选读》第一卷 《论党的自我革命》 "
    "《中国共产党廉洁自律准则》 《习近平关于调查研究论述摘编》 "
    "《习近平新时代中国特色社会主义思想学习纲要（2023年版）》 《中国共产党章程》 "
    "《中国共产党支部工作条例（试行）》 《习近平关于“三农”工作论述摘编》 "
    "《中国共产党党员教育管理工作条例》 《习近平著作选读》第二卷 "
    "《关于新形势下党内政治生活的若干准则》 《中国共产党问责条例》 "
    "《习近平关于基层治理论述摘编》"
)
ESSAY_STUDY_FORMS = _essay_words(
    "专题读书班 集中研讨 理论学习中心组学习 支部书记讲党课 专题党课 线上微党课 "
    "“学习强国”每日答题 交流研讨会 现场教学 主题党日活动 青年理论学习小组 夜学讲堂 "
    "“书记讲堂” 案例研讨 知识测试 专家辅导报告 红色观影 重温入党誓词 “每周一学” "
    "学习分享会"
)
ESSAY_RED_SITES = _essay_words(
    "革命烈士纪念馆 红军长征纪念馆 廉政教育基地 党史教育馆 革命旧址 先进典型事迹展 "
    "警示教育基地 乡村振兴示范点 红色教育基地 抗战纪念馆"
)
ESSAY_MEASURE = _essay_words("户 人次 件 场 次 条 个 项 家 处")

# Connectives that open a sentence (a fifth held out per split, see `Grammar`).
ESSAY_OPENERS = _essay_words(
    "通过学习 回顾这段时间 对照党章党规 结合自身岗位 细细想来 反观自身 从实际工作看 "
    "今年以来 近年来 去年下半年 在具体工作中 特别是 同时 此外 与此同时 一方面 另一方面 "
    "更重要的是 说到底 实践证明 事实上 客观地讲 坦率地说 比如 例如 回头来看 对照先进 "
    "深入剖析 静下心来 扪心自问 总的来看 具体而言 进入新岗位后 在日常工作中 "
    "在这次主题教育中 在参加集中学习期间 在走访调研中 在包村工作中 在上级督导检查中 "
    "在年度述职评议中"
)

ESSAY_ADVERBS = _essay_words(
    "认真 切实 扎实 积极 主动 深入 全面 持续 不断 反复 系统 及时 严格 进一步 着力 "
    "坚持 用心 深度 精准 自觉"
)
ESSAY_VERBS = _essay_words(
    "学习 研读 领会 落实 推动 开展 加强 提高 解决 协调 梳理 整改 排查 化解 组织 "
    "督促 完善 健全 优化 规范 推进 强化 总结 谋划"
)
ESSAY_QUALITIES = _essay_words(
    "不够深入 不够系统 不够扎实 还有差距 不够到位 缺乏韧劲 浮于表面 存在短板 还不够主动 "
    "满足于完成任务 重部署轻落实 习惯于老办法 标准不高 研究不透 跟进不及时 钻研不够"
)
ESSAY_ASPECTS = _essay_words(
    "理论学习 政治能力 担当作为 能力本领 工作作风 廉洁自律 调查研究 群众工作 组织生活 "
    "制度执行 统筹协调 改革创新 风险防范 服务意识 纪律观念 履职尽责"
)
ESSAY_FEELINGS = _essay_words(
    "深受教育 倍受鼓舞 很受触动 感触很深 收获很大 深感责任重大 更加坚定了信心 深感差距不小 "
    "思想受到洗礼 更加明确了方向"
)
ESSAY_GOALS = _essay_words(
    "群众满意度 办事效率 工作质量 服务水平 治理效能 发展质效 队伍素质 学习质量 落实成效 "
    "执行力 凝聚力 战斗力 组织力 公信力"
)
ESSAY_ACTS = _essay_words(
    "走访群众 收集意见建议 解决实际困难 化解矛盾纠纷 办理民生实事 帮扶困难家庭 开展政策宣讲 "
    "整改突出问题 排查安全隐患 清理历史欠账 上门办理业务 召开院坝会 组织志愿服务 "
    "对接帮扶项目"
)

# Sentence templates: {slot} is filled by `Grammar.slot`, [a|b|c] picks one wording, so a frame is
# rarely written the same way twice.
ESSAY_TEMPLATES = {
    "二十大精神": [
        "{when}{we}[围绕|聚焦|结合|紧扣]{material}[开展|组织|举办|参加]{study_form}{count_times}，{i}[撰写|整理|写下|记录][学习笔记|读书笔记|摘抄][{n_small}篇|{n_small}千字|{n_small}页]",
        "[重温|再读|反复研读|细读]{material}[中关于|里有关|对]{aspect}的[论述|要求|阐述]，{i}{feeling}，[更加|愈发|进一步]认识到{stock}",
        "{when}{we}在{unit}[举办|开办|组织]{study_form}，[邀请|请来|特邀]{dept}{person}[作辅导|授课|宣讲]，[参学|参加|到场][党员|干部|人员]{n_people}人次",
        "[把|将]{material}[作为|当成|列为][案头书|必读书|枕边书]，{i}[坚持|做到|保持]每[天|晚|周]{study_minutes}，[结合|联系|对照]{issue}[工作|任务|实际]写下[体会|感悟|思考]{n_small}条",
        "[通过|借助|依托]{study_form}[和|与|以及]{study_form2}，{i}对“{goal}”的[理解|认识|把握][更透了|更深了|更实了]，{adverb}把{stock_short}[落到|用到|体现在]{issue}上",
        "{we}[组织|带领|安排]{n_small}名党员[赴|到|前往]{red_site}[参观学习|接受教育|重温历史]，在{place}[开展|进行|组织][现场教学|实地调研|情景教学]",
        "[对于|针对|围绕]{material}提出的[新思想新论断|重大论断|新部署新要求]，{i}{adverb}[对照|联系|结合]{aspect}[逐条|逐项|逐段][梳理|学习|研读]，[列出|形成|整理][学习清单|问题清单|任务清单]{n_small}项",
        "{when}，{i}以“{aspect}[与|和]{goal}”为[题|主题|题目]在{unit}[讲授|讲了|宣讲][专题党课|微党课|一堂党课]，{n_people}名[党员群众|党员干部|群众]参加",
    ],
    "主题教育": [
        "[主题教育开展以来|主题教育期间|自主题教育启动以来|{when}]，{we}{adverb}[检视|查摆|梳理][问题|短板|差距]{n_small}个，[建立|列出|形成][台账|清单|问题账]，[已完成|目前完成|销号]{n_small}项",
        "{when}{we}[深入|来到|前往]{place}[蹲点调研|驻点调研|开展调研]{n_days}天，[形成|撰写|完成]调研报告{n_small}篇，[提出|给出|汇总]{issue}[等|方面的]对策建议{n_small}条",
        "[按照|根据|依据]{dept}[部署|要求|安排]，{we}把{issue}[列为|作为|确定为][整改重点|重点任务|民生实事]，[投入|筹集|争取]资金{money}万元，[惠及|受益|覆盖][群众|居民|农户]{n_people}[人|户]",
        "[围绕|聚焦|针对]{aspect}[和|与]{aspect2}，{i}在{study_form}上[作交流发言|作研讨发言|谈了体会]，[查摆|找出|列出]自身问题{n_small}条，[整改时限|完成时限|整改期限][到|定在|截至]{deadline}",
        "{we}[坚持|做到|注重]边学习、边[对照|检视]、边整改，{when}在{place}[解决|办结|化解]{issue}[问题|事项|诉求]{n_small}件",
        "[为把|为了把|为推动]主题教育成果[落到实处|转化为实效|体现到工作中]，{we}[制定|出台|建立]{n_small}项[长效机制|制度|工作规范]，{role}{person}[带头认领|主动认领|牵头负责]{issue}[任务|事项|项目]",
        "[对照|比照|对标]{material}，{i}[查找|检视|剖析]在{aspect}[方面|上]的差距，{quality}的[问题|情况|现象][依然存在|还较突出|仍未根除]",
    ],
    "作风建设": [
        "{we}{adverb}[精简|压减|清理][会议文件|文山会海|督查检查]，{when}[会议|文件|检查][数量|次数][同比下降|减少|压减了]{percent}，{issue}[一线|现场]的时间[多了|增加了|更充足了]",
        "在{place}[督导|检查|调研]时[发现|了解到|看到]，[少数|个别|部分][干部|同志|工作人员]对{issue}[工作|任务]{quality}，{we}[当即|随即|及时][约谈|提醒|批评]{n_small}人",
        "{i}[坚持|带头|做到]“四下基层”，{when}[到|深入|赴]{place}[现场办公|接访|蹲点]{n_small}次，[帮助|协助|推动][解决|破解|化解]{issue}[难题|问题|事项]{n_small}个",
        "[对照|比照|对标]{aspect}，{i}[有时|偶尔|有的时候]{quality}，到{place}[调研|检查|走访]时[听汇报多、进农户少|看材料多、看现场少|打招呼多、坐下来少]，对{issue}的[情况|底数|实情]掌握[不全|不细|不准]",
        "{we}[开展|组织|启动]“{goal}[提升年|攻坚月|提升行动]”活动，{when}[整治|纠治|查处]{issue}[中的|领域|方面的]作风问题{n_small}个，[通报|曝光|剖析]典型案例{n_small}起",
        "[针对|对于|面对]{issue}[办理慢|跑多次|推诿扯皮]的[问题|反映|投诉]，{we}[推行|实行|试行][限时办结|首问负责|一次办好]，[平均|整体][办理时间|办结周期|用时]由{n_days}天[压缩|缩短|减少]到{n_small}天",
        "{i}在{aspect}上[存在|有|表现出]{quality}的[问题|毛病|倾向]，[比如|例如|像]对{dept}[交办|转办|督办]的{issue}事项，[跟踪问效|督促落实|回访核实][不够及时|不够到位|还有欠缺]",
    ],
    "为民服务": [
        "{when}{we}在{place}[开展|推进|组织]“{act}”[行动|活动|专项行动]，{act2}{n_people}[户|人|人次]，[办成|办好|落实]{issue}等实事{n_small}件",
        "{role}{person}[反映|说起|提到]{issue}[问题|难处|困难]后，{we}[协调|联系|会同]{dept}{adverb}[处理|解决|跟进]，{n_days}天[内|以内|左右][就有了结果|就办好了|有了回音]",
        "{we}在{unit}[设立|设置|开设][党员先锋岗|党员示范岗|便民服务窗口]{n_small}个，{when}[累计|共|先后]服务群众{n_people}人次，[满意率|好评率|办结率][达到|达|超过]{percent}",
        "[为解决|为了解决|针对]{place}的{issue}问题，{i}[先后|前后|多次]{n_small}次[上门对接|跑项目|到部门沟通]，[争取|落实|协调][项目资金|专项资金|补助资金]{money}万元",
        "在{place}[走访时|入户时|调研时]，{role}{person}[拉着|握着]{i}的手[说起|讲了|谈起]{issue}的[难处|困难|烦心事]，这件事{i}[一直记在心上|始终放在心上|至今难忘]",
        "{we}[推行|推出|制定]“{goal}”服务清单，把{issue}、{issue2}等{n_small}项[业务|事项|服务][下放到|延伸到|前移到]{unit}[办理|受理|就近办]",
        "{when}，{we}[组织|发动|带领][党员志愿者|在职党员|青年党员]{n_people}人次[深入|走进|来到]{place}，为{role}等群体[办理|解决|代办]{issue}[事项|问题|业务]{n_small}件",
    ],
    "廉洁自律": [
        "{we}[组织|带领|安排]党员[到|赴|走进]{red_site}[接受警示教育|参观学习|接受教育]，[观看|学习|剖析]{case}[案例|案件|违纪案例][警示片|通报|材料]，{i}{feeling}",
        "[对照|比照|对标]{material}，{i}在{aspect}[方面|上]有时{quality}，对身边[同志|干部|人员]在{issue}[中|上|环节]的苗头性问题[提醒不够|纠正不及时|没有及时制止]",
        "{when}{we}[开展|进行|组织]廉政谈话{n_small}人次，[签订|签署|递交]廉洁承诺书{n_people}份，对{issue}[资金|项目|补贴][进行|开展|组织]专项检查",
        "{i}[坚持|做到|保持]每[月|季度|半年]自查一次，对{issue}项目的[招标和资金拨付|资金使用和验收|合同签订和付款]情况[逐笔核对|逐项检查|一一核实]，{when}共[核查|检查|核对]{n_small}笔",
        "在{place}的{issue}项目上，{we}[严格执行|认真落实|坚持执行]“三重一大”[决策制度|集体决策|议事规则]，[全程|始终|自觉]接受{dept}监督",
        "从{case}[案中|一案|的教训中]可以看到，{quality}的小问题[一旦放任|如果不管|长期积累]，就会在{issue}[这样的|一类的|等]环节上出大问题",
        "{i}[严格遵守|认真落实|自觉执行]{material}，{when}[主动报告|如实报告|按时报告]个人有关事项{n_small}项，[婉拒|谢绝|拒绝]宴请{n_small}次",
    ],
    "组织生活": [
        "{when}{we}[召开|组织召开|举行][组织生活会|专题组织生活会|年度组织生活会]，{n_people}名党员[逐一发言|依次发言|人人发言]，[相互提出|互相提出|共提出]批评意见{n_small}条",
        "{unit}[坚持|固定|坚持在]每月{day}[开展|组织|举办]主题党日，{when}[围绕|结合|聚焦]{issue}[组织|发动|带领]党员认领任务{n_small}项",
        "在[民主评议|批评和自我批评|谈心谈话]中，{person}同志[指出|提醒|批评]{i}在{aspect}上{quality}，{i}[虚心接受|诚恳接受|深受触动]，已[列入|纳入|写进]整改清单",
        "{we}[把|将]{study_form}[与|和|同]{issue}工作结合起来，{when}在{place}[开展活动|组织活动|集中服务]{n_small}次，[参与|参加|到场]党员{n_people}人次",
        "{i}作为{unit}[党支部书记|支部委员|党小组长]，{when}[讲党课|上党课|讲授党课]{n_small}次，谈心谈话覆盖党员{n_people}人",
        "[支部委员会|支委会|党员大会]{when}[研究|讨论|审议]{issue}等事项{n_small}次，[形成|作出|通过]决议{n_small}项，[全部|均已|都已][按期落实|落实到位|办结]",
        "[对照|比照|按照]{material}，{we}的组织生活[有时|有的时候|偶尔]{quality}，{study_form}的[形式|方式|内容][还比较单一|不够丰富|缺乏吸引力]",
    ],
    "基层治理": [
        "{place}[将辖区划分为|划分|设置]{n_small}个网格，[配备|选派|配齐]网格员{n_people}名，{when}[排查化解|摸排处置|化解]{issue}[问题|矛盾|隐患]{n_small}件",
        "{we}[推行|探索|实行]“{goal}”积分制[管理|治理|激励]，{when}在{place}[调处|化解|调解]{issue}纠纷{n_small}起，[做到|实现]小事不出[村|社区|网格]",
        "[依托|借助|通过]{unit}，{we}[建立|推行|完善]“党员联系户”制度，每名党员联系群众{n_small}户，{adverb}[收集|了解|回应]{issue}[诉求|需求|意见]",
        "{when}{place}[发生|出现|反映]{issue}[问题|险情|矛盾]，{we}{n_small}小时[内到场|内赶到|之内到达][处置|处理|协调]，[会同|联合|协调]{dept}[拿出|研究|制定]解决办法",
        "{we}把{issue}[纳入|写入|列进]村规民约，{role}{person}[牵头|带头|负责][成立|组建|召集]议事会，{when}[议定|商定|解决]事项{n_small}件",
        "在{place}[治理|网格管理|综合治理]中，{i}[感到|发现|意识到]自己对{issue}的政策[吃得不透|掌握不全|理解不深]，做群众工作{quality}",
        "{place}[探索|推行|试点]“{goal}+网格”[模式|机制|做法]，{when}群众诉求[办结率|满意率|响应率][提升到|达到|提高到]{percent}，信访量[下降|减少|同比下降]{percent2}",
    ],
    "乡村振兴": [
        "{place}[发展|种植|扩大]{crop}[种植|基地|产业]{n_mu}亩，{we}[协调|联系|邀请]{dept}[开展|组织|举办]技术培训{n_small}场，[带动|帮助|辐射]{n_people}户[增收|致富|就业]",
        "{when}{we}[争取|落实|引进]{issue}项目{n_small}个，[投入|撬动|整合]资金{money}万元，{place}村集体收入[达到|突破|增至]{money2}万元",
        "{i}[驻|在|到]{place}[工作以来|任职以来|驻村以来]，[先后|累计|共]走访农户{n_people}户，[帮助|协助|帮]销售{crop}{n_ton}吨",
        "[针对|对于|面对]{place}{issue}[短板|难题|瓶颈]，{we}[引进|招来|培育]{crop}[加工企业|合作社|龙头企业]{n_small}家，[新增|带动|提供]就业岗位{n_people}个",
        "{role}{person}[回乡|返乡|回村][创办|领办|组建]{crop}合作社，{we}[帮助|协助|帮他]办理{issue}手续，{when}[带动|吸纳|联结]{n_people}户群众",
        "[对照|比照|对标]乡村振兴[要求|任务|目标]，{i}在{aspect}上{quality}，对{crop}产业链[延伸|升级|增值][思考得还不多|研究不够|办法不多]",
    ],
}

# Sentences any topic uses.
ESSAY_GENERIC = [
    "{opener}，{i}{adverb}{verb}{stock_short}，{feeling}",
    "{opener}，{we}[始终|一直|坚持]{stock}，把{issue}[作为|当作|看作]检验{aspect}的[重要标尺|试金石|重要内容]",
    "{stock}，是{we}[做好|抓好|办好]{issue}工作的[根本遵循|行动指南|基本要求]",
    "{opener}，{i}在{aspect}[方面|上]{quality}，{verb}{issue}时[有时|偶尔|往往]{quality2}",
    "{opener}，{we}{adverb}{verb}{goal}，{when}{act}{n_people}{measure}",
    "[今后|下一步|接下来]，{i}[将|要|会]{adverb}{stock}，在{issue}[等|这类]工作中{verb}{goal}",
    "{i}[深刻|切身|真切]认识到，[只有|唯有]{stock}，才能把{issue}[这类事情|这样的民生事|这项工作]办好",
    "[究其原因|深挖根源|分析原因]，[主要是|根本在于|关键是]{aspect}{quality}，对{stock_short}的理解[还停留在表面|还不够深|还不到位]",
    "{opener}，{we}在{place}{verb}{issue}工作，{when}{act}{n_small}{measure}",
    "[下一步|今后|新的一年]，{i}要以{issue}为[切入点|突破口|抓手]，{adverb}{verb}{aspect}，推动{goal}[有新的提升|再上台阶|明显提高]",
    "{we}{adverb}[对标|对照|落实]{dept}的要求，把{stock_short}[落实到|贯穿到|体现在]{unit}的[每一项工作中|各项工作中|日常工作中]",
    "{i}{adverb}{verb}{material}，{feeling}，{stock}",
    "{opener}，{person}同志在{place}{act}的[做法|经验|办法]给{i}[很大启发|很深触动|不少启示]",
    "这些问题看似是{aspect}{quality}，[根子上|归根结底|说到底]还是{stock_short}[做得不够|落实不到位|没有真正做到]",
    "{opener}，{i}给自己定下[目标|任务|要求]：{deadline}前{verb}{issue}问题{n_small}个以上",
]

ESSAY_SECOND_CLAUSES = ["{we}{adverb}{verb}{issue}", "{act}{n_small}{measure}", "{stock_short}", "推动{goal}明显提升",
                   "在{place}{act}{n_people}人次", "{i}{feeling}"]

# Titles and headings.
ESSAY_TITLES = ["学习{topic}心得体会", "{topic}专题学习心得", "关于{topic}的几点体会",
           "{year}年度专题民主生活会个人对照检查材料", "{year}年{topic}组织生活会个人对照检查材料",
           "{topic}学习研讨发言材料", "{place}{topic}工作心得"]
ESSAY_HEADINGS_CHECKLIST = ["一、存在的主要问题", "二、问题产生的原因", "三、今后的努力方向和整改措施"]
ESSAY_HEADING_VERBS = _essay_words("深化 坚定 强化 锤炼 提升 筑牢 践行 永葆 涵养 夯实")
ESSAY_HEADING_OBJECTS = _essay_words(
    "理论武装 理想信念 宗旨意识 担当精神 过硬作风 廉洁底线 为民情怀 斗争本领 政治忠诚 "
    "基层基础 实干作风 服务本领"
)
ESSAY_NUMERALS = "一二三四五六七八九十"

# Synonym table: a copier swaps several of these per sentence (a fifth held out per split).
ESSAY_SYNONYMS = [
    ("加强", ["强化", "加大"]), ("提高", ["提升", "增强"]), ("深入", ["深度", "深层次"]),
    ("认真", ["用心", "切实"]), ("不断", ["持续", "始终"]), ("积极", ["主动", "踊跃"]),
    ("推动", ["推进", "促进"]), ("落实", ["贯彻", "执行"]), ("开展", ["组织", "举办"]),
    ("群众", ["老百姓", "居民"]), ("问题", ["短板", "难题"]), ("进一步", ["更加", "更好地"]),
    ("全面", ["系统", "全方位"]), ("重要", ["关键", "重大"]), ("存在", ["出现", "还有"]),
    ("及时", ["迅速", "第一时间"]), ("扎实", ["务实", "踏实"]), ("解决", ["破解", "处理"]),
    ("严格", ["从严", "严肃"]), ("党员", ["党员同志", "同志"]), ("深刻", ["深切", "透彻"]),
    ("有时", ["偶尔", "有的时候"]), ("坚持", ["始终坚持", "一直"]), ("协调", ["对接", "沟通"]),
    ("帮助", ["帮", "协助"]), ("认识到", ["体会到", "意识到"]), ("主动", ["自觉", "积极"]),
    ("累计", ["共计", "总计"]), ("完成", ["办结", "做完"]), ("发现", ["察觉", "看到"]),
    ("提出", ["给出", "形成"]), ("达到", ["达", "实现"]), ("同志", ["干部", "同事"]),
    ("人次", ["人次以上", "余人次"]), ("带头", ["率先", "领头"]), ("联系", ["对接", "挂钩"]),
    ("制度", ["机制", "规定"]), ("参加", ["参与", "出席"]), ("对照", ["比照", "对标"]),
    ("情况", ["状况", "实情"]),
]

ESSAY_CASES = [s + "某" for s in ESSAY_SURNAMES[:24]]
ESSAY_CROPS = _essay_words(
    "茶叶 脐橙 猕猴桃 中药材 食用菌 蔬菜 油茶 花椒 核桃 小龙虾 肉牛 生猪 中蜂 蓝莓 "
    "葡萄 水稻 红薯 竹笋"
)

# Slots filled with one word of a list, and slots filled with a number in a range.
ESSAY_WORDS = {
    "dept": ESSAY_DEPARTMENTS, "role": ESSAY_ROLES, "issue": ESSAY_ISSUES, "material": ESSAY_MATERIALS,
    "study_form": ESSAY_STUDY_FORMS,
    "we": _essay_words("我们 支部 班子 我们支部 全体党员 局党组 镇党委 我们班子"), "i": _essay_words("我 本人 我个人"),
    "adverb": ESSAY_ADVERBS, "verb": ESSAY_VERBS, "quality": ESSAY_QUALITIES, "aspect": ESSAY_ASPECTS,
    "feeling": ESSAY_FEELINGS, "goal": ESSAY_GOALS, "act": ESSAY_ACTS, "stock": ESSAY_STOCK,
    "stock_short": ESSAY_STOCK[:24], "measure": ESSAY_MEASURE, "case": ESSAY_CASES, "crop": ESSAY_CROPS,
}
ESSAY_NUMBERS = {"n_small": (2, 48), "n_people": (12, 3600), "n_days": (3, 40), "n_mu": (80, 12000), "n_ton": (5, 900)}
