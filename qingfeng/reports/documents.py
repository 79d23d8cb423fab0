"""Word documents in the official layout: a member's 对照检查材料, a campaign's summary report, a 会议记录.

Layout after GB/T 9704 (党政机关公文格式): A4; margins top 3.7 cm, bottom 3.5 cm, left 2.8 cm,
right 2.6 cm; title 方正小标宋简体 二号 (22 pt) centred; first-level headings 黑体 三号 (16 pt),
second-level headings 楷体_GB2312 三号; body 仿宋_GB2312 三号 with a fixed 28 pt line spacing
and a two-character first-line indent. Word falls back to an installed font where one is missing.
Chinese font names must be set as the East Asian font (w:eastAsia), or Word ignores them.
"""

import io
import re
from dataclasses import dataclass

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from qingfeng.core.permissions import visible_to
from qingfeng.inspection.models import InspectionAnswer
from qingfeng.ledger.models import Problem
from qingfeng.originality.recurring import problem_groups

from .figures import campaign_figures, member_progress, most_common_items, sub_org_figures
from .models import SUMMARY_SECTIONS, SummaryText

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


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # cm; a table's columns add up to the text width, 15.6 cm (A4 less the margins)
    left: bool = False  # names and texts read from the left; figures are centred


# With narrow cell margins (CELL_MARGIN) the name column holds ten characters of 五号 on a line, so org names
# no longer wrap into four lines, and each figure's column its four-character heading.
SUB_ORG_COLUMNS = (Column("组织", 4.0, left=True), Column("党员", 1.1), Column("心得体会提交", 1.5),
                   Column("对照检查提交", 1.5), Column("查摆问题", 1.5), Column("整改措施", 1.5), Column("已销号", 1.5),
                   Column("整改完成率", 1.8), Column("逾期", 1.2))
MEMBER_COLUMNS = (Column("姓名", 2.2), Column("学习", 1.8), Column("心得体会", 2.0), Column("对照检查", 1.8),
                  Column("承诺书", 1.5), Column("查摆问题", 1.8), Column("整改措施", 1.8), Column("已销号", 1.5),
                  Column("逾期", 1.2))
ITEM_COLUMNS = (Column("序号", 1.4), Column("清单条目", 12.0, left=True), Column("问题数", 2.2))
# each count's column holds its five-character heading on one line
RECURRING_COLUMNS = (Column("序号", 1.2), Column("问题概述", 7.8, left=True), Column("涉及问题数", 2.2),
                     Column("涉及党员数", 2.2), Column("涉及组织数", 2.2))
TABLE_SIZE = Pt(10.5)  # 五号
CELL_MARGIN = "57"  # twentieths of a point: 0.1 cm left and right instead of Word's 0.19 cm
UNWRITTEN = "（未填写）"  # a section nobody has written yet: the report is visibly a draft
SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）")


def sub_org_row(f) -> list:
    return [f.org.name, f.members, f.reflections_submitted, f.inspections_submitted, f.problems,
            f.rectifications, f.rectifications_accepted, percent(f.completion_rate), f.rectifications_overdue]


def member_row(p) -> list:
    reflection = "已通过" if p.reflection_accepted else "已提交" if p.reflection_submitted else "未提交"
    return [p.member.name, "已参学" if p.participated else "未参学", reflection,
            "已提交" if p.inspection_submitted else "未提交", "已签" if p.commitment_signed else "未签",
            p.problems, p.rectifications, p.rectifications_accepted, p.rectifications_overdue]


def _row_property(row, name: str) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement(name))


