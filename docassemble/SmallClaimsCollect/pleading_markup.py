"""Pleadings as data: the templates' output, read into blocks that the PDF and Word layouts draw.

A pleading template (``data/templates/pleadings/``) renders a small XML vocabulary:

    <pleading title="NOTICE OF APPEAL" attach="judgment">   (attach: papers from the case file put behind it)
      <caption> <line>COMMONWEALTH OF KENTUCKY</line> ... <party role="APPELLANT">name</party> <versus/> ... </caption>
      <title>NOTICE OF APPEAL</title>     <pagebreak/> and a second <caption> start another paper (an order)
      <heading>STATEMENT OF THE CASE</heading>
      <p>Body text, double-spaced.</p>   <p style="flush">no first-line indent</p>   <p keep="previous">a last note</p>
      <item>a numbered point</item>   <bullet>a point in a list</bullet>   <space lines="3"/>
      <signature image="drawn.png"> <line>/s/ Name</line> ... </signature>   (image optional)
      <certificate title="CERTIFICATE OF SERVICE"> <p>...</p> <signature>...</signature> </certificate>
    </pleading>

The templates run with XML autoescaping, so text typed by a person ("<b>x</b>", "&", "{{ 7*7 }}")
reaches the page exactly as typed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from .errors import InputError


@dataclass(frozen=True)
class Caption:
    lines: list[str]  # court, division, case numbers: centred at the top
    parties: list[tuple[str, str]]  # (name, designation); ("v.", "") between the sides, ("and", "") within one


@dataclass(frozen=True)
class Block:
    kind: str  # title | heading | p | flush | item | bullet | quote | space (text: how many lines) | pagebreak
    text: str
    keep_with_previous: bool = False  # keep="previous": a closing note that never stands alone on a page


@dataclass(frozen=True)
class Signature:
    lines: list[str]
    image: str | None = None  # a drawn signature (PNG or JPEG file), shown just above the line typed "/s/ Name"


@dataclass(frozen=True)
class Certificate:
    title: str
    paragraphs: list[str]
    signature: Signature | None


@dataclass
class Pleading:
    title: str
    letter: bool = False  # a letter, not filed: single-spaced, no caption
    attach: list[str] = field(default_factory=list)  # papers from the case file that go behind it ("judgment")
    caption: Caption | None = None
    body: list[Block | Caption | Signature | Certificate] = field(default_factory=list)

    def words(self) -> int:
        """Words of the body, caption and certificates apart (as briefs are counted)."""
        return sum(len(part.text.split()) for part in self.body if isinstance(part, Block) and part.kind not in ("space", "pagebreak"))


def parse_pleading(markup: str, document: str) -> Pleading:
    """The rendered template read into blocks; a template that is not well-formed is named."""
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as exc:
        raise InputError.one(f"template {document}", f"does not render well-formed markup ({exc})") from None
    pleading = Pleading(title=root.get("title", ""), letter=root.get("layout") == "letter", attach=root.get("attach", "").split())
    for element in root:
        if element.tag == "caption" and pleading.caption is None:
            pleading.caption = _caption(element)
        elif element.tag in ("title", "heading", "item", "bullet", "quote"):
            pleading.body.append(Block(element.tag, _text(element)))
        elif element.tag == "pagebreak":
            pleading.body.append(Block("pagebreak", ""))
        elif element.tag == "caption" and pleading.caption is not None:  # a second paper (an order) in the same file
            pleading.body.append(_caption(element))
        elif element.tag == "space":  # room left to write in, in double-spaced lines
            pleading.body.append(Block("space", str(max(1, min(20, int(element.get("lines", "1")))))))
        elif element.tag == "p":
            pleading.body.append(Block("flush" if element.get("style") == "flush" else "p", _text(element),
                                       keep_with_previous=element.get("keep") == "previous"))
        elif element.tag == "signature":
            pleading.body.append(_signature(element))
        elif element.tag == "certificate":
            signature = element.find("signature")
            pleading.body.append(Certificate(
                title=element.get("title", "CERTIFICATE OF SERVICE"),
                paragraphs=[_text(e) for e in element if e.tag == "p"],
                signature=_signature(signature) if signature is not None else None,
            ))
        else:
            raise InputError.one(f"template {document}", f"uses an unknown element <{element.tag}>")
    return pleading


def pleading_texts(pleading: Pleading) -> list[str]:
    """Every text the pleading prints: title, caption, blocks, signatures and certificates."""
    texts = [pleading.title]
    parts: list = [pleading.caption, *pleading.body] if pleading.caption else list(pleading.body)
    for part in parts:
        if isinstance(part, Caption):
            texts += part.lines + [text for pair in part.parties for text in pair]
        elif isinstance(part, Block):
            texts.append(part.text)
        elif isinstance(part, Signature):
            texts += part.lines
        elif isinstance(part, Certificate):
            texts += [part.title, *part.paragraphs, *(part.signature.lines if part.signature else [])]
    return texts


def _caption(element: ET.Element) -> Caption:
    return Caption(
        lines=[_text(e) for e in element if e.tag == "line"],
        parties=[(_text(e), e.get("role", "")) if e.tag == "party" else ("v." if e.tag == "versus" else "and", "")
                 for e in element if e.tag in ("party", "versus", "and")],
    )


def _signature(element: ET.Element) -> Signature:
    return Signature([_text(e) for e in element if e.tag == "line"], image=element.get("image") or None)


def _text(element: ET.Element) -> str:
    """The element's text with runs of template whitespace made single spaces."""
    return " ".join("".join(element.itertext()).split())
