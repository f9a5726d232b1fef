"""Filling official PDF forms so that every viewer shows the values, on forms as courts publish them.

Every filled widget gets an appearance stream drawn here with an embedded font subset
(``field_appearance``, ``form_font``); checkboxes and radio buttons keep the form's own
on-state drawings. The XFA copy of the form is removed so viewers show these values. Answers
too long for their boxes go whole to an addendum appended to the form, and the box points to it.
All values are checked before anything is written: one bad value, no file.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .errors import InputError, Problem, did_you_mean
from .field_appearance import Box, Layout, layout_text, list_appearance, text_appearance, widget_box
from .form_font import FontSubsets, missing_characters
from .form_inspect import printed_labels
from .pdf_document import open_pdf
from .pdf_fields import EDIT, HIDDEN, MULTISELECT, NO_VIEW, PRINT, PdfField, Widget, form_fields, inherited

POINTERS = ("See addendum, item {n}", "See addendum {n}", "See add. {n}", "Add. {n}", "*{n}")
NAME_WORDS = ("name",)  # single-line fields whose name or tooltip says they hold a name may shrink


@dataclass(frozen=True)
class AddendumItem:
    """An answer too long for its box, printed whole on the addendum."""

    number: int
    field: str  # the PDF field's full name
    label: str  # what the box is for, as printed on the form (or the field name)
    page: int
    text: str  # the whole answer


@dataclass(frozen=True)
class FillResult:
    pdf: bytes
    filled: list[str]  # field names, in the form's order
    addendum: list[AddendumItem]


def fill_form(form: str | Path, values: Mapping[str, Any], *, flatten: bool = False,
              form_name: str | None = None) -> FillResult:
    """The form at ``form`` with ``values`` filled in, as PDF bytes.

    ``values`` maps full field names to text (text, combo and list fields), true/false
    (checkboxes) or an option name (radio groups, and checkbox groups with several boxes).
    Raises InputError listing every problem when any value does not suit its field.
    """
    pdf = open_pdf(form)
    fields = form_fields(pdf)
    problems = check_values(fields, values, Path(form).name)
    if problems:
        raise InputError(problems)
    ctx = _Context.of(pdf)
    overflow: list[AddendumItem] = []
    filled = [name for name in fields if name in values]
    for name in filled:
        field, value = fields[name], values[name]
        if field.type == "text":
            _fill_text(ctx, field, "" if value is None else value, overflow)
        elif field.type in ("checkbox", "radio"):
            _fill_button(pdf, field, _on_state(field, value))
        else:
            _fill_choice(ctx, field, value)
    for name, field in fields.items():  # values already in the form, which viewers would otherwise redraw
        if name in values or not field.value or _has_appearance(field):
            continue
        if field.type == "text":
            _fill_text(ctx, field, str(field.value), [], pointer_only=True)
        elif field.type == "combo":
            _fill_choice(ctx, field, field.value)
    ctx.fonts.finish()
    _drop_xfa(pdf)
    if overflow:
        labels = printed_labels(form, [fields[item.field] for item in overflow])
        overflow = [_relabel(item, labels.get(item.field)) for item in overflow]
        from .form_addendum import addendum_pdf  # reportlab's page layout, loaded only when needed
        extra = pikepdf.open(io.BytesIO(addendum_pdf(form_name or Path(form).name, overflow)))
        pdf.pages.extend(extra.pages)
    if flatten:
        _flatten(pdf)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return FillResult(out.getvalue(), filled, overflow)


def load_values(path: str | Path) -> dict[str, Any]:
    """VALUES.json: an object from full field names to values."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError.one(str(path), "no such file") from None
    except UnicodeDecodeError:
        raise InputError.one(str(path), "is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise InputError(Problem(str(path), f"is not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno)) from None
    if not isinstance(data, dict):
        raise InputError.one(str(path), 'must be a JSON object like {"Field name": "value"}')
    return data


# --- checking values ------------------------------------------------------------------------
def check_values(fields: Mapping[str, PdfField], values: Mapping[str, Any], form: str) -> list[Problem]:
    """Every problem with ``values`` for these fields, each naming the field."""
    problems = []
    for name, value in values.items():
        field = fields.get(name)
        if field is None:
            problems.append(Problem(name, f"no field of this name in {form}{did_you_mean(name, fields, n=3)}"))
            continue
        message = _value_problem(field, value)
        if message:
            problems.append(Problem(name, message))
    return problems


