"""Where a pleading's pages may break: a heading stays with the first lines of what follows it,
and a closing (a signature, a certificate, a last note) with the last lines of what comes before
it. Only these short pieces are kept together; a long paragraph or list still fills the page it
starts on and goes on over the break, so no page holds only a caption and a title.

Both are reportlab ``KeepTogether`` containers with their own rule for where to split."""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Paragraph
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import Flowable

MIN_LINES = 2  # lines of a paragraph kept with its heading, or with the closing after it


def _lines(paragraph: Paragraph, width: float) -> tuple[int, float]:
    """How many lines ``paragraph`` takes at ``width``, and its line height."""
    paragraph.wrap(width, 0xFFFFFF)
    return len(paragraph.blPara.lines), paragraph.style.leading


def _head_height(flowables: list[Flowable], width: float) -> float:
    height = 0.0
    for index, flowable in enumerate(flowables):
        height += flowable.wrap(width, 0xFFFFFF)[1] + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if index else 0)
    return height


class KeepWithStart(KeepTogether):
    """Headings (``heads``) and what follows them (``rest``): on one page when it fits; when it
    does not, the headings go with the first lines of ``rest`` (at least MIN_LINES of a paragraph),
    or all of it moves to the next page."""

    def __init__(self, heads: list[Flowable], rest: Flowable) -> None:
        super().__init__([*heads, rest])
        self._heads, self._rest = heads, rest

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 - reportlab's names
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H <= aH or getattr(getattr(self, "_frame", None), "_atTop", False):
            return super().split(aW, aH)  # it fits, or a new page would not help
        left = aH - _head_height(self._heads, aW) - self._rest.getSpaceBefore()
        parts = self._rest.splitOn(self.canv, aW, left) if left > 0 else []
        if not parts or isinstance(parts[0], ActionFlowable):  # it would move to the next page itself
            return [self.FrameBreak(), *self._content]
        if isinstance(self._rest, Paragraph) and isinstance(parts[0], Paragraph):
            if _lines(parts[0], aW)[0] < MIN_LINES:
                return [self.FrameBreak(), *self._content]
        return [*self._heads, *parts]


class KeepWithTail(KeepTogether):
    """A closing and the paragraph before it (``last``), and what should follow the closing on its
    page where it fits (``after``: a certificate of service after a signature). On one page when
    they fit; else ``last`` and the closing, ``after`` going on to the next page; else the closing
    goes on the next page with the paragraph's last MIN_LINES lines, the rest of the paragraph
    staying where it is (a paragraph too short to leave MIN_LINES behind moves whole)."""

    def __init__(self, last: Flowable, closing: list[Flowable], after: list[Flowable] | None = None) -> None:
        super().__init__([last, *closing, *(after or [])])
        self._last, self._closing, self._after = last, closing, after or []

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 - reportlab's names
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H <= aH or getattr(getattr(self, "_frame", None), "_atTop", False):
            return super().split(aW, aH)
        if self._after and _head_height([self._last, *self._closing], aW) <= aH:
            return [self._last, *self._closing, KeepTogether(self._after)]
        if not isinstance(self._last, Paragraph):
            return super().split(aW, aH)
        lines, leading = _lines(self._last, aW)
        if lines < 2 * MIN_LINES:
            return super().split(aW, aH)
        height = self._last.wrap(aW, 0xFFFFFF)[1]
        parts = self._last.split(aW, min(aH, height - MIN_LINES * leading))
        if len(parts) != 2:
            return super().split(aW, aH)
        head, tail = parts
        return [head, self.FrameBreak(), KeepWithTail(tail, self._closing, self._after)]
