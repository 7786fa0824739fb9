"""The persistent index of ``cleaner dedup --index PATH``: an SQLite file that keeps, for
every document of earlier runs, what the corpus stage needs (the reduced document of
:class:`~cleaner.dedup.extract.Extract`), so that a new run cleans only its new files
and then runs the corpus stage over old and new together.

Why whole extracts and not just the canonical records: a run over the index must give
the same teasers, ids and clusters as one run over all the files (issue 6). Clusters are
connected components, canonical texts are majorities, and a title becomes evidence for
a headerless block only once enough files carry it; all of these can change for old
documents when new ones arrive. Keeping each document's extract (and its text, to clean
it again when it gains such evidence) lets the corpus stage recompute them exactly,
without reading or cleaning the old files again.

One run is one transaction: ``BEGIN IMMEDIATE`` when the index is opened, ``COMMIT``
after the outputs are written. Writers queue on a lock file beside the index
(``PATH.lock``, kept) before they touch the database: a second writer waits for the first,
up to a timeout, then stops with a clear message. SQLite's own lock is not enough on its
own: creating the file and switching it to WAL answer "locked" without waiting, and a
first run that fails deletes the index it created, which must not happen under a writer
that is waiting on it. A run that is interrupted or killed before the commit
leaves the index as it was; the write-ahead log lets ``cleaner check --index`` read
the index while a run writes it.
"""

from __future__ import annotations

import json
import sqlite3
import time
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaner.dedup.extract import Extract, Task, TeaserOccurrence, key_digest, pack_rules, unpack_rules

if TYPE_CHECKING:
    from filelock import FileLock

