"""The command line as users run it: filters, formats, check --fix, bad input, progress."""

from __future__ import annotations

import importlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner.cli
import cleaner.io
from tests.conftest import FIXTURES, SEED_NAMES, gold_text, seed_text
from tests.test_seeds import run_main

SEEDS = FIXTURES / "seeds"


def test_several_paths_and_folders_are_cleaned_in_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(seed_text(SEED_NAMES[1]), encoding="utf-8")
    (tmp_path / "a.txt").write_text(seed_text(SEED_NAMES[0]), encoding="utf-8")
    code, out, err = run_main(["clean", str(tmp_path), str(SEEDS / f"{SEED_NAMES[2]}.txt")])
    assert (code, err) == (0, "")
    assert out == gold_text(SEED_NAMES[0]) + gold_text(SEED_NAMES[1]) + gold_text(SEED_NAMES[2])


def test_out_writes_one_file_per_input_under_its_relative_path(tmp_path: Path) -> None:
    code, _, err = run_main(["clean", str(SEEDS), "--out", str(tmp_path / "clean")])
    assert (code, err) == (0, "")
    for name in SEED_NAMES:
        assert (tmp_path / "clean" / f"{name}.txt").read_text(encoding="utf-8") == gold_text(name)
    assert not list((tmp_path / "clean").glob(".*"))  # no temporary file left behind


def test_jsonl_input_keeps_other_fields_and_jsonl_output_writes_them_back() -> None:
    records = [{"id": name, "url": f"https://fr.vietnamplus.vn/{name}", "text": seed_text(name)} for name in SEED_NAMES]
    stdin = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    code, out, err = run_main(["clean", "--input-format", "jsonl", "--format", "jsonl"], stdin=stdin)
    assert (code, err) == (0, "")
    produced = [json.loads(line) for line in out.splitlines()]
    assert [p["id"] for p in produced] == SEED_NAMES
    for record, name in zip(produced, SEED_NAMES, strict=True):
        assert record["url"] == f"https://fr.vietnamplus.vn/{name}"
        assert record["text"] == gold_text(name)


def test_jsonl_is_detected_on_stdin_in_auto_mode() -> None:
    stdin = json.dumps({"id": "x", "text": seed_text(SEED_NAMES[0])}) + "\n"
    code, out, _ = run_main(["clean"], stdin=stdin)
    assert code == 0 and out == gold_text(SEED_NAMES[0])


@pytest.mark.parametrize("name", ["vna_fr_article.html", "vietnamnet_en_article.html"])
def test_html_pages_are_extracted_then_cleaned(name: str) -> None:
    for argv in (
        ["clean", "--format", "jsonl", str(FIXTURES / "html" / name)],
        ["clean", "--format", "jsonl", "--input-format", "html", "-"],
    ):
        stdin = (FIXTURES / "html" / name).read_text(encoding="utf-8") if argv[-1] == "-" else None
        code, out, err = run_main(argv, stdin=stdin)
        assert (code, err) == (0, "")
        record = json.loads(out)
        paragraphs = record["text"].rstrip("\n").split("\n\n")
        assert paragraphs[0] == record["title"]
        assert record["lead"] == paragraphs[1]
        assert paragraphs[2].startswith(("Vientiane (VNA) –", "Hanoi (VNA) –"))
        assert paragraphs[-1].endswith("– VNA")
        text = record["text"]
        for boilerplate in (
            "ảnh 1",
            "hinh anh 1",
            "Photo",
            "Voir plus",
            "Related news",
            "Hanoi hosts digital",
            "Partager",
            "Share",
            "©",
        ):
            assert boilerplate not in text


def test_html_related_list_inside_the_body_becomes_teasers() -> None:
    code, out, _ = run_main(["clean", "--format", "jsonl", str(FIXTURES / "html" / "vietnamnet_en_article.html")])
    assert code == 0
    record = json.loads(out)
    assert [t["title"] for t in record["teasers"]] == [
        "Prime Minister meets Japanese investors in Tokyo",
        "Hanoi hosts digital economy forum",
    ]
    assert record["lang"] == "en"


