"""Cleaning one document: run the rules, apply their spans, build the Article."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace

from cleaner.apply import apply_spans
from cleaner.model import Article, Finding, Removal
from cleaner.profiles import Lexicon, detect_language, lexicon_for
from cleaner.rules import Span, expand_selection
from cleaner.rules.captions import find_captions
from cleaner.rules.damage import find_damage
from cleaner.rules.furniture import find_cut_headers, find_footer_copyrights, find_furniture, find_title_suffix
from cleaner.rules.teasers import TeaserBlock, find_corpus_teasers, find_teaser_block, looked_through
from cleaner.text import PARAGRAPH_SEPARATOR, Normalised, normalise

__all__ = ["CleanOptions", "Explanation", "clean", "explain"]


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """What to clean with. ``lang=None`` detects the language and uses every profile's
    words (sites mix editions); a language restricts the words to that profile."""

    lang: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @property
    def codes(self) -> frozenset[str]:
        return expand_selection(self.select or None, self.ignore)


def clean(
    text: str,
    *,
    lang: str | None = None,
    options: CleanOptions | None = None,
    known_titles: Callable[[str], bool] | None = None,
    report_damage: bool = True,
) -> Article:
    """Clean one scraped article. ``report_damage=False`` skips the damage findings
    (warnings only; the corpus pipeline has no use for them).

    >>> article = clean("Titre\\n\\nChapeau.\\n\\nHanoi (VNA) - Corps. - VNA\\n\\nVoir plus\\n\\n"
    ...                 "Légende. Photo: VNA\\n\\nAutre titre\\n\\nAutre résumé.")
    >>> print(article.text, end="")
    Titre
    <BLANKLINE>
    Chapeau.
    <BLANKLINE>
    Hanoi (VNA) - Corps. - VNA
    >>> article.lead, article.teasers[0].title
    ('Chapeau.', 'Autre titre')
    >>> [r.rule for r in article.removed]
    ['T201', 'T202']
    """
    options = options or CleanOptions(lang=lang)
    if lang is not None and options.lang is None:
        options = CleanOptions(lang, options.select, options.ignore)
    norm = normalise(text)
    lexicon = lexicon_for(options.lang)
    return _clean_normalised(norm, lexicon, options, known_titles, report_damage)


def analyse(
    norm: Normalised, lexicon: Lexicon, known_titles: Callable[[str], bool] | None = None
) -> tuple[dict[int, list[Span]], TeaserBlock | None]:
    """The structure of a document: its furniture and its teaser block. With
    ``known_titles`` (folded titles that recur as teasers in a corpus), a trailing block
    of such teasers with no header and no signature is found too."""
    furniture = find_furniture(norm.paragraphs, lexicon)
    block = find_teaser_block(norm.paragraphs, lexicon, furniture)
    if known_titles is not None and (block is None or (block.header is None and not block.trailing)):
        labels = block.labels if block is not None else ()
        skipped = looked_through(furniture, [p.index for p in labels])
        found = find_corpus_teasers(norm.paragraphs, lexicon, skipped, known_titles)
        if found is not None:
            block = replace(found, labels=labels)
    return furniture, block


def _clean_normalised(
    norm: Normalised,
    lexicon: Lexicon,
    options: CleanOptions,
    known_titles: Callable[[str], bool] | None,
    report_damage: bool,
) -> Article:
    furniture, block = analyse(norm, lexicon, known_titles)
    spans: list[Span] = [span for group in furniture.values() for span in group]
    teaser_indices: set[int] = set()
    spanned: set[int] = set()  # the block's paragraphs that have a span of their own
    if block is not None:
        spans.extend(block.spans())
        teaser_indices = {p.index for t in block.all_teasers for p in t.paragraphs}
        teaser_indices.update(p.index for p in block.labels)
        spanned = set(teaser_indices)
        if block.header is not None:
            spanned.update(p.index for p in (block.header, *block.inner_headers))
            teaser_indices.update(range(block.header.index, len(norm.paragraphs)))
    body = [p for p in norm.paragraphs if p.index not in furniture and p.index not in teaser_indices]
    caption_spans, captions = find_captions(body, lexicon)
    spans.extend(caption_spans)
    whole = {p.index for p in body for s in caption_spans if s.start <= p.start and s.end >= p.end}
    # A header cut short at the end of a list is no item's (find_teaser_block): found here.
    cut = find_cut_headers(norm.paragraphs, lexicon, furniture.keys() | spanned | whole)
    spans.extend(cut)
    # And the copyright lines that what goes below them brings into the clean text's footer.
    taken = furniture.keys() | teaser_indices | whole  # (teaser_indices holds spanned)
    if cut:
        starts = {span.start for span in cut}
        taken.update(p.index for p in norm.paragraphs if p.start in starts)
    spans.extend(find_footer_copyrights(norm.paragraphs, lexicon, taken))
    suffix = find_title_suffix(norm.paragraphs, lexicon)
    if suffix is not None:
        spans.append(suffix)

    codes = options.codes
    text, removed = apply_spans(norm, (s for s in spans if s.rule in codes))
    kept = [p for p in text.split(PARAGRAPH_SEPARATOR) if p.strip()]
    if kept:
        kept[-1] = kept[-1].rstrip("\n")
    title, lead = _title_and_lead(kept, lexicon)
    lang = options.lang or detect_language(text, lexicon.profiles)
    return Article(
        source=norm.text,
        text=text,
        title=title,
        lead=lead,
        lang=lang,
        captions=captions,
        teasers=block.items(lexicon) if block is not None else [],
        removed=removed,
        findings=_damage(norm, text, removed, codes) if report_damage else [],
    )


def _title_and_lead(kept: list[str], lexicon: Lexicon) -> tuple[str, str]:
    """The title is the first paragraph; the lead is the paragraph before the dateline
    (after any sub-title), or the second paragraph when there is no dateline."""
    if not kept:
        return "", ""
    title = kept[0]
    for i, paragraph in enumerate(kept[1:], start=1):
        if lexicon.dateline.match(paragraph, concurrent=False):
            return title, kept[i - 1] if i >= 2 else paragraph
    return title, kept[1] if len(kept) > 1 else ""


def _damage(norm: Normalised, kept: str, removed: list[Removal], codes: Collection[str]) -> list[Finding]:
    """Damage findings located in the normalised text, for the kept text only."""
    findings: list[Finding] = []
    shift = 0  # offset in source = offset in kept + removed length before it
    bounds = [(r.start, r.end) for r in removed]
    offsets = []
    for code, start, end, message in find_damage(kept):
        offsets.append((start, end, code, message))
    offsets.sort()
    b = 0
    for start, end, code, message in offsets:
        while b < len(bounds) and bounds[b][0] <= start + shift:
            shift += bounds[b][1] - bounds[b][0]
            b += 1
        if code not in codes:
            continue
        source_start = start + shift
        findings.append(
            Finding(code, source_start, end + shift, norm.line_of(source_start), norm.column_of(source_start), message)
        )
    return findings


@dataclass(frozen=True, slots=True)
class Explanation:
    """A removed span with its reason and text, as shown by ``cleaner explain``."""

    rule: str
    line: int
    start: int
    end: int
    text: str
    reason: str


def explain(text: str, *, lang: str | None = None, options: CleanOptions | None = None) -> list[Explanation]:
    """The spans :func:`clean` removes, with their rule, reason and text.

    >>> for e in explain("Titre\\n\\nChapeau.\\n\\nCorps.\\n\\nPartager"):
    ...     print(e.rule, e.line, repr(e.text))
    F301 7 '\\n\\nPartager'
    """
    article = clean(text, lang=lang, options=options)
    return [
        Explanation(r.rule, r.line, r.start, r.end, article.source[r.start : r.end], r.reason) for r in article.removed
    ]
