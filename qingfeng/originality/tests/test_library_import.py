"""范文库: importing .txt, .docx and .zip files on the web (all or nothing), reading, listing and deleting texts,
with the fingerprint index kept in step."""

import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qingfeng.core.models import AuditEntry
from qingfeng.originality import engine, library
from qingfeng.originality.library_forms import ORG_REFUSED
from qingfeng.originality.models import Document, Fingerprint, LibraryText, Term

from .samples import OTHERS, TEMPLATE, docx_bytes

pytestmark = pytest.mark.django_db

IMPORT = reverse("originality_library_import")
LIST = reverse("originality_library")
MB = 1024 * 1024
MEETING = OTHERS["meeting"]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def post_import(client, org, *files, source=""):
    return client.post(IMPORT, {"org": org.pk, "source": source, "files": list(files)})


def errors_of(response) -> list[str]:
    return [error for errors in response.context["form"].errors.values() for error in errors]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


class GbkNamed(zipfile.ZipInfo):
    """A zip entry named the way Chinese Windows writes one: GBK bytes, without the UTF-8 flag (zipfile would
    write any non-ASCII name as UTF-8 and set the flag)."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def zip_bytes(entries: dict[str, bytes], gbk_names: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            info = GbkNamed(name) if gbk_names else zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return out.getvalue()


# --- Importing ---


def test_it_imports_utf8_and_gb18030_text_files_as_typed(world, login):
    client = login(world.sec_a)
    response = post_import(client, world.a, upload("学习心得范文.txt", TEMPLATE.encode("utf-8")),
                           upload("组织生活会.txt", MEETING.encode("gb18030")))
    assert response.status_code == 302 and response["Location"] == LIST
    assert messages_of(response) == ["已导入 2 篇范文"]
    texts = {text.title: text for text in LibraryText.objects.all()}
    assert texts["学习心得范文"].text == TEMPLATE
    assert texts["组织生活会"].text == MEETING
    assert {(text.org, text.added_by, text.source) for text in texts.values()} == {
        (world.a, world.sec_a, "学习心得范文.txt"), (world.a, world.sec_a, "组织生活会.txt")}
    entry = AuditEntry.objects.get(action="originality.library_import")
    assert (entry.user, entry.org_path, entry.detail) == (world.sec_a, world.a.path, "2 篇")


def test_the_source_typed_is_kept_for_every_file(world, login):
    response = post_import(login(world.admin), world.c, upload("a.txt", TEMPLATE.encode()),
                           upload("b.txt", MEETING.encode()), source="某范文网 www.example.cn")
    assert response.status_code == 302
    assert set(LibraryText.objects.values_list("source", "org")) == {("某范文网 www.example.cn", world.c.pk)}


def test_it_imports_a_word_document_with_its_table(world, login):
    content = docx_bytes(["对照检查材料范文", TEMPLATE], rows=[["问题", "整改措施"]])
    assert post_import(login(world.sec_a), world.a, upload("对照检查范文.docx", content)).status_code == 302
    text = LibraryText.objects.get()
    assert text.title == "对照检查范文"
    assert text.text == f"对照检查材料范文\n{TEMPLATE}\n问题\t整改措施"


def test_it_imports_a_zip_with_folders_and_names_written_in_gbk(world, login):
    content = zip_bytes({"范文/2024年/心得体会.txt": TEMPLATE.encode("gb18030"),
                         "范文/会议纪要.docx": docx_bytes([MEETING]),
                         "范文/说明.pdf": b"%PDF-1.4 not a library text",
                         "__MACOSX/范文/._心得体会.txt": b"\x00\x05\x16\x07"}, gbk_names=True)
    response = post_import(login(world.sec_a), world.a, upload("范文合集.zip", content))
    assert response.status_code == 302
    assert messages_of(response) == ["已导入 2 篇范文"]
    assert sorted(LibraryText.objects.values_list("title", "source")) == [
        ("会议纪要", "范文/会议纪要.docx"), ("心得体会", "范文/2024年/心得体会.txt")]
    assert LibraryText.objects.get(title="心得体会").text == TEMPLATE


def test_a_path_deep_in_a_zip_is_kept_as_the_source_up_to_its_length(world, login):
    deep = "/".join(["很深的文件夹名称"] * 40) + "/心得.txt"
    response = post_import(login(world.sec_a), world.a, upload("深.zip", zip_bytes({deep: TEMPLATE.encode()})))
    assert response.status_code == 302
    text = LibraryText.objects.get()
    assert (text.title, text.source) == ("心得", deep[:300])


def test_the_import_page_takes_several_files_at_once(world, login):
    response = login(world.sec_a).get(IMPORT)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="file" name="files"' in page and "multiple" in page
    assert 'enctype="multipart/form-data"' in page


# --- Refused: every bad file named, nothing saved ---


def test_a_zip_bomb_is_refused_before_it_is_unpacked(world, login):
    bomb = zip_bytes({"心得.txt": b" " * (20 * MB)})
    assert len(bomb) < MB
    response = post_import(login(world.sec_a), world.a, upload("范文.txt", TEMPLATE.encode()),
                           upload("范文包.zip", bomb))
    assert response.status_code == 200
    assert errors_of(response) == [
        "文件「范文包.zip」的压缩比异常（超过 100 倍），可能不是正常的压缩包，请检查后重新上传"]
    assert not LibraryText.objects.exists() and not Document.objects.exists() and not Fingerprint.objects.exists()


def test_every_unreadable_file_is_named_and_nothing_is_saved(world, login):
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 64  # a Windows program
    response = post_import(
        login(world.sec_a), world.a, upload("范文.txt", TEMPLATE.encode()), upload("心得.txt", program),
        upload("体会.docx", TEMPLATE.encode()), upload("照片.jpg", b"\xff\xd8\xff\xe0"),
        upload("坏包.zip", zip_bytes({"内/空白.txt": "  \n　".encode(), "内/乱码.txt": program})),
        upload("空包.zip", zip_bytes({"说明.pdf": b"%PDF-1.4"})))
    assert response.status_code == 200
    assert errors_of(response) == [
        "文件「心得.txt」不是文本文件",
        "文件「体会.docx」不是有效的 Word 文档（.docx）",
        "文件「照片.jpg」不是文本文件（.txt）或 Word 文档（.docx）",
        "坏包.zip 中的文件「乱码.txt」不是文本文件",
        "压缩包「空包.zip」中没有文本文件（.txt）或 Word 文档（.docx）",
        "文件「内/空白.txt」中没有文字",
    ]
    assert "未导入，请改正以下问题" in response.content.decode()
    assert not LibraryText.objects.exists() and not AuditEntry.objects.filter(action__startswith="originality")


def test_a_file_over_the_upload_limit_or_empty_is_refused_by_name(world, login, settings):
    settings.UPLOAD_MAX_BYTES = 1 * MB
    big = ("这是一篇很长的范文。" * 40_000).encode()
    response = post_import(login(world.sec_a), world.a, upload("长文.txt", big), upload("空.txt", b""),
                           upload("范文.txt", TEMPLATE.encode()))
    assert response.status_code == 200
    assert errors_of(response) == ["文件「长文.txt」大小为 1.2 MB，超过 1 MB 上限", "文件「空.txt」为空"]
    assert not LibraryText.objects.exists()


def test_an_import_without_files_asks_for_them(world, login):
    response = login(world.sec_a).post(IMPORT, {"org": world.a.pk})
    assert errors_of(response) == ["请填写此项"]
    assert not LibraryText.objects.exists()


# --- Who may import ---


@pytest.mark.parametrize("who", ["alice_user", "leader", "inspector", "discipline"])
def test_a_member_or_a_reader_may_not_import(world, login, who):
    client = login(getattr(world, who))
    assert client.get(IMPORT).status_code == 403
    assert post_import(client, world.a, upload("范文.txt", TEMPLATE.encode())).status_code == 403
    assert not LibraryText.objects.exists()


def test_another_branchs_secretary_cannot_import_into_it_with_a_forged_org(world, login):
    response = post_import(login(world.sec_b), world.a, upload("范文.txt", TEMPLATE.encode()))
    assert response.status_code == 200
    assert errors_of(response) == [ORG_REFUSED]
    assert not LibraryText.objects.exists()


def test_a_secretary_is_offered_her_own_branch_and_an_org_admin_may_pick_one_below(world, login):
    form = login(world.sec_a).get(IMPORT).context["form"]
    assert [label for _, label in form.fields["org"].widget.choices] == ["一中党支部"]
    response = post_import(login(world.admin), world.b, upload("范文.txt", TEMPLATE.encode()))
    assert response.status_code == 302
    assert LibraryText.objects.get().org == world.b


# --- The index ---


def counts(prints) -> dict[int, int]:
    return dict(Term.objects.filter(hash__in=prints).values_list("hash", "documents"))


def test_importing_indexes_each_text_and_deleting_takes_it_out(world, login):
    prints = set(engine.fingerprints(TEMPLATE).tolist())
    assert post_import(login(world.sec_a), world.a, upload("一中范文.txt", TEMPLATE.encode())).status_code == 302
    first = LibraryText.objects.get()
    assert set(Fingerprint.objects.filter(document__library_text=first).values_list("hash", flat=True)) == prints
    assert counts(prints) == dict.fromkeys(prints, 1)
    assert post_import(login(world.sec_b), world.b, upload("二中范文.txt", TEMPLATE.encode())).status_code == 302
    second = LibraryText.objects.exclude(pk=first.pk).get()
    assert counts(prints) == dict.fromkeys(prints, 2)

    response = login(world.sec_a).post(reverse("originality_library_delete", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == LIST
    assert messages_of(response)[-1] == "已从范文库删除「一中范文」"
    assert not LibraryText.objects.filter(pk=first.pk).exists()
    assert set(Fingerprint.objects.values_list("document__library_text", flat=True)) == {second.pk}
    assert counts(prints) == dict.fromkeys(prints, 1)
    entry = AuditEntry.objects.get(action="originality.library_delete")
    assert (entry.user, entry.org_path, entry.detail) == (world.sec_a, world.a.path, "一中范文")

    library.delete(second)
    assert not Fingerprint.objects.exists() and not Term.objects.filter(hash__in=prints).exists()


# --- Reading and deleting ---


@pytest.fixture
def texts(world):
    return {side: library.add(world.admin, org, [library.Incoming(f"{org.name}范文.txt", TEMPLATE)],
                              source=f"{org.name}的来源")[0]
            for side, org in (("a", world.a), ("b", world.b))}


def test_the_list_shows_what_the_user_may_see_with_its_count(world, login, texts):
    page = login(world.sec_a).get(LIST)
    assert [row.record for row in page.context["table"].page.object_list] == [texts["a"]]
    assert "共 1 篇范文" in page.content.decode() and "导入范文" in page.content.decode()
    page = login(world.leader).get(LIST)
    assert {row.record for row in page.context["table"].page.object_list} == set(texts.values())
    assert "导入范文" not in page.content.decode()


def test_the_list_filters_by_title_or_source_and_by_org(world, login, texts):
    client = login(world.admin)
    found = lambda query: [row.record for row in client.get(LIST, query).context["table"].page.object_list]  # noqa: E731
    assert found({"q": "二中党支部的来源"}) == [texts["b"]]
    assert found({"q": "一中党支部范文"}) == [texts["a"]]
    assert found({"org": world.a.pk}) == [texts["a"]]
    assert found({"q": "没有这篇"}) == []


def test_a_member_has_no_library_to_read(world, login, texts):
    client = login(world.alice_user)
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("originality_library_text", args=[texts["a"].pk])).status_code == 404


def test_the_text_page_shows_the_text_and_offers_delete_to_its_managers_only(world, login, texts):
    address = reverse("originality_library_text", args=[texts["a"].pk])
    page = login(world.sec_a).get(address).content.decode()
    assert TEMPLATE in page and "一中党支部的来源" in page and 'id="library-delete"' in page
    assert 'id="library-delete"' not in login(world.leader).get(address).content.decode()
    assert login(world.sec_b).get(address).status_code == 404


def test_only_the_texts_managers_may_delete_it_and_only_by_post(world, login, texts):
    address = reverse("originality_library_delete", args=[texts["a"].pk])
    assert login(world.sec_b).post(address).status_code == 404
    assert login(world.leader).post(address).status_code == 403
    assert login(world.alice_user).post(address).status_code == 404
    assert login(world.sec_a).get(address).status_code == 405
    assert LibraryText.objects.filter(pk=texts["a"].pk).exists()
    assert login(world.admin).post(address).status_code == 302
    assert not LibraryText.objects.filter(pk=texts["a"].pk).exists()
