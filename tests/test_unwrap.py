"""Text wrapped at a fixed width (html2text, lynx or w3m dumps): its lines joined back
into paragraphs, and nothing else taken for such a text."""

from __future__ import annotations

import random
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cleaner
from benchmarks.generate import make_story, render
from cleaner.unwrap import unwrapped_lines, wrap_width
from tests.conftest import SEED_NAMES, gold_text, seed_text
from tests.test_lossless import assert_well_formed
from tests.test_variations import gold_teasers, teaser_titles


def wrapped(text: str, width: int) -> str:
    """``text`` as a text dump writes it: each paragraph wrapped, a blank line between."""
    paragraphs = [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    return "\n\n".join(textwrap.fill(p, width) for p in paragraphs) + "\n"


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("width", [50, 60, 72, 78, 80, 100])
def test_a_wrapped_seed_cleans_as_the_seed(name: str, width: int) -> None:
    raw = wrapped(seed_text(name), width)
    assert wrap_width(raw.split("\n")) == max(len(line) for line in raw.split("\n"))
    article = cleaner.clean(raw)
    # The words: a double blank that the wrapping broke at is one blank when joined.
    assert article.text.split() == gold_text(name).split()
    assert teaser_titles(article) == [t["title"] for t in gold_teasers(name)]
    assert_well_formed(raw, article)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_seed_is_no_wrapped_text(name: str) -> None:
    for text in (seed_text(name), gold_text(name), seed_text(name).replace("\n\n", "\n")):
        assert wrap_width(text.split("\n")) is None


@given(st.randoms(use_true_random=False), st.sampled_from(["fr", "en", "es", "vi", "zh", "ru"]), st.booleans())
def test_a_generated_article_is_no_wrapped_text(rng: random.Random, lang: str, single_breaks: bool) -> None:
    story = make_story(rng, 0, lang)
    teased = [make_story(rng, i, lang) for i in range(1, 5)]
    text, _ = render(rng, story, teased, "doc.txt", ["Une citation."], headerless=False)
    if single_breaks:
        text = text.replace("\n\n", "\n")
    assert wrap_width(text.replace("\r\n", "\n").split("\n")) is None


_SENTENCE = [
    "Le",
    "Vietnam",
    "et",
    "le",
    "Laos",
    "renforcent",
    "leur",
    "coopération",
    "dans",
    "la",
    "défense",
    "et",
    "la",
    "sécurité",
    "maritime",
]


@given(st.lists(st.integers(3, len(_SENTENCE)), min_size=5, max_size=len(_SENTENCE), unique=True))
def test_short_paragraphs_are_no_wrapped_text(words: list[int]) -> None:
    # Paragraphs of a line each, shorter than any width, a word or more apart in length
    # as prose is: only the longest can look full (the next one's first word would not
    # have fitted after it), and one full line is too few to tell a wrapped text.
    paragraphs = [" ".join(_SENTENCE[:n]) + "." for n in words]
    for separator in ("\n", "\n\n"):
        assert wrap_width(separator.join(paragraphs).split("\n")) is None


def test_the_joins() -> None:
    lines = [
        "Le Premier ministre a reçu la délégation du partenariat Vietnam-",  # a hyphen's break
        "France au siège du gouvernement, à Hanoï, le matin du 9 janvier,",
        "avec les représentants des deux pays. Photo\u00a0: VNA",
        "",
        "* un point de la liste qui reste une ligne à part, long comme elle",
        "* un second point",
        "越南政府总理阮文年审议了双边经济合作在正式访问期间在首尔。当地企业范明政会见了文化旅游本周在广宁的代表团成员和地方领导人11月2",
        "6日下午在河内。",
    ]
    joined = unwrapped_lines(lines, 66)
    assert joined == [
        (
            1,
            "Le Premier ministre a reçu la délégation du partenariat Vietnam-France au siège du "
            "gouvernement, à Hanoï, le matin du 9 janvier, avec les représentants des deux pays. Photo\u00a0: VNA",
        ),
        (4, ""),
        (5, "* un point de la liste qui reste une ligne à part, long comme elle"),
        (6, "* un second point"),
        (
            7,
            "越南政府总理阮文年审议了双边经济合作在正式访问期间在首尔。当地企业范明政会见了文化旅游本周在广宁的代表团成员和地方领导人11月26日下午在河内。",
        ),
    ]


def test_columns_count_from_the_first_line_of_a_joined_paragraph() -> None:
    raw = wrapped(seed_text(SEED_NAMES[0]), 60)
    article = cleaner.clean(raw)
    first_lines = {n for n, line in enumerate(raw.split("\n"), start=1) if line.strip()}
    assert all(r.line in first_lines for r in article.removed)


def test_a_signature_the_wrapping_moved_down_stays_with_its_paragraph() -> None:
    body = "Le Vietnam et le Laos renforcent leur coopération dans la défense et la sécurité. " * 8
    paragraphs = ["Le Vietnam et le Laos", "Le chapeau de l'article.", body.strip() + " - VNA"]
    # A width at which the wrapping puts the signature on a line of its own.
    width = next(w for w in range(50, 100) if textwrap.wrap(paragraphs[2], w)[-1] == "- VNA")
    raw = "\n\n".join(textwrap.fill(p, width) for p in paragraphs) + "\n"
    article = cleaner.clean(raw)
    assert article.paragraphs == paragraphs and article.removed == []
