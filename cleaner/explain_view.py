"""``cleaner explain``: the document with every removal marked and its reason.

On a terminal, removed text is struck through in red with its rule in yellow; piped,
the same marks come out as plain text: ``[-removed text-]{C101 image caption}``.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cleaner.model import Article


def render_explanation(name: str, article: Article, out: TextIO, *, color: bool | None = None) -> None:
    """Print ``article`` with its removals marked. ``color=None``: only on a terminal."""
    console = Console(file=out, highlight=False, soft_wrap=True, force_terminal=color, no_color=color is False)
    source = article.source
    body = Text()
    cursor = 0
    for r in article.removed:
        removed = source[r.start : r.end]
        # Separators charged to the removal stay outside the marks, so each mark sits
        # on the line of the text it removes.
        inner = removed.strip("\n")
        before = removed[: len(removed) - len(removed.lstrip("\n"))]
        after = removed[len(before) + len(inner) :]
        body.append(source[cursor : r.start] + before)
        body.append("[-", style="red")
        body.append(inner, style="red strike")
        body.append("-]", style="red")
        body.append(f"{{{r.rule} {r.reason}}}", style="bold yellow")
        body.append(after)
        cursor = r.end
    body.append(source[cursor:])
    console.rule(Text(name, style="bold"))
    console.print(body, end="")
    table = Table(title=f"{len(article.removed)} removals, {len(article.findings)} warnings", show_lines=False)
    for column in ("line", "rule", "reason", "chars"):
        table.add_column(column, justify="right" if column in ("line", "chars") else "left")
    for r in article.removed:
        table.add_row(str(r.line), r.rule, r.reason, str(r.end - r.start))
    for f in article.findings:
        table.add_row(str(f.line), f.rule, f.message, str(f.end - f.start), style="magenta")
    console.print(table)
