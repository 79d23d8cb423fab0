"""`qingfeng originality import`: files, .zip archives and whole folders into an org's template library.

Unlike the web import (all or nothing, at most library.MAX_FILES texts), a folder of tens of thousands of
texts goes in in batches, each saved and indexed in one transaction, and a file that cannot be read is
reported and skipped: one bad file does not lose a night's import.
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from qingfeng.core import audit
from qingfeng.core.permissions import can
from qingfeng.core.texts import UnreadableText
from qingfeng.orgs.models import Org

from . import engine, library
from .folder import read_file, text_files

BATCH = 100  # texts per transaction, and how often progress is told


@dataclass
class Imported:
    texts: int = 0
    unreadable: list[str] = field(default_factory=list)  # why each skipped file was, in Chinese


def files_under(paths: list[str]) -> Iterator[str]:
    """Each path given, and every .txt and .docx file in the folders given (recursively, in name order)."""
    for given in paths:
        if os.path.isdir(given):
            for name in text_files(Path(given)):
                yield os.path.join(given, name)
        else:
            yield given


def read_path(name: str) -> tuple[list[library.Incoming], list[str]]:
    """The texts of a .txt, .docx or .zip file on disk, and why any of them cannot be read."""
    try:
        size = os.path.getsize(name)
    except OSError:
        size = 0  # read_file says why it cannot be read
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        return [], [f"文件「{name}」大小为 {size / 1024 / 1024:.1f} MB，超过 {limit / 1024 / 1024:g} MB 上限"]
    if name.lower().endswith(".zip"):
        try:
            data = Path(name).read_bytes()
        except OSError as error:
            return [], [f"无法读取文件「{name}」：{error.strerror or error}"]
        return library.read_zip(data, name)
    try:
        return [library.Incoming(name, read_file(name))], []
    except UnreadableText as error:
        return [], [str(error)]


def import_paths(user, org, paths: list[str], source: str = "", progress: Callable[[int], None] = lambda n: None,
                 warn: Callable[[str], None] = lambda message: None) -> Imported:
    """Add every readable text under `paths` to `org`'s library as `user`, BATCH at a time; an unreadable or
    empty file goes to `warn` and is skipped. `progress` hears the count imported after each batch."""
    done = Imported()
    batch: list[library.Incoming] = []

    def flush():
        library.add(user, org, batch, source)
        done.texts += len(batch)
        batch.clear()
        progress(done.texts)

    for name in files_under(paths):
        items, errors = read_path(name)
        for item in items:
            if not len(engine.normalize(item.text)):
                errors.append(f"文件「{item.name}」中没有文字")
                continue
            batch.append(item)
            if len(batch) >= BATCH:
                flush()
        for message in errors:
            done.unreadable.append(message)
            warn(message)
    if batch:
        flush()
    if done.texts:
        audit.record("originality.library_import", user=user, org=org, detail=f"{done.texts} 篇（命令行导入）")
    return done


class Refused(ValueError):
    """The import cannot start: the org or the user is unknown, or the user may not manage its library."""


def user_and_org(username: str, org_code: str):
    """(the user, the org) of an import, or Refused saying why not."""
    org = Org.objects.filter(code=org_code).first()
    if org is None:
        raise Refused(f"没有编码为「{org_code}」的组织")
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise Refused(f"没有用户名为「{username}」的有效账号")
    if not can(user, "manage_library", org):
        raise Refused(f"用户「{username}」无权管理{org.name}的范文库（须是该组织或上级组织的党务管理员或书记）")
    return user, org
