"""Opening court PDFs as they come: encrypted with an empty password, or not a PDF at all."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .errors import InputError


def open_pdf(path: str | Path) -> PdfReader:
    """A reader for ``path``, decrypted if it has an empty user password; InputError otherwise."""
    path = Path(path)
    if not path.is_file():
        raise InputError.one(str(path), "no such file")
    with path.open("rb") as handle:
        if not handle.read(1024).lstrip().startswith(b"%PDF"):
            raise InputError.one(str(path), "is not a PDF file")
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError.one(str(path), "is protected by a password; ask the court for an unprotected copy")
        reader.pages  # noqa: B018 - reading the page tree finds a broken file now, not later
    except (PdfReadError, ValueError, KeyError) as exc:
        raise InputError.one(str(path), f"cannot be read as a PDF ({exc})") from None
    return reader
