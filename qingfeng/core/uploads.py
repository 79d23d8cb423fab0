"""Uploaded files: checked by their content, not their name; served only through views."""

from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse

# what a file's bytes say it is -> (the extensions its name may have, MIME type)
EVIDENCE_TYPES = {
    "pdf": ({".pdf"}, "application/pdf"),
    "jpg": ({".jpg", ".jpeg"}, "image/jpeg"),
    "png": ({".png"}, "image/png"),
    "docx": ({".docx"}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ({".xlsx"}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
ALLOWED_LABEL = "PDF、JPG、PNG、Word（.docx）、Excel（.xlsx）"


def check_upload(upload, max_bytes: int | None = None, types=EVIDENCE_TYPES) -> str:
    """The MIME type of a valid upload; else a ValidationError naming the problem in Chinese."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    name = upload.name or ""
    if upload.size == 0:
        raise ValidationError(f"文件「{name}」为空")
    if upload.size > max_bytes:
        raise ValidationError(
            f"文件「{name}」大小为 {upload.size / 1024 / 1024:.1f} MB，超过 {max_bytes / 1024 / 1024:g} MB 上限")
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
    return mime


def serve(fieldfile, filename: str, content_type: str) -> FileResponse:
    """Send a stored file as a download; callers check permission first."""
    response = FileResponse(fieldfile.open("rb"), as_attachment=True, filename=filename,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
