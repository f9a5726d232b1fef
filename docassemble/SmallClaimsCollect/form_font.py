"""The font that filled-in values are drawn with, embedded as a subset of the characters used.

Source Sans Pro (SIL Open Font License, from the font-source-sans-pro package) covers accented
Latin letters and typographic quotes, so names like "José Núñez" or "Zoë O’Brien" print as typed.
The subset is cut with reportlab's TrueType subsetter (its ``TTFontFace.makeSubset``, an
internal, hence the pinned reportlab range) into simple TrueType fonts of up to 255 characters
each, with a ToUnicode map so the text can be searched and copied.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby, repeat
from pathlib import Path

import font_source_sans_pro
from reportlab.pdfbase.ttfonts import TTFontFace

from .pdf_document import Entries, Update, dictionary, pdf_array, pdf_name, ref

FONT_FILE = Path(font_source_sans_pro.font_files_ttf["SourceSansPro"])
FONT_NAME = "Source Sans Pro"  # as messages name it
RESOURCE_PREFIX = "SCCFont"
CODES_PER_SUBSET = 255  # code 0 is kept for the missing-glyph box


@lru_cache(maxsize=1)
def face() -> TTFontFace:
    """The parsed font, read once per process."""
    return TTFontFace(str(FONT_FILE))


def missing_characters(value: str) -> list[str]:
    """Characters of ``value`` that the font cannot draw (line breaks and tabs apart)."""
    glyphs = face().charToGlyph
    return sorted({ch for ch in value if ch not in "\n\r\t" and ord(ch) not in glyphs})


def text_width(value: str, size: float) -> float:
    """Width of ``value`` in points at ``size``."""
    return sum(map(_widths().get, value, repeat(face().defaultWidth))) * size / 1000


@lru_cache(maxsize=1)
def _widths() -> dict[str, int]:
    """Each character's advance width in thousandths of the size."""
    return {chr(code): width for code, width in face().charWidths.items()}


def ink(value: str) -> tuple[float, float]:
    """How far the glyphs of ``value`` reach below and above the baseline, in fractions of the
    size (from each glyph's outline box); (0, 0) for blank text."""
    extents = _ink()
    reach = [extents[ch] for ch in value if ch in extents]
    if not reach:
        return 0.0, 0.0
    return min(low for low, _ in reach), max(high for _, high in reach)


@lru_cache(maxsize=1)
def _ink() -> dict[str, tuple[float, float]]:
    """Each character's outline from its lowest to its highest point, from the font's glyph table
    (each glyph's header gives its box: contours, xMin, yMin, xMax, yMax)."""
    font = face()
    glyf = font.get_table("glyf")
    scale = 1 / font.unitsPerEm
    out = {}
    for code, glyph in font.charToGlyph.items():
        start, end = font.glyphPos[glyph], font.glyphPos[glyph + 1]
        if end > start:  # a glyph with an outline (a space has none)
            _, _, low, _, high = struct.unpack(">hhhhh", glyf[start:start + 10])
            out[chr(code)] = (low * scale, high * scale)
    return out


def ascent() -> float:
    return face().ascent / 1000


def descent() -> float:
    return face().descent / 1000  # negative


