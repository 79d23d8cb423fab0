"""The problem-list library on disk: a checklist as YAML or as an Excel sheet, and back.

Both formats are read into the same `ChecklistData`, checked in full (every problem is
reported, naming the category, item or Excel row), and only a list with no problem at
all is written, in one transaction, as a new version: a version already in the
database is never changed, since past answers point at its items. The format is
documented in docs/checklist-format.md.
"""

import io
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill

from qingfeng.core.spreadsheets import append, new_workbook, put
from qingfeng.core.uploads import EVIDENCE_TYPES, OOXML_TOO_LARGE, check_ooxml, check_upload

from .models import Checklist, ChecklistCategory, ChecklistItem

SHIPPED_DIR = Path(__file__).resolve().parent / "checklists"

CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # Checklist.code is a slug
CODE_MAX = 32  # category and item codes
TITLE_MAX = 200
MAX_ITEMS = 2000
MAX_ROWS_READ = 5 * MAX_ITEMS  # blank rows included: reading 5 million of them took 34 s
MAX_COLUMNS = 64  # a row reaching column XFD would make each of those rows 16,384 values long
MAX_MESSAGES = 100

# Excel columns, in the template's order.
CATEGORY_CODE = "类别编码"
CATEGORY_TITLE = "问题类别"
ITEM_CODE = "条目编码"
ITEM_TEXT = "具体表现"
GUIDANCE = "对照提示"
COLUMNS = [CATEGORY_CODE, CATEGORY_TITLE, ITEM_CODE, ITEM_TEXT, GUIDANCE]
REQUIRED_COLUMNS = [CATEGORY_CODE, CATEGORY_TITLE, ITEM_CODE, ITEM_TEXT]
SHEET_TITLE = "问题清单"
HEADER_SEARCH_ROWS = 5
XLSX_TYPES = {"xlsx": EVIDENCE_TYPES["xlsx"]}
XLSX_MIME = EVIDENCE_TYPES["xlsx"][1]
YAML_SUFFIXES = {".yaml", ".yml"}

TOP_KEYS = {"code": "清单编码", "title": "清单名称", "version": "版本", "example": "示例",
            "description": "说明", "categories": "问题类别"}
CATEGORY_KEYS = {"code": "类别编码", "title": "问题类别", "items": "条目"}
ITEM_KEYS = {"code": "条目编码", "text": "具体表现", "guidance": "对照提示"}


