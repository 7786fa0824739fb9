"""The benchmark corpora's generator: longer articles change nothing but the bodies, and
the site variations change nothing but what they add."""

from __future__ import annotations

import regex

from benchmarks.generate import DEFAULT_LANGUAGES, generate


def test_a_body_scale_lengthens_the_bodies_and_keeps_everything_else() -> None:
    plain = list(generate(60, seed=4))
    longer = list(generate(60, seed=4, body_scale=3))
    assert [file_id for file_id, _, _ in plain] == [file_id for file_id, _, _ in longer]
    for (_, _, truth), (_, _, long_truth) in zip(plain, longer, strict=True):
        assert (truth.story, truth.teasers, truth.boilerplate) == (
            long_truth.story,
            long_truth.teasers,
            long_truth.boilerplate,
        )
        assert set(truth.content) <= set(long_truth.content)
        assert len(long_truth.content) > len(truth.content)
    assert sum(len(t) for _, t, _ in longer) > 1.5 * sum(len(t) for _, t, _ in plain)


def test_site_variations_add_their_shapes_and_leave_the_rest_as_it_was() -> None:
    plain = list(generate(300, seed=4))
    varied = list(generate(300, seed=4, site_variations=True))
    assert [(f, t.story, t.teasers) for f, _, t in plain] == [(f, t.story, t.teasers) for f, _, t in varied]
    changed = [(p, v) for (_, p, _), (_, v, _) in zip(plain, varied, strict=True) if p != v]
    assert 0 < len(changed) < len(plain)
    tags = ("Mots-clés :", "Tags :", "Tags:", "Keywords:", "Etiquetas:", "Palabras clave:", "Từ khóa:")
    boilerplate = [b for _, _, t in varied for b in t.boilerplate]
    assert any(b.startswith(tags) for b in boilerplate)  # keywords lines
    assert any(b.strip() in ("– VNA", "- VNA", "-VNA", "-VOV/VNA", "- VNA/CVN", "– VNA/VNP") for b in boilerplate)
    # A caption glued to the next paragraph: one line of the file holds a boilerplate
    # and a content paragraph of the truth.
    glued = [
        (b, c) for _, text, t in varied for b in t.boilerplate for c in t.content if f"{b} {c}" in text and "ảnh" in b
    ]
    assert glued
    # A list of links: fewer teaser lines than without the variations, the same teasers.
    assert any(
        t.teasers and len(v.boilerplate) < len(t.boilerplate)
        for (_, _, t), (_, _, v) in zip(plain, varied, strict=True)
    )
    # A label in the body: a header with body paragraphs after it (an image between).
    headers = {"Voir plus", "À lire aussi", "See more", "Read more", "Related news", "Ver más", "Xem thêm"}
    assert any(_label_in_body(text, t.content, headers) for _, text, t in varied)


def _label_in_body(text: str, content: list[str], headers: set[str]) -> bool:
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    body = set(content)
    return any(line in headers and body.intersection(lines[i + 1 : i + 3]) for i, line in enumerate(lines))


def test_the_chinese_edition_is_written_without_blanks_and_the_others_do_not_change() -> None:
    # The default editions are drawn as before (the benchmark corpora stay byte-identical).
    assert list(generate(50, seed=4)) == list(generate(50, seed=4, languages=DEFAULT_LANGUAGES))
    chinese = list(generate(60, seed=4, languages=("zh",)))
    paragraphs = [c for _, _, t in chinese for c in t.content + t.boilerplate]
    han = regex.compile(r"\p{Han}")
    assert all(t.lang == "zh" for _, _, t in chinese)
    assert not any(regex.search(r"\p{Han} +\p{Han}", p) for p in paragraphs)
    assert any(p.endswith("。") for p in paragraphs) and not any(
        regex.search(r"\p{Han}\.(?!\.)", p) for p in paragraphs
    )
    assert sum(1 for p in paragraphs if han.search(p)) > 0.9 * len(paragraphs)
    assert any(text.splitlines()[2].startswith("越通社") for _, text, _ in chinese)  # "越通社河内11月10日电"
    russian = list(generate(30, seed=4, languages=("ru",)))
    assert all(regex.search(r"\p{Cyrillic}", text) for _, text, _ in russian)


def test_recrawl_shapes_add_their_shapes_and_leave_the_rest_as_it_was() -> None:
    plain = list(generate(300, seed=4, site_variations=True))
    shaped = list(generate(300, seed=4, site_variations=True, recrawl_shapes=True))
    assert [(f, t.story, t.teasers, t.content) for f, _, t in plain] == [
        (f, t.story, t.teasers, t.content) for f, _, t in shaped
    ]
    texts = [text for _, text, _ in shaped]
    assert 0 < sum(p != s for (_, p, _), s in zip(plain, texts, strict=True)) < len(plain)
    boilerplate = {b.strip() for _, _, t in shaped for b in t.boilerplate}
    assert boilerplate & {"---", "* * *", "•••"}  # separators between teasers
    assert any(regex.fullmatch(r"[\d/: -]+", b) for b in boilerplate)  # dates under titles
    assert any(b.startswith(("##", "**", "[", "►")) or b.endswith("→") for b in boilerplate)  # decorated headers
    assert any("©" in b for b in boilerplate)  # copyright footers
    assert any(regex.match(r"(?:• |\d\. |\*\*|### )\S", b) for b in boilerplate)  # titles marked as list items
    assert any("\u200b\n" in text or text.endswith("\u200b") for text in texts)  # invisible line ends
    assert any(regex.search(r"ảnh 1 \S", text) for text in texts)  # a blank after the marker
