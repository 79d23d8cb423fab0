"""A folder of .txt and .docx files as an originality library, for `qingfeng originality check`.

Reading a .docx and fingerprinting it takes far longer than checking a text against the index, so
every file's text and fingerprints are cached between runs, outside the folder (it may be read-only
or shared), and a file is read again only when its modification time or size changed.
No database: the command works on plain files.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from qingfeng.core.texts import TEXT_SUFFIXES, UnreadableText, read_text

from . import engine

FORMAT = "qingfeng-originality-folder/1"


@cache
def engine_stamp() -> str:
    """Changes whenever the engine's fingerprints would (K, W, the hash, the normalization table),
    so a cache written by another version is rebuilt rather than silently matching nothing."""
    probe = "以習近平新時代中國特色社會主義思想為指導，增强“四个意识”、坚定“四个自信”ＡＢＣ123"
    return hashlib.sha256(engine.fingerprints(probe).tobytes()).hexdigest()[:16]


@dataclass
class Entry:
    mtime_ns: int
    size: int
    text: str | None = None  # None when the file could not be read
    error: str | None = None  # why not, in Chinese
    prints: np.ndarray | None = None


def read_file(path: str | os.PathLike) -> str:
    """The text of a .txt or .docx file on disk; UnreadableText (a Chinese message naming it) if it cannot be."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as error:
        raise UnreadableText(f"文件「{path}」不存在") from error
    except IsADirectoryError as error:
        raise UnreadableText(f"「{path}」是目录，不是文件") from error
    except PermissionError as error:
        raise UnreadableText(f"没有读取文件「{path}」的权限") from error
    except OSError as error:
        raise UnreadableText(f"无法读取文件「{path}」：{error.strerror or error}") from error
    return read_text(data, str(path))


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec: a relative or empty value is ignored.
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "qingfeng" / "originality"


def cache_path(folder: Path) -> Path:
    """One cache file per library folder, named by a hash of its absolute path."""
    digest = hashlib.sha256(os.fsencode(folder.resolve())).hexdigest()[:24]
    return cache_dir() / f"{digest}.npz"


def load_cache(path: Path, folder: Path) -> dict[str, Entry]:
    """The entries cached for `folder`, or none when the file is missing, corrupt or of another format."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            meta = json.loads(stored["meta"].tobytes().decode("utf-8"))
            prints = stored["prints"]
        if (meta["format"], meta["engine"], meta["folder"]) != (FORMAT, engine_stamp(), str(folder.resolve())):
            return {}
        files = meta["files"]
        counts = [count for *_, count in files]
        if prints.dtype != np.int64 or sum(counts) != len(prints):
            return {}
        entries = {}
        for (name, mtime_ns, size, text, error, _), array in zip(files, np.split(prints, np.cumsum(counts)[:-1]),
                                                                 strict=True):
            if not isinstance(text, str | None) or not isinstance(error, str | None):
                return {}
            entries[name] = Entry(int(mtime_ns), int(size), text, error, array if text is not None else None)
        return entries
    except (OSError, EOFError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
        return {}


def save_cache(path: Path, folder: Path, entries: dict[str, Entry]) -> None:
    """Written beside its final name and renamed over it: a run that is interrupted leaves the old cache whole."""
    files = [[name, entry.mtime_ns, entry.size, entry.text, entry.error,
              0 if entry.prints is None else len(entry.prints)] for name, entry in entries.items()]
    meta = json.dumps({"format": FORMAT, "engine": engine_stamp(), "folder": str(folder.resolve()), "files": files},
                      ensure_ascii=False).encode("utf-8")
    arrays = [entry.prints for entry in entries.values() if entry.prints is not None]
    prints = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.stem, suffix=".tmp", delete=False) as handle:
        try:
            np.savez(handle, meta=np.frombuffer(meta, dtype=np.uint8), prints=prints.astype(np.int64))
        except BaseException:
            handle.close()
            Path(handle.name).unlink()
            raise
    os.replace(handle.name, path)


def text_files(folder: Path) -> dict[str, os.stat_result]:
    """Every .txt and .docx file under `folder`, by path relative to it; other files are not library texts."""
    found = {}
    for directory, subdirectories, names in os.walk(folder):
        subdirectories.sort()
        for name in sorted(names):
            if Path(name).suffix.lower() in TEXT_SUFFIXES:
                path = os.path.join(directory, name)
                try:
                    found[os.path.relpath(path, folder)] = os.stat(path)
                except OSError:
                    continue  # removed while we walked, or a dangling link
    return found


@dataclass
class FolderLibrary:
    library: engine.Library
    paths: dict[str, object]  # the resolved path of each library file -> its key in `library`

    def key_of(self, path: str | os.PathLike):
        """The library key of the file at `path` when it is itself in the library, else None."""
        return self.paths.get(str(Path(path).resolve()))


def index_folder(folder: str, use_cache: bool = True, warn: Callable[[str], None] = lambda message: None,
                 ) -> FolderLibrary:
    """The library of every readable text under `folder`, each keyed by its path as given (`folder` joined
    with the path inside it). Unreadable files are passed to `warn` and left out."""
    root = Path(folder)
    stored = cache_path(root)
    cached = load_cache(stored, root) if use_cache else {}
    entries: dict[str, Entry] = {}
    changed = False
    for name, status in text_files(root).items():
        entry = cached.get(name)
        if entry is None or (entry.mtime_ns, entry.size) != (status.st_mtime_ns, status.st_size):
            entry = Entry(status.st_mtime_ns, status.st_size)
            try:
                entry.text = read_file(root / name)
            except UnreadableText as error:
                entry.error = str(error)
            changed = True
        entries[name] = entry
    changed = changed or cached.keys() != entries.keys()

    library = engine.Library()
    paths = {}
    resolved = root.resolve()
    for name, entry in entries.items():
        key = os.path.join(folder, name)
        if entry.text is None:
            warn(entry.error)
            continue
        entry.prints = library.add(key, entry.text, entry.prints)
        paths[os.path.join(resolved, name)] = key
    if use_cache and (changed or not stored.exists()):
        try:
            save_cache(stored, root, entries)
        except OSError as error:  # a read-only home: the check still runs, only slower next time
            warn(f"无法写入缓存「{stored}」：{error.strerror or error}")
    return FolderLibrary(library, paths)
