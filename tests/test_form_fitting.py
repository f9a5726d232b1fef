"""How a value fits its box, on forms built here with the quirks real court forms have: one-line-high
multi-line boxes with DoNotScroll and a fixed /DA, automatic size, boxes barely taller than their
font, borders, comb cells, long answers. What is checked is what a reader sees: poppler's text
inside each box's rectangle, and poppler's drawing of each box with and without the clip its
appearance sets (a letter cut off by the clip draws differently)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from docassemble.SmallClaimsCollect import field_appearance
from docassemble.SmallClaimsCollect.form_fill import fill_form

MULTILINE, DO_NOT_SCROLL, COMB = 1 << 12, 1 << 23, 1 << 24
ACCENTED = "Zq008é"  # a capital, a descender, an accent: the whole height of a line of ink

# name: (rect, /DA, /Ff, /MaxLen, border width (0: none))
BOXES = {
    "one_line_multiline": ([72, 700, 133, 714.4], "/Helv 10 Tf 0 g", MULTILINE | DO_NOT_SCROLL, None, 0),
    "email_multiline": ([150, 700, 270, 714], "/Helv 10 Tf 0 g", MULTILINE | DO_NOT_SCROLL, None, 0),
    "automatic": ([300, 700, 420, 716], "/Helv 0 Tf 0 g", 0, None, 0),
    "state": ([450, 700, 478, 714], "/Helv 10 Tf 0 g", 0, None, 0),
    "eight_high": ([72, 650, 200, 658], "/Helv 8 Tf 0 g", 0, None, 0),
    "twelve_high": ([220, 650, 340, 662], "/Helv 11 Tf 0 g", 0, None, 0),
    "bordered": ([360, 650, 480, 666], "/Helv 10 Tf 0 g", 0, None, 1),
    "borderless": ([500, 650, 590, 666], "/Helv 10 Tf 0 g", 0, None, 0),
    "comb": ([72, 600, 172, 616], "/Helv 10 Tf 0 g", COMB, 5, 1),
    "three_lines": ([72, 500, 372, 538], "/Helv 10 Tf 0 g", MULTILINE, None, 0),
    "small_three_lines": ([72, 400, 240, 432], "/Helv 10 Tf 0 g", MULTILINE, None, 0),
}
ANSWER = ("The tenant moved out on March 2, 2026 and left the unit clean. The landlord kept the whole deposit "
          "of $1,250.00, sent no list of damages within thirty days, and has not answered two letters asking "
          "for it back; I ask for the deposit and the costs of this case.")
assert len(ANSWER) >= 250
VALUES = {
    "one_line_multiline": "3", "email_multiline": "maria.fernandez@example.com", "automatic": "José Núñez",
    "state": "Kentuc", "eight_high": ACCENTED, "twelve_high": ACCENTED, "bordered": "Ángel Quiñónez",
    "borderless": "Ángel Quiñónez", "comb": "40507", "three_lines": ANSWER, "small_three_lines": ANSWER * 2,
}


def built_form(path: Path) -> Path:
    """A one-page form with a widget for each of BOXES, as court forms write them (field and widget
    one dictionary; a bordered box has /MK /BC and /BS)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(612, 792))
    page = pdf.pages[0]
    fields = []
    for name, (rect, da, flags, max_length, border) in BOXES.items():
        widget = Dictionary(Type=Name.Annot, Subtype=Name.Widget, FT=Name.Tx, T=pikepdf.String(name),
                            Rect=Array(rect), DA=pikepdf.String(da), Ff=flags, F=4, P=page.obj)
        if max_length:
            widget.MaxLen = max_length
        if border:
            widget.MK = Dictionary(BC=Array([0]))
            widget.BS = Dictionary(W=border, S=Name.S)
        fields.append(pdf.make_indirect(widget))
    page.obj.Annots = Array(fields)
    helv = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    pdf.Root.AcroForm = Dictionary(Fields=Array(fields), DA=pikepdf.String("/Helv 0 Tf 0 g"),
                                   DR=Dictionary(Font=Dictionary(Helv=helv)))
    pdf.save(path)
    return path


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fitting")
    source = built_form(folder / "form.pdf")
    result = fill_form(source, VALUES)
    (folder / "filled.pdf").write_bytes(result.pdf)
    (folder / "flat.pdf").write_bytes(fill_form(source, VALUES, flatten=True).pdf)
    return folder, result