class FontSubsets:
    """Codes for the characters one filled document uses, and the fonts that draw them.

    Codes are given in the order characters are first met, so the same values give the
    same bytes; the font objects are written once every appearance has been drawn.
    """

    def __init__(self, resources: int) -> None:
        self.resources = resources  # object number of the resources every appearance shares
        self._codes: dict[int, int] = {}  # each character met: its subset * 256 + its code in that subset
        self._subsets: list[list[int]] = []

    def encode(self, value: str) -> list[tuple[str, bytes]]:
        """``value`` as runs of (font resource name, character codes)."""
        for ch in dict.fromkeys(value):
            if ord(ch) not in self._codes:
                self._add(ord(ch))
        coded = value.translate(self._codes)  # each character as chr(subset * 256 + code)
        if not coded or max(coded) < "\u0100":  # all in the first subset
            return [(f"/{RESOURCE_PREFIX}0", coded.encode("latin-1"))] if coded else []
        return [(f"/{RESOURCE_PREFIX}{subset}", bytes(ord(c) & 0xFF for c in run))
                for subset, run in groupby(coded, lambda c: ord(c) >> 8)]

    def write(self, update: Update) -> None:
        """Write the shared resources and the font objects, now that every character is known."""
        fonts = {f"/{RESOURCE_PREFIX}{number}": ref(_write_font(update, tuple(subset)))
                 for number, subset in enumerate(self._subsets)}
        update.put(self.resources, dictionary({"/Font": dictionary(fonts)}))

    def _add(self, char: int) -> None:
        """A code for a character not met before: the next one in the last subset, or a new subset's first."""
        if not self._subsets or len(self._subsets[-1]) > CODES_PER_SUBSET:
            self._subsets.append([0])
        self._codes[char] = (len(self._subsets) - 1) * 256 + len(self._subsets[-1])
        self._subsets[-1].append(char)


@dataclass(frozen=True)
class _Embedded:
    """One subset's font program and dictionaries, less the references between them."""

    program: bytes  # the TrueType subset, Flate-compressed
    program_length: int  # uncompressed
    font: Entries  # the font dictionary
    descriptor: Entries  # the font descriptor
    to_unicode: bytes  # the ToUnicode CMap, Flate-compressed


def _write_font(update: Update, subset: tuple[int, ...]) -> int:
    """The subset's font, descriptor, font file and ToUnicode map as new objects; the font's number."""
    embedded = _embedded(subset)
    program = update.add_packed_stream(b"/Length1 %d" % embedded.program_length, embedded.program)
    descriptor = update.add(dictionary({**embedded.descriptor, "/FontFile2": ref(program)}))
    to_unicode = update.add_packed_stream(b"", embedded.to_unicode)
    return update.add(dictionary({**embedded.font, "/FontDescriptor": ref(descriptor), "/ToUnicode": ref(to_unicode)}))


@lru_cache(maxsize=64)
def _embedded(subset: tuple[int, ...]) -> _Embedded:
    """What does not depend on the document, made once per set of characters."""
    font = face()
    program = font.makeSubset(list(subset))
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(program).digest()[:6])
    base_name = f"{tag}+{font.name.decode('latin-1') if isinstance(font.name, bytes) else font.name}"
    descriptor = {
        "/Type": b"/FontDescriptor", "/FontName": pdf_name(base_name), "/Flags": b"4",  # symbolic: codes are our own
        "/FontBBox": pdf_array([_number(v) for v in font.bbox]), "/ItalicAngle": _number(font.italicAngle),
        "/Ascent": _number(font.ascent), "/Descent": _number(font.descent), "/CapHeight": _number(font.capHeight),
        "/StemV": _number(font.stemV), "/MissingWidth": _number(font.defaultWidth)}
    font_dict = {"/Type": b"/Font", "/Subtype": b"/TrueType", "/BaseFont": pdf_name(base_name), "/FirstChar": b"0",
                 "/LastChar": b"%d" % (len(subset) - 1),
                 "/Widths": pdf_array([_number(font.charWidths.get(code, font.defaultWidth)) for code in subset])}
    return _Embedded(zlib.compress(program), len(program), font_dict, descriptor,
                     zlib.compress(_to_unicode(base_name, list(subset))))


def _number(value: float) -> bytes:
    return b"%d" % value if value == int(value) else f"{value:.3f}".rstrip("0").encode()


def _to_unicode(name: str, subset: list[int]) -> bytes:
    """A ToUnicode CMap from each code to its character (UTF-16BE, surrogate pairs included)."""
    entries = [f"<{code:02X}> <{chr(cp).encode('utf-16-be').hex().upper()}>" for code, cp in enumerate(subset) if code]
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
             f"/CMapName /{name} def", "/CMapType 2 def",
             "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange"]
    for start in range(0, len(entries), 100):
        chunk = entries[start:start + 100]
        lines += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")
