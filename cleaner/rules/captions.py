"""Image captions in the body: `ảnh N` caption lines, caption lines, photo credits."""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.model import Caption
from cleaner.profiles import Lexicon
from cleaner.rules import Span
from cleaner.text import Paragraph

# Longer than this, a paragraph that ends with "(Source: X)" is prose citing a source.
_MAX_SOURCE_CAPTION = 200
# Longer than this, a paragraph is not a caption whatever its ending.
_MAX_CAPTION = 600
# Before an image marker stands the image's alt text, most often the title. A longer text
# there is prose that lost its line break before the caption, and stays.
_MAX_ALT_TEXT = 300


def _credit(text: str, lexicon: Lexicon) -> str | None:
    match = lexicon.find_credit(text)
    return lexicon.credit_of(match) if match else None


def is_caption_line(text: str, lexicon: Lexicon) -> bool:
    """A paragraph that is an image caption: it ends with a photo credit.

    ``(Source: X)`` alone is weaker evidence (prose cites sources too), so it counts
    only on a short paragraph or one that opens with a photo word.
    """
    if len(text) > _MAX_CAPTION:
        return False
    match = lexicon.find_credit(text)
    if match is None:
        return False
    if lexicon.source_credit.match(match.group("whole"), concurrent=False):
        return match.start("whole") == 0 or (len(text) <= _MAX_SOURCE_CAPTION and _opens_with_photo_word(text, lexicon))
    return True


def _opens_with_photo_word(text: str, lexicon: Lexicon) -> bool:
    words = text.split(maxsplit=1)
    return bool(words) and words[0].strip("(（:").casefold() in lexicon.photo_words


def find_captions(paragraphs: Sequence[Paragraph], lexicon: Lexicon) -> tuple[list[Span], list[Caption]]:
    """Caption spans and caption records in body paragraphs (the title is never one)."""
    spans: list[Span] = []
    captions: list[Caption] = []
    for p in paragraphs:
        if p.index == 0:
            continue
        text = p.text
        marker = lexicon.find_image_marker(text)
        if marker is not None:
            start, cut = _caption_extent(text, marker.start(), marker.end(), lexicon)
            caption = text[marker.end() : cut].strip()
            spans.append(
                Span("C101", p.start + start, p.start + cut, f"image caption (marker {marker.group().strip()!r})")
            )
            if caption:
                captions.append(Caption(caption, _credit(caption, lexicon), p.line))
            continue
        glued = lexicon.find_glued_credit(text)
        if glued is not None and (glued.start() == 0 or is_caption_line(text[: glued.end()].strip(), lexicon)):
            head = text[: glued.end()].strip()
            code = "C104" if glued.start() == 0 else "C102"
            spans.append(Span(code, p.start, p.start + glued.end(), "photo credit glued before the dateline"))
            captions.append(Caption(head, lexicon.credit_of(glued), p.line))
        elif lexicon.credit_only.match(text, concurrent=False):
            spans.append(Span("C103", p.start, p.end, "photo credit on its own line"))
        elif is_caption_line(text, lexicon):
            spans.append(Span("C102", p.start, p.end, "caption line ending with a photo credit"))
            captions.append(Caption(text, _credit(text, lexicon), p.line))
    return spans, captions


def _caption_extent(text: str, marker_start: int, marker_end: int, lexicon: Lexicon) -> tuple[int, int]:
    """Where the caption line around an image marker starts and ends in ``text``.

    Usually the whole paragraph (alt text, marker, caption), or up to a photo credit
    that a dateline follows (a caption glued to the body). Where a scrape lost line
    breaks, the text on either side can be prose, and the bounds stop short of it:
    a long text before the marker is not alt text, and a long text after it with no
    credit within caption length has no known end, so only the marker goes."""
    start = 0 if marker_start <= _MAX_ALT_TEXT else marker_start
    after = text[marker_end:]
    glued = lexicon.glued_credit.search(after, concurrent=False)
    if glued is not None and glued.end() <= _MAX_CAPTION:
        return start, marker_end + glued.end()
    return start, len(text) if len(after) <= _MAX_CAPTION else marker_end
