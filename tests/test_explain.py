"""explain: every removal shown in place with its rule and reason; plain when piped."""

from __future__ import annotations

import io

import cleaner
from cleaner.explain_view import render_explanation
from tests.conftest import FIXTURES, seed_text
from tests.test_seeds import run_main

SEED = "004_0fb64fe6ce5f5458"


def test_library_explain_lists_each_removed_span_with_its_text() -> None:
    explanations = cleaner.explain(seed_text(SEED))
    article = cleaner.clean(seed_text(SEED))
    assert [(e.rule, e.line, e.start, e.end) for e in explanations] == [
        (r.rule, r.line, r.start, r.end) for r in article.removed
    ]
    assert explanations[0].rule == "C101"
    assert "ảnh 1Le président vietnamien" in explanations[0].text
    assert explanations[2].text.strip() == "Voir plus"
    assert all(e.reason for e in explanations)


def test_piped_explain_is_plain_text_with_marks() -> None:
    code, out, err = run_main(["explain", str(FIXTURES / "seeds" / f"{SEED}.txt")])
    assert (code, err) == (0, "")
    assert "\x1b[" not in out
    assert "[-Déclaration conjointe Vietnam-Russie" in out
    assert "-]{C101 image caption (marker 'ảnh 1')}" in out
    assert "[-Voir plus-]{T201 teaser-list header}" in out
    assert "Dà Nang (VNA) – Le président vietnamien" in out  # kept text is shown as is
    removals = len(cleaner.clean(seed_text(SEED)).removed)
    assert f"{removals} removals, 0 warnings" in out


def test_terminal_explain_uses_colour() -> None:
    buffer = io.StringIO()
    render_explanation("doc", cleaner.clean(seed_text(SEED)), buffer, color=True)
    assert "\x1b[" in buffer.getvalue()
    assert "C101" in buffer.getvalue()
