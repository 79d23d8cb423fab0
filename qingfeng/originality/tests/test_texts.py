"""Reading a .txt or .docx as a Chinese computer saved it (qingfeng.core.texts, used by the check and the library)."""

import io
import zipfile

import pytest

from qingfeng.core.texts import UnreadableText, read_text

from .samples import docx_bytes

# 𠀀 (CJK extension B) and 镕 are outside GB2312: only GB18030 (not GBK/GB2312 decoding) reads them back.
TEXT = "朱镕基同志、张𠀀同志：增强“四个意识”，坚定“四个自信”。\r\n第二行ＡＢＣ"


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(UnreadableText) as raised:
        read_text(data, name)
    return str(raised.value)


@pytest.mark.parametrize("encoded", [
    TEXT.encode("utf-8"), TEXT.encode("utf-8-sig"), TEXT.encode("gb18030"), TEXT.encode("utf-16"),
    TEXT.encode("utf-16-be").join([b"\xfe\xff", b""]),
], ids=["utf-8", "utf-8 with BOM", "gb18030", "utf-16 le with BOM", "utf-16 be with BOM"])
def test_a_txt_reads_back_exactly_in_every_encoding_chinese_computers_save(encoded):
    assert read_text(encoded, "心得.txt") == TEXT


def test_gb18030_is_not_mistaken_for_utf_8():
    encoded = TEXT.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        encoded.decode("utf-8")
    assert read_text(encoded, "心得.TXT") == TEXT


def test_a_docx_gives_its_paragraphs_and_its_tables_rows():
    data = docx_bytes(["学习心得", "我认真学习了党章。"], [["问题", "整改措施"], ["家访偏少", "每学期走访二十户"]])
    text = read_text(data, "对照检查.docx")
    assert text.split("\n") == ["学习心得", "我认真学习了党章。", "问题\t整改措施", "家访偏少\t每学期走访二十户"]


def test_a_binary_file_named_txt_is_refused_naming_it():
    assert refusal(bytes(range(256)) * 4, "照片.txt") == "文件「照片.txt」不是文本文件"


def test_bytes_that_are_neither_utf_8_nor_gb18030_are_refused_naming_the_file():
    # 0x80 and 0xFF begin no GB18030 character, and are not UTF-8 either
    assert refusal(b"\x80\xff\x80\xff abc", "乱码.txt") == (
        "文件「乱码.txt」既不是 UTF-8 也不是 GB18030（GBK）编码的文本，请另存为 UTF-8 后重新上传")


def test_a_utf_16_file_with_a_broken_character_is_refused_naming_it():
    message = "文件「心得.txt」是损坏的 UTF-16 文本，请另存为 UTF-8 后重新上传"
    assert refusal(b"\xff\xfe\x00\xd8A\x00", "心得.txt") == message  # half a surrogate pair
    assert refusal(b"\xff\xfeA", "心得.txt") == message  # an odd number of bytes


def test_a_docx_that_is_not_a_zip_is_refused():
    assert refusal("其实是文本".encode(), "心得.docx") == "文件「心得.docx」不是有效的 Word 文档（.docx）"


def test_a_zip_that_is_not_a_word_document_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as parts:
        parts.writestr("readme.txt", "hello")
    assert refusal(archive.getvalue(), "心得.docx") == "文件「心得.docx」不是有效的 Word 文档（.docx）"


def test_another_kind_of_file_is_refused_by_its_suffix():
    assert refusal(b"%PDF-1.4", "心得.pdf") == "文件「心得.pdf」不是文本文件（.txt）或 Word 文档（.docx）"
    assert refusal(TEXT.encode(), "心得") == "文件「心得」不是文本文件（.txt）或 Word 文档（.docx）"


def test_a_docx_that_would_unpack_to_too_much_is_refused_before_it_is_unpacked():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr("word/document.xml", b"<w:document/>" + b" " * (20 * 1024 * 1024))
    message = refusal(archive.getvalue(), "范文.docx")
    assert message.startswith("文件「范文.docx」的压缩比异常") and "Word 文档" in message
