"""The per-document half of deduplication, run in worker processes: clean, then reduce
the document to what the corpus stage needs (small: keys, signatures, hashes)."""

from __future__ import annotations

import hashlib
import json
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from cleaner.dedup.config import DedupConfig
from cleaner.dedup.minhash import Signer
from cleaner.dedup.seen_keys import SignedTexts
from cleaner.dedup.shingles import article_values, teaser_hashes, teaser_key
from cleaner.inputs import Document, InputError, ReadOptions, read_file
from cleaner.model import Article
from cleaner.pipeline import CleanOptions, clean
from cleaner.rules import RULES
from cleaner.rules.list_marks import title_key
from cleaner.rules.teasers import looks_like_item_title
from cleaner.text import fold

_FIRST_TAIL_PARAGRAPH = 3
# How many signed keys an extractor without a table of signed texts (the driver cleaning
# documents again) remembers, in each of two generations; a key forgotten
# and met again is signed again (the same bytes: the driver keeps the first).
SIGNED_MEMORY = 1 << 13


class RecentKeys:
    """The keys met lately, in two generations of at most ``capacity`` each: when the
    young one is full it becomes the old one and the old one is dropped; a key found in
    the old one moves back to the young one. So a key met often is never forgotten, as
    it was when one set was cleared whenever it filled up, and memory stays at
    ``2 * capacity`` keys. (At 80,000 files the two workers sign 220,000 texts instead of
    227,000: most of the texts signed twice are signed once by each worker.)"""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._young: set[str] = set()
        self._old: set[str] = set()

    def met(self, key: str) -> bool:
        """Whether ``key`` was met lately; it is remembered as met now either way."""
        if key in self._young:
            return True
        known = key in self._old
        if len(self._young) >= self.capacity:
            self._old, self._young = self._young, set()
        self._young.add(key)
        return known

    def clear(self) -> None:
        self._young, self._old = set(), set()

    def __len__(self) -> int:
        return len(self._young) + len(self._old)


