"""佐证材料: uploads checked by content, only by the owner while the work is theirs."""

import io
import os
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qingfeng.core.testing import xlsx_with_rows
from qingfeng.ledger.models import Evidence, Rectification
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.ledger.workflow import rectification_workflow
from qingfeng.orgs.models import Role
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory


def png_bytes(width=2, height=2) -> bytes:
    """A small, real PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def rectification(campaign, world):
    return RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice))


def url(rectification):
    return reverse("evidence_upload", args=[rectification.pk])


def upload(client, rectification, name=None, content=b"", note=""):
    data = {"note": note}
    if name:
        data["file"] = SimpleUploadedFile(name, content)
    return client.post(url(rectification), data)


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_the_owner_uploads_a_png(world, login, rectification, media):
    page = upload(login(world.alice_user), rectification, "整改照片.png", png_bytes(), note="学习现场")
    assert page.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.content_type, evidence.note) == ("整改照片.png", "image/png", "学习现场")
    assert evidence.size == len(png_bytes()) and evidence.uploaded_by == world.alice_user
    path = media / evidence.file.name
    assert path.read_bytes() == png_bytes()
    assert "static" not in str(path.relative_to(media))


def test_the_owner_uploads_a_pdf(world, login, rectification):
    upload(login(world.alice_user), rectification, "学习笔记.pdf", PDF)
    assert Evidence.objects.get().content_type == "application/pdf"


def test_a_note_alone_is_evidence(world, login, rectification):
    upload(login(world.alice_user), rectification, note="已在支部大会上作说明")
    evidence = Evidence.objects.get()
    assert not evidence.file and evidence.note == "已在支部大会上作说明"


def test_neither_file_nor_note_is_refused(world, login, rectification):
    page = upload(login(world.alice_user), rectification, note="  ")
    assert "请上传佐证文件或填写说明" in page.content.decode()
    assert not Evidence.objects.exists()


BAD_FILES = [
    pytest.param("evidence.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
                 "不是允许的类型", id="disguised-executable"),
    pytest.param("notes.txt", "整改情况说明".encode() * 20, "不是允许的类型", id="text"),
    pytest.param("archive.zip", zip_bytes(), "不是允许的类型", id="zip"),
    pytest.param("photo.png", PDF, "扩展名与内容不符", id="pdf-named-png"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_a_bad_file_is_refused_with_a_message_naming_it(world, login, rectification, media, name, content, message):
    page = upload(login(world.alice_user), rectification, name, content, note="附件")
    html = page.content.decode()
    assert page.status_code == 200
    assert f"文件「{name}」" in html and message in html
    assert not Evidence.objects.exists()
    assert stored_files(media) == []


def test_an_xlsx_unpacking_beyond_the_limit_is_refused_and_nothing_is_stored(world, login, rectification, media,
                                                                            settings):
    settings.OOXML_MAX_UNPACKED_BYTES = 1024 * 1024
    noise = os.urandom(512 * 1024).hex()  # random text: packs only 2:1, an ordinary ratio
    content = xlsx_with_rows(["说明"], f'<row r="2"><c r="A2" t="inlineStr"><is><t>{noise}</t></is></c></row>')
    page = upload(login(world.alice_user), rectification, "台账.xlsx", content, note="附件")
    assert "文件「台账.xlsx」解压后超过 1 MB，可能不是正常的表格文件，请检查后重新上传" in page.content.decode()
    assert not Evidence.objects.exists()
    assert stored_files(media) == []


def test_an_xlsx_of_millions_of_blank_rows_is_refused(world, login, rectification, media):
    content = xlsx_with_rows(["说明"], "<row/>" * 5_000_000)
    page = upload(login(world.alice_user), rectification, "台账.xlsx", content, note="附件")
    assert "文件「台账.xlsx」的压缩比异常" in page.content.decode()
    assert not Evidence.objects.exists()


def test_an_ordinary_xlsx_is_taken(world, login, rectification):
    content = xlsx_with_rows(["说明"], "")
    assert upload(login(world.alice_user), rectification, "台账.xlsx", content).status_code == 302
    assert Evidence.objects.get().content_type.endswith("spreadsheetml.sheet")


def test_an_oversized_file_is_refused(world, login, rectification, media, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    page = upload(login(world.alice_user), rectification, "big.png", png_bytes() + b"\x00" * 2048)
    html = page.content.decode()
    assert "文件「big.png」" in html and "超过" in html
    assert not Evidence.objects.exists()
    assert stored_files(media) == []


def test_no_upload_after_submitting(world, login, rectification):
    client = login(world.alice_user)
    rectification_workflow.perform(world.alice_user, rectification, "start")
    upload(client, rectification, note="第一份")
    rectification_workflow.perform(world.alice_user, rectification, "submit")
    page = upload(client, rectification, "later.png", png_bytes())
    assert page.status_code == 302
    assert Evidence.objects.count() == 1
    messages = [str(m) for m in page.wsgi_request._messages]
    assert messages[-1] == "当前状态为「待验收」，不能再上传佐证材料"


@pytest.mark.parametrize("status", ["open", "in_progress", "returned"])
def test_uploads_are_taken_while_the_work_is_the_owners(world, login, rectification, status):
    Rectification.objects.filter(pk=rectification.pk).update(status=status)
    assert upload(login(world.alice_user), rectification, note="进展").status_code == 302
    assert Evidence.objects.count() == 1


def test_a_reviewer_may_see_but_not_upload(world, login, rectification):
    assert upload(login(world.sec_a), rectification, note="代传").status_code == 403
    assert not Evidence.objects.exists()


def test_the_other_branch_secretary_gets_404(world, login, rectification):
    assert upload(login(world.sec_b), rectification, note="x").status_code == 404


def test_another_member_gets_404(world, login, rectification):
    dave = MemberFactory(org=world.a, name="赵伟",
                         user=UserFactory(username="dave", role=Role.Kind.MEMBER, org=world.a))
    assert upload(login(dave.user), rectification, note="x").status_code == 404
    assert not Evidence.objects.exists()


def test_it_rejects_get(world, login, rectification):
    assert login(world.alice_user).get(url(rectification)).status_code == 405


def test_a_refused_file_is_also_said_at_the_top_of_the_page(world, login, rectification):
    page = upload(login(world.alice_user), rectification, "evidence.pdf", BAD_FILES[0].values[1], note="附件")
    html = page.content.decode()
    alert = html.index('class="alert alert-danger alert-dismissible"')
    assert "佐证材料未上传：" in html[alert:html.index("</div>", alert)]
    assert "文件「evidence.pdf」" in html[alert:html.index("</div>", alert)]
    assert alert < html.index('id="evidence-form"')