def _value_problem(field: PdfField, value: Any) -> str | None:
    kind = field.type
    if kind in ("signature", "button"):
        return f"is a {kind} field, which cannot be filled with a value"
    if value is None:
        return None  # clears the field
    if kind == "checkbox" and len(field.options) <= 1:
        return None if isinstance(value, bool) else f"is a checkbox: give true or false, not {_json(value)}"
    if kind in ("checkbox", "radio"):
        if value is False or (isinstance(value, str) and value in field.options):
            return None
        return f"is a group of {len(field.options)} {'checkboxes' if kind == 'checkbox' else 'radio buttons'}: " \
               f"give one of {_choices(field.options)}, not {_json(value)}{_hint(value, field.options)}"
    items = value if kind == "list" and isinstance(value, list) else [value]
    if not all(isinstance(item, str) for item in items):
        return f"needs text in quotes, not {_json(value)}"
    if kind in ("combo", "list") and not (kind == "combo" and field.flags & EDIT):
        shown = [text for _, text in field.choices]
        for item in items:
            if item not in field.options and item not in shown:
                hint = _hint(item, shown)
                return f"'{item}' is not one of its {len(shown)} choices" + (hint or f"; they are {_choices(shown)}")
        if kind == "list" and len(items) > 1 and not field.flags & MULTISELECT:
            return "allows one choice only"
    missing = missing_characters("".join(items))
    if missing:
        return "has characters the form's font cannot print: " + ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
    return None


def _hint(value: Any, options: list[str]) -> str:
    return did_you_mean(value, options) if isinstance(value, str) else ""


def _choices(options: list[str]) -> str:
    shown = [f"'{o}'" for o in options[:12]]
    return ", ".join(shown) + (f" and {len(options) - 12} more" if len(options) > 12 else "")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)[:60]


# --- text ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Context:
    """One filling: the document, its font subsets, and the form's default look."""

    pdf: pikepdf.Pdf
    fonts: FontSubsets
    da: str
    quadding: int

    @classmethod
    def of(cls, pdf: pikepdf.Pdf) -> "_Context":
        acroform = pdf.Root.get("/AcroForm")
        defaults = acroform if isinstance(acroform, Dictionary) else Dictionary()
        return cls(pdf, FontSubsets(pdf), str(defaults.get("/DA") or "/Helv 0 Tf 0 g"), int(defaults.get("/Q") or 0))

    def box(self, widget: Widget) -> Box:
        """The widget's box, with the field's /DA and /Q or the form's defaults."""
        da = inherited(widget.annot, "/DA")
        quadding = inherited(widget.annot, "/Q")
        return widget_box(widget.annot, widget.rect, self.da if da is None else str(da),
                          self.quadding if quadding is None else int(quadding))


def _fill_text(ctx: _Context, field: PdfField, value: str, overflow: list[AddendumItem], pointer_only: bool = False) -> None:
    shrink = any(word in f"{field.name} {field.tooltip or ''}".lower() for word in NAME_WORDS)
    comb = field.max_length if field.comb else 0
    boxes = [(w, ctx.box(w)) for w in field.widgets]
    layouts = [layout_text(value, box, multiline=field.multiline, comb=comb, shrink=shrink) for _, box in boxes]
    too_long = field.max_length is not None and len(value) > field.max_length
    shown = value
    if (too_long or not all(lay.fits for lay in layouts)) and not pointer_only:
        number = len(overflow) + 1
        overflow.append(AddendumItem(number, field.name, field.tooltip or field.name, field.page, value))
        shown, layouts = _pointer(field, boxes, number, comb)
    _set_value(field, String(shown))
    for (widget, box), layout in zip(boxes, layouts):
        stream = text_appearance(ctx.pdf, ctx.fonts, box, layout, multiline=field.multiline, comb=comb)
        _set_appearance(widget, stream, bool(shown))


def _pointer(field: PdfField, boxes: list[tuple[Widget, Box]], number: int, comb: int) -> tuple[str, list[Layout]]:
    """The longest pointer to addendum item ``number`` that fits every box (shrinking if it must)."""
    candidates = [p.format(n=number) for p in POINTERS]
    if field.max_length is not None:
        candidates = [c for c in candidates if len(c) <= field.max_length] or [str(number)[: field.max_length]]
    for text in candidates:
        layouts = [layout_text(text, box, multiline=field.multiline, comb=comb, shrink=True) for _, box in boxes]
        if all(lay.fits for lay in layouts):
            return text, layouts
    return text, layouts  # the shortest, drawn as small as the box allows


