"""The cleaning rules. A rule *detects*: it returns spans with a code and a reason;
:mod:`cleaner.apply` is the one place that removes them."""

from __future__ import annotations

from typing import NamedTuple

from cleaner.rules.codes import RULES, RuleInfo, expand_selection

__all__ = ["RULES", "RuleInfo", "Span", "expand_selection"]


class Span(NamedTuple):
    """A proposed removal: offsets into the normalised text, the rule and why. (A named
    tuple: rules propose dozens a document, and a frozen dataclass is slow to build.)"""

    rule: str
    start: int
    end: int
    reason: str