class ChecklistError(Exception):
    """The file cannot be imported; `messages` lists every problem found, in Chinese."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class ItemData:
    code: str
    text: str
    guidance: str = ""


@dataclass
class CategoryData:
    code: str
    title: str
    items: list[ItemData] = field(default_factory=list)


@dataclass
class ChecklistData:
    code: str
    title: str
    description: str = ""
    example: bool = False
    categories: list[CategoryData] = field(default_factory=list)
    # Informational: the library numbers versions itself (see `save_checklist`).
    version: int | None = field(default=None, compare=False)


# ---------------------------------------------------------------------------- YAML


class _Loader(yaml.SafeLoader):
    """Safe YAML where 1.1, 2024-01-01 and 007 stay text (codes), and anchors are refused."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"不支持 YAML 别名（*{event.anchor}），请直接写出内容", event.start_mark)
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                           "tag:yaml.org,2002:timestamp"}]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def parse_yaml(content: bytes | str) -> ChecklistData:
    """Read and check a checklist written in YAML; ChecklistError lists every problem."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ChecklistError(["文件不是 UTF-8 编码的文本，请用文本编辑器另存为 UTF-8 后重新上传"]) from exc
    try:
        raw = yaml.load(content, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        raise ChecklistError([_yaml_message(exc)]) from exc
    return _Checker().check(raw)


def _yaml_message(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
    problem = getattr(exc, "problem", None) or str(exc)
    return f"YAML 格式错误{('（' + where + '）') if where else ''}：{problem}"


class _Checker:
    """Check a loaded YAML document, collecting every problem before failing."""

    def __init__(self):
        self.problems: list[str] = []

    def check(self, raw) -> ChecklistData:
        if not isinstance(raw, dict):
            raise ChecklistError(["文件内容应为一个映射（以 code:、title:、categories: 等键开头），请对照格式说明"])
        self._unknown_keys(raw, TOP_KEYS, "清单")
        data = ChecklistData(
            code=self._text(raw, "code", TOP_KEYS, "清单", None),
            title=self._text(raw, "title", TOP_KEYS, "清单", TITLE_MAX),
            description=self._text(raw, "description", TOP_KEYS, "清单", None, required=False),
            example=self._bool(raw.get("example", False)),
            version=self._version(raw.get("version")),
        )
        if data.code and not CODE_RE.match(data.code):
            self.problems.append(f"清单的「code」（清单编码）「{data.code}」只能包含字母、数字、下划线和连字符")
        categories = raw.get("categories")
        if not isinstance(categories, list) or not categories:
            self.problems.append("清单缺少「categories」（问题类别），至少要有一个类别")
            categories = []
        item_codes: dict[str, str] = {}
        category_codes: dict[str, int] = {}
        for number, raw_category in enumerate(categories, start=1):
            category = self._category(number, raw_category)
            if category is None:
                continue
            if category.code in category_codes:
                self.problems.append(f"第 {number} 个类别的编码「{category.code}」与第 "
                                     f"{category_codes[category.code]} 个类别重复")
            elif category.code:
                category_codes[category.code] = number
            for item in category.items:
                if item.code and item.code in item_codes:
                    self.problems.append(f"类别「{category.title or category.code}」中的条目编码「{item.code}」"
                                         f"与类别「{item_codes[item.code]}」中的条目重复；条目编码在整份清单内不能重复")
                elif item.code:
                    item_codes[item.code] = category.title or category.code
            data.categories.append(category)
        if len(item_codes) > MAX_ITEMS:
            self.problems.append(f"清单最多 {MAX_ITEMS} 个条目")
        if self.problems:
            raise ChecklistError(self.problems[:MAX_MESSAGES])
        return data

    def _category(self, number: int, raw) -> CategoryData | None:
        where = f"第 {number} 个类别"
        if not isinstance(raw, dict):
            self.problems.append(f"{where}应写成 code:、title:、items: 三个键")
            return None
        code = self._text(raw, "code", CATEGORY_KEYS, where, CODE_MAX)
        if code:
            where = f"{where}（编码「{code}」）"
        self._unknown_keys(raw, CATEGORY_KEYS, where)
        category = CategoryData(code=code, title=self._text(raw, "title", CATEGORY_KEYS, where, TITLE_MAX))
        items = raw.get("items")
        if not isinstance(items, list) or not items:
            self.problems.append(f"{where}没有条目：每个类别至少要有一个条目（items）")
            return category
        for item_number, raw_item in enumerate(items, start=1):
            item_where = f"{where}的第 {item_number} 个条目"
            if not isinstance(raw_item, dict):
                self.problems.append(f"{item_where}应写成 code:、text:（和可选的 guidance:）")
                continue
            item_code = self._text(raw_item, "code", ITEM_KEYS, item_where, CODE_MAX)
            if item_code:
                item_where = f"{where}的条目「{item_code}」"
            self._unknown_keys(raw_item, ITEM_KEYS, item_where)
            category.items.append(ItemData(
                code=item_code,
                text=self._text(raw_item, "text", ITEM_KEYS, item_where, None),
                guidance=self._text(raw_item, "guidance", ITEM_KEYS, item_where, None, required=False),
            ))
        return category

    def _text(self, raw: dict, key: str, names: dict, where: str, max_length, required=True) -> str:
        value = raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problems.append(f"{where}缺少「{key}」（{names[key]}）")
            return ""
        if isinstance(value, (dict, list, bool)):
            self.problems.append(f"{where}的「{key}」（{names[key]}）应为文字")
            return ""
        text = str(value).strip()
        if max_length and len(text) > max_length:
            self.problems.append(f"{where}的「{key}」（{names[key]}）超过 {max_length} 字")
        return text

    def _unknown_keys(self, raw: dict, names: dict, where: str) -> None:
        unknown = [str(k) for k in raw if k not in names]
        if unknown:
            self.problems.append(f"{where}中有无法识别的键：{'、'.join(unknown)}（可用的键：{'、'.join(names)}）")

    def _bool(self, value) -> bool:
        if not isinstance(value, bool):
            self.problems.append("清单的「example」（示例）只能是 true 或 false")
            return False
        return value

    def _version(self, value) -> int | None:
        if value is None:
            return None
        text = str(value).strip()
        if not text.isdigit() or int(text) < 1:
            self.problems.append("清单的「version」（版本）应为正整数")
            return None
        return int(text)


def dump_yaml(data: ChecklistData) -> str:
    doc: dict = {"code": data.code, "title": data.title}
    if data.version is not None:
        doc["version"] = data.version
    doc["example"] = data.example
    doc["description"] = data.description
    doc["categories"] = [
        {"code": c.code, "title": c.title, "items": [
            {"code": i.code, "text": i.text, **({"guidance": i.guidance} if i.guidance else {})}
            for i in c.items]}
        for c in data.categories
    ]
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


# ---------------------------------------------------------------------------- Excel


def read_xlsx(fileobj, code: str, title: str, description: str = "") -> ChecklistData:
    """Read and check the 问题清单 sheet; the list's code and title come from the import form."""
    try:
        check_ooxml(fileobj, getattr(fileobj, "name", None) or "")
    except ValidationError as error:
        raise ChecklistError(error.messages) from error
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # any zip openpyxl cannot read is "not an xlsx"
        raise ChecklistError(["文件不是有效的 Excel（.xlsx）文件"]) from exc
    try:
        ws = wb[SHEET_TITLE] if SHEET_TITLE in wb.sheetnames else wb.worksheets[0]
        ws.reset_dimensions()
        rows = []
        for row in ws.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            if len(rows) == MAX_ROWS_READ:
                raise ChecklistError([f"表格超过 {MAX_ROWS_READ} 行（空行也算在内），请删除多余的空行；"
                                      f"一份清单最多 {MAX_ITEMS} 个条目"])
            rows.append(row)
    except ChecklistError:
        raise
    except Exception as exc:  # broken sheet XML surfaces only while reading rows
        raise ChecklistError(["文件不是有效的 Excel（.xlsx）文件"]) from exc
    finally:
        wb.close()
    return _read_rows(rows, ChecklistData(code=code, title=title, description=description))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed into a General cell: 3.0
    return str(value).strip()


