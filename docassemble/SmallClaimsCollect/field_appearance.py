"""Appearance streams for filled-in text and choice fields: fitting, wrapping, comb cells, drawing.

A field's look comes from its widget: the box (/Rect, turned by /MK /R), the border and
background (/MK /BC, /BG and /BS), the size and colour of its default appearance (/DA) and its
alignment (/Q). Text that does not fit is reported, never cut: the filler then writes a pointer
to the addendum instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pikepdf import Array, Dictionary

from .form_font import FontSubsets, ascent, descent, text_width
from .pdf_document import Update

AUTO_SIZE_MAX = 12.0
MIN_SIZE = 6.0
LEADING = 1.15
_COLOR_OPS = {"g": 1, "rg": 3, "k": 4}


@dataclass(frozen=True)
class Box:
    """Where and how a widget draws: its size in its own upright coordinates and its decoration."""

    width: float
    height: float
    rotation: int
    border_width: float
    border_style: str  # S solid, D dashed, B beveled, I inset, U underline
    border_color: tuple[float, ...]
    background: tuple[float, ...]
    font_size: float  # 0 means fit the box
    color: str  # colour operators from /DA, like "0 g"
    quadding: int  # 0 left, 1 centred, 2 right

    @property
    def padding(self) -> float:
        return 2 * self.border_width if self.border_width else 2.0


@dataclass(frozen=True)
class Layout:
    size: float
    lines: tuple[str, ...]
    fits: bool


def widget_box(annot: Dictionary, rect: list[float], da: str, quadding: int) -> Box:
    """The drawing box of a widget at ``rect``, from the widget and its field's /DA and /Q."""
    x1, y1, x2, y2 = rect
    width, height = abs(x2 - x1), abs(y2 - y1)
    mk = annot.get("/MK") if isinstance(annot.get("/MK"), Dictionary) else Dictionary()
    rotation = int(mk.get("/R", 0)) % 360
    if rotation in (90, 270):
        width, height = height, width
    border_color = _color(mk.get("/BC"))
    bs = annot.get("/BS") if isinstance(annot.get("/BS"), Dictionary) else Dictionary()
    border = annot.get("/Border")
    border_width = float(bs.get("/W", border[2] if isinstance(border, Array) and len(border) > 2 else 1))
    size, color = parse_da(da)
    return Box(width, height, rotation, border_width if border_color else 0.0, str(bs.get("/S", "/S"))[1:],
               border_color, _color(mk.get("/BG")), size, color, quadding)


def parse_da(da: str) -> tuple[float, str]:
    """Font size (0 for auto) and colour operators from a default-appearance string."""
    tokens = da.split()
    size, color = 0.0, "0 g"
    for i, token in enumerate(tokens):
        if token == "Tf" and i >= 1:
            size = _number(tokens[i - 1])
        elif token in _COLOR_OPS and i >= _COLOR_OPS[token]:
            operands = tokens[i - _COLOR_OPS[token]:i]
            if all(re.fullmatch(r"-?[\d.]+", t) for t in operands):
                color = " ".join(operands + [token])
    return size, color


def layout_text(value: str, box: Box, *, multiline: bool, comb: int = 0, shrink: bool = False) -> Layout:
    """How ``value`` sits in ``box``: font size, lines, and whether it all fits.

    Fields with an automatic size, and those the caller allows to ``shrink`` (names), get a
    smaller font down to 6 pt before the text counts as not fitting.
    """
    inner_w = max(box.width - 2 * box.padding, 1.0)
    inner_h = max(box.height - 2 * box.padding, 1.0)
    auto = box.font_size <= 0
    if multiline:
        size = box.font_size if not auto else AUTO_SIZE_MAX
        floor = MIN_SIZE if (auto or shrink) else size
        while True:
            lines = wrap(value, size, inner_w)
            if len(lines) * size * LEADING <= inner_h + 0.01 or size <= floor:
                return Layout(size, tuple(lines), len(lines) * size * LEADING <= inner_h + 0.01)
            size = max(floor, round(size - 0.5, 2))
    if comb:
        size = box.font_size if not auto else min(AUTO_SIZE_MAX, box.height * 0.7)
        cell = box.width / comb
        widest = max((text_width(ch, 1) for ch in value), default=0)
        if widest * size > cell and (auto or shrink):
            size = max(MIN_SIZE, cell / widest if widest else size)
        return Layout(size, (value,), len(value) <= comb and widest * size <= cell + 0.01 and "\n" not in value)
    size = box.font_size if not auto else min(AUTO_SIZE_MAX, inner_h / (ascent() - descent()))
    width = text_width(value, size)
    if width > inner_w and (auto or shrink):
        size = max(MIN_SIZE, round(size * inner_w / width - 0.005, 2))
        width = text_width(value, size)
    return Layout(size, (value,), width <= inner_w + 0.01 and "\n" not in value)


