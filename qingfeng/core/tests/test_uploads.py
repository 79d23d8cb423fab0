"""Uploaded .docx/.xlsx files are zips: bounded by what they unpack to before anything unpacks them."""

import io
import os
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qingfeng.core.spreadsheets import append, new_workbook
from qingfeng.core.testing import xlsx_with_rows
from qingfeng.core.uploads import OOXML_MAX_PARTS, check_ooxml, check_upload, download_name

MB = 1024 * 1024


def plain_xlsx() -> bytes:
    book = new_workbook()
    append(book.active, ["姓名", "性别"])
    append(book.active, ["张三", "男"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refusal(content: bytes, name: str) -> str:
    with pytest.raises(ValidationError) as raised:
        check_upload(SimpleUploadedFile(name, content))
    return " ".join(raised.value.messages)


def test_an_ordinary_xlsx_passes():
    assert check_upload(SimpleUploadedFile("台账.xlsx", plain_xlsx())).endswith("spreadsheetml.sheet")


def test_an_xlsx_unpacking_beyond_the_limit_is_refused_naming_the_file(settings):
    settings.OOXML_MAX_UNPACKED_BYTES = 1 * MB
    noise = os.urandom(MB // 2).hex()  # random text: packs only 2:1, so the ratio stays ordinary
    content = xlsx_with_rows(["说明"], f'<row r="2"><c r="A2" t="inlineStr"><is><t>{noise}</t></is></c></row>')
    assert len(content) < settings.UPLOAD_MAX_BYTES
    assert refusal(content, "佐证.xlsx") == "文件「佐证.xlsx」解压后超过 1 MB，可能不是正常的表格文件，请检查后重新上传"


def test_the_limit_is_100_mb_unless_configured():
    from django.conf import settings

    assert settings.OOXML_MAX_UNPACKED_BYTES == 100 * MB


def test_a_sheet_of_millions_of_blank_rows_is_refused_at_once_by_its_compression_ratio():
    content = xlsx_with_rows(["姓名"], "<row/>" * 5_000_000)
    assert len(content) < MB
    started = time.monotonic()
    message = refusal(content, "花名册.xlsx")
    assert time.monotonic() - started < 1
    assert message == "文件「花名册.xlsx」的压缩比异常（超过 100 倍），可能不是正常的表格文件，请检查后重新上传"


def test_a_docx_is_bounded_too_and_named_as_a_word_document():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr("word/document.xml", b"<w:document/>" + b" " * (20 * MB))
    with pytest.raises(ValidationError) as raised:
        check_ooxml(io.BytesIO(archive.getvalue()), "对照检查.docx")
    assert "文件「对照检查.docx」的压缩比异常" in raised.value.messages[0]
    assert "Word 文档" in raised.value.messages[0]


def test_a_zip_of_too_many_parts_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as parts:
        for number in range(OOXML_MAX_PARTS + 1):
            parts.writestr(f"xl/media/{number}.xml", b"")
    with pytest.raises(ValidationError) as raised:
        check_ooxml(archive, "x.xlsx")
    assert f"包含超过 {OOXML_MAX_PARTS} 个部件" in raised.value.messages[0]


def test_the_check_leaves_the_file_where_it_was_and_lets_a_non_zip_through_to_the_type_check():
    upload = io.BytesIO(b"%PDF-1.4 not a zip")
    upload.seek(3)
    check_ooxml(upload, "a.pdf")
    assert upload.tell() == 3
    upload = io.BytesIO(plain_xlsx())
    check_ooxml(upload)
    assert upload.tell() == 0


def test_a_download_name_joins_its_parts_without_characters_file_systems_refuse():
    assert download_name("一中党支部", "作风专项整治", "整改台账", "20261201", suffix=".xlsx") == \
        "一中党支部_作风专项整治_整改台账_20261201.xlsx"
    assert download_name('a\\b/c:d*e?f"g<h>i|j\x01k', " .隐藏. ", suffix=".docx") == "a_b_c_d_e_f_g_h_i_j_k_隐藏.docx"
    assert len(download_name("长" * 500, "长" * 500, "台账", suffix=".xlsx")) == 60 + 1 + 60 + 1 + 2 + 5



def test_a_file_just_over_the_limit_never_reads_as_the_limit_itself(settings):
    settings.UPLOAD_MAX_BYTES = 20 * MB
    content = b"\x89PNG\r\n\x1a\n" + b"\0" * (20 * MB + 30_000)  # 20.03 MB: "20.0 MB，超过 20 MB" reads as no excess
    assert refusal(content, "合影.png") == "文件「合影.png」大小为 20.1 MB，超过 20 MB 上限"
