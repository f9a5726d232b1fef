"""The fillable fields of a PDF form, found the way a person filling it sees them.

The walk starts from each page's widgets (skipping null entries in /Annots), so fields whose
widgets are separate objects without names, several widgets for one field, radio groups and
attributes inherited from parent fields are all handled the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name

# Field flags (PDF 32000-1:2008, 12.7.3.1 and 12.7.4)
READ_ONLY = 1 << 0
MULTILINE = 1 << 12
RADIO = 1 << 15
PUSHBUTTON = 1 << 16
COMBO = 1 << 17
EDIT = 1 << 18
MULTISELECT = 1 << 21
COMB = 1 << 24
# Annotation flags (12.5.3)
HIDDEN = 1 << 1
PRINT = 1 << 2
NO_VIEW = 1 << 5


@dataclass
class Widget:
    annot: Dictionary
    page: int  # 1-based
    rect: list[float]
    ref: tuple[int, int]  # the annotation's object number and generation ((0, 0) if not an object of its own)
    flags: int  # annotation flags (/F)
    on_states: list[str]  # the names of a checkbox or radio widget's 'on' appearances
    has_appearance: bool  # it has a normal appearance (/AP /N) to show

    @classmethod
    def of(cls, annot: Dictionary, page: int) -> "Widget":
        """The widget ``annot`` on ``page``, read now."""
        rect = annot.get("/Rect")
        normal = _appearance_dict(annot)
        appearances = annot.get("/AP")
        return cls(annot, page, [round(float(v), 2) for v in rect] if isinstance(rect, Array) else [0.0] * 4,
                   annot.objgen, int(annot.get("/F", 0)),
                   [str(state)[1:] for state in normal if state != "/Off"] if normal is not None else [],
                   isinstance(appearances, Dictionary) and "/N" in appearances)


@dataclass
class PdfField:
    name: str
    type: str  # text | checkbox | radio | combo | list | signature | button
    flags: int
    nodes: list[Dictionary]  # the field dictionaries that carry /V (one, unless the name repeats)
    widgets: list[Widget] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)  # (export value, shown text)
    max_length: int | None = None
    tooltip: str | None = None  # /TU: what a viewer shows on hovering, often the question the box asks
    mapping_name: str | None = None  # /TM: the name for exporting data; two fields may share one
    value: Any = None  # the value the form holds: text, a list of texts, an option's name, true/false or None

    @property
    def page(self) -> int:
        return self.widgets[0].page

    @property
    def node_refs(self) -> list[tuple[int, int]]:
        """The object numbers and generations of ``nodes``."""
        return [node.objgen for node in self.nodes]

    @property
    def options(self) -> list[str]:
        """On-state names of a checkbox or radio group, or the choices of a combo or list."""
        if self.type in ("checkbox", "radio"):
            states: list[str] = []
            for widget in self.widgets:
                states += [s for s in widget.on_states if s not in states]
            return states
        return [export for export, _ in self.choices]

    @property
    def multiline(self) -> bool:
        return self.type == "text" and bool(self.flags & MULTILINE)

    @property
    def comb(self) -> bool:
        return self.type == "text" and bool(self.flags & COMB) and not self.flags & MULTILINE and bool(self.max_length)

    @property
    def read_only(self) -> bool:
        return bool(self.flags & READ_ONLY)


def form_fields(pdf: pikepdf.Pdf) -> dict[str, PdfField]:
    """Every field with a widget, by full name, in the order its first widget appears."""
    found: dict[str, PdfField] = {}
    for number, page in enumerate(pdf.pages, start=1):
        for annot in page_widgets(page.obj):
            node = annot if "/T" in annot else annot.Parent
            name = full_name(node)
            widget = Widget.of(annot, number)
            if name in found:
                seen = found[name]
                seen.widgets.append(widget)
                if not any(_same(n, node) for n in seen.nodes):
                    seen.nodes.append(node)
                continue
            found[name] = _field(node, widget, name)
    return found


def page_widgets(page: Dictionary) -> Iterator[Dictionary]:
    """The widget annotations of a page that belong to a field."""
    annots = page.get("/Annots")
    if not isinstance(annots, Array):
        return
    for annot in annots:
        if isinstance(annot, Dictionary) and annot.get("/Subtype") == "/Widget" and ("/T" in annot or "/Parent" in annot):
            yield annot


def full_name(node: Dictionary) -> str:
    """The dotted name of a field: its /T and its parents' /T, outermost first."""
    parts = []
    for ancestor in _lineage(node):
        if "/T" in ancestor:
            parts.append(str(ancestor.T))
    return ".".join(reversed(parts))


def inherited(node: Dictionary, key: str) -> Any:
    """An attribute from the field or the nearest parent that has it."""
    for ancestor in _lineage(node):
        if key in ancestor:
            return ancestor[key]
    return None


def _lineage(node: Dictionary | None) -> Iterator[Dictionary]:
    seen = 0
    while isinstance(node, Dictionary) and seen < 64:  # a loop in /Parent must not hang the walk
        yield node
        node = node.get("/Parent")
        seen += 1


def _same(a: Dictionary, b: Dictionary) -> bool:
    return a.objgen == b.objgen if a.is_indirect and b.is_indirect else a == b


def _field(node: Dictionary, widget: Widget, name: str) -> PdfField:
    # Attributes are looked up from the widget: a merged field-and-widget carries them itself,
    # a separate widget inherits them from its field and the field's parents.
    annot = widget.annot
    kind = inherited(annot, "/FT")
    flags = int(inherited(annot, "/Ff") or 0)
    if kind == "/Btn":
        type_ = "button" if flags & PUSHBUTTON else "radio" if flags & RADIO else "checkbox"
    elif kind == "/Ch":
        type_ = "combo" if flags & COMBO else "list"
    else:
        type_ = {"/Sig": "signature"}.get(str(kind), "text")
    max_length = inherited(annot, "/MaxLen")
    tooltip = str(node.TU).strip() if "/TU" in node else ""
    mapping_name = str(node.TM).strip() if "/TM" in node else ""
    return PdfField(
        name=name, type=type_, flags=flags, nodes=[node], widgets=[widget],
        choices=_choices(inherited(annot, "/Opt")) if type_ in ("combo", "list") else [],
        max_length=int(max_length) if max_length is not None else None,
        tooltip=tooltip or None, mapping_name=mapping_name or None, value=_value(type_, inherited(node, "/V")),
    )


def _value(type_: str, raw: Any) -> Any:
    """A field's value from its /V as pikepdf reads it."""
    if type_ == "checkbox":
        return raw is not None and str(raw) not in ("/Off", "")
    if raw is None:
        return None
    if isinstance(raw, Name):
        return None if raw == "/Off" else str(raw)[1:]
    if isinstance(raw, Array):
        return [str(v) for v in raw]
    return str(raw)


def _choices(options: Any) -> list[tuple[str, str]]:
    out = []
    for option in options if isinstance(options, Array) else []:
        if isinstance(option, Array) and len(option) >= 2:
            out.append((str(option[0]), str(option[1])))
        elif option is not None:
            out.append((str(option), str(option)))
    return out


def _appearance_dict(annot: Dictionary) -> Dictionary | None:
    """The widget's normal appearances when they are a set of named states, else None."""
    appearances = annot.get("/AP")
    normal = appearances.get("/N") if isinstance(appearances, Dictionary) else None
    if isinstance(normal, Dictionary) and not isinstance(normal, pikepdf.Stream):
        return normal
    return None
