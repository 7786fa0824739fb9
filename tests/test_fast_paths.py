"""Shortcuts taken for speed decide as the rule they shortcut: checked against the rule
written plainly, on texts generated to hit the edges (accents, marks, compatibility
characters, odd blanks, letterless first tokens)."""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any, cast

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
import cleaner.text as text_module
from cleaner.dedup.config import DedupConfig
from cleaner.dedup.corpus import CorpusRun
from cleaner.dedup.records import ArticleIndex
from cleaner.dedup.shingles import ELLIPSIS_AT_END
from cleaner.dedup.titles import overlaps
from cleaner.dedup.words import words
from cleaner.profiles import detect_language, lexicon_for, load_profiles
from cleaner.rules.captions import find_image
from cleaner.rules.furniture import (
    _COMPOUND_WORDS,
    _MAX_LABEL_CHARS,
    _MAX_LABEL_WORDS,
    _MAX_STRAY_CHARS,
    _WORDS,
    find_furniture,
    is_share_label,
)
from cleaner.text import BLANKS, INVISIBLE, fold, fold_plainly, forget_folds, normalise
from tests.conftest import SEEDS

LEXICON = lexicon_for(None)
LABELS = sorted(LEXICON.share_words)


def share_label_plainly(text: str) -> bool:
    """The rule written plainly: fold the whole line, then every word is a label word,
    for one of the two ways of splitting it into words."""
    if len(text) > _MAX_LABEL_CHARS:
        return False
    for pattern in (_WORDS, _COMPOUND_WORDS):
        words = pattern.findall(fold(text))
        if 0 < len(words) <= _MAX_LABEL_WORDS and all(w in LEXICON.share_words for w in words):
            return True
    return False


_PIECES = st.one_of(
    st.sampled_from(LABELS),
    st.sampled_from(LABELS).map(str.upper),
    st.sampled_from(
        ["Partager", "Chia sẻ", "Mots-clés", "J’aime", "Suivez-nous", "E-mail", "Tags:", "(3)", "|", "-", "'"]
    ),
    st.sampled_from(["Le", "ministre", "Hà Nội", "đã", "Ünïcödé", "ß", "İstanbul", "ǅ", "Ⅻ", "²"]),
    st.sampled_from(["\u00a8", "\u0301", "\u00a0", "\u2003", "\u3000", "'", "’", "ﬁ", "…", "..."]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=4),
)
_BLANKS = st.sampled_from([" ", "  ", "\u00a0", "\u2003", "\t", ""])


@settings(max_examples=600)
@given(st.lists(st.tuples(_PIECES, _BLANKS), min_size=1, max_size=10))
def test_share_label_first_word_shortcut_decides_as_the_whole_line(parts: list[tuple[str, str]]) -> None:
    text = "".join(piece + blank for piece, blank in parts).strip()
    if not text:
        return
    assert is_share_label(text, LEXICON) == share_label_plainly(text)


def cut_header_plainly(text: str) -> bool:
    """``Voir pl``, written plainly: the folded line is a strict prefix of a header, of
    three characters at least (and the line no longer than a header line may be)."""
    key = fold(text).rstrip(" .…")
    return len(text) <= 60 and len(key) >= 3 and any(h != key and h.startswith(key) for h in LEXICON.headers)


HEADERS = sorted(LEXICON.headers)


@settings(max_examples=400)
@given(st.sampled_from(HEADERS), st.data())
def test_a_cut_header_is_a_prefix_of_a_header_as_written_plainly(header: str, data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(header) + 2))
    tail = data.draw(st.sampled_from(["", " ", "...", "…", " x", "s", "\u0301"]))
    for text in (header[:cut] + tail, header[:cut].upper() + tail, data.draw(_PIECES) + tail):
        text = text.strip()
        if text:
            assert LEXICON.is_cut_header(text) == cut_header_plainly(text)


STRAY = sorted(LEXICON.stray_words)