def key_digest(key: str) -> int:
    """A teaser key's 128-bit digest: variants and signatures are found by it, so the
    keys need not be in memory during pass 1 (a collision, at odds of 2**-128 a pair,
    would make two variants one)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest(), "little")


RULE_ORDER = tuple(RULES)


def pack_rules(counts: Mapping[str, int]) -> bytes:
    """A document's removals by rule, as one count per rule of :data:`RULE_ORDER`
    (``b""`` for none): the driver keeps them so, and a Counter per extract cost it
    twice, to rebuild from the pipe and to pack."""
    return array("I", (counts.get(code, 0) for code in RULE_ORDER)).tobytes() if counts else b""


def unpack_rules(packed: bytes) -> dict[str, int]:
    """The counts :func:`pack_rules` packed, the rules with none left out."""
    if not packed:
        return {}
    values = array("I")
    values.frombytes(packed)
    return {code: n for code, n in zip(RULE_ORDER, values, strict=True) if n}


@dataclass(frozen=True, slots=True)
class Task:
    """Where a document comes from: a file, one line of a JSON Lines file, or text."""

    id: str
    path: str | None = None
    offset: int = -1  # byte offset of the line in a JSON Lines file
    text: str | None = None
    extra: tuple[tuple[str, object], ...] = ()

    def read(self, options: ReadOptions) -> Document | InputError:
        if self.text is not None:
            return Document(self.id, self.text, None, dict(self.extra))
        assert self.path is not None
        path = Path(self.path)
        try:
            if self.offset >= 0:
                with path.open("rb") as handle:
                    handle.seek(self.offset)
                    record = json.loads(handle.readline())
                return Document(
                    self.id, record["text"], path, {k: v for k, v in record.items() if k not in ("id", "text")}
                )
        except OSError as exc:
            return InputError(self.path, f"cannot read: {exc.strerror or exc}")
        found = list(read_file(self.id, path, options))
        return found[0] if len(found) == 1 else InputError(self.path, "expected one document")


class TeaserOccurrence(NamedTuple):
    """A teaser as one document shows it. A tuple: a chunk of extracts crosses a pipe,
    and a tuple pickles as its items (an object with slots as a dict of them)."""

    key: str
    title: str
    summary: str
    caption: str | None
    credit: str | None
    position: int
    # key_digest(key), made where the key is made: in the workers, beside the cleaning,
    # not in the driver, whose pass-1 work takes a core's share from them (an index
    # stores the other fields, and makes it when it reads them back).
    digest: int


@dataclass(slots=True)
class Extract:
    """One document, reduced. ``head``/``removed`` are the JSON of its record's parts, in
    UTF-8: the driver passes them on to the output as they are, never decoding them."""

    id: str
    error: str | None = None
    head: bytes = b""
    removed: bytes = b""
    teasers: list[TeaserOccurrence] = field(default_factory=list)
    new_signatures: dict[str, bytes] = field(default_factory=dict)
    new_shingles: dict[str, bytes] = field(default_factory=dict)  # of the same keys: their hashes
    article_signature: bytes = b""
    title_key: str = ""
    lead_key: str = ""
    tail_hashes: tuple[int, ...] = ()
    rules: bytes = b""  # removals by rule: pack_rules
    kept_paragraphs: int = 0
    # The document as read (text and extra fields), for the index: an index run can
    # clean it again later, when new files make a headerless block recognisable.
    source: tuple[str, dict[str, object]] | None = None

    def __reduce__(self) -> tuple[type[Extract], tuple[object, ...]]:
        # Rebuilt from its fields in order, as a call of the class: the default for an
        # object with slots pickles a dict of them and sets them one by one. The driver
        # unpickles every document's extract on its one core, beside the two workers.
        return Extract, tuple(getattr(self, name) for name in _EXTRACT_FIELDS)


_EXTRACT_FIELDS = tuple(Extract.__dataclass_fields__)


def title_hash(folded: str) -> int:
    return zlib.crc32(folded.encode("utf-8"))


def title_finder(known_titles: Container[int]) -> Callable[[str], bool]:
    """Whether a folded title is one of ``known_titles`` (hashes by :func:`title_hash`):
    what cleaning asks to find a headerless teaser block."""

    def is_known(folded: str) -> bool:
        return title_hash(folded) in known_titles

    return is_known


class Extractor:
    """Per-process state for one run: the signers, and what was signed, so that a
    recurring teaser text is signed once. ``seen`` answers for the run's signed texts
    (the table the workers of a local pool share; for a Ray batch, what the driver had
    received when it was sent); without one, the extractor remembers the
    keys it signed lately. ``known`` holds keys whose signatures the receiver already
    has (the driver's own, when it cleans documents again)."""

    def __init__(
        self,
        config: DedupConfig,
        options: CleanOptions,
        read: ReadOptions,
        keep_source: bool = False,
        known: Container[str] = (),
        seen: SignedTexts | None = None,
    ) -> None:
        self.config = config
        self.options = options
        self.read = read
        self.keep_source = keep_source
        self.teaser_signer = Signer(config.teaser_num_perm, config.seed)
        self.article_signer = Signer(config.article_num_perm, config.seed + 1)
        self.known = known
        # The table, when there is one, and not beside it the keys met lately: the table
        # answers for this process's texts as well, and the 16,000 keys that memory held
        # took about 6 MB in each worker.
        self.seen = seen
        self.signed = RecentKeys(SIGNED_MEMORY) if seen is None else None

    def _signed_before(self, key: str, digest: int) -> bool:
        """Whether ``key`` (of digest ``digest``) was signed already, by this process or,
        through the table, another; from now on it counts as signed."""
        if self.seen is not None:
            return self.seen.seen_or_add(digest)
        assert self.signed is not None  # one or the other
        return self.signed.met(key)

    def __call__(self, task: Task, known_titles: Callable[[str], bool] | None = None) -> Extract:
        """Read, clean and reduce one document; ``known_titles`` (the corpus's teaser
        titles) lets cleaning find headerless teaser blocks."""
        doc = task.read(self.read)
        if isinstance(doc, InputError):
            return Extract(task.id, error=str(doc))
        article = clean(doc.text, options=self.options, known_titles=known_titles, report_damage=False)
        return self.extract(doc, article)

    def extract(self, doc: Document, article: Article) -> Extract:
        config = self.config
        head = {
            **doc.extra,
            "id": doc.id,
            "title": article.title,
            "lead": article.lead,
            "text": article.text,
            "lang": article.lang,
            "captions": [c.to_json() for c in article.captions],
        }
        out = Extract(
            doc.id,
            head=json.dumps(head, ensure_ascii=False).encode("utf-8"),
            removed=json.dumps([r.to_json() for r in article.removed], ensure_ascii=False).encode("utf-8"),
            title_key=fold(article.title),
            lead_key=fold(article.lead),
            rules=pack_rules(Counter(r.rule for r in article.removed)),
            source=(doc.text, doc.extra) if self.keep_source else None,
        )
        new_keys: list[str] = []
        for item in article.teasers:
            key = teaser_key(item.title, item.summary)
            signed = key_digest(key)
            out.teasers.append(
                TeaserOccurrence(key, item.title, item.summary, item.caption, item.credit, item.position, signed)
            )
            if key not in self.known and not self._signed_before(key, signed):
                new_keys.append(key)
        if new_keys:
            hash_sets = [teaser_hashes(k, config.teaser_shingle_words, config.teaser_summary_words) for k in new_keys]
            signatures = self.teaser_signer.sign_many(hash_sets)
            for key, hashes, signature in zip(new_keys, hash_sets, signatures, strict=True):
                out.new_signatures[key] = signature.tobytes()
                out.new_shingles[key] = hashes.tobytes()
        paragraphs = article.paragraphs
        out.kept_paragraphs = len(paragraphs)
        body = "\n".join(paragraphs[1:])
        hashes = article_values(body, config.article_shingle_words, config.article_words)
        out.article_signature = self.article_signer.sign(hashes).tobytes()
        # Only paragraphs that could be teaser titles are worth a hash.
        out.tail_hashes = tuple(
            title_hash(title_key(p)) for p in paragraphs[_FIRST_TAIL_PARAGRAPH:] if looks_like_item_title(p)
        )
        return out


def signature_of(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.uint32)
