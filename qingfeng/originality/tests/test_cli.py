"""`qingfeng originality check --library DIR FILE...`: the contract a script relies on.

No test here asks for the database: pytest-django refuses any query from a test without the `db`
fixture, so each of these fails if the command touches the ORM; the console-script test runs it
with a database that cannot be opened.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qingfeng.core.texts import read_text
from qingfeng.originality import engine, folder

from .samples import INDEPENDENT, OTHERS, TEMPLATE, docx_bytes, sentences

COPIED = "在学习过程中，我坚持原原本本读原著、逐字逐句悟原理，每天利用早晚时间认真研读规定篇目，并做好读书笔记"
KEYS = ["file", "score", "flagged", "matches"]


@pytest.fixture(autouse=True)
def cache_home(tmp_path, monkeypatch):
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def library(tmp_path):
    """A template library as people keep one: nested folders, GB18030 and UTF-8 text, Word documents, other files."""
    root = tmp_path / "范文库"
    (root / "党建" / "会议").mkdir(parents=True)
    (root / "心得体会.txt").write_text(TEMPLATE, encoding="utf-8")
    (root / "党建" / "会议" / "组织生活会.txt").write_bytes(OTHERS["meeting"].encode("gb18030"))
    (root / "党建" / "驻村.docx").write_bytes(docx_bytes(sentences(OTHERS["village"])))
    (root / "说明.md").write_text(OTHERS["village"] + TEMPLATE, encoding="utf-8")  # not a library text
    (root / "损坏.docx").write_bytes(b"not a zip")
    return root


@pytest.fixture
def reads(monkeypatch):
    """The files read_text was asked to read, in order."""
    names = []

    def counting(data, name):
        names.append(name)
        return read_text(data, name)

    monkeypatch.setattr(folder, "read_text", counting)
    return names


def run(*args) -> tuple[list[dict], str, int]:
    """(the JSON lines printed, what went to stderr, the exit code)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("originality", "check", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        err.write(str(error))
        code = error.returncode
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue(), code


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_it_prints_one_json_line_per_file_with_exactly_the_contracted_keys(library, tmp_path):
    copy = write(tmp_path / "抄袭.txt", "".join(sentences(TEMPLATE)[2:9]))
    honest = write(tmp_path / "原创.txt", INDEPENDENT)
    results, _, code = run("--library", library, copy, honest)
    assert code == 0
    assert [list(result) for result in results] == [KEYS, KEYS]
    assert [result["file"] for result in results] == [str(copy), str(honest)]
    flagged, clean = results
    assert flagged["flagged"] is True and 0.95 <= flagged["score"] <= 1
    assert [list(match) for match in flagged["matches"]] == [["source", "score", "spans"]]
    assert flagged["matches"][0]["source"] == os.path.join(str(library), "心得体会.txt")
    assert clean == {"file": str(honest), "score": 0.0, "flagged": False, "matches": []}


def test_the_offsets_are_characters_of_both_original_texts_and_point_at_the_copied_passage(library, tmp_path):
    # GB18030 with Windows line ends: a byte or a normalized offset would land elsewhere
    text = INDEPENDENT[:100].replace("。", "。\r\n") + COPIED + "。\r\n" + INDEPENDENT[100:]
    copy = write(tmp_path / "心得.txt", text, "gb18030")
    [result], _, _ = run("--library", library, copy)
    [match] = result["matches"]
    [[start, end, source_start, source_end]] = match["spans"]
    assert text[start:end] == COPIED
    assert TEMPLATE[source_start:source_end] == COPIED


def test_a_gb18030_library_file_and_a_docx_library_file_are_read(library, tmp_path):
    meeting, village = sentences(OTHERS["meeting"]), sentences(OTHERS["village"])
    copy = write(tmp_path / "心得.txt", "".join(meeting[1:3] + village[:3]))
    [result], _, _ = run("--library", library, copy)
    assert sorted(match["source"] for match in result["matches"]) == [
        os.path.join(str(library), "党建", "会议", "组织生活会.txt"), os.path.join(str(library), "党建", "驻村.docx")]
    docx = read_text((library / "党建" / "驻村.docx").read_bytes(), "驻村.docx")
    by_source = {Path(match["source"]).suffix: match["spans"] for match in result["matches"]}
    [[_, _, source_start, source_end]] = by_source[".txt"]
    assert OTHERS["meeting"][source_start:source_end] == "".join(meeting[1:3])[:-1]
    [[_, _, source_start, source_end]] = by_source[".docx"]
    assert docx[source_start:source_end] == "\n".join(village[:3])[:-1]  # Word's paragraphs are lines


def test_a_docx_to_check_is_read_like_a_library_one(library, tmp_path):
    copy = tmp_path / "对照检查.docx"
    copy.write_bytes(docx_bytes(["对照检查材料", COPIED + "。"], [["问题", "措施"], ["理论学习不深", "每天读原著"]]))
    [result], _, code = run("--library", library, copy)
    text = read_text(copy.read_bytes(), copy.name)
    [[start, end, source_start, source_end]] = result["matches"][0]["spans"]
    assert (text[start:end], TEMPLATE[source_start:source_end], code) == (COPIED, COPIED, 0)


def test_other_files_are_ignored_and_an_unreadable_library_file_is_reported_and_skipped(library, tmp_path):
    copy = write(tmp_path / "心得.txt", TEMPLATE)
    [result], errors, code = run("--library", library, copy)
    assert [match["source"] for match in result["matches"]] == [os.path.join(str(library), "心得体会.txt")]
    assert f"文件「{library / '损坏.docx'}」不是有效的 Word 文档（.docx）" in errors
    assert code == 0


def test_the_library_is_cached_outside_it_and_unchanged_files_are_not_read_again(library, tmp_path, reads,
                                                                                 cache_home):
    before = sorted(path.name for path in library.rglob("*"))
    copy = write(tmp_path / "心得.txt", TEMPLATE)
    first, _, _ = run("--library", library, copy)
    assert len([name for name in reads if name.startswith(str(library))]) == 4
    assert len(list((cache_home / "qingfeng" / "originality").glob("*.npz"))) == 1
    assert sorted(path.name for path in library.rglob("*")) == before
    reads.clear()
    second, errors, _ = run("--library", library, copy)
    assert reads == [str(copy)]
    assert second == first
    assert "损坏.docx" in errors  # still reported, from the cache


def test_a_changed_file_is_read_again_and_its_new_text_used(library, tmp_path, reads):
    copy = write(tmp_path / "心得.txt", TEMPLATE)
    run("--library", library, copy)
    reads.clear()
    write(library / "心得体会.txt", OTHERS["village"])
    [result], _, _ = run("--library", library, copy)
    assert reads == [str(library / "心得体会.txt"), str(copy)]
    assert result["matches"] == []


def test_a_file_touched_to_the_same_size_is_read_again(library, tmp_path, reads):
    copy = write(tmp_path / "心得.txt", TEMPLATE)
    run("--library", library, copy)
    reads.clear()
    status = (library / "心得体会.txt").stat()
    os.utime(library / "心得体会.txt", ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000))
    run("--library", library, copy)
    assert reads == [str(library / "心得体会.txt"), str(copy)]