@settings(max_examples=300)
@given(
    st.sampled_from(STRAY),
    st.sampled_from(["", " ", "-", "– ", "(", "[", ". ", "—— "]),
    st.sampled_from(["", " ", ".", ":", ")", " ]", " ——"]),
    st.sampled_from([str, str.upper, str.title]),
)
def test_a_stray_word_with_its_punctuation_is_found_by_the_short_line_test(
    word: str, before: str, after: str, case: Any
) -> None:
    # Lines longer than _MAX_STRAY_CHARS are never folded for it: every stray word,
    # with the punctuation around it that the rule strips, fits well within.
    text = before + case(word) + after
    assert len(text) <= _MAX_STRAY_CHARS
    found = find_furniture(normalise(f"Titre\n\n{text}\n").paragraphs, LEXICON)
    assert [s.rule for spans in found.values() for s in spans] == ["F304"]


def test_share_label_examples() -> None:
    assert is_share_label("Partager  Tweet (3)", LEXICON)
    assert is_share_label("(3) Comments", LEXICON)  # a letterless first token is looked past
    assert not is_share_label("Partager la route", LEXICON)
    assert not is_share_label("Le ministre", LEXICON)


def test_labels_with_an_inner_apostrophe_or_hyphen_are_labels() -> None:
    # Listed in the profiles, and missed while words were split at every non-letter.
    for line in ("J'aime", "J’aime (12)", "Suivez-nous", "E-mail | Imprimer", "Partager - Tweet"):
        assert is_share_label(line, LEXICON), line
    for line in ("J'aime Hanoi", "Suivez-nous sur la route", "E-mail de la ministre"):
        assert not is_share_label(line, LEXICON), line


# Texts around the gated patterns: image markers in every case, the characters whose
# case folding changes length (ß, ﬁ, İ), credits, datelines, placeholder openers.
_MARKER_PIECES = st.one_of(
    st.sampled_from(["ảnh", "Ảnh", "ẢNH", "hình ảnh", "Hình Ảnh", "HINH ANH", "hinh anh", "anh", "ảnh hưởng"]),
    st.sampled_from(["1", "2", " 3", "12", "1.", "100%", ":", "-", "|", "—", "(", ")", "\n"]),
    st.sampled_from(["Photo: VNA", "(Photo: VNA)", "Ảnh: TTXVN", "Vientiane (VNA) –", "Hanoi (VNA) - ", "Source: AFP"]),
    st.sampled_from(["{{name}}", "{ name }", "[[ref]]", "%%CITY%%", "{", "[[", "%%", "[", "%"]),
    st.sampled_from(["ß", "SS", "ﬁ", "İ", "ǅ", "\u0301", "\u00a0", " ", "Le", "đã"]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=3),
)


@settings(max_examples=800)
@given(st.lists(_MARKER_PIECES, min_size=1, max_size=12))
def test_gated_searches_find_what_the_plain_pattern_finds(pieces: list[str]) -> None:
    text = "".join(pieces)

    def same(gated: regex.Match[str] | None, plain: regex.Match[str] | None) -> bool:
        found = [None if m is None else (m.span(), m.groupdict()) for m in (gated, plain)]
        return found[0] == found[1]

    every = [(m.span(), m.groupdict()) for m in LEXICON.any_image_marker.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in LEXICON.find_any_image_markers(text)] == every
    # Its markers without a blank after them are the plain pattern's, one for one.
    glued = [span for span, groups in every if groups["spaced"] is None]
    assert glued == [m.span() for m in LEXICON.image_marker.finditer(text)]
    assert same(LEXICON.find_placeholder(text), LEXICON.placeholder.search(text))
    assert same(LEXICON.find_glued_credit(text), LEXICON.glued_credit.search(text))


def test_gated_searches_examples() -> None:
    assert find_image("Toàn cảnh hội nghị. ẢNH 1Thủ tướng phát biểu.", LEXICON) is not None
    assert find_image("Chính sách này ảnh hưởng tới 3 triệu người.", LEXICON) is None
    assert LEXICON.find_placeholder("Posted in {{ city }} today") is not None
    glued = LEXICON.find_glued_credit("(Photo: VNA)Vientiane (VNA) – Laos said")
    assert glued is not None and glued.group("credit") == "VNA"


_LINE_PIECES = [
    *["a", " b ", "", "\r", "\n", "\r\n", "\n\r", "\t", "ảnh", "\u2028", "\x0c", "\x85"],
    *["\u200b", "\u200e", "\ufeff", "\u00ad", "c\u200bd"],  # invisible, at an edge or inside a word
]


