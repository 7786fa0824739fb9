"""Corpus deduplication: records, clusters, headerless blocks, links, duplicates,
determinism, and the quality floors on a generated corpus."""

from __future__ import annotations

import json
import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
from array import array
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from benchmarks.generate import write_corpus
from benchmarks.score import score
from cleaner.dedup import DedupConfig, dedup, forked, record_helper, seen_keys
from cleaner.dedup import corpus as corpus_module
from cleaner.dedup import extract as extract_module
from cleaner.dedup.corpus import CorpusRun, _flagged, _known_titles
from cleaner.dedup.engines import LocalEngine
from cleaner.dedup.extract import (
    Extract,
    Extractor,
    Task,
    TeaserOccurrence,
    key_digest,
    pack_rules,
    title_hash,
    unpack_rules,
)
from cleaner.dedup.known_titles import KnownTitles
from cleaner.dedup.minhash import Signer
from cleaner.dedup.occurrences import NO_CAPTION, OccurrenceLog
from cleaner.dedup.seen_keys import SeenKeys
from cleaner.dedup.shingles import (
    article_hashes,
    article_shingles,
    article_values,
    hash_array,
    teaser_hashes,
    teaser_key,
    teaser_shingles,
)
from cleaner.dedup.spill import StringSpill
from cleaner.dedup.title_only import end_keys, one_title, one_typo_apart
from cleaner.inputs import Document, ReadOptions
from cleaner.model import Article
from cleaner.pipeline import CleanOptions
from cleaner.rules import RULES
from cleaner.text import fold
from tests.conftest import FIXTURES
from tests.test_forked import NoFork
from tests.test_seeds import run_main

ARTICLE_KEYS = ["id", "title", "lead", "text", "lang", "captions", "teasers", "duplicate_of", "removed"]
TEASER_KEYS = ["id", "title", "summary", "caption", "credit", "count", "variants", "occurrences", "article"]


def page(
    n: int,
    body: str,
    teasers: list[tuple[str | None, str, str]],
    header: str | None = "Voir plus",
    signature: str = " – VNA",
) -> str:
    lines = [
        f"Titre de l’article numéro {n} sur la coopération",
        f"Le chapeau de l’article {n} résume les faits.",
        f"Hanoi (VNA) – {body}{signature}",
    ]
    if header:
        lines.append(header)
    for caption, title, summary in teasers:
        lines.extend([c for c in (caption, title, summary) if c])
    return "\n\n".join(lines) + "\n"


TEASER_A = (
    "Le ministre reçoit l’ambassadeur. Photo: VNA",
    "Le ministre reçoit l’ambassadeur du Japon à Hanoi",
    "Le ministre des Affaires étrangères a reçu mardi l’ambassadeur du Japon, venu présenter ses lettres.",
)
TEASER_B = (
    "Les délégués à la conférence. Photo : VNA",
    "Une conférence sur la sécurité maritime s’ouvre à Da Nang",
    "Plus de 300 délégués de vingt pays participent depuis lundi à une conférence sur la sécurité maritime.",
)