def test_check_fails_on_raw_seeds_and_passes_on_gold() -> None:
    code, out, _ = run_main(["check", str(SEEDS)])
    assert code == 1
    lines = out.splitlines()
    assert all(line.split(":", 3)[1].isdigit() and line.split(":", 3)[2].isdigit() for line in lines)
    assert f"{SEEDS / SEED_NAMES[4]}.txt:9:1: C101 " in out
    assert f"{SEEDS / SEED_NAMES[4]}.txt:33:1: T201 teaser-list header" in out
    gold = [str(p) for p in sorted((FIXTURES / "gold").glob("*.clean.txt"))]
    assert run_main(["check", *gold])[0] == 0


def test_check_select_and_ignore_take_codes_and_prefixes() -> None:
    seed = str(SEEDS / f"{SEED_NAMES[4]}.txt")
    _, out, _ = run_main(["check", "--select", "C1", seed])
    assert {line.split()[1] for line in out.splitlines()} == {"C101"}
    _, out, _ = run_main(["check", "--ignore", "T,C101", seed])
    assert out == ""
    code, _, err = run_main(["check", "--select", "X9", seed])
    assert code == 2 and "unknown rule code" in err and err.count("\n") == 1


def test_check_fix_rewrites_files_in_place(tmp_path: Path) -> None:
    for name in SEED_NAMES:
        (tmp_path / f"{name}.txt").write_text(seed_text(name), encoding="utf-8")
    code, out, _ = run_main(["check", "--fix", str(tmp_path)])
    assert code == 1
    assert out.count("Fixing ") == len(SEED_NAMES)
    for name in SEED_NAMES:
        assert (tmp_path / f"{name}.txt").read_text(encoding="utf-8") == gold_text(name)
    code, out, _ = run_main(["check", "--fix", str(tmp_path)])
    assert code == 0 and "Fixing" not in out


