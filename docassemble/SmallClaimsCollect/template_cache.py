"""Jinja templates compiled once and kept between runs in the user's cache folder, so each
command does not parse and compile the same templates again. A template whose source changes
gets a new entry (the key is its checksum); a cache folder that cannot be written is no error."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, meta
from jinja2.bccache import Bucket

CACHE_ENV = "SMALLCLAIMS_TEMPLATE_CACHE"  # a folder to use instead; "off" keeps nothing


def cache_folder() -> Path | None:
    """$SMALLCLAIMS_TEMPLATE_CACHE, else ~/.cache/smallclaims-collect/templates; None when off or
    when it cannot be made."""
    given = os.environ.get(CACHE_ENV)
    if given == "off":
        return None
    folder = Path(given) if given else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "smallclaims-collect" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


class QuietBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, ignoring a file it cannot read or write (the template is compiled instead)."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def bytecode_cache() -> QuietBytecodeCache | None:
    folder = cache_folder()
    return QuietBytecodeCache(str(folder)) if folder else None


def names_used(env: Environment, name: str) -> frozenset[str]:
    """The undeclared names template ``name`` reads, kept beside its compiled code."""
    source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
    folder = cache_folder()
    path = folder / f"names-{hashlib.sha256(source.encode('utf-8')).hexdigest()[:32]}.txt" if folder else None
    if path is not None:
        try:
            return frozenset(path.read_text(encoding="utf-8").split())
        except OSError:
            pass
    names = frozenset(meta.find_undeclared_variables(env.parse(source)))
    if path is not None:
        try:
            temp = path.with_suffix(f".{os.getpid()}.tmp")
            temp.write_text("\n".join(sorted(names)), encoding="utf-8")
            os.replace(temp, path)
        except OSError:
            pass
    return names
