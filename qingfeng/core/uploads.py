"""Uploaded files: checked by their content, not their name; served only through views."""

import math
import re
import zipfile
from pathlib import Path, PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

# what a file's bytes say it is -> (the extensions its name may have, MIME type)
EVIDENCE_TYPES = {
    "pdf": ({".pdf"}, "application/pdf"),
    "jpg": ({".jpg", ".jpeg"}, "image/jpeg"),
    "png": ({".png"}, "image/png"),
    "docx": ({".docx"}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ({".xlsx"}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
ALLOWED_LABEL = "PDF、JPG、PNG、Word（.docx）、Excel（.xlsx）"

# .docx and .xlsx are zips of XML parts (OOXML), bounded by `check_ooxml` before anything unpacks them.
OOXML_KINDS = {"docx", "xlsx"}
OOXML_LABELS = {".docx": "Word 文档", ".xlsx": "表格文件", ".zip": "压缩包"}  # a .zip of texts: originality
OOXML_TOO_LARGE = "ooxml_too_large"  # the ValidationError code of its refusals
OOXML_MAX_PARTS = 10_000  # a real file has tens of parts; a report with a thousand pictures is far below
# The most compressible ordinary sheet measured (one long text on each of 100,000 rows) packs 46:1;
# a sheet of blank rows packs 680:1, zeros 1,000:1. Parts under a megabyte compress oddly and cannot hurt.
OOXML_MAX_RATIO = 100
OOXML_RATIO_FROM_BYTES = 1024 * 1024
# Refused in file names by Windows (\ / : * ? " < > |), macOS and Linux (/), and by browsers (controls).
FILENAME_REFUSED = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def check_upload(upload, max_bytes: int | None = None, types=EVIDENCE_TYPES) -> str:
    """The MIME type of a valid upload; else a ValidationError naming the problem in Chinese."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    name = upload.name or ""
    if upload.size == 0:
        raise ValidationError(f"文件「{name}」为空")
    if upload.size > max_bytes:
        # Rounded up: a file a little over 20 MB reads as 20.1 MB, never as the 20 MB it exceeds.
        size = math.ceil(upload.size / 1024 / 1024 * 10) / 10
        raise ValidationError(f"文件「{name}」大小为 {size:.1f} MB，超过 {max_bytes / 1024 / 1024:g} MB 上限")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head) if head else None
    # OOXML files are zips whose type shows only further in; look at the whole file then.
    if kind is not None and kind.extension == "zip":
        kind = filetype.guess(upload.read())
        upload.seek(0)
    if kind is None or kind.extension not in types:
        raise ValidationError(f"文件「{name}」不是允许的类型，只能上传 {ALLOWED_LABEL}")
    extensions, mime = types[kind.extension]
    if PurePath(name).suffix.lower() not in extensions:
        raise ValidationError(f"文件「{name}」的扩展名与内容不符（内容是 {kind.extension.upper()}），请检查后重新上传")
    if kind.extension in OOXML_KINDS:
        check_ooxml(upload, name)
    return mime


def check_ooxml(fileobj, name: str = "") -> None:
    """Refuse a .docx/.xlsx that would unpack to too much, before anything unpacks it.

    The sizes are those the zip's central directory states, which the sender writes; but zipfile,
    which openpyxl and python-docx read through, stops each part at its stated size (and then fails
    its checksum), so they bound what is read. A file that is not a zip passes: telling types apart
    is the caller's check.
    """
    position = fileobj.tell()
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile:
        return
    finally:
        fileobj.seek(position)
    label = OOXML_LABELS.get(PurePath(name).suffix.lower(), "Office 文件")
    refused = f"可能不是正常的{label}，请检查后重新上传"
    named = f"文件「{name}」" if name else "文件"
    if len(parts) > OOXML_MAX_PARTS:
        raise ValidationError(f"{named}包含超过 {OOXML_MAX_PARTS} 个部件，{refused}", code=OOXML_TOO_LARGE)
    limit = settings.OOXML_MAX_UNPACKED_BYTES
    if sum(part.file_size for part in parts) > limit:
        raise ValidationError(f"{named}解压后超过 {limit / 1024 / 1024:g} MB，{refused}", code=OOXML_TOO_LARGE)
    if any(part.file_size > max(OOXML_RATIO_FROM_BYTES, OOXML_MAX_RATIO * part.compress_size) for part in parts):
        raise ValidationError(f"{named}的压缩比异常（超过 {OOXML_MAX_RATIO} 倍），{refused}", code=OOXML_TOO_LARGE)


def local_path(name: str) -> Path | None:
    """Where the file storage keeps `name` on this machine; None when files live in an object store
    (QF_S3_BUCKET), which only the storage API reaches."""
    try:
        return Path(default_storage.path(name))
    except NotImplementedError:
        return None


def download_name(*parts: str, suffix: str) -> str:
    """A file name of `parts` joined by "_", each at most 60 characters (the name fits Job.filename),
    each run of characters Windows, macOS or Linux refuse in a file name made one "_"."""
    cleaned = [FILENAME_REFUSED.sub("_", part)[:60].strip(" .") for part in parts]
    return "_".join(part for part in cleaned if part) + suffix


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """Send generated bytes (an export) as a download named `filename` (RFC 5987, so Chinese names survive)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def serve(fieldfile, filename: str, content_type: str) -> FileResponse:
    """Send a stored file as a download; callers check permission first."""
    response = FileResponse(fieldfile.open("rb"), as_attachment=True, filename=filename,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
