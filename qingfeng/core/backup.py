"""Backup and restore: the database and every file under MEDIA_ROOT in one .tar.gz archive.

The archive holds, in this order:

    database.sqlite3 | database.pgdump   SQLite's online backup copy, or `pg_dump --format=custom`
    media/<path>                         every file under MEDIA_ROOT (evidence, study materials, job results)
    manifest.json                        format and app version, creation time, database vendor, each app's
                                         latest migration, row counts per table, sha256 of every member above

The database is copied first and the files after it, so every file a row names is in the archive. The
manifest comes last: a checksum is that of the bytes written, known only once they are.
With files in an object store (QF_S3_BUCKET) the archive holds the database only, and says so in the
manifest ("files_in_object_store"): the bucket's objects are backed up by the object store's own tools
(versioning, replication, `mc mirror`; docs/deploy.md), and such an install restores no archive's files.
`qingfeng backup` and `qingfeng restore` (core/management/commands/) call `backup` and `restore`.
"""

import datetime
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader

from .uploads import local_path

FORMAT = "qingfeng-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# libpq reads the rest of the connection from these variables, as Django's psycopg does from OPTIONS.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT", "passfile": "PGPASSFILE", "service": "PGSERVICE", "options": "PGOPTIONS",
}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message tells the person running it why."""


def app_version() -> str:
    try:
        return metadata.version("qingfeng")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- backup ---


def backup(archive: Path) -> dict:
    """Write the database and MEDIA_ROOT's files into `archive` (replaced whole, or left as it was on failure);
    return the manifest."""
    vendor = _vendor()
    archive = Path(archive).absolute()
    media_root = Path(settings.MEDIA_ROOT).absolute()
    in_object_store = files_in_object_store()
    if not in_object_store and archive.is_relative_to(media_root):
        raise BackupError(f"备份文件不能放在 MEDIA_ROOT（{media_root}）里面：它会把自己也备份进去")
    if not archive.parent.is_dir():
        raise BackupError(f"目录不存在：{archive.parent}")
    partial = archive.with_name(archive.name + ".partial")
    with tempfile.TemporaryDirectory(prefix=".qingfeng-backup-", dir=archive.parent) as scratch:
        dump = Path(scratch) / DATABASE_MEMBERS[vendor]
        census = _dump_sqlite(dump) if vendor == "sqlite" else _dump_postgres(dump)
        try:
            # Owner-only: the archive holds password hashes and members' personal data.
            with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out, \
                    tarfile.open(fileobj=out, mode="w:gz", compresslevel=6) as tar:
                files = {dump.name: _add(tar, dump, dump.name)}
                for path in [] if in_object_store else _files_under(media_root):
                    name = f"{MEDIA}/{path.relative_to(media_root).as_posix()}"
                    try:
                        files[name] = _add(tar, path, name)
                    except FileNotFoundError:  # deleted since the database was copied (an expired export)
                        continue
                manifest = {
                    "format": FORMAT, "format_version": FORMAT_VERSION, "app_version": app_version(),
                    "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                    "database": {"vendor": vendor, "file": dump.name},
                    "migrations": census["migrations"], "tables": census["tables"], "files": files,
                    "files_in_object_store": in_object_store,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.datetime.now().timestamp())
                tar.addfile(info, io.BytesIO(data))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, archive)
    return manifest


def files_in_object_store() -> bool:
    """Uploads and job files live in an object store (QF_S3_BUCKET), not under MEDIA_ROOT."""
    return local_path("") is None


class _Hashing:
    """A file whose reads also feed a sha256: the checksum of exactly the bytes tar wrote."""

    def __init__(self, file):
        self.file, self.sha256 = file, hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def _add(tar: tarfile.TarFile, path: Path, name: str) -> str:
    with open(path, "rb") as file:
        info = tar.gettarinfo(arcname=name, fileobj=file)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        hashing = _Hashing(file)
        tar.addfile(info, hashing)
    return hashing.sha256.hexdigest()


def _files_under(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def _census(cursor, tables) -> dict:
    """Row counts per table and each app's latest migration, read with `cursor` (Django's or sqlite3's)."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    migrations = {}
    if "django_migrations" in counts:
        cursor.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app ORDER BY app")
        migrations = dict(cursor.fetchall())
    return {"tables": counts, "migrations": migrations}


def _dump_sqlite(dest: Path) -> dict:
    connection.ensure_connection()
    copy = sqlite3.connect(dest)
    try:
        # SQLite's online backup: a consistent copy while the site keeps writing.
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        return _census(cursor, [row[0] for row in cursor.fetchall()])
    finally:
        copy.close()


