"""Every fillable field of a PDF form: its full name, type, page, box, value, options and label.

The walk starts from each page's widgets (skipping null entries in /Annots), so fields whose
widgets are separate objects, several widgets for one field and attributes inherited from
parent fields are all seen as a person filling the form would see them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

from .pdf_document import open_pdf

# Field flags (PDF 32000-1:2008, 12.7.3.1 and 12.7.4)
READ_ONLY = 1 << 0
MULTILINE = 1 << 12
RADIO = 1 << 15
PUSHBUTTON = 1 << 16
COMBO = 1 << 17
INHERITABLE = ("/FT", "/Ff", "/V", "/DV", "/MaxLen", "/Opt", "/DA", "/Q")


@dataclass
class FormField:
    name: str
    type: str  # text | checkbox | radio | combo | list | signature | button
    page: int
    rect: list[float]
    value: Any
    options: list[str]
    max_length: int | None
    multiline: bool
    read_only: bool
    label: str | None
    widgets: list[tuple[int, list[float]]] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["widgets"]
        return data


def inspect_form(path: str | Path, labels: bool = True) -> dict[str, Any]:
    """``{"form": file name, "fields": [...]}`` for every fillable field, in page order."""
    reader = open_pdf(path)
    fields = list(form_fields(reader))
    if labels:
        _add_labels(Path(path), fields)
    return {"form": Path(path).name, "fields": [f.as_dict() for f in fields]}


def form_fields(reader: PdfReader) -> Iterator[FormField]:
    """The fields that have widgets, each once, at its first widget's page."""
    found: dict[str, FormField] = {}
    for page_number, page in enumerate(reader.pages, start=1):
        for widget in _widgets(page):
            node = widget if "/T" in widget else widget["/Parent"].get_object()
            name = full_name(node)
            rect = [round(float(v), 2) for v in widget.get("/Rect", [0, 0, 0, 0])]
            if name in found:
                seen = found[name]
                seen.widgets.append((page_number, rect))
                if seen.type in ("checkbox", "radio"):
                    seen.options += [o for o in _on_states(widget) if o not in seen.options]
                continue
            found[name] = _field(node, widget, name, page_number, rect)
    yield from found.values()


def _widgets(page: DictionaryObject) -> Iterator[DictionaryObject]:
    annots = page.get("/Annots")
    for ref in (annots.get_object() if annots is not None else None) or []:
        annot = ref.get_object() if ref is not None else None
        if isinstance(annot, DictionaryObject) and annot.get("/Subtype") == "/Widget" and ("/T" in annot or "/Parent" in annot):
            yield annot


def full_name(node: DictionaryObject) -> str:
    """The dotted name of a field: its /T and its parents' /T, outermost first."""
    parts = []
    while node is not None:
        if "/T" in node:
            parts.append(str(node["/T"]))
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return ".".join(reversed(parts))


def inherited(node: DictionaryObject, key: str) -> Any:
    """An attribute from the field or the nearest parent that has it."""
    while node is not None:
        if key in node:
            return node[key].get_object() if hasattr(node[key], "get_object") else node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return None


def field_type(node: DictionaryObject) -> str:
    kind, flags = inherited(node, "/FT"), int(inherited(node, "/Ff") or 0)
    if kind == "/Btn":
        return "button" if flags & PUSHBUTTON else "radio" if flags & RADIO else "checkbox"
    if kind == "/Ch":
        return "combo" if flags & COMBO else "list"
    return {"/Tx": "text", "/Sig": "signature"}.get(kind, "text")


