"""Hostile text in every free-text field of every example: each string comes out literally and
whole, or is refused with a message naming the field.

The strings: template syntax (Jinja ``{{ 7*7 }}`` and ``{% raw %}``, Mako ``${ x }``), reportlab and
HTML markup (``<b>``, ``&amp;``, ``<para>``), right-to-left text (Arabic, Hebrew), combining
accents (``e`` + U+0301), emoji, zero-width characters (U+200B, U+200D, U+FEFF), a 10,000-character
paragraph and a NUL byte. For each example (``examples/ky-*.yml``), every free-text field of the
case (the schema's ``text`` fields, file paths apart: party names, addresses, notes, facts, record
references, argument text and citations, relief, garnishee names, asset descriptions, questions...)
gets the string, wrapped in a tag naming the field (``Tq7[...]qT7``), and the case goes through
``assemble`` and through ``render`` for each pleading that applies to it (in-process, ``cli.main``).

Which fields a paper prints is measured first, with plain words in the same tags: a field that
the packet (or a rendered pleading) prints with plain words must print each hostile string too,
found by both pdftotext and pypdf in the PDF, and in the Word copy where the plain words were.
Fields no paper prints (``notes``, a process agent nobody serves...) only have to do no harm.

What happens, string by string (the behaviour asserted):

- template syntax and markup: printed as typed. ``{{ 7*7 }}`` never becomes ``49``, ``<b>`` is
  not bold markup, ``&amp;`` stays five characters.
- combining accents: printed composed (NFC): "e" + U+0301 is drawn as the font's own "é".
- zero-width characters: printed as nothing, with no width, and kept in the text layer (the fonts
  map them to an empty glyph), so text extraction gives them back.
- the 10,000-character paragraph: printed whole (a caption or a table row longer than a page goes
  on over the page break); the Statement and Counterstatement of Appeal refuse it by their length
  rule (8,750 words / 20 pages), naming the paper and how much to cut.
- Arabic, Hebrew, emoji: the embedded fonts (Source Serif Pro for pleadings and the ledger, Source
  Sans Pro for worksheets) have no glyphs for them, and the papers cannot shape right-to-left
  text; rather than print boxes (reportlab's missing glyph) the engine refuses them, one line per
  field: "<field>: cannot be printed on the <paper>: its font, <font>, has no glyph for ...".
- a NUL byte: refused when the case file is read, exit 2, one line per field ("contains a NUL
  byte"), no file written.

Normalisation before comparing extracted text with the typed string, and why:
- NFC on both sides: the papers print text composed, and extraction returns "é" for e + U+0301.
- every run of whitespace made one space, and the text joined into one line: extraction ends each
  printed line with a line break, and a long string wraps over many lines and pages (the page
  number printed between two pages of a paragraph is allowed for: it is removed when the string
  is looked for across a page break).
- no hyphenation is undone: the layouts never hyphenate (reportlab breaks only at spaces, or
  inside a word longer than the line, which these strings do not have).
- right-to-left reordering does not arise: RTL text is refused, not printed.
- captions print names in capitals: a field the plain-words run found only in capitals is looked
  for in capitals (``court.division`` is printed only in the caption).

``qpdf --check`` passes on every PDF written. A filled official form (AOC-026, from the real form
in ../shared/forms) is checked too: its values as typed, or on its addendum when too long.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from pypdf import PdfReader

from conftest import EXAMPLES, FORMS
from docassemble.SmallClaimsCollect.casefile import CaseLoader, schema
from docassemble.SmallClaimsCollect.cli import main
from docassemble.SmallClaimsCollect.ledger_pdf import HEADER
from docassemble.SmallClaimsCollect.pleadings import DOCUMENTS

AS_OF = "2026-11-21"
# one paragraph of 10,000 characters; no word twice, so a word lost at a page break is noticed
LONG = " ".join(f"w{n}" for n in range(2000))[:9_995].rsplit(" ", 1)[0] + " end."
LONG += "!" * (10_000 - len(LONG))
assert len(LONG) == 10_000 and LONG == " ".join(LONG.split())
STRINGS = {
    "jinja": "{{ 7*7 }}",
    "jinja-block": "{% raw %}",
    "mako": "${ x }",
    "bold-tag": "<b>",
    "entity": "&amp;",
    "para-tag": "<para>",
    "arabic": "مرحبا بالعالم",
    "hebrew": "שלום עולם",
    "combining": "Jose\u0301 Nun\u0303ez",
    "emoji": "Party \U0001F389 \U0001F44D\U0001F3FD",
    "zero-width": "zero\u200bwidth\u200djoiner\ufeffbom",
    "long": LONG,
    "nul": "before\x00after",
}
PRINTED = {"jinja", "jinja-block", "mako", "bold-tag", "entity", "para-tag", "combining", "zero-width", "long"}
NO_GLYPHS = {"arabic", "hebrew", "emoji"}
EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("ky-*.yml"))
SCHEMA = schema()
NOT_FREE_TEXT = {"signature_image", "document"}  # paths to files, not words
ERROR_LINE = re.compile(r"^smallclaims-collect (assemble|render): error: (\S.*?)(?: \(line \d+\))?: (\S.*)$")


# --- the fields --------------------------------------------------------------------------------------
def text_paths(data: Any, node: dict | None = None, path: tuple = ()) -> list[tuple]:
    """The path of every free-text value in ``data``: the schema's $defs/text, file paths apart."""
    node = SCHEMA if node is None else node
    if node.get("$ref") == "#/$defs/text":
        return [path] if path[-1] not in NOT_FREE_TEXT else []
    if "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].split("/")[-1]]
    found: list[tuple] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in node.get("properties", {}):
                found += text_paths(value, node["properties"][key], path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += text_paths(value, node.get("items", {}), path + (i,))
    return found


def get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def dotted(path: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(path))


def tagged(i: int, text: str) -> str:
    return f"Tq{i}[{text}]qT{i}"


def example_data(example: str) -> dict:
    data = yaml.load((EXAMPLES / example).read_text(encoding="utf-8"), Loader=CaseLoader)
    if example == "ky-bank-garnishment.yml":  # no example asks more questions: give this one three
        data["interrogatories"] = {"additional_questions": ["Where do you bank?", "Who pays you?", "What do you own?"]}
    return data


def with_text(example: str, text: str) -> tuple[dict, list[tuple]]:
    """The example with ``text`` in every free-text field, each in its own tag. Property in the
    execution's county keeps that county's text (the affidavit lists the property found there)."""
    data = example_data(example)
    paths = text_paths(data)
    same_county = [asset for asset in data.get("assets", []) if "execution" in data and asset.get("county") == data["execution"].get("county")]
    for i, path in enumerate(paths):
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = tagged(i, text)
    for asset in same_county:
        asset["county"] = data["execution"]["county"]
    return data, paths


# --- running ------------------------------------------------------------------------------------------
def run(*args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(list(args))  # anything it raises fails the test
    return code, stdout.getvalue(), stderr.getvalue()


def write_case(folder: Path, data: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "case.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    return path


@lru_cache(maxsize=None)
def empty_cache(root: Path) -> Path:
    cache = root / "no-forms"
    cache.mkdir(exist_ok=True)
    return cache


def normalise(text: str) -> str:
    """NFC, and every run of whitespace one space (see the module docstring)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


PAGE = "\f"  # between two pages' text


def pdf_texts(path: Path) -> dict[str, str]:
    """The PDF's text as pdftotext and as pypdf extract it, each page normalised, pages apart."""
    poppler = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return {"pdftotext": f" {PAGE} ".join(normalise(page) for page in poppler.split(PAGE)),
            "pypdf": f" {PAGE} ".join(normalise(page.extract_text()) for page in PdfReader(path).pages)}


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return normalise(" ".join(parts))


def qpdf_ok(path: Path) -> None:
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, f"{path.name}: {result.stdout}{result.stderr}"


# Extraction puts other things between the words of a text that fills a table cell of many lines
# (the cells beside its first line: dates and amounts) or runs over a page break (the page number,
# the running footer, the table's header row repeated, the rest of the cells beside it).
# A caption's role column sits beside the first line of a party's name, so a reader's text of a
# name that wraps runs through it ("W11 DEFENDANT W12").
CAPTION_ROLES = {f"{below}{on_appeal}" for below in ("PLAINTIFF", "DEFENDANT") for on_appeal in ("", "/APPELLANT", "/APPELLEE")}
FURNITURE_WORDS = set(" ".join([*HEADER, "# What the form asks for What to write"]).split()) | CAPTION_ROLES
FURNITURE = re.compile(r"^(?:[\d.,:$/-]+|AOC-[\d.]+:?)$")


def found(needle: str, haystack: str) -> bool:
    """``needle`` in ``haystack`` as one run of text; else (a text that fills a table cell or runs
    over pages) its words in order, with only a table's figures and header words between them on a
    page, and anything between the last of its words on one page and the first on the next."""
    if needle in haystack:
        return True
    words, text = needle.split(), haystack.split(" ")
    if len(words) < 2:
        return False
    for start, token in enumerate(text):
        if not token.endswith(words[0]):  # punctuation may touch the first and last word
            continue
        at, i = start + 1, 1
        while at < len(text):
            last = i == len(words) - 1
            if text[at] == words[i] or (last and text[at].startswith(words[i])):
                if last:
                    return True
                i += 1
            elif text[at] in FURNITURE_WORDS or FURNITURE.match(text[at]):
                pass
            else:  # only the end of a page: the string goes on with its next word on the next page
                try:
                    page = text.index(PAGE, at)
                    at = text.index(words[i], page)
                except ValueError:
                    break
                if PAGE in text[page + 1:at]:
                    break
                continue
            at += 1
    return False


def sources(folder: Path) -> dict[str, str]:
    """Every text the run wrote: each PDF by both extractors, each Word copy."""
    texts = {}
    for pdf in sorted(folder.glob("*.pdf")):
        qpdf_ok(pdf)
        texts.update({f"{pdf.name}:{tool}": text for tool, text in pdf_texts(pdf).items()})
    for word in sorted(folder.glob("*.docx")):
        texts[word.name] = docx_text(word)
    return texts


def where(needle: str, texts: dict[str, str]) -> tuple[set[str], bool]:
    """The files that print ``needle`` as typed (else in capitals), and whether only in capitals."""
    literal = {name for name, text in texts.items() if found(needle, text)}
    if literal:
        return literal, False
    return {name for name, text in texts.items() if found(needle.upper(), text)}, True


# --- what the plain words show: the fields each paper prints ------------------------------------------
PLAIN = "plain words here"


@pytest.fixture(scope="module")
def printed_fields(tmp_path_factory):
    """For each example: the pleadings that apply (render succeeds with plain words), and for each
    field, where assemble and each render print it (file names) and whether only in capitals."""
    root = tmp_path_factory.mktemp("plain")
    cache = empty_cache(root)
    measured = {}
    for example in EXAMPLE_FILES:
        data, paths = with_text(example, PLAIN)
        folder = root / example
        case = write_case(folder, data)
        code, _, stderr = run("assemble", str(case), "-o", str(folder / "packet"), "--as-of", AS_OF, "--cache", str(cache))
        assert code == 0, stderr
        runs = {"assemble": sources(folder / "packet")}
        for document in sorted(DOCUMENTS):
            out = folder / document
            out.mkdir()
            code, _, _ = run("render", document, str(case), "-o", str(out / "paper.pdf"), "--docx", str(out / "paper.docx"),
                             "--as-of", AS_OF)
            if code == 0:
                runs[document] = sources(out)
        fields = {}
        for i, path in enumerate(paths):
            fields[dotted(path)] = {name: where(tagged(i, PLAIN), texts) for name, texts in runs.items()}
        measured[example] = (paths, sorted(set(runs) - {"assemble"}), fields)
    return measured


def test_the_plain_words_run_prints_the_fields_a_person_expects(printed_fields):
    """The measurement itself is checked, so a paper that stopped printing a field is noticed."""
    for example, (paths, pleadings, fields) in printed_fields.items():
        shown = {field for field, runs in fields.items() if any(files for files, _ in runs.values())}
        assert "parties[0].name" in shown and "parties[1].name" in shown and "court.county" in shown, example
        assert "case_numbers.district" in shown, example
        assert "notes" not in shown, example  # the notes are never printed on papers
        assert "next-steps" in pleadings, example
    appeal = printed_fields["ky-appeal.yml"][2]
    assert {"appeal.relief", "appeal.statement_of_case[0].text", "appeal.statement_of_case[0].record",
            "appeal.argument[0].heading", "appeal.argument[0].text", "appeal.argument[0].citations[0]"} <= \
        {f for f, runs in appeal.items() if runs["statement-of-appeal"][0]}
    challenge = printed_fields["ky-garnishment-challenge.yml"][2]
    assert challenge["garnishment_challenge.reasons"]["assemble"][0]  # on the AOC-150.2 worksheet
    execution = printed_fields["ky-execution.yml"][2]
    assert execution["assets[0].description"]["affidavit-insufficient-property"][0]
    bank = printed_fields["ky-bank-garnishment.yml"][2]
    assert bank["garnishees[0].name"]["motion-garnishee-appear"][0]
    assert bank["interrogatories.additional_questions[0]"]["additional-interrogatories"][0]
    assert bank["post_judgment_costs[0].description"]["assemble"][0]  # the ledger


# --- each hostile string ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(STRINGS))
@pytest.mark.parametrize("example", EXAMPLE_FILES)
def test_hostile_text_prints_as_typed_or_is_refused_naming_the_field(printed_fields, tmp_path, example, name):
    text = STRINGS[name]
    paths, pleadings, fields = printed_fields[example]
    data, _ = with_text(example, text)
    case = write_case(tmp_path, data)
    runs = {"assemble": ["assemble", str(case), "-o", str(tmp_path / "packet"), "--as-of", AS_OF,
                         "--cache", str(empty_cache(tmp_path))]}
    for document in pleadings:
        runs[document] = ["render", document, str(case), "-o", str(tmp_path / document / "paper.pdf"),
                          "--docx", str(tmp_path / document / "paper.docx"), "--as-of", AS_OF]
        (tmp_path / document).mkdir()
    for label, args in runs.items():
        code, stdout, stderr = run(*args)
        folder = tmp_path / "packet" if label == "assemble" else tmp_path / label
        if code == 2:
            check_refusal(name, label, stderr, folder, fields, paths, data)
            continue
        assert code == 0 and stderr == "", (label, stderr)
        assert name in PRINTED, f"{label} printed {name!r} instead of refusing it"
        texts = sources(folder)
        for i, path in enumerate(paths):
            files, capitals = fields[dotted(path)][label]
            needle = normalise(tagged(i, text)).upper() if capitals else normalise(tagged(i, text))
            for file in files:
                assert found(needle, texts[file]), f"{label}: {dotted(path)} is not whole in {file}"
            if name == "jinja":
                assert not any("49" in t and f"Tq{i}[49]qT{i}" in t for t in texts.values())


def check_refusal(name: str, label: str, stderr: str, folder: Path, fields: dict, paths: list[tuple], data: dict) -> None:
    lines = stderr.removesuffix("\n").split("\n")
    matched = [ERROR_LINE.match(line) for line in lines]
    assert lines and all(matched), stderr
    named = {m.group(2) for m in matched}
    assert not (folder / "packet").exists() and not any(folder.glob("*.pdf")) and not any(folder.glob("*.docx")), \
        "a refused run wrote files"
    if label == "assemble":
        assert not folder.exists()
    if name == "nul":  # every field, at once, when the file is read
        assert named == {dotted(p) for p in paths}, stderr
        assert all("contains a NUL byte" in m.group(3) for m in matched), stderr
    elif name in NO_GLYPHS:
        assert named <= {dotted(p) for p in paths} and named, stderr
        assert all(re.match(r"cannot be printed on the [\w .-]+: its font, Source (Serif|Sans) Pro, has no glyph for '", m.group(3))
                   for m in matched), stderr
        # each named field is one a paper prints (or holds the same words as one: property in the
        # execution's county has that county's text)
        values = {dotted(p): get(data, p) for p in paths}
        shown = {values[f] for f, runs in fields.items() if any(files for files, _ in runs.values())}
        assert all(values[f] in shown for f in named), stderr
    elif name == "long":  # the appeal statements' length rule, naming the paper and what to cut
        assert named <= {"statement-of-appeal", "counterstatement-of-appeal"}, stderr
        assert all(re.match(r"(has [\d,]+ words; the limit is 8,750|runs to \d+ pages; the limit is 20) .*: cut ", m.group(3))
                   for m in matched), stderr
    else:
        pytest.fail(f"{label} refused {name!r}:\n{stderr}")


def test_a_raw_nul_byte_in_a_yaml_file_is_refused_naming_its_field(tmp_path):
    text = (EXAMPLES / "ky-judgment-lien.yml").read_text(encoding="utf-8").replace("name: Dale Emmitt Rowe", "name: Dale\x00Rowe")
    case = tmp_path / "case.yml"
    case.write_text(text, encoding="utf-8")
    code, _, stderr = run("assemble", str(case), "-o", str(tmp_path / "out"), "--as-of", AS_OF)
    line = text[:text.index("\x00")].count("\n") + 1
    assert code == 2 and stderr == (f"smallclaims-collect assemble: error: parties[2].name (line {line}): contains a NUL byte "
                                    "at character 5; remove it: it cannot be printed or saved in the papers\n")
    assert not (tmp_path / "out").exists()
    escaped = tmp_path / "case.json"  # JSON writes it as \\u0000, which json.loads turns into a NUL
    escaped.write_text(json.dumps({**example_data("ky-appeal.yml"), "notes": "a\x00b"}), encoding="utf-8")
    code, _, stderr = run("assemble", str(escaped), "-o", str(tmp_path / "out"), "--as-of", AS_OF)
    assert code == 2 and stderr.startswith("smallclaims-collect assemble: error: notes: contains a NUL byte at character 2")


# --- a filled official form --------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["jinja", "bold-tag", "entity", "combining", "long", "arabic", "zero-width"])
def test_a_filled_form_takes_the_text_as_typed_or_refuses_it(tmp_path, name):
    """AOC-026 filled from the real form: its name and address fields hold the string as typed (the
    field values, read back with pypdf), a value too long for its box is whole on the addendum
    page, and text the form's font cannot print is refused naming the case-file field. The county
    is left alone: it is a choice from the form's list of Kentucky counties."""
    text = STRINGS[name]
    data = example_data("ky-appeal.yml")
    jose = data["parties"][0]
    jose["name"], jose["address"]["street"], jose["address"]["city"] = (tagged(n, text) for n in range(3))
    data["parties"][1]["name"] = tagged(3, text)
    case = write_case(tmp_path, data)
    out = tmp_path / "packet"
    code, _, stderr = run("assemble", str(case), "-o", str(out), "--as-of", AS_OF, "--cache", str(FORMS / "KY"),
                          "--step", "notice-of-appeal")
    if name == "arabic":
        assert code == 2 and "parties[0].name: cannot be printed on the " in stderr and not out.exists(), stderr
        return
    if name == "zero-width":  # the form filler's font has no U+200B or U+200D and the filler refuses them
        assert code == 2 and not out.exists(), stderr
        assert all(ERROR_LINE.match(line) for line in stderr.splitlines()), stderr
        assert "parties[0].name: cannot be printed on the form AOC-026" in stderr, stderr
        return
    assert code == 0, stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    waiver = next(d for d in manifest["documents"] if d.get("form") == "AOC-026")
    assert waiver["kind"] == "filled"
    first, last = waiver["court-packet.pdf"]
    court = PdfReader(out / "court-packet.pdf")
    values = {k: v.get("/V") for k, v in court.get_fields().items()}
    addendum = f" {PAGE} ".join(normalise(court.pages[p].extract_text()) for p in range(first - 1, last))
    on_addendum = {re.sub(r"\+\d+$", "", field)  # a second field of the same name, as the bound packet names it
                   for field, value in values.items() if str(value).startswith("See addendum")}
    assert {item["field"] for item in waiver.get("addendum", [])} == on_addendum  # the manifest says which, and why
    assert all(item["reason"] for item in waiver.get("addendum", []) + waiver.get("drawn_smaller", []))
    for i, field in ((0, "Defendant"), (0, "Text Field 6"), (3, "Plaintiff")):
        value = normalise(str(values[field]))
        want = normalise(tagged(i, text))
        assert value == want or (value.startswith("See addendum") and found(want, addendum)), (field, value[:80])
    for pdf in out.glob("*.pdf"):
        qpdf_ok(pdf)
