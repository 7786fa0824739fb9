"""The real pre-commit, through `pre-commit try-repo` against this repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.generate import write_corpus
from tests.conftest import ROOT, SEED_NAMES, gold_text, seed_text
from tests.test_seeds import run_main

pytestmark = pytest.mark.slow


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def init_repo(repo: Path) -> None:
    repo.mkdir(exist_ok=True)
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "ci@example.org")
    git(repo, "config", "user.name", "CI")


def test_pre_commit_hook_fails_on_raw_scrapes_then_passes_once_fixed(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "scrapes"
    init_repo(repo)
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


def test_pre_commit_hook_with_an_index_finds_headerless_teaser_blocks(tmp_path: Path) -> None:
    """The hook configured as the README shows, with `args: [--index, corpus.sqlite]`."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    args_line = "args: [--index, corpus.sqlite]"
    assert args_line in (ROOT / "README.md").read_text(encoding="utf-8")
    # This working tree as a hook repository (pre-commit installs hooks from a commit).
    hooks = tmp_path / "hooks"
    for name in ("cleaner", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, hooks / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            hooks.mkdir(exist_ok=True)
            shutil.copyfile(source, hooks / name)
    init_repo(hooks)
    git(hooks, "add", "-A")
    git(hooks, "commit", "-q", "-m", "hooks")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hooks, check=True, capture_output=True, text=True)

    repo = tmp_path / "scrapes"
    corpus = write_corpus(tmp_path / "corpus", 120, seed=41)
    assert (
        run_main(["dedup", str(corpus), "--out", str(tmp_path / "out"), "--index", str(repo / "corpus.sqlite")])[0] == 0
    )
    articles = [json.loads(line) for line in (tmp_path / "out" / "articles.jsonl").read_text("utf-8").splitlines()]
    headerless = next(a["id"] for a in articles if any(r["rule"] == "T204" for r in a["removed"]))
    init_repo(repo)
    (repo / "new.txt").write_text((corpus / headerless).read_text(encoding="utf-8"), encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev.stdout.strip()}\n    hooks:\n"
        f"      - id: cleaner-check\n        {args_line}\n",
        encoding="utf-8",
    )
    git(repo, "add", "new.txt", ".pre-commit-config.yaml")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    command = [sys.executable, "-m", "pre_commit", "run", "--files", "new.txt", "--verbose"]
    result = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 1, result.stdout + result.stderr
    assert " T204 " in result.stdout