def test_a_removed_file_leaves_the_index_and_an_added_one_joins_it(library, tmp_path, reads):
    copy = write(tmp_path / "心得.txt", TEMPLATE)
    run("--library", library, copy)
    reads.clear()
    (library / "心得体会.txt").unlink()
    [result], _, _ = run("--library", library, copy)
    assert result["matches"] == [] and reads == [str(copy)]
    (library / "新").mkdir()
    write(library / "新" / "范文.txt", TEMPLATE)
    [result], _, _ = run("--library", library, copy)
    assert [match["source"] for match in result["matches"]] == [os.path.join(str(library), "新", "范文.txt")]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "old format", "another engine"])
def test_a_corrupt_or_foreign_cache_is_ignored_and_rebuilt(library, tmp_path, reads, damage):
    copy = write(tmp_path / "心得.txt", TEMPLATE)
    expected, _, _ = run("--library", library, copy)
    [cache] = (Path(os.environ["XDG_CACHE_HOME"]) / "qingfeng" / "originality").glob("*.npz")
    if damage == "garbage":
        cache.write_bytes(b"\x00garbage" * 100)
    elif damage == "truncated":
        cache.write_bytes(cache.read_bytes()[:-200])
    else:
        with np.load(cache) as stored:
            meta = json.loads(stored["meta"].tobytes())
            prints = stored["prints"]
        meta["format" if damage == "old format" else "engine"] = "something else"
        np.savez(cache, meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8), prints=prints)
    reads.clear()
    results, _, code = run("--library", library, copy)
    assert (results, code) == (expected, 0)
    assert len(reads) == 5  # the four library files and the file checked
    assert len(folder.load_cache(cache, library)) == 4  # and the cache is whole again