def read_outputs(out: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    articles = [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    teasers = [json.loads(line) for line in (out / "teasers.jsonl").read_text(encoding="utf-8").splitlines()]
    return articles, teasers, json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_dedup_command_writes_the_three_outputs_in_the_spec_schema(tmp_path: Path) -> None:
    code, out, err = run_main(["dedup", str(FIXTURES / "seeds"), "--out", str(tmp_path / "out")])
    assert (code, err) == (0, "")
    assert "cleaner dedup" in out  # the summary table
    articles, teasers, report = read_outputs(tmp_path / "out")
    assert [a["id"] for a in articles] == sorted(p.name for p in (FIXTURES / "seeds").glob("*.txt"))
    for article in articles:
        assert list(article) == ARTICLE_KEYS
        gold = (FIXTURES / "gold" / article["id"].replace(".txt", ".clean.txt")).read_text(encoding="utf-8")
        assert article["text"] == gold
        assert [t["position"] for t in article["teasers"]] == list(range(len(article["teasers"])))
        assert article["duplicate_of"] is None
    assert [t["id"] for t in teasers] == sorted(t["id"] for t in teasers)
    for teaser in teasers:
        assert list(teaser) == TEASER_KEYS
        assert teaser["id"].startswith("t-")
        assert teaser["count"] == len(teaser["occurrences"])
    # seeds 002 and 003 share some teasers: those are collapsed, not listed twice
    assert report["counts"]["teaser_occurrences"] == 40
    assert report["counts"]["teasers"] < 40 or len(teasers) == 40
    assert report["counts"]["documents"] == 5
    assert report["parameters"] == DedupConfig().to_json()


def test_variants_of_one_teaser_collapse_into_one_canonical_record() -> None:
    caption, title, summary = TEASER_A
    variants = [
        (caption, title, summary),
        (caption.replace("Photo: VNA", "Photo : VNA"), title, summary),
        (None, title, summary[:60].rstrip() + "..."),
        (caption, title.replace("’", "'"), summary.replace("’", "'")),
        (caption, title, summary.replace("ambassadeur", "ambassadaeur")),
        (title, title, summary),
    ]
    docs = [
        (f"d{n}.txt", page(n, f"Texte {n} du corps, tout à fait distinct des autres.", [v, TEASER_B]))
        for n, v in enumerate(variants)
    ]
    docs += [(f"e{n}.txt", page(10 + n, f"Autre texte {n}.", [(caption, title, summary)])) for n in range(3)]
    corpus = dedup(docs)
    by_title = {t["title"]: t for t in corpus.teasers}
    assert len(corpus.teasers) == 2
    record = by_title[title]
    assert record["summary"] == summary  # most frequent, untruncated
    assert record["caption"] == caption and record["credit"] == "VNA"
    assert record["count"] == 9
    assert record["variants"] == 4  # distinct texts: the credit and the image do not count
    assert by_title[TEASER_B[1]]["count"] == 6


def test_teaser_ids_do_not_depend_on_the_other_documents() -> None:
    one = dedup([("a.txt", page(1, "Corps un.", [TEASER_A]))]).teasers[0]["id"]
    two = dedup([("z.txt", page(2, "Corps deux.", [TEASER_B, TEASER_A])), ("b.txt", page(3, "Trois.", [TEASER_A]))])
    assert one in {t["id"] for t in two.teasers}


def test_a_caption_shared_by_two_teasers_is_the_caption_of_both() -> None:
    # Captions are spilled per variant (one caption can go with several teasers).
    shared = "Les deux dirigeants à Hanoi. Photo : VNA"
    a, b = (shared, *TEASER_A[1:]), (shared, *TEASER_B[1:])
    typo = (TEASER_A[0], TEASER_A[1], TEASER_A[2].replace("ambassadeur", "ambassadaeur"))
    docs = [(f"d{n}.txt", page(n, f"Corps {n}, distinct des autres.", [a, b])) for n in range(3)]
    docs.append(("e.txt", page(9, "Un autre corps.", [typo, (TEASER_B[0], *TEASER_B[1:])])))
    by_title = {t["title"]: t for t in dedup(docs).teasers}
    assert by_title[TEASER_A[1]]["caption"] == by_title[TEASER_B[1]]["caption"] == shared
    assert by_title[TEASER_A[1]]["count"] == by_title[TEASER_B[1]]["count"] == 4


def test_headerless_block_is_found_from_the_corpus_and_a_recurring_quote_is_kept() -> None:
    quote = "« La paix et la coopération sont les aspirations communes des peuples », a-t-il souligné."
    docs = [(f"h{n}.txt", page(n, f"Corps {n}.", [TEASER_A, TEASER_B])) for n in range(3)]
    # no header and no signature: only the corpus can tell; the quote recurs in bodies
    headerless = page(9, "Corps neuf.", [TEASER_A, TEASER_B], header=None, signature="")
    headerless = headerless.replace("Hanoi (VNA) – Corps neuf.", f"Hanoi (VNA) – Corps neuf.\n\n{quote}")
    docs.append(("x.txt", headerless))
    docs += [(f"q{n}.txt", page(20 + n, f"Corps {n}.\n\n{quote}\n\nSuite du corps {n}.", [])) for n in range(4)]
    corpus = dedup(docs)
    article = next(a for a in corpus.articles if a["id"] == "x.txt")
    assert article["text"].rstrip("\n").split("\n\n")[-1] == quote
    assert [r["rule"] for r in article["removed"]].count("T204") == 2
    assert len(article["teasers"]) == 2
    for a in corpus.articles:
        if a["id"].startswith("q"):
            assert quote in a["text"]
    assert corpus.report["counts"]["headerless_documents"] == 1
    # alone, the same page keeps its trailing teasers: there is no evidence
    assert TEASER_A[1] in cleaner.clean(headerless).text


def test_a_headerless_block_may_open_with_an_unknown_title_under_its_image() -> None:
    # The first item's image is captioned with its title, which no other file has (a
    # typo): the title twice is a teaser's shape, never a body's, so the block opens there.
    title = "Le ministre recoit les deleguees du forum economique"
    first = (title, title, "Le ministre a recu jeudi les deleguees du forum economique regional.")
    headerless = page(9, "Corps neuf.", [first, TEASER_A, TEASER_B], header=None, signature="")
    docs = [("x.txt", headerless), *((f"y{n}.txt", page(n, f"Corps {n}.", [TEASER_A, TEASER_B])) for n in range(2))]
    article = next(a for a in dedup(docs).articles if a["id"] == "x.txt")
    assert [r["rule"] for r in article["removed"]].count("T204") == 3
    assert title not in article["text"] and "Corps neuf." in article["text"]
    assert [t["position"] for t in article["teasers"]] == [0, 1, 2]


@pytest.mark.parametrize("mark", ["•", "• ", "1.", "1. "])
def test_a_headerless_block_whose_titles_are_marked_as_list_items_is_found(mark: str) -> None:
    # Bullets or numbers before the titles (glued to them, as Chinese writes them): the
    # titles are those that recur elsewhere, and the block is found by them.
    marked: list[tuple[str | None, str, str]] = [
        (caption, f"{mark}{title}", summary) for caption, title, summary in (TEASER_A, TEASER_B)
    ]
    headerless = page(9, "Corps neuf.", marked, header=None, signature="")
    other = page(1, "Corps un.", [TEASER_A, TEASER_B])
    article = next(a for a in dedup([("x.txt", headerless), ("y.txt", other)]).articles if a["id"] == "x.txt")
    assert [r["rule"] for r in article["removed"]].count("T204") == 2
    assert TEASER_A[1] not in article["text"] and "Corps neuf." in article["text"]


def test_one_other_file_carrying_the_titles_as_teasers_is_evidence_enough() -> None:
    # A teaser is announced by the few pages of the days after it: in a small corpus its
    # title recurs in one other file, and that file's list under a header is the evidence.
    headerless = page(9, "Corps neuf.", [TEASER_A, TEASER_B], header=None, signature="")
    other = page(1, "Corps un.", [TEASER_A, TEASER_B])
    article = next(a for a in dedup([("x.txt", headerless), ("y.txt", other)]).articles if a["id"] == "x.txt")
    assert [r["rule"] for r in article["removed"]].count("T204") == 2
    assert TEASER_A[1] not in article["text"] and "Corps neuf." in article["text"]
    # The same title and summary quoted in a body that goes on after them, to its
    # signature: no block of teasers runs to the end of the document, nothing is removed.
    suite = "\n\n".join(f"Suite {n} du corps dix, qui continue ici." for n in range(4))
    inside = page(10, f"Corps dix.\n\n{TEASER_A[1]}\n\n{TEASER_A[2]}\n\n{suite}", [], header=None)
    article = next(a for a in dedup([("x.txt", inside), ("y.txt", other)]).articles if a["id"] == "x.txt")
    assert not article["teasers"] and TEASER_A[1] in article["text"]


def test_teaser_points_to_its_article_whose_lead_is_kept() -> None:
    _, title, summary = TEASER_A
    full = f"{title}\n\n{summary}\n\nHanoi (VNA) – Le ministre a reçu l’ambassadeur. – VNA\n"
    docs = [("full.txt", full)] + [(f"p{n}.txt", page(n, f"Corps {n}.", [TEASER_A, TEASER_B])) for n in range(3)]
    corpus = dedup(docs)
    by_title = {t["title"]: t for t in corpus.teasers}
    assert by_title[title]["article"] == "full.txt"
    assert by_title[TEASER_B[1]]["article"] is None
    article = next(a for a in corpus.articles if a["id"] == "full.txt")
    assert article["lead"] == summary
    assert summary in article["text"]


def test_near_duplicate_articles_are_grouped() -> None:
    body = " ".join(f"Phrase numéro {i} du corps de l’article, qui parle de coopération régionale." for i in range(40))
    original = page(1, body, [TEASER_A])
    rescrape = page(1, body.replace("numéro 7 ", "numéro sept "), [TEASER_B], header="VOIR PLUS")
    other = page(2, " ".join(f"Une autre phrase {i} sur un tout autre sujet, la pêche." for i in range(40)), [TEASER_A])
    corpus = dedup([("b/rescrape.txt", rescrape), ("a/original.txt", original), ("c/other.txt", other)])
    dup = {a["id"]: a["duplicate_of"] for a in corpus.articles}
    assert dup == {"a/original.txt": None, "b/rescrape.txt": "a/original.txt", "c/other.txt": None}
    assert corpus.report["counts"]["duplicate_articles"] == 1


def test_dedup_has_no_state_between_calls() -> None:
    first = [("a.txt", page(1, "Corps un.", [TEASER_A, TEASER_B]))]
    second = [(f"b{n}.txt", page(n, f"Corps {n}.", [TEASER_B])) for n in range(3)]
    before = dedup(first)
    dedup(second)
    after = dedup(first)
    assert (before.articles, before.teasers) == (after.articles, after.teasers)


def test_library_accepts_dicts_and_keeps_their_fields() -> None:
    corpus = dedup([{"id": "x", "text": page(1, "Corps.", [TEASER_A]), "url": "https://example.org/x"}])
    assert corpus.articles[0]["url"] == "https://example.org/x"
    assert corpus.articles[0]["id"] == "x"
    with pytest.raises(ValueError, match="duplicate document id"):
        dedup([("x", "a\n"), ("x", "b\n")])


@given(st.lists(st.binary(min_size=1, max_size=12), min_size=0, max_size=40), st.integers(1, 2**31))
def test_bulk_signatures_equal_datasketch_update(shingles: list[bytes], seed: int) -> None:
    signer = Signer(64, seed)
    assert np.array_equal(signer.sign(hash_array(shingles)), signer.reference(shingles))


_WORDS = st.lists(st.sampled_from(["le", "ministre", "Hà", "Nội", "l'an", "2024", "đã", "x"]), max_size=45)


@given(_WORDS, _WORDS, st.integers(1, 4), st.integers(1, 40))
def test_vectorised_shingle_hashes_equal_the_reference_hash(
    title: list[str], summary: list[str], size: int, summary_words: int
) -> None:
    # The workers and the verification hash shingles in bulk (plain Python for teasers,
    # numpy for articles); the baselines and datasketch hash each shingle with hash32.
    key = teaser_key(" ".join(title), " ".join(summary))
    reference = hash_array(teaser_shingles(key, size, summary_words))
    assert np.array_equal(teaser_hashes(key, size, summary_words), reference)
    body = " ".join(title + summary)
    assert np.array_equal(article_hashes(body, size, 30), hash_array(article_shingles(body, size, 30)))
    # Articles are signed on their hashes in text order, repeats kept: the same signature.
    values = article_values(body, size, 30)
    assert np.array_equal(np.unique(values), article_hashes(body, size, 30))
    signer = Signer(64, 1)
    assert np.array_equal(signer.sign(values), signer.sign(article_hashes(body, size, 30)))


@given(st.lists(st.lists(st.integers(0, 2**32 - 1), max_size=40), max_size=6))
def test_signing_several_sets_at_once_equals_signing_each(sets: list[list[int]]) -> None:
    signer = Signer(64, 7)
    hash_sets = [np.array(sorted(set(values)), dtype=np.uint32) for values in sets]
    together = signer.sign_many(hash_sets)
    assert together.shape == (len(hash_sets), 64)
    for row, hashes in zip(together, hash_sets, strict=True):
        assert np.array_equal(row, signer.sign(hashes))


@pytest.mark.parametrize("num_perm", [64, 128])
@pytest.mark.parametrize("seed", [1, 2, 12345])
def test_permutations_are_datasketch_own(num_perm: int, seed: int) -> None:
    from datasketch import MinHash

    template = MinHash(num_perm=num_perm, seed=seed, scheme="affine32")
    assert np.array_equal(Signer(num_perm, seed)._permutations, template.permutations)
    assert Signer(num_perm, seed)._permutations.dtype == template.permutations.dtype


def test_a_teaser_text_is_signed_once_however_often_it_recurs(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []  # the signer's seed, once per text signed
    original, original_many = Signer.sign, Signer.sign_many

    def counting(self: Signer, hashes: np.ndarray) -> np.ndarray:
        calls.append(self.seed)
        return original(self, hashes)

    def counting_many(self: Signer, hash_sets: list[np.ndarray]) -> np.ndarray:
        calls.extend(self.seed for _ in hash_sets)
        return original_many(self, hash_sets)

    monkeypatch.setattr(Signer, "sign", counting)
    monkeypatch.setattr(Signer, "sign_many", counting_many)
    docs = [(f"d{n}.txt", page(n, f"Corps {n}.", [TEASER_A, TEASER_B])) for n in range(20)]
    dedup(docs)
    config = DedupConfig()
    assert calls.count(config.seed) == 2  # the teaser signer: two distinct teaser texts
    assert calls.count(config.seed + 1) == 20  # the article signer: one per article


def dedup_outputs(docs: Path, out: Path) -> tuple[bytes, bytes]:
    """The two outputs of ``cleaner dedup docs --out out``, which must succeed."""
    assert run_main(["dedup", str(docs), "--out", str(out), "-q"])[0] == 0
    return (out / "articles.jsonl").read_bytes(), (out / "teasers.jsonl").read_bytes()


def test_an_extractor_without_a_table_remembers_a_bounded_number_of_signed_keys(
    small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the run's table of signed texts (a Ray batch, the driver cleaning again),
    # an extractor remembers the keys it met lately: that must not grow with the corpus,
    # and forgetting a key (signing it again) must not change the outputs.
    remembered = dedup_outputs(small_corpus / "docs", tmp_path / "remembered")
    sizes: list[int] = []
    original = Extractor.extract

    def watched(self: Extractor, doc: Document, article: Article) -> Extract:
        result = original(self, doc, article)
        assert self.signed is not None
        sizes.append(len(self.signed))
        return result

    def without_table(self: LocalEngine, documents: int) -> Extractor:
        if self._extractor is None:
            self._extractor = Extractor(self.config, self.options, self.read, self.keep_source)
        return self._extractor

    monkeypatch.setattr(extract_module, "SIGNED_MEMORY", 8)
    monkeypatch.setattr(Extractor, "extract", watched)
    monkeypatch.setattr(LocalEngine, "_here", without_table)
    assert dedup_outputs(small_corpus / "docs", tmp_path / "forgetful") == remembered
    assert max(sizes) <= 2 * 8  # two generations
    assert len(sizes) >= 400


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_full_table_of_signed_texts_signs_texts_again_with_the_same_outputs(
    small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    # The table has a fixed number of slots for the run (memory that does not grow as
    # the run goes on); when it is full, a text is signed again when met again.
    expected = dedup_outputs(small_corpus / "docs", tmp_path / "roomy")
    received: list[int] = []
    original = CorpusRun._add_teasers

    def counted(self: CorpusRun, number: int, extract: Extract) -> None:
        received.append(len(extract.new_signatures))
        original(self, number, extract)

    monkeypatch.setattr(seen_keys, "_MIN_SLOTS", 16)
    monkeypatch.setattr(seen_keys, "_MAX_SLOTS", 16)
    monkeypatch.setattr(CorpusRun, "_add_teasers", counted)
    out = tmp_path / "full"
    assert run_main(["dedup", str(small_corpus / "docs"), "--out", str(out), "-q", "--jobs", str(jobs)])[0] == 0
    assert ((out / "articles.jsonl").read_bytes(), (out / "teasers.jsonl").read_bytes()) == expected
    texts = json.loads((out / "report.json").read_text())["counts"]["teaser_texts"]
    assert sum(received) > 2 * texts  # most texts signed at every occurrence


def test_a_text_no_worker_signed_is_signed_by_the_driver(
    small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The workers' shared table of signed texts takes a text for signed when another
    # shares its fingerprint (odds of 10^-9 a run): here every text, so no worker signs
    # any, and the driver signs them all at the clustering. The same outputs.
    expected = dedup_outputs(small_corpus / "docs", tmp_path / "signed")
    monkeypatch.setattr(SeenKeys, "seen_or_add", lambda self, digest: True)
    out = tmp_path / "unsigned"
    assert run_main(["dedup", str(small_corpus / "docs"), "--out", str(out), "-q", "--jobs", "2"])[0] == 0
    assert ((out / "articles.jsonl").read_bytes(), (out / "teasers.jsonl").read_bytes()) == expected


def test_a_variant_whose_signature_row_was_not_known_when_first_met_finds_it_by_its_key(
    small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each variant keeps the row of its signature from its first occurrence, so the
    # clustering need not digest every key again; one met before its signature (none in
    # this pipeline, but the index and the re-cleaning add signatures their own ways)
    # finds it by its key's digest. Every variant so here: the same outputs.
    expected = dedup_outputs(small_corpus / "docs", tmp_path / "known")

    class RowsNotKnownYet(dict[int, int]):
        def get(self, key: int, default: Any = None) -> Any:
            return default

    original = CorpusRun.__post_init__

    def forgetful(self: CorpusRun) -> None:
        original(self)
        self.signature_row = RowsNotKnownYet()

    monkeypatch.setattr(CorpusRun, "__post_init__", forgetful)
    assert dedup_outputs(small_corpus / "docs", tmp_path / "looked up") == expected


def test_an_extract_crosses_a_pipe_whole(tmp_path: Path) -> None:
    # Extracts travel from the workers pickled (their own reduction, not the default
    # for slots): every field must come back equal, and a new field must not be missed.
    path = tmp_path / "d1.txt"
    path.write_text(page(1, "Corps.", [TEASER_A, TEASER_B]), encoding="utf-8")
    extractor = Extractor(DedupConfig(), CleanOptions(), ReadOptions(), keep_source=True)
    extract = extractor(Task("d1.txt", str(path)))
    assert extract.teasers and extract.new_signatures and extract.rules and extract.source
    # Each teaser carries its key's digest, made in the worker (the driver finds
    # variants and signatures by it); the two teasers' keys differ, so do their digests.
    assert [t.digest for t in extract.teasers] == [key_digest(t.key) for t in extract.teasers]
    assert len({t.digest for t in extract.teasers}) == len({t.key for t in extract.teasers}) > 1
    failed = Extract("gone.txt", error="gone.txt: cannot read")
    for original in (extract, failed):
        copy = pickle.loads(pickle.dumps(original, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(copy) is Extract
        assert [getattr(copy, f) for f in Extract.__dataclass_fields__] == [
            getattr(original, f) for f in Extract.__dataclass_fields__
        ]
        assert all(type(t) is TeaserOccurrence for t in copy.teasers)


def test_documents_are_cleaned_again_by_the_workers_of_the_first_cleaning(tmp_path: Path) -> None:
    # Headerless blocks are found by cleaning a document again with the corpus's teaser
    # titles: the pool that cleaned the corpus does it (no fork of the driver, no idle
    # core), and gives what one process gives.
    docs = [(f"d{n}.txt", page(n, f"Corps {n}.", [TEASER_A, TEASER_B])) for n in range(6)]
    headerless = page(9, "Corps neuf.", [TEASER_A, TEASER_B], header=None, signature="")
    docs.append(("x.txt", headerless))
    tasks = []
    for name, text in docs:
        (tmp_path / name).write_text(text, encoding="utf-8")
        tasks.append(Task(name, str(tmp_path / name)))
    known = KnownTitles(title_hash(fold(t[1])) for t in (TEASER_A, TEASER_B))
    config, options, read = DedupConfig(), CleanOptions(), ReadOptions()
    engine = LocalEngine(config, options, read, jobs=2)
    try:
        first = list(engine.extract(tasks))
        pool = engine._pool
        assert pool is not None
        again = list(engine.reclean(tasks, known))
        assert engine._pool is pool  # the same workers
        engine.finish_documents()
        assert engine._pool is None
    finally:
        engine.close()
    here = Extractor(config, options, read)
    expected = [here(task, lambda folded: title_hash(folded) in known) for task in tasks]

    def cleaned(extract: Extract) -> tuple[object, ...]:
        # What cleaning gives; which texts a process signs depends on what it met before.
        return extract.id, extract.head, extract.removed, extract.teasers, extract.article_signature

    assert [cleaned(e) for e in again] == [cleaned(e) for e in expected]
    assert not first[-1].teasers and again[-1].teasers  # the block needed the evidence


@given(
    titles=st.lists(st.integers(0, 5), min_size=1, max_size=8),  # a few values: variants share titles
    rows=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 6)), max_size=60),
    min_evidence=st.integers(1, 4),
)
def test_known_titles_are_those_seen_as_teasers_in_enough_files(
    titles: list[int], rows: list[tuple[int, int]], min_evidence: int
) -> None:
    log = OccurrenceLog()
    for variant, document in rows:
        log.add(variant % len(titles), document, 0, 1, NO_CAPTION)
    run: Any = SimpleNamespace(variant_titles=array("I", [t * 2_654_435_761 % 2**32 for t in titles]), occurrences=log)
    files: dict[int, set[int]] = {}
    for variant, document in zip(log.variant, log.document, strict=True):
        files.setdefault(run.variant_titles[variant], set()).add(document)
    expected = {title for title, documents in files.items() if len(documents) >= min_evidence}
    assert set(_known_titles(run, min_evidence)) == expected


@given(
    known=st.lists(st.integers(0, 2**32 - 1), max_size=30),
    asked=st.lists(st.integers(-5, 2**32 + 5), max_size=30),
)
def test_known_titles_hold_their_hashes_and_travel_whole(known: list[int], asked: list[int]) -> None:
    titles = KnownTitles(known)
    again = pickle.loads(pickle.dumps(titles))
    assert list(titles) == list(again) == sorted(set(known))
    for value in asked + known:
        assert (value in titles) is (value in again) is (value in set(known))
    in_range = np.array([v for v in asked + known if 0 <= v < 2**32], dtype=np.uint32)
    assert titles.among(in_range).tolist() == [int(v) in set(known) for v in in_range]


@given(
    tails=st.lists(st.lists(st.integers(0, 9), max_size=4), max_size=12),
    known=st.lists(st.integers(0, 9), max_size=5),
    failed=st.sets(st.integers(0, 11)),
)
def test_flagged_documents_are_those_whose_tail_holds_a_known_title(
    tails: list[list[int]], known: list[int], failed: set[int]
) -> None:
    starts = array("Q", [0])
    for tail in tails:
        starts.append(starts[-1] + len(tail))
    run: Any = SimpleNamespace(
        tail_hashes=array("I", [h for tail in tails for h in tail]),
        tail_starts=starts,
        ok=[n not in failed for n in range(len(tails))],
    )
    expected = [n for n, tail in enumerate(tails) if n not in failed and set(tail) & set(known)]
    assert _flagged(run, KnownTitles(known)) == expected


def _copy_in_order(source: Path, target: Path, seed: int) -> None:
    files = sorted(p for p in source.rglob("*") if p.is_file())
    random.Random(seed).shuffle(files)  # creation order differs: so may the listing order
    for path in files:
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root, 400, seed=11)
    return root


@pytest.fixture
def forks_at_every_split(monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 2 forks a child for every corpus stage it can split, on a 400-file corpus
    (below the sizes where it would by default) and whatever the size of the test process."""
    monkeypatch.setattr(LocalEngine, "fork_from", 0)  # LSH bands
    monkeypatch.setattr(forked, "MEMORY_BUDGET_MB", 1e9)


@pytest.mark.usefixtures("forks_at_every_split")
def test_outputs_are_byte_identical_whatever_the_file_order_and_jobs(small_corpus: Path, tmp_path: Path) -> None:
    _copy_in_order(small_corpus / "docs", tmp_path / "shuffled", seed=3)
    runs = [
        (small_corpus / "docs", "1"),
        (tmp_path / "shuffled", "1"),
        (tmp_path / "shuffled", "2"),
    ]
    outputs = []
    for n, (docs, jobs) in enumerate(runs):
        out = tmp_path / f"out{n}"
        assert run_main(["dedup", str(docs), "--out", str(out), "--jobs", jobs, "-q"])[0] == 0
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        report.pop("run")
        outputs.append(((out / "articles.jsonl").read_bytes(), (out / "teasers.jsonl").read_bytes(), report))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0][2]["counts"]["headerless_documents"] >= 2  # so the pool's workers shared them


def _outputs_and_forks(docs: Path, out: Path, jobs: str) -> tuple[bytes, bytes, dict[str, int]]:
    """The outputs of a run of ``cleaner dedup``, and the children its report counts."""
    assert run_main(["dedup", str(docs), "--out", str(out), "--jobs", jobs, "-q"])[0] == 0
    forks = json.loads((out / "report.json").read_text(encoding="utf-8"))["run"]["forks"]
    return (out / "articles.jsonl").read_bytes(), (out / "teasers.jsonl").read_bytes(), forks


@pytest.mark.skipif(not forked.can_fork(), reason="needs os.fork")
@pytest.mark.usefixtures("forks_at_every_split")
@pytest.mark.parametrize("children", ["live", "killed", "unforkable"])
def test_children_that_die_or_cannot_be_forked_cost_time_not_results(
    small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, children: str
) -> None:
    # Each corpus stage's child (LSH bands, teaser records) is
    # killed once its work is done but before it sends the result, or cannot be forked:
    # the driver does its share, the outputs are those of one job, and the report says so.
    run = partial(_outputs_and_forks, small_corpus / "docs")
    *one_job, no_forks = run(tmp_path / "one", "1")
    assert no_forks == {"forked": 0, "done_here": 0}  # one job forks nothing
    if children == "killed":

        def dies_before_sending(work: Callable[[], bytes], sender: object) -> None:
            work()  # what it wrote (a share of the teaser records) is there, its result is not
            os.kill(os.getpid(), signal.SIGKILL)

        monkeypatch.setattr(forked, "_run", dies_before_sending)
    elif children == "unforkable":
        monkeypatch.setattr(forked, "get_context", NoFork().get_context)
    *two_jobs, forks = run(tmp_path / "two", "2")
    assert two_jobs == one_job
    summary = run_main(["dedup", str(small_corpus / "docs"), "--out", str(tmp_path / "three"), "--jobs", "2"])[1]
    assert ("shares done by the driver" in summary) == (children != "live")  # said where it is seen
    # Two clusterings and the teaser records: three children. (The headerless documents
    # are cleaned again by the pool of the first cleaning.)
    expected = {"live": (3, 0), "killed": (3, 3), "unforkable": (0, 3)}[children]
    assert (forks["forked"], forks["done_here"]) == expected


@pytest.mark.skipif(not record_helper.can_start(), reason="needs POSIX descriptors to pass")
@pytest.mark.parametrize("helper", ["live", "failing", "unstartable", "too large"])
def test_a_driver_too_large_to_fork_has_its_teaser_records_headed_by_a_helper(
    small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, helper: str
) -> None:
    # As at 80,000 files: no fork fits the memory budget, and a helper started fresh
    # writes the heads of the teaser records. If it fails (a bug it would meet, or a
    # signal), cannot start, or would not fit beside the driver, the driver writes them:
    # the outputs are those of one job whatever happens, and the report counts it.
    run = partial(_outputs_and_forks, small_corpus / "docs")
    *one_job, _ = run(tmp_path / "one", "1")
    monkeypatch.setattr(corpus_module, "fork_affordable", lambda children=1: False)
    if helper == "failing":
        monkeypatch.setattr(record_helper, "_ENTRY", "import os; os.kill(os.getpid(), 9)")
    elif helper == "unstartable":

        def refused(*args: object, **kwargs: object) -> None:
            raise OSError(11, "Resource temporarily unavailable")

        monkeypatch.setattr(subprocess, "Popen", refused)
    elif helper == "too large":
        monkeypatch.setattr(forked, "MEMORY_BUDGET_MB", 1.0)
    *two_jobs, forks = run(tmp_path / "two", "2")
    assert two_jobs == one_job
    expected = {"live": (1, 0), "failing": (1, 1), "unstartable": (0, 1), "too large": (0, 0)}[helper]
    assert (forks["forked"], forks["done_here"]) == expected


def test_the_helper_writes_the_heads_the_driver_would_write(tmp_path: Path) -> None:
    # Through a real helper process: any text (quotes, control characters, lone
    # surrogates, scripts) crosses its file as the driver's own heads.
    from contextlib import ExitStack

    from cleaner.dedup.record_json import Chosen, TeaserRows, record_heads

    texts = [('Tiêu đề "1"\n', "Tóm tắt…\ud800"), ("标题", "摘要\x00"), ("Заголовок", "")]
    with ExitStack() as stack:
        spills = [StringSpill(), StringSpill()]
        for spill in spills:
            stack.callback(spill.close)
        for n, text in enumerate(texts):
            spills[0].put(n + 1, text)
            spills[1].put(n + 1, (f"Ảnh {n}", None if n else "Photo: VNA"))
        shared = [spill.shared() for spill in spills]
        starts = array("q", [0, *shared[0].ends[:-1]])
        sizes = array("q", [end - start for start, end in zip(starts, shared[0].ends, strict=True)])
        caption_starts = array("q", [0, *shared[1].ends[:-1]])
        caption_sizes = array("q", [end - start for start, end in zip(caption_starts, shared[1].ends, strict=True)])
        rows = TeaserRows(
            ["t-1", "t-2", "t-3"],
            array("q", [0, 2, 3, 5]),
            array("I", [0, 1, 1, 0, 1]),
            array("H", [0, 3, 0, 1, 2]),
            array("I", [1, 1, 2]),
            Chosen(
                array("q", [0, 1, 2, 4]),
                array("q", [starts[0], starts[1], starts[2], starts[0]]),
                array("q", [sizes[0], sizes[1], sizes[2], sizes[0]]),
            ),
            Chosen(array("q", [0, 1, 1, 3]), caption_starts[:3], caption_sizes[:3]),
        )
        ids = ["a.txt", "b \udcff.txt"]
        heads = record_helper.start_record_helper(
            record_helper.payload_of(rows, ids), (shared[0].fd, shared[1].fd), stack
        )
        assert heads is not None
        written = heads()
        assert written is not None
        assert list(written) == list(record_heads(rows, ids, shared[0].fd, shared[1].fd))


@pytest.mark.skipif(not forked.can_fork(), reason="needs os.fork")
def test_a_worker_killed_mid_run_stops_it_with_one_line_and_no_outputs(
    small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As the kernel ends a worker when memory runs out: the run must not wait forever
    # for that worker's documents, nor leave outputs that lack them.
    docs = sorted((small_corpus / "docs").rglob("*.txt"))
    doomed = docs[len(docs) // 2].relative_to(small_corpus / "docs").as_posix()
    work = Extractor.__call__

    def dies_on_one_document(self: Extractor, task: Task, *rest: Any) -> Extract:
        if task.id == doomed:
            os.kill(os.getpid(), signal.SIGKILL)
        return work(self, task, *rest)

    monkeypatch.setattr(Extractor, "__call__", dies_on_one_document)  # the workers are forked: they see it

    def waited_too_long(signum: int, frame: object) -> None:
        raise TimeoutError("the run waited for the dead worker's documents")  # multiprocessing.Pool did, forever

    previous = signal.signal(signal.SIGALRM, waited_too_long)
    signal.alarm(120)
    out = tmp_path / "out"
    try:
        code, _, err = run_main(["dedup", str(small_corpus / "docs"), "--out", str(out), "--jobs", "2", "-q"])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert code == 2
    assert err.count("\n") == 1 and "worker process ended abruptly" in err, err
    assert sorted(p.name for p in out.iterdir()) == []  # nothing half-written


def assert_quality_floors(corpus: Path, out: Path) -> None:
    """The floors of SPEC §7 on a generated corpus (``corpus/docs``, ``corpus/truth.jsonl``)."""
    assert run_main(["dedup", str(corpus / "docs"), "--out", str(out), "-q"])[0] == 0
    scores = score(corpus / "truth.jsonl", out / "articles.jsonl", out / "teasers.jsonl")
    assert scores.content_recall >= 0.999
    assert scores.content_precision >= 0.995
    assert scores.boilerplate_removed >= 0.995
    assert scores.teaser_f1 >= 0.99
    assert scores.duplicate_pairs > 0 and scores.duplicate_recall == 1.0
    assert scores.duplicate_false_pairs == 0


def test_quality_floors_on_a_generated_corpus(small_corpus: Path, tmp_path: Path) -> None:
    assert_quality_floors(small_corpus, tmp_path / "out")


def test_quality_floors_on_a_corpus_with_other_sites_shapes(tmp_path: Path) -> None:
    """Link labels and link lines inside bodies (over images of the body or not), captions
    glued to the next paragraph, keywords lines, signatures on a line of their own."""
    write_corpus(tmp_path / "corpus", 400, seed=12, site_variations=True)
    assert_quality_floors(tmp_path / "corpus", tmp_path / "out")


def test_quality_floors_on_a_corpus_with_recrawl_shapes(tmp_path: Path) -> None:
    """What another crawler makes of the same pages: zero-width spaces at line ends, a
    blank after the image marker, decorated headers, separators and dates between
    teasers, a second header in the list, a copyright footer (before the rules for them:
    content recall 0.942, teaser F1 0.67 on 2,000 such files)."""
    write_corpus(tmp_path / "corpus", 400, seed=13, site_variations=True, recrawl_shapes=True)
    assert_quality_floors(tmp_path / "corpus", tmp_path / "out")


def test_quality_floors_on_chinese_and_russian_with_recrawl_shapes(tmp_path: Path) -> None:
    """Chinese writes a list's bullets and numbers glued to the title ("•越南…", "1.玛丽亚…")."""
    write_corpus(tmp_path / "corpus", 800, seed=171, site_variations=True, recrawl_shapes=True, languages=("zh", "ru"))
    assert_quality_floors(tmp_path / "corpus", tmp_path / "out")


def test_quality_floors_on_the_chinese_and_russian_editions(tmp_path: Path) -> None:
    """Chinese, written without blanks and with its own full stop: a paragraph ending in
    "。" was taken for a title, so a headerless block of teasers ran up into the body;
    and its copies with a typo were never found (blank-separated words)."""
    write_corpus(tmp_path / "corpus", 800, seed=5, site_variations=True, languages=("zh", "zh", "ru"))
    assert_quality_floors(tmp_path / "corpus", tmp_path / "out")


def test_a_link_joins_the_teaser_with_its_title_unless_two_teasers_share_it() -> None:
    other = "Le Vietnam et le Laos renforcent leur coopération"
    docs = [(f"p{n}.txt", page(n, f"Corps numéro {n}.", [TEASER_A, TEASER_B])) for n in range(2)]
    docs.append(("links.txt", page(2, "Corps numéro 2.", [(None, TEASER_A[1], ""), (None, other, "")])))
    teasers = {t["title"]: t for t in dedup(docs).teasers}
    assert sorted((title, t["count"]) for title, t in teasers.items()) == sorted(
        [(TEASER_A[1], 3), (TEASER_B[1], 2), (other, 1)]
    )
    assert teasers[TEASER_A[1]]["summary"] == TEASER_A[2]  # the most frequent variant
    # Two teasers with one title and unlike summaries: the link could be either.
    twin = (None, TEASER_A[1], "Un tout autre article, sur la visite du ministre au Japon la semaine prochaine.")
    docs.append(("twin.txt", page(3, "Corps numéro 3.", [twin])))
    counts = sorted((t["title"], t["summary"], t["count"]) for t in dedup(docs).teasers if t["title"] == TEASER_A[1])
    assert counts == sorted([(TEASER_A[1], "", 1), (TEASER_A[1], TEASER_A[2], 2), (TEASER_A[1], twin[2], 1)])


def test_a_teaser_in_a_numbered_list_is_the_same_teaser_and_finds_its_article() -> None:
    caption, title, summary = TEASER_A
    article = (
        page(0, "Corps de l’article annoncé.", [])
        .replace("Titre de l’article numéro 0 sur la coopération", title)
        .replace("Le chapeau de l’article 0 résume les faits.", summary)
    )
    plain = page(1, "Corps numéro 1.", [TEASER_A, TEASER_B])
    numbered = page(
        2, "Corps numéro 2.", [(caption, f"1. {title}", summary), (TEASER_B[0], f"2. {TEASER_B[1]}", TEASER_B[2])]
    )
    records = {t["title"]: t for t in dedup([("a.txt", article), ("p1.txt", plain), ("p2.txt", numbered)]).teasers}
    assert sorted(records) == sorted([title, TEASER_B[1]])
    assert (records[title]["count"], records[title]["variants"], records[title]["article"]) == (2, 1, "a.txt")


def test_a_link_points_to_the_article_with_its_exact_title() -> None:
    article = page(0, "Corps de l’article annoncé.", [])
    title = article.split("\n\n", 1)[0]
    links = page(1, "Corps numéro 1.", [(None, title, ""), (None, TEASER_A[1], "")])
    docs = [("annonce.txt", article), ("links.txt", links)]
    records = {t["title"]: t for t in dedup(docs).teasers}
    assert records[title]["article"] == "annonce.txt"
    assert records[TEASER_A[1]]["article"] is None  # no article of that title here


def test_a_link_with_a_typo_in_its_title_finds_its_teaser_and_its_article() -> None:
    # "reçoit" -> "reçiot": two letters swapped in one word, as a typo goes.
    typo = TEASER_A[1].replace("reçoit", "reçiot")
    docs = [(f"p{n}.txt", page(n, f"Corps numéro {n}.", [TEASER_A, TEASER_B])) for n in range(2)]
    article = page(5, "Corps de l’article annoncé.", [])
    title = article.split("\n\n", 1)[0]
    linked = title.replace("coopération", "coopéartion")
    docs += [
        ("annonce.txt", article),
        ("links.txt", page(2, "Corps numéro 2.", [(None, typo, ""), (None, linked, "")])),
    ]
    records = {t["title"]: t for t in dedup(docs).teasers}
    assert sorted((title, t["count"]) for title, t in records.items()) == sorted(
        [(TEASER_A[1], 3), (TEASER_B[1], 2), (linked, 1)]
    )
    assert records[linked]["article"] == "annonce.txt"


@pytest.mark.parametrize(
    ("title", "lead", "body", "typo"),
    [
        (
            "Le ministre reçoit l’ambassadeur du Japon à Hanoi",
            "Le ministre des Affaires étrangères a reçu mardi à Hanoi l’ambassadeur du Japon, venu présenter "
            "ses lettres de créance au président.",
            "Hanoi (VNA) – Corps de l’article annoncé. – VNA",
            [("Hanoi", "Hnaoi"), ("ministre des", "minsitre des")],
        ),
        (
            "越南与老挝加强全面战略合作关系",
            "两国领导人在河内举行会谈，同意进一步深化经济、贸易和投资等各领域的合作。",
            "越通社河内11月10日电 两国领导人举行会谈。（完）",
            [("合作关系", "作合关系"), ("领导", "导领")],
        ),
    ],
)
def test_a_teaser_with_typos_in_its_title_and_first_words_finds_its_article(
    title: str, lead: str, body: str, typo: list[tuple[str, str]]
) -> None:
    # Neither the exact title nor the lead's first words find the article: the articles
    # a typo away from the title are asked, and the one whose lead holds the summary is it.
    article = "\n\n".join([title, lead, body]) + "\n"
    (a, b), (c, d) = typo
    teaser = (None, title.replace(a, b), lead.replace(c, d))
    docs = [("annonce.txt", article), ("p.txt", page(1, "Corps numéro 1.", [teaser, TEASER_B]))]
    records = {t["title"]: t for t in dedup(docs).teasers}
    assert records[teaser[1]]["article"] == "annonce.txt"
    # The same title with another story's summary announces another article.
    other = (None, teaser[1], TEASER_B[2])
    docs[1] = ("p.txt", page(1, "Corps numéro 1.", [other, TEASER_A]))
    records = {t["title"]: t for t in dedup(docs).teasers}
    assert records[other[1]]["article"] is None


def test_a_chinese_link_with_two_characters_swapped_finds_its_teaser() -> None:
    # Written without blanks, the title is one blank-separated "word": its typo is two
    # neighbouring characters swapped (合作 -> 作合), looked for character by character.
    story = (None, "越南与老挝加强全面战略合作关系", "两国领导人在河内举行会谈，同意进一步深化各领域的合作。")
    docs = [(f"p{n}.txt", page(n, f"Corps numéro {n}.", [story, TEASER_A])) for n in range(2)]
    typo = (None, story[1].replace("合作", "作合"), "")
    docs.append(("links.txt", page(2, "Corps numéro 2.", [typo, (None, TEASER_A[1], "")])))
    counts = sorted((t["title"], t["count"]) for t in dedup(docs).teasers)
    assert counts == sorted([(story[1], 3), (TEASER_A[1], 3)])
    # A character replaced is another word (合作 -> 合做 could be): the link stays apart.
    other = (None, story[1].replace("合作", "合做"), "")
    docs[-1] = ("links.txt", page(2, "Corps numéro 2.", [other, (None, TEASER_A[1], "")]))
    counts = sorted((t["title"], t["count"]) for t in dedup(docs).teasers)
    assert counts == sorted([(story[1], 2), (other[1], 1), (TEASER_A[1], 3)])


@given(st.integers(2, 60), st.data())
def test_titles_a_typo_apart_share_an_end_key(n: int, data: st.DataObject) -> None:
    # The candidates of a typo are found by end_keys alone: one unit replaced, or two
    # neighbours swapped (asked of titles of six units or more), leaves one end whole.
    title = [f"w{i}" for i in range(n)]
    k = data.draw(st.integers(0, n - 1))
    replaced = [*title[:k], "zz", *title[k + 1 :]]
    assert set(end_keys(title)) & set(end_keys(replaced))
    if n >= 6 and k + 1 < n:
        swapped = [*title[:k], title[k + 1], title[k], *title[k + 2 :]]
        assert set(end_keys(title)) & set(end_keys(swapped))


@given(st.text(alphabet="越南与老挝加强全面战略合作关系", min_size=6, max_size=14), st.data())
def test_two_neighbouring_characters_swapped_are_a_typo_and_one_replaced_is_not(
    title: str, data: st.DataObject
) -> None:
    k = data.draw(st.integers(0, len(title) - 2))
    swapped = title[:k] + title[k + 1] + title[k] + title[k + 2 :]
    if swapped != title:
        assert one_title(title, swapped) and one_title(swapped, title)
    replaced = title[:k] + "做" + title[k + 1 :]
    assert not one_title(title, replaced) or replaced == title


def test_a_link_stays_apart_from_a_teaser_whose_title_only_shares_most_of_its_words() -> None:
    # Titles made on one pattern: the link's title bigrams are most of the other story's
    # shingles (its summary is cut short), so the two are near-certain LSH candidates and
    # passed both the title overlap and the shingle test.
    story = (None, "Hue : Nguyen Thi Thanh et le partenariat stratégique global", "Le ministre…")
    link = "Paris : Nguyen Thi Thanh et le partenariat stratégique global"
    docs = [(f"p{n}.txt", page(n, f"Corps numéro {n}.", [story, TEASER_A])) for n in range(3)]
    docs.append(("links.txt", page(3, "Corps numéro 3.", [(None, link, ""), (None, TEASER_A[1], "")])))
    counts = sorted((t["title"], t["count"]) for t in dedup(docs).teasers)
    assert counts == sorted([(story[1], 3), (link, 1), (TEASER_A[1], 4)])
    # The same link with a typo in a word of its title is that story's.
    typo = (None, story[1].replace("partenariat", "parternariat"), "")
    docs[-1] = ("links.txt", page(3, "Corps numéro 3.", [typo, (None, TEASER_A[1], "")]))
    counts = sorted((t["title"], t["count"]) for t in dedup(docs).teasers)
    assert counts == sorted([(story[1], 4), (TEASER_A[1], 4)])


def test_teasers_whose_titles_differ_by_a_number_are_two_teasers() -> None:
    # A daily bulletin: the same words every day, another date and other figures.
    summary = "Le ministère de la Santé a publié le bilan quotidien de l’épidémie dans les provinces du pays."
    first = (None, "Bilan sanitaire du 12 mars : la situation dans les provinces", summary)
    second = (None, "Bilan sanitaire du 13 mars : la situation dans les provinces", summary + "..")
    docs = [(f"p{n}.txt", page(n, f"Corps numéro {n}.", [first, TEASER_A])) for n in range(2)]
    docs += [(f"q{n}.txt", page(5 + n, f"Corps numéro {5 + n}.", [second, TEASER_A])) for n in range(2)]
    counts = sorted((t["title"], t["count"]) for t in dedup(docs).teasers)
    assert counts == sorted([(first[1], 2), (second[1], 2), (TEASER_A[1], 4)])


def test_a_teaser_does_not_point_to_the_article_of_another_date() -> None:
    summary = "Le ministère de la Santé a publié le bilan quotidien de l’épidémie dans les provinces du pays."
    teaser = (None, "Bilan sanitaire du 12 mars : la situation dans les provinces", summary)
    body = "Hanoi (VNA) – Le ministère a publié son bilan. – VNA"
    other_day = f"{teaser[1].replace('12 mars', '13 mars')}\n\n{summary}\n\n{body}\n"
    docs = [("a13.txt", other_day)] + [(f"p{n}.txt", page(n, f"Corps {n}.", [teaser, TEASER_A])) for n in range(2)]
    records = {t["title"]: t for t in dedup(docs).teasers}
    assert records[teaser[1]]["article"] is None
    docs.append(("a12.txt", f"{teaser[1]}\n\n{summary}\n\n{body}\n"))
    records = {t["title"]: t for t in dedup(docs).teasers}
    assert records[teaser[1]]["article"] == "a12.txt"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("paris : x et le partenariat global", "paris : x et le partenariat global", True),
        ("paris : x et le partenariat global", "paris : x et le parternariat global", True),  # a typo
        ("paris : x et le partenariat global", "hue : x et le partenariat global", False),  # another city
        ("le bilan de 2025", "le bilan de 2026", False),
        ("越南与老挝加强合作", "越南与老挝加强合做", False),  # a character replaced: another word
        ("越南与老挝加强合作", "越南与老挝强加合作", True),  # two characters swapped: a typo
        ("老挝加强", "老加挝强", False),  # too short a title to tell
        ("越南与老挝加强合作2025", "越南与老挝加强合作2026", False),
    ],
)
def test_one_title_is_equal_or_a_typo_apart(a: str, b: str, same: bool) -> None:
    assert one_title(a, b) is same
    assert one_title(b, a) is same


@pytest.mark.parametrize(
    ("link", "title"),
    [
        ("Le bilan de 2025 est publié", "Le bilan de 2026 est publié"),  # a number: another title
        ("Le Laos et le Vietnam", "Le Lao et le Vietnam"),  # a short word: another word
        ("Le ministre reçoit les délégués", "Le ministre reçoit des délégués"),
        ("Le ministre reçoit", "Le ministre reçoit l’ambassadeur"),
        ("La visite du ministre", "La visite du mimistro"),  # two letters replaced
    ],
)
def test_titles_more_than_a_typo_apart_are_not_joined(link: str, title: str) -> None:
    assert not one_typo_apart(fold(link).split(), fold(title).split())


@given(st.text(alphabet="abcdefgh", min_size=5, max_size=9), st.data())
def test_one_typo_is_one_swap_replacement_insertion_or_deletion(word: str, data: st.DataObject) -> None:
    k = data.draw(st.integers(0, len(word) - 2))
    typos = {
        word[:k] + word[k + 1] + word[k] + word[k + 2 :],
        word[:k] + "z" + word[k + 1 :],
        word[:k] + "z" + word[k:],
        word[:k] + word[k + 1 :],
    }
    for typo in typos - {word}:
        if len(typo) >= 5:
            assert one_typo_apart(["le", typo, "du"], ["le", word, "du"])
            assert one_typo_apart(["le", word, "du"], ["le", typo, "du"])
    assert not one_typo_apart(["le", word], ["le", word[::-1] + "zz"])


def test_corpus_evidence_never_takes_body_paragraphs_after_an_image_line() -> None:
    body = [
        "Hanoi (VNA) – Premier paragraphe du corps de l’article, avec des faits.",
        "Titre ảnh 1Une légende de la photo (Fuente: VNA)",
        "“La coopération est notre priorité commune, a-t-il dit devant les délégués.”",
        "Deuxième paragraphe du corps, qui continue le récit des événements de la journée.",
        "Un troisième paragraphe, encore du corps, qui conclut le récit sans signature.",
    ]
    raw = "Titre de l’article\n\nLe chapeau de l’article.\n\n" + "\n\n".join(body) + "\n\n"
    raw += "\n\n".join(c for t in (TEASER_A, TEASER_B) for c in t) + "\n"
    docs = [("x.txt", raw)] + [(f"p{n}.txt", page(n, f"Corps {n}.", [TEASER_A, TEASER_B])) for n in range(3)]
    article = next(a for a in dedup(docs).articles if a["id"] == "x.txt")
    kept = article["text"].rstrip("\n").split("\n\n")
    assert kept[2:] == [body[0], *body[2:]]
    assert [r["rule"] for r in article["removed"]] == ["C101", "T204", "T204"]


def test_dedup_reports_bad_files_and_processes_the_good_ones(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for seed in sorted((FIXTURES / "seeds").glob("*.txt"))[:2]:
        shutil.copyfile(seed, folder / seed.name)
    (folder / "bin.txt").write_bytes(b"\x00\x01binary")
    (folder / "latin.txt").write_bytes("Café\n".encode("latin-1"))
    code, _, err = run_main(["dedup", str(folder), str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o"), "-q"])
    assert code == 2
    assert len(err.splitlines()) == 3 and "Traceback" not in err
    assert "bin.txt: binary file" in err and "latin.txt: invalid UTF-8" in err and "missing.txt" in err
    articles, _, report = read_outputs(tmp_path / "o")
    assert [a["id"] for a in articles] == sorted(p.name for p in (FIXTURES / "seeds").glob("*.txt"))[:2]
    assert report["counts"]["errors"] == 3
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["articles.jsonl", "report.json", "teasers.jsonl"]


@pytest.mark.parametrize("bad", [3, 10, 11, 250])
def test_dedup_folds_the_errors_of_a_file_of_other_records(tmp_path: Path, bad: int) -> None:
    # A corpus folder's truth.jsonl given with the documents: its records have no text.
    records = [json.dumps({"doc": f"d{n}", "label": n}) for n in range(bad)]
    good = [json.dumps({"id": f"g{n}", "text": page(n, f"Corps {n}.", [TEASER_A])}) for n in range(2)]
    lines = records[: bad // 2] + good[:1] + records[bad // 2 :] + ["{not json"] + good[1:]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(12):
        (docs / f"p{n:02d}.txt").write_text(page(n, f"Texte {n}.", [TEASER_A]), encoding="utf-8")
    # The folder given two times: each of its ids comes twice.
    argv = ["dedup", str(tmp_path / "mixed.jsonl"), str(docs), str(docs), "--out", str(tmp_path / "o")]
    code, _, err = run_main(argv)
    assert code == 2 and "Traceback" not in err
    errors = err.splitlines()
    per_record = [e for e in errors if "mixed.jsonl:" in e and "not listed" not in e]
    assert len(per_record) == min(bad + 1, 10)  # one line a bad record, up to ten
    closing = [e for e in errors if "more bad records not listed" in e]
    expected = f"cleaner: {tmp_path / 'mixed.jsonl'}: {bad - 9} more bad records not listed ({bad + 1} in all)"
    assert closing == ([expected] if bad + 1 > 10 else [])
    assert len([e for e in errors if "duplicate document id, later copy skipped" in e]) == 10
    assert errors[-1] == "cleaner: dedup: 2 more duplicate document ids not listed (12 in all)"
    articles, _, report = read_outputs(tmp_path / "o")
    assert sorted(a["id"] for a in articles) == ["g0", "g1"] + [f"p{n:02d}.txt" for n in range(12)]
    assert report["counts"]["errors"] == bad + 1 + 12  # every bad record and skipped copy counts


def test_the_library_call_of_the_spec_is_cleaner_dedup() -> None:
    corpus = cleaner.dedup([("a.txt", page(1, "Corps.", [TEASER_A]))])
    assert isinstance(corpus, cleaner.Corpus)
    assert corpus.teasers[0]["title"] == TEASER_A[1]
    assert "dedup" in cleaner.__all__


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux reports its high-water mark there")
def test_the_reported_peak_memory_is_the_run_own_not_its_parent(small_corpus: Path, tmp_path: Path) -> None:
    # Linux carries ru_maxrss over fork and exec: a run started by a process holding
    # 600 MB (a benchmark driver, a pipeline) reported at least 600 MB.
    held = bytearray(600 * 2**20)
    held[:: 2**12] = b"x" * len(held[:: 2**12])  # touch every page, so it is resident
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", "dedup", str(small_corpus / "docs"), "--out", str(out), "-q"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    peaks = json.loads((out / "report.json").read_text())["run"]["peak_rss_mb_after"]
    assert 0 < max(peaks.values()) < 400, peaks
    del held


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(RULES)), st.integers(0, 2**32 - 1)))
def test_removals_by_rule_packed_by_the_workers_unpack_to_their_counts(counts: dict[str, int]) -> None:
    packed = pack_rules(counts)
    assert unpack_rules(packed) == {rule: n for rule, n in counts.items() if n}
    assert (packed == b"") == (not counts)
