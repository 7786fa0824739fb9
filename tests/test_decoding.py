"""Reading text as written: bytes with the byte-order marks of UTF-8, UTF-16 and UTF-32
or in a legacy encoding named with --encoding, and characters a scraper left as HTML
character references."""

from __future__ import annotations

import codecs
import html
import json
import random
from html.entities import html5
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.decoding import DecodeFailure, check_encoding, decode
from cleaner.text import decode_references
from tests.conftest import SEED_NAMES, gold_text, seed_text
from tests.test_seeds import run_main

# What a Windows editor, a database export or a legacy scraper saves text as.
_MARKED = (
    ("utf-8-sig", b""),
    ("utf-16", b""),  # the machine's order, with its mark
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32", b""),
    ("utf-32-le", codecs.BOM_UTF32_LE),
    ("utf-32-be", codecs.BOM_UTF32_BE),
)


@pytest.mark.parametrize(("codec", "mark"), _MARKED)
def test_a_marked_file_cleans_as_its_utf8_copy(tmp_path: Path, codec: str, mark: bytes) -> None:
    name = SEED_NAMES[0]
    path = tmp_path / "article.txt"
    path.write_bytes(mark + seed_text(name).encode(codec))
    code, out, err = run_main(["clean", str(path)])
    assert (code, err) == (0, "")
    assert out == gold_text(name)


@given(st.text(st.characters(blacklist_categories=["Cs"]), max_size=200), st.sampled_from(_MARKED))
def test_the_mark_decides_whatever_encoding_is_asked(text: str, marked: tuple[str, bytes]) -> None:
    codec, mark = marked
    data = mark + text.encode(codec)
    assert decode(data) == text
    assert decode(data, "cp1251") == text


@pytest.mark.parametrize(
    ("codec", "text"),
    [
        ("cp1251", "Заголовок\n\nМосква (ВИА) – Текст статьи.\n"),
        ("koi8-r", "Заголовок\n\nМосква (ВИА) - Текст статьи.\n"),
        ("gb18030", "越南与古巴加强合作\n\n河内（越通社）——正文。\n"),
        ("cp1252", "Titre\n\nHanoï (VNA) – Le café à l’œuvre.\n"),
    ],
)
def test_a_legacy_encoding_is_read_when_named(tmp_path: Path, codec: str, text: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(codec))
    code, _, err = run_main(["clean", str(path)])
    assert code == 2 and "article.txt: invalid UTF-8 at byte" in err and "--encoding" in err
    code, out, err = run_main(["clean", str(path), "--encoding", codec])
    assert (code, err) == (0, "")
    assert out == text


def test_an_unknown_or_bytes_only_encoding_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("Titre\n\nTexte.\n", encoding="utf-8")
    for name, words in (("nope", "unknown encoding 'nope'"), ("base64", "'base64' is not a text encoding")):
        code, out, err = run_main(["clean", str(path), "--encoding", name])
        assert (code, out) == (2, "")
        assert words in err and "Traceback" not in err
    assert check_encoding("windows-1258") == "windows-1258"


