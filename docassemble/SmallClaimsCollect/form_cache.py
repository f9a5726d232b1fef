"""The local cache of official PDFs: fetching them from the court (or a folder) and checking
each against its form map.

Official PDFs are not shipped with the package. ``fetch`` copies them into the cache; a file
whose SHA-256 is a known revision is ready; an unknown revision is still used when every mapped
field is on it, and reported as "map broken", with the missing fields named, when not.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .errors import InputError
from .files import write_atomically
from .form_facts import FormSpec
from .pdf_document import open_pdf
from .pdf_fields import form_fields

CACHE_ENV = "SMALLCLAIMS_FORMS_DIR"
USER_AGENT = "smallclaims-collect (court forms cache)"

READY, NEW_REVISION, MAP_BROKEN, NO_MAP, NOT_FETCHED, CLERK, UNAVAILABLE = (
    "ready", "new revision", "map broken", "no field map", "not fetched", "clerk's form", "not available")


@dataclass(frozen=True)
class FormStatus:
    number: str
    title: str
    status: str
    detail: str
    path: Path | None  # the cached PDF, when the form will be filled from it

    @property
    def output(self) -> str:
        """What a packet gets for this form: the filled PDF, or a worksheet."""
        return "fill" if self.path is not None else "worksheet"

    def as_dict(self) -> dict[str, str | None]:
        return {"form": self.number, "title": self.title, "status": self.status, "detail": self.detail,
                "output": self.output, "path": str(self.path) if self.path else None}


def cache_dir(given: str | Path | None = None) -> Path:
    """The forms cache: ``given``, else $SMALLCLAIMS_FORMS_DIR, else the user's cache folder."""
    if given:
        return Path(given)
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "smallclaims-collect" / "forms"


def form_status(spec: FormSpec, cache: Path) -> FormStatus:
    """Whether the cache holds a usable copy of ``spec``'s form, and what a packet gets."""
    def status(name: str, detail: str, path: Path | None = None) -> FormStatus:
        return FormStatus(spec.number, spec.title, name, detail, path)

    if spec.kind == "clerk":
        return status(CLERK, "multi-part form from the Circuit Court Clerk's office")
    path = cache / (spec.file or f"{spec.number}.pdf")
    if not path.is_file():
        return status(NOT_FETCHED, f"not in {cache}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    known = {r.sha256: r.revision for r in spec.known_revisions}
    if not spec.fields:
        return status(NO_MAP, "no field map written for this form yet")
    if digest in known:
        return status(READY, known[digest], path)
    try:
        pdf = open_pdf(path)
    except InputError as exc:
        return status(MAP_BROKEN, str(exc))
    with pdf:
        present = form_fields(pdf)
    missing = [name for name in spec.fields if name not in present]
    if missing:
        return status(MAP_BROKEN, f"{len(missing)} mapped fields missing: {', '.join(missing[:8])}"
                      + (" …" if len(missing) > 8 else ""))
    return status(NEW_REVISION, f"SHA-256 {digest[:12]}… is not a known revision; every mapped field is still there", path)


def fetch(specs: list[FormSpec], source: str | None, dest: Path) -> list[FormStatus]:
    """Copy each form from ``source`` (a folder or a base URL; default: the court's address for
    each form) into ``dest``, and report each form's status."""
    dest.mkdir(parents=True, exist_ok=True)
    reports = []
    for spec in specs:
        if spec.kind == "clerk":
            reports.append(form_status(spec, dest))
            continue
        name = spec.file or f"{spec.number}.pdf"
        try:
            data = _get(spec, name, source)
        except LookupError as exc:
            reports.append(FormStatus(spec.number, spec.title, UNAVAILABLE, str(exc), None))
            continue
        write_atomically(dest / name, data)
        reports.append(form_status(spec, dest))
    return reports


def _get(spec: FormSpec, name: str, source: str | None) -> bytes:
    if source and not source.startswith(("http://", "https://")):
        path = Path(source) / name
        if not path.is_file():
            raise LookupError(f"no {name} in {source}")
        data = path.read_bytes()
        where = str(path)
    else:
        url = f"{source.rstrip('/')}/{quote(name)}" if source else spec.url
        if not url:
            raise LookupError("the court publishes no download address for it")
        import urllib.error  # only when fetching: the rest of the package starts without it
        import urllib.request
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - http(s) only, checked above
                data = response.read()
        except urllib.error.HTTPError as exc:
            raise LookupError(f"could not download {url}: HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise LookupError(f"could not download {url}: {getattr(exc, 'reason', exc)}") from None
        where = url
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise LookupError(f"{where} is not a PDF")
    return data
