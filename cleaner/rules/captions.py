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
            after = text[marker.end() :]
            glued = lexicon.glued_credit.search(after, concurrent=False)
            cut = marker.end() + glued.end() if glued else len(text)
            caption = text[marker.end() : cut].strip()
            spans.append(Span("C101", p.start, p.start + cut, f"image caption (marker {marker.group().strip()!r})"))
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