def _dump_postgres(dest: Path) -> dict:
    pg_dump = _pg_tool("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        # pg_dump reads the snapshot this transaction exports: the counts describe the very data it dumps.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        census = _census(cursor, connection.introspection.table_names(cursor))
        _run_pg([pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={dest}"])
    return census


# --- restore ---


def restore(archive: Path, force: bool = False) -> dict:
    """Bring the archive's database and files back into the configured database and MEDIA_ROOT; return its
    manifest. Refuses a target that holds data unless `force`. The caller migrates afterwards."""
    vendor = _vendor()
    archive = Path(archive)
    if not force and (holding := target_holds_data()):
        raise BackupError(f"{holding}。只能恢复到空的数据库和空的 MEDIA_ROOT；确定要覆盖，请加 --force")
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    # Beside MEDIA_ROOT, so the files move into place by renaming.
    staging = Path(tempfile.mkdtemp(prefix=".qingfeng-restore-", dir=media_root.parent))
    try:
        manifest = unpack(archive, staging, vendor)
        if files_in_object_store() and (count := sum(name.startswith(f"{MEDIA}/") for name in manifest["files"])):
            raise BackupError(f"这份备份含有 {count} 个文件，而当前的文件存储是对象存储（QF_S3_BUCKET），"
                              "恢复不会写入它："
                              "请先不设 QF_S3_BUCKET 恢复，再用对象存储的工具把 MEDIA_ROOT 中的文件上传到存储桶")
        database = staging / DATABASE_MEMBERS[vendor]
        if vendor == "sqlite":
            _restore_sqlite(database)
        else:
            _restore_postgres(database)
        _check_counts(manifest["tables"])
        for name in manifest["files"]:
            if name.startswith(f"{MEDIA}/"):
                target = media_root / name.removeprefix(f"{MEDIA}/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(staging / name, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


def target_holds_data() -> str:
    """Why the configured database and MEDIA_ROOT are not an empty install ("" when they are)."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                return f"目标数据库不是空的（表 {table} 中有数据）"
    media_root = Path(settings.MEDIA_ROOT)
    if not files_in_object_store() and (found := _files_under(media_root)):
        return f"MEDIA_ROOT（{media_root}）中已有文件（如 {found[0].relative_to(media_root)}）"
    return ""


def unpack(archive: Path, into: Path, vendor: str) -> dict:
    """Extract `archive` into the folder `into` and check it whole before anything is restored: a QingFeng
    backup of a format this code reads, from `vendor`'s database, from this release or an older one, every
    member listed in the manifest with its checksum. Returns the manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"备份文件不存在：{archive}")
    ours = DATABASE_MEMBERS[vendor]
    digests, manifest = {}, None
    try:
        with tarfile.open(archive, "r|gz") as tar:
            for member in tar:
                name = member.name
                if name in DATABASE_MEMBERS.values() and name != ours:
                    raise BackupError(_wrong_vendor(next(v for v, n in DATABASE_MEMBERS.items() if n == name), vendor))
                if not member.isfile() or not (name in (MANIFEST, ours) or _is_media_name(name)):
                    raise BackupError(f"{archive} 不是清风的备份文件（其中有 {name}）")
                if name in digests or (name == MANIFEST and manifest is not None):
                    raise BackupError(f"备份文件已损坏：{name} 出现了两次")
                if name == MANIFEST:
                    manifest = tar.extractfile(member).read()
                else:
                    digests[name] = _extract(tar.extractfile(member), into / name)
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise BackupError(f"备份文件已损坏或不是 .tar.gz 归档：{archive}（{error}）") from error
    manifest = _read_manifest(manifest, archive)
    _check_manifest(manifest, vendor)
    listed = manifest["files"]
    problems = ([f"缺少 {name}" for name in sorted(listed.keys() - digests.keys())]
                + [f"清单外的 {name}" for name in sorted(digests.keys() - listed.keys())]
                + [f"{name} 校验和不符" for name in sorted(listed.keys() & digests.keys())
                   if listed[name] != digests[name]])
    if ours not in listed:
        problems.insert(0, f"缺少数据库 {ours}")
    if problems:
        shown = "；".join(problems[:5]) + (f"；等 {len(problems)} 处" if len(problems) > 5 else "")
        raise BackupError(f"备份文件已损坏：{shown}")
    return manifest


def _is_media_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (path.as_posix() == name and not path.is_absolute() and len(path.parts) > 1
            and path.parts[0] == MEDIA and ".." not in path.parts)


def _extract(source, dest: Path) -> str:
    dest.parent.mkdir(parents=True, exist_ok=True)
    sha256 = hashlib.sha256()
    with open(dest, "xb") as out:
        while data := source.read(CHUNK):
            sha256.update(data)
            out.write(data)
    return sha256.hexdigest()


def _read_manifest(data: bytes | None, archive: Path) -> dict:
    if data is None:
        raise BackupError(f"{archive} 不是清风的备份文件（没有 {MANIFEST}）")
    try:
        manifest = json.loads(data)
    except ValueError as error:
        raise BackupError(f"备份文件已损坏：{MANIFEST} 无法读取（{error}）") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} 不是清风的备份文件（{MANIFEST} 不是清风的格式）")
    return manifest


def _check_manifest(manifest: dict, vendor: str) -> None:
    try:
        version, theirs = manifest["format_version"], manifest["database"]["vendor"]
        migrations, files, tables = manifest["migrations"], manifest["files"], manifest["tables"]
        if not (isinstance(version, int) and isinstance(files, dict) and isinstance(tables, dict)
                and isinstance(migrations, dict)):
            raise TypeError
    except (KeyError, TypeError) as error:
        raise BackupError(f"备份文件已损坏：{MANIFEST} 不完整") from error
    made_by = manifest.get("app_version", "unknown")
    if version > FORMAT_VERSION:
        raise BackupError(f"这份备份的格式（第 {version} 版）比本版本清风能读的（第 {FORMAT_VERSION} 版）新："
                          f"请安装生成它的清风 {made_by} 或更新的版本再恢复")
    if theirs != vendor:
        raise BackupError(_wrong_vendor(theirs, vendor))
    loader = MigrationLoader(None, ignore_no_migrations=True)
    # A squashed migration still answers to the names it replaced.
    known = set(loader.disk_migrations) | {old for m in loader.disk_migrations.values() for old in m.replaces}
    unknown = sorted(f"{app}.{name}" for app, name in migrations.items()
                     if app in loader.migrated_apps and (app, name) not in known)
    if unknown:
        raise BackupError(f"这份备份来自更新的清风 {made_by}，本版本不认识它的迁移 {', '.join(unknown)}："
                          "请安装该版本或更新的版本再恢复")


def _wrong_vendor(theirs: str, ours: str) -> str:
    return (f"这份备份来自 {VENDOR_NAMES.get(theirs, theirs)} 数据库，当前配置的是 {VENDOR_NAMES[ours]}："
            "只能恢复到同一种数据库")


def _restore_sqlite(copy: Path) -> None:
    if connection.is_in_memory_db():
        raise BackupError("当前的 SQLite 数据库在内存中，无法恢复到它")
    connection.close()
    target = Path(connection.settings_dict["NAME"])
    placed = target.with_name(target.name + ".restoring")
    shutil.move(copy, placed)
    # The old database's write-ahead log must not be replayed into the restored one.
    for leftover in (f"{target}-wal", f"{target}-shm"):
        Path(leftover).unlink(missing_ok=True)
    os.replace(placed, target)


def _restore_postgres(dump: Path) -> None:
    pg_restore = _pg_tool("pg_restore")
    with connection.cursor() as cursor:
        # Empty tables (or, with --force, full ones): pg_restore creates every table itself.
        if tables := connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE {', '.join(map(connection.ops.quote_name, tables))} CASCADE")
    connection.close()
    _run_pg([pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             "--no-password", f"--dbname={connection.settings_dict['NAME']}", str(dump)])


def _check_counts(expected: dict) -> None:
    wrong = []
    with connection.cursor() as cursor:
        for table, count in expected.items():
            try:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            except DatabaseError:
                wrong.append(f"表 {table} 不存在")
                continue
            if (restored := cursor.fetchone()[0]) != count:
                wrong.append(f"表 {table} 备份时 {count} 行，恢复后 {restored} 行")
    if wrong:
        raise BackupError(f"恢复后的数据库与备份不符：{'；'.join(wrong[:5])}")


# --- both ---


def _vendor() -> str:
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(f"只能备份和恢复 SQLite 或 PostgreSQL 数据库，当前是 {connection.vendor}")
    return connection.vendor


def _pg_tool(name: str) -> str:
    # The newest client first: pg_dump refuses a server newer than itself. Debian puts each version's tools
    # in /usr/lib/postgresql/<version>/bin (scripts/with-postgres.sh finds initdb there too).
    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                       key=lambda path: [int(n) for n in re.findall(r"\d+", path.parent.parent.name)])
    if found := (str(installed[-1]) if installed else shutil.which(name)):
        return found
    raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）")


def _run_pg(command: list[str]) -> None:
    """Run a PostgreSQL client with the settings' connection in libpq's variables: never a password on a
    command line, where `ps` shows it to everyone."""
    db = connection.settings_dict
    env = dict(os.environ)
    for key, variable in [("NAME", "PGDATABASE"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                          ("HOST", "PGHOST"), ("PORT", "PGPORT")]:
        if db.get(key):
            env[variable] = str(db[key])
    for key, variable in LIBPQ_OPTIONS.items():
        if db["OPTIONS"].get(key):
            env[variable] = str(db["OPTIONS"][key])
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise BackupError(f"{Path(command[0]).name} 失败：{result.stderr.strip()}")
