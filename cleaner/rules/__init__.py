"""The cleaning rules. A rule *detects*: it returns spans with a code and a reason;
:mod:`cleaner.apply` is the one place that removes them."""

from __future__ import annotations

from dataclasses import dataclass

from cleaner.rules.codes import RULES, RuleInfo, expand_selection

__all__ = ["RULES", "RuleInfo", "Span", "expand_selection"]


@dataclass(frozen=True, slots=True)
class Span:
    """A proposed removal: offsets into the normalised text, the rule and why."""

    rule: str
    start: int
    end: int
    reason: str
