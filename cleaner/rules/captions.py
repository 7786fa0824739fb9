"""Image captions in the body: `ảnh N` caption lines, caption lines, photo credits."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from cleaner.model import Caption
from cleaner.profiles import Lexicon
from cleaner.rules import Span
from cleaner.text import CLAUSE_PUNCTUATION, Paragraph

# Longer than this, a paragraph that ends with "(Source: X)" is prose citing a source.
_MAX_SOURCE_CAPTION = 200
# Before "(Source: X)", what a picture shows, as a phrase: no longer than this, and with
# none of the marks of a sentence (prose that cites a source is a sentence, or several).
_MAX_SOURCE_PHRASE = 120
_SENTENCE_MARKS = regex.compile(f"[{regex.escape(CLAUSE_PUNCTUATION)}!?！？]")
# A caption is a sentence before its credit, two at times. Three sentences and more, and
# a long text, before a credit: prose that lost its line break before the caption, kept
# whole (where the caption starts is not known, and a caption left in costs less than a
# paragraph of the body lost).
_SENTENCE_BREAK = regex.compile(r"[.!?…。！？][\"»”’)\]]*\s+(?=[\p{Lu}\p{Lt}\"«“(\[])", regex.V1)
_MAX_CAPTION_BREAKS = 1
_MIN_PROSE_HEAD = 250
# A credit alone is a word and a name of 70 characters at most: a longer line is not one.
MAX_CREDIT_LINE = 120
# Longer than this, a paragraph is not a caption whatever its ending.
_MAX_CAPTION = 600
# Before an image marker stands the image's alt text, most often the title. A longer text
# there is prose that lost its line break before the caption, and stays.
_MAX_ALT_TEXT = 300
# What makes the text after a credit more than its closing punctuation.
_WORD = regex.compile(r"[\p{L}\p{N}]")
# After a credit that ends the caption comes the next sentence or the next image. Up to
# two lower-case words still belong to the credit ("Ảnh: TTXVN phát"), and so does
# closing punctuation.
_LOWER_WORD = regex.compile(r"\s+\p{Ll}[\p{Ll}\p{M}]*")
_CLOSING = (".", ";", ":")
_BLANKS = regex.compile(r"\s+")
_NEXT_SENTENCE = regex.compile(r"\s*[\p{Lu}\p{Lt}\p{N}\p{Lo}\"“«„(\[]")


def is_credit_line(text: str, lexicon: Lexicon) -> bool:
    """A photo credit on a line of its own ("Photo : VNA", "(Source: VNA)"): the credit
    that ends the line is all of it. (find_credit's answers are kept: a line is asked
    about as a caption and as a credit line, by the lists and by the body.)"""
    if len(text) > MAX_CREDIT_LINE:
        return False
    credit = lexicon.find_credit(text)
    return credit is not None and credit.start("whole") == 0


def _credit(text: str, lexicon: Lexicon) -> str | None:
    match = lexicon.find_credit(text)
    return lexicon.credit_of(match) if match else None


def is_caption_line(text: str, lexicon: Lexicon) -> bool:
    """A paragraph that is an image caption: it ends with a photo credit.

    ``(Source: X)`` alone is weaker evidence (prose cites sources too), so it counts
    only on a short paragraph that opens with a photo word, or whose text before the
    credit is a short phrase with no mark of a sentence (a body image's caption under a
    site's own label: "Tran Thi Mai at the forum (Source: VNA)").

    Three sentences and more, long, before the credit are prose glued to a caption by
    a lost line break: no caption line (kept whole).
    """
    if len(text) > _MAX_CAPTION:
        return False
    match = lexicon.find_credit(text)
    if match is None:
        return False
    head = text[: match.start("whole")]
    if len(head) > _MIN_PROSE_HEAD and len(_SENTENCE_BREAK.findall(head, concurrent=False)) > _MAX_CAPTION_BREAKS:
        return False
    if lexicon.source_credit.match(match.group("whole"), concurrent=False):
        return (
            match.start("whole") == 0
            or (len(text) <= _MAX_SOURCE_CAPTION and _opens_with_photo_word(text, lexicon))
            or _is_phrase(text[: match.start("whole")])
        )
    return True


def _is_phrase(text: str) -> bool:
    """A caption's words before a source credit: short, opening with a capital (or a
    letter of a script without case), and with no punctuation of a sentence in it."""
    text = text.strip()
    return (
        0 < len(text) <= _MAX_SOURCE_PHRASE
        and not text[0].islower()
        and _SENTENCE_MARKS.search(text, concurrent=False) is None
    )


def _opens_with_photo_word(text: str, lexicon: Lexicon) -> bool:
    words = text.split(maxsplit=1)
    return bool(words) and words[0].strip("(（:").casefold() in lexicon.photo_words


def find_image(text: str, lexicon: Lexicon, credit_below: str | None = None) -> regex.Match[str] | None:
    """The first image marker of a paragraph: glued to its caption or ending the line
    ("ảnh 1Le général..."), or else followed by a blank where what follows is a caption
    by its own evidence (a credit, see _caption_follows; ``credit_below`` is a credit
    alone on the input line right below the paragraph). Prose says "ảnh 1 Hà Nội" as
    well, never with a caption's credit after it. (A long text before the marker is
    prose that lost its line break, and stays: see _caption_extent.)"""
    for marker in lexicon.find_any_image_markers(text):
        if marker.group("spaced") is None or _caption_follows(text, marker.end(), lexicon, credit_below):
            return marker
    return None


def _caption_follows(text: str, start: int, lexicon: Lexicon, credit_below: str | None = None) -> bool:
    """After a marker and a blank, a caption by its own evidence: the rest of the
    paragraph ends with a credit, or the credit on the line below ends it ("<alt> ảnh 1
    <caption><br>Photo: VNA"), or a credit of a certain form ends a caption within
    caption length (the body glued after it, as after a marker with no blank)."""
    rest = text[start:].strip()
    if is_caption_line(rest, lexicon):
        return True
    if credit_below is not None and rest and is_caption_line(f"{rest} {credit_below}", lexicon):
        return True
    credits = lexicon.certain_credit.finditer(text, start, start + _MAX_CAPTION, concurrent=False)
    return any(_credit_end(text, credit.end(), lexicon) is not None for credit in credits)


def find_captions(paragraphs: Sequence[Paragraph], lexicon: Lexicon) -> tuple[list[Span], list[Caption]]:
    """Caption spans and caption records in body paragraphs (the title is never one)."""
    spans: list[Span] = []
    captions: list[Caption] = []
    for k, p in enumerate(paragraphs):
        if p.index == 0:
            continue
        text = p.text
        # The input line right below, if a paragraph stands there (the test inline: most
        # paragraphs have none).
        below = paragraphs[k + 1] if k + 1 < len(paragraphs) and paragraphs[k + 1].line == p.line + 1 else None
        if below is not None and _caption_over_credit_line(paragraphs, k, lexicon):
            joined = f"{text} {below.text}"
            spans.append(Span("C102", p.start, p.end, "caption over its photo credit on the next line"))
            captions.append(Caption(joined, _credit(joined, lexicon), p.line))
            continue
        credit_below = below.text if below is not None and is_credit_line(below.text, lexicon) else None
        marker = find_image(text, lexicon, credit_below)
        if marker is not None:
            first = len(captions)
            _marker_captions(p, marker, lexicon, spans, captions)
            last = captions[-1] if len(captions) > first else None
            if credit_below is not None and last is not None and last.credit is None:
                # The credit on the line below is the last caption's ("…<br>Photo: VNA").
                joined = f"{last.text} {credit_below}"
                captions[-1] = Caption(joined, _credit(joined, lexicon), last.line)
            continue
        glued = lexicon.find_glued_credit(text)
        if glued is not None and (glued.start() == 0 or is_caption_line(text[: glued.end()].strip(), lexicon)):
            head = text[: glued.end()].strip()
            code = "C104" if glued.start() == 0 else "C102"
            spans.append(Span(code, p.start, p.start + glued.end(), "photo credit glued before the dateline"))
            captions.append(Caption(head, lexicon.credit_of(glued), p.line))
        elif len(text) <= MAX_CREDIT_LINE and is_credit_line(text, lexicon):
            spans.append(Span("C103", p.start, p.end, "photo credit on its own line"))
        elif is_caption_line(text, lexicon):
            spans.append(Span("C102", p.start, p.end, "caption line ending with a photo credit"))
            captions.append(Caption(text, _credit(text, lexicon), p.line))
    return spans, captions


def _caption_over_credit_line(paragraphs: Sequence[Paragraph], k: int, lexicon: Lexicon) -> bool:
    """Paragraph ``k`` and a credit on the input line right below it make one block, set
    off by blank lines above and below ("<caption><br>Photo: VNA" in a page whose
    paragraphs are apart): the caption of an image, the credit's. Where paragraphs
    follow each other line by line, or a blank stands between the two, the paragraph
    can as well be the body's above an image shown with a credit alone, and stays."""
    if k + 1 >= len(paragraphs):
        return False
    p, credit = paragraphs[k], paragraphs[k + 1]
    if credit.line != p.line + 1 or (k > 0 and paragraphs[k - 1].line >= p.line - 1):
        return False
    if k + 2 < len(paragraphs) and paragraphs[k + 2].line <= credit.line + 1:
        return False
    if not is_credit_line(credit.text, lexicon) or lexicon.find_credit(p.text) is not None:
        return False
    # An image marker's caption is the marker rule's (find_image, told of the credit).
    return find_image(p.text, lexicon, credit.text) is None and is_caption_line(f"{p.text} {credit.text}", lexicon)


def _marker_captions(
    p: Paragraph, marker: regex.Match[str], lexicon: Lexicon, spans: list[Span], captions: list[Caption]
) -> None:
    """The caption of each image marker in a paragraph: one, unless lost line breaks
    glued several images (or an image and the body) into one."""
    text = p.text
    pos = 0
    found: regex.Match[str] | None = marker
    while found is not None:
        start, cut = _caption_extent(text, pos, found.start(), found.end(), lexicon)
        caption = text[found.end() : cut].strip()
        spans.append(Span("C101", p.start + start, p.start + cut, f"image caption (marker {found.group().strip()!r})"))
        if caption:
            captions.append(Caption(caption, _credit(caption, lexicon), p.line))
        pos = cut
        # The paragraph holds a marker word (find_image checked): no casefold again.
        found = lexicon.image_marker.search(text, pos, concurrent=False) if pos < len(text) else None


def _caption_extent(text: str, pos: int, marker_start: int, marker_end: int, lexicon: Lexicon) -> tuple[int, int]:
    """Where the caption line around an image marker starts and ends in ``text``, whose
    part before ``pos`` is settled.

    Usually the rest of the paragraph (alt text, marker, caption), or up to the first
    credit of a certain form (parenthesised, or a known agency) when more text follows
    it: a caption glued to the body, or to the next image. Where a scrape lost line
    breaks, the text on either side can be prose, and the bounds stop short of it: a
    long text before the marker is not alt text, and a long text after it with no
    credit within caption length has no known end, so only the marker goes."""
    # After an earlier caption, what stands before the next marker may be body text, not
    # alt text: it stays (a leak at worst, never a loss).
    start = 0 if pos == 0 and marker_start <= _MAX_ALT_TEXT else marker_start
    whole = len(text) if len(text) - marker_end <= _MAX_CAPTION else marker_end
    for credit in lexicon.certain_credit.finditer(text, marker_end, marker_end + _MAX_CAPTION, concurrent=False):
        end = credit.end()
        if not _WORD.search(text, end, concurrent=False):
            return start, len(text)  # only closing punctuation follows
        credit_end = _credit_end(text, end, lexicon)
        if credit_end is not None:
            return start, credit_end
        # Prose in lower case goes on: the credit was a citation inside the caption.
    return start, whole


def _credit_end(text: str, end: int, lexicon: Lexicon) -> int | None:
    """Where a credit ending at ``end`` ends its caption, counting the words and the
    punctuation that still belong to it; None if prose goes on after it."""
    for _ in range(3):
        after = end + (text[end : end + 1] in _CLOSING)
        if _NEXT_SENTENCE.match(text, after, concurrent=False) or _marker_at(text, _skip_blanks(text, after), lexicon):
            return after
        word = _LOWER_WORD.match(text, end, concurrent=False)
        if word is None:
            return None
        end = word.end()
    return None


def _skip_blanks(text: str, pos: int) -> int:
    blanks = _BLANKS.match(text, pos, concurrent=False)
    return blanks.end() if blanks else pos


def _marker_at(text: str, pos: int, lexicon: Lexicon) -> bool:
    return lexicon.image_marker.match(text, pos, concurrent=False) is not None
