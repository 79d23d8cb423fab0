"""`qingfeng backup` and `qingfeng restore` (qingfeng/core/backup.py).

The round trip runs the commands as an operator would, in subprocesses against installs of their own (a data
dir with its SQLite file, or a database of its own in the test cluster): pytest-django's SQLite database is in
memory and its records sit in a transaction no pg_dump could see.
"""

import hashlib
import importlib.util
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import uuid
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from qingfeng.core.backup import FORMAT, FORMAT_VERSION, BackupError, unpack

ROOT = Path(__file__).resolve().parents[3]
spec = importlib.util.spec_from_file_location("table_snapshot", ROOT / "scripts" / "table_snapshot.py")
table_snapshot = importlib.util.module_from_spec(spec)
spec.loader.exec_module(table_snapshot)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Install:
    """QingFeng installed in `data_dir`; on PostgreSQL with a new database in the cluster the tests run on."""

    def __init__(self, data_dir: Path):
        self.data_dir, self.url = data_dir, None
        data_dir.mkdir()
        if connection.vendor == "postgresql":
            base = os.environ["QF_DATABASE_URL"].rpartition("/")[0]
            self.name = f"qf_backup_{uuid.uuid4().hex[:10]}"
            self.url = f"{base}/{self.name}"
            self._server(f'CREATE DATABASE "{self.name}"')

    def _server(self, sql: str) -> None:
        with psycopg.connect(self.url.rpartition("/")[0] + "/postgres", autocommit=True) as server:
            server.execute(sql)

    def drop(self) -> None:
        if self.url:
            self._server(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        # manage.py imports the qingfeng beside it, wherever the venv's editable install points.
        env = {key: value for key, value in os.environ.items() if not key.startswith("QF_")}
        env["QF_DATA_DIR"] = str(self.data_dir)
        if self.url:
            env["QF_DATABASE_URL"] = self.url
        result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True,
                                text=True, timeout=300, check=False)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    def _connect(self):
        if self.url:
            return psycopg.connect(self.url), "postgres"
        return sqlite3.connect(self.data_dir / "qingfeng.sqlite3"), "sqlite"

    def execute(self, sql: str) -> None:
        database, _ = self._connect()
        with closing(database):
            database.execute(sql)
            database.commit()

    def rows(self) -> dict[str, tuple[int, str]]:
        """Every table's row count and a hash of all its rows, read with plain SQL."""
        database, engine = self._connect()
        found = {}
        with closing(database):
            cursor = database.cursor()
            for table in table_snapshot.tables(cursor, engine):
                cursor.execute(f'SELECT * FROM "{table}"')
                rows = sorted(repr(row) for row in cursor.fetchall())
                found[table] = (len(rows), sha256("\n".join(rows).encode()))
        return found

    def files(self) -> dict[str, str]:
        media = self.data_dir / "media"
        return {path.relative_to(media).as_posix(): sha256(path.read_bytes())
                for path in media.rglob("*") if path.is_file()}


@pytest.fixture
def new_install(tmp_path):
    made = []

    def make(name: str) -> Install:
        made.append(Install(tmp_path / name))
        return made[-1]

    yield make
    for install in made:
        install.drop()


