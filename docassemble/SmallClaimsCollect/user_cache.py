"""The user's cache folder: things the package builds once and keeps between runs (compiled
templates, the Word template). Each entry is named by a checksum of what it was made from, so a
changed source makes a new entry; a folder that cannot be read or written is no error."""

from __future__ import annotations

import os
from pathlib import Path

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


def read_cached(name: str) -> bytes | None:
    """The entry ``name``, or None when there is none (or no cache)."""
    folder = cache_folder()
    try:
        return (folder / name).read_bytes() if folder else None
    except OSError:
        return None


def write_cached(name: str, data: bytes) -> None:
    """Keep ``data`` as the entry ``name``: written beside it and renamed, so a reader never sees
    half of it; nothing happens when the cache cannot be written."""
    folder = cache_folder()
    if folder is None:
        return
    temp = folder / f"{name}.{os.getpid()}.tmp"
    try:
        temp.write_bytes(data)
        os.replace(temp, folder / name)
    except OSError:
        temp.unlink(missing_ok=True)
