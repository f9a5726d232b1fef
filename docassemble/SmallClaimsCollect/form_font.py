"""The font that filled-in values are drawn with, embedded as a subset of the characters used.

Source Sans Pro (SIL Open Font License, from the font-source-sans-pro package) covers accented
Latin letters and typographic quotes, so names like "José Núñez" or "Zoë O’Brien" print as typed.
The subset is cut with reportlab's TrueType subsetter (its ``TTFontFace.makeSubset``, an
internal, hence the pinned reportlab range) into simple TrueType fonts of up to 255 characters
each, with a ToUnicode map so the text can be searched and copied.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import font_source_sans_pro
import pikepdf
from pikepdf import Array, Dictionary, Name
from reportlab.pdfbase.ttfonts import TTFontFace

FONT_FILE = Path(font_source_sans_pro.font_files_ttf["SourceSansPro"])
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
    widths, default = face().charWidths, face().defaultWidth
    return sum(widths.get(ord(ch), default) for ch in value) * size / 1000


def ascent() -> float:
    return face().ascent / 1000


def descent() -> float:
    return face().descent / 1000  # negative


class FontSubsets:
    """Codes for the characters one filled document uses, and the fonts that draw them.

    Codes are given in the order characters are first met, so the same values give the
    same bytes; the font objects are made once every appearance has been written.
    """

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self._pdf = pdf
        self._codes: dict[str, tuple[int, int]] = {}
        self._subsets: list[list[int]] = []
        self.fonts = pdf.make_indirect(Dictionary())  # the /Font resources every appearance shares
        self.resources = pdf.make_indirect(Dictionary(Font=self.fonts))

    def encode(self, value: str) -> list[tuple[str, bytes]]:
        """``value`` as runs of (font resource name, character codes)."""
        runs: list[tuple[str, bytes]] = []
        for ch in value:
            subset, code = self._code(ch)
            name = f"/{RESOURCE_PREFIX}{subset}"
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + bytes([code]))
            else:
                runs.append((name, bytes([code])))
        return runs

    def finish(self) -> None:
        """Make the font objects now that every character is known."""
        for number, subset in enumerate(self._subsets):
            self.fonts[Name(f"/{RESOURCE_PREFIX}{number}")] = self._pdf.make_indirect(_font_object(self._pdf, subset))

    def _code(self, ch: str) -> tuple[int, int]:
        if ch not in self._codes:
            if not self._subsets or len(self._subsets[-1]) > CODES_PER_SUBSET:
                self._subsets.append([0])
            self._codes[ch] = (len(self._subsets) - 1, len(self._subsets[-1]))
            self._subsets[-1].append(ord(ch))
        return self._codes[ch]


@lru_cache(maxsize=64)
def _subset_bytes(subset: tuple[int, ...]) -> bytes:
    return face().makeSubset(list(subset))


def _font_object(pdf: pikepdf.Pdf, subset: list[int]) -> Dictionary:
    font = face()
    program = _subset_bytes(tuple(subset))
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(program).digest()[:6])
    base_name = f"{tag}+{font.name.decode('latin-1') if isinstance(font.name, bytes) else font.name}"
    font_file = pikepdf.Stream(pdf, program)
    font_file.Length1 = len(program)
    descriptor = Dictionary(
        Type=Name.FontDescriptor, FontName=Name("/" + base_name), Flags=4,  # symbolic: codes are our own
        FontBBox=Array(font.bbox), ItalicAngle=font.italicAngle, Ascent=font.ascent, Descent=font.descent,
        CapHeight=font.capHeight, StemV=font.stemV, MissingWidth=font.defaultWidth, FontFile2=pdf.make_indirect(font_file),
    )
    to_unicode = pikepdf.Stream(pdf, _to_unicode(base_name, subset))
    return Dictionary(
        Type=Name.Font, Subtype=Name.TrueType, BaseFont=Name("/" + base_name), FirstChar=0, LastChar=len(subset) - 1,
        Widths=Array([font.charWidths.get(code, font.defaultWidth) for code in subset]),
        FontDescriptor=pdf.make_indirect(descriptor), ToUnicode=pdf.make_indirect(to_unicode),
    )


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
