"""Opening court PDFs as they come (encrypted with an empty password, or not a PDF at all), and
writing changes after a file's own bytes as an incremental update (PDF 32000-1:2008, 7.5.6).

An update leaves the original bytes as they are and appends the changed and new objects, a
cross-reference section of the same kind as the file's newest one (a table, or a stream for
files that use cross-reference streams) and a trailer whose /Prev points at that section.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
import zlib
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any, Mapping

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .errors import InputError

Ref = tuple[int, int]  # object number and generation
Entries = dict[str, bytes]  # a dictionary's keys (as written) and their values, as PDF syntax


def read_pdf(path: str | Path) -> bytes:
    """The bytes of the PDF at ``path``; InputError if there is none or it is not a PDF."""
    path = Path(path)
    if not path.is_file():
        raise InputError.one(str(path), "no such file")
    data = path.read_bytes()
    if not data[:1024].lstrip().startswith(b"%PDF"):
        raise InputError.one(str(path), "is not a PDF file")
    return data


def page_count(pdf: bytes) -> int:
    """How many pages the PDF ``pdf`` (bytes this package made) has."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def open_pdf(path: str | Path, data: bytes | None = None) -> pikepdf.Pdf:
    """``path`` opened (from ``data``, its bytes, when already read), decrypted if it has an
    empty user password; InputError otherwise."""
    data = read_pdf(path) if data is None else data
    try:
        pdf = pikepdf.open(io.BytesIO(data), password="")
        len(pdf.pages)  # reading the page tree finds a broken file now, not later
    except pikepdf.PasswordError:
        raise InputError.one(str(path), "is protected by a password; ask the court for an unprotected copy") from None
    except pikepdf.PdfError as exc:
        raise InputError.one(str(path), f"cannot be read as a PDF ({exc})") from None
    return pdf


# --- reading objects as PDF syntax ----------------------------------------------------------------
def entries(obj: Dictionary) -> Entries:
    """A dictionary's entries as PDF syntax, indirect values as references."""
    return {Name(key).unparse().decode("latin-1"): syntax(value) for key, value in obj.items()}


def syntax(value: Any) -> bytes:
    """A value read by pikepdf written back as PDF syntax (an indirect one as its reference)."""
    if value is None:
        return b"null"
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, Decimal):
        return format(value, "f").encode()
    return value.unparse()


def pdf_string(text: str) -> bytes:
    """``text`` as a PDF text string (PDFDocEncoding when it can be, else UTF-16)."""
    return String(text).unparse()


def pdf_name(name: str) -> bytes:
    """``name`` (without its slash) as a PDF name."""
    return Name("/" + name).unparse()


def pdf_array(items: list[bytes]) -> bytes:
    return b"[" + b" ".join(items) + b"]"


def dictionary(items: Mapping[str, bytes]) -> bytes:
    return b"<<" + b" ".join([key.encode("latin-1") + b" " + value for key, value in items.items()]) + b">>"


def ref(number: int, generation: int = 0) -> bytes:
    return b"%d %d R" % (number, generation)


# --- the file's newest cross-reference section ------------------------------------------------------
@dataclass(frozen=True)
class XrefTail:
    """What an update needs from the file it is appended to."""

    offset: int  # startxref: the newest cross-reference section, the update's /Prev
    stream: bool  # that section is a cross-reference stream, not a table
    size: int  # /Size: one more than the highest object number
    trailer: Entries  # /Root and /Info as the file has them
    first_id: bytes | None  # the first string of /ID, the file's permanent identifier


def xref_tail(pdf: pikepdf.Pdf, data: bytes) -> XrefTail | None:
    """The tail of ``data`` (opened as ``pdf``, whose objects have been read), or None when an
    update cannot simply be appended: encrypted, hybrid cross-references, or repaired by qpdf."""
    # Reading every object (for the highest number) also makes qpdf warn of any damage now.
    size = max((obj.objgen[0] for obj in pdf.objects if isinstance(obj, pikepdf.Object)), default=0) + 1
    if pdf.is_encrypted or b"/XRefStm" in data or pdf.get_warnings():
        return None
    found = re.search(rb"startxref\s+(\d+)\s+%%EOF", data[data.rfind(b"startxref"):])
    if not found or "/Root" not in pdf.trailer:
        return None
    offset = int(found.group(1))
    stream = pdf.trailer.get("/Type") == Name.XRef
    start = data[offset:offset + 32]
    if not (re.match(rb"\d+\s+\d+\s+obj\b", start) if stream else start.startswith(b"xref")):
        return None
    trailer = {key: syntax(pdf.trailer[key]) for key in ("/Root", "/Info") if key in pdf.trailer}
    ids = pdf.trailer.get("/ID")
    first_id = bytes(ids[0]) if isinstance(ids, Array) and len(ids) == 2 else None
    return XrefTail(offset, stream, max(size, int(pdf.trailer.get("/Size", 0))), trailer, first_id)


def rewrite(pdf: pikepdf.Pdf) -> bytes:
    """``pdf`` saved whole and unencrypted, each annotation and its parent an object of its own
    (as fields must be, to be replaced by an update)."""
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        for index, annot in enumerate(annots if isinstance(annots, Array) else []):
            if isinstance(annot, Dictionary) and not annot.is_indirect:
                annots[index] = annot = pdf.make_indirect(annot)
            if isinstance(annot, Dictionary) and isinstance(annot.get("/Parent"), Dictionary) and not annot.Parent.is_indirect:
                annot.Parent = pdf.make_indirect(annot.Parent)
    out = io.BytesIO()
    with warnings.catch_warnings():  # about widgets the form itself leaves outside /AcroForm
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