def _strip_edges(line: str) -> str:
    """A line's edges, written plainly: blanks and invisible characters, in any mix."""
    edge = r"[\s\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069\u00ad]+"
    return regex.sub(f"^{edge}|{edge}$", "", line)


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=14))
def test_lines_are_split_at_crlf_cr_and_lf_only(pieces: list[str]) -> None:
    raw = "".join(pieces)
    lines = regex.split(r"\r\n|\r|\n", raw.removeprefix("\ufeff"))
    expected = [(number, _strip_edges(line)) for number, line in enumerate(lines, start=1) if _strip_edges(line)]
    normalised = normalise(raw)
    assert [(p.line, p.text) for p in normalised.paragraphs] == expected
    for p in normalised.paragraphs:  # the column of a paragraph's first character
        line = lines[p.line - 1]
        assert line[p.indent :].startswith(p.text)


def test_the_blanks_a_line_loses_are_those_of_str_strip() -> None:
    assert set(BLANKS) == {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(INVISIBLE) <= {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"}


def detect_language_plainly(text: str) -> str:
    """Language detection written plainly: every word of the sample, casefolded."""
    languages = [p for p in load_profiles() if p.kind == "language"]
    sample = text[:1500]
    words = regex.findall(r"\p{L}+", sample)
    letters = max(1, sum(map(len, words)))
    scripts = {"Han": r"\p{Han}", "Cyrillic": r"\p{Cyrillic}"}
    for profile in languages:
        if profile.script and len(regex.findall(scripts[profile.script], sample)) / letters > 0.3:
            return profile.name
    counts = Counter(w.casefold() for w in words)
    best, best_score = "und", 0
    for profile in languages:
        score = sum(counts[w] for w in profile.stopwords)
        if score > best_score:
            best, best_score = profile.name, score
    return best


_STOPWORDS = sorted({w for p in load_profiles() if p.kind == "language" for w in p.stopwords})


def _folds_to_its_kind(char: str) -> bool:
    # The one known difference: the words of the casefolded sample are counted, so the 28
    # characters that casefolding turns into a letter and a combining mark (İ, ǰ, some
    # Greek) or from a mark into a letter (U+0345 becomes ι) may split or join a word.
    letter = regex.fullmatch(r"\p{L}", char) is not None
    return all((regex.fullmatch(r"\p{L}", c) is not None) == letter for c in char.casefold())


@settings(max_examples=400)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_STOPWORDS),
            st.sampled_from(_STOPWORDS).map(str.upper),
            st.sampled_from(["Hà Nội", "président", "北京", "Москва", "l'armée", "2024", "_", "—", "ǅ", "ß"]),
            st.text(alphabet=st.characters(codec="utf-8").filter(_folds_to_its_kind), max_size=3),
        ),
        max_size=60,
    ),
    st.sampled_from([" ", "  ", ", ", "\n\n"]),
)
def test_detect_language_decides_as_written_plainly(words: list[str], blank: str) -> None:
    text = blank.join(words)
    assert detect_language(text) == detect_language_plainly(text)


_SUMMARY_ENDS = [".", "…", " ", "\u00a0", "\x1c", "\x85", "\n", "a", "ab", "\u2028", "\u200b"]


@settings(max_examples=600)
@given(st.lists(st.sampled_from(_SUMMARY_ENDS), max_size=12))
def test_ellipsis_searched_in_reverse_removes_what_a_forward_search_removes(pieces: list[str]) -> None:
    summary = "".join(pieces)
    assert ELLIPSIS_AT_END.sub("", summary, count=1) == regex.sub(r"\s*(?:\.{3,}|…)\s*$", "", summary)


# Tokens for fold: anything at all, and the characters that change length or spacing
# when folded (marks alone, compatibility forms, odd blanks, NUL, the apostrophes).
_FOLD_TOKENS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(
        [
            "\u0308",
            "a\u00a8b",
            "\u0301x",
            "İstanbul",
            "ǅ",
            "Ⅻ",
            "²",
            "ﬁ",
            "ＡＢＣ",
            "ß",
            "đĐ",
            "’`´ʼ′‘",
            "\x00",
            "x\x00y",
            "Voir\u200bplus",
            "Wei\u00adter\u00adle\u00adsen",
            "\u200d",
            "\u200b",
            "e\u00ad\u0301",
        ]
    ),
    st.sampled_from(["Le", "ministre", "Hà", "Nội", "L’Armée", "POPULAIRE"]),
)
_FOLD_BLANKS = st.sampled_from([" ", "  ", "\t", "\u00a0", "\u3000", "\n"])