def test_a_populated_demo_comes_back_row_for_row_and_file_for_file(new_install, tmp_path):
    source = new_install("source")
    source.run("shell", "-c", "from django.core.management import call_command as run; "
               "run('migrate', verbosity=0); run('load_demo', verbosity=0)")
    media = source.data_dir / "media"
    (media / "study" / "2026" / "05").mkdir(parents=True)
    (media / "study" / "2026" / "05" / "学习材料.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (media / "exports").mkdir()
    (media / "exports" / "7-0123456789ab.xlsx").write_bytes(os.urandom(300_000))  # several blocks, incompressible
    (media / "exports" / "empty.txt").write_bytes(b"")
    archive = tmp_path / "qingfeng.tar.gz"
    source.run("backup", str(archive))
    assert archive.stat().st_mode & 0o077 == 0, "the archive holds password hashes: its owner's alone"

    rows, files = source.rows(), source.files()
    assert rows["orgs_member"][0] >= 150 and rows["ledger_evidence"][0] > 0 and rows["django_migrations"][0] > 0
    assert len(files) > 50 and "exports/empty.txt" in files

    target = new_install("target")
    restored = target.run("restore", str(archive))
    assert "校验和一致" in restored.stdout
    assert target.rows() == rows
    assert target.files() == files

    # --force puts the backup's state back over a changed install
    target.execute("UPDATE auth_user SET first_name = 'changed'")
    (target.data_dir / "media" / "exports" / "7-0123456789ab.xlsx").unlink()
    target.run("restore", "--force", str(archive))
    assert target.rows() == rows
    assert target.files() == files
    # the id sequences came back too: a new row does not collide with a restored one
    target.execute("INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff,"
                   " is_active, date_joined) VALUES ('', false, 'new', '', '', '', false, true, CURRENT_TIMESTAMP)")


def test_it_refuses_a_database_that_holds_data(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = _archive(tmp_path / "backup.tar.gz", SOUND)

    with pytest.raises(CommandError, match="目标数据库不是空的.*--force"):
        call_command("restore", str(archive))
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.iterdir())


def test_it_refuses_a_media_root_that_holds_files(new_install, tmp_path):
    target = new_install("target")
    (target.data_dir / "media" / "evidence").mkdir(parents=True)
    (target.data_dir / "media" / "evidence" / "photo.png").write_bytes(b"png")
    archive = _archive(tmp_path / "backup.tar.gz", {"database.sqlite3": b"SQLite format 3\x00"})

    refused = target.run("restore", str(archive), check=False)

    assert refused.returncode == 1 and "MEDIA_ROOT" in refused.stderr and "evidence/photo.png" in refused.stderr
    assert (target.data_dir / "media" / "evidence" / "photo.png").read_bytes() == b"png"


# --- the archive is checked whole before anything is restored ---

DATABASE = b"SQLite format 3\x00" + bytes(200)
PHOTO = os.urandom(100_000)


def _archive(path: Path, members: dict[str, bytes], manifest: bool = True, **changes) -> Path:
    """A .tar.gz of `members` and, last, a manifest listing them with their checksums, then `changes`."""
    listed = {"format": FORMAT, "format_version": FORMAT_VERSION, "app_version": "0.1.0",
              "created_at": "2026-05-01T02:00:00+00:00", "database": {"vendor": "sqlite", "file": "database.sqlite3"},
              "migrations": {"core": "0001_initial"}, "tables": {"auth_user": 3},
              "files": {name: sha256(data) for name, data in members.items()}}
    listed.update(changes)
    if manifest:
        members = {**members, "manifest.json": json.dumps(listed).encode()}
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _refused(tmp_path, archive: Path, vendor: str = "sqlite") -> str:
    into = Path(tempfile.mkdtemp(dir=tmp_path))
    with pytest.raises(BackupError) as refusal:
        unpack(archive, into, vendor)
    return str(refusal.value)


SOUND = {"database.sqlite3": DATABASE, "media/evidence/2026/05/整改照片.png": PHOTO}


def test_a_sound_archive_unpacks_with_its_manifest(tmp_path):
    into = tmp_path / "staging"
    into.mkdir()

    manifest = unpack(_archive(tmp_path / "b.tar.gz", SOUND), into, "sqlite")

    assert manifest["tables"] == {"auth_user": 3}
    assert (into / "database.sqlite3").read_bytes() == DATABASE
    assert (into / "media/evidence/2026/05/整改照片.png").read_bytes() == PHOTO


def test_it_refuses_a_missing_file_or_one_that_is_no_gzipped_tar(tmp_path):
    assert "备份文件不存在" in _refused(tmp_path, tmp_path / "nothing.tar.gz")
    (tmp_path / "notes.txt").write_text("这不是备份")
    assert "不是 .tar.gz 归档" in _refused(tmp_path, tmp_path / "notes.txt")


def test_it_refuses_a_truncated_archive(tmp_path):
    archive = _archive(tmp_path / "b.tar.gz", SOUND)
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])

    assert "已损坏" in _refused(tmp_path, archive)


def test_it_refuses_a_foreign_archive(tmp_path):
    assert "不是清风的备份文件（其中有 notes.txt）" in _refused(
        tmp_path, _archive(tmp_path / "a.tar.gz", {"notes.txt": b"x"}, manifest=False))
    assert "没有 manifest.json" in _refused(
        tmp_path, _archive(tmp_path / "b.tar.gz", {"database.sqlite3": DATABASE}, manifest=False))
    assert "不是清风的格式" in _refused(tmp_path, _archive(tmp_path / "c.tar.gz", SOUND, format="other-backup"))


def test_it_refuses_files_that_differ_from_the_manifest(tmp_path):
    tampered = _archive(tmp_path / "a.tar.gz", SOUND, files={**{n: sha256(d) for n, d in SOUND.items()},
                                                              "media/evidence/2026/05/整改照片.png": sha256(b"other")})
    assert "media/evidence/2026/05/整改照片.png 校验和不符" in _refused(tmp_path, tampered)

    lost = _archive(tmp_path / "b.tar.gz", SOUND, files={**{n: sha256(d) for n, d in SOUND.items()},
                                                          "media/study/material.pdf": sha256(b"pdf")})
    assert "缺少 media/study/material.pdf" in _refused(tmp_path, lost)


def test_it_refuses_a_backup_of_the_other_database(tmp_path):
    postgres = _archive(tmp_path / "a.tar.gz", {"database.pgdump": b"PGDMP"},
                        database={"vendor": "postgresql", "file": "database.pgdump"})
    assert "来自 PostgreSQL 数据库，当前配置的是 SQLite" in _refused(tmp_path, postgres, "sqlite")
    assert "来自 SQLite 数据库，当前配置的是 PostgreSQL" in _refused(
        tmp_path, _archive(tmp_path / "b.tar.gz", SOUND), "postgresql")


def test_it_refuses_a_newer_format_or_a_newer_release(tmp_path):
    assert "格式（第 2 版）" in _refused(tmp_path, _archive(tmp_path / "a.tar.gz", SOUND, format_version=2))
    newer = _archive(tmp_path / "b.tar.gz", SOUND, app_version="9.0.0", migrations={"core": "9999_from_the_future"})
    refusal = _refused(tmp_path, newer)
    assert "来自更新的清风 9.0.0" in refusal and "core.9999_from_the_future" in refusal


def test_it_never_writes_outside_its_folder(tmp_path):
    for name in ["media/../../escaped.txt", "/tmp/escaped.txt", "media"]:
        members = {"database.sqlite3": DATABASE, name: b"x"}
        assert "不是清风的备份文件" in _refused(tmp_path, _archive(tmp_path / "a.tar.gz", members))
    assert not (tmp_path / "escaped.txt").exists()
