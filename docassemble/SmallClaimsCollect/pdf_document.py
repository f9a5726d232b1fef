"""Opening court PDFs as they come: encrypted with an empty password, or not a PDF at all."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from .errors import InputError


def open_pdf(path: str | Path) -> pikepdf.Pdf:
    """``path`` opened, decrypted if it has an empty user password; InputError otherwise."""
    path = Path(path)
    if not path.is_file():
        raise InputError.one(str(path), "no such file")
    with path.open("rb") as handle:
        if not handle.read(1024).lstrip().startswith(b"%PDF"):
            raise InputError.one(str(path), "is not a PDF file")
    try:
        pdf = pikepdf.open(path, password="")
        len(pdf.pages)  # reading the page tree finds a broken file now, not later
    except pikepdf.PasswordError:
        raise InputError.one(str(path), "is protected by a password; ask the court for an unprotected copy") from None
    except pikepdf.PdfError as exc:
        raise InputError.one(str(path), f"cannot be read as a PDF ({exc})") from None
    return pdf
