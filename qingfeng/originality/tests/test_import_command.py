"""`qingfeng originality import`: files, archives and folders into an org's library, in batches; an unreadable
file is reported and skipped (exit code 2), the others imported."""

import io

import pytest
from django.core.management import CommandError, call_command

from qingfeng.core.models import AuditEntry
from qingfeng.originality import bulk_import
from qingfeng.originality.models import Document, Fingerprint, LibraryText

from .samples import OTHERS, TEMPLATE, docx_bytes
from .test_library_import import zip_bytes

pytestmark = pytest.mark.django_db

PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 64


def run(*arguments) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("originality", "import", *arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*arguments) -> tuple[CommandError, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("originality", "import", *arguments, stdout=out, stderr=err)
    return raised.value, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "范文库"
    (root / "2024" / "心得").mkdir(parents=True)
    (root / "2024" / "心得" / "学习心得.txt").write_bytes(TEMPLATE.encode("gb18030"))
    (root / "2024" / "会议.docx").write_bytes(docx_bytes([OTHERS["meeting"]]))
    (root / "说明.txt").write_text("本目录收集各网站范文。", encoding="utf-8")
    (root / "封面.pdf").write_bytes(b"%PDF-1.4 not a library text")
    return root


def test_it_imports_a_folder_recursively_as_the_user(world, folder):
    out, err = run("--org", "A", "--user", "sec_a", str(folder))
    assert err == ""
    assert out.splitlines() == ["已导入 3 篇", "共导入 3 篇范文到一中党支部的范文库"]
    texts = {text.title: text for text in LibraryText.objects.all()}
    assert sorted(texts) == ["会议", "学习心得", "说明"]
    assert texts["学习心得"].text == TEMPLATE
    assert texts["学习心得"].source == str(folder / "2024" / "心得" / "学习心得.txt")
    assert {(text.org, text.added_by) for text in texts.values()} == {(world.a, world.sec_a)}
    assert Document.objects.filter(kind=Document.Kind.LIBRARY).count() == 3
    assert Fingerprint.objects.filter(document__library_text=texts["学习心得"]).exists()
    entry = AuditEntry.objects.get(action="originality.library_import")
    assert (entry.user, entry.org_path, entry.detail) == (world.sec_a, world.a.path, "3 篇（命令行导入）")


def test_it_imports_files_and_zips_named_with_one_source(world, tmp_path):
    single = tmp_path / "单篇.txt"
    single.write_text(TEMPLATE, encoding="utf-8")
    archive = tmp_path / "合集.zip"
    archive.write_bytes(zip_bytes({"合集/甲.txt": OTHERS["meeting"].encode(), "合集/乙.docx": docx_bytes([TEMPLATE])},
                                  gbk_names=True))
    run("--org", "C", "--user", "admin", "--source", "某范文网", str(single), str(archive))
    assert sorted(LibraryText.objects.values_list("title", "source", "org")) == [
        ("乙", "某范文网", world.c.pk), ("单篇", "某范文网", world.c.pk), ("甲", "某范文网", world.c.pk)]


def test_it_saves_in_batches_and_tells_the_progress(world, tmp_path, monkeypatch):
    monkeypatch.setattr(bulk_import, "BATCH", 2)
    for number in range(5):
        (tmp_path / f"范文{number}.txt").write_text(f"第{number}篇。{TEMPLATE}", encoding="utf-8")
    calls = []
    add = bulk_import.library.add
    monkeypatch.setattr(bulk_import.library, "add", lambda *args: calls.append(len(args[2])) or add(*args))
    out, _ = run("--org", "A", "--user", "sec_a", str(tmp_path))
    assert calls == [2, 2, 1]
    assert out.splitlines() == ["已导入 2 篇", "已导入 4 篇", "已导入 5 篇", "共导入 5 篇范文到一中党支部的范文库"]
    assert LibraryText.objects.count() == 5


def test_unreadable_files_are_listed_and_skipped_and_the_exit_code_is_2(world, folder, tmp_path):
    (folder / "2024" / "伪装.txt").write_bytes(PROGRAM)
    (folder / "空白.txt").write_text(" \n　", encoding="utf-8")
    bomb = tmp_path / "炸弹.zip"
    bomb.write_bytes(zip_bytes({"心得.txt": b" " * (20 * 1024 * 1024)}))
    error, out, err = run_failing("--org", "A", "--user", "sec_a", str(folder), str(bomb), str(tmp_path / "没有.txt"))
    assert error.returncode == 2
    assert str(error) == "4 个文件无法读取，已跳过"
    assert err.splitlines() == [
        f"文件「{folder / '空白.txt'}」中没有文字",
        f"文件「{folder / '2024' / '伪装.txt'}」不是文本文件",
        f"文件「{bomb}」的压缩比异常（超过 100 倍），可能不是正常的压缩包，请检查后重新上传",
        f"文件「{tmp_path / '没有.txt'}」不存在",
    ]
    assert out.splitlines()[-1] == "共导入 3 篇范文到一中党支部的范文库"
    assert sorted(LibraryText.objects.values_list("title", flat=True)) == ["会议", "学习心得", "说明"]


def test_a_file_over_the_upload_limit_is_skipped(world, tmp_path, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = tmp_path / "长文.txt"
    big.write_bytes(("这是一篇很长的范文。" * 40_000).encode())
    error, _, err = run_failing("--org", "A", "--user", "sec_a", str(big))
    assert error.returncode == 2
    assert err.strip() == f"文件「{big}」大小为 1.1 MB，超过 1 MB 上限"
    assert not LibraryText.objects.exists()


@pytest.mark.parametrize(("username", "org", "message"), [
    ("alice", "A", "用户「alice」无权管理一中党支部的范文库"),
    ("sec_b", "A", "用户「sec_b」无权管理一中党支部的范文库"),
    ("leader", "C", "用户「leader」无权管理清风县委的范文库"),
    ("nobody", "A", "没有用户名为「nobody」的有效账号"),
    ("sec_a", "X9", "没有编码为「X9」的组织"),
])
def test_it_refuses_who_may_not_manage_the_orgs_library(world, folder, username, org, message):
    error, _, _ = run_failing("--org", org, "--user", username, str(folder))
    assert str(error).startswith(message)
    assert error.returncode == 1
    assert not LibraryText.objects.exists()