# --- choices ---------------------------------------------------------------------------------
def _fill_choice(ctx: _Context, field: PdfField, value: Any) -> None:
    chosen = [] if value is None else value if isinstance(value, list) else [value]
    exports = {text: export for export, text in field.choices}
    chosen = [item if item in field.options else exports.get(item, item) for item in chosen]
    shown = {export: text for export, text in field.choices}
    if field.type == "list" and len(chosen) > 1:
        _set_value(field, Array([String(c) for c in chosen]))
    else:
        _set_value(field, String(chosen[0]) if chosen else String(""))
    indices = [i for i, option in enumerate(field.options) if option in chosen]
    for node in field.nodes:
        if indices:
            node.I = Array(indices)
        elif "/I" in node:
            del node["/I"]
    for widget in field.widgets:
        box = ctx.box(widget)
        if field.type == "list":
            top = int(inherited(widget.annot, "/TI") or 0)
            stream = list_appearance(ctx.pdf, ctx.fonts, box, [t for _, t in field.choices], set(indices), top)
        else:
            text = shown.get(chosen[0], chosen[0]) if chosen else ""
            layout = layout_text(text, box, multiline=False, shrink=True)
            stream = text_appearance(ctx.pdf, ctx.fonts, box, layout, multiline=False)
        _set_appearance(widget, stream, bool(chosen))


# --- checkboxes and radio buttons ------------------------------------------------------------
def _on_state(field: PdfField, value: Any) -> str | None:
    if value is True:
        return field.options[0] if field.options else "Yes"
    return value if isinstance(value, str) else None


def _fill_button(pdf: pikepdf.Pdf, field: PdfField, state: str | None) -> None:
    """Turn on the widgets whose on-state is ``state`` (None: all off), using the form's drawings."""
    _set_value(field, Name("/" + state) if state else Name.Off)
    for widget in field.widgets:
        if not widget.on_states:
            _draw_check(pdf, widget, state or "Yes")
        on = state is not None and state in widget.on_states
        widget.annot.AS = Name("/" + state) if on else Name.Off


def _draw_check(pdf: pikepdf.Pdf, widget: Widget, state: str) -> None:
    """On and off drawings for a checkbox the form left without any: a plain check mark."""
    x1, y1, x2, y2 = widget.rect
    w, h = abs(x2 - x1), abs(y2 - y1)
    mark = (f"q 0 g {min(w, h) / 10:.2f} w {w * .2:.2f} {h * .5:.2f} m {w * .42:.2f} {h * .25:.2f} l "
            f"{w * .8:.2f} {h * .8:.2f} l S Q").encode()

    def stream(content: bytes) -> pikepdf.Stream:
        return pikepdf.Stream(pdf, content, Type=Name.XObject, Subtype=Name.Form, BBox=Array([0, 0, w, h]))

    widget.annot.AP = Dictionary(N=Dictionary({"/" + state: stream(mark), "/Off": stream(b"")}))


# --- shared ----------------------------------------------------------------------------------
def _set_value(field: PdfField, value: Any) -> None:
    for node in field.nodes:
        node.V = value
        if "/RV" in node:  # rich text would be shown instead of the value in some viewers
            del node["/RV"]


def _set_appearance(widget: Widget, stream: pikepdf.Stream, show: bool) -> None:
    """Give the widget its drawing, and show it if the form hid it until some choice was made
    (a form's scripts unhide such boxes; a value given for one means that choice was made)."""
    widget.annot.AP = Dictionary(N=stream)
    flags = int(widget.annot.get("/F", 0))
    if show and flags & (HIDDEN | NO_VIEW):
        widget.annot.F = (flags & ~(HIDDEN | NO_VIEW)) | PRINT


def _has_appearance(field: PdfField) -> bool:
    return all(isinstance(w.annot.get("/AP"), Dictionary) and "/N" in w.annot.AP for w in field.widgets)


def _relabel(item: AddendumItem, label: str | None) -> AddendumItem:
    return AddendumItem(item.number, item.field, label or item.label, item.page, item.text)


def _flatten(pdf: pikepdf.Pdf) -> None:
    """Draw every visible widget into its page (qpdf's flattening, which maps each appearance
    onto its box), then remove the form: widgets left have nothing to draw."""
    pdf.flatten_annotations("all")
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if isinstance(annots, Array):
            kept = [a for a in annots if isinstance(a, Dictionary) and a.get("/Subtype") != "/Widget"]
            if kept:
                page.obj.Annots = Array(kept)
            else:
                del page.obj["/Annots"]
    if "/AcroForm" in pdf.Root:
        del pdf.Root["/AcroForm"]


def _drop_xfa(pdf: pikepdf.Pdf) -> None:
    """Remove the XFA copy of the form, so viewers show the AcroForm values, and tell viewers
    to use the appearances drawn here rather than redraw them."""
    acroform = pdf.Root.get("/AcroForm")
    if isinstance(acroform, Dictionary):
        for key in ("/XFA", "/NeedAppearances"):
            if key in acroform:
                del acroform[key]