def text_in_box(pdf: Path, rect: list[float]) -> str:
    """poppler's text inside ``rect`` (PDF points) on page 1, words joined by single spaces."""
    x1, y1, x2, y2 = rect
    scale = 10  # at 720 dpi a pixel is a tenth of a point
    out = subprocess.run(["pdftotext", "-r", "720", "-f", "1", "-l", "1", "-x", str(round(x1 * scale)),
                          "-y", str(round((792 - y2) * scale)), "-W", str(round((x2 - x1) * scale)),
                          "-H", str(round((y2 - y1) * scale)), str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def appearance(pdf: pikepdf.Pdf, name: str) -> pikepdf.Stream:
    annot = next(a for a in pdf.pages[0].Annots if str(a.T) == name)
    return annot.AP.N


def sizes_drawn(pdf: pikepdf.Pdf, name: str) -> set[float]:
    return {float(s) for s in re.findall(rb"/SCCFont\d+ ([\d.]+) Tf", appearance(pdf, name).read_bytes())}


def test_short_answers_stay_in_their_boxes_and_only_what_cannot_fit_at_7_pt_goes_to_the_addendum(filled):
    folder, result = filled
    assert [item.field for item in result.addendum] == ["small_three_lines"]
    assert re.fullmatch(r"its \d+ lines are taller than the box even at 7 pt", result.addendum[0].reason)
    for name, value in VALUES.items():
        if name == "small_three_lines":
            assert text_in_box(folder / "flat.pdf", BOXES[name][0]) == "See addendum, item 1"
        elif name == "comb":  # one character a cell: poppler sees the gaps as spaces
            assert text_in_box(folder / "flat.pdf", BOXES[name][0]).replace(" ", "") == value
        else:
            assert text_in_box(folder / "flat.pdf", BOXES[name][0]) == " ".join(value.split()), name


def test_a_value_keeps_its_boxs_own_size_when_it_fits_and_shrinks_only_as_far_as_it_must(filled):
    folder, result = filled
    with pikepdf.open(folder / "filled.pdf") as pdf:
        assert sizes_drawn(pdf, "one_line_multiline") == {10.0}  # "3" at the box's 10 pt
        assert sizes_drawn(pdf, "twelve_high") == {11.0}  # the padding gives way, not the size
        assert sizes_drawn(pdf, "comb") == {10.0}
        assert 7 <= sizes_drawn(pdf, "state").pop() < 10  # six letters in a box 28 pt wide
        eight = sizes_drawn(pdf, "eight_high").pop()
        assert 7 <= eight < 8  # 8 pt letters with accents and descenders need more than 8 pt of height
        email = sizes_drawn(pdf, "email_multiline").pop()
        assert 7 <= email < 10
        assert 7 <= min(sizes_drawn(pdf, "three_lines")) < 10
        assert len(re.findall(rb" Tm ", appearance(pdf, "comb").read_bytes())) == 5  # one character per cell
        auto = sizes_drawn(pdf, "automatic").pop()
        assert 10 <= auto <= 12  # automatic: as large as the box holds, at most 12 pt
    smaller = {s.field: s for s in result.smaller}
    assert set(smaller) >= {"eight_high", "email_multiline", "three_lines"}
    assert not {"one_line_multiline", "twelve_high", "comb", "small_three_lines"} & set(smaller)
    assert smaller["eight_high"].box_size == 8 and smaller["eight_high"].reason == "it is taller than the box"
    assert smaller["email_multiline"].size == email


def test_a_bordered_box_keeps_twice_the_border_inside_it_and_a_borderless_one_1_pt(filled):
    folder, _ = filled
    with pikepdf.open(folder / "filled.pdf") as pdf:
        for name, pad in (("bordered", 2.0), ("borderless", 1.0)):
            clip = re.search(rb"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re W n", appearance(pdf, name).read_bytes())
            x, _, w, _ = (float(v) for v in clip.groups())
            width = BOXES[name][0][2] - BOXES[name][0][0]
            assert (x, round(w, 3)) == (pad, round(width - 2 * pad, 3)), name


def dark_pixels(pdf: Path, rect: list[float]) -> list[int]:
    """poppler's drawing of ``rect`` (with a 3 pt margin) at 288 dpi: each pixel, dark or not."""
    x1, y1, x2, y2 = rect
    scale = 4
    out = subprocess.run(["pdftoppm", "-r", "288", "-f", "1", "-l", "1", "-gray", "-x", str(int((x1 - 3) * scale)),
                          "-y", str(int((792 - y2 - 3) * scale)), "-W", str(int((x2 - x1 + 6) * scale)),
                          "-H", str(int((y2 - y1 + 6) * scale)), str(pdf)], capture_output=True, check=True).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", out)
    return [byte < 160 for byte in out[header.end():]]


def test_the_clip_cuts_no_letter(filled, tmp_path):
    """Every box drawn as filled and drawn again with its clip taken away: the same pixels, so the
    clip cut nothing; and the test can tell (a box drawn at 10 pt in 8 pt of height differs)."""
    folder, _ = filled
    unclipped = tmp_path / "unclipped.pdf"
    with pikepdf.open(folder / "filled.pdf") as pdf:
        for annot in pdf.pages[0].Annots:
            stream = annot.AP.N
            stream.write(re.sub(rb"[\d.]+ [\d.]+ [\d.]+ [\d.]+ re W n", b"", stream.read_bytes()))
        pdf.save(unclipped)
    for name in VALUES:
        assert dark_pixels(folder / "filled.pdf", BOXES[name][0]) == dark_pixels(unclipped, BOXES[name][0]), name

    too_big = tmp_path / "too-big.pdf"  # the old way: the /DA's size whatever the height
    with pikepdf.open(folder / "filled.pdf") as pdf:
        stream = appearance(pdf, "eight_high")
        stream.write(re.sub(rb"(/SCCFont\d+) [\d.]+ Tf", rb"\1 10 Tf", stream.read_bytes()))
        pdf.save(too_big)
        stream.write(re.sub(rb"[\d.]+ [\d.]+ [\d.]+ [\d.]+ re W n", b"", stream.read_bytes()))
        pdf.save(tmp_path / "too-big-unclipped.pdf")
    rect = BOXES["eight_high"][0]
    assert dark_pixels(too_big, rect) != dark_pixels(tmp_path / "too-big-unclipped.pdf", rect)


def test_the_minimum_size_is_a_setting_in_data(tmp_path, monkeypatch):
    source = built_form(tmp_path / "form.pdf")
    (tmp_path / "rules" / "forms").mkdir(parents=True)
    (tmp_path / "rules" / "forms" / "filling.yml").write_text(
        "minimum_size: 9\nautomatic_size_max: 12\npadding_floor: 0.5\n", encoding="utf-8")
    monkeypatch.setenv("SMALLCLAIMS_RULES_DIR", str(tmp_path / "rules"))
    field_appearance.fitting.cache_clear()
    try:
        result = fill_form(source, {"email_multiline": VALUES["email_multiline"], "one_line_multiline": "3"})
    finally:
        monkeypatch.delenv("SMALLCLAIMS_RULES_DIR")
        field_appearance.fitting.cache_clear()
    assert [(i.field, i.reason) for i in result.addendum] == [
        ("email_multiline", "its 2 lines are taller than the box even at 9 pt")]