def test_a_failure_while_writing_leaves_the_original_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "raw.txt"
    original = seed_text(SEED_NAMES[0])
    target.write_text(original, encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("cleaner.io.os.fsync", broken_fsync)
    code, _, err = run_main(["check", "--fix", str(target)])
    assert code == 2
    assert err == f"cleaner: {target}: cannot write: No space left on device\n"
    assert target.read_text(encoding="utf-8") == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw.txt"]


def test_check_fix_goes_on_past_a_file_it_cannot_rewrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SEED_NAMES[:3]:
        (tmp_path / f"{name}.txt").write_text(seed_text(name), encoding="utf-8")
    refused = tmp_path / f"{SEED_NAMES[1]}.txt"
    real = tempfile.mkstemp

    def mkstemp(prefix: str, suffix: str, dir: Path) -> tuple[int, str]:
        if prefix == f".{refused.name}.":
            raise OSError(28, "No space left on device")
        return real(prefix=prefix, suffix=suffix, dir=dir)

    monkeypatch.setattr("cleaner.io.tempfile.mkstemp", mkstemp)
    code, out, err = run_main(["check", "--fix", str(tmp_path)])
    assert code == 2
    assert err == f"cleaner: {refused}: cannot write: No space left on device\n"
    assert out.count("Fixing ") == 2 and f"Fixing {refused.as_posix()}" not in out
    assert refused.read_text(encoding="utf-8") == seed_text(SEED_NAMES[1])
    for name in (SEED_NAMES[0], SEED_NAMES[2]):
        assert (tmp_path / f"{name}.txt").read_text(encoding="utf-8") == gold_text(name)


@pytest.mark.parametrize("command", ["clean", "dedup"])
def test_an_out_that_is_a_file_stops_the_command_with_one_line(tmp_path: Path, command: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(seed_text(SEED_NAMES[0]), encoding="utf-8")
    taken = tmp_path / "taken"
    taken.write_text("not a folder\n", encoding="utf-8")
    for out, reason in ((taken, "not a folder"), (taken / "below", "cannot create the folder: Not a directory")):
        code, stdout, err = run_main([command, str(tmp_path / "in"), "--out", str(out), "-q"])
        assert (code, stdout) == (2, "")
        assert err == f"cleaner: {out}: {reason}" + (", cannot write outputs into it\n" if out == taken else "\n")
    assert taken.read_text(encoding="utf-8") == "not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "taken"]


def test_clean_out_reports_an_output_it_cannot_write_and_writes_the_others(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in SEED_NAMES[:2]:
        (tmp_path / "in" / f"{name}.txt").write_text(seed_text(name), encoding="utf-8")
    blocked = tmp_path / "out" / f"{SEED_NAMES[0]}.txt"
    blocked.mkdir(parents=True)  # a folder where the output file would go
    code, _, err = run_main(["clean", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-q"])
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"cleaner: {blocked}: cannot write: ")
    assert blocked.is_dir() and not any(blocked.iterdir())
    assert (tmp_path / "out" / f"{SEED_NAMES[1]}.txt").read_text(encoding="utf-8") == gold_text(SEED_NAMES[1])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"{n}.txt" for n in SEED_NAMES[:2])


@pytest.mark.parametrize("jobs", ["1", "2"])  # with 2, the outputs are written by threads
def test_dedup_on_a_full_disk_says_which_output_and_leaves_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("cleaner.io.os.fsync", broken_fsync)
    out = tmp_path / "out"
    code, _, err = run_main(["dedup", str(SEEDS), "--out", str(out), "-q", "--jobs", jobs])
    assert code == 2
    assert err == f"cleaner: {out / 'teasers.jsonl'}: cannot write: No space left on device\n"  # finished first
    assert list(out.iterdir()) == []  # not even a temporary file


def test_dedup_with_no_room_for_its_temporary_files_says_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The spill takes the teasers' texts out of memory into a temporary file.
    def full(self: object, *args: object) -> None:
        raise OSError(28, "No space left on device")

    spill = importlib.import_module("cleaner.dedup.spill")  # cleaner.dedup is also a function's name
    monkeypatch.setattr(spill.StringSpill, "put", full)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    out = tmp_path / "out"
    code, _, err = run_main(["dedup", str(SEEDS), "--out", str(out), "-q", "--jobs", "1"])
    assert code == 2
    assert err == (
        f"cleaner: {tmp_path}: cannot write the run's temporary files: No space left on device; "
        "set TMPDIR to a folder with room\n"
    )
    assert list(out.iterdir()) == []


def test_a_write_refused_through_a_guarded_writer_names_the_output(tmp_path: Path) -> None:
    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    write = cleaner.io.guarded_writer(Full(), tmp_path / "articles.jsonl")
    with pytest.raises(cleaner.io.OutputError, match=r"articles\.jsonl: cannot write: No space left on device$"):
        write("a line\n")
    assert cleaner.io.guarded_writer(io.StringIO(), tmp_path / "x")("a line\n") == len("a line\n")


def writer_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name.startswith("write ")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(max_size=20), max_size=40), st.integers(1, 64))
def test_a_background_writer_writes_every_byte_in_order(pieces: list[bytes], chunk_bytes: int) -> None:
    handle = io.BytesIO()
    with cleaner.io.background_writer(handle, Path("out.jsonl"), chunk_bytes) as write:
        for piece in pieces:
            assert write(piece) == len(piece)
    assert handle.getvalue() == b"".join(pieces)
    assert writer_threads() == []


def test_a_write_refused_in_the_background_is_raised_naming_the_output(tmp_path: Path) -> None:
    class Full(io.BytesIO):
        def write(self, data: Any) -> int:
            raise OSError(28, "No space left on device")

    # More chunks than may wait: the refusing thread must not leave the writer waiting.
    with (
        pytest.raises(cleaner.io.OutputError, match=r"articles\.jsonl: cannot write: No space left on device$"),
        cleaner.io.background_writer(Full(), tmp_path / "articles.jsonl", chunk_bytes=4) as write,
    ):
        for _ in range(100):
            write(b"a line\n")
    assert writer_threads() == []


def test_a_background_writer_stops_when_its_block_fails() -> None:
    # What is written is a start of the lines (the rest is dropped: the atomic file that
    # holds them is dropped too), the block's exception passes through unchanged, and
    # the thread is gone.
    handle = io.BytesIO()
    lines = [b"line %d\n" % n for n in range(1000)]
    with pytest.raises(KeyError), cleaner.io.background_writer(handle, Path("out.jsonl"), chunk_bytes=64) as write:
        for line in lines:
            write(line)
        write(b"unfinished")  # less than a chunk: still pending when the block fails
        raise KeyError("the run failed")
    written = handle.getvalue()
    assert (b"".join(lines) + b"unfinished").startswith(written)
    assert writer_threads() == []


def bad_inputs(folder: Path) -> dict[str, str]:
    """Bad files beside a good one; their names and the words their error must use."""
    (folder / "good.txt").write_text(seed_text(SEED_NAMES[0]), encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "latin1.txt").write_bytes("Titre\n\nCafé à Hanoï\n".encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, nothing on disk
    return {"binary.txt": "binary", "latin1.txt": "invalid UTF-8", "empty.txt": "empty", "huge.txt": "too large"}


def test_the_default_size_limit_is_ten_megabytes_as_the_help_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, size in (("over.txt", 10_000_001), ("at.txt", 10_000_000)):
        with (tmp_path / name).open("wb") as handle:
            handle.truncate(size)  # sparse zeros: past the size check, refused as binary
    code, _, err = run_main(["check", str(tmp_path / "over.txt"), str(tmp_path / "at.txt")])
    assert code == 2
    over, at = sorted(err.splitlines(), key=lambda line: "at.txt" in line)
    assert "over.txt" in over and "limit 10.0 MB; see --max-size" in over
    assert "at.txt" in at and "too large" not in at
    with pytest.raises(SystemExit):
        cleaner.cli.main(["clean", "--help"])
    assert "(default: 10 MB)" in " ".join(capsys.readouterr().out.split())


def test_bad_input_gets_one_line_each_and_the_good_files_are_processed(tmp_path: Path) -> None:
    expected = bad_inputs(tmp_path)
    code, out, err = run_main(["clean", str(tmp_path), str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o")])
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == len(expected) + 1
    for name, words in expected.items():
        assert any(name in line and words in line for line in lines), (name, lines)
    assert any("missing.txt" in line and "no such file" in line for line in lines)
    assert "Traceback" not in err
    assert (tmp_path / "o" / "good.txt").read_text(encoding="utf-8") == gold_text(SEED_NAMES[0])
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["good.txt"]


def test_a_jsonl_file_of_other_records_prints_ten_errors_and_a_count(tmp_path: Path) -> None:
    lines = [json.dumps({"label": n}) for n in range(40)]
    lines.insert(25, json.dumps({"id": "kept", "text": seed_text(SEED_NAMES[0])}))
    (tmp_path / "truth.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_main(["clean", str(tmp_path / "truth.jsonl")])
    assert code == 2 and "Traceback" not in err
    errors = err.splitlines()
    assert len(errors) == 11
    assert all(f"truth.jsonl:{n}: a record needs a string field 'text'" in errors[n - 1] for n in range(1, 11))
    assert errors[10].endswith("truth.jsonl: 30 more bad records not listed (40 in all)")
    assert out == gold_text(SEED_NAMES[0])  # the good record, between the bad ones, is cleaned


def test_errors_replace_keeps_going_and_reports_the_damage(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("Titre\n\nCafé à Hanoï\n".encode("latin-1"))
    code, out, _ = run_main(["clean", "--errors", "replace", str(tmp_path / "latin1.txt")])
    assert code == 0 and "Caf\ufffd" in out
    _, out, _ = run_main(["check", "--errors", "replace", str(tmp_path / "latin1.txt")])
    assert " D402 " in out


def test_an_unreadable_file_is_reported_and_the_others_processed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(seed_text(SEED_NAMES[0]), encoding="utf-8")
    (tmp_path / "b.txt").write_text(seed_text(SEED_NAMES[1]), encoding="utf-8")
    real = cleaner.inputs._read_bytes

    def read(path: Path, max_bytes: int) -> bytes:
        if path.name == "a.txt":  # root reads everything, so refusal is simulated
            raise PermissionError(13, "Permission denied")
        return real(path, max_bytes)

    monkeypatch.setattr(cleaner.inputs, "_read_bytes", read)
    code, out, err = run_main(["clean", str(tmp_path)])
    assert code == 2
    assert err == f"cleaner: {(tmp_path / 'a.txt').as_posix()}: cannot read: Permission denied\n"
    assert out == gold_text(SEED_NAMES[1])


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_as_a_real_subprocess(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Titre\n", encoding="utf-8")
    secret.chmod(0)
    done = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(secret)], capture_output=True, text=True)
    assert done.returncode == 2 and "Permission denied" in done.stderr


def test_subprocess_bad_input_exit_code_and_no_traceback(tmp_path: Path) -> None:
    bad_inputs(tmp_path)
    done = subprocess.run([sys.executable, "-m", "cleaner", "check", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 4
    assert "good.txt:7:1: C101" in done.stdout


def test_clean_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.mkdir()
    for n in range(300):
        (big / f"{n:04d}.txt").write_text(seed_text(SEED_NAMES[n % 5]), encoding="utf-8")
    command = f"set -o pipefail; '{sys.executable}' -m cleaner clean '{big}' | head -1"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout == gold_text(SEED_NAMES[0]).split("\n")[0] + "\n"


def test_usage_errors_are_one_line_with_exit_2() -> None:
    for argv in (["frobnicate"], ["clean", "--format", "xml"], ["dedup", "x"], ["clean", "--max-size", "0", "-"]):
        code, out, err = run_main(argv, stdin="")
        assert (code, out) == (2, ""), argv
        assert err.count("\n") == 1 and err.startswith("cleaner: "), (argv, err)


def test_internal_errors_are_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cleaner.cli, "clean", boom)
    code, _, err = run_main(["clean", "-"], stdin="Titre\n")
    assert code == 2 and err == "cleaner: internal error: RuntimeError: kaboom\n"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_not_when_quiet(tmp_path: Path) -> None:
    for argv in (
        ["dedup", str(SEEDS), "--out", str(tmp_path / "o")],
        ["clean", str(SEEDS), "--out", str(tmp_path / "c")],
    ):
        terminal, out = Terminal(), io.StringIO()
        assert cleaner.cli.main(argv, stdout=out, stderr=terminal) == 0
        assert "cleaning" in terminal.getvalue()
        piped = io.StringIO()
        assert cleaner.cli.main(argv, stdout=io.StringIO(), stderr=piped) == 0
        assert piped.getvalue() == ""
        quiet = Terminal()
        assert cleaner.cli.main([*argv, "--quiet"], stdout=io.StringIO(), stderr=quiet) == 0
        assert quiet.getvalue() == ""


def test_rules_command_lists_every_code() -> None:
    code, out, _ = run_main(["rules"])
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == list(cleaner.RULES)


def test_the_readme_documents_every_rule_code_by_its_name() -> None:
    readme = (FIXTURES.parent / "README.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| ([A-Z]\d{3}) \| ([a-z-]+) \|", readme, flags=re.M))
    assert documented == {code: info.name for code, info in cleaner.RULES.items()}


def test_start_up_leaves_out_what_a_run_may_not_need() -> None:
    # Every pre-commit hook and every dedup run pays the CLI's start-up: ftfy (mojibake
    # measure), rich (progress bars, the summary table) and filelock (index runs) are
    # imported when used. The D403 tests show ftfy is still found when it is needed.
    code = (
        "import sys, cleaner.cli, cleaner.dedup.command; "
        "print(' '.join(m for m in ('ftfy', 'rich', 'filelock') if m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == ""
