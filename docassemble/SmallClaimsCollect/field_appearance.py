"""Appearance streams for filled-in text and choice fields: fitting, wrapping, comb cells, drawing.

A field's look comes from its widget: the box (/Rect, turned by /MK /R), the border and
background (/MK /BC, /BG and /BS), the size and colour of its default appearance (/DA) and its
alignment (/Q). A value is drawn at the box's own size when it fits the inside of the box in
width and in height (its glyphs' ink, inside the clip); otherwise smaller, down to the minimum in
data/rules/forms/filling.yml, wrapping a multi-line box anew at each size. What does not fit even
then is reported, never cut: the filler writes a pointer to the addendum instead.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from pikepdf import Array, Dictionary

from . import rules
from .form_font import FontSubsets, ascent, descent, ink, text_width
from .pdf_document import Update

LEADING = 1.15
STEP = 0.25  # how much smaller each size tried for a multi-line box is, in points
BLEED = 0.25  # pt kept between the ink and the clip where the box has room: a viewer's smoothing of an edge
_COLOR_OPS = {"g": 1, "rg": 3, "k": 4}


@dataclass(frozen=True)
class Fitting:
    """How small a value may be drawn, from data/rules/forms/filling.yml."""

    minimum_size: float
    automatic_size_max: float
    padding_floor: float


@lru_cache(maxsize=1)
def fitting() -> Fitting:
    data = rules.load(rules.FORMS, "filling")
    return Fitting(float(data["minimum_size"]), float(data["automatic_size_max"]), float(data["padding_floor"]))


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
        """The space inside the edge, as Acrobat leaves it: twice the border's width, 1 pt with none."""
        return 2 * self.border_width if self.border_width else 1.0

    @property
    def own_size(self) -> float:
        """The size the box asks for: its /DA's, or for automatic sizing the largest a line of the box
        holds (at most the setting's)."""
        return self.font_size if self.font_size > 0 else min(fitting().automatic_size_max, self.height)


@dataclass(frozen=True)
class Layout:
    """Where a value's lines go in a box, and at what size."""

    size: float
    lines: tuple[str, ...]
    fits: bool
    baseline: float = 0.0  # the first line's baseline, above the box's bottom edge
    clip: float = 0.0  # the clip's distance from the box's top and bottom edges
    problem: str = ""  # why the value is drawn smaller than the box's size, or does not fit at all


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


def layout_text(value: str, box: Box, *, multiline: bool, comb: int = 0, minimum: float | None = None) -> Layout:
    """How ``value`` sits in ``box``: its size, its lines, and whether it fits at ``minimum`` or
    larger (default: the data's minimum size, or the box's own size when that is smaller)."""
    floor = min(box.own_size, fitting().minimum_size if minimum is None else minimum)
    if "\n" in value.replace("\r", "\n") and not multiline:
        return _placed(value, box, (value,), floor, False, "it has a line break and the box holds one line", centred=True)
    if multiline:
        return _multiline(value, box, floor)
    return _one_line(value, box, floor, comb)


def _one_line(value: str, box: Box, floor: float, comb: int) -> Layout:
    """One line: the largest size up to the box's own at which it fits the width (each comb cell's)
    and, with the padding given way down to the data's floor, the height."""
    low, high = ink(value)
    if comb:
        room, width = box.width / comb, max((text_width(ch, 1) for ch in value), default=0.0)
        wide = "a character is wider than its cell"
    else:
        room, width, wide = box.width - 2 * box.padding, text_width(value, 1), "it is wider than the box"
    by_width = room / width if width else math.inf
    by_height = min(_room(box) / (high - low) if high > low else math.inf, box.height)
    size = min(box.own_size, by_width, by_height)
    if size < floor <= by_width and high > low and box.height / (high - low) >= floor:
        size = floor  # at the minimum, the padding gives way entirely before the value leaves the box
    size = math.floor(size * 100 + 1e-6) / 100
    fits = size >= floor - 0.005
    problem = "" if size >= box.own_size - 0.005 else wide if by_width <= by_height else "it is taller than the box"
    if comb and len(value) > comb:
        fits, problem = False, f"it has more characters than the box's {comb} cells"
    return _placed(value, box, (value,), max(size, floor), fits, problem, centred=True)


def _multiline(value: str, box: Box, floor: float) -> Layout:
    """Several lines: the largest size up to the box's own at which the wrapped lines fit the box,
    without breaking a word if some size allows it."""
    low, high = ink(value)
    inner = box.width - 2 * box.padding
    sizes, size = [], box.font_size if box.font_size > 0 else fitting().automatic_size_max
    while size > floor + 1e-6:
        sizes.append(size)
        size = round(size - STEP, 2)
    sizes.append(floor)
    room = _room(box) + 0.01
    chosen: tuple[float, list[str], str] | None = None
    for size in sizes:
        lines, broke = _wrap(value, size, inner)
        if (len(lines) - 1) * size * LEADING + (high - low) * size <= room and size <= box.height + 0.01:
            if not broke:
                chosen = (size, lines, "" if size >= box.own_size - 0.005 else "its lines are taller than the box")
                break
            chosen = chosen or (size, lines, "a word is wider than the box")
    if chosen is None:
        lines, _ = _wrap(value, floor, inner)
        return _placed(value, box, tuple(lines), floor, False, f"its {len(lines)} lines are taller than the box",
                       centred=len(lines) == 1)
    size, lines, problem = chosen
    one_line_box = size * LEADING + (high - low) * size > room  # a second line would not fit: centre the one
    return _placed(value, box, tuple(lines), size, True, problem, centred=len(lines) == 1 and one_line_box)


