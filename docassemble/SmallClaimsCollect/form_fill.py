"""Filling official PDF forms so that every viewer shows the values, on forms as courts publish them.

Every filled widget gets an appearance stream drawn here with an embedded font subset
(``field_appearance``, ``form_font``); checkboxes and radio buttons keep the form's own
on-state drawings. The XFA copy of the form is removed so viewers show these values. A value is
drawn at its box's own size when it fits, else smaller down to a legible minimum; answers that do
not fit even then go whole to an addendum appended to the form, and the box points to it. The
result lists both, with the reason.
All values are checked before anything is written: one bad value, no file.

The filled form is the court's file byte for byte, with the changed fields, their drawings and
the font appended as an incremental update. A file that cannot take one as it is (encrypted,
with hybrid cross-references, repaired when read, or with a widget that is not an object of its
own) is rewritten first. A form is read once per process and kept, checked
against the file's bytes at every filling. Flattened forms and forms with an addendum are saved
whole by pikepdf.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import pikepdf
from pikepdf import Array, Dictionary

from .errors import InputError, Problem, did_you_mean
from .field_appearance import Box, Layout, fitting, layout_text, list_appearance, text_appearance, widget_box
from .form_font import FontSubsets, missing_characters
from .form_inspect import printed_labels
from .pdf_document import (Entries, Ref, Update, XrefTail, append_update, dictionary, entries, open_pdf, pdf_array,
                           pdf_name, pdf_string, read_pdf, ref, rewrite, xref_tail)
from .pdf_fields import EDIT, HIDDEN, MULTISELECT, NO_VIEW, PRINT, PdfField, Widget, form_fields, inherited

POINTERS = ("See addendum, item {n}", "See addendum {n}", "See add. {n}", "Add. {n}", "*{n}")
LAST_RESORT = 1.0  # pt: a pointer or a choice's text, which have nowhere else to go, is drawn as small as it must be
FORMS_KEPT = 8  # forms kept read, the most recently filled
DROPPED = ("/XFA", "/NeedAppearances")  # removed from the AcroForm: viewers show the AcroForm and these drawings


@dataclass(frozen=True)
class AddendumItem:
    """An answer too long for its box, printed whole on the addendum."""

    number: int
    field: str  # the PDF field's full name
    label: str  # what the box is for, as printed on the form (or the field name)
    page: int
    text: str  # the whole answer
    reason: str = ""  # why it does not fit its box, even at the smallest size allowed

    def as_dict(self) -> dict[str, Any]:
        return {"item": self.number, "field": self.field, "label": self.label, "page": self.page, "reason": self.reason}


@dataclass(frozen=True)
class SmallerText:
    """A value drawn below its box's own size, so that it fits."""

    field: str
    page: int
    size: float  # pt, as drawn
    box_size: float  # pt, as the box asks (its /DA, or the largest a line of an automatic-size box holds)
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "page": self.page, "size": self.size, "box_size": self.box_size, "reason": self.reason}


@dataclass(frozen=True)
class FillResult:
    pdf: bytes
    filled: list[str]  # field names, in the form's order
    addendum: list[AddendumItem]
    smaller: list[SmallerText]  # values drawn below their box's size, in the form's order

    def as_dict(self) -> dict[str, Any]:
        return {"filled": self.filled, "smaller": [s.as_dict() for s in self.smaller],
                "addendum": [a.as_dict() for a in self.addendum]}


def fill_form(form: str | Path, values: Mapping[str, Any], *, flatten: bool = False,
              form_name: str | None = None) -> FillResult:
    """The form at ``form`` with ``values`` filled in, as PDF bytes.

    ``values`` maps full field names (or a mapping name, /TM, that only one field has) to text (text, combo and list fields), true/false
    (checkboxes) or an option name (radio groups, and checkbox groups with several boxes).
    Raises InputError listing every problem when any value does not suit its field.
    """
    template = _template(str(form), read_pdf(form))
    values, problems = by_full_name(template.fields, values, Path(form).name)
    problems += check_values(template.fields, values, Path(form).name)
    if problems:
        raise InputError(problems)
    update = Update(template.tail.size, template.objects)
    ctx = _Context(template, update, FontSubsets(update.reserve()), [], [])
    _fill(ctx, values)
    overflow = ctx.overflow
    _drop_xfa(template, update)
    pdf = append_update(template.base, template.tail, update)
    if overflow:
        labels = printed_labels(form, [template.fields[item.field] for item in overflow])
        overflow = [_relabel(item, labels.get(item.field)) for item in overflow]
    if overflow or flatten:
        pdf = _saved_whole(pdf, overflow, flatten, form_name or Path(form).name)
    return FillResult(pdf, [name for name in template.fields if name in values], overflow, ctx.smaller)


