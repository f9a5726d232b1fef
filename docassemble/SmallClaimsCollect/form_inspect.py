"""Every fillable field of a PDF form, with its label: the printed text nearest it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from .pdf_document import open_pdf
from .pdf_fields import PdfField, form_fields


def inspect_form(path: str | Path, labels: bool = True) -> dict[str, Any]:
    """``{"form": file name, "fields": [...]}`` for every fillable field, in page order."""
    pdf = open_pdf(path)  # kept open while its objects are read
    fields = list(form_fields(pdf).values())
    found = printed_labels(path, fields) if labels else {}
    described = [_describe(f, found.get(f.name)) for f in fields]
    pdf.close()
    return {"form": Path(path).name, "fields": described}


def _describe(field: PdfField, label: str | None) -> dict[str, Any]:
    return {
        "name": field.name, "mapping_name": field.mapping_name, "tooltip": field.tooltip, "type": field.type, "page": field.page, "rect": field.widgets[0].rect,
        "value": field.value, "options": field.options, "max_length": field.max_length,
        "multiline": field.multiline, "read_only": field.read_only, "label": label,
    }


# --- labels: the printed text nearest each field ------------------------------------------------
def printed_labels(path: str | Path, fields: Iterable[PdfField]) -> dict[str, str | None]:
    """Each field's label: its tooltip (/TU), else the printed text nearest its first widget.

    pdfminer is only loaded when some field has no tooltip.
    """
    fields = list(fields)
    labels: dict[str, str | None] = {f.name: f.tooltip for f in fields}
    needed = sorted({f.page for f in fields if f.tooltip is None})
    if needed:
        lines = _text_lines(Path(path), needed)
        for f in fields:
            if f.tooltip is None:
                labels[f.name] = nearest_label(f.widgets[0].rect, lines.get(f.page, []))
    return labels


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
        if ly1 - 3 <= middle <= ly2 + 3 and lx1 < x1:  # on its line, starting to its left
            score = max(0.0, x1 - lx2)
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