def _narrow_cell_margins(table) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), CELL_MARGIN)
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))  # Word wants tblCellMar before tblLook, as the schema orders them
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def add_table(doc, columns, rows: list[list]) -> None:
    """A table of fixed column widths whose header repeats on every page and whose rows never split."""
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: Word and WPS keep the widths below instead of fitting the text
    _narrow_cell_margins(table)
    for column, spec in zip(table.columns, columns, strict=True):
        column.width = Cm(spec.width)
    _row_property(table.rows[0], "w:tblHeader")
    lines = [(table.rows[0], [c.title for c in columns], True)] + [(table.add_row(), row, False) for row in rows]
    for row, values, header in lines:
        _row_property(row, "w:cantSplit")
        for cell, value, spec in zip(row.cells, values, columns, strict=True):
            cell.width = Cm(spec.width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            fmt = paragraph.paragraph_format
            fmt.first_line_indent = Pt(0)
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
            fmt.space_before = fmt.space_after = Pt(2)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if spec.left and not header else WD_ALIGN_PARAGRAPH.CENTER
            set_font(paragraph.add_run(str(value)), HEADING_FONT if header else BODY_FONT, TABLE_SIZE, bold=False)


def add_form_table(doc, rows, label_width: float = 3.4) -> None:
    """A filing form: a label (黑体) and its lines (仿宋, one paragraph each) per row, over the text width.

    `rows` are (label, lines, at least cm tall); a row of one short line never splits over pages, a long
    text (the minutes) may, or a page would be left blank before it.
    """
    widths = (Cm(label_width), Cm(15.6 - label_width))
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _narrow_cell_margins(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for label, lines, height in rows:
        row = table.add_row()
        row.height_rule, row.height = WD_ROW_HEIGHT_RULE.AT_LEAST, Cm(height)
        if len(lines) <= 1:
            _row_property(row, "w:cantSplit")
        label_cell, value_cell = row.cells
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
        label_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        # a text of several lines (or a blank to write in) reads from the top of its cell
        value_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER if len(lines) == 1 else (
            WD_CELL_VERTICAL_ALIGNMENT.TOP)
        for cell, texts, font, align in ((label_cell, [label], HEADING_FONT, WD_ALIGN_PARAGRAPH.CENTER),
                                         (value_cell, lines or [""], BODY_FONT, WD_ALIGN_PARAGRAPH.LEFT)):
            for n, text in enumerate(texts):
                paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
                paragraph.alignment = align
                fmt = paragraph.paragraph_format
                fmt.first_line_indent = Pt(0)
                fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
                fmt.space_before = fmt.space_after = Pt(3)
                set_font(paragraph.add_run(text), font, SIZE_4, bold=False)


def add_caption(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.space_before = Pt(6)
    set_font(paragraph.add_run(text), HEADING_FONT, SIZE_4)


def add_after_table(doc) -> None:
    """A little air between a table and the next heading."""
    doc.add_paragraph().paragraph_format.line_spacing = Pt(14)


def add_narrative(doc, text: str, placeholder: str = "") -> None:
    """The launcher's text, a paragraph per line; a line opening with （一） begins in the subheading font up
    to its first 。. An empty text adds `placeholder` (nothing if none)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines and placeholder:
        lines = [placeholder]
    for line in lines:
        paragraph = doc.add_paragraph()
        heading, rest = line, ""
        if SUBHEADING.match(line) and "。" in line:
            heading, rest = line.split("。", 1)
            heading += "。"
        if SUBHEADING.match(line):
            set_font(paragraph.add_run(heading), SUBHEADING_FONT)
            if rest:
                paragraph.add_run(rest)
        else:
            paragraph.add_run(line)


def summary_title(campaign) -> str:
    return f"{campaign.title}工作总结报告"


def summary_text(user, campaign, org):
    """The launcher's texts for `org` that `user` may read, or an empty one."""
    return (visible_to(user, SummaryText).filter(campaign=campaign, org=org).first()
            or SummaryText(campaign=campaign, org=org))


def _overview(doc, user, campaign, org, f, today) -> None:
    phases = [f"“{p.get_kind_display()}”{cn_date(p.start)}至{cn_date(p.end)}" for p in campaign.phases.all()]
    if phases:
        doc.add_paragraph(f"专项工作分{len(phases)}个阶段推进：{'，'.join(phases)}。")
    doc.add_paragraph(
        f"截至{cn_date(today)}，{org.name}共有党员{f.members}名，开展学习活动{f.study_activities}次，"
        f"{f.participants}名党员参加学习（参学率{percent(f.participation_rate)}）；"
        f"提交心得体会{f.reflections_submitted}人（{percent(f.reflection_submission_rate)}），"
        f"审阅通过{f.reflections_accepted}人；完成对照检查{f.inspections_submitted}人"
        f"（{percent(f.inspection_rate)}）；签订承诺书{f.commitments_signed}人（{percent(f.commitment_rate)}）。")
    subs = sub_org_figures(campaign, user, org, today)
    if subs:
        add_caption(doc, "表1　各下级组织进展情况")
        add_table(doc, SUB_ORG_COLUMNS, [sub_org_row(s) for s in subs])
    else:  # a branch: its members, ranked as on its dashboard
        add_caption(doc, "表1　党员个人进展情况")
        add_table(doc, MEMBER_COLUMNS, [member_row(p) for p in member_progress(campaign, user, org, today)])
    add_after_table(doc)


def _results(doc, user, campaign, org, f, today) -> None:
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
    number = 2  # 表1 is in 基本情况
    top = most_common_items(campaign, user, org)
    if top:
        add_caption(doc, f"表{number}　查摆出的主要问题")
        add_table(doc, ITEM_COLUMNS, [[i, f"{code} {text}", n] for i, (code, text, n) in enumerate(top, start=1)])
        add_after_table(doc)
        number += 1
    groups = problem_groups(user, campaign, org)
    if groups:
        latest = f"（问题较多，按最近登记的{groups.latest}条问题归并统计）" if groups.latest else ""
        doc.add_paragraph(f"普遍性问题：将查摆问题按表述归并{latest}，以下{len(groups)}类问题在多名党员或多个组织中"
                          "普遍存在，需统筹整改、举一反三。")
        add_caption(doc, f"表{number}　普遍性问题")
        add_table(doc, RECURRING_COLUMNS, [[i, g.description, g.problems, g.members, g.orgs]
                                           for i, g in enumerate(groups, start=1)])
        add_after_table(doc)


def campaign_summary_document(user, campaign, org) -> bytes:
    """The summary report of `campaign` over `org`'s subtree, with only what `user` may see counted.

    Its five sections are the launcher's texts (reports.models.SUMMARY_SECTIONS); 基本情况 and 取得的成效
    add the figures and tables after theirs, the others read 「（未填写）」 until written.
    """
    today = timezone.localdate()
    figures = campaign_figures(campaign, user, org, today)
    texts = summary_text(user, campaign, org)
    computed_by = {"overview": _overview, "results": _results}
    doc = new_document()
    add_title(doc, summary_title(campaign), f"（{org.name}）")
    for name, heading, computed in SUMMARY_SECTIONS:
        add_heading(doc, heading)
        add_narrative(doc, getattr(texts, name), placeholder="" if computed else UNWRITTEN)
        if computed:
            computed_by[name](doc, user, campaign, org, figures, today)
    last = doc.paragraphs[-1]
    add_signature(doc, org.name, cn_date(today))
    # The 落款 never stands alone on a page: the last paragraph of the text goes over with it.
    for paragraph in [last, *doc.paragraphs[-3:-1]]:
        paragraph.paragraph_format.keep_with_next = True
    return to_bytes(doc)