def _fill(ctx: _Context, values: Mapping[str, Any]) -> None:
    """Set and draw every field given a value, and draw the values the form holds without a
    drawing (viewers would redraw them in their own way)."""
    for name, field in ctx.template.fields.items():
        if name in values:
            value = values[name]
            if field.type == "text":
                _fill_text(ctx, field, "" if value is None else value)
            elif field.type in ("checkbox", "radio"):
                _fill_button(ctx.update, field, _on_state(field, value))
            else:
                _fill_choice(ctx, field, value)
        elif field.value and not all(w.has_appearance for w in field.widgets):
            if field.type == "text":
                _fill_text(ctx, field, str(field.value), kept=True)
            elif field.type == "combo":
                _fill_choice(ctx, field, field.value)
    ctx.fonts.write(ctx.update)


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
def by_full_name(fields: Mapping[str, PdfField], values: Mapping[str, Any], form: str) -> tuple[dict[str, Any], list[Problem]]:
    """``values`` keyed by full field names: a key that is no field's full name but the mapping
    name (/TM) of exactly one field stands for that field. Problems: a mapping name several
    fields share, and two keys for one field."""
    mapped: dict[str, list[str]] = {}
    for name, field in fields.items():
        if field.mapping_name:
            mapped.setdefault(field.mapping_name, []).append(name)
    out: dict[str, Any] = {}
    given_as: dict[str, str] = {}
    problems = []
    for key, value in values.items():
        name = key
        if key not in fields and key in mapped:
            if len(mapped[key]) > 1:
                problems.append(Problem(key, f"is the mapping name of {len(mapped[key])} fields in {form} "
                                             f"({_choices(mapped[key])}): give the full name of the one meant"))
                continue
            name = mapped[key][0]
        if name in given_as:
            problems.append(Problem(key, f"is the same field as {given_as[name]!r}: give it once"))
            continue
        given_as[name] = key
        out[name] = value
    return out, problems


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


# --- the form, read once -------------------------------------------------------------------------
@dataclass(frozen=True)
class _Template:
    """A form as every filling of it needs it, read once: never changed after."""

    base: bytes  # what updates are appended to: the file, or its rewrite when it cannot take one as it is
    tail: XrefTail
    fields: dict[str, PdfField]
    boxes: dict[Ref, Box]  # each text and choice widget's box, with its field's /DA and /Q or the form's
    tops: dict[Ref, int]  # each list box widget's first option shown (/TI)
    objects: dict[Ref, Entries]  # every field and widget dictionary, and the one holding the AcroForm
    acroform: Entries  # the AcroForm's entries (none when the form has no AcroForm)
    acroform_at: tuple[Ref, str | None] | None  # the AcroForm object, or the object and key it is under
    pdf: pikepdf.Pdf  # the fields' dictionaries belong to it; only read


@lru_cache(maxsize=FORMS_KEPT)
def _template(path: str, data: bytes) -> _Template:
    """The form at ``path``, whose bytes are ``data`` (the cache's key too, so an edited file is read again)."""
    base, pdf, fields, tail = _readable(path, data)
    acroform = pdf.Root.get("/AcroForm")
    defaults = acroform if isinstance(acroform, Dictionary) else Dictionary()
    da, quadding = str(defaults.get("/DA") or "/Helv 0 Tf 0 g"), int(defaults.get("/Q") or 0)
    boxes, tops, objects = {}, {}, {}
    for field in fields.values():
        objects.update((node.objgen, entries(node)) for node in field.nodes)
        for widget in field.widgets:
            objects[widget.ref] = entries(widget.annot)
            if field.type in ("text", "combo", "list"):
                boxes[widget.ref] = _box(widget, da, quadding)
            if field.type == "list":
                tops[widget.ref] = int(inherited(widget.annot, "/TI") or 0)
    acroform_at = None
    if isinstance(acroform, Dictionary):
        acroform_at = (acroform.objgen, None) if acroform.is_indirect else (pdf.Root.objgen, "/AcroForm")
        objects[acroform_at[0]] = entries(pdf.get_object(acroform_at[0]))
    return _Template(base, tail, fields, boxes, tops, objects, entries(defaults), acroform_at, pdf)


def _readable(path: str, data: bytes) -> tuple[bytes, pikepdf.Pdf, dict[str, PdfField], XrefTail]:
    """The file to append updates to (``data``, or its rewrite when it cannot take one as it is),
    opened, its fields, and its tail."""
    pdf = open_pdf(path, data)
    fields, tail = form_fields(pdf), xref_tail(pdf, data)
    objects = [obj for f in fields.values() for obj in f.node_refs + [w.ref for w in f.widgets]]
    if tail is not None and (0, 0) not in objects:  # (0, 0): a dictionary written inside another
        return data, pdf, fields, tail
    data = rewrite(pdf)
    pdf = open_pdf(path, data)
    fields, tail = form_fields(pdf), xref_tail(pdf, data)
    if tail is None:
        raise InputError.one(path, "cannot be filled: it is damaged beyond what qpdf can rewrite cleanly")
    return data, pdf, fields, tail


