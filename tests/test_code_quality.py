"""ruff and mypy are part of the test suite, so CI fails when either complains."""

from __future__ import annotations

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
