"""Teaser lists: the header, the items (caption, title, summary), and teaser blocks
that follow the signed end of the body with no header at all."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from cleaner.model import TeaserItem
from cleaner.profiles import Lexicon
from cleaner.rules import Span
from cleaner.rules.captions import MAX_CREDIT_LINE, find_image, is_credit_line
from cleaner.rules.list_marks import MARK_STARTS, list_item_text, title_key
from cleaner.scripts import UNSPACED_SCRIPTS
from cleaner.text import CLAUSE_PUNCTUATION, Paragraph, fold

# A title is a short line without a final full stop; a summary is prose.
_MAX_TITLE_CHARS = 250
_MAX_TITLE_WORDS = 40
_CONTINUED = (":", ",", ";", "-", "–", "(")
# The header must come after the title and the lead: "Voir plus" cannot be a lead.
_FIRST_HEADER_INDEX = 2


def looks_like_title(text: str) -> bool:
    """
    >>> looks_like_title("Le Vietnam et le Guangxi renforcent leurs relations économiques")
    True
    >>> looks_like_title("Le Guangxi joue un rôle stratégique. Les échanges sont importants.")
    False
    >>> looks_like_title("« La paix est notre aspiration commune », a-t-il dit.")
    False
    >>> looks_like_title("“La paix est notre aspiration commune.”")
    False
    >>> looks_like_title("双方同意定期举行磋商。"), looks_like_title("越南与古巴加强国防合作")
    (False, True)
    """
    stripped = text.rstrip()
    # A sentence closed inside quotes or brackets is still a sentence.
    core = stripped.rstrip(_CLOSERS)
    return (
        0 < len(stripped) <= _MAX_TITLE_CHARS
        and len(stripped.split()) <= _MAX_TITLE_WORDS
        and not core.endswith(_SENTENCE_ENDS)
        and not stripped[0].islower()
    )


def looks_like_item_title(text: str) -> bool:
    """:func:`looks_like_title` for a line of a list, whose title may be a Markdown
    link ("[title](https://...)"): the title shown is asked, not the address."""
    return looks_like_title(list_item_text(text) if "](" in text else text)


_CLOSERS = " \"”’»)]'」』）】》"
# A paragraph ending with one of these is a sentence or a phrase cut short, no title.
_SENTENCE_ENDS = tuple(CLAUSE_PUNCTUATION)
_CUT = ("…", "...")
# A title in a list of links: no longer than a headline, in words or in characters,
# whichever allows more: 30 English words take about 180 characters, and Vietnamese,
# written a word per syllable, fits 35 words and more in a headline of 150.
_MAX_LINK_WORDS = 30
_MAX_LINK_CHARS = 180
# Where the separator after a header can stand in a link line (headers are short).
_MAX_LINK_HEAD_CHARS = 40
# A teaser summary is a paragraph, two at most (a quote on a line of its own).
_MAX_SUMMARY_PARAGRAPHS = 2
# Under a header, with no signed end to go by, the most the first summary may span.
_MAX_FIRST_SUMMARY_PARAGRAPHS = 4


@dataclass(frozen=True, slots=True)
class ParsedTeaser:
    caption: Paragraph | None
    title: Paragraph
    summary: tuple[Paragraph, ...]
    # The caption's credit when it stands on the line below it ("<caption><br>Photo: VNA").
    credit_line: Paragraph | None = None
    # The section's name over the title ("Politique"), as many sites show it.
    kicker: Paragraph | None = None

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """In the order of the text: a caption may stand below its title."""
        if self.credit_line is None and self.kicker is None:
            if self.caption is None:
                return (self.title, *self.summary)
            if self.caption.index < self.title.index:
                return (self.caption, self.title, *self.summary)
        parts = (self.caption, self.credit_line, self.kicker, self.title, *self.summary)
        return tuple(sorted((p for p in parts if p is not None), key=_index))

    def item(self, position: int, lexicon: Lexicon) -> TeaserItem:
        summary = self.summary
        if len(summary) > 1 and _same_title(self.title.text, summary[0].text):
            summary = summary[1:]  # the title shown twice (its image's alt text, then the title)
        credit = None
        caption = self.caption.text if self.caption is not None else None
        if caption is not None:
            if self.credit_line is not None:  # the caption with its credit, as one line
                caption = f"{caption} {self.credit_line.text}"
            match = lexicon.find_credit(caption)
            credit = lexicon.credit_of(match) if match else None
        return TeaserItem(
            position=position,
            caption=caption,
            title=list_item_text(self.title.text),
            summary="\n".join(p.text for p in summary),
            credit=credit,
            line=self.paragraphs[0].line,
        )


def parse_teasers(region: Sequence[Paragraph], lexicon: Lexicon) -> list[ParsedTeaser]:
    """Split the paragraphs of a teaser list into items.

    An item is ``[caption] title summary...``. A caption ends with a photo credit, or
    repeats the title (an item whose image has the title as caption). An item without
    caption starts at a title-like line that follows a finished summary.
    """
    region = _captions_above_titles(region, lexicon)
    n = len(region)

    def starts_item(i: int, summary: list[Paragraph]) -> bool:
        # Right under a title, a paragraph over a credit line is the title's summary
        # over the next item's image (shown with its credit alone).
        if _is_item_caption(region, i, lexicon, credit_below=bool(summary)):
            return True
        if not summary or i + 1 >= n or not looks_like_item_title(region[i].text):
            return False
        previous, following = summary[-1].text, region[i + 1].text
        # A summary may be cut anywhere, even without "..."; but a line ending with a
        # colon or a comma announces its continuation.
        return not previous.endswith(_CONTINUED) and (
            not looks_like_item_title(following) or len(following) > len(region[i].text)
        )

    def is_kicker(i: int) -> bool:
        """The section's name over an item's title (and its image, at times): a word
        or three over a longer title, with the item's summary below that."""
        text = region[i].text
        if i + 2 >= n or not _kicker_shaped(text, lexicon):
            return False
        below = i + 1
        if _is_item_caption(region, below, lexicon, credit_below=True) and below + 1 < n:
            below += 2 if _has_credit_line_below(region, below, lexicon) else 1
        if below + 1 >= n:
            return False
        title, summary = region[below].text, region[below + 1].text
        return (
            len(title) > len(text)
            and looks_like_item_title(title)
            and (not looks_like_item_title(summary) or len(summary) > len(title))
        )

    items: list[ParsedTeaser] = []
    i = 0
    while i < n:
        caption: Paragraph | None = None
        credit_line: Paragraph | None = None
        kicker: Paragraph | None = None
        if len(region[i].text) <= _MAX_KICKER_CHARS and is_kicker(i):
            kicker = region[i]
            i += 1
        if i + 1 < n and _is_item_caption(region, i, lexicon):
            caption = region[i]
            i += 1
            if _has_credit_line_below(region, i - 1, lexicon):
                credit_line = region[i]
                i += 1
        if kicker is None and i + 2 < n and len(region[i].text) <= _MAX_KICKER_CHARS and is_kicker(i):
            kicker = region[i]
            i += 1
        title = region[i]
        i += 1
        summary: list[Paragraph] = []
        while i < n and not starts_item(i, summary):
            summary.append(region[i])
            i += 1
        items.append(ParsedTeaser(caption, title, tuple(summary), credit_line, kicker))
    return items


