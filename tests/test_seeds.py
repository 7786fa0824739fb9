"""The seeds clean exactly to their gold, through the library and the command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import cleaner
from cleaner.cli import main
from tests.conftest import FIXTURES, gold_text, seed_text


def gold_teasers(name: str) -> list[dict[str, str]]:
    path = FIXTURES / "gold" / f"{name}.teasers.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def run_main(argv: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        old = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
        try:
            code = main(argv, stdout=out, stderr=err)
        finally:
            sys.stdin = old
    else:
        code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_library_clean_equals_gold(seed_name: str) -> None:
    assert cleaner.clean(seed_text(seed_name)).text == gold_text(seed_name)


def test_teasers_equal_gold(seed_name: str) -> None:
    article = cleaner.clean(seed_text(seed_name))
    parsed = [{"caption": t.caption, "title": t.title, "summary": t.summary} for t in article.teasers]
    assert parsed == gold_teasers(seed_name)


def test_cli_clean_path_equals_gold(seed_name: str) -> None:
    code, out, err = run_main(["clean", str(FIXTURES / "seeds" / f"{seed_name}.txt")])
    assert (code, err) == (0, "")
    assert out == gold_text(seed_name)


def test_cli_clean_stdin_and_dash_equal_gold(seed_name: str) -> None:
    for argv in (["clean"], ["clean", "-"]):
        code, out, _ = run_main(argv, stdin=seed_text(seed_name))
        assert code == 0
        assert out == gold_text(seed_name)


def test_jsonl_record_has_the_article_schema(seed_name: str) -> None:
    path = FIXTURES / "seeds" / f"{seed_name}.txt"
    code, out, _ = run_main(["clean", "--format", "jsonl", str(path)])
    assert code == 0
    record = json.loads(out)
    assert list(record) == ["id", "title", "lead", "text", "lang", "captions", "teasers", "removed"]
    assert record["id"] == path.as_posix()
    assert record["text"] == gold_text(seed_name)
    assert record["lang"] == "fr"
    assert record["title"] == gold_text(seed_name).split("\n\n")[0]
    assert [{k: t[k] for k in ("caption", "title", "summary")} for t in record["teasers"]] == gold_teasers(seed_name)
    assert [t["position"] for t in record["teasers"]] == list(range(len(record["teasers"])))
    for teaser in record["teasers"]:
        assert set(teaser) == {"position", "caption", "title", "summary", "credit"}
    assert all(c["credit"] for c in record["captions"])
    for removal in record["removed"]:
        assert set(removal) == {"rule", "line", "start", "end"}
        assert removal["rule"] in cleaner.RULES


def test_lead_is_the_paragraph_before_the_dateline() -> None:
    article = cleaner.clean(seed_text("004_0fb64fe6ce5f5458"))
    assert article.lead.startswith("Le président vietnamien Trân Dai Quang et le président russe")
    assert article.captions[0].line == 9
    assert article.captions[0].credit == "VNA"
    assert [c.line for c in article.captions] == [9, 21]


def test_python_dash_m_is_the_same_program(tmp_path: object) -> None:
    seed = FIXTURES / "seeds" / "000_68f3119d27fcff2c.txt"
    done = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(seed)], capture_output=True, check=False)
    assert done.returncode == 0
    assert done.stdout.decode("utf-8") == gold_text("000_68f3119d27fcff2c")
