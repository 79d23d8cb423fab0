"""A secretary imports texts into her branch's 范文库 from the menu, is told which file cannot be read, imports
the good ones, reads one and deletes it."""

import pytest
from playwright.sync_api import expect

from conftest import fits_phone, log_in, open_menu
from qingfeng.originality.models import LibraryText

from .samples import OTHERS, TEMPLATE

pytestmark = pytest.mark.browser


def test_import_read_and_delete_a_library_text(world, page, phone, tmp_path):
    good = tmp_path / "学习心得范文.txt"
    good.write_bytes(TEMPLATE.encode("gb18030"))
    meeting = tmp_path / "组织生活会范文.txt"
    meeting.write_text(OTHERS["meeting"], encoding="utf-8")
    bad = tmp_path / "心得.txt"
    bad.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" * 32)

    log_in(page, "sec_a")
    page.click("#nav-library")
    page.click("#library-import")
    page.set_input_files("#id_files", [str(good), str(meeting), str(bad)])
    page.fill("#id_source", "某范文网")
    page.click("button:has-text('导入')")
    expect(page.locator("#import-errors")).to_contain_text("文件「心得.txt」不是文本文件")
    assert not LibraryText.objects.exists()

    page.set_input_files("#id_files", [str(good), str(meeting)])
    page.click("button:has-text('导入')")
    expect(page.locator(".alert-success")).to_contain_text("已导入 2 篇范文")
    expect(page.locator("#library-count")).to_have_text("共 2 篇范文")
    page.click("#library-texts a:has-text('学习心得范文')")
    expect(page.locator("#library-text")).to_contain_text(TEMPLATE[:40])
    expect(page.locator("#library-meta")).to_contain_text("某范文网")

    # The branch's leader above reads it on a phone, with nothing to delete.
    log_in(phone, "leader")
    open_menu(phone, "范文库")
    expect(phone.locator("#library-count")).to_have_text("共 2 篇范文")
    phone.click("#library-texts a:has-text('学习心得范文')")
    expect(phone.locator("#library-text")).to_contain_text(TEMPLATE[:40])
    expect(phone.locator("#library-delete")).to_have_count(0)
    assert fits_phone(phone)

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#library-delete button")
    expect(page.locator(".alert-success")).to_contain_text("已从范文库删除「学习心得范文」")
    expect(page.locator("#library-count")).to_have_text("共 1 篇范文")
    assert list(LibraryText.objects.values_list("title", flat=True)) == ["组织生活会范文"]