@settings(max_examples=600)
@given(st.lists(st.tuples(_FOLD_TOKENS, _FOLD_BLANKS), max_size=12), st.sampled_from([2, 8, 1 << 14]))
def test_fold_word_by_word_is_the_fold_of_the_whole_text(parts: list[tuple[str, str]], kept: int) -> None:
    text = "".join(token + blank for token, blank in parts)
    fold_words = fold.__wrapped__  # past the cache of whole texts, to the words
    saved = text_module._FOLDED_WORDS_KEPT
    text_module._FOLDED_WORDS_KEPT = kept  # a small memory: emptied on the way
    try:
        assert fold_words(text) == fold_plainly(text)
        assert fold_words(text) == fold_plainly(text)  # now from the words it keeps
    finally:
        text_module._FOLDED_WORDS_KEPT = saved


def test_fold_examples() -> None:
    assert fold("L’Armée  POPULAIRE de Hà Nội") == "l'armee populaire de ha noi"
    assert fold("a\u00a8b \u0308 x") == "a b x"  # a compatibility blank splits, a lone mark goes
    assert fold("x\x00y  Đà") == "x\x00y da"


@given(st.text(max_size=40), st.integers(0, 40), st.sampled_from(sorted(INVISIBLE)))
def test_fold_drops_invisible_characters_and_splits_at_a_zero_width_space(text: str, at: int, mark: str) -> None:
    # A soft hyphen inside a word, a joiner or a direction mark is not part of the words
    # compared: a teaser title or a header with one is the same as without. A zero-width
    # space is where a word may break: a blank that shows nothing ("Voir\u200bplus").
    at = min(at, len(text))
    shown = " " if mark == "\u200b" else ""
    assert fold(text[:at] + mark + text[at:]) == fold(text[:at] + shown + text[at:])
    assert fold("Voir\u200bplus") == fold("Voir plus") == "voir plus"
    assert fold("Wei\u00adter\u00adle\u00adsen") == "weiterlesen"


def test_cleaning_in_threads_gives_what_cleaning_one_by_one_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    # The caches of folded text are shared by the threads of a process, and the word
    # memory is emptied again and again here (a memory of 8 words): no result may change.
    # Copies whose every line ends in a word of its own: the cache of whole texts misses,
    # and the word memory meets new words all the time.
    texts = [
        "\n".join(f"{line} v{copy}" if line.strip() else line for line in path.read_text(encoding="utf-8").split("\n"))
        for copy in range(12)
        for path in SEEDS
    ]
    monkeypatch.setattr(text_module, "_FOLDED_WORDS_KEPT", 8)
    expected = [_cleaned_cold(text) for text in texts]
    forget_folds()
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns between almost any two bytecodes
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            found = list(pool.map(lambda text: cleaner.clean(text).text, texts))
    finally:
        sys.setswitchinterval(switch)
    assert found == expected
    assert len(set(found)) == len(texts)  # no two alike: a real comparison


def _cleaned_cold(text: str) -> str:
    forget_folds()
    return cleaner.clean(text).text


_TITLE_PIECES = st.sampled_from(["tin", "mới", "越南", "古", " ", "\u3000", "\t", "-", ""])


@settings(max_examples=400)
@given(st.lists(_TITLE_PIECES, max_size=6), st.lists(_TITLE_PIECES, max_size=6), st.booleans())
def test_an_exact_title_shortcut_decides_as_the_title_overlap(first: list[str], second: list[str], same: bool) -> None:
    """A teaser's candidate article with the very same title skips the word overlap:
    the same verdict as the overlap, blank titles included (the lead holds the summary
    here, so the title alone decides)."""
    title = "".join(first)
    article_title = title if same else "".join(second)
    config = DedupConfig()
    index = ArticleIndex.__new__(ArticleIndex)  # only what _agrees reads
    index.run = cast(CorpusRun, SimpleNamespace(title_keys=[article_title], lead_keys=["la tin chính"]))
    index.config = config
    expected = overlaps(words(title), words(article_title), config.teaser_title_overlap)
    assert index._agrees(title, ["tin", "chính"], 0) == expected
