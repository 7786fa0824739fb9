"""The persistent index of ``cleaner dedup --index``: runs through it equal one run over
all their files, ids stay put when files arrive in id order, a killed run leaves the
index as it was, two writers do not corrupt it, and ``check --index`` finds headerless
teaser blocks."""

from __future__ import annotations

import hashlib
import importlib
import json
import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from benchmarks.generate import write_corpus
from cleaner.code_fingerprint import fingerprint_of
from cleaner.dedup.index import CorpusIndex, IndexFailure
from tests.conftest import ROOT
from tests.test_seeds import run_main

# The module, not the function that cleaner.dedup (a name the package rebinds) exports.
command = importlib.import_module("cleaner.dedup.command")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("index-corpus")
    return write_corpus(root, 300, seed=23)


def files_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def copy_parts(source: Path, groups: list[list[Path]], target: Path) -> list[Path]:
    """Each group of files into its own folder, keeping their paths (hence their ids)."""
    folders = []
    for n, group in enumerate(groups):
        folder = target / f"part{n}"
        for path in group:
            destination = folder / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
        folders.append(folder)
    return folders


def random_parts(source: Path, parts: int, seed: int) -> list[list[Path]]:
    files = files_of(source)
    random.Random(seed).shuffle(files)
    return [files[n::parts] for n in range(parts)]


def dedup(paths: list[Path], out: Path, index: Path | None = None, *extra: str) -> dict[str, Any]:
    argv = ["dedup", *map(str, paths), "--out", str(out), "-q", *extra]
    if index is not None:
        argv += ["--index", str(index)]
    code, _, err = run_main(argv)
    assert code == 0, err
    report: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report


def outputs(out: Path) -> tuple[bytes, bytes, dict[str, Any]]:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return (out / "articles.jsonl").read_bytes(), (out / "teasers.jsonl").read_bytes(), report["counts"]


def teaser_ids(out: Path) -> set[str]:
    return {json.loads(line)["id"] for line in (out / "teasers.jsonl").read_text(encoding="utf-8").splitlines()}


def snapshot(index: Path) -> list[Any]:
    """Everything the index holds, as comparable values."""
    db = sqlite3.connect(index)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        documents = [
            (row[0], hashlib.sha256(b"".join(bytes(str(v), "utf-8") for v in row)).hexdigest())
            for row in db.execute("SELECT * FROM documents ORDER BY id")
        ]
        return [
            documents,
            db.execute("SELECT * FROM variants ORDER BY key").fetchall(),
            db.execute("SELECT * FROM known_titles ORDER BY hash").fetchall(),
            db.execute("SELECT * FROM meta ORDER BY key").fetchall(),
        ]
    finally:
        db.close()


@pytest.mark.parametrize("parts", [2, 5])
def test_runs_through_the_index_equal_one_run_over_all_their_files(corpus: Path, tmp_path: Path, parts: int) -> None:
    groups = random_parts(corpus, parts, seed=parts)
    folders = copy_parts(corpus, groups, tmp_path)
    index = tmp_path / "index.sqlite"
    reused = []
    for day, folder in enumerate(folders):
        report = dedup([folder], tmp_path / f"day{day}", index)
        assert report["index"]["documents_added"] == len(groups[day])
        reused.append(report["index"]["reused_teaser_clusters"])
        # After each day, the outputs are those of one run over every file so far.
        dedup(folders[: day + 1], tmp_path / f"once{day}")
        assert outputs(tmp_path / f"day{day}") == outputs(tmp_path / f"once{day}")
    assert report["index"]["documents_before"] == sum(len(g) for g in groups[:-1])
    assert any(reused), "the runs verified only the pairs of new texts"