def test_no_cache_reads_everything_and_writes_nothing(library, tmp_path, reads, monkeypatch):
    copy = write(tmp_path / "心得.txt", TEMPLATE)
    run("--library", library, copy)
    reads.clear()
    results, _, _ = run("--library", library, "--no-cache", copy)
    assert len(reads) == 5 and results[0]["flagged"]
    run("--library", library, copy)  # the cache of the first run is still there
    assert len(reads) == 6

    other = tmp_path / "其他缓存"
    monkeypatch.setenv("XDG_CACHE_HOME", str(other))
    run("--library", library, "--no-cache", copy)
    assert not other.exists()


def test_a_library_file_checked_does_not_match_itself_but_does_match_its_copies(library, tmp_path):
    write(library / "党建" / "转载.txt", TEMPLATE)
    itself = library / "心得体会.txt"
    spelled_otherwise = library / "党建" / ".." / "心得体会.txt"
    results, _, _ = run("--library", library, itself, spelled_otherwise, library / "党建" / "会议" / "组织生活会.txt")
    for result in results[:2]:
        assert [match["source"] for match in result["matches"]] == [os.path.join(str(library), "党建", "转载.txt")]
    assert results[2] == {"file": str(library / "党建" / "会议" / "组织生活会.txt"), "score": 0.0, "flagged": False,
                          "matches": []}


def test_an_unreadable_file_gets_an_error_line_and_exit_code_2_after_the_others_are_checked(library, tmp_path):
    copy = write(tmp_path / "心得.txt", TEMPLATE)
    garbage = tmp_path / "照片.txt"
    garbage.write_bytes(bytes(range(256)))
    write(tmp_path / "表.pdf", "%PDF-1.4")
    results, errors, code = run("--library", library, tmp_path / "没有.txt", copy, garbage, tmp_path / "表.pdf")
    assert code == 2
    assert results[0] == {"file": str(tmp_path / "没有.txt"), "error": f"文件「{tmp_path / '没有.txt'}」不存在"}
    assert results[1]["flagged"] is True
    assert results[2] == {"file": str(garbage), "error": f"文件「{garbage}」不是文本文件"}
    assert results[3]["error"] == f"文件「{tmp_path / '表.pdf'}」不是文本文件（.txt）或 Word 文档（.docx）"
    assert "3 个文件无法读取" in errors


def test_a_missing_library_is_an_error(tmp_path):
    copy = write(tmp_path / "心得.txt", TEMPLATE)
    results, errors, code = run("--library", tmp_path / "没有", copy)
    assert (results, code) == ([], 2)
    assert f"范文库目录「{tmp_path / '没有'}」不存在或不是目录" in errors


def test_the_threshold_can_be_set_and_defaults_to_the_engines(library, tmp_path):
    third = write(tmp_path / "心得.txt", INDEPENDENT[:120] + "".join(sentences(TEMPLATE)[4:8]) + INDEPENDENT[120:])
    [default], _, _ = run("--library", library, third)
    assert engine.THRESHOLD <= default["score"] < 0.5 and default["flagged"]
    [strict], _, _ = run("--library", library, "--threshold", "0.5", third)
    assert strict["score"] == default["score"] and not strict["flagged"]
    with pytest.raises(CommandError, match="阈值应在 0 到 1 之间"):
        call_command("originality", "check", "--library", str(library), "--threshold", "1.5", str(third))


def test_the_console_script_runs_without_a_database(library, tmp_path):
    copy = write(tmp_path / "心得.txt", "我的体会：" + COPIED + "。")
    impossible = tmp_path / "no" / "such" / "dir" / "db.sqlite3"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "QF_DATABASE_URL": f"sqlite:///{impossible}"}
    script = Path(sys.executable).parent / "qingfeng"
    command = [str(script), "originality", "check", "--library", str(library), str(copy)]
    runs = [subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
            for _ in range(2)]
    for finished in runs:
        assert finished.returncode == 0, finished.stderr
        [line] = finished.stdout.splitlines()
        assert "\\u" not in line  # Chinese as it is
        result = json.loads(line)
        assert list(result) == KEYS and result["flagged"] is True
        [[start, end, source_start, source_end]] = result["matches"][0]["spans"]
        assert copy.read_text()[start:end] == COPIED == TEMPLATE[source_start:source_end]
        assert "损坏.docx" in finished.stderr
    assert runs[0].stdout == runs[1].stdout
    assert list((tmp_path / "xdg" / "qingfeng" / "originality").glob("*.npz"))
    assert not (tmp_path / "no").exists()
