"""Word documents in the official layout: a member's 对照检查材料 and a campaign's summary report.

Layout after GB/T 9704 (党政机关公文格式): A4; margins top 3.7 cm, bottom 3.5 cm, left 2.8 cm,
right 2.6 cm; title 方正小标宋简体 二号 (22 pt) centred; first-level headings 黑体 三号 (16 pt),
second-level headings 楷体_GB2312 三号; body 仿宋_GB2312 三号 with a fixed 28 pt line spacing
and a two-character first-line indent. Word falls back to an installed font where one is missing.
Chinese font names must be set as the East Asian font (w:eastAsia), or Word ignores them.
"""

import io

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from qingfeng.core.permissions import visible_to
from qingfeng.inspection.models import InspectionAnswer
from qingfeng.ledger.models import Problem

from .figures import campaign_figures, most_common_items, sub_org_figures

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号, for tables
LINE = Pt(28)
NUMERALS = "一二三四五六七八九十"
NO_DIMENSION = "其他方面"
FINDINGS = (InspectionAnswer.Answer.EXISTS, InspectionAnswer.Answer.PARTLY)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def cn_date(value) -> str:
    if hasattr(value, "hour"):
        value = timezone.localdate(value)
    return f"{value.year}年{value.month}月{value.day}日"


def set_font(target, name: str, size=None, bold=None) -> None:
    """Font of a run or a style, East Asian name included."""
    font = target.font
    font.name = LATIN_FONT if name == BODY_FONT else name
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    set_font(normal, BODY_FONT, SIZE_3)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.first_line_indent = SIZE_3 * 2  # two characters
    fmt.space_before = fmt.space_after = Pt(0)
    for level, font in ((1, HEADING_FONT), (2, SUBHEADING_FONT)):
        style = doc.styles[f"Heading {level}"]
        set_font(style, font, SIZE_3, bold=False)
        style.font.italic = False
        style.paragraph_format.first_line_indent = SIZE_3 * 2
        style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        style.paragraph_format.line_spacing = LINE
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
    return doc


def add_title(doc, text: str, subtitle: str = "") -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing = Pt(36)
    fmt.space_after = Pt(0 if subtitle else 28)
    set_font(paragraph.add_run(text), TITLE_FONT, SIZE_2)
    if subtitle:
        sub = doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        sub.paragraph_format.first_line_indent = Pt(0)
        sub.paragraph_format.space_after = Pt(28)
        set_font(sub.add_run(subtitle), SUBHEADING_FONT, SIZE_3)


def add_heading(doc, text: str, level: int = 1) -> None:
    heading = doc.add_heading(level=level)
    set_font(heading.add_run(text), HEADING_FONT if level == 1 else SUBHEADING_FONT, SIZE_3, bold=False)


def add_body(doc, text: str, empty: str = "（未填写）") -> None:
    """One paragraph per line of `text`, each with the body's indent."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()] or [empty]
    for line in lines:
        doc.add_paragraph(line)


def add_signature(doc, *lines: str) -> None:
    doc.add_paragraph()
    for line in lines:
        paragraph = doc.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.right_indent = SIZE_3 * 2


def to_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- 对照检查材料 ---


def inspection_findings(user, inspection) -> dict[str, list[tuple[str, str]]]:
    """dimension -> [(description, example)]: the inspection's 存在 / 部分存在 answers, then the
    member's problems from other sources that `user` may see.

    The self-inspection's own problems (source 自己找) are its answers, so they are not repeated.
    Of a problem from a confidential source only the description is used: its example and its
    source details never reach the document.
    """
    campaign = inspection.campaign
    groups: dict[str, list] = {d: [] for d in campaign.get_dimensions()}
    answers = (visible_to(user, inspection.answers.filter(answer__in=FINDINGS))
               .select_related("item__category").order_by("item__category__order", "item__order", "pk"))
    for answer in answers:
        text = answer.description.strip() or answer.item.text
        groups.setdefault(answer.dimension or NO_DIMENSION, []).append((text, answer.example.strip()))
    problems = (visible_to(user, Problem)
                .filter(campaign=campaign, member=inspection.member).exclude(source=Problem.Source.SELF)
                .order_by("created_at", "pk").only("description", "example", "dimension", "source"))
    for problem in problems:
        example = "" if problem.is_confidential else problem.example.strip()
        groups.setdefault(problem.dimension or NO_DIMENSION, []).append((problem.description.strip(), example))
    return {dimension: items for dimension, items in groups.items() if items}


def with_example(description: str, example: str) -> str:
    text = description.rstrip("。；;.") + "。"
    if example:
        example = example.rstrip("。") + "。"
        text += example if example.startswith("比如") else f"比如，{example}"
    return text


def inspection_title(inspection) -> str:
    return f"{inspection.member.name}同志{inspection.campaign.title}对照检查材料"


def inspection_document(user, inspection) -> bytes:
    """The member's 对照检查材料 as .docx bytes; `user` may view `inspection` (the caller checks)."""
    doc = new_document()
    add_title(doc, inspection_title(inspection))
    add_heading(doc, "一、学习体会")
    add_body(doc, inspection.study_summary)
    add_heading(doc, "二、存在的突出问题")
    findings = inspection_findings(user, inspection)
    if not findings:
        add_body(doc, "", empty="（未查摆出问题）")
    for i, (dimension, items) in enumerate(findings.items()):
        label = dimension if dimension.endswith("方面") else f"{dimension}方面"
        add_heading(doc, f"（{NUMERALS[i % 10]}）{label}", level=2)
        for n, (description, example) in enumerate(items, start=1):
            doc.add_paragraph(f"{n}. {with_example(description, example)}")
    add_heading(doc, "三、根源剖析")
    add_body(doc, inspection.root_cause)
    add_heading(doc, "四、整改措施")
    add_body(doc, inspection.measures_summary)
    add_signature(doc, inspection.member.name, cn_date(inspection.submitted_at or timezone.now()))
    return to_bytes(doc)


