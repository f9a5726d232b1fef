"""The reading level of an interview: what a person reads on each screen it showed, from the
interview's own YAML, measured with docassemble's bundled textstat (its readability report's library).

A screen's words are its question, subquestion, under-text, field labels and help text (a review
screen's buttons too). They are joined as they read: a title or a label is part of the text and ends
a sentence only where it has its own punctuation (no full stop is added). Mako control lines and
blocks go; a ``${ ... }`` expression becomes one neutral word (``NEUTRAL``), so the sentence around it
keeps its length; markdown markup, docassemble's ``[BR]``-style tags and HTML go, their words stay.

``shown_words`` reads the same parts of a screen as docassemble rendered them (its JSON ``as_data``),
so the words the package builds in Python, which the YAML shows through ``${ ... }``, count too.

Runs in the docassemble venv (textstat, PyYAML); ``grade`` is what the tests check on a fixed sample.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

NEUTRAL = "it"  # what a ${ ... } expression reads as: one word, one syllable
SCREEN_KEYS = ("question", "subquestion", "under")
FIELD_KEYS = {"datatype", "required", "min", "max", "minlength", "maxlength", "show if", "hide if", "js show if",
              "js hide if", "enable if", "disable if", "default", "hint", "help", "choices", "code", "field", "input type",
              "validation code", "validation messages", "label above field", "step", "scale", "shuffle",
              "exclude", "none of the above", "all of the above", "address autocomplete", "object labeler",
              "floating label", "rows", "inline width", "css class", "maximum image size", "image upload type",
              "accept", "file css class", "label", "note", "html", "raw html", "grid", "item grid", "uncheck others",
              "check others", "disable others", "under text", "persistent", "private"}


def _balanced(text: str, start: int) -> int:
    """The index just past the ``}`` that closes the ``{`` at ``start`` (or the end of the text)."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(text)


def plain(source: str) -> str:
    """The words a person reads in a piece of interview text (Mako, markdown and HTML taken out)."""
    text = re.sub(r"<%(doc|text|def|block)\b.*?</%\1>", " ", str(source or ""), flags=re.S)  # Mako tags
    text = re.sub(r"<%.*?%>", " ", text, flags=re.S)  # Python blocks <% ... %>
    text = "\n".join(line for line in text.splitlines()
                     if not re.match(r"\s*(%|##)", line))  # % if / % endif / % for ... and ## comments
    out, index = [], 0
    while (found := text.find("${", index)) != -1:  # each ${ ... } is one neutral word
        out += [text[index:found], NEUTRAL]
        index = _balanced(text, found + 1)
    text = "".join(out) + text[index:]
    text = re.sub(r"\[(BR|NEWLINE|SKIPLINE|TAB|NBSP|BORDER|CENTER|FLUSHLEFT|FLUSHRIGHT|BOLDCENTER|INDENTBY[^\]]*)\]",
                  " ", text)
    text = re.sub(r"\[(FILE|TARGET|QR|EMOJI|FIELD)\b[^\]]*\]", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)  # HTML tags
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [words](link) and images: the words
    text = re.sub(r"\{\.[^}]*\}", " ", text)  # markdown attributes {.class}
    text = re.sub(r"^\s*(#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)", "", text, flags=re.M)  # headings, quotes, bullets
    text = re.sub(r"\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)|`+|^\s*\|?[-:| ]{3,}\|?\s*$", "", text, flags=re.M)
    text = text.replace("|", " ")
    import html
    return " ".join(html.unescape(text).replace("\u00a0", " ").split())


def _label(field: dict) -> str:
    if "label" in field:
        return str(field["label"])
    for key, value in field.items():  # "- First name: me.name.first": the label is the key
        if key not in FIELD_KEYS and isinstance(value, str):
            return str(key)
    return ""


def _help(value: Any) -> list[str]:
    if isinstance(value, dict):  # help: {label: ..., content: ...}
        return [str(value.get("label", "")), str(value.get("content", ""))]
    return [str(value or "")]


def screen_words(block: dict) -> str:
    """What a person reads on the screen a YAML block asks, as one text."""
    parts = [str(block.get(key) or "") for key in SCREEN_KEYS]
    parts += _help(block.get("help"))
    for field in block.get("fields") or []:
        if isinstance(field, dict):
            parts += [_label(field), str(field.get("note") or ""), str(field.get("html") or "")]
            parts += _help(field.get("help"))
    for item in block.get("review") or []:
        if isinstance(item, dict):
            parts += [str(item.get("button") or ""), str(item.get("note") or ""), str(item.get("help") or "")]
    return " ".join(p for p in map(plain, parts) if p)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
INLINE = {"a", "abbr", "b", "code", "em", "i", "mark", "s", "small", "span", "strong", "sub", "sup", "u"}
UNREAD_TAGS = {"button", "script", "style", "table", "svg"}
UNREAD_CLASSES = re.compile(r"\b(btn|sr-only|visually-hidden|d-none)\b")


class _Reader(HTMLParser):
    """The text of rendered HTML that a person reads (see ``read``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.unread = 0  # how deep inside an element nobody reads

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.text.append("" if tag in INLINE else " ")  # a paragraph, list item or line break parts words
        if tag in VOID:
            return
        found = dict(attrs)
        if (self.unread or tag in UNREAD_TAGS or found.get("role") == "button" or "hidden" in found
                or found.get("aria-hidden") == "true" or UNREAD_CLASSES.search(found.get("class") or "")):
            self.unread += 1

    def handle_endtag(self, tag: str) -> None:
        self.text.append("" if tag in INLINE else " ")
        if self.unread and tag not in VOID:
            self.unread -= 1

    def handle_data(self, data: str) -> None:
        if not self.unread:
            self.text.append(data)


def read(rendered: Any) -> str:
    """The words a person reads in rendered HTML: its text, links' words included, but not buttons
    (``<button>``, ``role="button"``, a ``btn`` class: a table's Edit and Delete, Add another),
    tables (a list's rows of answers), hidden or screen-reader-only text (``hidden``, ``aria-hidden``,
    ``sr-only``, ``visually-hidden``, ``d-none``), scripts and styles. Markdown's curly quotes read as the
    YAML's straight ones (textstat counts only those as ending a quoted sentence)."""
    reader = _Reader()
    reader.feed(str(rendered or ""))
    reader.close()
    text = "".join(reader.text).translate(str.maketrans("\u201c\u201d\u2018\u2019\u00a0", "\"\"'' "))
    return " ".join(text.split())


def shown_words(data: dict) -> str:
    """What a person reads on a screen as docassemble rendered it (``as_data``), as one text: the parts
    ``screen_words`` reads in the YAML, joined the same way. Its question, subquestion and under-text;
    its help (not the Help button); each field's label, note, html and help, and on a review screen each
    item's text (its help; the Edit button's own label is a button). Not the quick exit, the title bar
    and the other ``pre``/``post`` parts, the Continue and choice buttons, choices or hints: the YAML
    measure does not read those either."""
    parts = [data.get(key) for key in ("questionText", "subquestionText", "underText")]
    parts += [item.get(key) for item in data.get("helpText") or [] for key in ("heading", "content")]
    for field in data.get("fields") or []:
        if field.get("datatype") != "button":
            parts.append(field.get("label"))
        parts += [field.get(key) for key in ("note", "html", "helptext")]
    return " ".join(p for p in map(read, parts) if p)


def interview_blocks(path: Path, seen: set[Path] | None = None) -> dict[str, dict]:
    """An interview file's blocks by id, with the blocks of the files it includes (its own win)."""
    seen = set() if seen is None else seen
    if path in seen or not path.exists():
        return {}
    seen.add(path)
    documents = [b for b in yaml.safe_load_all(path.read_text(encoding="utf-8")) if isinstance(b, dict)]
    blocks: dict[str, dict] = {}
    for document in documents:
        for included in document.get("include") or []:
            if isinstance(included, str) and ":" not in included:
                blocks.update(interview_blocks(path.parent / included, seen))
    blocks.update({str(b["id"]): b for b in documents if b.get("id")})
    return blocks


def measure(text: str) -> dict:
    """The Flesch-Kincaid grade of ``text`` from textstat's counts of words, sentences and syllables.

    The grade is 0.39 * words/sentences + 11.8 * syllables/words - 15.59, counted exactly:
    textstat's own flesch_kincaid_grade rounds syllables per word to one decimal first, which moves
    the grade by up to 0.59 (11.8 * 0.05); its figure is kept as ``textstat_grade``.
    """
    from docassemble_textstat.textstat import textstat
    text = " ".join(text.split())  # textstat splits syllables on single spaces
    words, sentences, syllables = (textstat.lexicon_count(text), textstat.sentence_count(text),
                                   textstat.syllable_count(text))
    grade = 0.39 * words / sentences + 11.8 * syllables / words - 15.59 if words else 0.0
    return {"flesch_kincaid_grade": round(grade, 2), "textstat_grade": textstat.flesch_kincaid_grade(text),
            "flesch_reading_ease": textstat.flesch_reading_ease(text), "words": words, "sentences": sentences,
            "syllables": syllables, "syllables_per_word": round(syllables / words, 3) if words else 0.0,
            "words_per_sentence": round(words / sentences, 1)}


def grade(text: str) -> float:
    return measure(text)["flesch_kincaid_grade"]
