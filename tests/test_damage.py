"""Damaged text is reported with its own code and never removed."""

from __future__ import annotations

import pytest

import cleaner
from tests.conftest import FIXTURES
from tests.test_seeds import run_main


@pytest.mark.parametrize(
    ("damaged", "code"),
    [
        ("tâches partisanes???? et politiques", "D401"),
        ("la coop\ufffdration", "D402"),
        ("la coopÃ©ration internationale", "D403"),
        ("lâ€™information", "D403"),
    ],
)
def test_damage_is_reported_and_kept(damaged: str, code: str) -> None:
    raw = f"Titre\n\nLe chapeau avec {damaged}.\n\nHanoi (VNA) – Corps.\n"
    article = cleaner.clean(raw)
    assert article.text == raw
    assert article.removed == []
    assert [f.rule for f in article.findings] == [code]
    finding = article.findings[0]
    assert finding.line == 3
    assert article.source[finding.start : finding.end] in damaged


def test_clean_text_in_many_scripts_is_not_damage() -> None:
    raw = (
        "Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản.\n\n越南政府总理会见日本大使。\n\n"
        "Премьер-министр принял посла.\n\nÀ l’occasion du 80ᵉ anniversaire, « Qui ? » a-t-il demandé ?\n"
    )
    assert cleaner.clean(raw).findings == []


def test_damage_is_a_warning_for_check_unless_strict_or_selected() -> None:
    gold = str(FIXTURES / "gold" / "001_f940852706927fa3.clean.txt")
    code, out, _ = run_main(["check", gold])
    assert code == 0
    assert out.startswith(f"{gold}:3:") and " D401 " in out
    assert run_main(["check", "--strict", gold])[0] == 1
    assert run_main(["check", "--select", "D4", gold])[0] == 1
    assert run_main(["check", "--ignore", "D", "--strict", gold]) == (0, "", "")