# A section's name over a teaser's title: a few words ("Politique", "Thời sự", "国际").
_MAX_KICKER_WORDS = 3
_MAX_KICKER_CHARS = 30
_MAX_UNSPACED_KICKER_CHARS = 6  # "国际", "时政要闻"
_UNSPACED = re.compile(f"[{UNSPACED_SCRIPTS}]")


def _kicker_shaped(text: str, lexicon: Lexicon) -> bool:
    """Short enough to be a section's name, and nothing else a list's line is."""
    if len(text) > _MAX_KICKER_CHARS or len(text.split()) > _MAX_KICKER_WORDS:
        return False
    if len(text) > _MAX_UNSPACED_KICKER_CHARS and _UNSPACED.search(text):
        return False  # a Chinese title is one "word"
    return looks_like_item_title(text) and lexicon.find_credit(text) is None and not lexicon.is_header(text)


def _index(p: Paragraph) -> int:
    return p.index


def _captions_above_titles(region: Sequence[Paragraph], lexicon: Lexicon) -> Sequence[Paragraph]:
    """The list as ``[caption] title summary`` items, for a site that shows each image
    below its title ("title, caption, summary"): there the list opens with a title and a
    paragraph that ends with a credit, and each such caption is read before its title."""
    if len(region) < 3 or lexicon.find_credit(region[0].text) or not lexicon.find_credit(region[1].text):
        return region
    # A credit alone below the first line, over a title: that line is a caption, whose
    # credit stands on the line below it ("<caption><br>Photo: VNA").
    if _has_credit_line_below(region, 0, lexicon) and looks_like_item_title(region[2].text):
        return region
    ordered = list(region)
    for k in range(1, len(ordered)):
        below_title = lexicon.find_credit(ordered[k - 1].text) is None and looks_like_item_title(ordered[k - 1].text)
        if below_title and lexicon.find_credit(ordered[k].text):
            ordered[k - 1], ordered[k] = ordered[k], ordered[k - 1]
    return ordered


