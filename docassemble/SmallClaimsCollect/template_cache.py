"""Jinja templates compiled once and kept between runs in the user's cache folder, so each
command does not parse and compile the same templates again. A template whose source changes
gets a new entry (the key is its checksum); a cache folder that cannot be written is no error."""

from __future__ import annotations

import hashlib

from jinja2 import Environment, FileSystemBytecodeCache, meta
from jinja2.bccache import Bucket

from .user_cache import cache_folder, read_cached, write_cached


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
    entry = f"names-{hashlib.sha256(source.encode('utf-8')).hexdigest()[:32]}.txt"
    kept = read_cached(entry)
    if kept is not None and kept.isascii():  # names are identifiers; anything else is a damaged entry
        return frozenset(kept.decode("ascii").split())
    names = frozenset(meta.find_undeclared_variables(env.parse(source)))
    write_cached(entry, "\n".join(sorted(names)).encode("utf-8"))
    return names