def _box(widget: Widget, da: str, quadding: int) -> Box:
    """The widget's box, with the field's /DA and /Q or the form's defaults."""
    own_da = inherited(widget.annot, "/DA")
    own_quadding = inherited(widget.annot, "/Q")
    return widget_box(widget.annot, widget.rect, da if own_da is None else str(own_da),
                      quadding if own_quadding is None else int(own_quadding))


# --- text ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Context:
    """One filling: the form as read, the update being made, its font subsets, and what did not
    fit at its box's own size."""

    template: _Template
    update: Update
    fonts: FontSubsets
    overflow: list[AddendumItem]
    smaller: list[SmallerText]


def _fill_text(ctx: _Context, field: PdfField, value: str, kept: bool = False) -> None:
    """Fill a text field, or point it to the addendum; ``kept``: a value the form already holds,
    drawn as it is (it was never ours to move)."""
    comb = field.max_length if field.comb else 0
    boxes = [(w, ctx.template.boxes[w.ref]) for w in field.widgets]
    layouts = [layout_text(value, box, multiline=field.multiline, comb=comb, minimum=LAST_RESORT if kept else None)
               for _, box in boxes]
    too_long = field.max_length is not None and len(value) > field.max_length and not comb
    shown = value
    if (too_long or not all(lay.fits for lay in layouts)) and not kept:
        number = len(ctx.overflow) + 1
        reason = (f"it is longer than the field's limit of {field.max_length} characters" if too_long else
                  next(lay.problem for lay in layouts if not lay.fits) + f" even at {fitting().minimum_size:g} pt")
        ctx.overflow.append(AddendumItem(number, field.name, field.tooltip or field.name, field.page, value, reason))
        shown, layouts = _pointer(field, boxes, number, comb)
    else:
        _note_smaller(ctx, field, boxes, layouts)
    _set_value(ctx.update, field, pdf_string(shown))
    for (widget, box), layout in zip(boxes, layouts):
        drawing = text_appearance(ctx.update, ctx.fonts, box, layout, comb=comb)
        _set_appearance(ctx.update, widget, ref(drawing), bool(shown))


def _note_smaller(ctx: _Context, field: PdfField, boxes: list[tuple[Widget, Box]], layouts: list[Layout]) -> None:
    """Record the value when some box draws it below the box's own size."""
    shrunk = [(lay, box) for (_, box), lay in zip(boxes, layouts) if lay.problem and lay.size < box.own_size - 0.005]
    if shrunk:
        lay, box = min(shrunk, key=lambda pair: pair[0].size)
        ctx.smaller.append(SmallerText(field.name, field.page, lay.size, round(box.own_size, 2), lay.problem))


def _pointer(field: PdfField, boxes: list[tuple[Widget, Box]], number: int, comb: int) -> tuple[str, list[Layout]]:
    """The longest pointer to addendum item ``number`` that fits every box, else the shortest drawn
    as small as it must be."""
    candidates = [p.format(n=number) for p in POINTERS]
    if field.max_length is not None:
        candidates = [c for c in candidates if len(c) <= field.max_length] or [str(number)[: field.max_length]]
    for text in candidates:
        layouts = [layout_text(text, box, multiline=field.multiline, comb=comb) for _, box in boxes]
        if all(lay.fits for lay in layouts):
            return text, layouts
    return text, [layout_text(text, box, multiline=field.multiline, comb=comb, minimum=LAST_RESORT) for _, box in boxes]


# --- choices ---------------------------------------------------------------------------------
def _fill_choice(ctx: _Context, field: PdfField, value: Any) -> None:
    chosen = [] if value is None else value if isinstance(value, list) else [value]
    exports = {text: export for export, text in field.choices}
    chosen = [item if item in field.options else exports.get(item, item) for item in chosen]
    shown = {export: text for export, text in field.choices}
    if field.type == "list" and len(chosen) > 1:
        _set_value(ctx.update, field, pdf_array([pdf_string(c) for c in chosen]))
    else:
        _set_value(ctx.update, field, pdf_string(chosen[0] if chosen else ""))
    indices = [i for i, option in enumerate(field.options) if option in chosen]
    for node in field.node_refs:
        ctx.update.change(node, "/I", pdf_array([b"%d" % i for i in indices]) if indices else None)
    for widget in field.widgets:
        box = ctx.template.boxes[widget.ref]
        if field.type == "list":
            options = [t for _, t in field.choices]
            drawing = list_appearance(ctx.update, ctx.fonts, box, options, set(indices), ctx.template.tops[widget.ref])
        else:
            text = shown.get(chosen[0], chosen[0]) if chosen else ""
            layout = layout_text(text, box, multiline=False, minimum=LAST_RESORT)
            drawing = text_appearance(ctx.update, ctx.fonts, box, layout)
        _set_appearance(ctx.update, widget, ref(drawing), bool(chosen))