def _room(box: Box) -> float:
    """The height inside the box for text, the padding given way down to the data's floor."""
    return box.height - 2 * min(box.padding, fitting().padding_floor)


def _placed(value: str, box: Box, lines: tuple[str, ...], size: float, fits: bool, problem: str, *,
            centred: bool) -> Layout:
    """``lines`` at ``size``, placed: ``centred`` as Acrobat centres one line (the font's ascent to
    its descent in the middle of the box), else from the top; moved as little as needed for the
    ink to lie inside the clip, which keeps as much of the padding as the ink leaves room for."""
    low, high = (v * size for v in ink(value))
    low, high = low - BLEED, high + BLEED
    block = (len(lines) - 1) * size * LEADING + high - low
    clip = max(0.0, min(box.padding, (box.height - block) / 2))
    if centred:
        baseline = (box.height - size * (ascent() - descent())) / 2 - size * descent()
    else:
        baseline = box.height - box.padding - size * ascent()
    last = baseline - (len(lines) - 1) * size * LEADING
    if baseline + high > box.height - clip:
        baseline = box.height - clip - high
    elif last + low < clip:
        baseline += clip - (last + low)
    return Layout(size, lines, fits, baseline, clip, problem)


def wrap(value: str, size: float, width: float) -> list[str]:
    """``value`` broken into lines no wider than ``width`` at ``size``, at spaces where possible."""
    return _wrap(value, size, width)[0]


def _wrap(value: str, size: float, width: float) -> tuple[list[str], bool]:
    """``wrap``'s lines, and whether a word wider than the box had to be broken."""
    lines: list[str] = []
    broke = False
    space = text_width(" ", size)
    for paragraph in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line, line_width = "", 0.0
        for word in paragraph.split(" "):
            word_width = text_width(word, size)
            if (line_width + space + word_width if line else word_width) <= width:
                line, line_width = (f"{line} {word}", line_width + space + word_width) if line else (word, word_width)
                continue
            if line:
                lines.append(line)
            while word_width > width and len(word) > 1:  # a word wider than the box
                broke = True
                cut = _longest_prefix(word, size, width)
                lines.append(word[:cut])
                word = word[cut:]
                word_width = text_width(word, size)
            line, line_width = word, word_width
        lines.append(line)
    return lines, broke


def _longest_prefix(word: str, size: float, width: float) -> int:
    """How many of ``word``'s first characters fit ``width`` (at least one)."""
    total = 0.0
    for i, ch in enumerate(word):
        total += text_width(ch, size)
        if total > width:
            return max(1, i)
    return len(word)


def text_appearance(update: Update, fonts: FontSubsets, box: Box, layout: Layout, *, comb: int = 0) -> int:
    """A new form XObject drawing ``layout`` in ``box`` with the embedded font (one character per
    cell of a comb field); its number."""
    parts = [*_frame(box, comb, layout.clip), "BT", box.color]
    size, y = layout.size, layout.baseline
    if comb:
        cell = box.width / comb
        for i, ch in enumerate(layout.lines[0]):
            parts.append(_show(fonts, ch, size, i * cell + (cell - text_width(ch, size)) / 2, y))
    else:
        for line in layout.lines:
            parts.append(_show(fonts, line, size, _x(box, line, size), y))
            y -= size * LEADING
    parts += ["ET", "Q", "EMC"]
    return _form_xobject(update, fonts, box, "\n".join(p for p in parts if p))


def list_appearance(update: Update, fonts: FontSubsets, box: Box, options: list[str], selected: set[int], top: int) -> int:
    """A new form XObject drawing a list box, its options from ``top`` down and the chosen ones
    highlighted; its number."""
    size = box.font_size if box.font_size > 0 else fitting().automatic_size_max
    pad, step = box.padding, size * LEADING
    parts = list(_frame(box, 0, pad))
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
def _frame(box: Box, comb: int, clip_y: float) -> tuple[str, ...]:
    """What every drawing in ``box`` starts with: background, border, and the clip to the inside
    (``clip_y`` from the top and bottom edges; a comb's cells reach the side edges)."""
    pad = 0.0 if comb else box.padding
    clip = f"{_n(pad)} {_n(clip_y)} {_n(box.width - 2 * pad)} {_n(box.height - 2 * clip_y)} re W n"
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