def _read_rows(rows: list[tuple], data: ChecklistData) -> ChecklistData:
    header_index = next((i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS])
                         if ITEM_TEXT in {_cell(v) for v in row}), None)
    if header_index is None:
        raise ChecklistError([f"找不到表头：第 1 行应为 {'、'.join(COLUMNS)}（请使用下载的模板）"])
    header = [_cell(v) for v in rows[header_index]]
    columns = {name: header.index(name) for name in COLUMNS if name in header}
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ChecklistError([f"表头缺少列：{'、'.join(missing)}"])

    problems: list[str] = []
    categories: dict[str, CategoryData] = {}
    title_rows: dict[str, int] = {}
    item_rows: dict[str, int] = {}
    previous: CategoryData | None = None
    for number, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        values = {name: _cell(row[i]) if i < len(row) else "" for name, i in columns.items()}
        if not any(values.values()):
            continue
        where = f"第 {number} 行"
        category_code, category_title = values[CATEGORY_CODE], values[CATEGORY_TITLE]
        if not category_code and previous is not None and category_title in ("", previous.title):
            category = previous  # merged category cells leave the lower rows blank
        elif not category_code:
            problems.append(f"{where}：「{CATEGORY_CODE}」为空")
            continue
        else:
            if len(category_code) > CODE_MAX:
                problems.append(f"{where}：「{CATEGORY_CODE}」超过 {CODE_MAX} 字")
            category = categories.get(category_code)
            if category is None:
                if not category_title:
                    problems.append(f"{where}：类别「{category_code}」的「{CATEGORY_TITLE}」为空")
                elif len(category_title) > TITLE_MAX:
                    problems.append(f"{where}：「{CATEGORY_TITLE}」超过 {TITLE_MAX} 字")
                category = categories[category_code] = CategoryData(category_code, category_title)
                title_rows[category_code] = number
            elif category_title and category_title != category.title:
                problems.append(f"{where}：类别编码「{category_code}」的问题类别「{category_title}」"
                                f"与第 {title_rows[category_code]} 行的「{category.title}」不一致")
        previous = category
        item_code, text = values[ITEM_CODE], values[ITEM_TEXT]
        if not item_code:
            problems.append(f"{where}：「{ITEM_CODE}」为空")
        elif len(item_code) > CODE_MAX:
            problems.append(f"{where}：「{ITEM_CODE}」超过 {CODE_MAX} 字")
        elif item_code in item_rows:
            problems.append(f"{where}：条目编码「{item_code}」与第 {item_rows[item_code]} 行重复")
        else:
            item_rows[item_code] = number
        if not text:
            problems.append(f"{where}：「{ITEM_TEXT}」为空")
        category.items.append(ItemData(item_code, text, values.get(GUIDANCE, "")))
        if len(item_rows) > MAX_ITEMS:
            problems.append(f"清单最多 {MAX_ITEMS} 个条目")
            break
    if not categories and not problems:
        problems.append("表中没有条目：请在表头下方每行填写一个条目")
    if problems:
        raise ChecklistError(problems[:MAX_MESSAGES])
    data.categories = list(categories.values())
    return data


