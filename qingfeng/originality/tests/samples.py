"""Texts written for the tests: a 心得体会 as a template site would sell it, and edits of it."""

import io
import re

from docx import Document

# A teacher's reflection on a theme-education campaign: the library text that gets copied.
TEMPLATE = (
    "通过这次主题教育的集中学习，我对党的创新理论有了更加深刻的理解和把握。"
    "习近平新时代中国特色社会主义思想是当代中国马克思主义、二十一世纪马克思主义，是中华文化和中国精神的时代精华。"
    "作为一名基层党员教师，我深刻体会到，只有把理论学习同本职工作紧密结合起来，才能真正做到学以致用、用以促学。"
    "在学习过程中，我坚持原原本本读原著、逐字逐句悟原理，每天利用早晚时间认真研读规定篇目，并做好读书笔记。"
    "对照党章党规，我认真查找了自身在理想信念、担当作为、联系群众等方面存在的差距和不足。"
    "比如有时满足于完成教学任务，对学生的思想动态关注不够，家访次数偏少，与家长的沟通也不够及时。"
    "又如在课堂教学改革中存在畏难情绪，习惯沿用过去的老办法，运用信息化手段开展教学的本领还有待提高。"
    "针对这些问题，我制定了具体的整改措施：一是每学期至少走访二十户学生家庭，建立学生成长档案；"
    "二是主动承担一节校级公开课，把现代教育技术融入日常课堂；三是每月撰写一篇教学反思，向身边的优秀教师请教。"
    "今后我将以这次主题教育为新的起点，始终保持共产党员的先进性和纯洁性，在平凡的岗位上作出不平凡的业绩，"
    "为办好人民满意的教育贡献自己的一份力量。"
)

# Other library texts, on other subjects, so that the right source has to be chosen among several.
OTHERS = {
    "meeting": (
        "本次组织生活会前，支部采取个别谈心、发放征求意见表等方式，广泛听取了党员群众的意见建议。"
        "会上，支部书记代表支部班子作对照检查，班子成员逐一进行个人发言，开展了严肃认真的批评和自我批评。"
        "大家一致认为，会议主题鲜明、准备充分，达到了统一思想、增进团结、促进工作的目的。"
        "会后，支部将梳理出的九个问题逐项建立整改台账，明确责任人和完成时限，确保件件有着落。"
    ),
    "village": (
        "驻村工作以来，我走遍了全村十二个村民小组，逐户了解群众的生产生活情况。"
        "针对村里道路坑洼、灌溉用水困难的问题，我们争取项目资金修通了三公里产业路，新建了两座提灌站。"
        "同时引进食用菌种植项目，带动四十多户群众在家门口就业，户均年增收八千余元。"
        "群众的认可让我深切感受到，只有真心实意为老百姓办实事，才能赢得群众的信任和支持。"
    ),
}

# The same subject in the same official vocabulary, written independently: an honest essay.
INDEPENDENT = (
    "今年春季学期，学校党总支组织全体党员开展了主题教育，我把这次学习当作一次补课和充电的机会。"
    "习近平新时代中国特色社会主义思想内涵丰富，我重点学习了关于教育的重要论述，边读边记，写满了一本笔记。"
    "学习中最触动我的，是要把立德树人作为根本任务，这让我重新审视了自己的课堂。"
    "过去我更看重分数，批改作业时只打对错，很少写评语，学生有困惑也不愿意来找我。"
    "对照先进典型，我发现自己在理想信念上有所松懈，服务学生的意识也不够强。"
    "这学期我在班里开设了每周一次的读书分享会，还和三位家长建立了固定的联系，孩子们的变化让我很受鼓舞。"
    "下一步，我打算把学以致用落到备课和家校沟通的每个环节，争取带出一个团结向上的班集体，"
    "用实际行动践行共产党员的初心使命。"
)


def sentences(text: str) -> list[str]:
    """The sentences of a text, each with its closing punctuation."""
    return [sentence for sentence in re.findall(r"[^。；]+[。；]?", text) if sentence]


def docx_bytes(paragraphs: list[str], rows: list[list[str]] = ()) -> bytes:
    """A Word document made by python-docx, as Word would save it: paragraphs, then a table."""
    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if rows:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for cells, values in zip(table.rows, rows, strict=True):
            for cell, value in zip(cells.cells, values, strict=True):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
