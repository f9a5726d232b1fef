"""The fee-waiver affidavit (AOC-026) filled from the filer's finances, on the court's real form in
../shared/forms: read back by qualified field name with pypdf, and with poppler (pdftotext, its
word boxes) after ``forms fill --flatten``; the totals our own sums to the cent; without finances
the totals blank and the next-steps page naming what to fill in by hand; bad finances refused by
field. The figures are chosen so that floating point would miss the cent (3200 + 1850.50 + ...
is 6693.410000000001 in floats) and so that rows overflow (five possessions in four rows, six
other debts in five)."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import EXAMPLES, FORMS
from docassemble.SmallClaimsCollect.case import Finances, case_from_text
from docassemble.SmallClaimsCollect.casefile import parse_case_text, schema
from docassemble.SmallClaimsCollect.errors import InputError
from docassemble.SmallClaimsCollect.form_facts import load_form_spec, map_values, worksheet_items
from docassemble.SmallClaimsCollect.form_fill import fill_form

AOC_026 = FORMS / "KY" / "AOC-026.pdf"
AS_OF = date(2026, 11, 21)

FINANCES = """\
    finances:
      household:
        date_of_birth: 1986-06-09
        employment: full_time
        employer:
          name: Bluegrass Grocery Co-op
          address: {street: 220 North Limestone, city: Lexington, state: KY, zip: "40507"}
        marital_status: married
        spouse_name: Lucía Núñez
        spouse_employed: true
        dependents:
          - {relationship: daughter, age: 9}
          - {relationship: son, age: "6"}
      income:
        - {source: wages, amount: 1386.67}
        - {source: social_security, amount: "943.10"}
      expenses:
        - {kind: rent, amount: 875.10}
        - {kind: utilities, amount: 142.38}
        - {kind: water_sewer_trash, amount: 48.12}
        - {kind: food, amount: 530}
        - {kind: phone, amount: 65.00}
        - {kind: transportation, amount: 160}
        - {kind: insurance, amount: 118.40}
        - {kind: credit_card, amount: 45}
        - {kind: medical, amount: 40.00}
        - {kind: other, description: School supplies, amount: 12.34}
      assets:
        - {kind: cash, value: 35.10}
        - {kind: checking, value: 212.46}
        - {kind: savings, value: 1020.20}
        - {kind: vehicle, description: 2009 Toyota Corolla, value: 3200}
        - {kind: vehicle, description: 2004 Ford Ranger, value: 1850.50}
        - {kind: possession, description: Wedding ring, value: 150.05}
        - {kind: possession, description: Guitar, value: 60.01}
        - {kind: possession, description: Television, value: 90.02}
        - {kind: possession, description: Laptop, value: 45.03}
        - {kind: possession, description: Bicycle, value: 30.04}
      debts:
        - {kind: credit_card, amount: 1840.55}
        - {kind: credit_card, amount: 402.17}
        - {kind: medical, amount: 610.00}
        - {kind: other, description: Lexington Furniture, amount: 120.10}
        - {kind: other, description: Dr. Patel, amount: 85.20}
        - {kind: other, description: Kentucky Utilities, amount: 60.30}
        - {kind: other, description: Payday loan, amount: 45.40}
        - {kind: other, description: My brother, amount: 30.50}
        - {kind: other, description: Library fine, amount: 20.60}
      comments: >-
        My hours at the grocery were cut from 40 to 32 a week in September, and my wife's
        employer closed her store for two weeks in October. Our son has asthma and his
        medicine costs more each month than the insurance pays; we are behind on two bills.