def wrap(value: str, size: float, width: float) -> list[str]:
    """``value`` broken into lines no wider than ``width`` at ``size``, at spaces where possible."""
    lines: list[str] = []
    for paragraph in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size) > width and len(word) > 1:  # a word wider than the box
                cut = max(1, max(i for i in range(1, len(word) + 1) if text_width(word[:i], size) <= width or i == 1))
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def text_appearance(update: Update, fonts: FontSubsets, box: Box, layout: Layout, *, multiline: bool,
                    comb: int = 0) -> int:
    """A new form XObject drawing ``layout`` in ``box`` with the embedded font (one line centred
    vertically, several lines from the top, or one character per comb cell); its number."""
    parts = [*_frame(box, comb), "BT", box.color]
    pad = box.padding
    size = layout.size
    if comb:
        cell = box.width / comb
        y = (box.height - size * (ascent() - descent())) / 2 - size * descent()
        for i, ch in enumerate(layout.lines[0]):
            x = i * cell + (cell - text_width(ch, size)) / 2
            parts.append(_show(fonts, ch, size, x, y))
    elif not multiline:
        line = layout.lines[0]
        y = (box.height - size * (ascent() - descent())) / 2 - size * descent()
        parts.append(_show(fonts, line, size, _x(box, line, size), y))
    else:
        y = box.height - pad - size * ascent()
        for line in layout.lines:
            parts.append(_show(fonts, line, size, _x(box, line, size), y))
            y -= size * LEADING
    parts += ["ET", "Q", "EMC"]
    return _form_xobject(update, fonts, box, "\n".join(p for p in parts if p))


def list_appearance(update: Update, fonts: FontSubsets, box: Box, options: list[str], selected: set[int], top: int) -> int:
    """A new form XObject drawing a list box, its options from ``top`` down and the chosen ones
    highlighted; its number."""
    size = box.font_size if box.font_size > 0 else AUTO_SIZE_MAX
    pad, step = box.padding, size * LEADING
    parts = list(_frame(box, 0))
    y = box.height - pad
    for index in range(top, len(options)):
        if y - step < pad - 0.01:
            break
        if index in selected:
            parts.append(f"0.6 0.75 0.85 rg {_n(pad)} {_n(y - step)} {_n(box.width - 2 * pad)} {_n(step)} re f")
        parts += ["BT", box.color, _show(fonts, options[index], size, pad + 1, y - size * ascent()), "ET"]
        y -= step
    parts += ["Q", "EMC"]
    return _form_xobject(update, fonts, box, "\n".join(parts))


def _x(box: Box, line: str, size: float) -> float:
    free = box.width - 2 * box.padding - text_width(line, size)
    return box.padding + (free / 2 if box.quadding == 1 else free if box.quadding == 2 else 0)


def _show(fonts: FontSubsets, line: str, size: float, x: float, y: float) -> str:
    runs = " ".join(f"{name} {_n(size)} Tf <{codes.hex()}> Tj" for name, codes in fonts.encode(line))
    return f"1 0 0 1 {_n(x)} {_n(y)} Tm {runs}" if runs else ""


@lru_cache(maxsize=4096)
def _frame(box: Box, comb: int) -> tuple[str, ...]:
    """What every drawing in ``box`` starts with: background, border, and the clip to the inside."""
    pad = box.padding
    clip = f"{_n(pad)} {_n(pad)} {_n(box.width - 2 * pad)} {_n(box.height - 2 * pad)} re W n"
    return ("/Tx BMC", "q", *_decoration(box, comb), clip)


def _decoration(box: Box, comb: int) -> list[str]:
    """Background and border, drawn as a viewer would from /MK and /BS."""
    out = []
    w, h, bw = box.width, box.height, box.border_width
    if box.background:
        out.append(f"{_fill(box.background)} 0 0 {_n(w)} {_n(h)} re f")
    if bw and box.border_color:
        out.append(f"{_stroke(box.border_color)} {_n(bw)} w")
        if box.border_style == "D":
            out.append("[3] 0 d")
        if box.border_style == "U":
            out.append(f"0 {_n(bw / 2)} m {_n(w)} {_n(bw / 2)} l S")
        else:
            out.append(f"{_n(bw / 2)} {_n(bw / 2)} {_n(w - bw)} {_n(h - bw)} re S")
        if comb > 1 and box.border_style != "U":
            cell = w / comb
            out += [f"{_n(cell * i)} 0 m {_n(cell * i)} {_n(h)} l S" for i in range(1, comb)]
    return out


def _form_xobject(update: Update, fonts: FontSubsets, box: Box, content: str) -> int:
    items = b"%s /Resources %d 0 R" % (_placement(box), fonts.resources)
    return update.add_stream(items, content.encode("ascii"))


@lru_cache(maxsize=4096)
def _placement(box: Box) -> bytes:
    """A form XObject's type, bounding box and (for a turned widget) matrix."""
    matrix = {90: [0, 1, -1, 0, box.height, 0], 180: [-1, 0, 0, -1, box.width, box.height],
              270: [0, -1, 1, 0, 0, box.width]}.get(box.rotation)
    items = f"/Type /XObject /Subtype /Form /BBox [0 0 {_n(box.width)} {_n(box.height)}]"
    if matrix:
        items += f" /Matrix [{' '.join(_n(v) for v in matrix)}]"
    return items.encode()


def _color(value: object) -> tuple[float, ...]:
    if isinstance(value, Array) and len(value) in (1, 3, 4):
        return tuple(float(v) for v in value)
    return ()


def _fill(color: tuple[float, ...]) -> str:
    return " ".join(_n(c) for c in color) + " " + {1: "g", 3: "rg", 4: "k"}[len(color)]


def _stroke(color: tuple[float, ...]) -> str:
    return " ".join(_n(c) for c in color) + " " + {1: "G", 3: "RG", 4: "K"}[len(color)]


def _number(token: str) -> float:
    try:
        return float(token)
    except ValueError:
        return 0.0


def _n(value: float) -> str:
    """A number as content-stream text: short, and the same every run."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
