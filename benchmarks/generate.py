"""Generate scraped-news corpora with their ground truth.

Every file is one scraped article of a universe of *stories*; under its body it carries
teasers of other stories, each occurrence varied the way real scrapes vary (credit
format, truncation with ``...``/``…``, apostrophes, typos, no image, caption equal to
title, summary over two lines, no header). Some files are re-scrapes of another file's
story with a small edit and another teaser list; some quotations recur in many bodies;
files come in NFC or NFD, LF or CRLF, with or without a BOM, single or double breaks.
``--body-scale K`` gives every article K times as many body paragraphs (the same files,
teasers and duplicates otherwise): a corpus several times larger in bytes, with the same
distinct teasers and articles. ``--site-variations`` adds shapes that other sites and
re-crawls show (a "Read more" link label inside the body, over an image of the body or
not; a header and a linked title on one line; a list of links, titles alone; a caption
glued to the next paragraph by a lost line break; a keywords line; the signature on a
line of its own), drawn from a generator of their own, so that the files are otherwise
those of the same seed without them. ``--recrawl-shapes`` adds, the same way, what a
crawl of the same pages through another tool gives: zero-width spaces at the ends of
lines, a blank between an image marker and its caption, a header decorated as Markdown
or with an arrow, separator lines between teasers, a date under each teaser's title, a
second header inside the list, titles marked as list items (a bullet, a number,
Markdown), a copyright line at the end, soft hyphens and zero-width spaces inside
lines, every image's credit on the line below its caption (the body's images then
without a marker), titles as Markdown links, each teaser's address under its title, an
embedded video's address in the body, the count of the items after the header, the
section's name over each teaser, each teaser's reading time under its title, the site's
name after the title, a whole file's characters as HTML character references, a link
to each teaser's article under its title or after its summary ("Lire la suite »"), the
captions of a list in italics or bold, the body's images as Markdown, the whole file
wrapped at a fixed width as a text dump is. Shapes
added later draw from a generator of their own again, so that adding one leaves the files
of the others as they were.

``--languages`` picks the editions (French, English, Spanish and Vietnamese by default;
also Chinese, written without blanks between words, and Russian).

``python -m benchmarks.generate OUT --files 5000 --seed 1`` writes ``OUT/docs/*.txt``
and ``OUT/truth.jsonl`` (one record per file: content and boilerplate paragraphs,
teaser occurrences with their story id, duplicate group).
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import textwrap
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.vocab import AGENCY_SIGNATURES, LANGS, NAMES, PLACES, SIGNATURES_VI

# The editions of a corpus, drawn story by story (a language listed twice, twice as often).
DEFAULT_LANGUAGES = ("fr", "fr", "fr", "en", "es", "vi")


@dataclass
class Story:
    id: int
    lang: str
    title: str
    subtitle: str | None
    lead: str
    dateline: str
    body: list[str]
    caption: str
    credit: str


@dataclass
class Truth:
    id: str
    story: int
    lang: str
    content: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    teasers: list[int] = field(default_factory=list)  # story ids, in order
    duplicate_of_story_file: str | None = None  # the first file of the same story

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "story": self.story,
            "lang": self.lang,
            "content": self.content,
            "boilerplate": self.boilerplate,
            "teasers": self.teasers,
            "duplicate_group": self.duplicate_of_story_file or self.id,
        }


def _names(words: dict[str, Any]) -> list[str]:
    """The edition's own spelling of people's names, or the shared one."""
    names: list[str] = words.get("names", NAMES)
    return names


def _places(words: dict[str, Any]) -> list[str]:
    """The edition's own spelling of places, or the shared one."""
    places: list[str] = words.get("places", PLACES)
    return places


def _dateline(rng: random.Random, words: dict[str, Any], lang: str) -> str:
    if "dateline" in words:  # "越通社河内11月10日电"
        place = rng.choice(_places(words))
        return str(words["dateline"]).format(place=place, month=rng.randint(1, 12), day=rng.randint(1, 28))
    agency = words.get("agency", "TTXVN" if lang == "vi" else "VNA")
    return f"{rng.choice(_places(words))} ({agency}) {rng.choice(['–', '-'])} "


# Characters of Chinese text and its full-width punctuation.
_WIDE = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_FULL_STOP = re.compile(r"(?<![.\d])\.(?![.\d])")  # not in "..." nor in a number
_BLANKS_BY_WIDE = re.compile(f" +(?=[{_WIDE}])|(?<=[{_WIDE}]) +")


def _written(words: dict[str, Any], line: str) -> str:
    """A line as its edition writes it. The generator builds every text from words and
    blanks; an "unspaced" edition (Chinese) has no blanks between its words, and its
    own full stop, comma and colon."""
    if not words.get("unspaced"):
        return line
    line = _FULL_STOP.sub("。", line).replace(", ", "，").replace(" : ", "：")
    return _BLANKS_BY_WIDE.sub("", line)


def _sentence(rng: random.Random, words: dict[str, Any]) -> str:
    if rng.random() < 0.35:
        # The draws stay in this order (condition, filler, number): corpora for a seed do not change.
        with_number = rng.random() < 0.1
        filler: str = rng.choice(words["fillers"])
        return filler + f" ({rng.randint(2, 98)} %)." if with_number else filler + "."
    return (
        f"{rng.choice(words['subjects'])} {rng.choice(_names(words))} {rng.choice(words['verbs'])} "
        f"{rng.choice(words['objects'])} {rng.choice(words['times'])} {rng.choice(words['links'])} "
        f"{rng.choice(_places(words))}."
    )


def _title(rng: random.Random, words: dict[str, Any]) -> str:
    """Specific, as real titles are: who, what, where, often a number."""
    subject = rng.choice(words["subjects"])
    obj = rng.choice(words["objects"])
    place = rng.choice(_places(words))
    name = rng.choice(_names(words))
    number = rng.choice(["", f" {rng.randint(2020, 2030)}", f" ({rng.randint(1, 99)})", f" – {rng.randint(2, 900)}"])
    shape = rng.random()
    if shape < 0.3:
        text = f"{place} : {name} {words['and']} {obj}{number}"
    elif shape < 0.6:
        text = f"{subject} {name} {rng.choice(words['verbs'])} {obj} {rng.choice(words['links'])} {place}{number}"
    else:
        text = f"{name} {rng.choice(words['verbs'])} {obj} {rng.choice(words['links'])} {place}{number}"
    return text[0].upper() + text[1:]


def _lead(rng: random.Random, words: dict[str, Any]) -> str:
    """A lead says who did what, where and when, then maybe adds context."""
    first = (
        f"{rng.choice(words['subjects'])} {rng.choice(_names(words))} {rng.choice(words['verbs'])} "
        f"{rng.choice(words['objects'])} {rng.choice(words['times'])} {rng.choice(words['links'])} "
        f"{rng.choice(_places(words))}, {words['with_n'].format(n=rng.randint(2, 500))}."
    )
    return " ".join([first] + [_sentence(rng, words) for _ in range(rng.randint(0, 2))])


def make_story(rng: random.Random, story_id: int, lang: str) -> Story:
    words = LANGS[lang]
    lead = _lead(rng, words)
    body = [" ".join(_sentence(rng, words) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(3, 9))]
    caption = " ".join(
        (
            rng.choice(_names(words)),
            rng.choice(words["verbs"]),
            rng.choice(words["objects"]),
            rng.choice(words["links"]),
        )
    )
    caption += " " + rng.choice(_places(words))
    return Story(
        id=story_id,
        lang=lang,
        title=_title(rng, words),
        subtitle=_title(rng, words) if rng.random() < 0.2 else None,
        lead=lead,
        dateline=_dateline(rng, words, lang),
        body=body,
        caption=caption,
        credit=rng.choice(words["credits"]),
    )


def _extra_body(story: Story, scale: int, seed: int) -> list[str]:
    """``scale - 1`` times the story's body paragraphs again, new ones, drawn from a
    generator of their own: every other draw of the corpus (teasers, layout, variants)
    stays that of scale 1, and a re-scrape of the story gets the same paragraphs."""
    if scale <= 1:
        return []
    rng = random.Random(f"{seed}:{story.id}")
    words = LANGS[story.lang]
    return [
        " ".join(_sentence(rng, words) for _ in range(rng.randint(2, 5))) for _ in range(len(story.body) * (scale - 1))
    ]


def _typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    w = words[i]
    k = rng.randint(1, len(w) - 2)
    words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    return " ".join(words)


