"""Plain text out of a .txt or .docx file, whatever encoding a Chinese computer saved it in."""

import io
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError

from .uploads import check_ooxml

TEXT_SUFFIXES = {".txt", ".docx"}
TEXT_LABEL = "文本文件（.txt）或 Word 文档（.docx）"


class UnreadableText(ValueError):
    """A file that is not a readable .txt or .docx; the message names it, in Chinese."""


def decode(data: bytes, name: str = "") -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (which includes GBK and GB2312)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as broken:
            raise UnreadableText(f"文件「{name}」是损坏的 UTF-16 文本，请另存为 UTF-8 后重新上传") from broken
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableText(f"文件「{name}」既不是 UTF-8 也不是 GB18030（GBK）编码的文本，请另存为 UTF-8 后重新上传")


def read_docx(data: bytes, name: str = "") -> str:
    from docx import Document

    buffer = io.BytesIO(data)
    try:
        check_ooxml(buffer, name)
        document = Document(buffer)
    except ValidationError as refused:
        raise UnreadableText(refused.messages[0]) from refused
    except (zipfile.BadZipFile, KeyError, ValueError) as broken:
        raise UnreadableText(f"文件「{name}」不是有效的 Word 文档（.docx）") from broken
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def read_text(data: bytes, name: str) -> str:
    """The text of a .txt or .docx file, told apart by its name's suffix (a .docx must be a zip)."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".docx":
        return read_docx(data, name)
    if suffix == ".txt":
        if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise UnreadableText(f"文件「{name}」不是文本文件")
        return decode(data, name)
    raise UnreadableText(f"文件「{name}」不是{TEXT_LABEL}")