def _sheet(wb, rows: list[list[str]]):
    ws = wb.active
    ws.title = SHEET_TITLE
    append(ws, COLUMNS)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font = Font(bold=True, color="C00000" if cell.value in REQUIRED_COLUMNS else None)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
    for letter, width in zip("ABCDE", (10, 24, 10, 60, 50), strict=True):
        ws.column_dimensions[letter].width = width
    for letter in "AC":  # codes as text, so 1.10 stays 1.10
        ws.column_dimensions[letter].number_format = "@"
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            cell = put(ws, number, column, value)
            cell.number_format = "@"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    return ws


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def dump_xlsx(data: ChecklistData) -> bytes:
    wb = new_workbook()
    _sheet(wb, [[c.code, c.title, i.code, i.text, i.guidance] for c in data.categories for i in c.items])
    return _save(wb)


TEMPLATE_EXAMPLE = [
    ["1", "学习方面", "1.1", "（示例）学习停留在读原文、抄笔记，联系实际不够", "对照本人学习笔记和研讨发言"],
    ["1", "学习方面", "1.2", "（示例）……", ""],
    ["2", "作风方面", "2.1", "（示例）……", ""],
]


def template_workbook() -> bytes:
    """An empty 问题清单 sheet to fill in, and a 填写说明 sheet with an example."""
    wb = new_workbook()
    _sheet(wb, [])
    help_ws = wb.create_sheet("填写说明")
    for line in [
        ["填写说明"],
        ["1. 在「问题清单」工作表中每行填写一个条目，第 1 行为表头，请勿修改列名。"],
        ["2. 类别编码、问题类别、条目编码、具体表现必填；对照提示选填。"],
        ["3. 同一类别的各行填写相同的类别编码和问题类别；也可以只在该类别第一行填写，下面各行留空（如合并单元格）。"],
        ["4. 条目编码在整份清单内不能重复；编码建议用 1、2 或 1.1、1.2 这样的形式，单元格格式为文本。"],
        ["5. 清单编码、清单名称在导入页面填写；编码已存在时，导入的内容成为该清单的新版本，旧版本保持不变。"],
        ["6. 只要有一处错误，整份文件都不会导入；页面会列出每个错误所在的行。"],
        [],
        ["示例（请勿直接导入本工作表）"],
        COLUMNS,
        *TEMPLATE_EXAMPLE,
    ]:
        append(help_ws, line)
    help_ws.column_dimensions["A"].width = 12
    help_ws.column_dimensions["D"].width = 50
    return _save(wb)