# --- checkboxes and radio buttons ------------------------------------------------------------
def _on_state(field: PdfField, value: Any) -> str | None:
    if value is True:
        return field.options[0] if field.options else "Yes"
    return value if isinstance(value, str) else None


def _fill_button(update: Update, field: PdfField, state: str | None) -> None:
    """Turn on the widgets whose on-state is ``state`` (None: all off), using the form's drawings."""
    _set_value(update, field, pdf_name(state) if state else b"/Off")
    for widget in field.widgets:
        states = widget.on_states
        if not states:
            states = [state or "Yes"]
            _draw_check(update, widget, states[0])
        update.change(widget.ref, "/AS", pdf_name(state) if state in states else b"/Off")


def _draw_check(update: Update, widget: Widget, state: str) -> None:
    """On and off drawings for a checkbox the form left without any: a plain check mark."""
    x1, y1, x2, y2 = widget.rect
    w, h = abs(x2 - x1), abs(y2 - y1)
    mark = (f"q 0 g {min(w, h) / 10:.2f} w {w * .2:.2f} {h * .5:.2f} m {w * .42:.2f} {h * .25:.2f} l "
            f"{w * .8:.2f} {h * .8:.2f} l S Q").encode()

    def stream(content: bytes) -> bytes:
        return ref(update.add_stream(b"/Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f]" % (w, h), content))

    update.change(widget.ref, "/AP", b"<</N <<%s %s /Off %s>>>>" % (pdf_name(state), stream(mark), stream(b"")))


# --- shared ----------------------------------------------------------------------------------
def _set_value(update: Update, field: PdfField, value: bytes) -> None:
    nodes = field.node_refs
    for node in nodes:
        update.change(node, "/V", value)
        update.change(node, "/RV", None)  # rich text would be shown instead of the value in some viewers
    for widget in field.widgets:  # a widget's own /V hides the field's from readers that start at the widget
        if widget.ref not in nodes:
            update.change(widget.ref, "/V", None)


def _set_appearance(update: Update, widget: Widget, drawing: bytes, show: bool) -> None:
    """Give the widget its drawing, and show it if the form hid it until some choice was made
    (a form's scripts unhide such boxes; a value given for one means that choice was made)."""
    update.change(widget.ref, "/AP", b"<</N %s>>" % drawing)
    if show and widget.flags & (HIDDEN | NO_VIEW):
        update.change(widget.ref, "/F", b"%d" % ((widget.flags & ~(HIDDEN | NO_VIEW)) | PRINT))


def _relabel(item: AddendumItem, label: str | None) -> AddendumItem:
    return replace(item, label=label or item.label)


def _drop_xfa(template: _Template, update: Update) -> None:
    """Remove the XFA copy of the form, so viewers show the AcroForm values, and tell viewers
    to use the appearances drawn here rather than redraw them."""
    if template.acroform_at is None:
        return
    obj, key = template.acroform_at
    if key is None:
        for dropped in DROPPED:
            update.change(obj, dropped, None)
        return
    kept = {name: value for name, value in template.acroform.items() if name not in DROPPED}
    if kept != template.acroform:  # the AcroForm is written inside the object that holds it
        update.change(obj, key, dictionary(kept))


def _saved_whole(filled: bytes, overflow: list[AddendumItem], flatten: bool, form_name: str) -> bytes:
    """The filled form saved whole by pikepdf, with the addendum's pages, flattened if asked."""
    pdf = pikepdf.open(io.BytesIO(filled))
    if overflow:
        from .form_addendum import addendum_pdf  # reportlab's page layout, loaded only when needed
        extra = pikepdf.open(io.BytesIO(addendum_pdf(form_name, overflow)))
        pdf.pages.extend(extra.pages)
    if flatten:
        _flatten(pdf)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _flatten(pdf: pikepdf.Pdf) -> None:
    """Draw every widget that prints into its page (qpdf's flattening, which maps each appearance
    onto its box), then remove the form. A widget without the Print flag is the form's screen-only
    help (a notice to clear the form, its buttons, a white box over the court's stamp space): it is
    dropped, not drawn onto the paper that is filed."""
    pdf.flatten_annotations("print")
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
