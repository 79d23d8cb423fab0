"""The template library (范文库): texts imported from .txt and .docx files, one by one or in a .zip.

An import reads every file first and saves nothing unless all of them are readable: the message names
each file that is not. A .zip is bounded before anything in it is unpacked (core.uploads.check_ooxml's
limits: parts, unpacked size, compression ratio), and names written by Chinese Windows (GBK, without
the zip's UTF-8 flag) read as they were typed.
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction

from qingfeng.core.texts import TEXT_LABEL, TEXT_SUFFIXES, UnreadableText, read_text
from qingfeng.core.uploads import check_ooxml

from . import engine, index
from .models import Document, LibraryText

MAX_FILES = 1000  # in one import; a larger library goes in through `qingfeng originality import`
TITLE_LENGTH = LibraryText._meta.get_field("title").max_length
SOURCE_LENGTH = LibraryText._meta.get_field("source").max_length  # a path deep in a .zip can be longer


@dataclass
class Incoming:
    name: str  # the file's name, or its path inside the .zip
    text: str

    @property
    def title(self) -> str:
        return PurePosixPath(self.name).stem[:TITLE_LENGTH] or self.name[:TITLE_LENGTH]


def zip_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def read_zip(data: bytes, name: str) -> tuple[list[Incoming], list[str]]:
    """The texts in a .zip and why each other text file in it cannot be read (also for `originality import`)."""
    buffer = io.BytesIO(data)
    try:
        check_ooxml(buffer, name)
        archive = zipfile.ZipFile(buffer)
    except ValidationError as refused:
        return [], refused.messages
    except zipfile.BadZipFile:
        return [], [f"文件「{name}」不是有效的压缩包（.zip）"]
    found, errors = [], []
    with archive:
        for info in archive.infolist():
            inner = zip_name(info)
            path = PurePosixPath(inner)
            if info.is_dir() or path.name.startswith(".") or "__MACOSX" in path.parts:
                continue
            if path.suffix.lower() not in TEXT_SUFFIXES:
                continue
            try:
                found.append(Incoming(inner, read_text(archive.read(info), path.name)))
            except UnreadableText as unreadable:
                errors.append(f"{name} 中的{unreadable}")
    return found, errors


def read_uploads(uploads) -> list[Incoming]:
    """Every text in the uploaded files; a ValidationError listing every file that cannot be read."""
    found, errors = [], []
    for upload in uploads:
        data = upload.read()
        name = upload.name or ""
        if name.lower().endswith(".zip"):
            inside, refused = read_zip(data, name)
            found.extend(inside)
            errors.extend(refused)
            if not inside and not refused:
                errors.append(f"压缩包「{name}」中没有{TEXT_LABEL}")
            continue
        try:
            found.append(Incoming(name, read_text(data, name)))
        except UnreadableText as unreadable:
            errors.append(str(unreadable))
    for item in found:
        if not len(engine.normalize(item.text)):
            errors.append(f"文件「{item.name}」中没有文字")
    if len(found) > MAX_FILES:
        errors.append(f"一次最多导入 {MAX_FILES} 篇，本次有 {len(found)} 篇；更多请分批导入或用命令行导入")
    if errors:
        raise ValidationError(errors)
    return found


def add(user, org, items: list[Incoming], source: str = "") -> list[LibraryText]:
    """Save and index the texts, all or none."""
    saved = []
    with transaction.atomic():
        for item in items:
            text = LibraryText(org=org, title=item.title, source=(source or item.name)[:SOURCE_LENGTH],
                               text=item.text, added_by=user)
            text._change_reason = "导入"
            text.save()
            document = Document.objects.create(
                kind=Document.Kind.LIBRARY, org=org, library_text=text, title=text.title, text=text.text,
                status=Document.Status.INDEXED, characters=len(engine.normalize(text.text)))
            index.index(document)
            saved.append(text)
    return saved


def delete(text: LibraryText) -> None:
    """Delete a library text and take it out of the index (and out of the reports that cited it)."""
    with transaction.atomic():
        document = Document.objects.filter(library_text=text).first()
        if document is not None:
            index.remove(document)
        text._change_reason = "删除"
        text.delete()