# --- 专项工作总结报告 ---


def percent(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


SUB_ORG_HEADER = ["组织", "党员", "心得体会提交", "对照检查提交", "查摆问题", "整改措施", "已销号", "整改完成率",
                  "逾期"]


def sub_org_row(f) -> list[str]:
    return [f.org.name, f.members, f.reflections_submitted, f.inspections_submitted, f.problems,
            f.rectifications, f.rectifications_accepted, percent(f.completion_rate), f.rectifications_overdue]


def add_table(doc, header: list[str], rows: list[list]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cells, values, bold in [(table.rows[0].cells, header, True)] + [
            (table.add_row().cells, row, False) for row in rows]:
        for cell, value in zip(cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            fmt = paragraph.paragraph_format
            fmt.first_line_indent = Pt(0)
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_font(paragraph.add_run(str(value)), HEADING_FONT if bold else BODY_FONT, Pt(10.5), bold=False)


def summary_title(campaign) -> str:
    return f"{campaign.title}工作总结报告"


def campaign_summary_document(user, campaign, org) -> bytes:
    """The summary report of `campaign` over `org`'s subtree, with only what `user` may see counted."""
    today = timezone.localdate()
    figures = campaign_figures(campaign, user, org, today)
    doc = new_document()
    add_title(doc, summary_title(campaign), f"（{org.name}）")
    add_heading(doc, "一、总体情况")
    f = figures
    doc.add_paragraph(
        f"截至{cn_date(today)}，{org.name}共有党员{f.members}名，开展学习活动{f.study_activities}次，"
        f"{f.participants}名党员参加学习（参学率{percent(f.participation_rate)}）；"
        f"提交心得体会{f.reflections_submitted}人（{percent(f.reflection_submission_rate)}），"
        f"审阅通过{f.reflections_accepted}人；完成对照检查{f.inspections_submitted}人"
        f"（{percent(f.inspection_rate)}）；签订承诺书{f.commitments_signed}人（{percent(f.commitment_rate)}）。")
    doc.add_paragraph(
        f"共查摆问题{f.problems}个，制定整改措施{f.rectifications}项，已销号{f.rectifications_accepted}项，"
        f"整改完成率{percent(f.completion_rate)}，按期完成率{percent(f.on_time_rate)}；"
        f"逾期未完成{f.rectifications_overdue}项。")
    by_source = [f"{label}{f.problems_by_source.get(value, 0)}个" for value, label in Problem.Source.choices
                 if f.problems_by_source.get(value)]
    if by_source:
        doc.add_paragraph(f"问题来源：{'，'.join(by_source)}。")
    by_dimension = [f"{d}{n}个" for d, n in f.problems_by_dimension.items() if n]
    if by_dimension:
        doc.add_paragraph(f"问题维度：{'，'.join(by_dimension)}。")

    add_heading(doc, "二、各下级组织进展情况")
    subs = sub_org_figures(campaign, user, org, today)
    if subs:
        add_table(doc, SUB_ORG_HEADER, [sub_org_row(s) for s in subs])
    else:
        add_body(doc, "", empty="（无下级组织）")

    add_heading(doc, "三、查摆出的主要问题")
    top = most_common_items(campaign, user, org)
    if top:
        add_table(doc, ["序号", "清单条目", "问题数"],
                  [[i, f"{code} {text}", n] for i, (code, text, n) in enumerate(top, start=1)])
    else:
        add_body(doc, "", empty="（暂无对照问题清单查摆出的问题）")
    add_signature(doc, org.name, cn_date(today))
    return to_bytes(doc)