# --- the update -----------------------------------------------------------------------------------
Row = tuple[int, int, int]  # a cross-reference entry: 1, offset, generation; or 2, object stream, index in it


class Update:
    """The objects one incremental update changes and adds."""

    def __init__(self, size: int, originals: Mapping[Ref, Entries]) -> None:
        self._next = size
        self._originals = originals
        self._changes: dict[Ref, Entries] = {}
        self._new: dict[int, bytes] = {}
        self._streams: set[int] = set()

    def reserve(self) -> int:
        """A number for a new object that is written later with ``put``."""
        self._next += 1
        return self._next - 1

    def put(self, number: int, body: bytes) -> int:
        self._new[number] = body
        return number

    def add(self, body: bytes) -> int:
        """A new object; its number."""
        return self.put(self.reserve(), body)

    def add_stream(self, items: bytes, data: bytes) -> int:
        """A new stream, compressed, with the dictionary entries ``items``; its number."""
        return self.add_packed_stream(items, zlib.compress(data))

    def add_packed_stream(self, items: bytes, packed: bytes) -> int:
        """A new stream whose data ``packed`` is already Flate-compressed; its number."""
        number = self.add(b"<<%s /Filter /FlateDecode /Length %d>>stream\n%s\nendstream" % (items, len(packed), packed))
        self._streams.add(number)
        return number

    def change(self, obj: Ref, key: str, value: bytes | None) -> None:
        """Set ``key`` of the existing dictionary ``obj`` (None: remove it)."""
        if value is None and key not in self._changes.get(obj, self._originals[obj]):
            return
        items = self._changes.setdefault(obj, dict(self._originals[obj]))
        if value is None:
            del items[key]
        else:
            items[key] = value

    @property
    def size(self) -> int:
        return self._next

    def objects(self) -> list[tuple[Ref, bytes, bool]]:
        """Every changed and new object by number, and whether it is a stream."""
        changed = [(obj, dictionary(items), False) for obj, items in self._changes.items()]
        new = [((number, 0), body, number in self._streams) for number, body in self._new.items()]
        return sorted(changed + new, key=itemgetter(0))


def append_update(data: bytes, tail: XrefTail, update: Update) -> bytes:
    """``data`` with ``update`` appended: its objects, a cross-reference section and a trailer.
    After a cross-reference stream, objects other than streams go compressed into an object stream."""
    out = bytearray(data)
    if not data.endswith((b"\n", b"\r")):
        out += b"\n"
    objects = update.objects()
    rows: dict[int, Row] = {}
    packable = [(obj, body) for obj, body, stream in objects if tail.stream and not stream and obj[1] == 0]
    if packable:
        holder = update.reserve()
        rows.update((number, (2, holder, index)) for index, ((number, _), _) in enumerate(packable))
        objects = [o for o in objects if o[0][0] not in rows] + [((holder, 0), _object_stream(packable), True)]
    for (number, generation), body, _ in objects:
        rows[number] = (1, len(out), generation)
        out += b"%d %d obj\n%s\nendobj\n" % (number, generation, body)
    trailer = {**tail.trailer, "/ID": _ids(tail, bytes(out[len(data):])), "/Prev": b"%d" % tail.offset}
    start = len(out)
    if tail.stream:
        out += _xref_stream(rows, update.reserve(), trailer, start)
    else:
        out += _xref_table(rows, update.size, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def _ids(tail: XrefTail, body: bytes) -> bytes:
    """The file's permanent identifier, and a new one for this version made from its content."""
    first = tail.first_id or hashlib.md5(body).digest()
    return b"[<%s><%s>]" % (first.hex().encode(), hashlib.md5(first + body).hexdigest().encode())


def _object_stream(objects: list[tuple[Ref, bytes]]) -> bytes:
    """An object stream holding ``objects`` (generation 0, not streams)."""
    pairs, position = [], 0
    for (number, _), body in objects:
        pairs.append(b"%d %d" % (number, position))
        position += len(body) + 1
    header = b" ".join(pairs) + b"\n"
    packed = zlib.compress(header + b"\n".join(body for _, body in objects))
    return b"<</Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d>>stream\n%s\nendstream" % (
        len(objects), len(header), len(packed), packed)


def _xref_table(rows: dict[int, Row], size: int, trailer: Entries) -> bytes:
    lines = [b"xref"]
    for run in _runs(sorted(rows)):
        lines.append(b"%d %d" % (run[0], len(run)))
        lines += [b"%010d %05d n\r" % rows[number][1:] for number in run]
    return b"\n".join(lines) + b"\ntrailer\n" + dictionary({"/Size": b"%d" % size, **trailer}) + b"\n"


def _xref_stream(rows: dict[int, Row], number: int, trailer: Entries, start: int) -> bytes:
    """Cross-reference stream ``number`` for ``rows`` and for itself, written at ``start``."""
    rows = {**rows, number: (1, start, 0)}
    runs = _runs(sorted(rows))
    widths = [1] + [max(1, (max(row[i] for row in rows.values()).bit_length() + 7) // 8) for i in (1, 2)]
    table = b"".join(b"".join(field.to_bytes(width, "big") for field, width in zip(rows[n], widths))
                     for run in runs for n in run)
    packed = zlib.compress(table)
    items = {"/Type": b"/XRef", "/Size": b"%d" % (number + 1), **trailer,
             "/Index": pdf_array([b"%d %d" % (run[0], len(run)) for run in runs]),
             "/W": pdf_array([b"%d" % width for width in widths]), "/Filter": b"/FlateDecode", "/Length": b"%d" % len(packed)}
    return b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (number, dictionary(items), packed)


def _runs(numbers: list[int]) -> list[list[int]]:
    """Sorted object numbers in runs of consecutive ones: the subsections of a section."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs
