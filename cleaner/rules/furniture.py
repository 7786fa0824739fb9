"""Page furniture that survived the scrape: labels, placeholders, lone signatures."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

import regex

from cleaner.profiles import MAX_HEADER_CHARS, Lexicon
from cleaner.rules import Span
from cleaner.rules.list_marks import list_item_text
from cleaner.rules.teasers import is_link_line
from cleaner.text import Paragraph, fold

_WORDS = regex.compile(r"\p{L}+", regex.V1)
# Labels such as "J'aime", "Suivez-nous" or "E-mail" are one word with an inner
# apostrophe or hyphen (fold() makes every apostrophe a plain one).
_COMPOUND_WORDS = regex.compile(r"\p{L}+(?:['\-‐]\p{L}+)*", regex.V1)
_MAX_LABEL_WORDS = 8
_MAX_LABEL_CHARS = 120  # longer lines are prose: not worth folding
# A stray word ("source", "Nguồn") is one word: a longer line is something else, and most
# short lines of a page (titles, captions) need not be folded to learn it.
_MAX_STRAY_CHARS = 40


def is_share_label(text: str, lexicon: Lexicon) -> bool:
    """A line made only of share/comment/tag labels (and counts such as ``(3)``): its
    words, split at every non-letter ("Partager | Tweet") or kept whole across inner
    apostrophes and hyphens ("J'aime", "Suivez-nous"), are all label words."""
    if len(text) > _MAX_LABEL_CHARS:
        return False
    labels = lexicon.share_words
    # Most short lines are prose whose first word is no label word: decided on the first
    # blank-separated token alone. Exact: fold() maps a text token by token, and neither
    # kind of word runs across a blank, so the first word of the folded line is that of
    # the folded first token, if it has a letter.
    first_token = fold(text.split(None, 1)[0])
    first = _WORDS.search(first_token, concurrent=False)
    if first is not None and first.group() not in labels:
        compound = _COMPOUND_WORDS.search(first_token, concurrent=False)
        if compound is None or compound.group() not in labels:
            return False
    folded = fold(text)
    return _all_labels(_WORDS.findall(folded, concurrent=False), labels) or _all_labels(
        _COMPOUND_WORDS.findall(folded, concurrent=False), labels
    )


# A link's label is a few words; as a Markdown link, its address comes with it.
_MAX_MORE_LINK_CHARS = 300


def is_more_link(text: str, lexicon: Lexicon) -> bool:
    """A link to the rest of an article alone on its line, as a list shows one under each
    teaser or a page under a cut article: "Lire la suite »", "[Continue reading](…)".
    In a teaser list it goes with the item (it is furniture inside it), not into its
    summary, and the item around it parses as it would without it."""
    if len(text) > _MAX_MORE_LINK_CHARS:
        return False
    if text[:1] == "[" and "](" in text:
        text = list_item_text(text)
    return lexicon.is_more_link(text)


def _all_labels(words: list[str], labels: Collection[str]) -> bool:
    return 0 < len(words) <= _MAX_LABEL_WORDS and all(w in labels for w in words)


# A keywords line: "Tags: économie, commerce | Vietnam". Its items are short and none is
# a sentence; the line is short.
_MAX_TAG_LINE_CHARS = 300
_MAX_TAG_OPENING = 24  # characters enough to hold any tag label
_MAX_TAG_WORDS = 6
_MAX_TAG_CHARS = 60
_TAG_SEPARATORS = regex.compile(r"\s*[,;|、，；#]\s*|\s+#", regex.V1)
_SENTENCE_END = regex.compile(r"[.!?…。！？](?:\s|$)", regex.V1)


def is_tag_line(text: str, lexicon: Lexicon) -> bool:
    """A label that introduces the page's keywords, then the keywords: "Tags: a, b"."""
    if len(text) > _MAX_TAG_LINE_CHARS or not text[:_MAX_TAG_OPENING].casefold().startswith(lexicon.tag_openings):
        return False
    line = lexicon.tag_line.match(text, concurrent=False)
    if line is None:
        return False
    tags = [t for t in _TAG_SEPARATORS.split(line.group("tags"), concurrent=False) if t]
    return (
        bool(tags)
        and _SENTENCE_END.search(line.group("tags"), concurrent=False) is None
        and all(len(t) <= _MAX_TAG_CHARS and len(t.split()) <= _MAX_TAG_WORDS for t in tags)
    )


# A separator: a horizontal rule as a conversion to text or Markdown writes it ("---",
# "* * *", "•••", "___"), three marks at least and nothing else. Not dots: "..." alone
# is the writer's.
_SEPARATOR_MARKS = "-–—_*=~•·#+"
_SEPARATOR = regex.compile(rf"(?:[{regex.escape(_SEPARATOR_MARKS)}]\s*){{3,}}", regex.V1)
_MAX_SEPARATOR_CHARS = 80
# A date or a time as a page prints it beside a story ("26/10/2025 14:30", "2025-10-26",
# "14h30"), in numbers: month names are the language's, and a line of them is rarer.
_DATE_OR_TIME = regex.compile(
    r"(?<!\d)(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[:hH]\d{2}(?::\d{2})?"
    r"(?:\s*[AaPp][Mm])?|GMT\s*[+-]\s*\d{1,2})(?!\d)",
    regex.V1,
)
_MAX_TIMESTAMP_CHARS = 60
_DIGIT = re.compile(r"\d")  # the standard engine: a quick first test of short lines
# Around the numbers, a few words ("Publié le", "Cập nhật:", "Thứ Hai,"): no more, and
# none with a digit ("26/10/2025 : 30 %" is a line of figures).
_MAX_TIMESTAMP_WORDS = 4
_TIMESTAMP_PUNCTUATION = regex.compile(r"[,|()\[\]:\-–—/•·]", regex.V1)


# A story's reading time as a list or a page prints it ("5 min read", "3 phút đọc",
# "阅读 3 分钟"): a number of minutes, and a few words at most (in any of the editions).
_READING_TIME = regex.compile(
    r"(?<!\d)\d{1,3}\s*(?:min(?:ute)?s?|minutos?|phút|分钟|分鐘|мин(?:ут[аы]?)?\.?)(?![\p{L}\d])",
    regex.V1 | regex.IGNORECASE,
)
_READING_WORDS = regex.compile(
    r"(?:de\s+)?lecture|(?:to\s+)?read(?:ing)?(?:\s+time)?|de\s+lectura|lectura|đọc|thời\s+gian\s+đọc|"
    r"阅读(?:时间)?|閱讀|чтени[яе]|время\s+чтения|temps\s+de\s+lecture|tiempo\s+de\s+lectura",
    regex.V1 | regex.IGNORECASE,
)
_MAX_READING_TIME_CHARS = 40


def is_reading_time_line(text: str) -> bool:
    """
    >>> is_reading_time_line("5 min de lecture"), is_reading_time_line("Les 5 minutes de silence")
    (True, False)
    """
    if len(text) > _MAX_READING_TIME_CHARS or _DIGIT.search(text) is None:
        return False
    rest, found = _READING_TIME.subn(" ", text, concurrent=False)
    if found != 1:
        return False
    rest = _READING_WORDS.sub(" ", rest, concurrent=False)
    return _DIGIT.search(rest) is None and not _WORDS.search(rest, concurrent=False)


def _time_line(text: str) -> str | None:
    """Why a short line is a time alone on a line (F307), if it is one."""
    if is_timestamp_line(text):
        return "date or time on its own line"
    if is_reading_time_line(text):
        return "reading time on its own line"
    return None


def is_separator_line(text: str) -> bool:
    return len(text) <= _MAX_SEPARATOR_CHARS and _SEPARATOR.fullmatch(text, concurrent=False) is not None


# The mark of a list's item alone on a line, its text on the next ("1." / "Title"): what
# a conversion of an ordered list to text can give. Nothing else, no word.
_LONE_LIST_MARK = re.compile(r"\d{1,2}[.)]|[•·▪‣►▶]")
_MAX_LONE_MARK_CHARS = 3


def is_lone_list_mark(text: str) -> bool:
    """
    >>> is_lone_list_mark("1."), is_lone_list_mark("12)"), is_lone_list_mark("2025."), is_lone_list_mark("1.5")
    (True, True, False, False)
    """
    return len(text) <= _MAX_LONE_MARK_CHARS and _LONE_LIST_MARK.fullmatch(text) is not None


def is_timestamp_line(text: str) -> bool:
    """A date or time on a line of its own, with a few words around it at most."""
    if len(text) > _MAX_TIMESTAMP_CHARS or _DIGIT.search(text) is None:
        return False
    rest, found = _DATE_OR_TIME.subn(" ", text, concurrent=False)
    if not found:
        return False
    rest = _TIMESTAMP_PUNCTUATION.sub(" ", rest, concurrent=False)
    return _DIGIT.search(rest) is None and len(rest.split()) <= _MAX_TIMESTAMP_WORDS


# A page footer's copyright line ("© VNA 2025", "Copyright © 2025 Vietnam News Agency.
# All rights reserved."): the sign, "Copyright" with the sign or a year, or a profile's
# words for "all rights reserved"; besides them and the years, a name at most.
_COPYRIGHT = regex.compile(r"©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4})", regex.V1)  # on folded text
_YEARS = regex.compile(r"\d{4}", regex.V1)
_MAX_COPYRIGHT_CHARS = 160
_MAX_COPYRIGHT_WORDS = 6
# A footer ends the page: only the last paragraphs are asked (after a list of teasers).
_FOOTER_PARAGRAPHS = 5


def is_copyright_line(text: str, lexicon: Lexicon) -> bool:
    if len(text) > _MAX_COPYRIGHT_CHARS or lexicon.copyright_hint.search(text.casefold()) is None:
        return False
    rest, signs = _COPYRIGHT.subn(" ", fold(text), concurrent=False)
    for phrase in lexicon.rights_reserved:
        if phrase in rest:
            rest, signs = rest.replace(phrase, " "), signs + 1
    if not signs:
        return False
    return len(_WORDS.findall(_YEARS.sub(" ", rest, concurrent=False), concurrent=False)) <= _MAX_COPYRIGHT_WORDS


# An address alone on a line: what a scrape leaves of an embedded post or video, or of a
# teaser's link. One token, no blank; "<...>" as Markdown writes an address.
_URL_LINE = re.compile(r"<?(?:https?://|www\.)[^\s<>]+>?")
_MAX_URL_CHARS = 500
_URL_STARTS = ("http://", "https://", "www.", "<http", "<www.")
# What introduces an address the text gives its readers ("Read the report at:").
_INTRODUCES = (":", "：")


def is_url_line(text: str) -> bool:
    """
    >>> is_url_line("https://www.youtube.com/watch?v=abc"), is_url_line("https://a.vn est fermé")
    (True, False)
    """
    return len(text) <= _MAX_URL_CHARS and text.startswith(_URL_STARTS) and _URL_LINE.fullmatch(text) is not None


# An image as a conversion to Markdown writes it: "![alt](address)", with a title in
# quotes at times; and a linked image, "[![alt](image)](link)". One or more on a line.
_MARKDOWN_IMAGE = re.compile(r'(?:\[?!\[[^\]\n]*\]\([^)\s]+(?:\s+"[^"\n]*")?\)(?:\]\([^)\s]+\))?\s*)+')
_MAX_IMAGE_LINE_CHARS = 1000


def is_image_line(text: str) -> bool:
    """
    >>> is_image_line("![Le Vietnam et Cuba ảnh 1](https://img.vietnamplus.vn/a.jpg)")
    True
    >>> is_image_line('![](/t.jpg) ![carte](/c.png "Carte")'), is_image_line("![](/t.jpg) Légende.")
    (True, False)
    """
    return len(text) <= _MAX_IMAGE_LINE_CHARS and _MARKDOWN_IMAGE.fullmatch(text) is not None


def find_furniture(paragraphs: Sequence[Paragraph], lexicon: Lexicon) -> dict[int, list[Span]]:
    """Furniture spans by paragraph index. The title (paragraph 0) is never furniture."""
    found: dict[int, list[Span]] = {}
    footer_from = len(paragraphs) - _FOOTER_PARAGRAPHS
    for p in paragraphs[1:]:
        text = p.text
        whole: Span | None = None
        if lexicon.find_placeholder(text):
            rest = lexicon.placeholder.sub(" ", text, concurrent=False)
            if not _WORDS.search(rest, concurrent=False) or is_share_label(rest, lexicon):
                whole = Span("F302", p.start, p.end, "template placeholder line")
            else:
                found[p.index] = [
                    Span("F302", p.start + m.start(), p.start + m.end(), "template placeholder")
                    for m in lexicon.placeholder.finditer(text, concurrent=False)
                ]
                continue
        elif is_share_label(text, lexicon):
            whole = Span("F301", p.start, p.end, "share/comment label")
        elif is_tag_line(text, lexicon):
            whole = Span("F301", p.start, p.end, "tag line")
        elif is_link_line(text, lexicon):
            # Not a list: a related link standing in the body, looked through as furniture is.
            whole = Span("T205", p.start, p.end, "teaser header and linked title on one line")
        elif len(text) <= _MAX_LABEL_CHARS and (
            lexicon.lone_signature.match(text, concurrent=False) or lexicon.byline.match(text, concurrent=False)
        ):
            whole = Span("F303", p.start, p.end, "signature or byline on its own line")
        # The lengths inline: most paragraphs are longer than any link's label.
        elif (len(text) <= MAX_HEADER_CHARS or text[0] == "[") and is_more_link(text, lexicon):
            whole = Span("F311", p.start, p.end, "link to the rest of an article")
        elif len(text) <= _MAX_STRAY_CHARS and fold(text).strip(" .:;,-–—()[]") in lexicon.stray_words:
            whole = Span("F304", p.start, p.end, "stray word on its own line")
        # Their first tests inline: nearly every paragraph gets this far, and fails them.
        elif text[0] in _SEPARATOR_MARKS and is_separator_line(text):
            whole = Span("F306", p.start, p.end, "separator line")
        elif len(text) <= _MAX_LONE_MARK_CHARS and is_lone_list_mark(text):
            whole = Span("F306", p.start, p.end, "list mark alone on a line")
        elif len(text) <= _MAX_TIMESTAMP_CHARS and (time := _time_line(text)) is not None:
            whole = Span("F307", p.start, p.end, time)
        elif p.index >= footer_from and len(text) <= _MAX_COPYRIGHT_CHARS and is_copyright_line(text, lexicon):
            whole = Span("F308", p.start, p.end, "copyright line")
        elif text[0] in "![" and is_image_line(text):
            whole = Span("F312", p.start, p.end, "image alone on a line (Markdown)")
        elif text[0] in "hw<" and is_url_line(text) and not paragraphs[p.index - 1].text.endswith(_INTRODUCES):
            # An address the line above introduces is the text's ("Read it at:").
            whole = Span("F309", p.start, p.end, "web address alone on a line")
        if whole is not None:
            found[p.index] = [whole]
    return found


def find_footer_copyrights(paragraphs: Sequence[Paragraph], lexicon: Lexicon, removed: Collection[int]) -> list[Span]:
    """The copyright lines among the last _FOOTER_PARAGRAPHS paragraphs that stay, once
    every other rule has spoken (``removed``: the paragraphs the rules take). Furniture
    finds those among the last paragraphs of the file; what goes below a copyright line
    (a header that ends the file, a credit, furniture) brings it into the footer of the
    clean text, where cleaning that text again would find it."""
    spans: list[Span] = []
    staying = 0
    for k in range(len(paragraphs) - 1, 0, -1):
        if staying >= _FOOTER_PARAGRAPHS:
            break
        p = paragraphs[k]
        if k in removed:
            continue
        if len(p.text) <= _MAX_COPYRIGHT_CHARS and is_copyright_line(p.text, lexicon):
            spans.append(Span("F308", p.start, p.end, "copyright line"))
        else:
            staying += 1
    return spans


# A title is a line; a longer first paragraph is something else.
_MAX_TITLE_CHARS = 300
# What is left of the title is a title still: a few characters at least.
_MIN_TITLE_LEFT = 6
# The longest suffix the pattern takes (Lexicon.title_suffix): a few names after pipes.
_MAX_SUFFIX_CHARS = 200
# Where a suffix can start: a pipe or a dash, found by the standard engine as a set of
# characters (a pattern opening with blanks made it try every position: 1 % of cleaning).
_SUFFIX_SEPARATOR = re.compile(r"[|｜\-–—]")
_NAME_AFTER_DASH = re.compile(r"\s*[^\W\d][^\n]{0,40}$")


def find_title_suffix(paragraphs: Sequence[Paragraph], lexicon: Lexicon) -> Span | None:
    """The site's name after the title ("Le Vietnam et le Laos | VietnamPlus"): a page's
    <title>, scraped for the headline. The title itself stays."""
    if not paragraphs or len(paragraphs[0].text) > _MAX_TITLE_CHARS:
        return None
    title = paragraphs[0]
    start = max(_MIN_TITLE_LEFT, len(title.text) - _MAX_SUFFIX_CHARS)
    # The pattern is tried where a separator stands only, leftmost first (as a search
    # would): tried at every position of the title, it cost 1 % of the cleaning.
    text = title.text
    for mark in _SUFFIX_SEPARATOR.finditer(text, start):
        at = mark.start()
        begin = at  # the blanks before the separator belong to the suffix
        while begin > 0 and text[begin - 1].isspace():
            begin -= 1
        # After a dash, a known name and nothing else: short, and no number ("… – 434");
        # a dash with no blank before it is a word's ("Vietnam-France").
        if mark.group() not in "|｜" and (begin == at or not _NAME_AFTER_DASH.match(text, at + 1)):
            continue
        suffix = lexicon.title_suffix.match(text, begin, concurrent=False)
        if suffix is not None:
            return Span("F310", title.start + suffix.start(), title.end, "site name after the title")
    return None


def find_cut_headers(paragraphs: Sequence[Paragraph], lexicon: Lexicon, removed: Collection[int]) -> list[Span]:
    """``Voir pl`` ending the file. Once it goes, the paragraph before it ends the file,
    so the whole trailing run of cut headers goes at once (cleaning is idempotent);
    paragraphs that other rules remove are looked through."""
    spans: list[Span] = []
    for p in reversed(paragraphs[2:]):
        if p.index in removed:
            continue
        if not lexicon.is_cut_header(p.text):
            break
        spans.append(Span("F305", p.start, p.end, "teaser header cut short at the end"))
    return spans
