"""The records that cleaning produces: removals, captions, teaser items, articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Removal:
    """A span of the normalised text that a rule removed.

    ``start``/``end`` are character offsets into :attr:`Article.source`; ``line`` is the
    1-based line of the input where the removed content starts.
    """

    rule: str
    start: int
    end: int
    line: int
    reason: str
    column: int = 1

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "line": self.line, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Finding:
    """Something worth reporting that is *not* removed (damaged text)."""

    rule: str
    start: int
    end: int
    line: int
    column: int
    message: str


@dataclass(frozen=True, slots=True)
class Caption:
    """An image caption taken out of the article and kept as metadata."""

    text: str
    credit: str | None
    line: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "credit": self.credit, "line": self.line}


@dataclass(frozen=True, slots=True)
class TeaserItem:
    """One teaser of another article, as parsed from a teaser list."""

    position: int
    caption: str | None
    title: str
    summary: str
    credit: str | None
    line: int

    def to_json(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "caption": self.caption,
            "title": self.title,
            "summary": self.summary,
            "credit": self.credit,
        }


@dataclass(slots=True)
class Article:
    """A cleaned document.

    ``source`` is the normalised input; ``text`` is what is kept. Deleting every span of
    ``removed`` from ``source`` gives exactly ``text`` (see :func:`cleaner.rebuild`).
    """

    source: str
    text: str
    title: str
    lead: str
    lang: str
    captions: list[Caption] = field(default_factory=list)
    teasers: list[TeaserItem] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.rstrip("\n").split("\n\n") if p.strip()]

    def to_json(self, doc_id: str | None = None) -> dict[str, Any]:
        """The article record of SPEC §4 as produced by ``cleaner clean --format jsonl``."""
        record: dict[str, Any] = {}
        if doc_id is not None:
            record["id"] = doc_id
        record.update(
            title=self.title,
            lead=self.lead,
            text=self.text,
            lang=self.lang,
            captions=[c.to_json() for c in self.captions],
            teasers=[t.to_json() for t in self.teasers],
            removed=[r.to_json() for r in self.removed],
        )
        return record