def test_a_cut_utf16_file_names_the_byte_and_does_not_suggest_another_encoding(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    # The mark (2 bytes), 14 characters (28), then half a unit.
    path.write_bytes(codecs.BOM_UTF16_LE + "Titre\n\nTexte.\n".encode("utf-16-le") + b"\x41")
    code, out, err = run_main(["clean", str(path)])
    assert (code, out) == (2, "")
    expected = "invalid UTF-16-LE at byte 30 (use --errors=replace to keep going)"
    assert err.strip() == f"cleaner: {path.as_posix()}: {expected}"
    with pytest.raises(DecodeFailure):
        decode(path.read_bytes(), "cp1252")
    assert decode(path.read_bytes(), errors="replace").endswith("\ufffd")


def test_nul_bytes_without_a_mark_are_still_a_binary_file(tmp_path: Path) -> None:
    # UTF-16 without its mark is refused as binary: nothing says which order it has.
    path = tmp_path / "unmarked.txt"
    path.write_bytes("Titre\n\nTexte.\n".encode("utf-16-le"))
    code, _, err = run_main(["clean", str(path), "--encoding", "utf-16-le"])
    assert code == 2 and "binary file" in err


def test_json_lines_stay_utf8_whatever_encoding_is_named(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Titre\n\nCafé à Hanoï.\n"}, ensure_ascii=False) + "\n", "utf-8")
    code, out, err = run_main(["clean", str(path), "--encoding", "cp1251", "--format", "jsonl"])
    assert (code, err) == (0, "")
    assert json.loads(out)["text"] == "Titre\n\nCafé à Hanoï.\n"


def test_dedup_reads_the_named_encoding_in_its_workers(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in SEED_NAMES:
        (docs / f"{name}.txt").write_bytes(seed_text(name).encode("utf-16"))
    (docs / "legacy.txt").write_bytes("Titre\n\nHanoï (VNA) – Le café.\n".encode("cp1252"))
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        code, _, err = run_main(["dedup", str(docs), "--out", str(out), "-q", "--jobs", jobs, "--encoding", "cp1252"])
        assert (code, err) == (0, "")
        outputs[jobs] = (out / "articles.jsonl").read_bytes()
    assert outputs["1"] == outputs["2"]
    texts = {r["id"]: r["text"] for r in map(json.loads, outputs["1"].decode("utf-8").splitlines())}
    assert texts["legacy.txt"] == "Titre\n\nHanoï (VNA) – Le café.\n"
    assert all(texts[f"{name}.txt"] == gold_text(name) for name in SEED_NAMES)


# Not the controls: HTML reads NUL and the C1 controls by number as other characters.
@given(st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=60), st.randoms(use_true_random=False))
def test_characters_written_as_html_references_read_as_themselves(text: str, rng: random.Random) -> None:
    """A page's source writes a character by decimal or hexadecimal number or by name."""
    names = {character: name for name, character in html5.items() if name.endswith(";") and len(character) == 1}
    written = []
    for character in text:
        form = rng.randrange(4)
        if form == 1:
            written.append(f"&#{ord(character)};")
        elif form == 2:
            written.append(f"&#x{ord(character):X};")
        elif form == 3 and character in names:
            written.append(f"&{names[character]}")
        else:
            written.append(html.escape(character, quote=False))  # "&" itself as "&amp;"
    assert decode_references("".join(written)) == text


def test_numbers_html_reads_as_other_characters() -> None:
    assert decode_references("&#0;&#150;&#x92;&#xD800;&#x110000;") == "\ufffd\u2013\u2019\ufffd\ufffd"


@pytest.mark.parametrize(
    "text",
    ["R&D, M&A et AT&T", "&notice &copy &amp", "Tom & Jerry; 5 &lt 6", "&#;&#x;&;&1abc;", "&" + "a" * 40 + ";"],
)
def test_what_is_not_a_whole_reference_stays(text: str) -> None:
    assert decode_references(text) == text


def test_a_reference_escaped_twice_is_read_through() -> None:
    assert decode_references("l&amp;#39;arm&amp;eacute;e &amp;amp;amp;") == "l'armée &"


@pytest.mark.parametrize(("codec", "mark"), [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_a_fixed_file_keeps_its_encoding_and_its_mark(tmp_path: Path, codec: str, mark: bytes) -> None:
    name = SEED_NAMES[0]
    path = tmp_path / "article.txt"
    path.write_bytes(mark + seed_text(name).encode(codec))
    code, _, err = run_main(["check", "--fix", str(path)])
    assert (code, err) == (1, "")
    assert path.read_bytes() == mark + gold_text(name).encode(codec)


def test_a_fixed_legacy_file_stays_in_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes("Titre\n\nChapeau.\n\nHanoi (VNA) – Le café.\n\nPartager\n".encode("cp1252"))
    code, _, err = run_main(["check", "--fix", "--encoding", "cp1252", str(path)])
    assert (code, err) == (1, "")
    assert path.read_bytes() == "Titre\n\nChapeau.\n\nHanoi (VNA) – Le café.\n".encode("cp1252")


def test_a_file_whose_fix_its_encoding_cannot_hold_is_left_as_it_was(tmp_path: Path) -> None:
    # A reference decoded to a character the file's encoding has no code for.
    path = tmp_path / "article.txt"
    raw = "Titre\n\nChapeau &#x4E2D;.\n\nHanoi (VNA) – Le café.\n\nPartager\n".encode("cp1252")
    path.write_bytes(raw)
    code, _, err = run_main(["check", "--fix", "--encoding", "cp1252", str(path)])
    assert code == 2
    assert err.strip() == f"cleaner: {path.as_posix()}: not fixed: '中' has no code in cp1252, the file's encoding"
    assert path.read_bytes() == raw and sorted(p.name for p in tmp_path.iterdir()) == ["article.txt"]
