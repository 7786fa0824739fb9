"""Which files a folder gives, under which ids: the ids are record keys and the order of
the run, so they must not depend on where the tree lives or how it is named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.inputs import InputError, iter_source_names, iter_sources

_NAME = st.text(alphabet="abc.-_é1", min_size=1, max_size=6).filter(lambda n: n not in (".", ".."))


def _reference(folder: Path) -> list[tuple[str, Path]]:
    """The rule, written the slow and obvious way: every file under no hidden folder and
    not hidden itself, its id the posix path relative to the folder, sorted by id."""
    files = [
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return sorted(((p.relative_to(folder).as_posix(), p) for p in files), key=lambda pair: pair[0])


@settings(max_examples=40, deadline=None)
@given(tree=st.lists(st.lists(_NAME, min_size=1, max_size=3), min_size=1, max_size=12))
def test_folder_ids_follow_the_rule(tmp_path_factory: pytest.TempPathFactory, tree: list[list[str]]) -> None:
    folder = tmp_path_factory.mktemp("tree")
    for parts in tree:
        *dirs, name = parts
        parent = folder.joinpath(*dirs)
        if any(p.is_file() for p in [parent, *parent.parents] if p != folder and folder in p.parents):
            continue  # a file already holds that name
        parent.mkdir(parents=True, exist_ok=True)
        if not parent.joinpath(name).is_dir():
            parent.joinpath(name).write_text("x", encoding="utf-8")
    expected = _reference(folder)
    assert [s for s in iter_sources([str(folder)]) if not isinstance(s, InputError)] == expected
    named: list[tuple[str, Path]] = []
    for source in iter_source_names([str(folder)]):
        assert not isinstance(source, InputError) and source[1] is not None
        named.append((source[0], Path(source[1])))
    assert named == expected


def test_ids_do_not_depend_on_how_the_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "docs" / "a").mkdir(parents=True)
    (tmp_path / "docs" / "a" / "1.txt").write_text("x", encoding="utf-8")
    (tmp_path / "docs" / "2.txt").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    spellings = ["docs", "docs/", "./docs", str(tmp_path / "docs"), os.path.join("docs", "a", "..")]
    ids = [[s[0] for s in iter_source_names([given]) if not isinstance(s, InputError)] for given in spellings]
    assert all(found == ["2.txt", "a/1.txt"] for found in ids)
    paths = [s[1] for s in iter_source_names(["./docs/"]) if not isinstance(s, InputError)]
    assert paths == [os.path.join("docs", "2.txt"), os.path.join("docs", "a", "1.txt")]


def test_a_file_named_and_a_missing_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "one.txt").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = list(iter_source_names(["./one.txt", "gone.txt", "-"]))
    assert found[0] == ("one.txt", "one.txt")
    assert isinstance(found[1], InputError) and found[1].name == "gone.txt"
    assert found[2] == ("-", None)
