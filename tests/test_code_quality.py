"""ruff and mypy are part of the test suite, so CI fails when either complains."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "ruff", "check", "cleaner", "tests", "benchmarks"],
        [sys.executable, "-m", "ruff", "format", "--check", "cleaner", "tests", "benchmarks"],
        [sys.executable, "-m", "mypy", "cleaner", "tests", "benchmarks"],
    ],
    ids=["ruff", "ruff-format", "mypy"],
)
def test_tool_is_clean(command: list[str]) -> None:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


# Calls of a compiled pattern that scan text. The `regex` module releases the GIL for
# each of them (and for each match of a findall) unless told not to; a cleaning process
# has one thread, so the release is pure cost: 2.3 % of a worker's instructions.
_SCANS = {"match", "fullmatch", "search", "findall", "finditer", "sub", "subn"}
# Patterns of the standard `re` module, which always keeps the GIL and has no such keyword.
_STANDARD_RE = {
    "words",
    "to_agency",
    "BADNESS_RE",
    "re",
    "_LINK_MARK",
    "_HAS_UNSPACED",
    "_BLANK_SEPARATED",
    "_DIGIT_RUNS",
    "_DIGIT",
    "copyright_hint",
    "_LIST_MARKER",
    "_EMPHASIS",
    "_MARKDOWN_LINK",
    "_URL_LINE",
    "_UNSPACED",
    "_SUFFIX_SEPARATOR",
    "_NAME_AFTER_DASH",
    "_LONE_LIST_MARK",
    "_MARKDOWN_IMAGE",
}


def _receiver(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""


def test_regex_scans_keep_the_gil() -> None:
    releasing: list[str] = []
    for path in sorted((ROOT / "cleaner").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in _SCANS or _receiver(node.func.value) in _STANDARD_RE:
                continue
            if not any(k.arg == "concurrent" for k in node.keywords):
                releasing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert releasing == [], "regex calls without concurrent=False: " + ", ".join(releasing)
