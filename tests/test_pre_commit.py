"""The real pre-commit, through `pre-commit try-repo` against this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED_NAMES, gold_text, seed_text

pytestmark = pytest.mark.slow


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_pre_commit_hook_fails_on_raw_scrapes_then_passes_once_fixed(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "scrapes"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "ci@example.org")
    git(repo, "config", "user.name", "CI")
    (repo / "raw.txt").write_text(seed_text(SEED_NAMES[4]), encoding="utf-8")
    (repo / "clean.txt").write_text(gold_text(SEED_NAMES[0]), encoding="utf-8")
    git(repo, "add", "raw.txt", "clean.txt")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "cleaner-check", "--verbose"]

    first = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "raw.txt:9:1: C101" in first.stdout
    assert "clean.txt:" not in first.stdout  # the clean file has no finding

    (repo / "raw.txt").write_text(gold_text(SEED_NAMES[4]), encoding="utf-8")
    git(repo, "add", "raw.txt")
    second = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