def _field(node: DictionaryObject, widget: DictionaryObject, name: str, page: int, rect: list[float]) -> FormField:
    # Attributes are looked up from the widget: a merged field-and-widget carries them itself,
    # a separate widget inherits them from its field and the field's parents.
    kind = field_type(widget)
    flags = int(inherited(widget, "/Ff") or 0)
    max_length = inherited(widget, "/MaxLen")
    return FormField(
        name=name, type=kind, page=page, rect=rect,
        value=_value(kind, inherited(widget, "/V")),
        options=_on_states(widget) if kind in ("checkbox", "radio") else _choices(inherited(widget, "/Opt")),
        max_length=int(max_length) if max_length is not None else None,
        multiline=bool(flags & MULTILINE) and kind == "text",
        read_only=bool(flags & READ_ONLY),
        label=str(node["/TU"]).strip() or None if "/TU" in node else None,
        widgets=[(page, rect)],
    )


def _value(kind: str, value: Any) -> Any:
    if kind == "checkbox":
        return value is not None and str(value) not in ("/Off", "")
    if value is None:
        return None
    if isinstance(value, NameObject):
        return None if value == "/Off" else str(value)[1:]
    if isinstance(value, ArrayObject):
        return [str(v) for v in value]
    return str(value)


def _on_states(widget: DictionaryObject) -> list[str]:
    appearances = widget.get("/AP")
    normal = appearances.get_object().get("/N") if appearances is not None else None
    normal = normal.get_object() if normal is not None else None
    if not isinstance(normal, DictionaryObject) or isinstance(normal, StreamObject):
        return []  # a single appearance stream, not a set of named states
    return [str(state)[1:] for state in normal if state != "/Off"]


def _choices(options: Any) -> list[str]:
    out = []
    for option in options or []:
        option = option.get_object() if hasattr(option, "get_object") else option
        out.append(str(option[0]) if isinstance(option, ArrayObject) else str(option))
    return out


# --- labels: the printed text nearest each field ------------------------------------------------
def _add_labels(path: Path, fields: list[FormField]) -> None:
    """Fill in missing labels from the page text; pdfminer is only loaded when this runs."""
    needed = sorted({f.page for f in fields if f.label is None})
    if not needed:
        return
    lines = _text_lines(path, needed)
    for f in fields:
        if f.label is None:
            f.label = nearest_label(f.rect, lines.get(f.page, []))


def _text_lines(path: Path, pages: list[int]) -> dict[int, list[tuple[tuple[float, float, float, float], str]]]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextBox

    out: dict[int, list] = {}
    for number, layout in zip(pages, extract_pages(str(path), page_numbers=[p - 1 for p in pages], password="")):
        out[number] = [(line.bbox, line.get_text().strip()) for box in layout if isinstance(box, LTTextBox)
                       for line in box if line.get_text().strip()]
    return out


def nearest_label(rect: list[float], lines: list[tuple[tuple[float, float, float, float], str]]) -> str | None:
    """The text nearest a field: on its line to the left first, then above, then below."""
    x1, y1, x2, y2 = rect
    middle = (y1 + y2) / 2
    best: tuple[float, str] | None = None
    for (lx1, ly1, lx2, ly2), text in lines:
        overlaps = lx1 < x2 and lx2 > x1
        if ly1 - 3 <= middle <= ly2 + 3 and lx2 <= x1 + 4:
            score = (x1 - lx2)
        elif overlaps and 0 <= ly1 - y2 <= 24:
            score = 1.3 * (ly1 - y2) + 2
        elif overlaps and 0 <= y1 - ly2 <= 14:
            score = 1.6 * (y1 - ly2) + 4
        else:
            continue
        cleaned = _clean(text)
        if cleaned and (best is None or score < best[0]):
            best = (score, cleaned)
    return best[1] if best else None


def _clean(text: str) -> str | None:
    """Printed text as a label, or None when it is not words (blank lines, glyph-shifted fonts)."""
    if "(cid:" in text:  # glyphs with no known characters: the text layer cannot be read
        return None
    text = " ".join(text.replace("_", " ").split()).strip(" .:")
    if not text:
        return None
    readable = sum(ch.isalnum() or ch in " .,:;()'’-/$#&%?" for ch in text)
    letters = sum(ch.isalpha() for ch in text)
    if readable / len(text) < 0.9 or letters < 2 or not any(ch.isascii() and ch.isalpha() for ch in text):
        return None
    return text[:120]