__all__ = ["SCHEMA_VERSION", "CorpusIndex", "IndexFailure"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT NOT NULL UNIQUE,
    -- zlib of four lines of JSON: the record's head and its removals (kept as text),
    -- the teasers [[key, title, summary, caption, credit, position], ...], and
    -- [text, extra]. One stream compresses better (the clean text repeats the text).
    -- Every run parses the third line, only a new cleaning of the document the fourth.
    body BLOB NOT NULL,
    signature BLOB NOT NULL,
    title_key TEXT NOT NULL,
    lead_key TEXT NOT NULL,
    tail BLOB NOT NULL,        -- array('I') of title hashes
    rules TEXT NOT NULL,       -- JSON {code: count}
    kept INTEGER NOT NULL
);
-- one row per distinct teaser text (folded key): its MinHash signature, and at the last
-- run the id of its teaser and whether a copy was truncated (to report the ids a run
-- changes, and to verify again only the pairs whose verdict may have changed)
CREATE TABLE IF NOT EXISTS variants (
    key TEXT PRIMARY KEY, signature BLOB NOT NULL, teaser_id TEXT, truncated INTEGER
);
CREATE TABLE IF NOT EXISTS known_titles (hash INTEGER PRIMARY KEY);
"""


class IndexFailure(Exception):
    """The index cannot be used: not an index, other settings, or held by another writer."""


class CorpusIndex:
    """An open index. Use :meth:`open_for_update` (a run of ``dedup``) or
    :meth:`open_for_reading` (``check``)."""

    def __init__(
        self, path: Path, connection: sqlite3.Connection, created: bool = False, lock: FileLock | None = None
    ) -> None:
        self.path = path
        self.db = connection
        self.closed = False
        self.created = created  # by this run: abandoning the run removes it
        self.lock = lock  # held by a writer until it commits or abandons

    # -- opening ------------------------------------------------------------------
    @classmethod
    def open_for_update(cls, path: Path, settings: Mapping[str, Any], wait: float) -> CorpusIndex:
        """Open (or create) the index and take its write lock for the whole run.
        ``settings`` (configuration, clean options, version) must equal the index's:
        extracts made with other settings would not give the results of one run."""
        deadline = time.monotonic() + wait
        busy = IndexFailure(
            f"{path}: another cleaner process is updating this index (waited {wait:g} s); "
            "try again when it has finished, or give --index-wait more seconds"
        )
        from filelock import FileLock, Timeout  # index runs only: not in every run's start-up

        lock = FileLock(f"{path}.lock")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)  # as for --out
            lock.acquire(timeout=wait)
        except Timeout:
            raise busy from None
        except OSError as exc:
            raise IndexFailure(f"{path}: cannot open the index: {exc}") from None
        created = not path.exists()  # decided under the lock: no other writer can create it now
        try:
            # The rest of the wait, for an SQLite writer that is not a cleaner run.
            db = sqlite3.connect(path, timeout=max(0.0, deadline - time.monotonic()), isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            lock.release()
            raise IndexFailure(f"{path}: cannot open the index: {exc}") from None
        index = cls(path, db, created, lock)
        try:
            # Rows of a few KB would fill 4 KB pages one by one, half empty.
            db.execute("PRAGMA page_size=32768")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a commit is atomic and durable on restart
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            index.abandon()
            if "locked" in str(exc) or "busy" in str(exc):
                raise busy from None
            raise IndexFailure(f"{path}: not a cleaner index ({exc})") from None
        except sqlite3.DatabaseError as exc:
            index.abandon()
            raise IndexFailure(f"{path}: not a cleaner index ({exc})") from None
        try:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "meta" not in tables:  # someone else's database: leave it alone
                raise IndexFailure(f"{path}: not a cleaner index (an SQLite file with other tables)")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            index._check_settings(settings, create=True)
        except IndexFailure:
            index.abandon()
            raise
        except sqlite3.DatabaseError as exc:
            index.abandon()
            raise IndexFailure(f"{path}: not a cleaner index ({exc})") from None
        return index

    @classmethod
    def open_for_reading(cls, path: Path, settings: Mapping[str, Any] | None = None) -> CorpusIndex:
        if not path.is_file():
            raise IndexFailure(f"{path}: no such index (build one with cleaner dedup ... --index {path})")
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30.0)
            index = cls(path, db)
            index._check_settings(settings, create=False)
        except sqlite3.DatabaseError as exc:
            raise IndexFailure(f"{path}: not a cleaner index ({exc})") from None
        return index

    def _check_settings(self, settings: Mapping[str, Any] | None, create: bool) -> None:
        stored = dict(self.db.execute("SELECT key, value FROM meta"))
        if not stored:
            if not create:
                raise IndexFailure(f"{self.path}: not a cleaner index (no settings)")
            rows = {"schema": str(SCHEMA_VERSION), "settings": json.dumps(settings, sort_keys=True)}
            self.db.executemany("INSERT INTO meta VALUES (?, ?)", rows.items())
            return
        if stored.get("schema") != str(SCHEMA_VERSION):
            raise IndexFailure(f"{self.path}: index format {stored.get('schema')}, this cleaner reads {SCHEMA_VERSION}")
        if settings is None:
            return
        theirs = json.loads(stored["settings"])
        ours = json.loads(json.dumps(settings, sort_keys=True))
        if theirs != ours:
            differing = sorted(k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k))
            if differing in (["code"], ["cleaner", "code"]):  # nothing the user could set back
                raise IndexFailure(
                    f"{self.path}: the index was built by another version of cleaner's code; "
                    "build a new index from all the files"
                )
            raise IndexFailure(
                f"{self.path}: the index was built with other settings ({', '.join(differing)}); "
                "use the same ones, or build a new index from all the files"
            )

    # -- what a run reads ----------------------------------------------------------
    def document_count(self) -> int:
        count: int = self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        return count

    def document_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM documents")}

    def extracts(self) -> Iterator[Extract]:
        """Every stored document, reduced, in id order (the order of one run)."""
        rows = self.db.execute(
            "SELECT id, body, signature, title_key, lead_key, tail, rules, kept FROM documents ORDER BY id"
        )
        for doc_id, body, signature, title_key, lead_key, tail, rules, kept in rows:
            head, removed, teasers, _ = zlib.decompress(body).split(b"\n", 3)
            hashes = array("I")
            hashes.frombytes(tail)
            yield Extract(
                doc_id,
                head=head,
                removed=removed,
                teasers=[
                    TeaserOccurrence(key, title, summary, caption, credit, position, key_digest(key))
                    for key, title, summary, caption, credit, position in json.loads(teasers)
                ],
                article_signature=signature,
                title_key=title_key,
                lead_key=lead_key,
                tail_hashes=tuple(hashes),
                rules=pack_rules(json.loads(rules)),
                kept_paragraphs=kept,
            )

    def task(self, doc_id: str) -> Task:
        """The stored document as a task, to clean it again."""
        (body,) = self.db.execute("SELECT body FROM documents WHERE id = ?", (doc_id,)).fetchone()
        text, extra = json.loads(zlib.decompress(body).split(b"\n", 3)[3])
        return Task(doc_id, text=text, extra=tuple(extra.items()))

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """(key, signature) of every teaser text signed so far, in the order they came."""
        yield from self.db.execute("SELECT key, signature FROM variants ORDER BY rowid")

    def known_titles(self) -> set[int]:
        try:
            return {row[0] for row in self.db.execute("SELECT hash FROM known_titles")}
        except sqlite3.DatabaseError as exc:
            raise IndexFailure(f"{self.path}: damaged index ({exc})") from None

    def teaser_state(self) -> dict[str, tuple[str, bool]]:
        """Variant key -> (the id of its teaser, truncated) at the last run."""
        rows = self.db.execute("SELECT key, teaser_id, truncated FROM variants WHERE teaser_id IS NOT NULL")
        return {key: (teaser_id, bool(truncated)) for key, teaser_id, truncated in rows}

    # -- what a run writes ---------------------------------------------------------
    def store(self, extract: Extract) -> None:
        """Add (or replace: a re-crawl keeps its id) one document."""
        assert extract.source is not None, "the extractor must keep the source for an index"
        text, extra = extract.source
        teasers = [[t.key, t.title, t.summary, t.caption, t.credit, t.position] for t in extract.teasers]
        # head and removed are JSON from json.dumps: one line each.
        lines = (
            extract.head,
            extract.removed,
            json.dumps(teasers, ensure_ascii=False).encode("utf-8"),
            json.dumps([text, extra], ensure_ascii=False).encode("utf-8"),
        )
        self.db.execute(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                extract.id,
                zlib.compress(b"\n".join(lines), 6),
                extract.article_signature,
                extract.title_key,
                extract.lead_key,
                array("I", extract.tail_hashes).tobytes(),
                json.dumps(dict(sorted(unpack_rules(extract.rules).items()))),
                extract.kept_paragraphs,
            ),
        )
        self.store_signatures(extract.new_signatures)

    def store_signatures(self, signatures: Mapping[str, bytes]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO variants VALUES (?, ?, NULL, NULL)", signatures.items())

    def replace_known_titles(self, hashes: Iterable[int]) -> None:
        self.db.execute("DELETE FROM known_titles")
        self.db.executemany("INSERT INTO known_titles VALUES (?)", ((h,) for h in sorted(hashes)))

    def update_teaser_state(self, before: Mapping[str, tuple[str, bool]], now: Mapping[str, tuple[str, bool]]) -> None:
        """Write the rows of :meth:`teaser_state` that differ from ``before`` (most do not)."""
        gone = [(key,) for key in sorted(before.keys() - now.keys())]
        self.db.executemany("UPDATE variants SET teaser_id = NULL, truncated = NULL WHERE key = ?", gone)
        changed = sorted((i, t, k) for k, (i, t) in now.items() if before.get(k) != (i, t))
        self.db.executemany("UPDATE variants SET teaser_id = ?, truncated = ? WHERE key = ?", changed)

    # -- ending ---------------------------------------------------------------------
    def commit(self) -> None:
        self.db.execute("COMMIT")
        self.close()

    def abandon(self) -> None:
        """Leave the index as it was before the run (after :meth:`commit`: nothing to do)."""
        if self.closed:
            return
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")
        self.db.close()
        if self.created:  # an index that never held a run is not left behind, empty
            # Still under the lock: a writer waiting on it finds no index and creates one.
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self.close()

    def close(self) -> None:
        self.db.close()
        self.closed = True
        if self.lock is not None:
            self.lock.release()
            self.lock = None
