"""Stable rule codes: a family letter and three digits, selectable by code or prefix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RuleInfo:
    code: str
    name: str
    summary: str
    removes: bool  # False: a warning about the text, nothing is removed


RULES: dict[str, RuleInfo] = {
    info.code: info
    for info in (
        RuleInfo("C101", "image-caption", "image caption glued to an `ảnh N` marker", True),
        RuleInfo("C102", "caption-line", "caption line ending with a photo credit", True),
        RuleInfo("C103", "credit-line", "photo credit on a line of its own", True),
        RuleInfo("C104", "credit-prefix", "photo credit glued before a paragraph", True),
        RuleInfo("T201", "teaser-header", "header of a list of teasers (`Voir plus`)", True),
        RuleInfo("T202", "teaser", "teaser of another article, under a header", True),
        RuleInfo("T203", "trailing-teaser", "teaser after the signed end of the body", True),
        RuleInfo("T204", "corpus-teaser", "teaser without header, recurring in the corpus", True),
        RuleInfo("T205", "link-line", "teaser header and a linked title on one line (`Xem thêm: …`)", True),
        RuleInfo("F301", "share-label", "share, comment or tag label", True),
        RuleInfo("F302", "placeholder", "template placeholder such as `{keywords}`", True),
        RuleInfo("F303", "lone-signature", "signature or byline on a line of its own", True),
        RuleInfo("F304", "stray-word", "stray word such as `source` on its own line", True),
        RuleInfo("F305", "cut-header", "teaser header cut short at the end of the file", True),
        RuleInfo("F306", "separator", "separator line such as `---` or `* * *`, or a list mark alone (`1.`)", True),
        RuleInfo("F307", "timestamp", "date, time or reading time alone on a line (`26/10/2025 14:30`)", True),
        RuleInfo("F308", "copyright", "copyright line of the page's footer (`© VNA 2025`)", True),
        RuleInfo("F309", "url-line", "web address alone on a line (an embed's or a link's)", True),
        RuleInfo("F310", "title-suffix", "site name after the title (`… | VietnamPlus`)", True),
        RuleInfo("F311", "more-link", "link to the rest of an article alone on a line (`Lire la suite`)", True),
        RuleInfo("F312", "image-line", "image alone on a line, as Markdown writes it (`![alt](…/a.jpg)`)", True),
        RuleInfo("D401", "question-marks", "run of question marks inside text", False),
        RuleInfo("D402", "replacement-char", "U+FFFD replacement character", False),
        RuleInfo("D403", "mojibake", "mojibake (UTF-8 decoded as Latin-1/cp1252)", False),
    )
}


def expand_selection(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> frozenset[str]:
    """The codes chosen by ``select`` (default: all) minus ``ignore``; prefixes allowed.

    >>> sorted(expand_selection(["T2"], ["T204", "T205"]))
    ['T201', 'T202', 'T203']
    """

    def matching(prefixes: Iterable[str]) -> set[str]:
        chosen: set[str] = set()
        for prefix in prefixes:
            prefix = prefix.strip().upper()
            if not prefix:
                continue
            found = {code for code in RULES if code.startswith(prefix)}
            if prefix != "ALL" and not found:
                raise ValueError(f"unknown rule code or prefix {prefix!r}")
            chosen |= found if prefix != "ALL" else set(RULES)
        return chosen

    chosen = matching(select) if select else set(RULES)
    return frozenset(chosen - matching(ignore or ()))
