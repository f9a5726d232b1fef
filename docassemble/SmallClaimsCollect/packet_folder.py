"""The packet folder: the court's copy, the person's copy, the calendar, the Word copies and a
manifest of them all; written whole or not at all, and recognised when already complete."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__
from .errors import InputError
from .rules import OVERRIDE_ENV
from .packet_assembly import COURT, Packet, PacketDocument, bind
from .packet_calendar import packet_calendar
from .pleadings import DOCUMENTS

COURT_PACKET, USER_PACKET, CALENDAR, MANIFEST = "court-packet.pdf", "user-packet.pdf", "deadlines.ics", "manifest.json"
DATA = Path(__file__).parent / "data"


def packet_files(packet: Packet, inputs: str) -> dict[str, bytes]:
    """Every file of ``packet``'s folder by name, the manifest last. ``inputs``: the fingerprint of
    what the packet was made from (``inputs_fingerprint``), kept in the manifest."""
    files: dict[str, bytes] = {}
    court = packet.court
    if court:
        files[COURT_PACKET] = bind(court)
    files[USER_PACKET] = bind(packet.documents)
    files[CALENDAR] = packet_calendar(packet.plan, packet.case.district_number, packet.as_of)
    for document in packet.documents:
        if document.docx is not None:
            files[f"{document.name}.docx"] = document.docx
    files[MANIFEST] = (json.dumps(_manifest(packet, files, inputs), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return files


def _manifest(packet: Packet, files: dict[str, bytes], inputs: str) -> dict[str, Any]:
    plan, report = packet.plan, packet.report
    documents, user_page, court_page = [], 1, 1
    for document in packet.documents:
        entry: dict[str, Any] = {
            "title": document.title,
            _key_name(document): document.key,
            **({"to": document.to} if document.to else {}),
            "kind": document.kind, "pages": document.pages, "sha256": _sha256(document.pdf),
            USER_PACKET: [user_page, user_page + document.pages - 1],
        }
        user_page += document.pages
        if document.copy == COURT:
            entry[COURT_PACKET] = [court_page, court_page + document.pages - 1]
            court_page += document.pages
        if document.docx is not None:
            entry["word"] = f"{document.name}.docx"
        if document.missing:
            entry["missing"] = document.missing
        entry.update(document.fitting)
        documents.append(entry)
    return {
        "generator": f"smallclaims-collect {__version__}",
        "inputs": inputs,
        "case": report["case"],
        "as_of": packet.as_of.isoformat(),
        "packet": {"title": plan.title, "step": plan.step, "steps": plan.steps,
                   "not_yet": [{"title": p.title, "from": p.first_day.isoformat() if p.first_day else None,
                                "rule": p.after.rule if p.after else None,
                                **({"unknown": p.after_unknown} if p.after_unknown else {})} for p in plan.waiting],
                   "later": [p.title for p in plan.later],
                   "done": [{"title": p.title, "on": day.isoformat(), **({"as": p.done_as} if p.done_as else {})}
                            for p, day in plan.done]},
        "files": {name: {"sha256": _sha256(data), "bytes": len(data)} for name, data in files.items()},
        "documents": documents,
        "balance": report.get("balance"),
        "deadlines": report["deadlines"],
        "warnings": packet.warnings,
    }


def _key_name(document: PacketDocument) -> str:
    """What the document's key is in the manifest: a form's number, a pleading's name, or the
    name of another paper the packet makes (the ledger)."""
    if document.kind != "generated":
        return "form"
    return "pleading" if document.key in DOCUMENTS else "document"


def inputs_fingerprint(case_text: bytes, as_of: date, step: str | None, cache: Path) -> str:
    """What a packet depends on: the case file, the date, the step, this version's rules and
    templates, and the forms in the cache. The same fingerprint, the same packet."""
    digest = hashlib.sha256()
    for part in (case_text, as_of.isoformat().encode(), (step or "").encode(), __version__.encode(),
                 _data_digest().encode(), _cache_digest(cache).encode()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


@lru_cache(maxsize=None)
def _data_digest() -> str:
    """The rules, templates and schema shipped with the package (a deployer may edit them)."""
    digest = hashlib.sha256()
    override = os.environ.get(OVERRIDE_ENV)
    for folder in [DATA] + ([Path(override)] if override else []):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _cache_digest(cache: Path) -> str:
    """The PDFs in the forms cache, by name, size and time changed."""
    if not cache.is_dir():
        return ""
    return ";".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sorted(cache.glob("*.pdf")))


def packet_complete(folder: Path, inputs: str) -> bool:
    """Whether ``folder`` holds a whole packet made from the same inputs, every file as the
    manifest lists it."""
    try:
        manifest = json.loads((folder / MANIFEST).read_bytes())
        if manifest.get("inputs") != inputs:
            return False
        return all(name == MANIFEST or _sha256((folder / name).read_bytes()) == entry["sha256"]
                   for name, entry in manifest["files"].items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def write_packet(files: dict[str, bytes], folder: Path, force: bool = False) -> None:
    """Write ``files`` into a new folder beside ``folder`` and rename it into place, so ``folder``
    is never half-written. An existing folder that is not empty is replaced only with ``force``."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError.one("-o", f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise InputError.one("-o", f"{folder} already exists and is not empty; add --force to replace it")
    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    try:
        for name, data in files.items():
            (temp / name).write_bytes(data)
        if not folder.exists():
            os.rename(temp, folder)
            return
        old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=folder.parent))
        os.rename(folder, old / folder.name)
        try:
            os.rename(temp, folder)
        except BaseException:
            os.rename(old / folder.name, folder)  # put the old packet back
            raise
        shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