def _apostrophes(rng: random.Random, text: str) -> str:
    return text.replace("’", "'") if "’" in text else text.replace("'", "’")


def _join_caption(caption: str, credit: str) -> str:
    return f"{caption} {credit}" if credit.startswith("(") else f"{caption}. {credit}"


def _address(story: Story) -> str:
    """The address of a story's page, as its site writes it (a slug of its title)."""
    folded = unicodedata.normalize("NFKD", story.title.casefold())
    slug = "-".join("".join(c if c.isascii() and c.isalnum() else " " for c in folded).split()[:12])
    return f"https://{story.lang}.vietnamplus.vn/{slug}-post{story.id}.vnp"


def _caption_over_credit(caption: str, credit: str) -> list[str]:
    """A caption and its credit on the line below it."""
    return [caption if credit.startswith("(") else f"{caption}.", credit]


def teaser_lines(rng: random.Random, story: Story) -> list[str]:
    """One occurrence of a teaser of ``story``, varied; its lines in order."""
    head, title, summary_lines, _ = teaser_parts(rng, story)
    return [*head, title, *summary_lines]


def teaser_parts(rng: random.Random, story: Story) -> tuple[list[str], str, list[str], tuple[str, str] | None]:
    """:func:`teaser_lines` as (image lines, title, summary lines), and the caption
    and credit of the image line when it has them."""
    words = LANGS[story.lang]
    title, summary = story.title, story.lead
    if rng.random() < 0.15:  # truncated summary
        cut = summary.split(" ")
        summary = " ".join(cut[: max(6, len(cut) * 2 // 3)]).rstrip(",.;") + rng.choice(["...", "…", " ..."])
    if rng.random() < 0.15:
        summary = _apostrophes(rng, summary)
        title = _apostrophes(rng, title)
    if rng.random() < 0.08:
        summary = _typo(rng, summary)
    if rng.random() < 0.05:
        title = _typo(rng, title)
    credit = story.credit if rng.random() < 0.7 else rng.choice(words["credits"])
    shape = rng.random()
    image: tuple[str, str] | None = None
    if shape < 0.08:
        head: list[str] = []  # no image
    elif shape < 0.13:
        head = [title]  # the image's caption is the title
    else:
        head = [_join_caption(story.caption, credit)]
        image = (story.caption, credit)
    summary_lines = [summary]
    sentences = summary.split(". ")
    if rng.random() < 0.08 and len(sentences) > 1:  # summary over two lines
        summary_lines = [sentences[0] + ".", ". ".join(sentences[1:])]
    return head, title, summary_lines, image


def render(
    rng: random.Random,
    story: Story,
    teasers: list[Story],
    file_id: str,
    quotes: list[str],
    *,
    headerless: bool,
    unsigned: bool = False,
    extra_body: list[str] | None = None,
    variations: random.Random | None = None,
    recrawl: random.Random | None = None,
    recrawl_later: random.Random | None = None,
    recrawl_latest: random.Random | None = None,
) -> tuple[str, Truth]:
    words = LANGS[story.lang]
    truth = Truth(id=file_id, story=story.id, lang=story.lang)
    raw: list[str] = []
    parts: list[tuple[str, bool]] = []  # (text, is_content): a raw line holds one or more

    def content(line: str) -> None:
        line = _written(words, line)
        raw.append(line)
        parts.append((line, True))

    def boiler(line: str) -> None:
        line = _written(words, line)
        raw.append(line)
        parts.append((line, False))

    def boiler_block(lines: list[str]) -> None:
        """Lines of boilerplate with no blank between them ("<caption><br>Photo: VNA")."""
        written = [_written(words, line) for line in lines]
        raw.append("\n".join(written))
        parts.extend((line, False) for line in written)

    site = _SiteVariations(variations, story, unsigned or headerless)
    shapes = _RecrawlShapes(recrawl)
    # Shapes added later draw from a generator of their own: the files keep the others.
    later = _RecrawlShapes(recrawl_later)
    latest = _RecrawlShapes(recrawl_latest)  # the shapes added after the later ones
    credit_below, linked, url_lines = later.credit_below(), later.linked_titles(), later.url_lines()

    content(story.title)
    if story.subtitle:
        content(story.subtitle)
    content(story.lead)
    body = list(story.body)
    if rng.random() < 0.25:
        body.insert(rng.randint(1, len(body)), words["quote_open"] + rng.choice(quotes) + words["quote_close"])
    signature = rng.choice(words.get("signatures") or (SIGNATURES_VI if story.lang == "vi" else AGENCY_SIGNATURES))
    if unsigned:
        signature = ""  # with no header either, only the corpus can tell
    split_signature = site.split_signature(signature)
    ending = "" if split_signature else signature
    body[-1] = body[-1].rstrip(".") + ("." if not signature.startswith(".") else "") + ending
    first = story.dateline + body[0]
    content(first)
    glued_caption: str | None = None  # the image line, glued to the next paragraph
    image_rows: list[tuple[int, bool]] = []  # the raw lines of images, and whether the body is glued to one
    if rng.random() < 0.85:
        marker = rng.choice(["ảnh 1", "ảnh 1", "ảnh 1", "hinh anh 1", "- ảnh 1"])
        after = "" if rng.random() < 0.05 else _join_caption(story.caption, story.credit)
        image = f"{story.title} {marker}{' ' if after and shapes.spaced_marker() else ''}{after}"
        if after and not extra_body and len(body) > 1 and site.glues(story.credit) and not credit_below:
            glued_caption = image
        elif after and credit_below:
            # A site without image markers, its credit under the caption.
            boiler_block(_caption_over_credit(story.caption, story.credit))
        else:
            boiler(image)
            image_rows.append((len(raw) - 1, False))
    for paragraph in extra_body or ():  # no draws: the rest of the file is that of scale 1
        content(paragraph)
    label_at = site.label_position(len(body))
    link_at, link = site.link_line(words, teasers, len(body))
    embed_at = later.embed_position(len(body))
    for k, paragraph in enumerate(body[1:], start=2):
        if k == label_at:
            for line in site.label(words):
                boiler(line)
        if k == link_at:
            boiler(link)
        if k == embed_at:
            boiler(later.embed())
        if glued_caption is not None:
            raw.append(_written(words, f"{glued_caption} {paragraph}"))
            image_rows.append((len(raw) - 1, True))
            parts.extend([(_written(words, glued_caption), False), (_written(words, paragraph), True)])
            glued_caption = None
        else:
            content(paragraph)
        if rng.random() < 0.08:
            caption = f"{rng.choice(_names(words))} {rng.choice(words['objects'])}"
            boiler(f"{story.title} ảnh {k}{_join_caption(caption, story.credit)}")
            image_rows.append((len(raw) - 1, False))
    if split_signature:
        boiler(split_signature)
    for line in site.tag_line(words):
        boiler(line)
    if rng.random() < 0.05:
        boiler(rng.choice(words["share"]))
    if rng.random() < 0.03:
        boiler("{keywords}")
    if rng.random() < 0.03:
        boiler(rng.choice(["VNA", "– VNA", "(VNA)"]))
    if teasers:
        invisible = shapes.invisible_inside()
        counted, kickers, reading = later.header_count(), later.kickers(), later.reading_times()
        more_link = latest.more_link(words)  # "Lire la suite" in every item: (under the title?, the link)
        emphasis = latest.caption_emphasis()  # "*Légende. Photo : VNA*"
        if not headerless:
            header = shapes.decorated(rng.choice(words["headers"]))
            if counted:
                header = f"{header.rstrip()} ({len(teasers)})"
            boiler(header.replace(" ", "\u200b") if invisible else header)
        links_only = not headerless and site.links_only()
        separator, dated, marks = shapes.separator(), shapes.date(), shapes.list_marks()
        second_header = None if headerless else shapes.second_header(len(teasers))
        for k, t in enumerate(teasers):
            head, title, summary_lines, pictured = teaser_parts(rng, t)  # drawn either way: the rest stays as it was
            if k == second_header:
                boiler(shapes.decorated(shapes.choice(words["headers"])))
            if separator:
                boiler(separator)
            under = [dated] if dated else []
            written = _soft_hyphens(title) if invisible else title
            if linked:
                written = f"[{written}]({_address(t)})"
            shown = marks.format(k=k + 1, t=written) if marks else written
            if url_lines:
                under.insert(0, _address(t))
            if reading:
                under.append(words["reading_time"].format(n=later.rng_int(2, 12)))
            if credit_below and not links_only and pictured is not None:
                boiler_block(_caption_over_credit(*pictured))
                head = []
            section = [later.choice(words["sections"])] if kickers and not links_only else []
            if emphasis and pictured is not None:
                head = [f"{emphasis}{line}{emphasis}" for line in head]
            link_under: list[str] = []
            link_after: list[str] = []
            if more_link is not None and not links_only:
                (link_under if more_link[0] else link_after).append(more_link[1])
            item = [*head, *section, shown, *under, *link_under, *summary_lines, *link_after]
            for line in [shown] if links_only else item:
                boiler(line)
            truth.teasers.append(t.id)
    if rng.random() < 0.03:
        boiler(rng.choice(words["stray"]))
    elif rng.random() < 0.03 and not headerless:
        boiler(rng.choice(words["headers"]).strip()[:4])

    for line in shapes.footer():
        boiler(line)

    truth.content = [text for text, is_content in parts if is_content]
    truth.boilerplate = [text for text, is_content in parts if not is_content]
    suffix = later.title_suffix()
    if suffix:
        raw[0] += suffix  # the page's <title>: the headline stays the content
    page_source = later.html_references()  # drawn last, as each shape added later is
    if page_source:
        raw = [_as_page_source(line) for line in raw]
    below = latest.markdown_images()
    if below is not None:
        for row, glued in image_rows:
            # A caption glued to the body stays glued to its image: a conversion that
            # kept the caption's break would have kept the body's.
            raw[row] = _MARKER_LINE.sub(_markdown_image("" if glued else below), raw[row], count=1)
    if shapes.invisible_line_ends():
        raw = [line + "\u200b" for line in raw]
    wrap_at = latest.wrap_width()
    # A text dump's tool decodes the page's references; and it breaks Chinese anywhere
    # by display width, which textwrap (breaking at blanks) does not imitate.
    if words.get("unspaced"):
        wrap_at = None
    if wrap_at is not None and not page_source:
        # A text dump: every line wrapped, and a blank line between paragraphs.
        raw = ["\n".join(textwrap.fill(part, wrap_at) for part in line.split("\n")) for line in raw]
    return _layout(rng, raw, apart=wrap_at is not None and not page_source), truth


# An image line of the body: its alt text (the title), the marker, the caption.
_MARKER_LINE = re.compile(r"^(?P<alt>[^\n]+?) (?P<marker>(?:- )?(?:ảnh|hinh anh) \d+)(?P<rest>[^\n]*)")


def _markdown_image(below: str) -> str:
    """The replacement for _MARKER_LINE: the image with the marker in its alt text, then
    ``below`` and the caption."""
    return rf"![\g<alt> \g<marker>](https://img.vietnamplus.vn/2025/01/09/a.jpg){below}\g<rest>"


def _as_page_source(line: str) -> str:
    """``line`` as a page's source writes it: what a scraper that took the source for
    the text leaves. The truth keeps the characters."""
    return html.escape(line).replace("\u00a0", "&nbsp;").replace("\u2019", "&rsquo;").replace("«", "&laquo;")


def _soft_hyphens(title: str) -> str:
    """A soft hyphen in the middle of each word of 8 to 20 characters (a title of a
    script written without blanks is one word, and keeps none)."""
    return " ".join(
        f"{word[: len(word) // 2]}\u00ad{word[len(word) // 2 :]}" if 8 <= len(word) <= 20 else word
        for word in title.split(" ")
    )


# Credits whose end a reader can tell inside a line: parenthesised, or naming an agency.
_CERTAIN_CREDIT = re.compile(r"^[(（]|[:/]\s*(?:VNA|TTXVN|VGP|qdnd\.vn)\b")


class _SiteVariations:
    """The shapes of ``--site-variations``, each drawn from its own generator (none when
    they are off), so that adding them leaves every other draw of the file as it was."""

    def __init__(self, rng: random.Random | None, story: Story, unsigned: bool) -> None:
        self.rng = rng
        self.story = story
        self.unsigned = unsigned

    def _draw(self, probability: float) -> bool:
        return self.rng is not None and self.rng.random() < probability

    def split_signature(self, signature: str) -> str | None:
        """The signature on a line of its own (a dash and an agency), or None."""
        if self.unsigned or not signature.lstrip().startswith(("–", "-")) or not self._draw(0.08):
            return None
        return signature.strip()

    def glues(self, credit: str) -> bool:
        """Whether the first image's caption loses its line break before the body."""
        return bool(_CERTAIN_CREDIT.search(credit.replace("\u00a0", " "))) and self._draw(0.1)

    def label_position(self, paragraphs: int) -> int | None:
        """Before which body paragraph (numbered from 2) a link label stands, if any."""
        if paragraphs < 3 or not self._draw(0.12):
            return None
        assert self.rng is not None
        return self.rng.randint(2, paragraphs)

    def label(self, words: dict[str, Any]) -> list[str]:
        """'Read more' in the body, over an image of the body half of the time."""
        assert self.rng is not None
        header = self.rng.choice(words["headers"]).strip()
        if self.rng.random() < 0.5:
            return [header]
        caption = f"{self.rng.choice(_names(words))} {self.rng.choice(words['objects'])}"
        return [header, _join_caption(caption, self.story.credit)]

    def link_line(self, words: dict[str, Any], teasers: list[Story], paragraphs: int) -> tuple[int | None, str]:
        """A header and another story's title on one line, before a body paragraph."""
        if not teasers or paragraphs < 3 or not self._draw(0.08):
            return None, ""
        assert self.rng is not None
        header = self.rng.choice(words["headers"]).strip().rstrip(" :")
        separator = self.rng.choice([": ", " : ", " » ", " >> ", " - "])
        return self.rng.randint(2, paragraphs), f"{header}{separator}{self.rng.choice(teasers).title}"

    def links_only(self) -> bool:
        """Whether the list under the header gives the teasers' titles alone."""
        return self._draw(0.06)

    def tag_line(self, words: dict[str, Any]) -> list[str]:
        if not self._draw(0.08):
            return []
        assert self.rng is not None
        tags = self.rng.sample(_places(words), 2) + self.rng.sample(_names(words), self.rng.randint(0, 2))
        return [f"{self.rng.choice(words['tags'])} {', '.join(tags)}"]


class _RecrawlShapes:
    """The shapes of ``--recrawl-shapes``, from a generator of their own (none when they
    are off), as for :class:`_SiteVariations`."""

    def __init__(self, rng: random.Random | None) -> None:
        self.rng = rng

    def _draw(self, probability: float) -> bool:
        return self.rng is not None and self.rng.random() < probability

    def choice(self, items: list[str]) -> str:
        assert self.rng is not None
        return self.rng.choice(items)

    def spaced_marker(self) -> bool:
        """A blank between the image marker and the caption."""
        return self._draw(0.15)

    def decorated(self, header: str) -> str:
        if not self._draw(0.1):
            return header
        return self.choice(["## {}", "**{}**", "[{}]", "{} →", "► {}"]).format(header.strip())

    def separator(self) -> str | None:
        """A separator line before every teaser of the list."""
        return self.choice(["---", "* * *", "•••"]) if self._draw(0.05) else None

    def date(self) -> str | None:
        """A date under every teaser's title."""
        if not self._draw(0.05):
            return None
        assert self.rng is not None
        day, month, hour = self.rng.randint(1, 28), self.rng.randint(1, 12), self.rng.randint(0, 23)
        return self.choice(["{d:02d}/{m:02d}/2025 {h:02d}:30", "2025-{m:02d}-{d:02d}", "{d}/{m}/2025"]).format(
            d=day, m=month, h=hour
        )

    def list_marks(self) -> str | None:
        """How every title of the list is marked: a bullet, a number, Markdown."""
        return self.choice(["• {t}", "{k}. {t}", "**{t}**", "### {t}"]) if self._draw(0.05) else None

    def second_header(self, teasers: int) -> int | None:
        """Before which teaser a second header stands inside the list."""
        if teasers < 3 or not self._draw(0.05):
            return None
        assert self.rng is not None
        return self.rng.randint(1, teasers - 1)

    def footer(self) -> list[str]:
        if not self._draw(0.08):
            return []
        return [self.choice(["© VNA 2025", "Copyright © 2025 VNA", "© Vietnam News Agency"])]

    def invisible_line_ends(self) -> bool:
        return self._draw(0.05)

    def linked_titles(self) -> bool:
        """Every title of the list as a Markdown link, "[title](https://...)"."""
        return self._draw(0.04)

    def url_lines(self) -> bool:
        """The address of each teaser's article on a line under its title."""
        return self._draw(0.03)

    def embed_position(self, paragraphs: int) -> int | None:
        """Before which paragraph of the body an embedded video's address stands."""
        if paragraphs < 3 or not self._draw(0.04):
            return None
        assert self.rng is not None
        return self.rng.randint(2, paragraphs)

    def embed(self) -> str:
        assert self.rng is not None
        video = "".join(
            self.rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789_-") for _ in range(11)
        )
        return self.choice(
            ["https://www.youtube.com/watch?v={}", "https://youtu.be/{}", "<https://vimeo.com/{}>"]
        ).format(video)

    def title_suffix(self) -> str:
        """The site's name after the title, as a page's <title> carries it."""
        if not self._draw(0.05):
            return ""
        return self.choice(
            [" | VietnamPlus", " | Vietnam+ (VietnamPlus)", " - VNA", " – VietnamPlus", " | Politique | VNA"]
        )

    def more_link(self, words: dict[str, Any]) -> tuple[bool, str] | None:
        """A link to the teaser's article in every item, under its title (True) or
        after its summary: "Lire la suite »"."""
        if not self._draw(0.05):
            return None
        assert self.rng is not None
        return self.rng.random() < 0.5, self.choice(words["more_links"])

    def caption_emphasis(self) -> str:
        """The marks a conversion to Markdown puts around every caption of a list (its
        <em> or <strong>), or none."""
        return self.choice(["*", "_", "**"]) if self._draw(0.05) else ""

    def markdown_images(self) -> str | None:
        """The body's images as a conversion to Markdown writes them: what stands
        between an image and its caption ("" glued, or a line break); None: not so."""
        return self.choice(["", "\n"]) if self._draw(0.05) else None

    def wrap_width(self) -> int | None:
        """The width a text dump wraps every line at (html2text: 78), or None."""
        return self.rng_int(60, 100) if self._draw(0.03) else None

    def html_references(self) -> bool:
        """The whole file with HTML character references (``&#x27;``, ``&amp;``, ``&nbsp;``)."""
        return self._draw(0.03)

    def reading_times(self) -> bool:
        """Each teaser's reading time under its title ("5 min de lecture")."""
        return self._draw(0.03)

    def rng_int(self, low: int, high: int) -> int:
        assert self.rng is not None
        return self.rng.randint(low, high)

    def kickers(self) -> bool:
        """The section's name over each teaser (under its image): "Politique"."""
        return self._draw(0.04)

    def header_count(self) -> bool:
        """The count of the list's items after its header: "Voir plus (5)"."""
        return self._draw(0.04)

    def credit_below(self) -> bool:
        """Every image's credit on the line below its caption, and the body's images
        without a marker (a site that writes "<caption><br>Photo: VNA")."""
        return self._draw(0.05)

    def invisible_inside(self) -> bool:
        """Soft hyphens inside the long words of the teasers' titles, and a zero-width
        space for the header's blank (HTML's &shy; and &#8203;, left in by a scraper)."""
        return self._draw(0.05)


def _layout(rng: random.Random, lines: list[str], apart: bool = False) -> str:
    """``lines`` as a file; ``apart``: a blank line between them whatever is drawn."""
    separator = "\n" if rng.random() < 0.15 and not apart else "\n\n"
    if rng.random() < 0.1:
        lines = [line + "  " for line in lines]
    text = separator.join(lines) + ("\n" if rng.random() < 0.7 else "")
    if rng.random() < 0.1:
        text = unicodedata.normalize("NFD", text)
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    if rng.random() < 0.05:
        text = "\ufeff" + text
    return text


def _edit(rng: random.Random, story: Story) -> Story:
    """A re-scrape: the same story with one small edit."""
    body = list(story.body)
    i = rng.randrange(len(body))
    if rng.random() < 0.5:
        body[i] = _typo(rng, body[i])
    else:
        body[i] += " " + _sentence(rng, LANGS[story.lang])
    return Story(**{**story.__dict__, "body": body})


def generate(
    files: int,
    seed: int = 1,
    *,
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
    duplicate_rate: float = 0.04,
    headerless_rate: float = 0.06,
    body_scale: int = 1,
    site_variations: bool = False,
    recrawl_shapes: bool = False,
) -> Iterator[tuple[str, str, Truth]]:
    """Yield ``(file_id, text, truth)`` for a corpus of ``files`` files."""
    rng = random.Random(seed)
    stories_per_lang = {lang: [] for lang in set(languages)}  # type: dict[str, list[Story]]
    # More stories than files: some are only ever seen as teasers.
    total_stories = max(20, files + files // 4)
    quotes = {
        lang: [" ".join(_sentence(rng, LANGS[lang]) for _ in range(2)) for _ in range(10)]
        for lang in sorted(set(languages))
    }
    stories: list[Story] = []
    seen: set[str] = set()
    for sid in range(total_stories):
        story = make_story(rng, sid, rng.choice(languages))
        # Distinct stories have distinct titles and leads, as on a real site.
        while story.title in seen or story.lead in seen:
            story = make_story(rng, sid, story.lang)
        seen.update((story.title, story.lead))
        stories.append(story)
        stories_per_lang[story.lang].append(story)
    # Teasers are drawn with a heavy head: recent stories are teased under many articles.
    first_file_of_story: dict[int, str] = {}
    for n in range(files):
        file_id = f"{n // 1000:03d}/{n:06d}_{rng.getrandbits(32):08x}.txt"
        duplicate = bool(first_file_of_story) and rng.random() < duplicate_rate
        if duplicate:
            story_id = rng.choice(sorted(first_file_of_story))
            story = _edit(rng, stories[story_id])
        else:
            story = stories[n % total_stories]
        pool = stories_per_lang[story.lang]
        teased: list[Story] = []
        want = rng.randint(0, 10) if rng.random() > 0.05 else 0
        while len(teased) < min(want, len(pool) - 1):
            pick = pool[min(len(pool) - 1, int(rng.paretovariate(1.2)) - 1 + rng.randrange(3))]
            if rng.random() < 0.5:
                pick = rng.choice(pool)
            if pick.id != story.id and pick not in teased:
                teased.append(pick)
        headerless = len(teased) >= 2 and rng.random() < headerless_rate
        unsigned = headerless and rng.random() < 0.5
        text, truth = render(
            rng,
            story,
            teased,
            file_id,
            quotes[story.lang],
            headerless=headerless,
            unsigned=unsigned,
            extra_body=_extra_body(story, body_scale, seed),
            variations=random.Random(f"site:{seed}:{n}") if site_variations else None,
            recrawl=random.Random(f"recrawl:{seed}:{n}") if recrawl_shapes else None,
            recrawl_later=random.Random(f"recrawl-later:{seed}:{n}") if recrawl_shapes else None,
            recrawl_latest=random.Random(f"recrawl-latest:{seed}:{n}") if recrawl_shapes else None,
        )
        if duplicate:
            truth.duplicate_of_story_file = first_file_of_story[story.id]
        else:
            first_file_of_story.setdefault(story.id, file_id)
        yield file_id, text, truth


def write_corpus(
    out: Path,
    files: int,
    seed: int = 1,
    body_scale: int = 1,
    *,
    site_variations: bool = False,
    recrawl_shapes: bool = False,
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
) -> Path:
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    corpus = generate(
        files,
        seed,
        body_scale=body_scale,
        site_variations=site_variations,
        recrawl_shapes=recrawl_shapes,
        languages=languages,
    )
    with (out / "truth.jsonl").open("w", encoding="utf-8") as truth_file:
        for file_id, text, truth in corpus:
            path = docs / file_id
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            truth_file.write(json.dumps(truth.to_json(), ensure_ascii=False) + "\n")
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--body-scale", type=int, default=1, help="body paragraphs per article, times K")
    parser.add_argument(
        "--site-variations", action="store_true", help="add shapes of other sites and re-crawls (see above)"
    )
    parser.add_argument(
        "--recrawl-shapes", action="store_true", help="add what another crawler makes of the same pages (see above)"
    )
    parser.add_argument(
        "--languages",
        nargs="+",
        choices=sorted(LANGS),
        default=list(DEFAULT_LANGUAGES),
        help="the editions, drawn story by story; repeat one to draw it more often (default: %(default)s)",
    )
    args = parser.parse_args()
    write_corpus(
        args.out,
        args.files,
        args.seed,
        args.body_scale,
        site_variations=args.site_variations,
        recrawl_shapes=args.recrawl_shapes,
        languages=tuple(args.languages),
    )


if __name__ == "__main__":
    main()
