"""Teaser lists: the header, the items (caption, title, summary), and teaser blocks
that follow the signed end of the body with no header at all."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from cleaner.model import TeaserItem
from cleaner.profiles import Lexicon
from cleaner.rules import Span
from cleaner.text import Paragraph, fold

# A title is a short line without a final full stop; a summary is prose.
_MAX_TITLE_CHARS = 250
_MAX_TITLE_WORDS = 40
_SENTENCE_END = (".", "…", "!", "?", "»", '"', "”", ")")
# The header must come after the title and the lead: "Voir plus" cannot be a lead.
_FIRST_HEADER_INDEX = 2


def looks_like_title(text: str) -> bool:
    """
    >>> looks_like_title("Le Vietnam et le Guangxi renforcent leurs relations économiques")
    True
    >>> looks_like_title("Le Guangxi joue un rôle stratégique. Les échanges sont importants.")
    False
    """
    stripped = text.rstrip()
    return (
        0 < len(stripped) <= _MAX_TITLE_CHARS
        and len(stripped.split()) <= _MAX_TITLE_WORDS
        and not stripped.endswith((".", "…", ",", ";", ":"))
        and not stripped[0].islower()
    )


@dataclass(frozen=True, slots=True)
class ParsedTeaser:
    caption: Paragraph | None
    title: Paragraph
    summary: tuple[Paragraph, ...]

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        head = (self.caption,) if self.caption is not None else ()
        return (*head, self.title, *self.summary)

    def item(self, position: int, lexicon: Lexicon) -> TeaserItem:
        credit = None
        if self.caption is not None:
            match = lexicon.credit_at_end.search(self.caption.text)
            credit = lexicon.credit_of(match) if match else None
        return TeaserItem(
            position=position,
            caption=self.caption.text if self.caption is not None else None,
            title=self.title.text,
            summary="\n".join(p.text for p in self.summary),
            credit=credit,
            line=self.paragraphs[0].line,
        )


def parse_teasers(region: Sequence[Paragraph], lexicon: Lexicon) -> list[ParsedTeaser]:
    """Split the paragraphs of a teaser list into items.

    An item is ``[caption] title summary...``. A caption ends with a photo credit, or
    repeats the title (an item whose image has the title as caption). An item without
    caption starts at a title-like line that follows a finished summary.
    """
    n = len(region)

    def is_caption(i: int) -> bool:
        return lexicon.credit_at_end.search(region[i].text) is not None

    def repeats_next(i: int) -> bool:
        return i + 1 < n and fold(region[i].text) == fold(region[i + 1].text)

    def starts_item(i: int, summary: list[Paragraph]) -> bool:
        if is_caption(i) or repeats_next(i):
            return True
        if not summary or i + 1 >= n or not looks_like_title(region[i].text):
            return False
        previous, following = summary[-1].text, region[i + 1].text
        return previous.endswith(_SENTENCE_END) and (
            not looks_like_title(following) or len(following) > len(region[i].text)
        )

    items: list[ParsedTeaser] = []
    i = 0
    while i < n:
        caption: Paragraph | None = None
        if i + 1 < n and (is_caption(i) or repeats_next(i)):
            caption = region[i]
            i += 1
        title = region[i]
        i += 1
        summary: list[Paragraph] = []
        while i < n and not starts_item(i, summary):
            summary.append(region[i])
            i += 1
        items.append(ParsedTeaser(caption, title, tuple(summary)))
    return items


@dataclass(frozen=True, slots=True)
class TeaserBlock:
    header: Paragraph | None
    teasers: tuple[ParsedTeaser, ...]
    rule: str

    def spans(self) -> list[Span]:
        spans: list[Span] = []
        if self.header is not None:
            spans.append(Span("T201", self.header.start, self.header.end, "teaser-list header"))
        reason = "teaser of another article" if self.rule == "T202" else (
            "teaser after the signed end of the body" if self.rule == "T203"
            else "teaser recurring elsewhere in the corpus"
        )
        for teaser in self.teasers:
            # One span per run of consecutive paragraphs: furniture inside an item
            # (a share label) keeps its own span.
            run: list[Paragraph] = []
            for p in teaser.paragraphs:
                if run and p.index != run[-1].index + 1:
                    spans.append(Span(self.rule, run[0].start, run[-1].end, reason))
                    run = []
                run.append(p)
            spans.append(Span(self.rule, run[0].start, run[-1].end, reason))
        return spans

    def items(self, lexicon: Lexicon) -> list[TeaserItem]:
        return [t.item(position, lexicon) for position, t in enumerate(self.teasers)]


def _is_signed(p: Paragraph, lexicon: Lexicon) -> bool:
    """The paragraph ends the body: agency signature, and not a caption's credit."""
    if lexicon.credit_at_end.search(p.text) is not None:
        return False
    return lexicon.signature.search(p.text) is not None or lexicon.lone_signature.search(p.text) is not None


def find_teaser_block(
    paragraphs: Sequence[Paragraph], lexicon: Lexicon, furniture: Collection[int]
) -> TeaserBlock | None:
    """The teaser list of a document: after a header, or after the signed end of the body.

    Without a header, the paragraphs after the last signed paragraph are teasers only
    if all of them parse as ``[caption] title summary`` items; otherwise they are kept.
    """
    for p in paragraphs[_FIRST_HEADER_INDEX:]:
        if p.index not in furniture and lexicon.is_header(p.text):
            region = [q for q in paragraphs[p.index + 1:] if q.index not in furniture]
            return TeaserBlock(p, tuple(parse_teasers(region, lexicon)), "T202")
    signed = [p.index for p in paragraphs[_FIRST_HEADER_INDEX:] if _is_signed(p, lexicon)]
    if not signed:
        return None
    region = [q for q in paragraphs[signed[-1] + 1:] if q.index not in furniture]
    teasers = parse_teasers(region, lexicon) if len(region) >= 2 else []
    if teasers and all(is_trailing_teaser(t) for t in teasers):
        return TeaserBlock(None, tuple(teasers), "T203")
    return None


def is_trailing_teaser(teaser: ParsedTeaser) -> bool:
    """Shape check for a headerless teaser: a title-like title and a summary."""
    return looks_like_title(teaser.title.text) and bool(teaser.summary)