def test_a_link_joined_at_one_run_is_decided_again_at_the_next(tmp_path: Path) -> None:
    # Alone with its title, a link joins the teaser; once a second teaser has that title,
    # one run over every file leaves it apart, and so must a run through the index.
    head = "Titre de l’article {n}\n\nLe chapeau {n}.\n\nHanoi (VNA) – Le corps {n}. – VNA\n\nVoir plus\n\n"
    title = "Le ministre reçoit l’ambassadeur du Japon à Hanoi"
    teaser = f"Légende. Photo: VNA\n\n{title}\n\nLe ministre a reçu mardi l’ambassadeur, venu présenter ses lettres.\n"
    twin = f"{title}\n\nUn tout autre article, sur la visite du ministre au Japon la semaine prochaine.\n"
    links = f"{title}\n\nLe Vietnam et le Laos renforcent leur coopération\n"
    days = [tmp_path / "day1", tmp_path / "day2"]
    for folder, pages in zip(days, [{"a": teaser, "b": teaser, "c": links}, {"d": twin}], strict=True):
        folder.mkdir()
        for name, tail in pages.items():
            (folder / f"{name}.txt").write_text(head.format(n=name) + tail, encoding="utf-8")
    index = tmp_path / "index.sqlite"
    first = dedup([days[0]], tmp_path / "out1", index)
    assert first["counts"]["teasers"] == 2  # the link joined the teaser
    dedup([days[1]], tmp_path / "out2", index)
    dedup(days, tmp_path / "once")
    assert outputs(tmp_path / "out2") == outputs(tmp_path / "once")
    assert json.loads((tmp_path / "once" / "report.json").read_text("utf-8"))["counts"]["teasers"] == 4


def test_ids_stay_put_when_new_files_come_later_in_id_order(corpus: Path, tmp_path: Path) -> None:
    files = files_of(corpus)
    half = len(files) // 2
    day1, day2 = copy_parts(corpus, [files[:half], files[half:]], tmp_path)
    index = tmp_path / "index.sqlite"
    dedup([day1], tmp_path / "out1", index)
    report = dedup([day2], tmp_path / "out2", index)
    before, after = teaser_ids(tmp_path / "out1"), teaser_ids(tmp_path / "out2")
    renamed = report["index"]["teasers_renamed"]
    # The run names every id of day 1 that it moves...
    assert before - after == {r["from"] for r in renamed}
    # ...and none moves because of a file of day 2: a teaser's id is that of its first
    # occurrence in id order, which stays in day 1 (it moves when two teasers of day 1
    # merge, or when new evidence reveals a headerless copy in a file of day 1).
    day1_ids = {p.relative_to(corpus).as_posix() for p in files[:half]}
    records = {
        r["id"]: r for r in map(json.loads, (tmp_path / "out2" / "teasers.jsonl").read_text("utf-8").splitlines())
    }
    assert all(records[r["to"]]["occurrences"][0]["article"] in day1_ids for r in renamed)
    assert len(renamed) < 0.05 * len(before)


def test_a_shuffled_split_reports_the_ids_it_moves(corpus: Path, tmp_path: Path) -> None:
    day1, day2 = copy_parts(corpus, random_parts(corpus, 2, seed=7), tmp_path)
    index = tmp_path / "index.sqlite"
    dedup([day1], tmp_path / "out1", index)
    report = dedup([day2], tmp_path / "out2", index)
    gone = teaser_ids(tmp_path / "out1") - teaser_ids(tmp_path / "out2")
    assert gone == {r["from"] for r in report["index"]["teasers_renamed"]}


def test_a_recrawled_file_replaces_its_earlier_version(corpus: Path, tmp_path: Path) -> None:
    files = files_of(corpus)
    (day1,) = copy_parts(corpus, [files], tmp_path)
    index = tmp_path / "index.sqlite"
    dedup([day1], tmp_path / "out1", index)
    recrawl = tmp_path / "recrawl"
    changed = recrawl / files[0].relative_to(corpus)
    changed.parent.mkdir(parents=True)
    changed.write_text(files[0].read_text(encoding="utf-8") + "\nUn paragraphe ajouté plus tard au corps.\n", "utf-8")
    report = dedup([recrawl], tmp_path / "out2", index)
    assert (report["index"]["documents_added"], report["index"]["documents_replaced"]) == (0, 1)
    shutil.copyfile(changed, day1 / files[0].relative_to(corpus))
    dedup([day1], tmp_path / "once")
    assert outputs(tmp_path / "out2") == outputs(tmp_path / "once")