def _list_items(region: Sequence[Paragraph], lexicon: Lexicon) -> Sequence[ParsedTeaser]:
    """The items under a header. A list of links first: paired up as titles and
    summaries, its titles can read as one title over a summary of many paragraphs (the
    body going on, by that)."""
    return _titles_alone(region, lexicon) or parse_teasers(region, lexicon)


def _is_item_caption(region: Sequence[Paragraph], i: int, lexicon: Lexicon, credit_below: bool = True) -> bool:
    """Whether paragraph ``i`` can be the caption of a teaser's image: it ends with a
    photo credit, it repeats the paragraph below (the item's title), or (with
    ``credit_below``) its credit stands on the line below it."""
    text = region[i].text
    if lexicon.find_credit(text) is not None:
        return True
    if i + 1 >= len(region):
        return False
    if credit_below and _credit_line_at(region, i + 1, lexicon):
        return True
    # The title without the marks of its list ("• ", "[title](https://...)"): the
    # caption repeats the title, not its link. A section's name may stand between.
    # (The tests of lengths inline: this is asked of every line of a list.)
    below = region[i + 1].text
    if abs(len(text) - len(below)) <= max(4, len(text) // 10) and fold(text) == fold(below):
        return True
    if below[:1] in MARK_STARTS and _same_title(text, list_item_text(below)):
        return True
    return (
        len(below) <= _MAX_KICKER_CHARS
        and i + 2 < len(region)
        and _kicker_shaped(below, lexicon)
        and _repeats(text, region[i + 2].text)
    )


def _repeats(caption: str, shown: str) -> bool:
    """Whether a caption repeats the title a list shows (with its marks, or without)."""
    if _same_title(caption, shown):
        return True
    return shown[:1] in MARK_STARTS and _same_title(caption, list_item_text(shown))


def _same_title(caption: str, title: str) -> bool:
    # Cheap length test first: folding keeps lengths within a few characters.
    return abs(len(caption) - len(title)) <= max(4, len(caption) // 10) and fold(caption) == fold(title)


def _credit_line_at(region: Sequence[Paragraph], j: int, lexicon: Lexicon) -> bool:
    """Paragraph ``j`` is a credit on a line of its own with a paragraph after it (the
    item's title): below a paragraph with no credit of its own, that one's credit."""
    return j + 1 < len(region) and len(region[j].text) <= MAX_CREDIT_LINE and is_credit_line(region[j].text, lexicon)


def _has_credit_line_below(region: Sequence[Paragraph], i: int, lexicon: Lexicon) -> bool:
    """Paragraph ``i`` is a caption whose credit stands on a line of its own below it,
    with the item's title after that: "<caption><br>Photo: VNA" scraped as two lines."""
    # The line itself first: its credit was asked already (kept), and a caption with a
    # credit of its own spares asking the title below it, which nothing else asks.
    return (
        i + 2 < len(region)
        and lexicon.find_credit(region[i].text) is None
        and is_credit_line(region[i + 1].text, lexicon)
    )


@dataclass(frozen=True, slots=True)
class TeaserBlock:
    """The teasers of a document: ``trailing`` ones after the signed end of the body
    (no header), then the ``header`` and the teasers under it."""

    header: Paragraph | None
    teasers: tuple[ParsedTeaser, ...]
    trailing: tuple[ParsedTeaser, ...] = ()
    trailing_rule: str = "T203"
    labels: tuple[Paragraph, ...] = ()  # headers standing in the body, removed alone
    # Headers further down the list ("Voir plus" ... "Lire aussi"), each over its own items.
    inner_headers: tuple[Paragraph, ...] = ()

    @property
    def all_teasers(self) -> tuple[ParsedTeaser, ...]:
        return self.trailing + self.teasers

    def spans(self) -> list[Span]:
        spans = _item_spans(self.trailing, self.trailing_rule, _REASONS[self.trailing_rule])
        spans.extend(Span("T201", p.start, p.end, "teaser-list header standing in the body") for p in self.labels)
        headers = (self.header, *self.inner_headers) if self.header is not None else ()
        spans.extend(Span("T201", p.start, p.end, "teaser-list header") for p in headers)
        spans.extend(_item_spans(self.teasers, "T202", _REASONS["T202"]))
        return spans

    def items(self, lexicon: Lexicon) -> list[TeaserItem]:
        return [t.item(position, lexicon) for position, t in enumerate(self.all_teasers)]


_REASONS = {
    "T202": "teaser of another article",
    "T203": "teaser after the signed end of the body",
    "T204": "teaser recurring elsewhere in the corpus",
}


def _item_spans(teasers: Sequence[ParsedTeaser], rule: str, reason: str) -> list[Span]:
    spans: list[Span] = []
    for teaser in teasers:
        # One span per run of consecutive paragraphs: furniture inside an item (a share
        # label) keeps its own span.
        run: list[Paragraph] = []
        for p in teaser.paragraphs:
            if run and p.index != run[-1].index + 1:
                spans.append(Span(rule, run[0].start, run[-1].end, reason))
                run = []
            run.append(p)
        spans.append(Span(rule, run[0].start, run[-1].end, reason))
    return spans


def _is_lone_signature(index: int, furniture: Mapping[int, Sequence[Span]]) -> bool:
    """Paragraph ``index`` is a signature on a line of its own (furniture F303)."""
    spans = furniture.get(index)
    return spans is not None and len(spans) > 0 and spans[0].rule == "F303"


def _is_signed(p: Paragraph, lexicon: Lexicon) -> bool:
    """The paragraph ends the body: agency signature, and not a caption's credit."""
    # The signature first: most paragraphs asked have none, and that test alone decides
    # them (the other order cost twice as much over the paragraphs under a header).
    return lexicon.find_signature(p.text) is not None and lexicon.find_credit(p.text) is None


def looked_through(furniture: Collection[int], labels: Collection[int]) -> Collection[int]:
    """The paragraphs a teaser search skips: furniture, and headers standing in the body
    (as if already removed: cleaning the clean text again finds the same teasers)."""
    return {*furniture, *labels} if labels else furniture


def find_teaser_block(
    paragraphs: Sequence[Paragraph], lexicon: Lexicon, furniture: Mapping[int, Sequence[Span]]
) -> TeaserBlock | None:
    """The teasers of a document: under a header, and after the signed end of the body.

    The paragraphs between the last signed paragraph and the header (or the end) are
    teasers only if all of them parse as ``[caption] title summary`` items; otherwise
    they are kept.

    A header heads the rest of the document only where a list can start: its first
    item has a title (under its image, a title cut short will do), and the header
    follows the signed end of the body or nothing under it is that end (a signed
    paragraph, or a signature on a line of its own). Else it is a link label standing
    in the body ("Read more" before the rest of the article): it goes alone, what
    follows it stays, and the next header is tried.
    """
    header: Paragraph | None = None
    under: tuple[ParsedTeaser, ...] = ()
    inner: tuple[Paragraph, ...] = ()
    in_body: list[int] = []  # headers standing in the body
    for p in paragraphs[_FIRST_HEADER_INDEX:]:
        if p.index in furniture or not lexicon.is_header(p.text):
            continue
        region = _without_cut_header([q for q in paragraphs[p.index + 1 :] if q.index not in furniture], lexicon)
        teasers = _list_items(region, lexicon)
        # A signature on a line of its own (furniture) ends the body as well as a signed
        # paragraph does: right above the header, the header follows the body's end;
        # below it, the header stands in the body.
        before = next(
            (
                q
                for q in reversed(paragraphs[: p.index])
                if q.index not in furniture or _is_lone_signature(q.index, furniture)
            ),
            None,
        )
        signed_above = before is not None and (
            _is_lone_signature(before.index, furniture) or _is_signed(before, lexicon)
        )
        signed_below = any(i > p.index and _is_lone_signature(i, furniture) for i in furniture)
        if not signed_below and _starts_a_list(teasers, region, signed_above, lexicon):
            # A second list under the first, with a header of its own: that header heads
            # items, it is none (parsed as one, it made a teaser of "Lire aussi").
            inner = tuple(q for q in region if lexicon.is_header(q.text))
            if inner:
                teasers = _list_items([q for q in region if q not in inner], lexicon)
            header, under = p, tuple(teasers)
            break
        in_body.append(p.index)
    end = header.index if header is not None else len(paragraphs)
    trailing = tuple(find_trailing_teasers(paragraphs[:end], lexicon, looked_through(furniture, in_body)))
    if header is None and not trailing and not in_body:
        return None
    return TeaserBlock(header, under, trailing, labels=tuple(paragraphs[i] for i in in_body), inner_headers=inner)


# "Xem thêm: <title>", "Read more » <title>": a header, a separator, a linked title. The
# standard library's engine finds one of a few characters several times faster.
_LINK_SEPARATORS = ":：»›|>-–—"
_LINK_MARK = re.compile(f"[{re.escape(_LINK_SEPARATORS)}]")
_MAX_LINK_LINE_CHARS = 300


def is_link_line(text: str, lexicon: Lexicon) -> bool:
    """A teaser header and the title it links to, on one line, inside the body."""
    if len(text) > _MAX_LINK_LINE_CHARS:
        return False
    mark = _LINK_MARK.search(text, 1, _MAX_LINK_HEAD_CHARS)
    if mark is None:
        return False
    head = text[: mark.start()]
    # The head's first word, folded (folded words are kept), rules out most heads before
    # the whole head is folded: "La vice-ministre des Affaires étrangères" is no header.
    if fold(head.split(None, 1)[0]) not in lexicon.header_first_words or not lexicon.is_header(head):
        return False
    title = text[mark.end() :].lstrip(_LINK_SEPARATORS + " ")
    return bool(title) and looks_like_title(title)


def _titles_alone(region: Sequence[Paragraph], lexicon: Lexicon) -> tuple[ParsedTeaser, ...] | None:
    """A list of links: every paragraph under the header is a short title and none an
    image's caption, so each is a teaser with no summary (paired up, every second title
    was taken for a summary). A summary is longer, or ends a sentence."""
    if len(region) < 2:
        return None
    for q in region:
        text = list_item_text(q.text) if "](" in q.text else q.text
        too_long = len(text.split()) > _MAX_LINK_WORDS and len(text) > _MAX_LINK_CHARS
        if too_long or not looks_like_title(text) or lexicon.find_credit(text):
            return None
    return tuple(ParsedTeaser(None, q, ()) for q in region)


def _starts_a_list(
    teasers: Sequence[ParsedTeaser], region: Sequence[Paragraph], signed_above: bool, lexicon: Lexicon
) -> bool:
    """Whether a header heads the rest of the document (see find_teaser_block);
    ``signed_above``: the body's signed end is right above it."""
    if not teasers:
        return True  # a header that ends the document
    first = teasers[0]
    # The title test first: it is cheap, and decides most headers in a body (prose
    # follows, even after an image of the body). Only a title cut short ("…") may
    # fail it under a teaser's image.
    title = first.title.text
    if (
        not looks_like_item_title(title)
        and (first.caption is None or not title.rstrip(_CLOSERS).endswith(_CUT))
        and not (signed_above and _images_and_texts(teasers))
    ):
        return False
    # Right after the body's signed end, the header follows the body: no need to look
    # below it. Else a signed end below it shows it standing in the body, even over an
    # image of the body (its caption is no teaser's).
    if signed_above:
        return True
    if any(_is_signed(q, lexicon) for q in region):
        return False
    # No signature anywhere to tell: a first "summary" of many paragraphs is the body
    # going on under a subheading, not a teaser's (a summary spans a few lines at most).
    return len(first.summary) <= _MAX_FIRST_SUMMARY_PARAGRAPHS


def _images_and_texts(teasers: Sequence[ParsedTeaser]) -> bool:
    """Every item is an image's caption over a paragraph or two: a list whose titles
    lost the line break before their summaries ("<title> <summary>" on one line, as a
    scraper that joins an item's texts writes it). After the body's signed end, under a
    header, that is a list even though no title reads as one."""
    return len(teasers) >= 2 and all(
        t.caption is not None and len(t.summary) <= _MAX_SUMMARY_PARAGRAPHS for t in teasers
    )


def find_trailing_teasers(
    paragraphs: Sequence[Paragraph], lexicon: Lexicon, furniture: Collection[int]
) -> list[ParsedTeaser]:
    """Teasers between the last signed paragraph and the end of ``paragraphs``."""
    # Furniture (a lone "VNA" line) does not count: it is gone from the clean text, and
    # cleaning that text again must find the same end of body.
    # Only the last signed paragraph counts: looked for from the end, where it is.
    last_signed = next(
        (
            p.index
            for p in reversed(paragraphs[_FIRST_HEADER_INDEX:])
            if p.index not in furniture and _is_signed(p, lexicon)
        ),
        None,
    )
    if last_signed is None:
        return []
    # An image of the body may stand after its signed end: it is no teaser's caption.
    region = _below_last_image(
        _without_cut_header([q for q in paragraphs[last_signed + 1 :] if q.index not in furniture], lexicon), lexicon
    )
    # Caption lines go whatever is decided here (the caption rules take them), so the
    # decision looks at the rest only: cleaning the clean text again decides the same.
    uncaptioned = [
        q
        for k, q in enumerate(region)
        if not lexicon.find_credit(q.text) and not _credit_line_at(region, k + 1, lexicon)
    ]
    shape = parse_teasers(uncaptioned, lexicon) if len(uncaptioned) >= 2 else []
    if not shape or not all(is_trailing_teaser(t) for t in shape):
        return []
    return parse_teasers(region, lexicon)


def _without_cut_header(region: list[Paragraph], lexicon: Lexicon) -> list[Paragraph]:
    """The paragraphs of a list but a header cut short that ends the file ("ЧИТА"): no
    item's, it goes by itself (F305), and would end the last item's summary."""
    if region and lexicon.is_cut_header(region[-1].text):
        region.pop()
    return region


def _below_last_image(paragraphs: Sequence[Paragraph], lexicon: Lexicon) -> Sequence[Paragraph]:
    """The paragraphs after the last image of the body ("<title> ảnh 1<caption>", which
    the caption rules take): teaser lists carry no such image lines, so a teaser block
    starts below the last one (whose credit would make it a teaser's caption)."""
    for i in range(len(paragraphs) - 1, -1, -1):
        if find_image(paragraphs[i].text, lexicon):
            return paragraphs[i + 1 :]
    return paragraphs


def is_trailing_teaser(teaser: ParsedTeaser) -> bool:
    """Shape check for a headerless teaser: a title-like title and a short summary."""
    return looks_like_item_title(teaser.title.text) and 1 <= len(teaser.summary) <= _MAX_SUMMARY_PARAGRAPHS


# The title, the lead and the first body paragraph are never a teaser block.
_FIRST_CORPUS_TEASER_INDEX = 3


def find_corpus_teasers(
    paragraphs: Sequence[Paragraph],
    lexicon: Lexicon,
    furniture: Collection[int],
    known_titles: Callable[[str], bool],
) -> TeaserBlock | None:
    """A trailing block without header or signature, found from evidence *and* position:
    it runs to the end of the document, every item has the shape of a teaser, and at
    least half of the items (one at least) have a title that recurs as a teaser
    elsewhere in the corpus. Recurrence alone never removes a paragraph: a quotation
    found in many bodies is no teaser title, and it is not followed by teasers only.
    """
    rest = _below_last_image(
        _without_cut_header([p for p in paragraphs[_FIRST_CORPUS_TEASER_INDEX:] if p.index not in furniture], lexicon),
        lexicon,
    )
    for start in range(len(rest)):
        head = rest[start]
        # An item starts with its image's caption (a credit, or its title repeated) or
        # with its title: unknown titles count against the block below, but an item
        # whose title is unknown (a typo) may still open it.
        if not (_is_item_caption(rest, start, lexicon) or known_titles(title_key(head.text))):
            continue
        teasers = parse_teasers(rest[start:], lexicon)
        # A list whose items show their section's name over the title: the first item's
        # is the line above it (a short line of the body stays, where no item shows one).
        if start > 0 and any(t.kicker is not None for t in teasers) and _kicker_shaped(rest[start - 1].text, lexicon):
            teasers = parse_teasers(rest[start - 1 :], lexicon)
        known = sum(1 for t in teasers if known_titles(title_key(t.title.text)))
        shaped = all(looks_like_item_title(t.title.text) and len(t.summary) <= _MAX_SUMMARY_PARAGRAPHS for t in teasers)
        if teasers and shaped and 2 * known >= len(teasers) and known >= 1:
            return TeaserBlock(None, (), tuple(teasers), trailing_rule="T204")
    return None
