"""Properties that hold for any input: nothing is lost, spans are well formed, cleaning
is idempotent, and no input makes it raise."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cleaner
from benchmarks.generate import make_story, render
from cleaner.text import normalise

LANGS = ("fr", "en", "es", "vi")


@st.composite
def generated_articles(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """A scraped article with its ground truth (content and boilerplate paragraphs)."""
    rng: random.Random = draw(st.randoms(use_true_random=False))
    lang = draw(st.sampled_from(LANGS))
    story = make_story(rng, 0, lang)
    teased = [make_story(rng, i, lang) for i in range(1, draw(st.integers(0, 6)) + 1)]
    text, truth = render(
        rng, story, teased, "doc.txt", ["Une citation qui revient."], headerless=draw(st.booleans()) and bool(teased)
    )
    return text, truth.content, truth.boilerplate


def assert_well_formed(raw: str, article: cleaner.Article) -> None:
    source = normalise(raw).text
    assert article.source == source
    previous_end = 0
    for removal in article.removed:
        assert 0 <= removal.start < removal.end <= len(source)
        assert removal.start >= previous_end, "spans overlap or are not sorted"
        previous_end = removal.end
    complement = []
    cursor = 0
    for removal in article.removed:
        complement.append(source[cursor : removal.start])
        cursor = removal.end
    complement.append(source[cursor:])
    assert "".join(complement) == article.text, "kept text is not the source minus whole spans"
    pieces = [(r.start, source[r.start : r.end]) for r in article.removed]
    assert cleaner.rebuild(article.text, pieces) == source


@given(generated_articles())
def test_generated_article_rebuilds_exactly(case: tuple[str, list[str], list[str]]) -> None:
    raw, _, _ = case
    assert_well_formed(raw, cleaner.clean(raw))


@given(generated_articles())
def test_generated_article_keeps_content_and_drops_boilerplate(case: tuple[str, list[str], list[str]]) -> None:
    raw, content, boilerplate = case
    kept = cleaner.clean(raw).paragraphs
    nfc = [unicodedata.normalize("NFC", p).strip() for p in content]
    assert kept == nfc
    for paragraph in boilerplate:
        assert unicodedata.normalize("NFC", paragraph).strip() not in kept or paragraph in content


@given(generated_articles())
def test_cleaning_clean_text_changes_nothing(case: tuple[str, list[str], list[str]]) -> None:
    once = cleaner.clean(case[0])
    twice = cleaner.clean(once.text)
    assert twice.text == once.text
    assert twice.removed == []


_LINES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "Voir plus",
            "See more",
            "VNA",
            "- VNA",
            "Photo: VNA",
            "{keywords}",
            "source",
            "Titre ảnh 1",
            "Titre ảnh 2Légende. Photo : VNA",
            "Partager",
            "Xem th",
            "./.",
            "(Photo: VNA)Hanoi (VNA) – Texte.",
            "Hanoi (VNA) – Le corps. – VNA",
            "« Citation »",
            # HTML character references, escaped once or twice or broken off.
            "Voir&nbsp;plus",
            "L&#39;arm&eacute;e &amp; la &amp;#39;nation&amp;",
            "&amp;amp;lt;",
            "&#x4E2D;&#0;&#xD800;&bogus;&",
            "&amp",
            "©",
            "Copyright 2025 VNA",
            "Photo:00",
        ]
    ),
)


@pytest.mark.parametrize(
    "last",
    ["0", "VOI", "VOIR PLUS", "Photo:00", "Partager"],
    ids=["content", "cut-header", "header", "credit-line", "share-label"],
)
def test_a_copyright_line_that_what_goes_below_brings_into_the_footer_goes_at_once(last: str) -> None:
    # Found by hypothesis: copyright lines were looked for among the last five lines of
    # the file, those that go included, so that one went only when the clean text was
    # cleaned again.
    raw = "\n".join(["Titre", "©", "©", "0", "0", "0", "0", last])
    once = cleaner.clean(raw)
    assert cleaner.clean(once.text).text == once.text
    # Over five lines that stay, the copyright lines are no footer's.
    assert ("©" in once.text) == (last == "0")


@given(st.lists(_LINES, max_size=25), st.sampled_from(["\n", "\n\n", "\r\n", "\r"]))
def test_any_text_is_well_formed_and_idempotent(lines: list[str], separator: str) -> None:
    raw = separator.join(lines)
    article = cleaner.clean(raw)
    assert_well_formed(raw, article)
    assert cleaner.clean(article.text).text == article.text


@given(st.text())
def test_arbitrary_unicode_never_raises(raw: str) -> None:
    article = cleaner.clean(raw)
    assert_well_formed(raw, article)
    cleaner.explain(raw)


def test_every_removal_is_charged_to_a_rule_and_a_line() -> None:
    raw = "Titre\n\nChapeau.\n\nCorps. - VNA\n\nVoir plus\n\nLégende. Photo: VNA\n\nAutre titre\n\nRésumé."
    article = cleaner.clean(raw)
    assert [(r.rule, r.line) for r in article.removed] == [("T201", 7), ("T202", 9)]
    assert article.source[article.removed[0].start : article.removed[1].end] == (
        "\n\nVoir plus\n\nLégende. Photo: VNA\n\nAutre titre\n\nRésumé."
    )