def cleaner_process(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "cleaner", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_a_killed_run_leaves_the_index_as_it_was(tmp_path: Path) -> None:
    day1 = write_corpus(tmp_path / "day1", 100, seed=31)
    day2 = write_corpus(tmp_path / "day2", 1200, seed=32)
    index = tmp_path / "index.sqlite"
    dedup([day1], tmp_path / "out1", index)
    before = snapshot(index)
    wal = Path(f"{index}-wal")
    run = cleaner_process("dedup", str(day2), "--out", str(tmp_path / "out2"), "--index", str(index), "-q")
    # Kill it once it has written part of its transaction: the log holds uncommitted pages.
    deadline = time.monotonic() + 120
    while run.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 256 * 1024:
            break
        time.sleep(0.01)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert run.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    assert not (tmp_path / "out2" / "report.json").exists()
    assert snapshot(index) == before
    # ...and the next run starts from there as if nothing had happened.
    dedup([day2], tmp_path / "out3", index)
    dedup([day1, day2], tmp_path / "once")
    assert outputs(tmp_path / "out3") == outputs(tmp_path / "once")


def test_a_failed_first_run_leaves_no_index_behind(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    # (cleaner.dedup is also the library function, so the module is looked up by name.)
    monkeypatch.setattr(importlib.import_module("cleaner.dedup.command"), "run_corpus", broken)
    index = tmp_path / "index.sqlite"
    code, _, err = run_main(["dedup", str(corpus), "--out", str(tmp_path / "out"), "--index", str(index)])
    assert code == 2 and "No space left on device" in err
    # Only the writers' lock file stays: deleting it could let two writers in at once.
    assert [p.name for p in tmp_path.glob("index.sqlite*")] == ["index.sqlite.lock"]
    assert (tmp_path / "index.sqlite.lock").stat().st_size == 0


def test_a_second_writer_waits_for_the_first_or_stops_with_a_clear_message(corpus: Path, tmp_path: Path) -> None:
    day1, day2 = copy_parts(corpus, random_parts(corpus, 2, seed=1), tmp_path)
    index = tmp_path / "index.sqlite"
    dedup([day1], tmp_path / "out1", index)
    holder = sqlite3.connect(index, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # what a running dedup holds
    try:
        code, _, err = run_main(
            ["dedup", str(day2), "--out", str(tmp_path / "out2"), "--index", str(index), "--index-wait", "0.2", "-q"]
        )
        assert code == 2
        assert err.count("\n") == 1 and "another cleaner process is updating this index" in err
        assert not (tmp_path / "out2").exists()
        waiting = cleaner_process(
            "dedup", str(day2), "--out", str(tmp_path / "out3"), "--index", str(index), "--index-wait", "60", "-q"
        )
        time.sleep(1.0)
        assert waiting.poll() is None  # still waiting for the lock
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert waiting.wait(timeout=120) == 0, waiting.stderr.read() if waiting.stderr else ""
    dedup([day1, day2], tmp_path / "once")
    assert outputs(tmp_path / "out3") == outputs(tmp_path / "once")


def test_two_runs_at_once_both_land(corpus: Path, tmp_path: Path) -> None:
    day1, day2 = copy_parts(corpus, random_parts(corpus, 2, seed=4), tmp_path)
    index = tmp_path / "index.sqlite"
    runs = [
        cleaner_process("dedup", str(folder), "--out", str(tmp_path / f"out{n}"), "--index", str(index), "-q")
        for n, folder in enumerate((day1, day2))
    ]
    assert [run.wait(timeout=300) for run in runs] == [0, 0]
    reports = [json.loads((tmp_path / f"out{n}" / "report.json").read_text(encoding="utf-8")) for n in range(2)]
    last = max(range(2), key=lambda n: reports[n]["index"]["documents_before"])
    dedup([day1, day2], tmp_path / "once")
    assert outputs(tmp_path / f"out{last}") == outputs(tmp_path / "once")


def _write_one_variant(path: str, key: str, start: Any, results: Any) -> None:
    start.wait()  # both writers open the index at the same moment
    try:
        index = CorpusIndex.open_for_update(Path(path), {"setting": 1}, wait=30.0)
        index.store_signatures({key: b"signature"})
        time.sleep(0.01)
        index.commit()
        results.put("ok")
    except IndexFailure as exc:
        results.put(str(exc))


def test_writers_that_create_an_index_at_once_queue(tmp_path: Path) -> None:
    # Creating the file and switching it to WAL answer "locked" at once in SQLite; the
    # lock file makes the second writer wait instead (before it, about half of these
    # races stopped the second writer).
    context = multiprocessing.get_context("fork")
    for attempt in range(25):
        path = tmp_path / f"index{attempt}.sqlite"
        start, results = context.Barrier(2), context.Queue()
        writers = [
            context.Process(target=_write_one_variant, args=(str(path), key, start, results)) for key in ("a", "b")
        ]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(timeout=60)
        assert [results.get(timeout=5) for _ in writers] == ["ok", "ok"]
        with sqlite3.connect(path) as db:
            assert sorted(row[0] for row in db.execute("SELECT key FROM variants")) == ["a", "b"]


def test_the_index_refuses_other_settings_and_other_files(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index.sqlite"
    dedup([corpus], tmp_path / "out1", index)
    code, _, err = run_main(["dedup", str(corpus), "--out", str(tmp_path / "o"), "--index", str(index), "--lang", "fr"])
    assert code == 2 and "other settings (clean)" in err
    not_an_index = tmp_path / "notes.sqlite"
    not_an_index.write_text("not a database\n", encoding="utf-8")
    for command in (["dedup", str(corpus), "--out", str(tmp_path / "o")], ["check", str(files_of(corpus)[0])]):
        code, _, err = run_main([*command, "--index", str(not_an_index)])
        assert code == 2 and err.count("\n") == 1 and "notes.sqlite: not a cleaner index" in err
    assert not_an_index.read_text(encoding="utf-8") == "not a database\n"
    code, _, err = run_main(["check", str(files_of(corpus)[0]), "--index", str(tmp_path / "missing.sqlite")])
    assert code == 2 and "missing.sqlite: no such index" in err


def test_the_index_refuses_extracts_of_other_code(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rule changed in a checkout keeps the version number: the code's digest tells.
    index = tmp_path / "index.sqlite"
    dedup([corpus], tmp_path / "out1", index)
    monkeypatch.setattr(command, "code_fingerprint", lambda: "0" * 16)
    code, _, err = run_main(["dedup", str(corpus), "--out", str(tmp_path / "o"), "--index", str(index)])
    assert code == 2 and err.count("\n") == 1
    assert "built by another version of cleaner's code; build a new index" in err
    assert not (tmp_path / "o" / "articles.jsonl").exists()


def test_the_code_digest_follows_every_module_and_nothing_else(tmp_path: Path) -> None:
    package = tmp_path / "cleaner"
    shutil.copytree(ROOT / "cleaner", package, ignore=shutil.ignore_patterns("__pycache__"))
    before = fingerprint_of(package)
    assert before == fingerprint_of(ROOT / "cleaner")
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"compiled")
    (package / "profiles" / "notes.txt").write_text("not code\n", encoding="utf-8")
    assert fingerprint_of(package) == before
    rule = package / "rules" / "captions.py"
    rule.write_text(rule.read_text(encoding="utf-8").replace("_MAX_ALT_TEXT = 300", "_MAX_ALT_TEXT = 301"), "utf-8")
    changed = fingerprint_of(package)
    assert changed != before
    (package / "rules" / "new_rule.py").write_text("", encoding="utf-8")
    assert fingerprint_of(package) not in (before, changed)


def test_check_with_the_index_finds_headerless_teaser_blocks(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index.sqlite"
    dedup([corpus], tmp_path / "out", index)
    articles = [json.loads(line) for line in (tmp_path / "out" / "articles.jsonl").read_text("utf-8").splitlines()]
    headerless = [a["id"] for a in articles if any(r["rule"] == "T204" for r in a["removed"])]
    assert headerless, "the generated corpus has headerless blocks"
    target = tmp_path / "new.txt"  # a new file, alone: only the index knows its teasers
    shutil.copyfile(corpus / headerless[0], target)
    code, alone, _ = run_main(["check", str(target)])
    assert " T204 " not in alone
    code, found, _ = run_main(["check", str(target), "--index", str(index)])
    assert code == 1 and " T204 " in found
    code, _, _ = run_main(["check", str(target), "--index", str(index), "--fix"])
    assert code == 1
    code, after, _ = run_main(["check", str(target), "--index", str(index)])
    assert code == 0 and after == ""
