"""Shortcuts taken for speed decide as the rule they shortcut: checked against the rule
written plainly, on texts generated to hit the edges (accents, marks, compatibility
characters, odd blanks, letterless first tokens)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.profiles import lexicon_for
from cleaner.rules.furniture import _COMPOUND_WORDS, _MAX_LABEL_CHARS, _MAX_LABEL_WORDS, _WORDS, is_share_label
from cleaner.text import fold

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