"""

# Summed by hand, to the cent.
INCOME = "2329.77"  # 1386.67 + 943.10
EXPENSES = "2036.34"  # 875.10 + 142.38 + 48.12 + 530 + 65 + 160 + 118.40 + 45 + 40 + 12.34
ASSETS = "6693.41"  # 35.10 + 212.46 + 1020.20 + 3200 + 1850.50 + 150.05 + 60.01 + 90.02 + 45.03 + 30.04
DEBTS = "3214.82"  # 1840.55 + 402.17 + 610 + 120.10 + 85.20 + 60.30 + 45.40 + 30.50 + 20.60

# Every box the finances fill, by the field's full name (the totals among them).
EXPECTED = {
    "Text Field 9": "06/09/1986", "Employed": "Yes", "Text Field 12": "Bluegrass Grocery Co-op, 220 North Limestone",
    "Text Field 13": "Lexington, KY 40507", "Text Field 14": "Married", "Text Field 15": "Lucía Núñez",
    "Text Field 16": "2", "Text Field 17": "daughter, son", "Text Field 18": "9, 6", "Married": "yes",
    "Text Field 19": "1386.67", "Text Field 32": "943.10", "Text Field 61": INCOME,
    "Check Box 2": False, "Check Box 3": True,
    "Text Field 44": "875.10", "Text Field 45": "142.38", "Text Field 46": "48.12", "Text Field 47": "530.00",
    "Text Field 48": "65.00", "Text Field 51": "160.00", "Text Field 54": "118.40", "Text Field 55": "45.00",
    "Text Field 58": "40.00", "Text Field 60": "12.34", "Text Field 43": "School supplies", "Text Field 62": EXPENSES,
    "Assests 1": "35.10", "Assests 2": "212.46", "Assests 3": "1020.20",
    "Text Field 75": "2009 Toyota Corolla", "Assests 9": "3200.00", "Text Field 77": "2004 Ford Ranger",
    "Assests 10": "1850.50", "Text Field 81": "Wedding ring", "Assests 12": "150.05", "Text Field 83": "Guitar",
    "Assests 13": "60.01", "Text Field 85": "Television", "Assests 14": "90.02",
    "Text Field 87": "Laptop; Bicycle", "Assests 15": "75.07",  # the fourth row holds the rest
    "Assests Total": ASSETS,
    "Debts 3": "2242.72", "Debts 5": "610.00",  # two credit cards share their box
    "Text Field 95": "Lexington Furniture", "Debts 6": "120.10", "Text Field 98": "Dr. Patel", "Debts 7": "85.20",
    "Text Field 100": "Kentucky Utilities", "Debts 8": "60.30", "Text Field 102": "Payday loan", "Debts 9": "45.40",
    "Text Field 104": "My brother; Library fine", "Debts 10": "51.10",
    "Debts Total": DEBTS,
}
BLANK = ["Text Field 20", "Text Field 24", "Text Field 31", "Text Field 40", "Text Field 41", "Text Field 42",
         "Text Field 49", "Text Field 53", "Text Field 59", "Assests 4", "Assests 5", "Text Field 63", "Text Field 69",
         "Assests 6", "Text Field 79", "Assests 11", "Debts 1", "Debts 2", "Debts 4"]
TOTALS = ["Text Field 61", "Text Field 62", "Assests Total", "Debts Total"]


def case_text(finances: str | None = FINANCES, notice_filed: bool = False) -> str:
    """The appeal example, its finances replaced by ``finances`` (or none), before the notice is filed."""
    text = (EXAMPLES / "ky-appeal.yml").read_text(encoding="utf-8")
    start, end = text.index("    finances:"), text.index("\n  - id: limestone")
    text = text[:start] + (finances or "") + text[end + 1:]
    return text if notice_filed else text.replace("  notice_filed: 2026-11-18\n", "")


def case(finances: str | None = FINANCES):
    return case_from_text(case_text(finances), "case.yml", EXAMPLES)


@pytest.fixture(scope="module")
def mapped():
    return map_values(load_form_spec("AOC-026"), case(), AS_OF)


@pytest.fixture(scope="module")
def flattened(tmp_path_factory, mapped):
    """forms fill --flatten on the real form, from the map's values: the PDF and its words with their boxes."""
    out = tmp_path_factory.mktemp("aoc026")
    values = out / "values.json"
    values.write_text(json.dumps(mapped.values, ensure_ascii=False), encoding="utf-8")
    pdf = out / "flat.pdf"
    run = subprocess.run(["smallclaims-collect", "forms", "fill", str(AOC_026), str(values), "-o", str(pdf), "--flatten"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return pdf, words(pdf)


def words(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """Every word poppler reads, as (page, x0, y0, x1, y1, text) in PDF points from the bottom left."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found, page, height = [], 0, 792.0
    for line in xhtml.splitlines():
        start = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', line)
        if start:
            page, height = page + 1, float(start.group(2))
        word = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if word:
            x0, top, x1, bottom = map(float, word.groups()[:4])
            found.append((page, x0, height - bottom, x1, height - top, html.unescape(word.group(5))))
    return found


def boxes() -> dict[str, tuple[int, list[float]]]:
    """Each field's page and rectangle, from forms inspect."""
    run = subprocess.run(["smallclaims-collect", "forms", "inspect", "--json", str(AOC_026)], capture_output=True,
                         text=True, check=True)
    return {f["name"]: (f["page"], f["rect"]) for f in json.loads(run.stdout)["fields"]}


def test_every_finance_box_gets_its_value(mapped):
    for name, value in EXPECTED.items():
        assert mapped.values[name] == value, name
    for name in BLANK:
        assert mapped.values[name] == "", name
    assert mapped.missing == []


def test_totals_are_the_sums_of_their_boxes_to_the_cent(mapped):
    """Each total is the hand-computed sum, and also the sum of the boxes the form prints above it."""
    assert [mapped.values[t] for t in TOTALS] == [INCOME, EXPENSES, ASSETS, DEBTS]
    fields = load_form_spec("AOC-026").fields
    sums = {"Text Field 61": [f"Text Field {n}" for n in [19, 20, *range(24, 41)]],
            "Text Field 62": [f"Text Field {n}" for n in range(44, 61)],
            "Assests Total": [f"Assests {n}" for n in range(1, 16)], "Debts Total": [f"Debts {n}" for n in range(1, 11)]}
    for total, parts in sums.items():
        assert set(parts) <= set(fields)
        assert sum((Decimal(mapped.values[p] or "0") for p in parts), Decimal("0")) == Decimal(mapped.values[total]), total


def test_read_back_by_qualified_name_with_pypdf(mapped, tmp_path):
    path = tmp_path / "filled.pdf"
    path.write_bytes(fill_form(AOC_026, mapped.values).pdf)
    fields = PdfReader(path).get_fields()
    for name, value in EXPECTED.items():
        got = fields[name].get("/V")
        if isinstance(value, bool):
            assert (got not in (None, "/Off")) == value, name
        elif name in ("Employed", "Married"):
            assert got == f"/{value}", name
        else:
            assert got == value, name
    for name in BLANK:
        assert fields[name].get("/V") in (None, ""), name


def test_flattened_every_value_is_printed_inside_its_own_box(flattened):
    pdf, found = flattened
    rects = boxes()
    printed = set(words(AOC_026))  # the blank form's words
    for name, value in EXPECTED.items():
        if not isinstance(value, str) or name in ("Employed", "Married"):
            continue
        page, (x0, y0, x1, y1) = rects[name]
        inside = [w for w in found if w[0] == page and w[1] >= x0 - 1 and w[3] <= x1 + 1 and w[2] >= y0 - 1 and w[4] <= y1 + 1
                  and w not in printed]  # the form's own text in the box (its underline) aside
        assert " ".join(w[5] for w in inside) == value, (name, value, inside)
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "My hours at the grocery were cut from 40 to 32 a week in September" in text
    assert "the insurance pays; we are behind on two bills." in text


def test_flattened_ticks_the_chosen_boxes_only(flattened, tmp_path):
    """The 'Yes, full-time', 'Rent' and spouse-'Yes' boxes are inked; 'Mortgage' is not (pixels in each box)."""
    from PIL import Image
    pdf, _ = flattened
    subprocess.run(["pdftoppm", "-png", "-r", "144", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    scale = 144 / 72

    def ink(rect: list[float]) -> int:
        x0, y0, x1, y1 = rect
        crop = image.crop((int(x0 * scale) + 3, int((792 - y1) * scale) + 3, int(x1 * scale) - 3, int((792 - y0) * scale) - 3))
        return sum(crop.histogram()[:128])

    blank = Image.open(_blank_page(tmp_path)).convert("L")
    def blank_ink(rect: list[float]) -> int:
        x0, y0, x1, y1 = rect
        crop = blank.crop((int(x0 * scale) + 3, int((792 - y1) * scale) + 3, int(x1 * scale) - 3, int((792 - y0) * scale) - 3))
        return sum(crop.histogram()[:128])

    ticked = {"full-time": [154.08, 429.12, 162.72, 437.76], "rent": [376.0, 296.28, 386.0, 306.36],
              "spouse works": [199.152, 340.272, 207.792, 348.912]}
    unticked = {"part-time": [252.0, 429.12, 260.64, 437.76], "not employed": [363.6, 429.12, 372.24, 437.76],
                "mortgage": [313.92, 296.28, 324.0, 306.36], "spouse does not work": [233.568, 340.272, 242.208, 348.912]}
    for what, rect in ticked.items():
        assert ink(rect) > blank_ink(rect) + 5, what
    for what, rect in unticked.items():
        assert ink(rect) <= blank_ink(rect) + 2, what


def _blank_page(tmp_path: Path) -> Path:
    subprocess.run(["pdftoppm", "-png", "-r", "144", "-f", "1", "-l", "1", str(AOC_026), str(tmp_path / "blank")], check=True)
    return next(tmp_path.glob("blank*.png"))


# --- without finances -----------------------------------------------------------------------------------
def test_without_finances_the_totals_are_blank_not_the_forms_zero(tmp_path):
    mapped = map_values(load_form_spec("AOC-026"), case(None), AS_OF)
    assert [mapped.values[t] for t in TOTALS] == ["", "", "", ""]
    assert {mapped.values[n] for n in EXPECTED if n not in ("Employed", "Married", "Check Box 2", "Check Box 3")} == {""}
    assert (mapped.values["Employed"], mapped.values["Married"]) == (False, False)
    assert "filer.finances.income" in mapped.missing and "filer.finances.household.marital_status" in mapped.missing
    # the court's blank form holds "0" in each total; ours holds nothing, in its value and in what it draws
    blank = PdfReader(AOC_026).get_fields()
    assert [blank[t].get("/V") for t in TOTALS] == ["0", "0", "0", "0"]
    path = tmp_path / "filled.pdf"
    path.write_bytes(fill_form(AOC_026, mapped.values, flatten=True).pdf)
    found = words(path)
    rects = boxes()
    for total in TOTALS:
        page, (x0, y0, x1, y1) = rects[total]
        assert [w for w in found if w[0] == page and w[1] >= x0 - 1 and w[3] <= x1 + 1 and w[2] >= y0 - 1 and w[4] <= y1 + 1
                and not set(w[5]) <= {"_"}] == [], total


def test_with_empty_lists_the_totals_are_zero(tmp_path):
    none = re.sub(r"      income:.*?      comments:", "      income: []\n      expenses: []\n      assets: []\n      debts: []\n      comments:",
                  FINANCES, flags=re.S)
    mapped = map_values(load_form_spec("AOC-026"), case(none), AS_OF)
    assert [mapped.values[t] for t in TOTALS] == ["0.00"] * 4
    assert mapped.values["Text Field 19"] == "" and mapped.values["Check Box 3"] is False


def test_next_steps_names_the_sections_to_fill_in_by_hand(tmp_path):
    def assemble(text: str, name: str) -> str:
        path = tmp_path / f"{name}.yml"
        path.write_text(text, encoding="utf-8")
        run = subprocess.run(["smallclaims-collect", "assemble", str(path), "-o", str(tmp_path / name), "--as-of", "2026-11-21",
                              "--force", "--cache", str(FORMS / "KY")], capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        return " ".join(subprocess.run(["pdftotext", "-layout", str(tmp_path / name / "user-packet.pdf"), "-"],
                                       capture_output=True, text=True, check=True).stdout.split())

    without = assemble(case_text(None), "without")
    check = without[without.index("Check before you file"):without.index("Later, if it comes to that")]
    for words in ("Your case file has no finances", "Motion to Proceed In Forma Pauperis (AOC-026)",
                  "Before you sign it in front of a notary, fill in by hand", "your date of birth",
                  "questions 1 to 4 (your job, marital status, dependents, and whether your spouse works)",
                  "your monthly income and monthly expenses, with their totals (5 and 6)",
                  "what you own and what you owe, with their totals (7 and 8)", "any comments (9)"):
        assert words in check, words
    waiver = without[without.index("MOTION FOR WAIVER"):]
    assert re.search(r"5\. TOTAL MONTHLY INCOME \$ 6\. TOTAL MONTHLY EXPENSES \$ AOC-026", waiver), waiver[-2500:]

    given = assemble(case_text(), "with")
    assert "no finances" not in given and "fill in by hand" not in given
    waiver = given[given.index("MOTION FOR WAIVER"):]
    for total in (INCOME, EXPENSES, ASSETS, DEBTS):
        assert total in waiver, total
    manifest = json.loads((tmp_path / "with" / "manifest.json").read_text(encoding="utf-8"))
    assert "missing" not in next(d for d in manifest["documents"] if d.get("form") == "AOC-026")


def test_the_worksheet_gives_the_finances_when_the_form_is_not_cached(tmp_path):
    items = {i.ask: i.value for i in worksheet_items(load_form_spec("AOC-026"), case(), AS_OF)}
    income = next(v for k, v in items.items() if k.startswith("Your income each month"))
    assert income.splitlines() == ["Gross salary: $1,386.67", "Social Security (SSI/SSD): $943.10", "Total (5): $2,329.77"]
    owned = next(v for k, v in items.items() if k.startswith("What you own"))
    assert "Vehicle (2004 Ford Ranger): $1,850.50" in owned and owned.endswith("Total (7): $6,693.41")
    assert next(v for k, v in items.items() if k.startswith("What you owe")).endswith("Total (8): $3,214.82")
    assert items["Your date of birth"] == "06/09/1986"
    path = tmp_path / "case.yml"
    path.write_text(case_text(), encoding="utf-8")
    empty = tmp_path / "cache"
    empty.mkdir()
    run = subprocess.run(["smallclaims-collect", "forms", "make", "AOC-026", str(path), "-o", str(tmp_path / "w.pdf"),
                          "--as-of", "2026-11-21", "--cache", str(empty)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "w.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for words in ("Worksheet for form AOC-026", "Total (5): $2,329.77", "Total (6): $2,036.34", "Total (7): $6,693.41",
                  "Total (8): $3,214.82", "Married; spouse: Lucía Núñez, who works; 2 dependents: daughter, age 9; son, age 6"):
        assert words in text, words


# --- bad finances, refused by field ---------------------------------------------------------------------
@pytest.mark.parametrize("change, field, says", [
    (("amount: \"943.10\"", "amount: 943.105"), "parties[0].finances.income[1].amount", "at most two decimals"),
    (("amount: \"943.10\"", "amount: \"$943\""), "parties[0].finances.income[1].amount", "an amount in dollars"),
    (("value: 1020.20", "value: -5"), "parties[0].finances.assets[2].value", "zero or more"),
    (("{kind: other, description: School supplies, amount: 12.34}", "{kind: other, amount: 12.34}"),
     "parties[0].finances.expenses[9].description", "is missing"),
    (("{source: wages,", "{source: wage,"), "parties[0].finances.income[0].source", "did you mean 'wages'"),
    (("age: 9}", "age: nine}"), "parties[0].finances.household.dependents[0].age", "a whole number"),
])
def test_a_bad_figure_is_refused_naming_its_field(tmp_path, change, field, says):
    text = case_text(FINANCES.replace(*change))
    assert text != case_text()
    path = tmp_path / "case.yml"
    path.write_text(text, encoding="utf-8")
    run = subprocess.run(["smallclaims-collect", "validate", str(path)], capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    out = run.stdout + run.stderr
    line = next((line for line in out.splitlines() if field in line), None)
    assert line is not None and says in line, out


def test_finances_are_whole_or_absent_and_only_the_filers():
    with pytest.raises(InputError) as raised:
        parse_case_text(case_text(re.sub(r"      debts:.*?      comments:", "      comments:", FINANCES, flags=re.S)))
    assert [p.field for p in raised.value.problems] == ["parties[0].finances.debts"]
    moved = case_text(None).replace("    process_agent:", FINANCES + "    process_agent:", 1)
    with pytest.raises(InputError) as raised:
        parse_case_text(moved)
    assert [p.field for p in raised.value.problems] == ["parties[1].finances"]
    assert "not the filer ('jose')" in raised.value.problems[0].message


def test_the_model_has_the_schemas_finance_fields():
    from docassemble.SmallClaimsCollect import case as model
    defs = schema()["$defs"]
    pairs = {model.Finances: "finances", model.Household: "household", model.Employer: "employer",
             model.Dependent: "dependent", model.MonthlyIncome: "monthly_income", model.MonthlyExpense: "monthly_expense",
             model.OwnedAsset: "owned_asset", model.OwedDebt: "owed_debt"}
    for cls, name in pairs.items():
        assert {f.name for f in dataclasses.fields(cls)} == set(defs[name]["properties"]), cls.__name__
        required = {f.name for f in dataclasses.fields(cls)
                    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
        assert required == set(defs[name]["required"]), cls.__name__
    for name in ("income", "expenses", "assets", "debts"):
        assert defs["finances"]["properties"][name]["maxItems"] > 0
    assert defs["household"]["properties"]["dependents"]["maxItems"] == 10
    assert isinstance(case().party("jose").finances, Finances) and case(None).party("jose").finances is None