# ---------------------------------------------------------------------------- upload, database


def read_upload(upload, code: str = "", title: str = "", description: str = "") -> ChecklistData:
    """A checklist from an uploaded .yaml/.yml or .xlsx file."""
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in YAML_SUFFIXES | {".xlsx"}:
        raise ChecklistError([f"文件「{upload.name}」不是 YAML（.yaml、.yml）或 Excel（.xlsx）文件"])
    if upload.size == 0:
        raise ChecklistError([f"文件「{upload.name}」为空"])
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ChecklistError([f"文件「{upload.name}」超过 {settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB 上限"])
    if suffix in YAML_SUFFIXES:
        upload.seek(0)
        return parse_yaml(upload.read())
    try:
        check_upload(upload, types=XLSX_TYPES)
    except ValidationError as error:  # size is checked above: what is left is the content
        if error.code == OOXML_TOO_LARGE:
            raise ChecklistError(error.messages) from error
        raise ChecklistError([f"文件「{upload.name}」的内容不是 Excel（.xlsx）文件，请检查后重新上传"]) from error
    missing = [label for label, value in (("清单编码", code), ("清单名称", title)) if not value]
    if missing:
        raise ChecklistError([f"导入 Excel 文件时请填写{'和'.join(missing)}"])
    if not CODE_RE.match(code):
        raise ChecklistError(["清单编码只能包含字母、数字、下划线和连字符"])
    upload.seek(0)
    return read_xlsx(upload, code, title, description)


def to_data(checklist: Checklist) -> ChecklistData:
    """What a stored version holds, in the file format's terms."""
    categories = checklist.categories.prefetch_related("items").order_by("order", "id")
    return ChecklistData(
        code=checklist.code, title=checklist.title, description=checklist.description,
        example=checklist.is_example, version=checklist.version,
        categories=[CategoryData(c.code, c.title, [ItemData(i.code, i.text, i.guidance)
                                                   for i in sorted(c.items.all(), key=lambda i: (i.order, i.id))])
                    for c in categories],
    )


def save_checklist(data: ChecklistData) -> Checklist:
    """Store `data` as the next version of its code (1 if new). Existing versions are never touched."""
    try:
        with transaction.atomic():
            latest = Checklist.objects.filter(code=data.code).aggregate(v=Max("version"))["v"] or 0
            checklist = Checklist.objects.create(
                code=data.code, version=latest + 1, title=data.title, description=data.description,
                is_example=data.example)
            categories = ChecklistCategory.objects.bulk_create([
                ChecklistCategory(checklist=checklist, code=c.code, title=c.title, order=n)
                for n, c in enumerate(data.categories, start=1)])
            ChecklistItem.objects.bulk_create([
                ChecklistItem(category=category, code=i.code, text=i.text, guidance=i.guidance, order=n)
                for category, c in zip(categories, data.categories, strict=True)
                for n, i in enumerate(c.items, start=1)])
    except IntegrityError as exc:  # another import of the same code took this version number
        raise ChecklistError(["同一清单正在被他人导入，请稍后重试"]) from exc
    return checklist


def load_shipped() -> list[tuple[Checklist, bool]]:
    """Load the example lists shipped with QingFeng: (latest version, created now?) per file.

    Idempotent: a file is loaded only when its content differs from the latest stored version.
    """
    loaded = []
    for path in sorted(SHIPPED_DIR.glob("*.yaml")):
        data = parse_yaml(path.read_bytes())
        latest = Checklist.objects.filter(code=data.code).order_by("-version").first()
        if latest is not None and to_data(latest) == data:
            loaded.append((latest, False))
        else:
            loaded.append((save_checklist(data), True))
    return loaded
